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

typedef struct statement_body {
    const char *programme_value_id;
    const char *example_behaviour_id;
    const char *text;
    long long position;
    int has_position;
} statement_body;

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
    {.name = "text",
     .type = KC_T_STRING,
     .min_len = 1,
     .max_len = 2000,
     .to = KC_TO(statement_body, text)},
    {.name = "position",
     .type = KC_T_INT,
     .min = 1,
     .max = 500,
     .to = KC_TO(statement_body, position),
     .has = KC_HAS(statement_body, has_position)},
};

typedef struct change_body {
    const char *text;
    const char *reason;
    const json_t *view_ids;
    long long position;
    int has_position;
} change_body;

static const kc_field statement_change_fields[] = {
    {.name = "text",
     .type = KC_T_STRING,
     .min_len = 1,
     .max_len = 2000,
     .to = KC_TO(change_body, text)},
    {.name = "reason",
     .type = KC_T_STRING,
     .min_len = 1,
     .max_len = 4000,
     .to = KC_TO(change_body, reason)},
    {.name = "viewIds",
     .type = KC_T_ARRAY,
     .max_len = 500,
     .item_type = KC_T_STRING,
     .item_format = KC_FMT_UUID,
     .to = KC_TO(change_body, view_ids)},
    {.name = "position",
     .type = KC_T_INT,
     .min = 1,
     .max = 500,
     .to = KC_TO(change_body, position),
     .has = KC_HAS(change_body, has_position)},
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

kc_status statement_service_create(kc_db_pool *pool, const kc_principal *p,
                                   const struct kc_idem *idem, const char *manifest_id,
                                   const json_t *body, json_t **answer, int *replayed,
                                   kc_problem *pb)
{
    kc_db_conn *conn = NULL;
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
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_idem_create(conn, PROGRAMMES_SCHEMA, idem, NULL, create_in, &arg, answer, replayed,
                            pb);
    kc_db_release(pool, conn);
    return st;
}

/* {"items": items} (steals items). */
static kc_status wrap_items(kc_status st, json_t *items, json_t **out, kc_problem *pb)
{
    if (st != KC_OK) {
        json_decref(items);
        return st;
    }
    *out = json_pack("{s:o}", "items", items);
    return *out != NULL ? KC_OK : kc_problem_set(pb, KC_INTERNAL, "out of memory");
}

kc_status statement_service_list(kc_db_pool *pool, const kc_principal *p, const char *manifest_id,
                                 json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *items = NULL;
    manifest_lock m;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", manifest_id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = manifest_repo_lock(conn, p->tenant_id, manifest_id, &m, pb);
    if (st == KC_OK)
        st = statement_repo_list(conn, p->tenant_id, manifest_id, &items, pb);
    kc_db_release(pool, conn);
    return wrap_items(st, items, out, pb);
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

/* The change in one transaction, the statement read back into *out. */
static kc_status change_in(kc_db_conn *conn, const kc_principal *p, const char *id,
                           const change_body *in, long long if_match, json_t **out,
                           long long *version, kc_problem *pb)
{
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
        st = statement_repo_get(conn, p->tenant_id, id, out, pb);
    if (st == KC_OK)
        *version = json_integer_value(json_object_get(*out, "version"));
    return st;
}

kc_status statement_service_change(kc_db_pool *pool, const kc_principal *p, const char *id,
                                   const json_t *body, long long if_match, json_t **out,
                                   long long *version, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    change_body in;
    int began = 0;
    kc_status st;

    *out = NULL;
    memset(&in, 0, sizeof(in));
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_decode_json(body, statement_change_fields, KC_NELEMS(statement_change_fields), &in,
                            pb);
    if (st == KC_OK)
        st = access_require_lead(p, "write manifests", pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK && (st = kc_db_begin(conn, pb)) == KC_OK)
        began = 1;
    if (st == KC_OK)
        st = change_in(conn, p, id, &in, if_match, out, version, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    else if (began)
        kc_db_rollback(conn);
    if (st != KC_OK) {
        json_decref(*out);
        *out = NULL;
    }
    kc_db_release(pool, conn);
    return st;
}

kc_status statement_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                   kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    statement_lock cur;
    int began = 0;
    kc_status st;

    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = access_require_lead(p, "write manifests", pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK && (st = kc_db_begin(conn, pb)) == KC_OK)
        began = 1;
    if (st == KC_OK)
        st = statement_repo_lock(conn, p->tenant_id, id, &cur, pb);
    if (st == KC_OK && strcmp(cur.manifest_status, "draft") != 0)
        st = kc_problem_set(pb, KC_CONFLICT,
                            "manifest %s is in %s: statements are deleted from a draft only",
                            cur.manifest_id, cur.manifest_status);
    if (st == KC_OK)
        st = statement_repo_delete(conn, p->tenant_id, cur.manifest_id, id, cur.position, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    else if (began)
        kc_db_rollback(conn);
    kc_db_release(pool, conn);
    return st;
}

kc_status statement_service_revisions(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *items = NULL;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = statement_repo_revisions(conn, p->tenant_id, id, &items, pb);
    kc_db_release(pool, conn);
    return wrap_items(st, items, out, pb);
}
