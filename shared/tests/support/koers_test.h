#ifndef KOERS_TEST_H
#define KOERS_TEST_H

/* Helpers of the unit tests (linked into every test as libkoers_test.a):
 * a handler called directly through a request context, without a server,
 * and fakes of the layer below. Include after <cmocka.h>. */
#include <jansson.h>
#include "koers/auth.h"
#include "koers/http.h"
#include "koers/outbox.h"
#include "koers/problem.h"

/* One request to a handler, and what the client got back. Fill it with
 * kt_request_init and the kt_request_* setters, call kt_request_run, read
 * kt_status, kt_header and body; kt_request_clear frees it. Lives on the
 * test's stack. */
typedef struct kt_request {
    struct _u_request req;
    struct _u_response resp;
    kc_route route;   /* method and path (":name" parameters) of the route */
    kc_ctx ctx;       /* what the handler gets; ctx.app is the test's      */
    kc_problem pb;    /* the problem the handler filled, as it left it     */
    kc_status status; /* what the handler returned                         */
    json_t *body;     /* the answer's JSON body (NULL when none)           */
} kt_request;

/* A staff caller of tenant_id signed in as subject with roles
 * (space-separated), as the authenticator makes one from a JWT. */
kc_principal kt_staff(const char *tenant_id, const char *subject, const char *roles);

/* A request `method url_path` routed by route_path ("/surveys/v1/surveys/:id":
 * its ":name" segments are path parameters, not query parameters, as for a
 * served route). Path and query parameters are then set with
 * kt_request_param. No principal (see kt_request_staff), no app. */
void kt_request_init(kt_request *t, const char *method, const char *route_path,
                     const char *url_path);
/* A path or query parameter (both are in the request's URL map). */
void kt_request_param(kt_request *t, const char *name, const char *value);
void kt_request_header(kt_request *t, const char *name, const char *value);
/* The body json_text (copied) with Content-Type: application/json. */
void kt_request_json(kt_request *t, const char *json_text);
/* The caller is a staff member of tenant_id with the space-separated roles. */
void kt_request_staff(kt_request *t, const char *tenant_id, const char *subject, const char *roles);

/* Calls handler on the request as the server would, and renders what it
 * returned: its answer, or (when it returns a status other than KC_OK) the
 * application/problem+json document the client would get. Returns what the
 * handler returned; t->body is the answer's JSON, when it has one. */
kc_status kt_request_run(kt_request *t, kc_handler handler);

/* The HTTP status, and a response header (NULL when absent). */
int kt_status(const kt_request *t);
const char *kt_header(const kt_request *t, const char *name);
void kt_request_clear(kt_request *t);

/* 1 if invalid_params (the "invalidParams" array of a problem, or a
 * kc_problem's invalid_params) names the field `name`. */
int kt_invalid_param(const json_t *invalid_params, const char *name);

/* Declares the fake __wrap_<fn> of a function the test fakes (named in its
 * WRAP line) with the type of fn, whose header must be included: a fake that
 * no longer matches the function it replaces does not compile. Write
 * `KT_FAKE(survey_repo_get);` and then define __wrap_survey_repo_get. */
#define KT_FAKE(fn) __typeof__(fn) __wrap_##fn

/* A fake of a function of the layer below that the test never reaches: the
 * linker needs a definition of __wrap_<fn> once <fn> is in the WRAP line
 * (which keeps the real one out of the test); reaching it fails the test.
 * The definition takes no arguments: only its name matters to the linker. */
#define KT_UNREACHED(fn)                                                                           \
    void __wrap_##fn(void);                                                                        \
    void __wrap_##fn(void)                                                                         \
    {                                                                                              \
        fail_msg("%s was called; this test does not expect it", #fn);                              \
    }

/* The route/spec contract of a service (kc_routes_spec_check): fails the
 * test, printing every difference, unless the route table (n routes, at
 * least one) and the OpenAPI document openapi_json name the same
 * operations. spec names the document in the message
 * ("api-spec/casedesk.yaml"). */
void kt_routes_agree(const kc_route *routes, size_t n, const char *openapi_json, const char *spec);

/* Fakes of the connection pool, the transactions (kt_db_fake.c) and the
 * outbox (kt_outbox_fake.c): kc_db_acquire, kc_db_release, kc_db_begin,
 * kc_db_commit, kc_db_rollback and kc_outbox_add, for a test whose WRAP
 * line names them (the ones it names; it defines none of the pool's
 * itself; a test may define its own kc_outbox_add to check the data). They do nothing but
 * count in kt_db, and kc_outbox_add records the event types; kc_db_acquire
 * hands out KT_DB_CONN, never dereferenced, or fails with
 * kt_db.acquire_status when the test sets one. kt_db_reset() before each
 * test. */
typedef struct kt_db_record {
    kc_status acquire_status; /* not KC_OK: kc_db_acquire fails with it */
    int acquired, released, begun, committed, rolled_back;
    int nevents;
    char events[8][64]; /* the types kc_outbox_add was given, the first 8 */
} kt_db_record;

extern kt_db_record kt_db;

/* The connection the fake kc_db_acquire hands out. */
#define KT_DB_CONN ((kc_db_conn *)&kt_db)

void kt_db_reset(void);

#endif
