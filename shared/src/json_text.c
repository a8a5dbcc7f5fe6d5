#include "koers/json_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY)

void kc_json_text_init(kc_json_text *t, char *stack, size_t cap)
{
    memset(t, 0, sizeof(*t));
    t->buf = stack;
    t->cap = stack != NULL ? cap : 0;
}

void kc_json_text_free(kc_json_text *t)
{
    if (t == NULL)
        return;
    if (t->heap)
        free(t->buf);
    t->buf = NULL;
    t->len = t->cap = 0;
    t->heap = 0;
}

/* Room for n more bytes (and a NUL); 0 when out of memory. */
static int reserve(kc_json_text *t, size_t n)
{
    size_t cap = t->cap ? t->cap : 256;
    char *b;

    if (t->failed)
        return 0;
    if (t->len + n + 1 <= t->cap)
        return 1;
    while (cap < t->len + n + 1)
        cap *= 2;
    b = t->heap ? realloc(t->buf, cap) : malloc(cap);
    if (b == NULL) {
        t->failed = 1;
        return 0;
    }
    if (!t->heap && t->len > 0)
        memcpy(b, t->buf, t->len);
    t->buf = b;
    t->cap = cap;
    t->heap = 1;
    return 1;
}

static void put(kc_json_text *t, const char *s, size_t n)
{
    if (!reserve(t, n))
        return;
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

void kc_json_text_open(kc_json_text *t)
{
    if (t->depth + 1 >= KC_JSON_TEXT_DEPTH) {
        t->failed = 1;
        return;
    }
    put(t, "{", 1);
    t->members[++t->depth] = 0;
}

void kc_json_text_close(kc_json_text *t)
{
    if (t->depth <= 0) {
        t->failed = 1;
        return;
    }
    put(t, "}", 1);
    t->depth--;
}

/* s[0..n) in quotes, escaped as Jansson's dump_string escapes without
 * JSON_ESCAPE_SLASH or JSON_ENSURE_ASCII: '"', '\\' and the control
 * characters; UTF-8 passes as it is. */
static void put_string(kc_json_text *t, const char *s, size_t n)
{
    size_t i, from = 0;
    char seq[8];
    const char *esc;

    put(t, "\"", 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c != '"' && c != '\\' && c >= 0x20)
            continue;
        put(t, s + from, i - from);
        switch (c) {
        case '"':
            esc = "\\\"";
            break;
        case '\\':
            esc = "\\\\";
            break;
        case '\b':
            esc = "\\b";
            break;
        case '\f':
            esc = "\\f";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\t':
            esc = "\\t";
            break;
        default:
            snprintf(seq, sizeof(seq), "\\u%04X", (unsigned int)c);
            esc = seq;
            break;
        }
        put(t, esc, strlen(esc));
        from = i + 1;
    }
    put(t, s + from, n - from);
    put(t, "\"", 1);
}

void kc_json_text_key(kc_json_text *t, const char *name)
{
    if (t->members[t->depth])
        put(t, ",", 1);
    t->members[t->depth] = 1;
    put_string(t, name, strlen(name));
    put(t, ":", 1);
}

void kc_json_text_string(kc_json_text *t, const char *s)
{
    if (s == NULL)
        kc_json_text_null(t);
    else
        put_string(t, s, strlen(s));
}

void kc_json_text_string_or_null(kc_json_text *t, const char *s)
{
    kc_json_text_string(t, s != NULL && s[0] != '\0' ? s : NULL);
}

void kc_json_text_null(kc_json_text *t)
{
    put(t, "null", 4);
}

void kc_json_text_int(kc_json_text *t, long long v)
{
    char num[24];
    int n = snprintf(num, sizeof(num), "%lld", v);

    put(t, num, (size_t)n);
}

void kc_json_text_value(kc_json_text *t, const json_t *v)
{
    size_t n, room;

    if (v == NULL) {
        kc_json_text_null(t);
        return;
    }
    if (t->failed)
        return;
    /* dumped in place when it fits, else again after the buffer grew */
    room = t->cap > t->len ? t->cap - t->len - 1 : 0;
    n = json_dumpb(v, room ? t->buf + t->len : NULL, room, DUMP_FLAGS);
    if (n > room && (!reserve(t, n) || json_dumpb(v, t->buf + t->len, n, DUMP_FLAGS) != n))
        n = 0;
    if (n == 0) {
        t->failed = 1;
        return;
    }
    t->len += n;
    t->buf[t->len] = '\0';
}
