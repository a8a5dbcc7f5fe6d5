/* Black-box tests of the HTTP core: a real kc_server on a free loopback
 * port, spoken to over raw sockets. The server has no database or relay;
 * its authenticator knows JWTs only. The declared access of routes is also
 * tested without a network (kc_route_admit, kc_routes_check). */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "koers/http.h"
#include "koers/idempotency.h"
#include "koers/log.h"

/* ---- the service under test -------------------------------------------- */

static kc_status get_item(kc_ctx *ctx, kc_problem *pb)
{
    (void)pb;
    kc_set_etag(ctx, 7);
    return kc_respond_json(ctx, 200, json_pack("{s:s}", "id", kc_path_param(ctx, "id")));
}

static const kc_field item_fields[] = {
    {.name = "name", .type = KC_T_STRING, .required = 1, .max_len = 10},
};

static kc_status post_item(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    kc_status st = kc_read_json_body(ctx, &body, pb);

    if (st == KC_OK)
        st = kc_validate_json(body, item_fields, 1, pb);
    if (st == KC_OK)
        st = kc_respond_json(ctx, 201, json_pack("{s:O}", "name", json_object_get(body, "name")));
    json_decref(body);
    return st;
}

static kc_status conflict(kc_ctx *ctx, kc_problem *pb)
{
    (void)ctx;
    kc_problem_set_extra(pb, "allowedTransitions", json_pack("[s]", "in_progress"));
    return kc_problem_set(pb, KC_CONFLICT, "cannot go from closed to assigned");
}

static kc_status boom(kc_ctx *ctx, kc_problem *pb)
{
    (void)ctx;
    return kc_problem_set(pb, KC_INTERNAL, "secret internal cause");
}

static kc_status bare_status(kc_ctx *ctx, kc_problem *pb)
{
    (void)ctx;
    (void)pb;
    return KC_FORBIDDEN;
}

static kc_status slow(kc_ctx *ctx, kc_problem *pb)
{
    struct timespec t = {0, 400 * 1000 * 1000};

    (void)pb;
    nanosleep(&t, NULL);
    return kc_respond_json(ctx, 200, json_pack("{s:b}", "slow", 1));
}

static kc_status query(kc_ctx *ctx, kc_problem *pb)
{
    static const kc_field qf[] = {{.name = "limit", .type = KC_T_INT, .min = 1, .max = 100}};
    kc_status st = kc_validate_query(ctx, qf, 1, pb);

    if (st != KC_OK)
        return st;
    return kc_respond_empty(ctx, 204);
}

/* How often a handler behind a declared access ran: a refused caller must
 * never reach it. */
static atomic_int guarded_runs;

static kc_status guarded(kc_ctx *ctx, kc_problem *pb)
{
    (void)pb;
    atomic_fetch_add(&guarded_runs, 1);
    return kc_respond_json(ctx, 200, json_pack("{s:s}", "subject", ctx->principal.subject));
}

/* The services behind the handlers of reads and writes under :id. */
static kc_status members_of(struct kc_db_pool *pool, const kc_principal *p, const char *id,
                            json_t **out, kc_problem *pb)
{
    (void)pool;
    (void)p;
    if (strcmp(id, "gone") == 0)
        return kc_problem_set(pb, KC_NOT_FOUND, "group %s not found", id);
    *out = json_pack("{s:[{s:s}]}", "items", "groupId", id);
    return KC_OK;
}

static kc_status put_member(struct kc_db_pool *pool, const kc_principal *p, const char *id,
                            const char *member_id, const json_t *body, json_t **out, int *added,
                            kc_problem *pb)
{
    (void)pool;
    (void)p;
    (void)pb;
    *added = json_is_true(json_object_get(body, "new"));
    *out = json_pack("{s:s, s:s}", "groupId", id, "personId", member_id);
    return KC_OK;
}

static kc_status remove_member(struct kc_db_pool *pool, const kc_principal *p, const char *id,
                               const char *member_id, kc_problem *pb)
{
    (void)pool;
    (void)p;
    if (strcmp(member_id, "nobody") == 0)
        return kc_problem_set(pb, KC_NOT_FOUND, "%s is not a member of %s", member_id, id);
    return KC_OK;
}

static kc_status members_http(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_items_on(ctx, members_of, pb);
}

static kc_status put_member_http(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_put_member(ctx, "personId", put_member, pb);
}

static kc_status remove_member_http(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_remove_member(ctx, "personId", remove_member, pb);
}

/* A read of what is under :id without pages, for kc_http_items_on. */
static kc_status parts_of(struct kc_db_pool *pool, const kc_principal *p, const char *id,
                          json_t **out, kc_problem *pb)
{
    (void)pool;
    (void)p;
    *out = json_pack("{s:[s]}", "items", id);
    return *out != NULL ? KC_OK : kc_problem_set(pb, KC_INTERNAL, "out of memory");
}

/* A create under :id for kc_http_create_on: a versioned resource, except
 * under "plain". */
static kc_status part_create(struct kc_db_pool *pool, const kc_principal *p, const char *id,
                             const struct kc_idem *idem, const json_t *body, json_t **answer,
                             int *replayed, kc_problem *pb)
{
    (void)pool;
    (void)p;
    (void)idem;
    (void)body;
    *replayed = 0;
    *answer = strcmp(id, "plain") == 0 ? json_pack("{s:s}", "id", "p1")
                                       : json_pack("{s:s, s:i}", "id", "p1", "version", 1);
    return *answer != NULL ? KC_OK : kc_problem_set(pb, KC_INTERNAL, "out of memory");
}

static kc_status get_parts(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_items_on(ctx, parts_of, pb);
}

static kc_status post_part(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create_on(ctx, part_create, "/t/v1/parts", pb);
}

static const kc_route routes[] = {
    {"GET", "/t/v1/items/:id", "/t/v1/items/{id}", KC_PUBLIC, get_item, NULL},
    {"POST", "/t/v1/items", "/t/v1/items", KC_PUBLIC, post_item, NULL},
    {"POST", "/t/v1/conflict", "/t/v1/conflict", KC_PUBLIC, conflict, NULL},
    {"GET", "/t/v1/boom", "/t/v1/boom", KC_PUBLIC, boom, NULL},
    {"GET", "/t/v1/bare", "/t/v1/bare", KC_PUBLIC, bare_status, NULL},
    {"GET", "/t/v1/slow", "/t/v1/slow", KC_PUBLIC, slow, NULL},
    {"GET", "/t/v1/query", "/t/v1/query", KC_PUBLIC, query, NULL},
    {"GET", "/t/v1/items/:id/parts", "/t/v1/items/{id}/parts", KC_PUBLIC, get_parts, NULL},
    {"POST", "/t/v1/items/:id/parts", "/t/v1/items/{id}/parts", KC_PUBLIC, post_part, NULL},
    {"GET", "/t/v1/private", "/t/v1/private", KC_ALLOW("coordinator", "t:read"), get_item, NULL},
    {"POST", "/t/v1/guarded", "/t/v1/guarded", KC_ALLOW("coordinator", NULL), guarded, NULL},
    {"GET", "/t/v1/groups/:id/members", "/t/v1/groups/{id}/members", KC_PUBLIC, members_http, NULL},
    {"PUT", "/t/v1/groups/:id/members/:personId", "/t/v1/groups/{id}/members/{personId}", KC_PUBLIC,
     put_member_http, NULL},
    {"DELETE", "/t/v1/groups/:id/members/:personId", "/t/v1/groups/{id}/members/{personId}",
     KC_PUBLIC, remove_member_http, NULL},
};

/* The authenticator of the server under test: JWTs only (no database, so
 * no API keys over the network; kc_route_admit is tested for keys). */
#define JWT_SECRET   "test-secret-of-at-least-32-bytes!!"
#define JWT_ISSUER   "koers-test"
#define JWT_AUDIENCE "koers"
#define JWT_TENANT   "7a1c3d52-0b8e-4f4c-9d7e-2f1a3b4c5d6e"
static kc_auth *auth;

static kc_config cfg;
static kc_server *server;
static pthread_t server_thread;
static kc_status run_status = KC_INTERNAL;
static int port;

static void *run_server(void *arg)
{
    (void)arg;
    run_status = kc_server_run(server);
    return NULL;
}

/* ---- a tiny blocking HTTP/1.1 client ------------------------------------ */

typedef struct {
    int status;
    char head[8192];
    char *body;
    size_t body_len;
} response;

static int connect_server(void)
{
    struct sockaddr_in sa;
    struct timeval tv = {5, 0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Sends raw (a whole request; the server closes after answering) and
 * reads the answer until EOF. 0 on success. */
static int exchange(const char *raw, size_t rawlen, response *r)
{
    char *buf = NULL, *sep;
    size_t len = 0, cap = 0, off = 0;
    ssize_t n;
    int fd = connect_server(), i;

    memset(r, 0, sizeof(*r));
    if (fd < 0)
        return -1;
    while (off < rawlen) {
        n = send(fd, raw + off, rawlen - off, MSG_NOSIGNAL);
        if (n <= 0)
            break; /* the server may answer early (413) and close */
        off += (size_t)n;
    }
    for (i = 0; i < 10000; i++) {
        if (cap - len < 4096) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap + 1);
            assert_non_null(buf);
        }
        n = recv(fd, buf + len, cap - len, 0);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    if (buf == NULL)
        return -1;
    buf[len] = '\0';
    sep = strstr(buf, "\r\n\r\n");
    if (sep == NULL || sscanf(buf, "HTTP/1.%*d %d", &r->status) != 1) {
        free(buf);
        return -1;
    }
    snprintf(r->head, sizeof(r->head), "%.*s\r\n", (int)(sep - buf), buf);
    r->body_len = len - (size_t)(sep + 4 - buf);
    r->body = malloc(r->body_len + 1);
    memcpy(r->body, sep + 4, r->body_len);
    r->body[r->body_len] = '\0';
    free(buf);
    return 0;
}

static void request(const char *method, const char *path, const char *extra_headers,
                    const char *body, response *r)
{
    char raw[16384];
    int n = snprintf(raw, sizeof(raw),
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n%s"
                     "Content-Length: %zu\r\n\r\n%s",
                     method, path, port, extra_headers ? extra_headers : "",
                     body ? strlen(body) : 0, body ? body : "");

    assert_true(n > 0 && (size_t)n < sizeof(raw));
    assert_int_equal(exchange(raw, (size_t)n, r), 0);
}

/* Value of header name (case-insensitive) copied into out; NULL if absent. */
static const char *header(const response *r, const char *name, char *out, size_t outlen)
{
    const char *p = r->head;
    size_t n = strlen(name);
    const char *eol;

    while ((p = strstr(p, "\r\n")) != NULL) {
        p += 2;
        if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
            p += n + 1;
            while (*p == ' ')
                p++;
            eol = strstr(p, "\r\n");
            snprintf(out, outlen, "%.*s", (int)(eol - p), p);
            return out;
        }
    }
    return NULL;
}

static json_t *json_of(const response *r)
{
    json_error_t err;
    json_t *j = json_loads(r->body, 0, &err);

    if (j == NULL)
        fail_msg("body is not JSON: %s", r->body);
    return j;
}

/* Checks a problem answer: status code, content type, status member. */
static json_t *expect_problem(const response *r, int code)
{
    char v[256];
    json_t *j;

    assert_int_equal(r->status, code);
    assert_non_null(header(r, "Content-Type", v, sizeof(v)));
    assert_string_equal(v, "application/problem+json");
    j = json_of(r);
    assert_int_equal(json_integer_value(json_object_get(j, "status")), code);
    assert_non_null(json_string_value(json_object_get(j, "title")));
    assert_non_null(json_string_value(json_object_get(j, "detail")));
    assert_non_null(strstr(json_string_value(json_object_get(j, "type")), "koers.dev/problems/"));
    return j;
}

static void response_free(response *r)
{
    free(r->body);
    r->body = NULL;
}

/* ---- setup -------------------------------------------------------------- */

static int free_port(void)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0), p;

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
        p = -1;
    else
        p = ntohs(sa.sin_port);
    close(fd);
    return p;
}

static int start_server(void **state)
{
    char err[256], portbuf[16];
    kc_server_opts opts;
    kc_auth_options auth_opts;
    int i, fd;
    struct timespec t = {0, 20 * 1000 * 1000};

    (void)state;
    port = free_port();
    if (port <= 0)
        return -1;
    snprintf(portbuf, sizeof(portbuf), "%d", port);
    setenv("KOERS_T_PORT", portbuf, 1);
    setenv("KOERS_MAX_BODY_BYTES", "1024", 1);
    setenv("KOERS_HTTP_THREADS", "2", 1);
    setenv("KOERS_REDIS_URL", "redis://127.0.0.1:1/0", 1);
    if (kc_config_load(&cfg, "t", 1, err, sizeof(err)) != 0)
        return -1;
    kc_log_init("t", KC_LOG_WARN);
    memset(&opts, 0, sizeof(opts));
    opts.cfg = &cfg;
    opts.routes = routes;
    opts.nroutes = KC_NELEMS(routes);
    opts.api_version = "1.2.3";
    opts.openapi_json = "{\"openapi\":\"3.1.0\"}";
    kc_auth_options_init(&auth_opts, JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE);
    if (kc_auth_create(NULL, &auth_opts, &auth) != KC_OK)
        return -1;
    opts.auth = auth;
    if (kc_server_create(&opts, &server) != KC_OK)
        return -1;
    if (pthread_create(&server_thread, NULL, run_server, NULL) != 0)
        return -1;
    for (i = 0; i < 250; i++) {
        fd = connect_server();
        if (fd >= 0) {
            close(fd);
            return 0;
        }
        nanosleep(&t, NULL);
    }
    return -1;
}

static int stop_server(void **state)
{
    (void)state;
    kc_server_free(server);
    server = NULL;
    kc_auth_free(auth);
    auth = NULL;
    return 0;
}

/* ---- tests -------------------------------------------------------------- */

static void healthz_and_common_headers(void **state)
{
    response r;
    char v[128];
    json_t *j;

    (void)state;
    request("GET", "/healthz", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "ok");
    json_decref(j);
    assert_string_equal(header(&r, "API-Version", v, sizeof(v)), "1.2.3");
    assert_non_null(header(&r, "X-Request-Id", v, sizeof(v)));
    assert_true(strlen(v) > 0);
    response_free(&r);
}

static void request_id_echoed_or_replaced(void **state)
{
    response r;
    char v[128];
    char id64[65];

    (void)state;
    request("GET", "/healthz", "X-Request-Id: abc-123_x.y\r\n", NULL, &r);
    assert_string_equal(header(&r, "X-Request-Id", v, sizeof(v)), "abc-123_x.y");
    response_free(&r);

    memset(id64, 'a', 64);
    id64[64] = '\0';
    {
        char h[128];
        snprintf(h, sizeof(h), "X-Request-Id: %s\r\n", id64);
        request("GET", "/healthz", h, NULL, &r);
    }
    assert_string_equal(header(&r, "X-Request-Id", v, sizeof(v)), id64);
    response_free(&r);

    request("GET", "/healthz", "X-Request-Id: evil\"id;<script>\r\n", NULL, &r);
    assert_non_null(header(&r, "X-Request-Id", v, sizeof(v)));
    assert_null(strpbrk(v, "\"<;"));
    response_free(&r);
}

static void route_with_param(void **state)
{
    response r;
    char v[64];
    json_t *j;

    (void)state;
    request("GET", "/t/v1/items/abc", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(header(&r, "Content-Type", v, sizeof(v)), "application/json");
    assert_string_equal(header(&r, "ETag", v, sizeof(v)), "\"7\"");
    j = json_of(&r);
    assert_string_equal(json_string_value(json_object_get(j, "id")), "abc");
    json_decref(j);
    response_free(&r);
}

/* kc_http_items_on: the list with a self link, the empty query, the
 * service's problem; kc_http_put_member: 201 when added, 200 when
 * changed; kc_http_remove_member: 204 or the service's problem. */
static void members_under_id(void **state)
{
    response r;
    json_t *j;

    (void)state;
    request("GET", "/t/v1/groups/g1/members", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(j, "items"), 0), "groupId")),
                        "g1");
    assert_non_null(strstr(json_string_value(json_object_get(
                               json_object_get(json_object_get(j, "_links"), "self"), "href")),
                           "/t/v1/groups/g1/members"));
    json_decref(j);
    response_free(&r);

    request("GET", "/t/v1/groups/g1/members?limit=2", NULL, NULL, &r);
    json_decref(expect_problem(&r, 400));
    response_free(&r);

    request("GET", "/t/v1/groups/gone/members", NULL, NULL, &r);
    json_decref(expect_problem(&r, 404));
    response_free(&r);

    request("PUT", "/t/v1/groups/g1/members/p1", "Content-Type: application/json\r\n",
            "{\"new\":true}", &r);
    assert_int_equal(r.status, 201);
    j = json_of(&r);
    assert_string_equal(json_string_value(json_object_get(j, "personId")), "p1");
    json_decref(j);
    response_free(&r);

    request("PUT", "/t/v1/groups/g1/members/p1", "Content-Type: application/json\r\n", "{}", &r);
    assert_int_equal(r.status, 200);
    response_free(&r);

    request("DELETE", "/t/v1/groups/g1/members/p1", NULL, NULL, &r);
    assert_int_equal(r.status, 204);
    response_free(&r);

    request("DELETE", "/t/v1/groups/g1/members/nobody", NULL, NULL, &r);
    json_decref(expect_problem(&r, 404));
    response_free(&r);
}

/* kc_http_items_on: the list of :id with its self link; a query is 400. */
static void items_on_with_self_link(void **state)
{
    response r;
    json_t *j;
    const char *self;

    (void)state;
    request("GET", "/t/v1/items/abc/parts", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    assert_string_equal(json_string_value(json_array_get(json_object_get(j, "items"), 0)), "abc");
    self = json_string_value(
        json_object_get(json_object_get(json_object_get(j, "_links"), "self"), "href"));
    assert_non_null(self);
    assert_non_null(strstr(self, "/t/v1/items/abc/parts"));
    json_decref(j);
    response_free(&r);
    request("GET", "/t/v1/items/abc/parts?x=1", NULL, NULL, &r);
    json_decref(expect_problem(&r, 400));
    response_free(&r);
}

/* kc_http_create_on: 201 with Location, and an ETag only for an answer
 * that has a version. */
static void create_on_etag_of_version(void **state)
{
    response r;
    char v[64];

    (void)state;
    request("POST", "/t/v1/items/abc/parts", "Content-Type: application/json\r\n", "{}", &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(header(&r, "Location", v, sizeof(v)), "/t/v1/parts/p1");
    assert_string_equal(header(&r, "ETag", v, sizeof(v)), "\"1\"");
    response_free(&r);
    request("POST", "/t/v1/items/plain/parts", "Content-Type: application/json\r\n", "{}", &r);
    assert_int_equal(r.status, 201);
    assert_null(header(&r, "ETag", v, sizeof(v)));
    response_free(&r);
}

static void not_found_problem(void **state)
{
    response r;
    json_t *j;

    (void)state;
    request("GET", "/t/v1/nothing-here", NULL, NULL, &r);
    j = expect_problem(&r, 404);
    assert_string_equal(json_string_value(json_object_get(j, "instance")), "/t/v1/nothing-here");
    json_decref(j);
    response_free(&r);
}

static void method_not_allowed_with_allow(void **state)
{
    response r;
    char v[128];
    json_t *j;

    (void)state;
    request("DELETE", "/t/v1/items/abc", NULL, NULL, &r);
    j = expect_problem(&r, 405);
    assert_string_equal(header(&r, "Allow", v, sizeof(v)), "GET");
    json_decref(j);
    response_free(&r);

    request("PUT", "/t/v1/items", NULL, "{}", &r);
    json_decref(expect_problem(&r, 405));
    assert_string_equal(header(&r, "Allow", v, sizeof(v)), "POST");
    response_free(&r);

    request("OPTIONS", "/t/v1/items/x", NULL, NULL, &r);
    assert_int_equal(r.status, 204);
    assert_string_equal(header(&r, "Allow", v, sizeof(v)), "GET");
    response_free(&r);
}

static void json_body_accepted(void **state)
{
    response r;
    json_t *j;

    (void)state;
    request("POST", "/t/v1/items", "Content-Type: Application/JSON; charset=utf-8\r\n",
            "{\"name\":\"lamp\"}", &r);
    assert_int_equal(r.status, 201);
    j = json_of(&r);
    assert_string_equal(json_string_value(json_object_get(j, "name")), "lamp");
    json_decref(j);
    response_free(&r);
}

static void body_too_large_is_413(void **state)
{
    response r;
    char body[2101];
    char raw[4096];
    int n;

    (void)state;
    memset(body, 'x', sizeof(body) - 1);
    body[0] = '"';
    body[sizeof(body) - 2] = '"';
    body[sizeof(body) - 1] = '\0';
    request("POST", "/t/v1/items", "Content-Type: application/json\r\n", body, &r);
    json_decref(expect_problem(&r, 413));
    response_free(&r);

    /* the same size, chunked: no Content-Length to go by */
    n = snprintf(raw, sizeof(raw),
                 "POST /t/v1/items HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                 "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "400\r\n%.1024s\r\n400\r\n%.1024s\r\n0\r\n\r\n",
                 body, body);
    assert_int_equal(exchange(raw, (size_t)n, &r), 0);
    json_decref(expect_problem(&r, 413));
    response_free(&r);

    /* exactly the limit is fine (reaches the handler: 400, not 413) */
    body[1024] = '\0';
    request("POST", "/t/v1/items", "Content-Type: application/json\r\n", body, &r);
    json_decref(expect_problem(&r, 400));
    response_free(&r);
}

static void wrong_content_type_is_415(void **state)
{
    response r;

    (void)state;
    request("POST", "/t/v1/items", "Content-Type: text/plain\r\n", "{\"name\":\"a\"}", &r);
    json_decref(expect_problem(&r, 415));
    response_free(&r);
    request("POST", "/t/v1/items", "Content-Type: application/jsonx\r\n", "{\"name\":\"a\"}", &r);
    json_decref(expect_problem(&r, 415));
    response_free(&r);
    request("POST", "/t/v1/items", NULL, "{\"name\":\"a\"}", &r);
    json_decref(expect_problem(&r, 415));
    response_free(&r);
}

static void malformed_json_is_400(void **state)
{
    response r;
    json_t *j;

    (void)state;
    request("POST", "/t/v1/items", "Content-Type: application/json\r\n", "{\"name\": tru", &r);
    j = expect_problem(&r, 400);
    assert_non_null(strstr(json_string_value(json_object_get(j, "detail")), "line 1"));
    json_decref(j);
    response_free(&r);

    request("POST", "/t/v1/items", "Content-Type: application/json\r\n", "[1,2]", &r);
    json_decref(expect_problem(&r, 400));
    response_free(&r);

    request("POST", "/t/v1/items", "Content-Type: application/json\r\n", "", &r);
    json_decref(expect_problem(&r, 400));
    response_free(&r);
}

static void validation_is_422_with_fields(void **state)
{
    response r;
    json_t *j, *ip;

    (void)state;
    request("POST", "/t/v1/items", "Content-Type: application/json\r\n",
            "{\"name\":\"far too long a name\",\"colour\":\"red\"}", &r);
    j = expect_problem(&r, 422);
    ip = json_object_get(j, "invalidParams");
    assert_int_equal(json_array_size(ip), 2);
    json_decref(j);
    response_free(&r);
}

static void conflict_with_extras(void **state)
{
    response r;
    json_t *j;

    (void)state;
    request("POST", "/t/v1/conflict", NULL, NULL, &r);
    j = expect_problem(&r, 409);
    assert_string_equal(json_string_value(json_object_get(j, "detail")),
                        "cannot go from closed to assigned");
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(j, "allowedTransitions"), 0)),
        "in_progress");
    json_decref(j);
    response_free(&r);
}

static void internal_error_hides_cause(void **state)
{
    response r;

    (void)state;
    request("GET", "/t/v1/boom", NULL, NULL, &r);
    json_decref(expect_problem(&r, 500));
    assert_null(strstr(r.body, "secret"));
    response_free(&r);

    request("GET", "/t/v1/bare", NULL, NULL, &r);
    json_decref(expect_problem(&r, 403));
    assert_non_null(strstr(r.body, "\"detail\":\"Forbidden\""));
    response_free(&r);
}

static void auth_route_without_credentials_is_401(void **state)
{
    response r;
    char v[64];

    (void)state;
    request("GET", "/t/v1/private", NULL, NULL, &r);
    json_decref(expect_problem(&r, 401));
    assert_string_equal(header(&r, "WWW-Authenticate", v, sizeof(v)), "Bearer");
    response_free(&r);
}

/* "Authorization: Bearer <a staff JWT holding roles>" and CRLF, in out. */
static void staff_header(const char *roles, char *out, size_t n)
{
    json_t *claims = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o}", "iss", JWT_ISSUER, "aud",
                               JWT_AUDIENCE, "sub", "tester", "tenant", JWT_TENANT, "exp",
                               (json_int_t)(time(NULL) + 600), "roles", json_array());
    char *tok, *role, *save = NULL, *list = strdup(roles);

    assert_non_null(claims);
    assert_non_null(list);
    for (role = strtok_r(list, " ", &save); role != NULL; role = strtok_r(NULL, " ", &save))
        json_array_append_new(json_object_get(claims, "roles"), json_string(role));
    tok = kc_jwt_sign(claims, JWT_SECRET);
    assert_non_null(tok);
    snprintf(out, n, "Authorization: Bearer %s\r\n", tok);
    free(tok);
    free(list);
    json_decref(claims);
}

/* The declared access is enforced by the server before the handler runs:
 * 401 without a credential, 403 (problem+json) for a staff member without
 * the role, and the handler never sees either. */
static void declared_access_refused_before_handler(void **state)
{
    response r;
    char hdr[1024];
    json_t *j;
    int before = atomic_load(&guarded_runs);

    (void)state;
    request("POST", "/t/v1/guarded", NULL, "{}", &r);
    json_decref(expect_problem(&r, 401));
    response_free(&r);

    staff_header("liaison_officer", hdr, sizeof(hdr));
    request("POST", "/t/v1/guarded", hdr, "{}", &r);
    j = expect_problem(&r, 403);
    assert_string_equal(json_string_value(json_object_get(j, "detail")),
                        "requires one of the roles: coordinator");
    json_decref(j);
    response_free(&r);
    assert_int_equal(atomic_load(&guarded_runs), before);

    staff_header("liaison_officer coordinator", hdr, sizeof(hdr));
    request("POST", "/t/v1/guarded", hdr, "{}", &r);
    assert_int_equal(r.status, 200);
    response_free(&r);
    staff_header("admin", hdr, sizeof(hdr));
    request("POST", "/t/v1/guarded", hdr, "{}", &r);
    assert_int_equal(r.status, 200);
    response_free(&r);
    assert_int_equal(atomic_load(&guarded_runs), before + 2);
}

static void query_validation(void **state)
{
    response r;
    json_t *j;

    (void)state;
    request("GET", "/t/v1/query?limit=5", NULL, NULL, &r);
    assert_int_equal(r.status, 204);
    response_free(&r);
    request("GET", "/t/v1/query?limit=500&colour=red", NULL, NULL, &r);
    j = expect_problem(&r, 400);
    assert_int_equal(json_array_size(json_object_get(j, "invalidParams")), 2);
    json_decref(j);
    response_free(&r);
}

static void readyz_without_database(void **state)
{
    response r;
    json_t *j, *checks;

    (void)state;
    request("GET", "/readyz", NULL, NULL, &r);
    j = expect_problem(&r, 503);
    checks = json_object_get(j, "checks");
    assert_string_equal(json_string_value(json_object_get(checks, "database")), "not configured");
    assert_string_equal(json_string_value(json_object_get(checks, "migrations")), "pending");
    assert_string_equal(json_string_value(json_object_get(checks, "redis")), "down");
    assert_int_equal(json_integer_value(json_object_get(checks, "outboxPending")), 0);
    json_decref(j);
    response_free(&r);
}

/* A '%' without two hex digits, or an escape that does not decode to UTF-8
 * text without control characters, is a 400 naming where it is: on a
 * route's :parameter (Ulfius would have left it out: the handler saw NULL),
 * on a query parameter (Ulfius dropped it: a filter ignored), and on a
 * path no route has (before the 404). */
static void undecodable_target_400(void **state)
{
    static const struct {
        const char *target, *detail, *param;
    } cases[] = {
        {"/t/v1/items/%ff%fe", "the path segment 4 ", "id"},
        {"/t/v1/items/%ff%fe/parts", "the path segment 4 ", "id"},
        {"/t/v1/items/%/parts", "the path segment 4 ", "id"},
        {"/t/v1/items/%00/parts", "the path segment 4 ", "id"},
        {"/t/v1/items//%C3%28/parts", "the path segment 5 ", "id"},
        {"/t/v1/query?limit=%ff", "the query parameter limit ", "limit"},
        {"/t/v1/query?limit=5%00", "the query parameter limit ", "limit"},
        {"/t/v1/query?limit=%", "the query parameter limit ", "limit"},
        {"/t/v1/query?%ff=1", "the name of query parameter 1 ", "query parameter 1"},
        {"/t/v1/nothing/%ff", "the path segment 4 ", "path segment 4"},
        {"/t/v1/items/1?x=%0a", "the query parameter x ", "x"},
    };
    response r;
    json_t *j, *ip;
    size_t i;

    (void)state;
    for (i = 0; i < KC_NELEMS(cases); i++) {
        request("GET", cases[i].target, NULL, NULL, &r);
        j = expect_problem(&r, 400);
        if (strncmp(json_string_value(json_object_get(j, "detail")), cases[i].detail,
                    strlen(cases[i].detail)) != 0)
            fail_msg("%s: detail %s", cases[i].target,
                     json_string_value(json_object_get(j, "detail")));
        ip = json_array_get(json_object_get(j, "invalidParams"), 0);
        assert_non_null(ip);
        assert_string_equal(json_string_value(json_object_get(ip, "name")), cases[i].param);
        json_decref(j);
        response_free(&r);
    }
    /* what decodes well still reaches the handler, escapes decoded */
    request("GET", "/t/v1/items/caf%C3%A9", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    assert_string_equal(json_string_value(json_object_get(j, "id")), "caf\xc3\xa9");
    json_decref(j);
    response_free(&r);
    request("GET", "/t/v1/query?limit=5", NULL, NULL, &r);
    assert_int_equal(r.status, 204);
    response_free(&r);
}

/* The access log (and a 5xx's line) names the route of a matched path and,
 * for an unmatched one, only the words of the route table: no segment a
 * client wrote and no query, so no token or key in the path reaches the
 * log. Captured from stderr at level info. */
static void logs_hold_no_path_as_sent(void **state)
{
    static const char *const targets[] = {
        "/t/v1/items/SECRETone",         "/t/v1/items/SECRETtwo/parts?api_key=SECRETthree",
        "/t/v1/nothing/SECRETfour/x",    "/t/v1/items/SECRETfive/nothing?api_key=SECRETsix",
        "/t/v1/private/SECRETseven",     "/SECRETeight",
        "/t/v1/boom?api_key=SECRETnine", "/t/v1/items/%ffSECRETten",
        "/t/v1/query?SECRETeleven=%ff",
    };
    char logfile[] = "/tmp/koers-test-http-log.XXXXXX";
    char text[65536];
    response r;
    int fd, saved;
    ssize_t n;
    size_t i;

    (void)state;
    fd = mkstemp(logfile);
    assert_true(fd >= 0);
    saved = dup(STDERR_FILENO);
    assert_true(saved >= 0);
    assert_true(dup2(fd, STDERR_FILENO) >= 0);
    kc_log_init("t", KC_LOG_INFO);
    for (i = 0; i < KC_NELEMS(targets); i++) {
        request("GET", targets[i], NULL, NULL, &r);
        assert_true(r.status >= 200);
        response_free(&r);
    }
    request("DELETE", "/t/v1/items/SECRETtwelve", NULL, NULL, &r);
    assert_int_equal(r.status, 405);
    response_free(&r);
    kc_log_init("t", KC_LOG_WARN);
    dup2(saved, STDERR_FILENO);
    close(saved);
    n = pread(fd, text, sizeof(text) - 1, 0);
    close(fd);
    unlink(logfile);
    assert_true(n > 0);
    text[n] = '\0';
    if (strstr(text, "SECRET") != NULL)
        fail_msg("a path as sent is in the log:\n%s", text);
    assert_non_null(strstr(text, "\"path\":\"/t/v1/items/{id}\""));
    assert_non_null(strstr(text, "\"path\":\"/t/v1/items/{id}/parts\""));
    assert_non_null(strstr(text, "\"path\":\"/t/v1/-/-/-\""));
    assert_non_null(strstr(text, "\"path\":\"/t/v1/items/-/-\""));
    assert_non_null(strstr(text, "\"path\":\"/-\""));
}

static void openapi_served(void **state)
{
    response r;
    char v[64];

    (void)state;
    request("GET", "/t/v1/openapi.json", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(header(&r, "Content-Type", v, sizeof(v)), "application/json");
    assert_string_equal(header(&r, "Access-Control-Allow-Origin", v, sizeof(v)), "*");
    assert_string_equal(r.body, "{\"openapi\":\"3.1.0\"}");
    response_free(&r);
}

static void metrics_exposed(void **state)
{
    response r;
    char v[128];

    (void)state;
    request("GET", "/metrics", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(header(&r, "Content-Type", v, sizeof(v)));
    assert_non_null(strstr(v, "text/plain; version=0.0.4"));
    assert_non_null(strstr(
        r.body, "koers_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} "));
    assert_non_null(strstr(r.body, "koers_http_requests_total{route=\"/t/v1/items/{id}\","
                                   "method=\"GET\",status=\"200\"} 1\n"));
    assert_non_null(strstr(r.body, "koers_http_requests_total{route=\"unmatched\",method=\"\","
                                   "status=\"404\"}"));
    assert_non_null(strstr(r.body, "# TYPE koers_http_request_duration_seconds histogram"));
    /* no database here: not ready */
    assert_non_null(strstr(r.body, "\nkoers_ready 0\n"));
    assert_non_null(strstr(r.body, "\nkoers_database_up 0\n"));
    assert_non_null(strstr(r.body, "koers_http_request_duration_seconds_bucket{route=\"/healthz\","
                                   "method=\"GET\",le=\"+Inf\"}"));
    assert_non_null(strstr(r.body, "le=\"0.001\""));
    assert_non_null(strstr(r.body, "le=\"2.5\""));
    response_free(&r);
}

/* Reads one answer from a keep-alive connection into buf (its head, then
 * Content-Length bytes of body); its length, or -1 when the connection
 * ended or stalled first. */
static ssize_t read_answer(int fd, char *buf, size_t cap)
{
    size_t len = 0, want = 0;
    ssize_t n;
    char *sep, *cl;

    for (;;) {
        if (len >= cap - 1)
            return -1;
        n = recv(fd, buf + len, cap - 1 - len, 0);
        if (n <= 0)
            return -1;
        len += (size_t)n;
        buf[len] = '\0';
        sep = strstr(buf, "\r\n\r\n");
        if (sep == NULL)
            continue;
        cl = strcasestr(buf, "\r\nContent-Length:");
        want = (size_t)(sep + 4 - buf) + (cl != NULL && cl < sep ? strtoul(cl + 17, NULL, 10) : 0);
        if (len >= want)
            return (ssize_t)len;
    }
}

/* Did the peer end the connection (EOF or reset) within ms? */
static int ends_within(int fd, int ms)
{
    struct timeval tv = {0, ms * 1000};
    char c;
    ssize_t n;

    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    n = recv(fd, &c, 1, 0);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

typedef struct {
    int fd;
    char answer[4096];
    ssize_t len;
} slow_call;

static void *call_slow(void *arg)
{
    slow_call *c = arg;
    static const char req[] = "GET /t/v1/slow HTTP/1.1\r\nHost: t\r\n\r\n";

    if (send(c->fd, req, sizeof(req) - 1, MSG_NOSIGNAL) == (ssize_t)(sizeof(req) - 1))
        c->len = read_answer(c->fd, c->answer, sizeof(c->answer));
    return NULL;
}

/* SIGTERM behind a proxy that keeps connections (nginx): the server stops
 * listening, closes an idle keep-alive connection at once (the proxy drops
 * it on the FIN instead of sending a request on it), answers a request in
 * flight with Connection: close and then closes that connection too, and
 * kc_server_run returns KC_OK. */
static void graceful_stop(void **state)
{
    static const char ping[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
    slow_call c;
    pthread_t t;
    struct timespec pause = {0, 100 * 1000 * 1000};
    char buf[4096];
    int idle;

    (void)state;
    memset(&c, 0, sizeof(c));
    /* an idle keep-alive connection: one answer, kept open */
    idle = connect_server();
    assert_true(idle >= 0);
    assert_int_equal(send(idle, ping, sizeof(ping) - 1, MSG_NOSIGNAL), (ssize_t)(sizeof(ping) - 1));
    assert_true(read_answer(idle, buf, sizeof(buf)) > 0);
    assert_non_null(strstr(buf, "HTTP/1.1 200"));
    assert_null(strcasestr(buf, "Connection: close"));
    c.fd = connect_server();
    assert_true(c.fd >= 0);
    assert_int_equal(pthread_create(&t, NULL, call_slow, &c), 0);
    nanosleep(&pause, NULL); /* the slow request (400 ms) is now in its handler */
    assert_int_equal(pthread_kill(server_thread, SIGTERM), 0);
    /* the idle connection ends at once, while the slow request is in flight */
    assert_true(ends_within(idle, 150));
    close(idle);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_true(c.len > 0);
    assert_non_null(strstr(c.answer, "HTTP/1.1 200"));
    assert_non_null(strstr(c.answer, "\"slow\":true"));
    assert_non_null(strcasestr(c.answer, "\r\nConnection: close\r\n"));
    assert_true(ends_within(c.fd, 1000));
    close(c.fd);
    assert_int_equal(pthread_join(server_thread, NULL), 0);
    assert_int_equal(run_status, KC_OK);
    assert_int_equal(connect_server(), -1);
}

/* ---- request helpers without a server ----------------------------------- */

typedef struct {
    struct _u_request req;
    kc_ctx ctx;
} fake;

static void fake_init(fake *f, const char *header_name, const char *header_value)
{
    memset(f, 0, sizeof(*f));
    assert_int_equal(ulfius_init_request(&f->req), U_OK);
    free(f->req.http_verb);
    f->req.http_verb = strdup("POST");
    free(f->req.url_path);
    f->req.url_path = strdup("/t/v1/items");
    if (header_name != NULL)
        u_map_put(f->req.map_header, header_name, header_value);
    f->ctx.req = &f->req;
}

static void if_match_parsing(void **state)
{
    static const struct {
        const char *value;
        kc_status st;
        long long expected;
    } cases[] = {
        {"\"3\"", KC_OK, 3},
        {"W/\"12\"", KC_OK, 12},
        {"*", KC_OK, -1},
        {" \"0\" ", KC_OK, 0},
        {"3", KC_BAD_REQUEST, -1},
        {"\"x\"", KC_BAD_REQUEST, -1},
        {"\"3", KC_BAD_REQUEST, -1},
        {"\"1\", \"2\"", KC_BAD_REQUEST, -1},
        {"", KC_BAD_REQUEST, -1},
    };
    fake f;
    kc_problem pb;
    long long v = 99;
    size_t i;

    (void)state;
    fake_init(&f, NULL, NULL);
    kc_problem_init(&pb);
    assert_int_equal(kc_if_match(&f.ctx, &v, &pb), KC_OK);
    assert_int_equal(v, -1);
    ulfius_clean_request(&f.req);
    for (i = 0; i < KC_NELEMS(cases); i++) {
        fake_init(&f, "If-Match", cases[i].value);
        kc_problem_init(&pb);
        v = 99;
        if (kc_if_match(&f.ctx, &v, &pb) != cases[i].st)
            fail_msg("If-Match %s: unexpected status", cases[i].value);
        if (cases[i].st == KC_OK)
            assert_int_equal(v, cases[i].expected);
        kc_problem_clear(&pb);
        ulfius_clean_request(&f.req);
    }
}

static void idempotency_key(void **state)
{
    fake f;
    kc_problem pb;
    kc_idem idem, idem2;
    char long_key[300];

    (void)state;
    fake_init(&f, NULL, NULL);
    kc_problem_init(&pb);
    assert_int_equal(kc_idem_from_ctx(&f.ctx, &idem, &pb), KC_OK);
    assert_false(idem.active);
    ulfius_clean_request(&f.req);

    fake_init(&f, "Idempotency-Key", "order-42");
    snprintf(f.ctx.principal.tenant_id, sizeof(f.ctx.principal.tenant_id), "tenant-a");
    ulfius_set_string_body_request(&f.req, "{\"a\":1}");
    assert_int_equal(kc_idem_from_ctx(&f.ctx, &idem, &pb), KC_OK);
    assert_true(idem.active);
    assert_string_equal(idem.key, "order-42");
    assert_string_equal(idem.tenant_id, "tenant-a");
    assert_int_equal(strlen(idem.request_hash), 64);
    ulfius_set_string_body_request(&f.req, "{\"a\":2}");
    assert_int_equal(kc_idem_from_ctx(&f.ctx, &idem2, &pb), KC_OK);
    assert_string_not_equal(idem.request_hash, idem2.request_hash);
    ulfius_clean_request(&f.req);

    memset(long_key, 'k', 256);
    long_key[256] = '\0';
    fake_init(&f, "Idempotency-Key", long_key);
    assert_int_equal(kc_idem_from_ctx(&f.ctx, &idem, &pb), KC_BAD_REQUEST);
    assert_false(idem.active);
    kc_problem_clear(&pb);
    ulfius_clean_request(&f.req);
}

static void self_url_from_host(void **state)
{
    fake f;
    char *url;

    (void)state;
    fake_init(&f, "Host", "gemeente.example:8080");
    url = kc_self_url(&f.ctx, "limit=2");
    assert_string_equal(url, "http://gemeente.example:8080/t/v1/items?limit=2");
    free(url);
    ulfius_clean_request(&f.req);
    fake_init(&f, "Host", "evil.example/\"><");
    url = kc_self_url(&f.ctx, NULL);
    assert_string_equal(url, "http://localhost/t/v1/items");
    free(url);
    ulfius_clean_request(&f.req);
}

/* ---- declared access without a server ----------------------------------- */

static kc_principal staff_of(const char *roles)
{
    kc_principal p;

    memset(&p, 0, sizeof(p));
    p.kind = KC_PRINCIPAL_STAFF;
    snprintf(p.tenant_id, sizeof(p.tenant_id), "%s", JWT_TENANT);
    snprintf(p.subject, sizeof(p.subject), "tester");
    snprintf(p.roles, sizeof(p.roles), "%s", roles);
    return p;
}

static kc_principal key_of(const char *scopes)
{
    kc_principal p;

    memset(&p, 0, sizeof(p));
    p.kind = KC_PRINCIPAL_API_KEY;
    snprintf(p.tenant_id, sizeof(p.tenant_id), "%s", JWT_TENANT);
    snprintf(p.subject, sizeof(p.subject), "apikey:1");
    snprintf(p.scopes, sizeof(p.scopes), "%s", scopes);
    return p;
}

static void route_admit_decides(void **state)
{
    static const kc_route pub = {"GET", "/p", "/p", KC_PUBLIC, get_item, NULL};
    static const kc_route both = {
        "GET", "/b", "/b", KC_ALLOW("coordinator liaison_officer", "t:read"), get_item, NULL};
    static const kc_route staff_only = {"POST",   "/s", "/s", KC_ALLOW("coordinator", NULL),
                                        get_item, NULL};
    static const kc_route keys_only = {"POST",   "/k", "/k", KC_ALLOW(NULL, "t:respond"),
                                       get_item, NULL};
    static const kc_route either_scope = {
        "GET", "/e", "/e", KC_ALLOW("coordinator", "t:read t:respond"), get_item, NULL};
    static const kc_route self_auth = {"GET",    "/o", "/o", KC_SELF_AUTH("coordinator", "t:read"),
                                       get_item, NULL};
    const struct {
        const kc_route *route;
        kc_principal p;
        kc_status want;
    } cases[] = {
        {&pub, {0}, KC_OK},
        {&pub, key_of(""), KC_OK},
        {&both, {0}, KC_UNAUTHENTICATED},
        {&both, staff_of("liaison_officer"), KC_OK},
        {&both, staff_of("official"), KC_FORBIDDEN},
        {&both, staff_of("admin"), KC_OK},
        {&both, key_of("t:read"), KC_OK},
        {&both, key_of("t:write"), KC_FORBIDDEN},
        {&staff_only, key_of("t:read t:write"), KC_FORBIDDEN},
        {&staff_only, staff_of("coordinator"), KC_OK},
        {&staff_only, staff_of("liaison_officer"), KC_FORBIDDEN},
        {&keys_only, staff_of("coordinator"), KC_FORBIDDEN},
        /* admin may what any staff role may, not what only a key may */
        {&keys_only, staff_of("admin"), KC_FORBIDDEN},
        {&keys_only, key_of("t:respond"), KC_OK},
        {&either_scope, key_of("t:respond"), KC_OK},
        {&either_scope, key_of("t:read"), KC_OK},
        {&either_scope, key_of("t:write"), KC_FORBIDDEN},
        {&self_auth, {0}, KC_UNAUTHENTICATED},
        {&self_auth, key_of("t:read"), KC_OK},
        {&self_auth, key_of("t:write"), KC_FORBIDDEN},
    };
    kc_problem pb;
    kc_status st;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        kc_problem_init(&pb);
        st = kc_route_admit(cases[i].route, &cases[i].p, &pb);
        if (st != cases[i].want)
            fail_msg("case %zu (%s): got %d, want %d (%s)", i, cases[i].route->path, st,
                     cases[i].want, pb.detail);
        kc_problem_clear(&pb);
    }
    kc_problem_init(&pb);
    assert_int_equal(kc_route_admit(&either_scope, &cases[16].p, &pb), KC_FORBIDDEN);
    assert_string_equal(pb.detail, "requires one of the API key scopes: t:read t:respond");
    kc_problem_clear(&pb);
    assert_int_equal(kc_route_admit(&both, NULL, NULL), KC_UNAUTHENTICATED);
}

/* A non-public route that admits no one is a fault of the table: refused
 * when the server is built, before anything listens. */
static void route_table_checked(void **state)
{
    static const kc_route good[] = {
        {"GET", "/a", "/a", KC_PUBLIC, get_item, NULL},
        {"GET", "/b", "/b", KC_ALLOW(NULL, "t:read"), get_item, NULL},
        {"GET", "/c", "/c", KC_ALLOW("admin", NULL), get_item, NULL},
    };
    static const kc_route locked[] = {
        {"GET", "/a", "/a", KC_PUBLIC, get_item, NULL},
        {"GET", "/b", "/b", KC_ALLOW(NULL, NULL), get_item, NULL},
    };
    static const kc_route incomplete[] = {
        {"GET", "/a", "/a", KC_PUBLIC, NULL, NULL},
    };
    kc_server_opts opts;
    kc_server *s = (kc_server *)&opts;

    (void)state;
    assert_int_equal(kc_routes_check(good, 3), KC_OK);
    assert_int_equal(kc_routes_check(locked, 2), KC_INTERNAL);
    assert_int_equal(kc_routes_check(incomplete, 1), KC_INVALID);
    assert_int_equal(kc_routes_check(NULL, 0), KC_OK);
    memset(&opts, 0, sizeof(opts));
    opts.cfg = &cfg;
    opts.routes = locked;
    opts.nroutes = 2;
    assert_int_equal(kc_server_create(&opts, &s), KC_INTERNAL);
    assert_null(s);
}

/* A public route that finds its credential itself (KC_SELF_AUTH) admits it
 * as declared once kc_authenticate_key has authenticated it. */
static void self_auth_route_admits_as_declared(void **state)
{
    static const kc_route self_auth = {"GET",    "/o", "/o", KC_SELF_AUTH("coordinator", NULL),
                                       get_item, NULL};
    static const kc_route open_route = {"GET", "/p", "/p", KC_PUBLIC, get_item, NULL};
    char hdr[1024], *value;
    kc_problem pb;
    fake f;

    (void)state;
    staff_header("liaison_officer", hdr, sizeof(hdr));
    value = strchr(hdr, ':') + 2;
    value[strlen(value) - 2] = '\0'; /* without CRLF */
    fake_init(&f, "Authorization", value);
    f.ctx.server = server;
    f.ctx.route = &self_auth;
    kc_problem_init(&pb);
    assert_int_equal(kc_authenticate_key(&f.ctx, NULL, &pb), KC_FORBIDDEN);
    kc_problem_clear(&pb);
    f.ctx.route = &open_route; /* names nobody: any valid credential */
    kc_problem_init(&pb);
    assert_int_equal(kc_authenticate_key(&f.ctx, NULL, &pb), KC_OK);
    assert_string_equal(f.ctx.principal.subject, "tester");
    kc_problem_clear(&pb);
    ulfius_clean_request(&f.req);

    staff_header("coordinator", hdr, sizeof(hdr));
    value = strchr(hdr, ':') + 2;
    value[strlen(value) - 2] = '\0';
    fake_init(&f, "Authorization", value);
    f.ctx.server = server;
    f.ctx.route = &self_auth;
    kc_problem_init(&pb);
    assert_int_equal(kc_authenticate_key(&f.ctx, NULL, &pb), KC_OK);
    kc_problem_clear(&pb);
    ulfius_clean_request(&f.req);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(healthz_and_common_headers),
        cmocka_unit_test(request_id_echoed_or_replaced),
        cmocka_unit_test(route_with_param),
        cmocka_unit_test(members_under_id),
        cmocka_unit_test(items_on_with_self_link),
        cmocka_unit_test(create_on_etag_of_version),
        cmocka_unit_test(not_found_problem),
        cmocka_unit_test(method_not_allowed_with_allow),
        cmocka_unit_test(json_body_accepted),
        cmocka_unit_test(body_too_large_is_413),
        cmocka_unit_test(wrong_content_type_is_415),
        cmocka_unit_test(malformed_json_is_400),
        cmocka_unit_test(validation_is_422_with_fields),
        cmocka_unit_test(conflict_with_extras),
        cmocka_unit_test(internal_error_hides_cause),
        cmocka_unit_test(auth_route_without_credentials_is_401),
        cmocka_unit_test(declared_access_refused_before_handler),
        cmocka_unit_test(query_validation),
        cmocka_unit_test(readyz_without_database),
        cmocka_unit_test(openapi_served),
        cmocka_unit_test(metrics_exposed),
        cmocka_unit_test(undecodable_target_400),
        cmocka_unit_test(logs_hold_no_path_as_sent),
        cmocka_unit_test(graceful_stop),
        cmocka_unit_test(if_match_parsing),
        cmocka_unit_test(idempotency_key),
        cmocka_unit_test(self_url_from_host),
        cmocka_unit_test(route_admit_decides),
        cmocka_unit_test(route_table_checked),
        cmocka_unit_test(self_auth_route_admits_as_declared),
    };

    /* before any thread exists, so the server thread can sigwait() */
    kc_signals_block();
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
