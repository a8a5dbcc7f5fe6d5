#include "koers/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "http_guard.h"
#include "route_table.h"
#include "koers/db.h"
#include "koers/idempotency.h"
#include "koers/log.h"
#include "koers/metrics.h"
#include "koers/outbox.h"
#include "koers/resource.h"
#include "koers/target.h"

#define OPS_ROUTES         4
#define LOGGED_PATH_MAX    256
#define LOGGED_SEGMENTS    12
#define SHUTDOWN_WAIT_MS   10000
#define METRIC_KEY_MAX     160
#define REQUEST_ID_MAX     64
#define UNMATCHED_METRIC   "unmatched"
#define PROBLEM_CONTENT    "application/problem+json"
#define PROMETHEUS_CONTENT "text/plain; version=0.0.4; charset=utf-8"
#define JSON_DUMP_FLAGS    (JSON_COMPACT | JSON_REAL_PRECISION(15))
#define JSON_STACK_BUFFER  4096

/* One registered endpoint: what the Ulfius callback gets as user_data. */
typedef struct route_binding {
    kc_server *server;
    const kc_route *route;
    char metric_key[METRIC_KEY_MAX]; /* "METHOD name", the metrics series */
} route_binding;

struct kc_server {
    kc_server_opts opts;
    struct _u_instance instance;
    int instance_ready;
    route_binding *bindings; /* opts.nroutes service routes, then the ops routes */
    size_t nbindings;
    kc_route_table *table; /* the dispatch over bindings, in their order */
    kc_route ops_routes[OPS_ROUTES];
    size_t nops;
    char openapi_path[160];
    atomic_int inflight;
    atomic_int draining; /* stopping: every answer closes its connection */
    atomic_ullong request_seq;
    char request_prefix[16];
};

/* ---- small helpers ------------------------------------------------------ */

/* A route served by the resource kit's generic handlers. */
static int kc_resource_serves(const kc_route *r)
{
    return r->arg != NULL &&
           (r->handler == kc_resource_http_list || r->handler == kc_resource_http_create ||
            r->handler == kc_resource_http_get || r->handler == kc_resource_http_update ||
            r->handler == kc_resource_http_delete);
}

kc_db_pool *kc_ctx_pool(const kc_ctx *ctx)
{
    return ctx->server != NULL ? ctx->server->opts.pool : NULL;
}

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int request_id_ok(const char *s)
{
    size_t i;

    if (s == NULL || s[0] == '\0')
        return 0;
    for (i = 0; s[i] != '\0'; i++) {
        char c = s[i];
        if (i >= REQUEST_ID_MAX)
            return 0;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

static void request_id_assign(kc_server *s, const struct _u_request *req, char *out, size_t outlen)
{
    const char *given = u_map_get_case(req->map_header, "X-Request-Id");
    unsigned long long n;

    if (request_id_ok(given)) {
        snprintf(out, outlen, "%s", given);
        return;
    }
    n = atomic_fetch_add_explicit(&s->request_seq, 1, memory_order_relaxed);
    snprintf(out, outlen, "%s-%llx", s->request_prefix, n);
}

/* Writes body (borrowed) as JSON with the given content type. The text is
 * dumped into a buffer on the stack in one pass (json_dumps grows its own
 * by doubling: seven reallocs for a case) and copied once, by Ulfius; a
 * larger answer is dumped again into one allocation of its size. */
static void set_json_body(struct _u_response *resp, int http_status, const json_t *body,
                          const char *content_type)
{
    char stack[JSON_STACK_BUFFER], *text = stack;
    size_t len = json_dumpb(body, stack, sizeof(stack), JSON_DUMP_FLAGS);

    if (len > sizeof(stack)) {
        text = malloc(len);
        if (text != NULL && json_dumpb(body, text, len, JSON_DUMP_FLAGS) != len)
            len = 0;
    }
    if (text == NULL || len == 0) {
        ulfius_set_string_body_response(resp, 500, "");
        goto out;
    }
    ulfius_set_binary_body_response(resp, (unsigned int)http_status, text, len);
    u_map_put(resp->map_header, "Content-Type", content_type);
out:
    if (text != stack)
        free(text);
}

/* Renders pb as application/problem+json; a 5xx logs its real cause. */
static void render_problem(const kc_server *s, const struct _u_request *req,
                           struct _u_response *resp, const char *request_id,
                           const char *logged_path, kc_problem *pb)
{
    json_t *doc = NULL;
    int code = kc_status_http(pb->status);

    if (code >= 500)
        kc_log(KC_LOG_ERROR, request_id, "%s %s answered %d: %s", req->http_verb, logged_path, code,
               pb->detail[0] ? pb->detail : kc_status_title(pb->status));
    if (s->opts.problem_renderer != NULL && s->opts.problem_renderer(req, resp, pb)) {
        if (pb->status == KC_METHOD_NOT_ALLOWED && pb->allow[0] != '\0')
            u_map_put(resp->map_header, "Allow", pb->allow);
        goto out;
    }
    doc = kc_problem_to_json(pb, req->url_path);
    if (doc == NULL) {
        ulfius_set_string_body_response(resp, (unsigned int)code, "");
        goto out;
    }
    set_json_body(resp, code, doc, PROBLEM_CONTENT);
    if (pb->status == KC_METHOD_NOT_ALLOWED && pb->allow[0] != '\0')
        u_map_put(resp->map_header, "Allow", pb->allow);
    if (pb->status == KC_UNAUTHENTICATED)
        u_map_put(resp->map_header, "WWW-Authenticate", "Bearer");
out:
    json_decref(doc);
}

/* 413 when the declared or received body is above the limit. */
static kc_status check_body_size(const kc_server *s, const struct _u_request *req, kc_problem *pb)
{
    size_t limit = s->opts.cfg->max_body_bytes;
    const char *cl = u_map_get_case(req->map_header, "Content-Length");
    char *end = NULL;
    unsigned long long declared;

    if (req->binary_body_length > limit)
        return kc_problem_set(pb, KC_TOO_LARGE, "the request body is larger than %zu bytes", limit);
    if (cl != NULL) {
        errno = 0;
        declared = strtoull(cl, &end, 10);
        if (errno == 0 && end != cl && declared > limit)
            return kc_problem_set(pb, KC_TOO_LARGE, "the request body is larger than %zu bytes",
                                  limit);
    }
    return KC_OK;
}

static void finish_request(kc_server *s, const struct _u_request *req, struct _u_response *resp,
                           const char *request_id, const char *metric_key, const char *logged_path,
                           const char *tenant, double t0)
{
    double ms = now_ms() - t0;

    if (s->opts.api_version != NULL)
        u_map_put(resp->map_header, "API-Version", s->opts.api_version);
    u_map_put(resp->map_header, "X-Request-Id", request_id);
    if (atomic_load_explicit(&s->draining, memory_order_acquire))
        u_map_put(resp->map_header, "Connection", "close");
    kc_metrics_observe(metric_key, (int)resp->status, ms);
    kc_log_access(request_id, req->http_verb, logged_path, (int)resp->status, ms, tenant);
}

/* ---- the request target ------------------------------------------------- */

/* The target as the client sent it: Ulfius' URI log callback keeps it
 * before libmicrohttpd decodes it in place. */
static const char *raw_target(const struct _u_request *req)
{
    if (req->http_url != NULL)
        return req->http_url;
    return req->url_path != NULL ? req->url_path : "";
}

/* Next '/'-separated segment of *p, up to a '?' or the end: start and
 * length (0 for an empty one). 0 when there is none left. */
static int next_raw_segment(const char **p, const char **seg, size_t *len)
{
    const char *q = *p;

    if (*q == '\0' || *q == '?')
        return 0;
    if (*q == '/')
        q++;
    *seg = q;
    while (*q != '\0' && *q != '/' && *q != '?')
        q++;
    *len = (size_t)(q - *seg);
    *p = q;
    return 1;
}

/* The name of the route's :parameter that segment `index` of target (as
 * kc_target_inspect counts) stands for, into out; "" when it stands for
 * none. Empty segments are skipped as Ulfius skips them when it matches. */
static void route_param_at(const kc_route *route, const char *target, size_t index, char *out,
                           size_t outlen)
{
    const char *p = target, *seg = NULL, *rp, *rseg = NULL;
    size_t len = 0, rlen = 0, i, nonempty = 0;

    out[0] = '\0';
    if (route == NULL)
        return;
    for (i = 0; i < index && next_raw_segment(&p, &seg, &len); i++)
        if (len > 0)
            nonempty++;
    if (i < index || len == 0)
        return;
    rp = route->path;
    for (i = 0; i < nonempty && next_raw_segment(&rp, &rseg, &rlen); i++)
        ;
    if (i == nonempty && rseg != NULL && rlen > 1 && rseg[0] == ':')
        snprintf(out, outlen, "%.*s", (int)(rlen - 1), rseg + 1);
}

/* 400 naming the part of the target whose escapes do not decode to
 * UTF-8 text without control characters (koers/target.h): Ulfius would
 * leave that parameter out without a word, and a filter left out widens
 * the answer. route is NULL on an unmatched path. */
static kc_status check_target(const struct _u_request *req, const kc_route *route, kc_problem *pb)
{
    static const char reason[] =
        "is not valid percent-encoded UTF-8 (a '%' needs two hex digits; no control characters)";
    const char *target = raw_target(req);
    kc_target_fault f;
    char param[64], name[96];
    kc_status st;

    if (kc_target_inspect(target, &f))
        return KC_OK;
    switch (f.part) {
    case KC_TARGET_PATH_SEGMENT:
        route_param_at(route, target, f.index, param, sizeof(param));
        st = kc_problem_set(pb, KC_BAD_REQUEST, "the path segment %zu %s", f.index, reason);
        if (param[0] != '\0') {
            kc_problem_add_field(pb, param, reason);
        } else {
            snprintf(name, sizeof(name), "path segment %zu", f.index);
            kc_problem_add_field(pb, name, reason);
        }
        break;
    case KC_TARGET_QUERY_NAME:
        st = kc_problem_set(pb, KC_BAD_REQUEST, "the name of query parameter %zu %s", f.index,
                            reason);
        snprintf(name, sizeof(name), "query parameter %zu", f.index);
        kc_problem_add_field(pb, name, reason);
        break;
    default:
        st = kc_problem_set(pb, KC_BAD_REQUEST, "the query parameter %s %s", f.name, reason);
        kc_problem_add_field(pb, f.name, reason);
        break;
    }
    return st;
}

/* ---- what the logs may say of a path ------------------------------------- */

/* Is [seg, seg + len) a literal segment of one of the server's routes? */
static int route_word(const kc_server *s, const char *seg, size_t len)
{
    const char *p, *rseg = NULL;
    size_t i, rlen = 0;

    for (i = 0; i < s->nbindings; i++) {
        p = s->bindings[i].route->path;
        while (next_raw_segment(&p, &rseg, &rlen))
            if (rlen == len && rseg[0] != ':' && memcmp(rseg, seg, len) == 0)
                return 1;
    }
    return 0;
}

/* The path of a request no route matched, as the logs may hold it: a
 * segment that is a literal word of the route table stays, any other
 * becomes "-" (it may be a tracking or invitation token, a key pasted in
 * the wrong place), the query never appears; at most LOGGED_SEGMENTS
 * segments, then "/...". "/casedesk/v1/tracking/<token>/x" is logged as
 * "/casedesk/v1/tracking/-/-". */
static void unmatched_path(const kc_server *s, const char *path, char *out, size_t outlen)
{
    const char *p = path != NULL ? path : "", *seg = NULL;
    size_t len = 0, used = 0;
    int n = 0;

    out[0] = '\0';
    while (used < outlen && next_raw_segment(&p, &seg, &len)) {
        if (++n > LOGGED_SEGMENTS) {
            used += (size_t)snprintf(out + used, outlen - used, "/...");
            break;
        }
        if (len > 0 && route_word(s, seg, len))
            used += (size_t)snprintf(out + used, outlen - used, "/%.*s", (int)len, seg);
        else
            used += (size_t)snprintf(out + used, outlen - used, "/%s", len > 0 ? "-" : "");
    }
    if (out[0] == '\0')
        snprintf(out, outlen, "/");
}

/* ---- the trampoline ----------------------------------------------------- */

/* Every route goes through here: request id, body limit, authentication,
 * handler, problem rendering, common headers, metrics and access log. */
static int route_trampoline(const struct _u_request *req, struct _u_response *resp, void *user_data)
{
    route_binding *b = user_data;
    kc_server *s = b->server;
    double t0 = now_ms();
    kc_ctx ctx;
    kc_problem pb;
    kc_status st = KC_OK;
    const char *authz, *api_key, *logged;

    atomic_fetch_add_explicit(&s->inflight, 1, memory_order_acq_rel);
    memset(&ctx, 0, sizeof(ctx));
    ctx.req = req;
    ctx.resp = resp;
    ctx.route = b->route;
    ctx.server = s;
    ctx.app = s->opts.app;
    request_id_assign(s, req, ctx.request_id, sizeof(ctx.request_id));
    kc_problem_init(&pb);

    st = check_target(req, b->route, &pb);
    if (st != KC_OK)
        goto out;
    st = check_body_size(s, req, &pb);
    if (st != KC_OK)
        goto out;
    if (!b->route->access.is_public) {
        if (s->opts.auth == NULL) {
            st = kc_problem_set(&pb, KC_UNAUTHENTICATED, "authentication is not configured");
            goto out;
        }
        authz = u_map_get_case(req->map_header, "Authorization");
        api_key = u_map_get_case(req->map_header, "X-API-Key");
        st = kc_auth_authenticate(s->opts.auth, authz, api_key, &ctx.principal, &pb);
        if (st != KC_OK)
            goto out;
        /* the route table says who may call: refused before the handler */
        st = kc_route_admit(b->route, &ctx.principal, &pb);
        if (st != KC_OK)
            goto out;
    }
    st = b->route->handler(&ctx, &pb);
out:
    /* The logs name the route, never the path as sent: a public route's
     * path holds its only credential (a tracking or invitation token, a
     * signed link), and any :parameter may hold one pasted in the wrong
     * place (a token where a case id belongs answers 401 here). */
    logged = b->route->name != NULL ? b->route->name : b->route->path;
    if (st != KC_OK) {
        pb.status = st;
        render_problem(s, req, resp, ctx.request_id, logged, &pb);
    }
    finish_request(s, req, resp, ctx.request_id, b->metric_key, logged, ctx.principal.tenant_id,
                   t0);
    kc_problem_clear(&pb);
    atomic_fetch_sub_explicit(&s->inflight, 1, memory_order_acq_rel);
    return U_CALLBACK_COMPLETE;
}

/* Next path segment of *p (skipping empty ones): start and length. */
static int next_segment(const char **p, const char **seg, size_t *len)
{
    const char *q = *p;

    while (*q == '/')
        q++;
    if (*q == '\0' || *q == '?')
        return 0;
    *seg = q;
    while (*q != '\0' && *q != '/' && *q != '?')
        q++;
    *len = (size_t)(q - *seg);
    *p = q;
    return 1;
}

/* Does path match pattern ("/a/:id/b")? ":name" matches one segment. */
static int path_matches(const char *pattern, const char *path)
{
    const char *ps, *qs;
    size_t pl, ql;
    int i;

    for (i = 0; i < 64; i++) {
        int hp = next_segment(&pattern, &ps, &pl);
        int hq = next_segment(&path, &qs, &ql);
        if (!hp || !hq)
            return hp == hq;
        if (ps[0] == ':' || ps[0] == '@')
            continue;
        if (pl != ql || memcmp(ps, qs, pl) != 0)
            return 0;
    }
    return 0;
}

/* No endpoint matched this method and path: 405 with Allow when the path
 * exists under other methods (OPTIONS answers 204 with Allow), else 404. */
static int default_trampoline(const struct _u_request *req, struct _u_response *resp,
                              void *user_data)
{
    kc_server *s = user_data;
    double t0;
    char request_id[REQUEST_ID_MAX + 1];
    char allow[128] = "";
    size_t i, used = 0;
    kc_problem pb;
    const kc_route *r;
    char unmatched[LOGGED_PATH_MAX];
    const char *logged = NULL;
    long found;

    /* Every request comes here (Ulfius holds no route of ours): the table
     * finds the route Ulfius' own matching would have run, and its
     * :parameters are bound as Ulfius binds them. */
    found = kc_route_table_match(s->table, req->http_verb, req->url_path);
    if (found >= 0) {
        (void)kc_route_table_bind(s->table, found, req->url_path, req->map_url);
        return route_trampoline(req, resp, &s->bindings[found]);
    }
    t0 = now_ms();
    atomic_fetch_add_explicit(&s->inflight, 1, memory_order_acq_rel);
    request_id_assign(s, req, request_id, sizeof(request_id));
    kc_problem_init(&pb);
    if (check_target(req, NULL, &pb) != KC_OK) {
        unmatched_path(s, req->url_path, unmatched, sizeof(unmatched));
        logged = unmatched;
        render_problem(s, req, resp, request_id, logged, &pb);
        goto out;
    }
    for (i = 0; i < s->nbindings; i++) {
        r = s->bindings[i].route;
        if (!path_matches(r->path, req->url_path))
            continue;
        if (logged == NULL) /* as route_trampoline: the route's name, never the path */
            logged = r->name != NULL ? r->name : r->path;
        if (strstr(allow, r->method) != NULL)
            continue; /* close enough: method names are not substrings of others we use */
        used += (size_t)snprintf(allow + used, sizeof(allow) - used, "%s%s", used ? ", " : "",
                                 r->method);
        if (used >= sizeof(allow))
            used = sizeof(allow) - 1;
    }
    if (logged == NULL) {
        unmatched_path(s, req->url_path, unmatched, sizeof(unmatched));
        logged = unmatched;
    }
    if (allow[0] != '\0' && strcmp(req->http_verb, "OPTIONS") == 0) {
        ulfius_set_empty_body_response(resp, 204);
        u_map_put(resp->map_header, "Allow", allow);
        goto out;
    }
    if (allow[0] != '\0') {
        kc_problem_set(&pb, KC_METHOD_NOT_ALLOWED, "%s is not allowed on %s; allowed: %s",
                       req->http_verb, req->url_path, allow);
        snprintf(pb.allow, sizeof(pb.allow), "%s", allow);
    } else {
        kc_problem_set(&pb, KC_NOT_FOUND, "no resource at %s", req->url_path);
    }
    render_problem(s, req, resp, request_id, logged, &pb);
out:
    finish_request(s, req, resp, request_id, UNMATCHED_METRIC, logged, NULL, t0);
    kc_problem_clear(&pb);
    atomic_fetch_sub_explicit(&s->inflight, 1, memory_order_acq_rel);
    return U_CALLBACK_COMPLETE;
}

/* ---- operations endpoints ----------------------------------------------- */

static kc_status ops_healthz(kc_ctx *ctx, kc_problem *pb)
{
    (void)pb;
    return kc_respond_json(ctx, 200, json_pack("{s:s}", "status", "ok"));
}

/* Ready means "can serve requests": PostgreSQL answers and the schema's
 * migrations are applied. Redis and the outbox backlog are reported as
 * detail (and as metrics with their own alert), not as unreadiness: while
 * Redis is down requests are served and the outbox holds their events, and
 * a readiness probe that failed with Redis would take every replica out of
 * service at once. Sets *db to "up", "down" or "not configured". */
static int ready_now(const kc_server_opts *o, const char **db)
{
    int db_up = 0;

    *db = "not configured";
    if (o->pool != NULL) {
        db_up = kc_db_ping(o->pool) == KC_OK;
        *db = db_up ? "up" : "down";
    }
    return db_up && o->migrated;
}

static kc_status ops_readyz(kc_ctx *ctx, kc_problem *pb)
{
    const kc_server_opts *o = &ctx->server->opts;
    const char *db = NULL, *migrations = o->migrated ? "done" : "pending";
    int ready = ready_now(o, &db), redis_up = 0;
    long long pending = kc_outbox_relay_pending(o->relay);
    json_t *checks = NULL;

    if (o->relay != NULL)
        redis_up = kc_outbox_relay_redis_up(o->relay) != 0;
    else
        redis_up = kc_redis_ping(o->cfg->redis_url) == KC_OK;
    checks = json_pack("{s:s, s:s, s:s, s:I}", "database", db, "migrations", migrations, "redis",
                       redis_up ? "up" : "down", "outboxPending", (json_int_t)pending);
    if (ready)
        return kc_respond_json(ctx, 200,
                               json_pack("{s:s, s:o}", "status", "ready", "checks",
                                         checks != NULL ? checks : json_object()));
    kc_problem_set(pb, KC_UNAVAILABLE, "not ready: database %s, migrations %s", db, migrations);
    kc_problem_set_extra(pb, "checks", checks);
    return KC_UNAVAILABLE;
}

static kc_status ops_metrics(kc_ctx *ctx, kc_problem *pb)
{
    const kc_server_opts *o = &ctx->server->opts;
    char extra[1024];
    size_t used = 0;
    char *text = NULL;
    const char *db = NULL;
    int ready;
    kc_status st = KC_OK;

    extra[0] = '\0';
    ready = ready_now(o, &db);
    used += (size_t)snprintf(extra, sizeof(extra),
                             "# TYPE koers_ready gauge\nkoers_ready %d\n"
                             "# TYPE koers_database_up gauge\nkoers_database_up %d\n",
                             ready, strcmp(db, "up") == 0);
    if (o->pool != NULL && used < sizeof(extra))
        used += (size_t)snprintf(extra + used, sizeof(extra) - used,
                                 "# TYPE koers_db_pool_size gauge\nkoers_db_pool_size %d\n"
                                 "# TYPE koers_db_pool_in_use gauge\nkoers_db_pool_in_use %d\n",
                                 kc_db_pool_size(o->pool), kc_db_pool_in_use(o->pool));
    if (o->pool != NULL && used < sizeof(extra))
        used += (size_t)snprintf(extra + used, sizeof(extra) - used,
                                 "# TYPE koers_db_round_trips_total counter\n"
                                 "koers_db_round_trips_total %llu\n",
                                 kc_db_round_trips());
    if (o->relay != NULL && used < sizeof(extra))
        used += (size_t)snprintf(
            extra + used, sizeof(extra) - used,
            "# TYPE koers_outbox_pending gauge\nkoers_outbox_pending %lld\n"
            "# TYPE koers_outbox_published_total counter\nkoers_outbox_published_total %lld\n"
            "# TYPE koers_redis_up gauge\nkoers_redis_up %d\n"
            "# TYPE koers_outbox_oldest_pending_seconds gauge\n"
            "koers_outbox_oldest_pending_seconds %lld\n",
            kc_outbox_relay_pending(o->relay), kc_outbox_relay_published(o->relay),
            kc_outbox_relay_redis_up(o->relay) ? 1 : 0, kc_outbox_relay_oldest_pending_s(o->relay));
    text = kc_metrics_render(extra);
    if (text == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory rendering metrics");
        goto out;
    }
    ulfius_set_binary_body_response(ctx->resp, 200, text, strlen(text));
    u_map_put(ctx->resp->map_header, "Content-Type", PROMETHEUS_CONTENT);
out:
    free(text);
    return st;
}

static kc_status ops_openapi(kc_ctx *ctx, kc_problem *pb)
{
    const char *doc = ctx->server->opts.openapi_json;

    if (doc == NULL)
        return kc_problem_set(pb, KC_NOT_FOUND, "no API description");
    ulfius_set_binary_body_response(ctx->resp, 200, doc, strlen(doc));
    u_map_put(ctx->resp->map_header, "Content-Type", "application/json");
    u_map_put(ctx->resp->map_header, "Access-Control-Allow-Origin", "*");
    return KC_OK;
}

/* ---- server life cycle -------------------------------------------------- */

void kc_signals_block(void)
{
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void add_ops_route(kc_server *s, const char *path, const char *name, kc_handler h)
{
    kc_route *r = &s->ops_routes[s->nops++];

    r->method = "GET";
    r->path = path;
    r->name = name;
    r->access.is_public = 1;
    r->handler = h;
}

kc_status kc_route_admit(const kc_route *r, const kc_principal *p, kc_problem *pb)
{
    if (r->access.is_public && r->access.roles == NULL && r->access.scope == NULL)
        return KC_OK;
    return kc_authorize(p, r->access.roles, r->access.scope, pb);
}

kc_status kc_routes_check(const kc_route *routes, size_t n)
{
    const kc_route *r;
    size_t i;

    for (i = 0; i < n; i++) {
        r = &routes[i];
        if (r->method == NULL || r->path == NULL || r->handler == NULL) {
            kc_log(KC_LOG_ERROR, NULL, "route %zu is incomplete", i);
            return KC_INVALID;
        }
        if (!r->access.is_public && r->access.roles == NULL && r->access.scope == NULL) {
            kc_log(KC_LOG_ERROR, NULL,
                   "route %s %s admits no one: declare KC_PUBLIC or KC_ALLOW(roles, scope)",
                   r->method, r->path);
            return KC_INTERNAL;
        }
    }
    return KC_OK;
}

/* Builds the server: service routes, operations endpoints and the 404/405
 * default. KC_INVALID for a bad route table, KC_INTERNAL otherwise. */
kc_status kc_server_create(const kc_server_opts *opts, kc_server **out)
{
    kc_server *s = NULL;
    kc_status st = KC_INTERNAL;
    unsigned char rnd[6] = {0};
    size_t i;
    const kc_route *r;
    const kc_route **routes = NULL;

    *out = NULL;
    if (opts == NULL || opts->cfg == NULL || (opts->nroutes > 0 && opts->routes == NULL)) {
        st = KC_INVALID;
        goto out;
    }
    st = kc_routes_check(opts->routes, opts->nroutes);
    if (st != KC_OK)
        goto out;
    st = KC_INTERNAL;
    s = calloc(1, sizeof(*s));
    if (s == NULL)
        goto out;
    s->opts = *opts;
    if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd)) {
        unsigned long long fallback = (unsigned long long)time(NULL) ^ (unsigned)getpid();
        memcpy(rnd, &fallback, sizeof(rnd));
    }
    snprintf(s->request_prefix, sizeof(s->request_prefix), "%02x%02x%02x%02x%02x%02x", rnd[0],
             rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);

    add_ops_route(s, "/healthz", "/healthz", ops_healthz);
    add_ops_route(s, "/readyz", "/readyz", ops_readyz);
    add_ops_route(s, "/metrics", "/metrics", ops_metrics);
    if (opts->openapi_json != NULL) {
        snprintf(s->openapi_path, sizeof(s->openapi_path), "/%s/v1/openapi.json",
                 opts->cfg->service ? opts->cfg->service : "koers");
        add_ops_route(s, s->openapi_path, s->openapi_path, ops_openapi);
    }

    /* the resource kit's SQL, generated once before the first request */
    for (i = 0; i < opts->nroutes; i++)
        if (kc_resource_serves(&opts->routes[i]) &&
            kc_resource_prepare(opts->routes[i].arg) != KC_OK)
            goto out;

    s->nbindings = opts->nroutes + s->nops;
    s->bindings = calloc(s->nbindings, sizeof(*s->bindings));
    if (s->bindings == NULL)
        goto out;
    if (ulfius_init_instance(&s->instance, (unsigned int)opts->cfg->port, NULL, NULL) != U_OK)
        goto out;
    s->instance_ready = 1;
    /* one byte above the limit, so a larger body is seen as such (Ulfius
     * silently truncates at max_post_body_size) */
    s->instance.max_post_body_size = opts->cfg->max_body_bytes + 1;
    s->instance.allowed_post_processor = U_POST_PROCESS_NONE;
    s->instance.timeout = (unsigned int)opts->cfg->http_timeout_s;

    routes = calloc(s->nbindings, sizeof(*routes));
    if (routes == NULL)
        goto out;
    for (i = 0; i < s->nbindings; i++) {
        r = i < opts->nroutes ? &opts->routes[i] : &s->ops_routes[i - opts->nroutes];
        s->bindings[i].server = s;
        s->bindings[i].route = r;
        snprintf(s->bindings[i].metric_key, sizeof(s->bindings[i].metric_key), "%s %s", r->method,
                 r->name ? r->name : r->path);
        routes[i] = r;
    }
    s->table = kc_route_table_new(routes, s->nbindings);
    if (s->table == NULL)
        goto out;
    /* Ulfius wants one endpoint; this one (a method no client uses, and
     * answering as the default anyway) keeps its own matching to one
     * cheap comparison per request: the table dispatches. */
    if (ulfius_add_endpoint_by_val(&s->instance, "KOERS-DISPATCH", NULL, "/", 0, default_trampoline,
                                   s) != U_OK ||
        ulfius_set_default_endpoint(&s->instance, default_trampoline, s) != U_OK) {
        kc_log(KC_LOG_ERROR, NULL, "cannot register the dispatcher");
        goto out;
    }
    *out = s;
    s = NULL;
    st = KC_OK;
out:
    free(routes);
    kc_server_free(s);
    return st;
}

/* Waits (bounded) until no request is in flight and, once the guard
 * drains, every connection is closed: each closes after its answer. */
static void wait_idle(kc_server *s, kc_http_guard *g)
{
    struct timespec pause = {0, 10 * 1000 * 1000};
    int i;

    for (i = 0; i < SHUTDOWN_WAIT_MS / 10; i++) {
        if (atomic_load_explicit(&s->inflight, memory_order_acquire) == 0 &&
            kc_http_guard_open(g) == 0)
            return;
        nanosleep(&pause, NULL);
    }
    kc_log(KC_LOG_WARN, NULL, "stopping with %d requests in flight, %ld connections open",
           atomic_load_explicit(&s->inflight, memory_order_acquire), kc_http_guard_open(g));
}

/* Listens, then blocks in sigwait() until SIGTERM or SIGINT (the caller
 * must have blocked them with kc_signals_block), then drains and stops. */
kc_status kc_server_run(kc_server *s)
{
    const kc_config *cfg = s->opts.cfg;
    struct sockaddr_in sin;
    struct sockaddr_in6 sin6;
    struct sockaddr *sa = NULL;
    unsigned int flags =
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC;
    unsigned int threads = cfg->http_threads < 2 ? 2u : (unsigned int)cfg->http_threads;
    sigset_t set;
    int sig = 0, guarded, n;
    MHD_socket lsock;
    kc_status st = KC_INTERNAL;
    kc_http_guard *guard = NULL;
    unsigned long fds;

    memset(&sin, 0, sizeof(sin));
    memset(&sin6, 0, sizeof(sin6));
    if (inet_pton(AF_INET, cfg->bind_addr, &sin.sin_addr) == 1) {
        sin.sin_family = AF_INET;
        sin.sin_port = htons((uint16_t)cfg->port);
        sa = (struct sockaddr *)&sin;
    } else if (inet_pton(AF_INET6, cfg->bind_addr, &sin6.sin6_addr) == 1) {
        sin6.sin6_family = AF_INET6;
        sin6.sin6_port = htons((uint16_t)cfg->port);
        sa = (struct sockaddr *)&sin6;
        flags |= MHD_USE_IPv6;
    } else {
        kc_log(KC_LOG_ERROR, NULL, "bad bind address %s", cfg->bind_addr);
        goto out;
    }
    /* every connection is a file: room for the limit, the pool and logs */
    fds = kc_http_raise_fd_limit((unsigned long)cfg->http_max_connections + 256);
    if (fds < (unsigned long)cfg->http_max_connections + 256)
        kc_log(KC_LOG_WARN, NULL, "open files limited to %lu: fewer than %d connections fit", fds,
               cfg->http_max_connections);
    guard = kc_http_guard_start(cfg->http_deadline_s);
    if (guard == NULL)
        goto out;
    {
        struct MHD_OptionItem ops[] = {
            {MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)threads, NULL},
            {MHD_OPTION_CONNECTION_LIMIT, (intptr_t)cfg->http_max_connections, NULL},
            {MHD_OPTION_PER_IP_CONNECTION_LIMIT, (intptr_t)cfg->http_max_per_address, NULL},
            {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)cfg->http_timeout_s, NULL},
            {MHD_OPTION_SOCK_ADDR, 0, sa},
            {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)kc_http_guard_notify_connection, guard},
            {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)kc_http_guard_request_completed, guard},
            {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)ulfius_uri_logger, NULL},
            {MHD_OPTION_END, 0, NULL},
        };
        kc_http_guard_begin(guard);
        if (ulfius_start_framework_with_mhd_options(&s->instance, flags, ops) != U_OK) {
            kc_http_guard_end(guard);
            kc_log(KC_LOG_ERROR, NULL, "cannot listen on %s:%d", cfg->bind_addr, cfg->port);
            goto out;
        }
        guarded = kc_http_guard_end(guard);
    }
    if (!guarded) {
        /* the request deadline and framing checks would be missing */
        kc_log(KC_LOG_ERROR, NULL, "the request guard is not in front of the dispatcher");
        ulfius_stop_framework(&s->instance);
        goto out;
    }
    kc_log(
        KC_LOG_INFO, NULL,
        "listening on %s:%d with %u threads, requests due within %d s, idle connections closed after %d s",
        cfg->bind_addr, cfg->port, threads, cfg->http_deadline_s, cfg->http_timeout_s);

    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    if (sigwait(&set, &sig) != 0)
        sig = 0;
    kc_log(KC_LOG_INFO, NULL, "signal %d: stopping, draining requests in flight", sig);

    /* A graceful stop behind a proxy that keeps connections (nginx): no
     * new connection; every answer from now on says Connection: close, so
     * the proxy does not send another request on it; idle connections are
     * shut down at once, so the proxy drops them on their FIN; then the
     * requests still in flight are answered. A request sent on a
     * connection this process closes would fail at the proxy (nginx does
     * not pass on a request it has sent when it streams request bodies). */
    lsock = MHD_quiesce_daemon(s->instance.mhd_daemon);
    if (lsock != MHD_INVALID_SOCKET)
        close(lsock);
    atomic_store_explicit(&s->draining, 1, memory_order_release);
    n = kc_http_guard_drain(guard);
    kc_log(KC_LOG_INFO, NULL, "closed %d idle connections, %ld still open", n,
           kc_http_guard_open(guard));
    wait_idle(s, guard);
    ulfius_stop_framework(&s->instance);
    kc_log(KC_LOG_INFO, NULL, "stopped");
    st = KC_OK;
out:
    kc_http_guard_stop(guard);
    return st;
}

/* Frees the server (after kc_server_run returned, or instead of it). */
void kc_server_free(kc_server *s)
{
    if (s == NULL)
        return;
    if (s->instance_ready)
        ulfius_clean_instance(&s->instance);
    kc_route_table_free(s->table);
    free(s->bindings);
    free(s);
}

/* ---- request access ----------------------------------------------------- */

const char *kc_path_param(const kc_ctx *ctx, const char *name)
{
    return u_map_get(ctx->req->map_url, name);
}

/* Is name a ":name" parameter of the route's path? */
static int is_path_param(const kc_route *r, const char *name)
{
    const char *p = r ? r->path : NULL;
    size_t n = strlen(name);

    while (p != NULL && (p = strchr(p, ':')) != NULL) {
        p++;
        if (strncmp(p, name, n) == 0 && (p[n] == '\0' || p[n] == '/'))
            return 1;
    }
    return 0;
}

const char *kc_query(const kc_ctx *ctx, const char *name)
{
    if (is_path_param(ctx->route, name))
        return NULL;
    return u_map_get(ctx->req->map_url, name);
}

const char *kc_header(const kc_ctx *ctx, const char *name)
{
    return u_map_get_case(ctx->req->map_header, name);
}

int kc_media_type_is(const char *ct, const char *type)
{
    size_t n = strlen(type);

    if (ct == NULL)
        return 0;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    if (strncasecmp(ct, type, n) != 0)
        return 0;
    ct += n;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    return *ct == '\0' || *ct == ';';
}

kc_status kc_read_json_body(const kc_ctx *ctx, json_t **out, kc_problem *pb)
{
    const char *ct = kc_header(ctx, "Content-Type");
    json_error_t jerr;
    json_t *doc = NULL;
    kc_status st = KC_OK;

    *out = NULL;
    if (!kc_media_type_is(ct, "application/json")) {
        st = kc_problem_set(pb, KC_UNSUPPORTED_MEDIA,
                            "the request body must be application/json (got %s)",
                            ct ? ct : "no Content-Type");
        goto out;
    }
    if (ctx->req->binary_body == NULL || ctx->req->binary_body_length == 0) {
        st = kc_problem_set(pb, KC_BAD_REQUEST, "the request body is empty");
        goto out;
    }
    doc = json_loadb(ctx->req->binary_body, ctx->req->binary_body_length, JSON_REJECT_DUPLICATES,
                     &jerr);
    if (doc == NULL) {
        st =
            kc_problem_set(pb, KC_BAD_REQUEST, "malformed JSON at line %d, column %d (byte %d): %s",
                           jerr.line, jerr.column, jerr.position, jerr.text);
        goto out;
    }
    if (!json_is_object(doc)) {
        st = kc_problem_set(pb, KC_BAD_REQUEST, "the request body must be a JSON object");
        goto out;
    }
    *out = doc;
    doc = NULL;
out:
    json_decref(doc);
    return st;
}

kc_status kc_validate_query(const kc_ctx *ctx, const kc_field *fields, size_t n, kc_problem *pb)
{
    const char **keys = u_map_enum_keys(ctx->req->map_url);
    const char *value;
    char reason[256];
    size_t i, k;
    int faults = 0;

    for (k = 0; keys != NULL && keys[k] != NULL; k++) {
        if (is_path_param(ctx->route, keys[k]))
            continue;
        for (i = 0; i < n; i++) {
            if (strcmp(fields[i].name, keys[k]) == 0)
                break;
        }
        if (i == n) {
            kc_problem_add_field(pb, keys[k], "unknown query parameter");
            faults++;
            continue;
        }
        value = u_map_get(ctx->req->map_url, keys[k]);
        if (!kc_validate_value(&fields[i], value ? value : "", reason, sizeof(reason))) {
            kc_problem_add_field(pb, keys[k], reason);
            faults++;
        }
    }
    if (faults == 0)
        return KC_OK;
    return kc_problem_set(pb, KC_BAD_REQUEST, "%d query parameter%s %s invalid", faults,
                          faults == 1 ? "" : "s", faults == 1 ? "is" : "are");
}

/* ---- responses ---------------------------------------------------------- */

kc_status kc_respond_json(kc_ctx *ctx, int http_status, json_t *body)
{
    kc_status st = KC_OK;

    if (body == NULL) {
        ulfius_set_string_body_response(ctx->resp, 500, "");
        st = KC_INTERNAL;
        goto out;
    }
    set_json_body(ctx->resp, http_status, body, "application/json");
out:
    json_decref(body);
    return st;
}

kc_status kc_respond_json_text(kc_ctx *ctx, int http_status, const kc_json_text *text,
                               long long version)
{
    if (text == NULL || text->failed || text->len == 0 || text->depth != 0)
        return KC_INTERNAL;
    if (version >= 0)
        kc_set_etag(ctx, version);
    ulfius_set_binary_body_response(ctx->resp, (unsigned int)http_status, text->buf, text->len);
    u_map_put(ctx->resp->map_header, "Content-Type", "application/json");
    return KC_OK;
}

kc_status kc_respond_doc(kc_ctx *ctx, kc_status st, json_t *doc)
{
    if (st == KC_OK)
        return kc_respond_json(ctx, 200, doc);
    json_decref(doc);
    return st;
}

kc_status kc_respond_doc_self(kc_ctx *ctx, kc_status st, json_t *doc)
{
    char *self = NULL;

    if (st == KC_OK) {
        self = kc_self_url(ctx, NULL);
        json_object_set_new(doc, "_links",
                            json_pack("{s:{s:s}}", "self", "href", self != NULL ? self : ""));
        free(self);
    }
    return kc_respond_doc(ctx, st, doc);
}

kc_status kc_respond_empty(kc_ctx *ctx, int http_status)
{
    return ulfius_set_empty_body_response(ctx->resp, (unsigned int)http_status) == U_OK
               ? KC_OK
               : KC_INTERNAL;
}

void kc_set_header(kc_ctx *ctx, const char *name, const char *value)
{
    u_map_put(ctx->resp->map_header, name, value);
}

void kc_set_no_store(kc_ctx *ctx)
{
    u_map_put(ctx->resp->map_header, "Cache-Control", "no-store");
}

void kc_set_etag(kc_ctx *ctx, long long version)
{
    char tag[32];

    snprintf(tag, sizeof(tag), "\"%lld\"", version);
    u_map_put(ctx->resp->map_header, "ETag", tag);
}

kc_status kc_if_match(const kc_ctx *ctx, long long *expected, kc_problem *pb)
{
    const char *h = kc_header(ctx, "If-Match");
    const char *p;
    long long v = 0;
    int digits = 0;

    *expected = -1;
    if (h == NULL)
        return KC_OK;
    p = h;
    while (*p == ' ' || *p == '\t')
        p++;
    if (p[0] == '*' && (p[1] == '\0' || p[1] == ' '))
        return KC_OK;
    if (p[0] == 'W' && p[1] == '/')
        p += 2;
    if (*p++ != '"')
        goto bad;
    while (*p >= '0' && *p <= '9' && digits < 18) {
        v = v * 10 + (*p++ - '0');
        digits++;
    }
    if (digits == 0 || *p++ != '"')
        goto bad;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '\0')
        goto bad;
    *expected = v;
    return KC_OK;
bad:
    kc_problem_set(pb, KC_BAD_REQUEST, "If-Match must be an entity tag such as \"3\"");
    kc_problem_add_field(pb, "If-Match", "must be \"<version>\"");
    return KC_BAD_REQUEST;
}

/* Host header limited to host[:port] characters, else "localhost". */
static const char *safe_host(const char *h)
{
    size_t i;

    if (h == NULL || h[0] == '\0' || strlen(h) > 255)
        return "localhost";
    for (i = 0; h[i] != '\0'; i++) {
        char c = h[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
            return "localhost";
    }
    return h;
}

/* path (from '/', up to a '?') on the public base: KOERS_PUBLIC_BASE_URL,
 * else http://<Host>; characters outside a path's percent-encoded. */
static char *public_url(const kc_ctx *ctx, const char *path, const char *query)
{
    static const char hex[] = "0123456789ABCDEF";
    const kc_config *cfg = ctx->server ? ctx->server->opts.cfg : NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    const unsigned char *p;

    if (f == NULL)
        return NULL;
    if (cfg != NULL && cfg->public_base_url[0] != '\0')
        fputs(cfg->public_base_url, f);
    else
        fprintf(f, "http://%s", safe_host(kc_header(ctx, "Host")));
    for (p = (const unsigned char *)path; *p != '\0' && *p != '?'; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~:@!$&'()*+,;=", *p) != NULL)
            fputc(*p, f);
        else
            fprintf(f, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
    if (query != NULL && query[0] != '\0')
        fprintf(f, "?%s", query);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

char *kc_self_url(const kc_ctx *ctx, const char *query)
{
    return public_url(ctx, ctx->req->url_path ? ctx->req->url_path : "/", query);
}

char *kc_public_url(const kc_ctx *ctx, const char *path)
{
    return public_url(ctx, path, NULL);
}

void kc_absolute_hrefs(const kc_ctx *ctx, json_t *doc)
{
    const char *key;
    json_t *v;
    size_t i;
    char *url;

    if (json_is_array(doc)) {
        json_array_foreach(doc, i, v)
        {
            kc_absolute_hrefs(ctx, v);
        }
        return;
    }
    json_object_foreach(doc, key, v)
    {
        if (strcmp(key, "href") == 0 && json_is_string(v) && json_string_value(v)[0] == '/') {
            url = public_url(ctx, json_string_value(v), NULL);
            if (url != NULL)
                json_string_set(v, url); /* in place: doc is being walked */
            free(url);
        } else if (json_is_object(v) || json_is_array(v)) {
            kc_absolute_hrefs(ctx, v);
        }
    }
}

/* SHA-256 hex of method "\n" path "\n" body with OpenSSL EVP. */
static int request_hash(const kc_ctx *ctx, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0, i;
    const char *method = ctx->req->http_verb ? ctx->req->http_verb : "";
    const char *path = ctx->req->url_path ? ctx->req->url_path : "";
    int ok = 0;

    if (md == NULL)
        goto out;
    if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 ||
        EVP_DigestUpdate(md, method, strlen(method)) != 1 || EVP_DigestUpdate(md, "\n", 1) != 1 ||
        EVP_DigestUpdate(md, path, strlen(path)) != 1 || EVP_DigestUpdate(md, "\n", 1) != 1)
        goto out;
    if (ctx->req->binary_body_length > 0 &&
        EVP_DigestUpdate(md, ctx->req->binary_body, ctx->req->binary_body_length) != 1)
        goto out;
    if (EVP_DigestFinal_ex(md, digest, &dlen) != 1 || dlen != 32)
        goto out;
    for (i = 0; i < dlen; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[64] = '\0';
    ok = 1;
out:
    EVP_MD_CTX_free(md);
    return ok;
}

kc_status kc_idem_from_ctx(const kc_ctx *ctx, struct kc_idem *idem, kc_problem *pb)
{
    const char *key = kc_header(ctx, "Idempotency-Key");
    size_t i, len;

    memset(idem, 0, sizeof(*idem));
    if (key == NULL)
        return KC_OK;
    len = strlen(key);
    if (len == 0 || len >= sizeof(idem->key)) {
        kc_problem_add_field(pb, "Idempotency-Key", "must be 1..255 characters");
        return kc_problem_set(pb, KC_BAD_REQUEST, "Idempotency-Key must be 1..255 characters");
    }
    for (i = 0; i < len; i++) {
        if ((unsigned char)key[i] < 0x20 || (unsigned char)key[i] > 0x7e) {
            kc_problem_add_field(pb, "Idempotency-Key", "must be printable ASCII");
            return kc_problem_set(pb, KC_BAD_REQUEST,
                                  "Idempotency-Key must be printable ASCII characters");
        }
    }
    if (!request_hash(ctx, idem->request_hash))
        return kc_problem_set(pb, KC_INTERNAL, "SHA-256 failed");
    memcpy(idem->key, key, len + 1);
    snprintf(idem->tenant_id, sizeof(idem->tenant_id), "%s", ctx->principal.tenant_id);
    idem->active = 1;
    return KC_OK;
}

/* What a create handler reads and calls: the Idempotency-Key and the JSON
 * body, then create(pool, ...) or, with create_on, create_on(pool, ..., :id,
 * ...); on success *answer (the caller's) and the Idempotent-Replayed
 * header of a replay. */
static kc_status run_create(kc_ctx *ctx, kc_db_pool *pool, kc_create_fn create,
                            kc_create_on_fn create_on, json_t **answer, kc_problem *pb)
{
    json_t *body = NULL;
    kc_idem idem;
    int replayed = 0;
    kc_status st;

    *answer = NULL;
    st = kc_idem_from_ctx(ctx, &idem, pb);
    if (st == KC_OK)
        st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK && create != NULL)
        st = create(pool, &ctx->principal, &idem, body, answer, &replayed, pb);
    else if (st == KC_OK)
        st = create_on(pool, &ctx->principal, kc_path_param(ctx, "id"), &idem, body, answer,
                       &replayed, pb);
    if (st == KC_OK && replayed)
        kc_set_header(ctx, "Idempotent-Replayed", "true");
    json_decref(body);
    return st;
}

kc_status kc_http_create(kc_ctx *ctx, kc_db_pool *pool, kc_create_fn create, const char *base,
                         kc_problem *pb)
{
    json_t *answer = NULL;
    const char *id;
    kc_status st;

    st = run_create(ctx, pool, create, NULL, &answer, pb);
    if (st != KC_OK) {
        json_decref(answer);
        return st;
    }
    kc_absolute_hrefs(ctx, answer);
    id = json_string_value(json_object_get(answer, "id"));
    /* a created resource is at version 1; a replay answers the creation again */
    return kc_respond_resource(ctx, 201, answer, 1, id ? base : NULL, id ? id : "");
}

kc_status kc_http_create_on(kc_ctx *ctx, kc_create_on_fn fn, const char *base, kc_problem *pb)
{
    json_t *answer = NULL;
    const char *id;
    long long version;
    kc_status st;

    st = run_create(ctx, kc_ctx_pool(ctx), NULL, fn, &answer, pb);
    if (st != KC_OK) {
        json_decref(answer);
        return st;
    }
    id = json_string_value(json_object_get(answer, "id"));
    version = json_integer_value(json_object_get(answer, "version"));
    return kc_respond_resource(ctx, 201, answer,
                               json_is_integer(json_object_get(answer, "version")) ? version : -1,
                               id && base ? base : NULL, id ? id : "");
}

kc_status kc_http_items_on(kc_ctx *ctx, kc_read_on_fn fn, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = fn(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &out, pb);
    return kc_respond_doc_self(ctx, st, out);
}

kc_status kc_http_get_on(kc_ctx *ctx, kc_read_on_fn fn, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = fn(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &out, pb);
    return kc_respond_doc(ctx, st, out);
}

kc_status kc_http_post_on(kc_ctx *ctx, int http_status, kc_post_on_fn fn, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = fn(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), body, &out, pb);
    if (st == KC_OK) {
        st = kc_respond_resource(ctx, http_status, out, -1, NULL, NULL);
        out = NULL;
    }
    json_decref(out);
    json_decref(body);
    return st;
}

kc_status kc_http_put_member(kc_ctx *ctx, const char *param, kc_put_member_fn fn, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    int added = 0;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = fn(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                kc_path_param(ctx, param), body, &out, &added, pb);
    if (st == KC_OK) {
        st = kc_respond_resource(ctx, added ? 201 : 200, out, -1, NULL, NULL);
        out = NULL;
    }
    json_decref(out);
    json_decref(body);
    return st;
}

kc_status kc_http_remove_member(kc_ctx *ctx, const char *param, kc_remove_member_fn fn,
                                kc_problem *pb)
{
    kc_status st;

    st = fn(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), kc_path_param(ctx, param),
            pb);
    if (st == KC_OK)
        st = kc_respond_empty(ctx, 204);
    return st;
}

kc_status kc_read_patch(kc_ctx *ctx, long long *if_match, json_t **body, kc_problem *pb)
{
    kc_status st;

    *body = NULL;
    st = kc_if_match(ctx, if_match, pb);
    if (st == KC_OK)
        st = kc_read_json_body(ctx, body, pb);
    return st;
}

kc_status kc_respond_resource(kc_ctx *ctx, int http_status, json_t *body, long long version,
                              const char *location_base, const char *id)
{
    char location[256];

    if (body == NULL)
        return KC_INTERNAL;
    /* id may point into body, which kc_respond_json takes: use it first */
    if (location_base != NULL) {
        snprintf(location, sizeof(location), "%s/%s", location_base, id);
        kc_set_header(ctx, "Location", location);
    }
    if (version >= 0)
        kc_set_etag(ctx, version);
    return kc_respond_json(ctx, http_status, body);
}

kc_status kc_respond_action(kc_ctx *ctx, kc_action_fn fn, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    long long if_match = -1, version = -1;
    kc_status st;

    st = kc_if_match(ctx, &if_match, pb);
    if (st == KC_OK)
        st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = fn(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), body, if_match, &out,
                &version, pb);
    if (st == KC_OK) {
        st = kc_respond_resource(ctx, 200, out, version, NULL, NULL);
        out = NULL;
    }
    json_decref(out);
    json_decref(body);
    return st;
}

kc_status kc_authenticate_key(kc_ctx *ctx, const char *key, kc_problem *pb)
{
    kc_auth *auth = ctx->server != NULL ? ctx->server->opts.auth : NULL;
    kc_status st;

    if (auth == NULL)
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "authentication is not configured");
    if (key != NULL && key[0] != '\0')
        st = kc_auth_authenticate(auth, NULL, key, &ctx->principal, pb);
    else
        st = kc_auth_authenticate(auth, kc_header(ctx, "Authorization"),
                                  kc_header(ctx, "X-API-Key"), &ctx->principal, pb);
    if (st == KC_OK && ctx->route != NULL)
        st = kc_route_admit(ctx->route, &ctx->principal, pb);
    return st;
}
