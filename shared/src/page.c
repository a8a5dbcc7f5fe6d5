#include "koers/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_LIMIT_DEFAULT 20
#define PAGE_LIMIT_MAX     100
#define CURSOR_MAX         512

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* base64url without padding of "<key>|<id>". NULL on allocation failure. */
char *kc_cursor_encode(const char *key, const char *id)
{
    size_t klen = strlen(key ? key : ""), ilen = strlen(id ? id : "");
    size_t n = klen + 1 + ilen, i, o = 0;
    unsigned char *raw = malloc(n + 1);
    char *out = malloc((n + 2) / 3 * 4 + 1);
    unsigned int v;

    if (raw == NULL || out == NULL) {
        free(out);
        out = NULL;
        goto out;
    }
    memcpy(raw, key ? key : "", klen);
    raw[klen] = '|';
    memcpy(raw + klen + 1, id ? id : "", ilen);
    for (i = 0; i + 2 < n; i += 3) {
        v = (unsigned)raw[i] << 16 | (unsigned)raw[i + 1] << 8 | raw[i + 2];
        out[o++] = b64url[(v >> 18) & 63];
        out[o++] = b64url[(v >> 12) & 63];
        out[o++] = b64url[(v >> 6) & 63];
        out[o++] = b64url[v & 63];
    }
    if (n - i == 1) {
        v = (unsigned)raw[i] << 16;
        out[o++] = b64url[(v >> 18) & 63];
        out[o++] = b64url[(v >> 12) & 63];
    } else if (n - i == 2) {
        v = (unsigned)raw[i] << 16 | (unsigned)raw[i + 1] << 8;
        out[o++] = b64url[(v >> 18) & 63];
        out[o++] = b64url[(v >> 12) & 63];
        out[o++] = b64url[(v >> 6) & 63];
    }
    out[o] = '\0';
out:
    free(raw);
    return out;
}

static int b64_value(char c)
{
    const char *p = c ? strchr(b64url, c) : NULL;

    return p ? (int)(p - b64url) : -1;
}

/* Decodes a cursor into page->after_key / after_id and sets has_cursor.
 * 0 on success, -1 for anything that this server did not produce. */
int kc_cursor_decode(const char *cursor, kc_page *page)
{
    unsigned char raw[CURSOR_MAX];
    size_t len, i, o = 0, klen;
    unsigned int acc = 0;
    int bits = 0, v;
    const unsigned char *bar;

    if (cursor == NULL || page == NULL)
        return -1;
    len = strlen(cursor);
    if (len == 0 || len > CURSOR_MAX || len % 4 == 1)
        return -1;
    for (i = 0; i < len; i++) {
        v = b64_value(cursor[i]);
        if (v < 0)
            return -1;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            raw[o++] = (unsigned char)(acc >> bits);
        }
    }
    if ((acc & ((1u << bits) - 1)) != 0)
        return -1; /* non-canonical trailing bits */
    bar = NULL;
    for (i = 0; i < o; i++) {
        if (raw[i] < 0x20 || raw[i] == 0x7f)
            return -1;
        if (raw[i] == '|')
            bar = raw + i;
    }
    if (bar == NULL)
        return -1;
    klen = (size_t)(bar - raw);
    if (klen == 0 || klen >= sizeof(page->after_key) || o - klen - 1 == 0 ||
        o - klen - 1 >= sizeof(page->after_id))
        return -1;
    for (i = klen + 1; i < o; i++) {
        unsigned char c = raw[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-'))
            return -1;
    }
    memcpy(page->after_key, raw, klen);
    page->after_key[klen] = '\0';
    memcpy(page->after_id, bar + 1, o - klen - 1);
    page->after_id[o - klen - 1] = '\0';
    page->has_cursor = 1;
    return 0;
}

/* Reads ?limit (1..100, default 20) and ?cursor. */
kc_status kc_page_read(const kc_ctx *ctx, kc_page *page, kc_problem *pb)
{
    static const kc_field limit_field = {
        .name = "limit", .type = KC_T_INT, .min = 1, .max = PAGE_LIMIT_MAX};
    const char *limit = kc_query(ctx, "limit");
    const char *cursor = kc_query(ctx, "cursor");
    char reason[128];

    memset(page, 0, sizeof(*page));
    page->limit = PAGE_LIMIT_DEFAULT;
    if (limit != NULL) {
        if (!kc_validate_value(&limit_field, limit, reason, sizeof(reason))) {
            kc_problem_add_field(pb, "limit", "must be an integer between 1 and 100");
            return kc_problem_set(pb, KC_BAD_REQUEST, "limit must be an integer in 1..100");
        }
        page->limit = atoi(limit);
    }
    if (cursor != NULL && kc_cursor_decode(cursor, page) != 0) {
        memset(page->after_key, 0, sizeof(page->after_key));
        memset(page->after_id, 0, sizeof(page->after_id));
        page->has_cursor = 0;
        kc_problem_add_field(pb, "cursor", "is not a cursor this API handed out");
        return kc_problem_set(pb, KC_BAD_REQUEST, "cursor is not valid");
    }
    return KC_OK;
}

static void put_encoded(FILE *f, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p;

    for (p = (const unsigned char *)s; *p != '\0'; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~')
            fputc(*p, f);
        else
            fprintf(f, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
}

/* The request's query string re-encoded; with `cursor` != NULL the cursor
 * parameter is replaced by it. Caller frees. */
static char *build_query(const kc_ctx *ctx, const char *cursor)
{
    const char **keys = u_map_enum_keys(ctx->req->map_url);
    char *buf = NULL;
    size_t len = 0, k;
    FILE *f = open_memstream(&buf, &len);
    int first = 1;
    const char *v;

    if (f == NULL)
        return NULL;
    for (k = 0; keys != NULL && keys[k] != NULL; k++) {
        if (cursor != NULL && strcmp(keys[k], "cursor") == 0)
            continue;
        v = kc_query(ctx, keys[k]);
        if (v == NULL)
            continue; /* a path parameter */
        fputs(first ? "" : "&", f);
        put_encoded(f, keys[k]);
        fputc('=', f);
        put_encoded(f, v);
        first = 0;
    }
    if (cursor != NULL) {
        fputs(first ? "cursor=" : "&cursor=", f);
        put_encoded(f, cursor);
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static json_t *href(const char *url)
{
    return json_pack("{s:s}", "href", url ? url : "");
}

/* {"items", "_links": {"self", "next"?}}; steals items. */
json_t *kc_page_body(const kc_ctx *ctx, json_t *items, const char *next_key, const char *next_id)
{
    json_t *body = NULL, *links = NULL;
    char *query = NULL, *url = NULL, *cursor = NULL;

    links = json_object();
    body = json_object();
    if (links == NULL || body == NULL || items == NULL)
        goto fail;
    query = build_query(ctx, NULL);
    url = kc_self_url(ctx, query);
    json_object_set_new(links, "self", href(url));
    free(query);
    free(url);
    query = url = NULL;
    if (next_key != NULL && next_id != NULL) {
        cursor = kc_cursor_encode(next_key, next_id);
        query = cursor ? build_query(ctx, cursor) : NULL;
        url = kc_self_url(ctx, query);
        json_object_set_new(links, "next", href(url));
    }
    json_object_set_new(body, "items", items);
    json_object_set_new(body, "_links", links);
    goto out;
fail:
    json_decref(items);
    json_decref(links);
    json_decref(body);
    body = NULL;
out:
    free(query);
    free(url);
    free(cursor);
    return body;
}

static const kc_field kc_page_fields[] = {
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
    {.name = "cursor", .type = KC_T_STRING, .max_len = 512},
};

void kc_page_keyset(const kc_page *kp, kc_keyset *in)
{
    in->limit = kp->limit;
    in->after_key = kp->has_cursor ? kp->after_key : NULL;
    in->after_id = kp->has_cursor ? kp->after_id : NULL;
}

kc_status kc_page_query(kc_ctx *ctx, const kc_field *fields, size_t nfields, kc_page *kp,
                        kc_keyset *in, kc_problem *pb)
{
    kc_status st;

    if (fields == NULL) {
        fields = kc_page_fields;
        nfields = KC_NELEMS(kc_page_fields);
    }
    st = kc_validate_query(ctx, fields, nfields, pb);
    if (st == KC_OK)
        st = kc_page_read(ctx, kp, pb);
    if (st == KC_OK)
        kc_page_keyset(kp, in);
    return st;
}

kc_status kc_seq_page_read(kc_ctx *ctx, const char *parent_id, const char *what, kc_page *kp,
                           long long *after, kc_problem *pb)
{
    char reason[64];
    kc_status st;

    *after = 0;
    st = kc_validate_query(ctx, kc_page_fields, KC_NELEMS(kc_page_fields), pb);
    if (st == KC_OK)
        st = kc_page_read(ctx, kp, pb);
    if (st != KC_OK || !kp->has_cursor)
        return st;
    *after = strtoll(kp->after_key, NULL, 10);
    if (*after <= 0 || parent_id == NULL || strcmp(kp->after_id, parent_id) != 0) {
        *after = 0;
        snprintf(reason, sizeof(reason), "not a cursor of this %s", what);
        kc_problem_add_field(pb, "cursor", reason);
        return kc_problem_set(pb, KC_BAD_REQUEST, "the cursor is not one of this %s", what);
    }
    return KC_OK;
}

kc_status kc_respond_seq_page(kc_ctx *ctx, json_t *items, int has_more, long long last,
                              const char *parent_id)
{
    char key[24];
    json_t *body;

    snprintf(key, sizeof(key), "%lld", last);
    body = kc_page_body(ctx, items, has_more ? key : NULL, has_more ? parent_id : NULL);
    if (body == NULL)
        return KC_INTERNAL;
    return kc_respond_json(ctx, 200, body);
}

kc_status kc_respond_page(kc_ctx *ctx, json_t *items, const kc_keyset_next *next)
{
    json_t *body;

    body = kc_page_body(ctx, items, next->has_more ? next->key : NULL,
                        next->has_more ? next->id : NULL);
    if (body == NULL)
        return KC_INTERNAL;
    return kc_respond_json(ctx, 200, body);
}

kc_status kc_http_list_on(kc_ctx *ctx, kc_list_on_fn fn, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    json_t *items = NULL;
    kc_status st;

    st = kc_page_query(ctx, NULL, 0, &kp, &page, pb);
    if (st == KC_OK)
        st = fn(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &page, &items, &next,
                pb);
    if (st == KC_OK)
        return kc_respond_page(ctx, items, &next);
    json_decref(items);
    return st;
}

kc_status kc_after_page_read(kc_ctx *ctx, const kc_field *fields, size_t nfields, int limit_default,
                             long long *after, int *limit, kc_problem *pb)
{
    const char *v;
    kc_status st;

    *after = 0;
    *limit = limit_default;
    st = kc_validate_query(ctx, fields, nfields, pb);
    if (st != KC_OK)
        return st;
    if ((v = kc_query(ctx, "after")) != NULL)
        *after = strtoll(v, NULL, 10);
    if ((v = kc_query(ctx, "limit")) != NULL)
        *limit = (int)strtol(v, NULL, 10);
    return KC_OK;
}

/* {"href": this URL with after, limit and extra} (new reference). */
static json_t *after_link(const kc_ctx *ctx, long long after, int limit, const char *extra)
{
    char query[160];
    char *url = NULL;
    json_t *link = NULL;

    if (extra != NULL)
        snprintf(query, sizeof(query), "after=%lld&limit=%d&%s", after, limit, extra);
    else
        snprintf(query, sizeof(query), "after=%lld&limit=%d", after, limit);
    url = kc_self_url(ctx, query);
    if (url != NULL)
        link = json_pack("{s:s}", "href", url);
    free(url);
    return link;
}

kc_status kc_respond_after_page(kc_ctx *ctx, json_t *items, long long after, int limit,
                                const char *extra, int has_more, long long last, kc_problem *pb)
{
    json_t *links = NULL, *body = NULL;
    kc_status st;

    links = json_object();
    if (items == NULL || links == NULL ||
        json_object_set_new(links, "self", after_link(ctx, after, limit, extra)) != 0 ||
        (has_more &&
         json_object_set_new(links, "next", after_link(ctx, last, limit, extra)) != 0)) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    body = json_pack("{s:o, s:o}", "items", items, "_links", links);
    items = links = NULL;
    st = body != NULL ? kc_respond_json(ctx, 200, body)
                      : kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    json_decref(items);
    json_decref(links);
    return st;
}
