#include "route_table.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_SEGMENTS   32  /* a request with more segments can only meet a "*" route */
#define BIND_VALUE_MAX 256 /* longer values take Ulfius' own path */
#define BIND_NAME_MAX  64

/* Ulfius' own binding (u_private.h, exported by libulfius 2.7): the slow
 * path below, for the rare segment that needs decoding, so that those
 * answer exactly as before. */
int ulfius_parse_url(const char *url, const struct _u_endpoint *endpoint, struct _u_map *map,
                     int check_utf8);

typedef struct seg {
    const char *s;
    size_t len;
} seg;

typedef struct table_route {
    const kc_route *route;
    size_t first; /* its segments: t->segs[first .. first + nseg) */
    size_t nseg;
    int wild; /* the last segment is "*" */
} table_route;

struct kc_route_table {
    table_route *routes;
    size_t n;
    seg *segs;
    /* the routes of each segment count, in table order; "*" routes apart */
    size_t *by_count[MAX_SEGMENTS + 1];
    size_t count_len[MAX_SEGMENTS + 1];
    size_t *wild;
    size_t nwild;
};

/* The next '/'-separated word of *p as strtok finds it (empty ones
 * skipped): start and length; 0 at the end. */
static int next_word(const char **p, seg *out)
{
    const char *q = *p;

    while (*q == '/')
        q++;
    if (*q == '\0')
        return 0;
    out->s = q;
    while (*q != '\0' && *q != '/')
        q++;
    out->len = (size_t)(q - out->s);
    *p = q;
    return 1;
}

static size_t count_words(const char *path)
{
    seg w;
    size_t n = 0;

    while (next_word(&path, &w))
        n++;
    return n;
}

kc_route_table *kc_route_table_new(const kc_route *const *routes, size_t n)
{
    kc_route_table *t = calloc(1, sizeof(*t));
    size_t i, total = 0, at = 0, c;
    const char *p;
    table_route *r;

    if (t == NULL)
        goto fail;
    t->n = n;
    t->routes = calloc(n ? n : 1, sizeof(*t->routes));
    if (t->routes == NULL)
        goto fail;
    for (i = 0; i < n; i++)
        total += count_words(routes[i]->path);
    t->segs = calloc(total ? total : 1, sizeof(*t->segs));
    if (t->segs == NULL)
        goto fail;
    for (i = 0; i < n; i++) {
        r = &t->routes[i];
        r->route = routes[i];
        r->first = at;
        p = routes[i]->path;
        while (next_word(&p, &t->segs[at]))
            at++;
        r->nseg = at - r->first;
        r->wild = r->nseg > 0 && t->segs[at - 1].s[0] == '*';
        if (r->wild)
            t->nwild++;
        else if (r->nseg <= MAX_SEGMENTS)
            t->count_len[r->nseg]++;
    }
    t->wild = calloc(t->nwild ? t->nwild : 1, sizeof(*t->wild));
    if (t->wild == NULL)
        goto fail;
    for (c = 0; c <= MAX_SEGMENTS; c++) {
        t->by_count[c] = calloc(t->count_len[c] ? t->count_len[c] : 1, sizeof(size_t));
        if (t->by_count[c] == NULL)
            goto fail;
        t->count_len[c] = 0;
    }
    t->nwild = 0;
    for (i = 0; i < n; i++) {
        r = &t->routes[i];
        if (r->wild)
            t->wild[t->nwild++] = i;
        else if (r->nseg <= MAX_SEGMENTS)
            t->by_count[r->nseg][t->count_len[r->nseg]++] = i;
    }
    return t;
fail:
    kc_route_table_free(t);
    return NULL;
}

void kc_route_table_free(kc_route_table *t)
{
    size_t c;

    if (t == NULL)
        return;
    for (c = 0; c <= MAX_SEGMENTS; c++)
        free(t->by_count[c]);
    free(t->wild);
    free(t->segs);
    free(t->routes);
    free(t);
}

static int method_matches(const char *route_method, const char *method)
{
    return route_method[0] == '*' || strcasecmp(route_method, method) == 0;
}

/* Does route r match the request's words w[0..nw)? As Ulfius'
 * ulfius_url_format_match. */
static int words_match(const kc_route_table *t, const table_route *r, const seg *w, size_t nw)
{
    const seg *f = t->segs + r->first;
    size_t i;

    for (i = 0; i < r->nseg; i++) {
        if (f[i].s[0] == '*' && i + 1 == r->nseg)
            return 1;
        if (i >= nw)
            return 0;
        if (f[i].s[0] == ':' || f[i].s[0] == '@')
            continue;
        if (f[i].len != w[i].len || memcmp(f[i].s, w[i].s, w[i].len) != 0)
            return 0;
    }
    return i == nw;
}

long kc_route_table_match(const kc_route_table *t, const char *method, const char *path)
{
    seg w[MAX_SEGMENTS + 1];
    const char *p = path;
    size_t nw = 0, i, k;
    seg one;
    long best = -1;

    if (t == NULL || method == NULL || path == NULL)
        return -1;
    /* the request's words as Ulfius' ulfius_split_url keeps them: empty
     * ones and those starting with '?' left out */
    while (next_word(&p, &one)) {
        if (one.s[0] == '?')
            continue;
        if (nw <= MAX_SEGMENTS)
            w[nw] = one;
        nw++;
    }
    if (nw <= MAX_SEGMENTS) {
        for (k = 0; k < t->count_len[nw]; k++) {
            i = t->by_count[nw][k];
            if (method_matches(t->routes[i].route->method, method) &&
                words_match(t, &t->routes[i], w, nw)) {
                best = (long)i;
                break;
            }
        }
    }
    /* a "*" route earlier in the table wins, as in Ulfius; it sees only
     * the words kept above (MAX_SEGMENTS of them at most) */
    for (k = 0; k < t->nwild && (best < 0 || t->wild[k] < (size_t)best); k++) {
        i = t->wild[k];
        if (method_matches(t->routes[i].route->method, method) &&
            words_match(t, &t->routes[i], w, nw <= MAX_SEGMENTS ? nw : MAX_SEGMENTS)) {
            best = (long)i;
            break;
        }
    }
    return best;
}

/* Can value be bound as it stands: nothing Ulfius would decode, plain
 * ASCII (so certainly UTF-8), short enough for the buffer? */
static int plain_value(const seg *v)
{
    size_t i;

    if (v->len >= BIND_VALUE_MAX)
        return 0;
    for (i = 0; i < v->len; i++) {
        unsigned char c = (unsigned char)v->s[i];
        if (c == '%' || c == '+' || c >= 0x80)
            return 0;
    }
    return 1;
}

/* Ulfius' own binding of route r, for what the fast path leaves. */
static int bind_as_ulfius(const table_route *r, const char *path, struct _u_map *map)
{
    struct _u_endpoint ep;

    memset(&ep, 0, sizeof(ep));
    ep.http_method = (char *)r->route->method;
    ep.url_format = (char *)r->route->path;
    return ulfius_parse_url(path, &ep, map, 1) == U_OK ? 0 : -1;
}

int kc_route_table_bind(const kc_route_table *t, long index, const char *path, struct _u_map *map)
{
    const table_route *r;
    const seg *f;
    seg w[MAX_SEGMENTS];
    const char *p = path;
    char name[MAX_SEGMENTS][BIND_NAME_MAX];
    char value[BIND_VALUE_MAX];
    size_t nw = 0, i, j;
    seg one;

    if (t == NULL || index < 0 || (size_t)index >= t->n || path == NULL)
        return -1;
    r = &t->routes[index];
    f = t->segs + r->first;
    /* Ulfius pairs the route's words with the path's as strtok finds them
     * (a word starting with '?' counts here); a value it would decode or
     * check, or one it would append to another, goes to Ulfius itself */
    while (nw < r->nseg && nw < MAX_SEGMENTS && next_word(&p, &one)) {
        if (one.s[0] == '?')
            return bind_as_ulfius(r, path, map);
        w[nw++] = one;
    }
    for (i = 0; i < nw; i++) {
        name[i][0] = '\0';
        if (f[i].s[0] != ':' && f[i].s[0] != '@')
            continue;
        if (!plain_value(&w[i]) || f[i].len < 2 || f[i].len >= BIND_NAME_MAX)
            return bind_as_ulfius(r, path, map);
        memcpy(name[i], f[i].s + 1, f[i].len - 1);
        name[i][f[i].len - 1] = '\0';
        if (u_map_has_key(map, name[i]))
            return bind_as_ulfius(r, path, map);
        for (j = 0; j < i; j++)
            if (strcmp(name[j], name[i]) == 0)
                return bind_as_ulfius(r, path, map);
    }
    for (i = 0; i < nw; i++) {
        if (name[i][0] == '\0')
            continue;
        memcpy(value, w[i].s, w[i].len);
        value[w[i].len] = '\0';
        if (u_map_put(map, name[i], value) != U_OK)
            return -1;
    }
    return 0;
}
