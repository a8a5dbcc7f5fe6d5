/* The route/spec contract: a route table and an OpenAPI document describe
 * the same operations. See koers/routes_spec.h. */
#include "koers/routes_spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>

/* The operation keys of an OpenAPI path item (other keys are parameters,
 * servers, summary, ...). */
static const char *const spec_methods[] = {"get",     "put",  "post",  "delete",
                                           "options", "head", "patch", "trace"};

#define SPEC_NMETHODS (sizeof(spec_methods) / sizeof(spec_methods[0]))

/* One documented operation: upper-case method, full path, its
 * x-koers-access (borrowed from the document; NULL when it has none),
 * routed yet? */
typedef struct spec_op {
    char method[8];
    char *path;
    const json_t *access;
    int routed;
} spec_op;

/* The path part of the first URL of servers ("" when none or the URL has
 * no path), without a trailing '/'. New string. */
static char *spec_server_base(const json_t *servers)
{
    const char *url = json_string_value(json_object_get(json_array_get(servers, 0), "url"));
    const char *p = url, *scheme;
    size_t n;

    if (url == NULL)
        return strdup("");
    scheme = strstr(url, "://");
    if (scheme != NULL) {
        p = strchr(scheme + 3, '/');
        if (p == NULL)
            p = "";
    }
    n = strcspn(p, "?#");
    while (n > 0 && p[n - 1] == '/')
        n--;
    return strndup(p, n);
}

/* path with every ":name" (or Ulfius "@name") segment written "{name}".
 * New string. */
static char *spec_openapi_form(const char *path)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    const char *p = path;
    size_t n;

    if (f == NULL)
        return NULL;
    while (*p != '\0') {
        if (*p == '/') {
            fputc(*p++, f);
            continue;
        }
        n = strcspn(p, "/");
        if (p[0] == ':' || p[0] == '@')
            fprintf(f, "{%.*s}", (int)(n - 1), p + 1);
        else
            fprintf(f, "%.*s", (int)n, p);
        p += n;
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* An endpoint kc_server_create adds to every service by itself. */
static int spec_is_builtin(const char *method, const char *path, const char *base)
{
    static const char *const ops[] = {"/healthz", "/readyz", "/metrics"};
    size_t i, n = strlen(base);

    if (strcasecmp(method, "GET") != 0)
        return 0;
    for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        if (strcmp(path, ops[i]) == 0)
            return 1;
    return strncmp(path, base, n) == 0 && strcmp(path + n, "/openapi.json") == 0;
}

/* Appends the operations of one path item to ops (*nops of them). */
static kc_status spec_collect(const char *key, const json_t *item, const char *doc_base,
                              spec_op *ops, size_t *nops)
{
    const json_t *servers = json_object_get(item, "servers");
    char *base = NULL;
    spec_op *op;
    size_t i, j;
    kc_status st = KC_INTERNAL;

    base = json_array_size(servers) > 0 ? spec_server_base(servers) : strdup(doc_base);
    if (base == NULL)
        goto out;
    for (i = 0; i < SPEC_NMETHODS; i++) {
        if (json_object_get(item, spec_methods[i]) == NULL)
            continue;
        op = &ops[(*nops)++];
        op->access = json_object_get(json_object_get(item, spec_methods[i]), "x-koers-access");
        for (j = 0; spec_methods[i][j] != '\0'; j++)
            op->method[j] = (char)(spec_methods[i][j] - 'a' + 'A');
        op->method[j] = '\0';
        if (asprintf(&op->path, "%s%s", base, key) < 0) {
            op->path = NULL;
            goto out;
        }
    }
    st = KC_OK;
out:
    free(base);
    return st;
}

/* The documented operations of doc: *ops (free with spec_ops_free). */
static kc_status spec_operations(const json_t *doc, const json_t *paths, spec_op **ops,
                                 size_t *nops)
{
    const char *key;
    const json_t *item;
    char *doc_base = NULL;
    kc_status st = KC_INTERNAL;

    *ops = calloc(json_object_size(paths) * SPEC_NMETHODS + 1, sizeof(**ops));
    *nops = 0;
    doc_base = spec_server_base(json_object_get(doc, "servers"));
    if (*ops == NULL || doc_base == NULL)
        goto out;
    json_object_foreach((json_t *)paths, key, item)
    {
        st = spec_collect(key, item, doc_base, *ops, nops);
        if (st != KC_OK)
            goto out;
    }
    st = KC_OK;
out:
    free(doc_base);
    return st;
}

static void spec_ops_free(spec_op *ops, size_t nops)
{
    size_t i;

    for (i = 0; ops != NULL && i < nops; i++)
        free(ops[i].path);
    free(ops);
}

/* Is the word w (n bytes) one of the space-separated list? */
static int spec_words_have(const char *list, const char *w, size_t n)
{
    const char *p = list;
    size_t len;

    while (p != NULL && *p != '\0') {
        p += strspn(p, " ");
        len = strcspn(p, " ");
        if (len == n && len > 0 && strncmp(p, w, n) == 0)
            return 1;
        p += len;
    }
    return 0;
}

/* Compares the set of space-separated words `want` (NULL: none) with the
 * list `have` of an x-koers-access (NULL: none), as sets; one line to f
 * naming both when they differ. Returns the number of faults (0 or 1). */
static int spec_set_compare(const char *method, const char *path, const char *what,
                            const char *want, const json_t *have, FILE *f)
{
    const json_t *v;
    const char *s, *p = want;
    size_t i, j, len;
    int differ = 0;

    if (have != NULL && !json_is_array(have)) {
        fprintf(f, "%s %s: x-koers-access %s is not a list\n", method, path, what);
        return 1;
    }
    json_array_foreach((json_t *)have, i, v)
    {
        s = json_string_value(v);
        if (s == NULL || !spec_words_have(want, s, strlen(s)))
            differ = 1;
        for (j = 0; j < i && !differ; j++)
            if (json_equal(json_array_get(have, j), (json_t *)v))
                differ = 1;
    }
    while (p != NULL && *p != '\0' && !differ) {
        p += strspn(p, " ");
        len = strcspn(p, " ");
        for (i = 0; len > 0 && i < json_array_size(have); i++) {
            s = json_string_value(json_array_get(have, i));
            if (s != NULL && strlen(s) == len && strncmp(s, p, len) == 0)
                break;
        }
        if (len > 0 && i == json_array_size(have))
            differ = 1;
        p += len;
    }
    if (!differ)
        return 0;
    fprintf(f, "%s %s: x-koers-access %s [", method, path, what);
    json_array_foreach((json_t *)have, i, v)
    {
        s = json_string_value(v);
        fprintf(f, "%s%s", i > 0 ? " " : "", s != NULL ? s : "(not a string)");
    }
    fprintf(f, "], the route admits [%s]\n", want != NULL ? want : "");
    return 1;
}

/* Compares the access r declares with the x-koers-access of the
 * operation op documents; one line to f per difference. Returns how many. */
static int spec_access_compare(const kc_route *r, const spec_op *op, FILE *f)
{
    const json_t *acc = op->access, *pub;
    const char *key;
    const json_t *v;
    char *roles = NULL;
    int faults = 0;

    if (!json_is_object(acc)) {
        fprintf(f, "%s %s: no x-koers-access\n", op->method, op->path);
        return 1;
    }
    json_object_foreach((json_t *)acc, key, v)
    {
        if (strcmp(key, "public") != 0 && strcmp(key, "roles") != 0 && strcmp(key, "scopes") != 0) {
            fprintf(f, "%s %s: x-koers-access has an unknown member \"%s\"\n", op->method, op->path,
                    key);
            faults++;
        }
    }
    pub = json_object_get(acc, "public");
    if ((pub != NULL && !json_is_boolean(pub)) || json_is_true(pub) != (r->access.is_public != 0)) {
        fprintf(f, "%s %s: x-koers-access says %spublic, the route is %spublic\n", op->method,
                op->path, json_is_true(pub) ? "" : "not ", r->access.is_public ? "" : "not ");
        faults++;
    }
    /* kc_authorize admits admin wherever some staff role is admitted */
    if (r->access.roles != NULL && r->access.roles[0] != '\0' &&
        !spec_words_have(r->access.roles, "admin", 5) &&
        asprintf(&roles, "%s admin", r->access.roles) < 0)
        return -1;
    faults +=
        spec_set_compare(op->method, op->path, "roles", roles != NULL ? roles : r->access.roles,
                         json_object_get(acc, "roles"), f);
    faults += spec_set_compare(op->method, op->path, "scopes", r->access.scope,
                               json_object_get(acc, "scopes"), f);
    free(roles);
    return faults;
}

/* Compares the routes with ops, writing one line per difference to f;
 * returns how many there were, -1 when out of memory. */
static int spec_compare(const kc_route *routes, size_t nroutes, spec_op *ops, size_t nops,
                        const char *base, FILE *f)
{
    char **forms = calloc(nroutes + 1, sizeof(*forms));
    const kc_route *r;
    size_t i, j;
    int faults = -1, k;

    if (forms == NULL)
        goto out;
    faults = 0;
    for (i = 0; i < nroutes; i++) {
        r = &routes[i];
        if (r->method == NULL || r->path == NULL) {
            fprintf(f, "route %zu: no method or path\n", i);
            faults++;
            continue;
        }
        forms[i] = spec_openapi_form(r->path);
        if (forms[i] == NULL) {
            faults = -1;
            goto out;
        }
        if (spec_is_builtin(r->method, forms[i], base))
            continue;
        if (r->name == NULL || strcmp(r->name, forms[i]) != 0) {
            fprintf(f, "%s %s: named \"%s\", not \"%s\"\n", r->method, r->path,
                    r->name ? r->name : "(none)", forms[i]);
            faults++;
        }
        for (j = 0; j < i; j++)
            if (forms[j] != NULL && strcasecmp(routes[j].method, r->method) == 0 &&
                strcmp(forms[j], forms[i]) == 0)
                break;
        if (j < i) {
            fprintf(f, "%s %s: routed twice\n", r->method, r->path);
            faults++;
            continue;
        }
        for (j = 0; j < nops; j++)
            if (strcasecmp(ops[j].method, r->method) == 0 && strcmp(ops[j].path, forms[i]) == 0)
                break;
        if (j == nops) {
            fprintf(f, "%s %s: routed, not documented\n", r->method, forms[i]);
            faults++;
            continue;
        }
        ops[j].routed = 1;
        k = spec_access_compare(r, &ops[j], f);
        if (k < 0) {
            faults = -1;
            goto out;
        }
        faults += k;
    }
    for (j = 0; j < nops; j++) {
        if (ops[j].routed || spec_is_builtin(ops[j].method, ops[j].path, base))
            continue;
        fprintf(f, "%s %s: documented, not routed\n", ops[j].method, ops[j].path);
        faults++;
    }
out:
    for (i = 0; forms != NULL && i < nroutes; i++)
        free(forms[i]);
    free(forms);
    return faults;
}

kc_status kc_routes_spec_check(const kc_route *routes, size_t nroutes, const char *openapi_json,
                               char **report)
{
    json_t *doc = NULL;
    const json_t *paths;
    json_error_t jerr;
    spec_op *ops = NULL;
    size_t nops = 0;
    char *base = NULL, *buf = NULL;
    size_t len = 0;
    FILE *f = NULL;
    int faults = 0;
    kc_status st = KC_INTERNAL;

    *report = NULL;
    f = open_memstream(&buf, &len);
    if (f == NULL)
        goto out;
    doc = openapi_json ? json_loads(openapi_json, 0, &jerr) : NULL;
    paths = json_object_get(doc, "paths");
    if (!json_is_object(paths)) {
        fprintf(f, "the OpenAPI document is not JSON with \"paths\"%s%s\n", doc ? "" : ": ",
                doc ? "" : (openapi_json ? jerr.text : "none given"));
        st = KC_BAD_REQUEST;
        goto out;
    }
    base = spec_server_base(json_object_get(doc, "servers"));
    if (base == NULL || spec_operations(doc, paths, &ops, &nops) != KC_OK)
        goto out;
    faults = spec_compare(routes, nroutes, ops, nops, base, f);
    if (faults >= 0)
        st = faults == 0 ? KC_OK : KC_INVALID;
out:
    if (f != NULL && fclose(f) == 0 && st != KC_INTERNAL)
        *report = buf;
    else
        free(buf);
    spec_ops_free(ops, nops);
    free(base);
    json_decref(doc);
    return st;
}
