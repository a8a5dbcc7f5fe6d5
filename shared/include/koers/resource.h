#ifndef KOERS_RESOURCE_H
#define KOERS_RESOURCE_H

/* The resource kit: a plain resource (a row per item of a tenant, with an
 * id, a version and two timestamps) is declared once and served by the
 * generic handlers below: list (keyset pages, equality filters), create
 * (with Idempotency-Key), get, PATCH (with If-Match) and DELETE.
 *
 * A service writes one file holding a `kc_resource` and puts one line in
 * its route table (KC_RESOURCE_ROUTES or KC_RESOURCE_ROUTES_NO_DELETE).
 * The SQL is generated once, when the server starts (kc_resource_prepare),
 * from the declared constants only; client text is only ever bound as a
 * parameter. The kit reaches the service only through the descriptor.
 *
 * The table must have the columns
 *   id uuid, tenant_id uuid, version integer, created_at timestamptz,
 *   updated_at timestamptz
 * besides the declared ones. */

#include <stddef.h>
#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/keyset.h"
#include "koers/validate.h"

/* One member of the resource: its wire name, JSON type and limits (the
 * kc_field, which validates a create and, with `required` ignored, a
 * PATCH), and where it lives in the row. The SQL type follows from the
 * field: a string is text (uuid with KC_FMT_UUID, date with KC_FMT_DATE,
 * timestamptz with KC_FMT_DATETIME, shown as RFC 3339 UTC with
 * milliseconds), an int integer, a bool
 * boolean, an array of strings text[] (uuid[] with item_format UUID), an
 * object jsonb, an array of objects (item_type KC_T_OBJECT) a jsonb array
 * (not a filter). */
typedef struct kc_column {
    kc_field field;
    /* The table column; NULL for a read-only value computed by expr. */
    const char *column;
    /* A read-only value: an SQL expression over the row, which is named
     * "r", best a function of the service's migrations (e.g.
     * "casedesk.officer_open_cases(r.tenant_id, r.id)"). A body may carry
     * the member (clients echo what they read); it is validated and
     * ignored. */
    const char *expr;
    /* On create, the text bound when the member is absent (e.g. "10",
     * "true", "[]" for an array); NULL binds SQL NULL. */
    const char *dflt;
    /* For a uuid or uuid[] member: every id must be a row of this table
     * (schema-qualified) of the same tenant, checked in the write's
     * transaction; ref_noun names such a row in the problem ("official"),
     * ref_active also requires its boolean column `active` to be true. */
    const char *ref_table;
    const char *ref_noun;
    int ref_active;
    /* A unique violation of the write is this member's: 409 naming it. */
    int unique;
    /* The list accepts ?<wire name>=<value>, an equality filter (an array
     * member: the value is one of its items). */
    int filter;
    /* Set from the caller, never by the client: on create the member is
     * the caller's subject (p->subject, e.g. who wrote a log entry). A
     * create body that carries it is refused before anything else is
     * checked: 422 naming the member with this reason, the problem's
     * detail from_caller_detail. A PATCH is the resource's check's to
     * refuse. NULL: a member the client sets. */
    const char *from_caller;
    const char *from_caller_detail;
} kc_column;

/* A table whose rows refer to the resource: DELETE answers 409 while one
 * does (table schema-qualified, column holding the resource's id; with
 * `array` set the column is a uuid[] holding it among others). */
typedef struct kc_reference {
    const char *table;
    const char *column;
    int array;
} kc_reference;

typedef struct kc_resource {
    const char *noun;   /* in problems: "department 1234 not found"     */
    const char *schema; /* owns <schema>.idempotency_keys and the outbox */
    const char *table;  /* schema-qualified: "casedesk.departments"      */
    const char *path;   /* the collection's path: Location of a create   */
    const kc_column *columns;
    size_t ncolumns;
    const kc_reference *referred_by;
    size_t nreferred_by;
    /* With an event prefix "core_value", a write adds core_value.created,
     * core_value.updated or core_value.deleted to the outbox in its
     * transaction, data {"id"} (never the row: it may hold personal
     * data). NULL: no events. */
    const char *event_prefix;
    /* Members of the row (wire names of declared columns, NULL-terminated)
     * its events carry besides id, e.g. {"name", NULL}, for a consumer
     * that keeps a copy; the deleted event carries them as the row was.
     * Name only members that can never hold personal data. NULL: {id}
     * only. */
    const char *const *event_members;
    /* A rule the columns cannot say, run after validation and before the
     * write, inside its transaction (conn may be used through a repo
     * function of the service): a rule on the data, or on who may write
     * this row (p is the caller; p->tenant_id the tenant). body is the
     * validated request; id is NULL on create; on delete body is NULL.
     * KC_OK or a problem (KC_FORBIDDEN for a caller the rule refuses).
     * May be NULL. */
    kc_status (*check)(kc_db_conn *conn, const kc_principal *p, const char *id, const json_t *body,
                       kc_problem *pb);
} kc_resource;

/* The generic handlers; route->arg is the kc_resource. */
struct kc_ctx;
kc_status kc_resource_http_list(struct kc_ctx *ctx, kc_problem *pb);
kc_status kc_resource_http_create(struct kc_ctx *ctx, kc_problem *pb);
kc_status kc_resource_http_get(struct kc_ctx *ctx, kc_problem *pb);
kc_status kc_resource_http_update(struct kc_ctx *ctx, kc_problem *pb);
kc_status kc_resource_http_delete(struct kc_ctx *ctx, kc_problem *pb);
/* PUT: kc_resource_replace with If-Match, answered like a PATCH. */
kc_status kc_resource_http_replace(struct kc_ctx *ctx, kc_problem *pb);

/* Route table lines for a resource at `path` (a string literal): read
 * admits read_roles / read_scope, writes admit write_roles / write_scope
 * (see kc_access). KC_RESOURCE_ROUTES_READ_PATCH is the kit's list, get
 * and PATCH alone, for a resource whose create (and DELETE, when it has
 * one: KC_RESOURCE_ROUTE_DELETE) the service writes itself. */
/* clang-format off */
#define KC_RESOURCE_ROUTES_READ_PATCH(path, res, read_roles, read_scope, write_roles, write_scope) \
    {"GET", path, path, KC_ALLOW(read_roles, read_scope), kc_resource_http_list, &(res)},         \
    {"GET", path "/:id", path "/{id}", KC_ALLOW(read_roles, read_scope),                          \
     kc_resource_http_get, &(res)},                                                               \
    {"PATCH", path "/:id", path "/{id}", KC_ALLOW(write_roles, write_scope),                      \
     kc_resource_http_update, &(res)}
#define KC_RESOURCE_ROUTE_DELETE(path, res, write_roles, write_scope)                              \
    {"DELETE", path "/:id", path "/{id}", KC_ALLOW(write_roles, write_scope),                     \
     kc_resource_http_delete, &(res)}
#define KC_RESOURCE_ROUTE_PUT(path, res, write_roles, write_scope)                                 \
    {"PUT", path "/:id", path "/{id}", KC_ALLOW(write_roles, write_scope),                        \
     kc_resource_http_replace, &(res)}
#define KC_RESOURCE_ROUTES_NO_DELETE(path, res, read_roles, read_scope, write_roles, write_scope)  \
    KC_RESOURCE_ROUTES_READ_PATCH(path, res, read_roles, read_scope, write_roles, write_scope),    \
    {"POST", path, path, KC_ALLOW(write_roles, write_scope), kc_resource_http_create, &(res)}
#define KC_RESOURCE_ROUTES(path, res, read_roles, read_scope, write_roles, write_scope)           \
    KC_RESOURCE_ROUTES_NO_DELETE(path, res, read_roles, read_scope, write_roles, write_scope),    \
    KC_RESOURCE_ROUTE_DELETE(path, res, write_roles, write_scope)
/* clang-format on */

/* Generates the resource's SQL (once; later calls do nothing). The server
 * calls it for every route served by a generic handler before it starts;
 * tests that call the functions below directly call it first.
 * KC_INTERNAL (logged) for a descriptor the kit cannot serve. Not
 * thread-safe: call before threads start. */
kc_status kc_resource_prepare(const kc_resource *res) KC_MUST_CHECK;

/* The service layer of the kit, for the handlers above and for a service
 * that creates or reads such a resource as part of its own work. Rows come
 * and go as JSON in the wire form (what the API shows), with the row's
 * version in *version. Ids are checked (400 naming "id"); bodies are
 * validated against the columns (422 naming each field). */
kc_status kc_resource_list(kc_db_pool *pool, const kc_resource *res, const char *tenant_id,
                           const json_t *filters, const kc_keyset *page, json_t **items,
                           kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;
kc_status kc_resource_get(kc_db_pool *pool, const kc_resource *res, const char *tenant_id,
                          const char *id, json_t **row, long long *version,
                          kc_problem *pb) KC_MUST_CHECK;
struct kc_idem;
/* Creates once per Idempotency-Key (idem may be inactive); *replayed = 1
 * when the answer is the stored one of an earlier request. */
kc_status kc_resource_create(kc_db_pool *pool, const kc_resource *res, const kc_principal *p,
                             const struct kc_idem *idem, const json_t *body, json_t **row,
                             long long *version, int *replayed, kc_problem *pb) KC_MUST_CHECK;
/* Creates inside the caller's open transaction on conn (checks, insert,
 * event), e.g. a brainstorm item promoted to a core value. */
kc_status kc_resource_create_in(kc_db_conn *conn, const kc_resource *res, const kc_principal *p,
                                const json_t *body, json_t **row, long long *version,
                                kc_problem *pb) KC_MUST_CHECK;
/* Changes the members body holds; if_match -1 = any version, else 412 when
 * the row is at another. */
kc_status kc_resource_update(kc_db_pool *pool, const kc_resource *res, const kc_principal *p,
                             const char *id, const json_t *body, long long if_match, json_t **row,
                             long long *version, kc_problem *pb) KC_MUST_CHECK;
/* Replaces the row's members with body's (a PUT): body is validated as a
 * create (the required members must be there, 422 naming each one
 * missing); a member it leaves out takes its default again (dflt, else
 * null when the member is nullable); a from_caller member keeps its
 * value. Then as kc_resource_update: the check, If-Match, the updated
 * event. */
kc_status kc_resource_replace(kc_db_pool *pool, const kc_resource *res, const kc_principal *p,
                              const char *id, const json_t *body, long long if_match, json_t **row,
                              long long *version, kc_problem *pb) KC_MUST_CHECK;
kc_status kc_resource_delete(kc_db_pool *pool, const kc_resource *res, const kc_principal *p,
                             const char *id, kc_problem *pb) KC_MUST_CHECK;

/* The query fields a list accepts: limit, cursor and each filter column.
 * Writes at most n into out and returns how many there are. */
size_t kc_resource_query_fields(const kc_resource *res, kc_field *out, size_t n);

#endif
