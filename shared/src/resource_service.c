#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/idempotency.h"
#include "koers/outbox.h"
#include "koers/http.h"
#include "koers/resource.h"
#include "resource_repo.h"

/* The service layer of the resource kit: ids and bodies checked, the
 * declared references and the resource's own check run inside the write's
 * transaction, constraint violations named by field, events written with
 * the change. */

kc_status kc_resource_prepare(const kc_resource *res)
{
    const kc_resource_sql *s;
    kc_problem pb;
    kc_status st;

    kc_problem_init(&pb);
    st = kc_resource_repo_prepare(res, &s, &pb);
    kc_problem_clear(&pb);
    return st;
}

/* The prepared statements of res; KC_INTERNAL if the server never
 * prepared it (a wiring fault, not the client's). */
static kc_status sql_of(const kc_resource *res, const kc_resource_sql **s, kc_problem *pb)
{
    *s = kc_resource_repo_find(res);
    if (*s == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "resource %s was not prepared", res->noun);
    return KC_OK;
}

/* Checks the id and the body and takes a connection (*conn NULL on
 * failure; the caller releases it in any case). */
static kc_status open_request(kc_db_pool *pool, const kc_resource *res, const char *id,
                              const json_t *body, int creating, const kc_resource_sql **s,
                              kc_db_conn **conn, kc_problem *pb)
{
    const kc_field *fields;
    size_t n = 0;
    kc_status st;

    *conn = NULL;
    st = sql_of(res, s, pb);
    if (st == KC_OK && id != NULL)
        st = kc_check_id("id", id, pb);
    if (st == KC_OK && body != NULL) {
        fields = creating ? kc_resource_repo_create_fields(*s, &n)
                          : kc_resource_repo_patch_fields(*s, &n);
        st = kc_validate_json(body, fields, n, pb);
    }
    if (st == KC_OK)
        st = kc_db_acquire(pool, conn, pb);
    return st;
}

/* Every id a member of body refers to must be a (active) row of its
 * table of the caller's tenant: 422 naming the member and the unknown ids
 * otherwise (another tenant's id is told exactly as an id that exists
 * nowhere). */
static kc_status check_references(kc_db_conn *conn, const kc_resource_sql *s, const char *tenant_id,
                                  const json_t *body, kc_problem *pb)
{
    const kc_resource *res = kc_resource_repo_of(s);
    const kc_column *c;
    const json_t *v;
    char *ids = NULL, *reason = NULL;
    int unknown, inactive;
    size_t i;
    kc_status st = KC_OK;

    for (i = 0; st == KC_OK && i < res->ncolumns; i++) {
        c = &res->columns[i];
        v = json_object_get(body, c->field.name);
        if (c->ref_table == NULL || v == NULL || json_is_null(v) ||
            (json_is_array(v) && json_array_size(v) == 0))
            continue;
        st = kc_resource_repo_refs(conn, s, i, tenant_id, v, &unknown, &inactive, &ids, pb);
        if (st != KC_OK)
            break;
        if (unknown > 0) {
            if (asprintf(&reason, "%s: %s", json_is_array(v) ? "unknown ids" : "no such id", ids) <
                0)
                reason = NULL;
            kc_problem_add_field(pb, c->field.name, reason != NULL ? reason : "no such id");
            st = kc_problem_set(pb, KC_INVALID, "%s names %d unknown %s(s): %.380s", c->field.name,
                                unknown, c->ref_noun ? c->ref_noun : "row", ids);
        } else if (inactive > 0) {
            kc_problem_add_field(pb, c->field.name, "not active");
            st = kc_problem_set(pb, KC_INVALID, "%s names %d %s(s) that are not active",
                                c->field.name, inactive, c->ref_noun ? c->ref_noun : "row");
        }
        free(ids);
        free(reason);
        ids = reason = NULL;
    }
    return st;
}

/* A constraint the write broke, said in the client's terms: a unique
 * member (409) or a reference that went away meanwhile (422). */
static kc_status name_violation(const kc_resource *res, const json_t *body, kc_status st,
                                kc_problem *pb)
{
    const kc_column *c;
    const json_t *v;
    size_t i;

    if (st != KC_CONFLICT && st != KC_INVALID)
        return st;
    if (pb->invalid_params != NULL)
        return st; /* already named by a check */
    for (i = 0; i < res->ncolumns; i++) {
        c = &res->columns[i];
        v = json_object_get(body, c->field.name);
        if (v == NULL || json_is_null(v))
            continue;
        if (st == KC_CONFLICT && c->unique && strstr(pb->detail, "already exists") != NULL) {
            kc_problem_add_field(pb, c->field.name, "already used");
            return kc_problem_set(pb, KC_CONFLICT, "%s %s is already used by another %s",
                                  c->field.name, json_is_string(v) ? json_string_value(v) : "",
                                  res->noun);
        }
        if (st == KC_INVALID && c->ref_table != NULL) {
            kc_problem_add_field(pb, c->field.name, "no such id");
            return kc_problem_set(pb, KC_INVALID, "%s must name a %s of the tenant", c->field.name,
                                  c->ref_noun ? c->ref_noun : "row");
        }
    }
    return st;
}

/* The event of a write: data {id} and the declared event members of row
 * (the row as written, or as it was before a delete; NULL: id only). */
static kc_status add_event(kc_db_conn *conn, const kc_resource *res, const char *tenant_id,
                           const char *what, const char *id, const json_t *row, kc_problem *pb)
{
    const char *const *m;
    char type[128];
    json_t *data, *v;
    kc_status st;

    if (res->event_prefix == NULL)
        return KC_OK;
    snprintf(type, sizeof(type), "%s.%s", res->event_prefix, what);
    data = json_pack("{s:s}", "id", id);
    for (m = res->event_members; data != NULL && row != NULL && m != NULL && *m != NULL; m++) {
        v = json_object_get(row, *m);
        if (json_object_set_new(data, *m, v != NULL ? json_deep_copy(v) : json_null()) != 0) {
            json_decref(data);
            data = NULL;
        }
    }
    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(conn, res->schema, type, tenant_id, id, data, pb);
    json_decref(data);
    return st;
}

/* The body of a create with every from_caller member set to the caller's
 * subject: *out a new reference (the caller's; body itself when there is
 * none to set or body is not an object, which validation refuses). A body
 * that carries such a member is 422 naming it. */
static kc_status with_caller(const kc_resource *res, const kc_principal *p, const json_t *body,
                             json_t **out, kc_problem *pb)
{
    const kc_column *c;
    size_t i;

    *out = NULL;
    for (i = 0; json_is_object(body) && i < res->ncolumns; i++) {
        c = &res->columns[i];
        if (c->from_caller == NULL)
            continue;
        if (json_object_get(body, c->field.name) != NULL) {
            json_decref(*out);
            *out = NULL;
            kc_problem_add_field(pb, c->field.name, c->from_caller);
            return kc_problem_set(pb, KC_INVALID, "%s",
                                  c->from_caller_detail != NULL ? c->from_caller_detail
                                                                : c->from_caller);
        }
        if (*out == NULL && (*out = json_deep_copy(body)) == NULL)
            return kc_problem_set(pb, KC_INTERNAL, "out of memory");
        if (json_object_set_new(*out, c->field.name, json_string(p->subject)) != 0) {
            json_decref(*out);
            *out = NULL;
            return kc_problem_set(pb, KC_INTERNAL, "out of memory");
        }
    }
    if (*out == NULL)
        *out = json_incref((json_t *)body);
    return KC_OK;
}

static kc_status create_in(kc_db_conn *conn, const kc_resource_sql *s, const kc_principal *p,
                           const json_t *body, json_t **row, long long *version, kc_problem *pb)
{
    const kc_resource *res = kc_resource_repo_of(s);
    const char *tenant_id = p->tenant_id;
    kc_status st;

    *row = NULL;
    st = check_references(conn, s, tenant_id, body, pb);
    if (st == KC_OK && res->check != NULL)
        st = res->check(conn, p, NULL, body, pb);
    if (st == KC_OK)
        st = name_violation(
            res, body, kc_resource_repo_insert(conn, s, tenant_id, body, row, version, pb), pb);
    if (st == KC_OK)
        st = add_event(conn, res, tenant_id, "created",
                       json_string_value(json_object_get(*row, "id")), *row, pb);
    if (st != KC_OK) {
        json_decref(*row);
        *row = NULL;
    }
    return st;
}

kc_status kc_resource_create_in(kc_db_conn *conn, const kc_resource *res, const kc_principal *p,
                                const json_t *body, json_t **row, long long *version,
                                kc_problem *pb)
{
    const kc_resource_sql *s;
    const kc_field *fields;
    size_t n;
    json_t *full = NULL;
    kc_status st;

    *row = NULL;
    st = sql_of(res, &s, pb);
    if (st == KC_OK)
        st = with_caller(res, p, body, &full, pb);
    if (st == KC_OK) {
        fields = kc_resource_repo_create_fields(s, &n);
        st = kc_validate_json(full, fields, n, pb);
    }
    if (st == KC_OK)
        st = create_in(conn, s, p, full, row, version, pb);
    json_decref(full);
    return st;
}

/* Whether a write of body needs a transaction: more than its one
 * statement runs (a reference check, the resource's check, an event). */
static int write_needs_transaction(const kc_resource *res, const json_t *body)
{
    const json_t *v;
    size_t i;

    if (res->check != NULL || res->event_prefix != NULL)
        return 1;
    for (i = 0; i < res->ncolumns; i++) {
        v = json_object_get(body, res->columns[i].field.name);
        if (res->columns[i].ref_table != NULL && v != NULL && !json_is_null(v))
            return 1;
    }
    return 0;
}

typedef struct create_arg {
    const kc_resource_sql *s;
    const kc_principal *p;
    const json_t *body;
    long long version;
} create_arg;

static kc_status create_fn(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    create_arg *a = arg;

    return create_in(conn, a->s, a->p, a->body, answer, &a->version, pb);
}

kc_status kc_resource_create(kc_db_pool *pool, const kc_resource *res, const kc_principal *p,
                             const kc_idem *idem, const json_t *body, json_t **row,
                             long long *version, int *replayed, kc_problem *pb)
{
    const kc_resource_sql *s = NULL;
    kc_db_conn *conn = NULL;
    create_arg arg = {0};
    json_t *full = NULL;
    kc_status st;

    *row = NULL;
    *replayed = 0;
    st = with_caller(res, p, body, &full, pb);
    if (st == KC_OK)
        st = open_request(pool, res, NULL, full, 1, &s, &conn, pb);
    if (st != KC_OK)
        goto out;
    arg.s = s;
    arg.p = p;
    arg.body = full;
    arg.version = 1; /* a replayed answer is of the row as it was created */
    if (!idem->active && !write_needs_transaction(res, full))
        st = create_in(conn, s, p, full, row, &arg.version, pb); /* one statement */
    else
        st = kc_idem_create(conn, res->schema, idem, NULL, create_fn, &arg, row, replayed, pb);
    *version = arg.version;
out:
    kc_db_release(pool, conn);
    json_decref(full);
    return st;
}

kc_status kc_resource_list(kc_db_pool *pool, const kc_resource *res, const char *tenant_id,
                           const json_t *filters, const kc_keyset *page, json_t **items,
                           kc_keyset_next *next, kc_problem *pb)
{
    const kc_resource_sql *s = NULL;
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    st = open_request(pool, res, NULL, NULL, 0, &s, &conn, pb);
    if (st == KC_OK)
        st = kc_resource_repo_list(conn, s, tenant_id, filters, page, items, next, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status kc_resource_get(kc_db_pool *pool, const kc_resource *res, const char *tenant_id,
                          const char *id, json_t **row, long long *version, kc_problem *pb)
{
    const kc_resource_sql *s = NULL;
    kc_db_conn *conn = NULL;
    kc_status st;

    *row = NULL;
    st = open_request(pool, res, id, NULL, 0, &s, &conn, pb);
    if (st == KC_OK)
        st = kc_resource_repo_get(conn, s, tenant_id, id, row, version, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status kc_resource_update(kc_db_pool *pool, const kc_resource *res, const kc_principal *p,
                             const char *id, const json_t *body, long long if_match, json_t **row,
                             long long *version, kc_problem *pb)
{
    const char *tenant_id = p->tenant_id;
    const kc_resource_sql *s = NULL;
    kc_db_conn *conn = NULL;
    long long found = -1;
    int tx = 0;
    kc_status st;

    *row = NULL;
    st = open_request(pool, res, id, body, 0, &s, &conn, pb);
    if (st == KC_OK && write_needs_transaction(res, body)) {
        st = kc_db_begin(conn, pb);
        tx = st == KC_OK;
    }
    if (st != KC_OK)
        goto out;
    st = check_references(conn, s, tenant_id, body, pb);
    if (st == KC_OK && res->check != NULL)
        st = res->check(conn, p, id, body, pb);
    if (st == KC_OK)
        st = name_violation(
            res, body,
            kc_resource_repo_update(conn, s, tenant_id, id, body, if_match, row, &found, pb), pb);
    if (st == KC_OK && *row == NULL) {
        if (found < 0)
            st = kc_problem_set(pb, KC_NOT_FOUND, "%s %s not found", res->noun, id);
        else if (if_match >= 0 && found != if_match)
            st = kc_problem_set(pb, KC_PRECONDITION_FAILED, "%s %s is at version %lld, not %lld",
                                res->noun, id, found, if_match);
        else
            st = kc_problem_set(pb, KC_CONFLICT, "%s %s changed concurrently", res->noun, id);
    }
    if (st == KC_OK) {
        *version = found;
        st = add_event(conn, res, tenant_id, "updated", id, *row, pb);
    }
    if (st == KC_OK && tx)
        st = kc_db_commit(conn, pb);
    if (st != KC_OK) {
        if (tx)
            kc_db_rollback(conn);
        json_decref(*row);
        *row = NULL;
    }
out:
    kc_db_release(pool, conn);
    return st;
}

/* The JSON value of a column's default (its dflt is the text the insert
 * binds); NULL when the member has none to take (no dflt and not
 * nullable: it keeps its value). */
static json_t *default_of(const kc_column *c)
{
    const kc_field *f = &c->field;

    if (c->dflt == NULL)
        return f->nullable ? json_null() : NULL;
    switch (f->type) {
    case KC_T_STRING:
        return json_string(c->dflt);
    case KC_T_BOOL:
        return json_boolean(strcmp(c->dflt, "true") == 0);
    case KC_T_INT:
        return json_integer(strtoll(c->dflt, NULL, 10));
    case KC_T_NUMBER:
        return json_real(strtod(c->dflt, NULL));
    case KC_T_ARRAY:
    case KC_T_OBJECT:
        break;
    }
    return json_loads(c->dflt, JSON_DECODE_ANY, NULL);
}

kc_status kc_resource_replace(kc_db_pool *pool, const kc_resource *res, const kc_principal *p,
                              const char *id, const json_t *body, long long if_match, json_t **row,
                              long long *version, kc_problem *pb)
{
    kc_field fields[KC_RESOURCE_MAX_COLUMNS];
    const kc_resource_sql *s = NULL;
    const kc_field *create;
    const kc_column *c;
    json_t *full = NULL, *v;
    size_t n = 0, i;
    kc_status st;

    *row = NULL;
    st = sql_of(res, &s, pb);
    if (st == KC_OK && res->ncolumns > KC_RESOURCE_MAX_COLUMNS)
        st = kc_problem_set(pb, KC_INTERNAL, "resource %s has too many columns", res->noun);
    if (st != KC_OK)
        goto out;
    create = kc_resource_repo_create_fields(s, &n);
    for (i = 0; i < n; i++) {
        fields[i] = create[i];
        if (res->columns[i].from_caller != NULL)
            fields[i].required = 0; /* kept, never the client's */
    }
    st = kc_validate_json(body, fields, n, pb);
    if (st != KC_OK)
        goto out;
    if ((full = json_deep_copy(body)) == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    for (i = 0; i < res->ncolumns; i++) {
        c = &res->columns[i];
        if (c->expr != NULL || c->from_caller != NULL || json_object_get(full, c->field.name))
            continue;
        if ((v = default_of(c)) != NULL && json_object_set_new(full, c->field.name, v) != 0) {
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
    }
    st = kc_resource_update(pool, res, p, id, full, if_match, row, version, pb);
out:
    json_decref(full);
    return st;
}

kc_status kc_resource_delete(kc_db_pool *pool, const kc_resource *res, const kc_principal *p,
                             const char *id, kc_problem *pb)
{
    const char *tenant_id = p->tenant_id;
    const kc_resource_sql *s = NULL;
    kc_db_conn *conn = NULL;
    json_t *before = NULL;
    long long version = 0;
    int deleted = 0, exists = 0, tx = res->event_prefix != NULL || res->check != NULL;
    kc_status st;

    st = open_request(pool, res, id, NULL, 0, &s, &conn, pb);
    if (st == KC_OK && tx)
        st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        goto out;
    if (res->check != NULL)
        st = res->check(conn, p, id, NULL, pb);
    if (st == KC_OK && res->event_prefix != NULL && res->event_members != NULL) {
        /* the row as it was, for the event's members; none: 404 below */
        st = kc_resource_repo_get(conn, s, tenant_id, id, &before, &version, pb);
        if (st == KC_NOT_FOUND) {
            kc_problem_clear(pb);
            kc_problem_init(pb);
            st = KC_OK;
        }
    }
    if (st == KC_OK)
        st = kc_resource_repo_delete(conn, s, tenant_id, id, &deleted, &exists, pb);
    if (st == KC_INVALID) /* a referring row added concurrently: foreign key */
        st = kc_problem_set(pb, KC_CONFLICT, "%s %s is in use", res->noun, id);
    if (st == KC_OK && !deleted && exists) {
        /* the DELETE's snapshot saw the row, yet it deleted nothing: either a
           referring row kept it (409) or a concurrent delete took it first
           (404); a new statement sees which */
        json_t *now = NULL;
        long long v = 0;
        st = kc_resource_repo_get(conn, s, tenant_id, id, &now, &v, pb);
        json_decref(now);
        if (st == KC_NOT_FOUND) {
            kc_problem_clear(pb);
            kc_problem_init(pb);
            exists = 0;
            st = KC_OK;
        }
    }
    if (st == KC_OK && !deleted)
        st = exists ? kc_problem_set(pb, KC_CONFLICT, "%s %s is in use", res->noun, id)
                    : kc_problem_set(pb, KC_NOT_FOUND, "%s %s not found", res->noun, id);
    if (st == KC_OK)
        st = add_event(conn, res, tenant_id, "deleted", id, before, pb);
    if (st == KC_OK && tx)
        st = kc_db_commit(conn, pb);
    if (st != KC_OK && tx)
        kc_db_rollback(conn);
out:
    json_decref(before);
    kc_db_release(pool, conn);
    return st;
}

size_t kc_resource_query_fields(const kc_resource *res, kc_field *out, size_t n)
{
    static const kc_field page_fields[] = {
        {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
        {.name = "cursor", .type = KC_T_STRING, .max_len = 512},
    };
    kc_field f;
    size_t i, count = 0;

    for (i = 0; i < 2; i++, count++)
        if (count < n)
            out[count] = page_fields[i];
    for (i = 0; i < res->ncolumns; i++) {
        if (!res->columns[i].filter)
            continue;
        f = res->columns[i].field;
        f.required = 0;
        f.nullable = 0;
        if (f.type == KC_T_ARRAY) { /* ?x=<one item> */
            f.type = f.item_type;
            f.format = f.item_format;
            f.max_len = f.item_max_len;
            f.min_len = 0;
        }
        if (count < n)
            out[count] = f;
        count++;
    }
    return count;
}
