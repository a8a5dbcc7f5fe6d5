#include "manifest/statement_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "access/access.h"
#include "koers/idempotency.h"
#include "koers/validate.h"
#include "manifest/manifest_repo.h"
#include "manifest/manifest_service.h"
#include "manifest/statement_repo.h"
#include "programmes.h"
#include "programmes_service.h"

/* What a create or a change sends: each table decodes its own members. */
typedef struct statement_body {
    const char *programme_value_id;
    const char *example_behaviour_id;
    const char *text;
    const char *reason;
    const json_t *view_ids;
    long long position;
    int has_position;
} statement_body;

/* The members a create and a change both have, declared once. */
#define STATEMENT_TEXT_FIELD                                                                       \
    {                                                                                              \
        .name = "text", .type = KC_T_STRING, .min_len = 1, .max_len = 2000,                        \
        .to = KC_TO(statement_body, text)                                                          \
    }
#define STATEMENT_POSITION_FIELD                                                                   \
    {                                                                                              \
        .name = "position", .type = KC_T_INT, .min = 1, .max = 500,                                \
        .to = KC_TO(statement_body, position), .has = KC_HAS(statement_body, has_position)         \
    }

static const kc_field statement_create_fields[] = {
    {.name = "programmeValueId",
     .type = KC_T_STRING,
     .required = 1,
     .format = KC_FMT_UUID,
     .to = KC_TO(statement_body, programme_value_id)},
    {.name = "exampleBehaviourId",
     .type = KC_T_STRING,
     .nullable = 1,
     .format = KC_FMT_UUID,
     .to = KC_TO(statement_body, example_behaviour_id)},
    STATEMENT_TEXT_FIELD,
    STATEMENT_POSITION_FIELD,
};

static const kc_field statement_change_fields[] = {
    STATEMENT_TEXT_FIELD,
    {.name = "reason",
     .type = KC_T_STRING,
     .min_len = 1,
     .max_len = 4000,
     .to = KC_TO(statement_body, reason)},
    {.name = "viewIds",
     .type = KC_T_ARRAY,
     .max_len = 500,
     .item_type = KC_T_STRING,
     .item_format = KC_FMT_UUID,
     .to = KC_TO(statement_body, view_ids)},
    STATEMENT_POSITION_FIELD,
};

typedef struct create_arg {
    const kc_principal *p;
    const char *manifest_id;
    statement_body in;
} create_arg;

static kc_status create_in(kc_db_conn *conn, void *varg, json_t **answer, kc_problem *pb)
{
    create_arg *a = varg;
    manifest_lock m;
    statement_input in;
    char id[37], *behaviour_text = NULL;
    int ok = 0;
    kc_status st;

    st = manifest_repo_lock(conn, a->p->tenant_id, a->manifest_id, &m, pb);
    if (st != KC_OK)
        goto out;
    if (strcmp(m.status, "draft") != 0) {
        st = kc_problem_set(pb, KC_CONFLICT,
                            "manifest %s is in %s: statements are added to a draft only",
                            a->manifest_id, m.status);
        goto out;
    }
    st = statement_repo_value_ok(conn, a->p->tenant_id, m.programme_id, a->in.programme_value_id,
                                 &ok, pb);
    if (st != KC_OK)
        goto out;
    if (!ok)
        kc_problem_add_field(pb, "programmeValueId", "must be a core value of the programme");
    if (ok && a->in.example_behaviour_id != NULL) {
        st = statement_repo_behaviour_text(conn, a->p->tenant_id, a->in.example_behaviour_id,
                                           a->in.programme_value_id, &behaviour_text, pb);
        if (st != KC_OK)
            goto out;
        if (behaviour_text == NULL)
            kc_problem_add_field(pb, "exampleBehaviourId",
                                 "must be an example behaviour of the value");
    }
    if (pb->invalid_params != NULL) {
        st = kc_problem_set(pb, KC_INVALID, "the statement does not fit manifest %s",
                            a->manifest_id);
        goto out;
    }
    if (kc_uuid_v4(id) != KC_OK) {
        st = kc_problem_set(pb, KC_INTERNAL, "no id");
        goto out;
    }
    in = (statement_input){
        .id = id,
        .manifest_id = a->manifest_id,
        .programme_value_id = a->in.programme_value_id,
        .example_behaviour_id = a->in.example_behaviour_id,
        .text = a->in.text != NULL ? a->in.text : behaviour_text,
        .position = a->in.has_position ? (int)a->in.position : 0,
        .created_by = manifest_service_actor(a->p),
    };
    st = statement_repo_insert(conn, a->p->tenant_id, &in, answer, pb);
out:
    free(behaviour_text);
    return st;
}

kc_status statement_service_create(kc_db_pool *pool, const kc_principal *p, const char *manifest_id,
                                   const struct kc_idem *idem, const json_t *body, json_t **answer,
                                   int *replayed, kc_problem *pb)
{
    create_arg arg = {.p = p, .manifest_id = manifest_id};
    kc_status st;

    *answer = NULL;
    *replayed = 0;
    st = kc_check_id("id", manifest_id, pb);
    if (st == KC_OK)
        st = kc_decode_json(body, statement_create_fields, KC_NELEMS(statement_create_fields),
                            &arg.in, pb);
    if (st == KC_OK && arg.in.text == NULL && arg.in.example_behaviour_id == NULL) {
        kc_problem_add_field(pb, "text", "required without an exampleBehaviourId");
        st = kc_problem_set(pb, KC_INVALID, "a statement has a text");
    }
    if (st == KC_OK)
        st = access_require_lead(p, "write manifests", pb);
    if (st == KC_OK)
        st =
            kc_idem_run(pool, PROGRAMMES_SCHEMA, idem, NULL, create_in, &arg, answer, replayed, pb);
    return st;
}

/* The statements of manifest_id, which must be the tenant's (404). */
static kc_status statements_of(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                               json_t **out, kc_problem *pb)
{
    manifest_lock m;
    kc_status st;

    *out = NULL;
    st = manifest_repo_lock(conn, tenant_id, manifest_id, &m, pb);
    if (st == KC_OK)
        st = statement_repo_list(conn, tenant_id, manifest_id, out, pb);
    return st;
}

kc_status statement_service_list(kc_db_pool *pool, const kc_principal *p, const char *manifest_id,
                                 json_t **out, kc_problem *pb)
{
    return programmes_items_of(pool, p, manifest_id, statements_of, out, pb);
}

/* The views named in a revision: each a view of this statement. */
static kc_status check_views(kc_db_conn *conn, const kc_principal *p, const char *id,
                             const json_t *view_ids, kc_problem *pb)
{
    json_t *one = NULL;
    char name[32];
    size_t i;
    int n = 0;
    kc_status st = KC_OK;

    for (i = 0; st == KC_OK && i < json_array_size(view_ids); i++) {
        one = json_pack("[O]", json_array_get(view_ids, i));
        if (one == NULL)
            return kc_problem_set(pb, KC_INTERNAL, "out of memory");
        st = statement_repo_views_of(conn, p->tenant_id, id, one, &n, pb);
        json_decref(one);
        if (st == KC_OK && n == 0) {
            snprintf(name, sizeof(name), "viewIds[%zu]", i);
            kc_problem_add_field(pb, name, "must be a view of this statement");
        }
    }
    if (st == KC_OK && pb->invalid_params != NULL)
        st = kc_problem_set(pb, KC_INVALID, "a revision names the views of its statement");
    return st;
}

/* A change: the caller, the statement and its body in; the statement
 * read back and its version out. */
typedef struct change_arg {
    const kc_principal *p;
    const char *id;
    statement_body in;
    long long if_match;
    json_t *out;
    long long version;
} change_arg;

/* The change in its transaction, the statement read back into a->out. */
static kc_status change_in(kc_db_conn *conn, void *varg, kc_problem *pb)
{
    change_arg *a = varg;
    const kc_principal *p = a->p;
    const char *id = a->id;
    const statement_body *in = &a->in;
    long long if_match = a->if_match;
    statement_lock cur;
    json_t *no_views = NULL;
    char round_id[37];
    int consultation;
    kc_status st;

    st = statement_repo_lock(conn, p->tenant_id, id, &cur, pb);
    if (st != KC_OK)
        return st;
    if (if_match >= 0 && if_match != cur.version)
        return kc_problem_set(pb, KC_PRECONDITION_FAILED,
                              "manifest statement %s is at version %d, not %lld", id, cur.version,
                              if_match);
    consultation = strcmp(cur.manifest_status, "consultation") == 0;
    if (!consultation && strcmp(cur.manifest_status, "draft") != 0)
        return kc_problem_set(pb, KC_CONFLICT, "manifest %s is %s: its statements never change",
                              cur.manifest_id, cur.manifest_status);
    if (!consultation && (in->reason != NULL || in->view_ids != NULL)) {
        if (in->reason != NULL)
            kc_problem_add_field(pb, "reason", "a draft changes without revisions");
        if (in->view_ids != NULL)
            kc_problem_add_field(pb, "viewIds", "a draft changes without revisions");
        return kc_problem_set(pb, KC_INVALID, "manifest %s is a draft", cur.manifest_id);
    }
    if (consultation && in->text != NULL) {
        if (in->reason == NULL) {
            kc_problem_add_field(pb, "reason", "required for a revision in consultation");
            return kc_problem_set(pb, KC_INVALID, "a revision says why");
        }
        if (in->view_ids != NULL && (st = check_views(conn, p, id, in->view_ids, pb)) != KC_OK)
            return st;
        st = statement_repo_latest_round(conn, p->tenant_id, cur.manifest_id, round_id, pb);
        no_views = json_array();
        if (st == KC_OK && no_views == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        if (st == KC_OK)
            st = statement_repo_revise(
                conn, p->tenant_id, id, in->text, in->reason, round_id[0] != '\0' ? round_id : NULL,
                in->view_ids != NULL ? in->view_ids : no_views, manifest_service_actor(p), pb);
        json_decref(no_views);
    } else if (in->text != NULL) {
        st = statement_repo_set_text(conn, p->tenant_id, id, in->text, pb);
    }
    if (st == KC_OK && in->has_position && in->position != cur.position)
        st = statement_repo_move(conn, p->tenant_id, cur.manifest_id, id, cur.position,
                                 (int)in->position, pb);
    if (st == KC_OK)
        st = statement_repo_get(conn, p->tenant_id, id, &a->out, pb);
    if (st == KC_OK)
        a->version = json_integer_value(json_object_get(a->out, "version"));
    return st;
}

kc_status statement_service_change(kc_db_pool *pool, const kc_principal *p, const char *id,
                                   const json_t *body, long long if_match, json_t **out,
                                   long long *version, kc_problem *pb)
{
    change_arg arg = {.p = p, .id = id, .if_match = if_match};
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_decode_json(body, statement_change_fields, KC_NELEMS(statement_change_fields),
                            &arg.in, pb);
    if (st == KC_OK)
        st = access_require_lead(p, "write manifests", pb);
    if (st == KC_OK)
        st = kc_db_run_tx(pool, change_in, &arg, pb);
    if (st == KC_OK) {
        *out = arg.out;
        *version = arg.version;
    } else {
        json_decref(arg.out);
    }
    return st;
}

/* What a delete runs on: the caller and the statement. */
typedef struct delete_arg {
    const kc_principal *p;
    const char *id;
} delete_arg;

static kc_status delete_in(kc_db_conn *conn, void *varg, kc_problem *pb)
{
    const delete_arg *a = varg;
    const kc_principal *p = a->p;
    const char *id = a->id;
    statement_lock cur;
    kc_status st;

    st = statement_repo_lock(conn, p->tenant_id, id, &cur, pb);
    if (st == KC_OK && strcmp(cur.manifest_status, "draft") != 0)
        st = kc_problem_set(pb, KC_CONFLICT,
                            "manifest %s is in %s: statements are deleted from a draft only",
                            cur.manifest_id, cur.manifest_status);
    if (st == KC_OK)
        st = statement_repo_delete(conn, p->tenant_id, cur.manifest_id, id, cur.position, pb);
    return st;
}

kc_status statement_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                   kc_problem *pb)
{
    delete_arg arg = {.p = p, .id = id};
    kc_status st;

    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = access_require_lead(p, "write manifests", pb);
    if (st == KC_OK)
        st = kc_db_run_tx(pool, delete_in, &arg, pb);
    return st;
}

kc_status statement_service_revisions(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      json_t **out, kc_problem *pb)
{
    return programmes_items_of(pool, p, id, statement_repo_revisions, out, pb);
}
