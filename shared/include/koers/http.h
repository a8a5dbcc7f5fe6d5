#ifndef KOERS_HTTP_H
#define KOERS_HTTP_H

#include <ulfius.h>
#include "koers/json_text.h"
#include <jansson.h>
#include "koers/auth.h"
#include "koers/config.h"
#include "koers/problem.h"
#include "koers/validate.h"

struct kc_db_pool;
struct kc_outbox_relay;

/* One request as a handler sees it. */
typedef struct kc_ctx {
    const struct _u_request *req;
    struct _u_response *resp;
    const struct kc_route *route;
    struct kc_server *server;
    void *app;           /* the service's own state                        */
    char request_id[65]; /* from X-Request-Id (1..64 safe chars) or generated */
    kc_principal principal;
} kc_ctx;

/* A handler decodes the request, calls the service, and either answers
 * with kc_respond_* and returns KC_OK, or returns an error status with pb
 * filled, which the server renders as application/problem+json. */
typedef kc_status (*kc_handler)(kc_ctx *ctx, kc_problem *pb);

/* Who a route admits. is_public: no credential is asked (the handler may
 * authenticate a credential it finds itself). Otherwise a staff caller
 * holding one of `roles` (space-separated; NULL = no staff, admin neither;
 * else "admin" too)
 * or an API key holding `scope` (space-separated, any one; NULL = no key). */
typedef struct kc_access {
    int is_public;
    const char *roles;
    const char *scope;
} kc_access;
/* clang-format off */
#define KC_PUBLIC              {1, NULL, NULL}
#define KC_ALLOW(roles, scope) {0, (roles), (scope)}
/* A public route whose handler finds the credential itself (Open311's
 * api_key in the form or the query string): kc_authenticate_key admits only
 * the callers KC_ALLOW(roles, scope) would. */
#define KC_SELF_AUTH(roles, scope) {1, (roles), (scope)}
/* clang-format on */

/* One row of a service's endpoint table. `path` uses :name for parameters
 * ("/casedesk/v1/cases/:id"); `name` is the metrics label and the OpenAPI
 * path ("/casedesk/v1/cases/{id}"). The server refuses a caller `access`
 * does not admit before the handler runs: 401 without a credential, 403
 * when it is not admitted. Rules that depend on the data (an official reads
 * only the referrals sent to them) stay in the service. */
typedef struct kc_route {
    const char *method;
    const char *path;
    const char *name;
    kc_access access;
    kc_handler handler;
    const void *arg; /* the handler's own argument (e.g. a resource descriptor); NULL if none */
} kc_route;

/* Does r admit p? KC_OK for a public route that names nobody; otherwise
 * kc_authorize(p, r->access.roles, r->access.scope): KC_UNAUTHENTICATED
 * when p is NULL or no one, KC_FORBIDDEN when not admitted (pb names what
 * was needed; pb may be NULL). */
kc_status kc_route_admit(const kc_route *r, const kc_principal *p, kc_problem *pb) KC_MUST_CHECK;

/* Checks a route table: each route has a method, a path and a handler,
 * and a non-public route admits someone (roles or scope), so a forgotten
 * declaration cannot lock a route silently. KC_INVALID for an incomplete
 * route, KC_INTERNAL for one that admits no one; the fault is logged. */
kc_status kc_routes_check(const kc_route *routes, size_t n) KC_MUST_CHECK;

typedef struct kc_server kc_server;

/* A service that speaks another standard on some of its paths (casedesk's
 * Open311) answers its failures there in that standard's format: given
 * the request and the problem (status and detail set, a 5xx already
 * logged), the renderer sets resp's status, body and Content-Type and
 * returns 1; 0 leaves the answer to application/problem+json. It runs for
 * every failure of the service: the handlers', the server's own (body too
 * large, 401/403 of the route table) and unmatched paths (404, 405). */
typedef int (*kc_problem_renderer)(const struct _u_request *req, struct _u_response *resp,
                                   const kc_problem *pb);

typedef struct kc_server_opts {
    const kc_config *cfg;
    const kc_route *routes;
    size_t nroutes;
    void *app;
    const char *api_version;              /* full semver, sent as API-Version     */
    const char *openapi_json;             /* served at /<service>/v1/openapi.json */
    struct kc_db_pool *pool;              /* for /readyz and pool gauges          */
    struct kc_outbox_relay *relay;        /* for /readyz and outbox gauges        */
    kc_auth *auth;                        /* authenticates non-public routes      */
    kc_problem_renderer problem_renderer; /* optional: see above            */
    int migrated;                         /* 1 once the schema's migrations are applied: /readyz
                                           * answers 200 only then (and while PostgreSQL answers) */
} kc_server_opts;

/* Blocks SIGTERM, SIGINT and SIGPIPE in the calling thread. main() calls
 * it first, before any thread starts, so every thread inherits the mask and
 * kc_server_run can sigwait() for the stop signal. */
void kc_signals_block(void);

/* Builds the server (routes + /healthz, /readyz, /metrics, openapi.json,
 * 404/405 problems). Does not listen yet. A route table kc_routes_check
 * refuses is refused here (KC_INVALID, KC_INTERNAL). */
kc_status kc_server_create(const kc_server_opts *opts, kc_server **out) KC_MUST_CHECK;

/* Listens on cfg bind address/port with an epoll thread pool and blocks
 * until SIGTERM or SIGINT; then stops accepting, lets requests in flight
 * finish, and returns KC_OK. */
kc_status kc_server_run(kc_server *s) KC_MUST_CHECK;
void kc_server_free(kc_server *s);

/* The connection pool the server was given (kc_server_opts.pool), for
 * handlers in shared/ that know no service's state. */
struct kc_db_pool *kc_ctx_pool(const kc_ctx *ctx);

/* Request access. Returned strings are borrowed from the request. */
const char *kc_path_param(const kc_ctx *ctx, const char *name);
const char *kc_query(const kc_ctx *ctx, const char *name);
const char *kc_header(const kc_ctx *ctx, const char *name);

/* 1 when the Content-Type value ct (NULL: none) is the media type type
 * (case-insensitive), with or without parameters ("; charset=utf-8"). */
int kc_media_type_is(const char *ct, const char *type);

/* The JSON object body: KC_UNSUPPORTED_MEDIA if Content-Type is not
 * application/json, KC_BAD_REQUEST if malformed or not an object. */
kc_status kc_read_json_body(const kc_ctx *ctx, json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Validates the query string: each parameter present is checked against its
 * field; a parameter not in the list is a fault. KC_BAD_REQUEST with the
 * parameters named. */
kc_status kc_validate_query(const kc_ctx *ctx, const kc_field *fields, size_t n,
                            kc_problem *pb) KC_MUST_CHECK;

/* Answers with JSON (steals body). */
kc_status kc_respond_json(kc_ctx *ctx, int http_status, json_t *body);
/* Answers with JSON text written directly (koers/json_text.h; borrowed)
 * and, when version >= 0, its ETag. KC_INTERNAL (nothing answered) when
 * the text failed. */
kc_status kc_respond_json_text(kc_ctx *ctx, int http_status, const kc_json_text *text,
                               long long version);
/* The end of a handler whose service answered a document: when st is
 * KC_OK, answers 200 with doc; otherwise frees doc (NULL is fine). Steals
 * doc; returns what the handler returns. */
kc_status kc_respond_doc(kc_ctx *ctx, kc_status st, json_t *doc);
/* kc_respond_doc of a list that has no pages ({items, ...}): the answer
 * gets _links.self.href, the URL of this request. Steals doc. */
kc_status kc_respond_doc_self(kc_ctx *ctx, kc_status st, json_t *doc);
kc_status kc_respond_empty(kc_ctx *ctx, int http_status);
void kc_set_header(kc_ctx *ctx, const char *name, const char *value);
/* Cache-Control: no-store on the response: no cache (a browser's, a
 * proxy's) may keep it. Every answer that carries personal data or a
 * secret token (a tracking, referral-link, invitation or signing token)
 * calls it; an error answer keeps it, which does no harm. */
void kc_set_no_store(kc_ctx *ctx);

/* ETag "\"<version>\"" on the response. */
void kc_set_etag(kc_ctx *ctx, long long version);
/* If-Match: *expected is -1 when absent; KC_BAD_REQUEST if malformed. */
kc_status kc_if_match(const kc_ctx *ctx, long long *expected, kc_problem *pb) KC_MUST_CHECK;

/* Absolute URL of this request's path with the query replaced by `query`
 * (already encoded; may be NULL), for "next" links. Caller frees. */
char *kc_self_url(const kc_ctx *ctx, const char *query);
/* The absolute URL of path ("/…"; "" for the base itself, no slash at the
 * end) on the public base: KOERS_PUBLIC_BASE_URL, else http://<Host>.
 * Caller frees; NULL when out of memory. */
char *kc_public_url(const kc_ctx *ctx, const char *path);
/* Makes every "href" member in doc (at any depth) that is a path ("/…")
 * an absolute URL on the same base as kc_self_url. Services build links
 * as paths. */
void kc_absolute_hrefs(const kc_ctx *ctx, json_t *doc);

/* Reads what a PATCH sends: If-Match into *if_match (-1 when absent) and
 * the JSON object body into *body (the caller's, json_decref; NULL when
 * this fails). A malformed If-Match is KC_BAD_REQUEST before the body is
 * read. */
kc_status kc_read_patch(kc_ctx *ctx, long long *if_match, json_t **body,
                        kc_problem *pb) KC_MUST_CHECK;

/* Answers with body (stolen; KC_INTERNAL when NULL), an ETag of version
 * (none when version < 0) and, when location_base is not NULL, Location:
 * <location_base>/<id>. */
kc_status kc_respond_resource(kc_ctx *ctx, int http_status, json_t *body, long long version,
                              const char *location_base, const char *id);

/* A service's action on the resource of the path's :id (a status move, a
 * decision): with the caller, the request's JSON body and If-Match (-1 when
 * absent) it answers the resource afterwards in *out (a new reference)
 * at *version. */
typedef kc_status (*kc_action_fn)(struct kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const json_t *body, long long if_match, json_t **out,
                                  long long *version, kc_problem *pb);

/* The whole handler of such an action: reads If-Match and the JSON body,
 * calls fn with the service's pool, the caller and :id, answers 200 with
 * the resource and its ETag. */
kc_status kc_respond_action(kc_ctx *ctx, kc_action_fn fn, kc_problem *pb) KC_MUST_CHECK;

struct kc_idem;
/* Fills idem from the Idempotency-Key header and the caller's tenant
 * (idem->active = 0 when there is none; a key over 255 characters is
 * KC_BAD_REQUEST). */
kc_status kc_idem_from_ctx(const kc_ctx *ctx, struct kc_idem *idem, kc_problem *pb) KC_MUST_CHECK;

/* A service's create with an Idempotency-Key: the body in, *answer (a new
 * reference, the created resource with its "id") out, *replayed = 1 when a
 * repeated key answers the first creation again. */
typedef kc_status (*kc_create_fn)(struct kc_db_pool *pool, const kc_principal *p,
                                  const struct kc_idem *idem, const json_t *body, json_t **answer,
                                  int *replayed, kc_problem *pb);

/* The handler of a create: reads the Idempotency-Key and the JSON body,
 * calls create(pool, caller, ...) and answers 201 with the answer (its
 * links absolute, kc_absolute_hrefs), an ETag of version 1, Location:
 * <base>/<id> and, on a replay, Idempotent-Replayed: true. */
kc_status kc_http_create(kc_ctx *ctx, struct kc_db_pool *pool, kc_create_fn create,
                         const char *base, kc_problem *pb) KC_MUST_CHECK;

/* A service's POST on the resource of the path's :id that records
 * something under it once per Idempotency-Key (a decision, a measurement,
 * a split): the caller, :id and the body in, *answer (a new reference)
 * out, *replayed = 1 when a repeated key answers the first time again. */
typedef kc_status (*kc_create_on_fn)(struct kc_db_pool *pool, const kc_principal *p, const char *id,
                                     const struct kc_idem *idem, const json_t *body,
                                     json_t **answer, int *replayed, kc_problem *pb);

/* The handler of such a POST: reads the Idempotency-Key and the JSON body,
 * calls fn with the server's pool (kc_ctx_pool), the caller and :id, and
 * answers 201 with the answer as it is, with an ETag of its "version" when
 * it has one (a created resource), on a replay with Idempotent-Replayed:
 * true, and, when base is not NULL and the answer has an "id", with
 * Location: <base>/<id>. */
kc_status kc_http_create_on(kc_ctx *ctx, kc_create_on_fn fn, const char *base,
                            kc_problem *pb) KC_MUST_CHECK;

/* A service's read of what is under the resource of the path's :id (a
 * group's members, an activity's attendance): the caller and :id in, *out
 * (a new reference, the caller's) out. */
typedef kc_status (*kc_read_on_fn)(struct kc_db_pool *pool, const kc_principal *p, const char *id,
                                   json_t **out, kc_problem *pb);

/* The handler of a GET of such a read: the query must be empty
 * (kc_validate_query), fn runs with the server's pool (kc_ctx_pool), the
 * caller and :id, and the answer is 200 with its document. */
kc_status kc_http_get_on(kc_ctx *ctx, kc_read_on_fn fn, kc_problem *pb) KC_MUST_CHECK;

/* kc_http_get_on of a list without pages (fn answers {"items": [...]}):
 * the document is answered with "_links": {"self": {"href": <this URL>}}. */
kc_status kc_http_items_on(kc_ctx *ctx, kc_read_on_fn fn, kc_problem *pb) KC_MUST_CHECK;

/* A service's POST on the resource of the path's :id without an
 * Idempotency-Key (a check-in, a status of one's own): the caller, :id and
 * the JSON body in, *out (a new reference) out. */
typedef kc_status (*kc_post_on_fn)(struct kc_db_pool *pool, const kc_principal *p, const char *id,
                                   const json_t *body, json_t **out, kc_problem *pb);

/* The handler of such a POST: reads the JSON body, calls fn with the
 * server's pool, the caller and :id, and answers http_status (201 for
 * something created, 200) with *out as it is (no ETag, no Location). */
kc_status kc_http_post_on(kc_ctx *ctx, int http_status, kc_post_on_fn fn,
                          kc_problem *pb) KC_MUST_CHECK;

/* A service's PUT of the member :<param> of the resource of the path's :id
 * (a person in a group, a participant of an activity): the caller, :id,
 * the member's id and the JSON body in; *out (a new reference) the member,
 * *added 1 when it was not one before. */
typedef kc_status (*kc_put_member_fn)(struct kc_db_pool *pool, const kc_principal *p,
                                      const char *id, const char *member_id, const json_t *body,
                                      json_t **out, int *added, kc_problem *pb);

/* The handler of such a PUT: reads the JSON body, calls fn with the
 * server's pool, the caller, :id and :<param>, and answers 201 with the
 * member when it was added, 200 when it was changed (no ETag). */
kc_status kc_http_put_member(kc_ctx *ctx, const char *param, kc_put_member_fn fn,
                             kc_problem *pb) KC_MUST_CHECK;

/* A service's DELETE of the member :<param> of the resource of :id. */
typedef kc_status (*kc_remove_member_fn)(struct kc_db_pool *pool, const kc_principal *p,
                                         const char *id, const char *member_id, kc_problem *pb);

/* The handler of such a DELETE: calls fn with the server's pool, the
 * caller, :id and :<param>, and answers 204. */
kc_status kc_http_remove_member(kc_ctx *ctx, const char *param, kc_remove_member_fn fn,
                                kc_problem *pb) KC_MUST_CHECK;

/* Authenticates a credential a public route found itself (such as
 * Open311's api_key in the form or the query string) into ctx->principal,
 * then admits it as the route declares (KC_SELF_AUTH; a route that names
 * nobody admits every valid credential). key is taken as an API key (never
 * a JWT); when key is NULL or empty the request's Authorization / X-API-Key
 * headers are used, as for a non-public route. KC_UNAUTHENTICATED when
 * there is no credential or it is not valid, KC_FORBIDDEN when the route
 * does not admit it; KC_UNAVAILABLE when the database is down. */
kc_status kc_authenticate_key(kc_ctx *ctx, const char *key, kc_problem *pb) KC_MUST_CHECK;

/* Decodes application/x-www-form-urlencoded text (len bytes) into a new
 * JSON object of strings (*out, the caller's): "+" is a space, %XX a byte,
 * a name without "=" has the value "". A name ending in "[]" may repeat
 * and holds the array of its values (at most 1000). A malformed escape, a
 * name or value that is not UTF-8, an empty name or another name given
 * twice is KC_BAD_REQUEST naming it (*out NULL). */
kc_status kc_form_decode(const char *text, size_t len, json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Decodes a multipart/form-data body (RFC 7578; len bytes) into a new JSON
 * object like kc_form_decode's (*out, the caller's): content_type is the
 * request's Content-Type, whose boundary parameter (1..70 characters,
 * quoted or not, in any parameter order) delimits the parts. Each part's
 * Content-Disposition name (quoted or not) is the field; a part with a
 * filename (a file upload) is left out. A missing or bad boundary, a body
 * without its delimiters or close delimiter, a part without a name or
 * with text that is not UTF-8, and the duplicate rule of kc_form_decode
 * are KC_BAD_REQUEST (*out NULL). */
kc_status kc_multipart_decode(const char *content_type, const char *body, size_t len, json_t **out,
                              kc_problem *pb) KC_MUST_CHECK;

/* The request body as a form: kc_form_decode for
 * application/x-www-form-urlencoded, kc_multipart_decode for
 * multipart/form-data (parameters allowed); another Content-Type is
 * KC_UNSUPPORTED_MEDIA; an empty urlencoded body is an empty object. */
kc_status kc_read_form_body(const kc_ctx *ctx, json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
