#include "approach/template_service.h"

#include "approach/approach_shape.h"
#include "approach/template_repo.h"
#include "koers/validate.h"
#include "programmes.h"

static const kc_field template_fields[] = {
    {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
    {.name = "description", .type = KC_T_STRING, .max_len = 4000},
    {.name = "openEnded", .type = KC_T_BOOL},
    {.name = "phases", .type = KC_T_ARRAY, .required = 1, .item_type = KC_T_OBJECT},
};

/* A template's body (patch: nothing required) checked, its phases
 * normalised into *phases (NULL when absent). */
static kc_status check_body(const json_t *body, int patch, json_t **phases, kc_problem *pb)
{
    kc_field fields[KC_NELEMS(template_fields)];
    const json_t *given = json_object_get(body, "phases");
    kc_status st;
    size_t i;

    *phases = NULL;
    for (i = 0; i < KC_NELEMS(template_fields); i++) {
        fields[i] = template_fields[i];
        if (patch)
            fields[i].required = 0;
    }
    st = kc_validate_json(body, fields, KC_NELEMS(fields), pb);
    if (st == KC_BAD_REQUEST)
        return st;
    if (json_is_array(given) && approach_shape_check(given, "phases", 0, pb) != KC_OK)
        st = KC_INVALID;
    if (st != KC_OK)
        return kc_problem_set(pb, KC_INVALID, "the approach template has invalid fields");
    if (given != NULL) {
        *phases = approach_shape_normalise(given, 0);
        if (*phases == NULL)
            return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    return KC_OK;
}

static json_t *list_doc(json_t *items)
{
    return json_pack("{s:o, s:{s:{s:s}}}", "items", items, "_links", "self", "href",
                     "/programmes/v1/approach-templates");
}

kc_status template_service_list(kc_db_pool *pool, const kc_principal *p, json_t **doc,
                                kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *items = NULL;
    kc_status st;

    *doc = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = template_repo_list(conn, p->tenant_id, &items, pb);
    if (st == KC_OK) {
        *doc = list_doc(items);
        items = NULL;
        if (*doc == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    json_decref(items);
    kc_db_release(pool, conn);
    return st;
}

kc_status template_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                               json_t **doc, long long *version, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    int v = 0;
    kc_status st;

    *doc = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = template_repo_get(conn, p->tenant_id, id, doc, &v, pb);
    *version = v;
    kc_db_release(pool, conn);
    return st;
}

typedef struct create_job {
    const kc_principal *p;
    const json_t *body;
    const json_t *phases;
} create_job;

static kc_status insert_fn(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    create_job *job = arg;
    const char *description = json_string_value(json_object_get(job->body, "description"));

    return template_repo_insert(
        conn, job->p->tenant_id, json_string_value(json_object_get(job->body, "name")),
        description != NULL ? description : "",
        json_is_true(json_object_get(job->body, "openEnded")), job->phases, answer, pb);
}

kc_status template_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                  const json_t *body, json_t **answer, int *replayed,
                                  kc_problem *pb)
{
    json_t *phases = NULL;
    create_job job = {p, body, NULL};
    kc_status st;

    *answer = NULL;
    *replayed = 0;
    st = check_body(body, 0, &phases, pb);
    if (st != KC_OK)
        goto out;
    job.phases = phases;
    st = kc_idem_run(pool, PROGRAMMES_SCHEMA, idem, NULL, insert_fn, &job, answer, replayed, pb);
out:
    json_decref(phases);
    return st;
}

/* Locks the template for a change: the tenant's own only. */
static kc_status lock_own(kc_db_conn *conn, const kc_principal *p, const char *id, int *version,
                          int *in_use, kc_problem *pb)
{
    int built_in = 0;
    kc_status st;

    st = template_repo_lock(conn, p->tenant_id, id, &built_in, version, in_use, pb);
    if (st == KC_OK && built_in)
        st = kc_problem_set(pb, KC_FORBIDDEN,
                            "approach template %s is shipped with Koers and cannot change;"
                            " make your own from it",
                            id);
    return st;
}

kc_status template_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const json_t *body, long long if_match, json_t **out,
                                  long long *version, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *phases = NULL;
    const json_t *open_ended;
    int current = 0, in_use = 0, v = 0;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = check_body(body, 1, &phases, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    if (st == KC_OK)
        st = lock_own(conn, p, id, &current, &in_use, pb);
    if (st != KC_OK)
        goto out;
    if (if_match >= 0 && current != if_match) {
        st = kc_problem_set(pb, KC_PRECONDITION_FAILED,
                            "approach template %s is at version %d, not %lld", id, current,
                            if_match);
        goto out;
    }
    open_ended = json_object_get(body, "openEnded");
    st = template_repo_update(
        conn, p->tenant_id, id, json_string_value(json_object_get(body, "name")),
        json_string_value(json_object_get(body, "description")),
        open_ended != NULL ? json_is_true(open_ended) : -1, phases, out, &v, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    *version = v;
out:
    if (st != KC_OK) {
        json_decref(*out);
        *out = NULL;
    }
    json_decref(phases);
    kc_db_release(pool, conn);
    return st;
}

kc_status template_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    int version = 0, in_use = 0;
    kc_status st;

    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    if (st == KC_OK)
        st = lock_own(conn, p, id, &version, &in_use, pb);
    if (st == KC_OK && in_use > 0)
        st = kc_problem_set(pb, KC_CONFLICT,
                            "approach template %s is the template of %d programme(s); it stays", id,
                            in_use);
    if (st == KC_OK)
        st = template_repo_delete(conn, p->tenant_id, id, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    kc_db_release(pool, conn);
    return st;
}
