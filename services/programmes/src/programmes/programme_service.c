#include "programmes/programme_service.h"

#include <stdio.h>
#include <string.h>
#include "approach/approach_service.h"
#include "approach/approach_shape.h"
#include "koers/resource.h"
#include "koers/status_move.h"
#include "koers/validate.h"
#include "programmes/programme_repo.h"
#include "programmes/programme_status.h"
#include "programmes_resources.h"

/* status is read-only on the resource (a column only so that lists
 * filter on it): a body may echo the current one, nothing else. */
static void check_status_kept(const json_t *body, const char *current, kc_problem *pb)
{
    const char *status = json_string_value(json_object_get(body, "status"));

    if (status != NULL && strcmp(status, current) != 0)
        kc_problem_add_field(pb, "status", "moves only through POST /programmes/{id}/transitions");
}

/* templateId and approachVersion are fixed: by the creation, and by
 * checkpoints. A body may echo them. */
static void check_fixed(const json_t *body, const programme_lock *cur, kc_problem *pb)
{
    const json_t *tpl = json_object_get(body, "templateId");
    const json_t *av = json_object_get(body, "approachVersion");

    if (tpl != NULL && !(json_is_null(tpl) && cur->template_id[0] == '\0') &&
        !(json_is_string(tpl) && strcmp(json_string_value(tpl), cur->template_id) == 0))
        kc_problem_add_field(pb, "templateId", "is fixed when the programme is created");
    if (av != NULL && json_integer_value(av) != cur->approach_version)
        kc_problem_add_field(pb, "approachVersion", "changes only through a checkpoint");
}

/* The date member key of body when it holds it (NULL for null), else the
 * stored one (NULL for ""). */
static const char *date_of(const json_t *body, const char *key, const char *stored)
{
    const json_t *v = json_object_get(body, key);

    if (v != NULL)
        return json_string_value(v);
    return stored != NULL && stored[0] != '\0' ? stored : NULL;
}

static void check_dates(const json_t *body, const programme_lock *cur, kc_problem *pb)
{
    const char *starts = date_of(body, "startsOn", cur != NULL ? cur->starts_on : NULL);
    const char *ends = date_of(body, "endsOn", cur != NULL ? cur->ends_on : NULL);

    if (starts != NULL && ends != NULL && strcmp(ends, starts) < 0)
        kc_problem_add_field(pb, "endsOn", "must not be before startsOn");
}

kc_status programme_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                  const json_t *body, kc_problem *pb)
{
    programme_lock cur;
    kc_status st;

    if (id == NULL) {
        check_status_kept(body, "draft", pb);
        check_dates(body, NULL, pb);
        if (pb->invalid_params != NULL)
            return kc_problem_set(pb, KC_INVALID, "a programme starts as a draft, in date order");
        return KC_OK;
    }
    st = programme_repo_lock(conn, p->tenant_id, id, &cur, pb);
    if (st != KC_OK)
        return st;
    if (body == NULL) {
        if (strcmp(cur.status, "draft") != 0)
            return kc_problem_set(pb, KC_CONFLICT,
                                  "programme %s is %s: only a draft is deleted (its history stays)",
                                  id, cur.status);
        return KC_OK;
    }
    check_status_kept(body, cur.status, pb);
    check_fixed(body, &cur, pb);
    check_dates(body, &cur, pb);
    if (pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "programme %s: invalid or read-only fields", id);
    return KC_OK;
}

/* Exactly one of templateId and phases, each well-formed. */
static kc_status check_approach(const json_t *body, kc_problem *pb)
{
    const json_t *tpl = json_object_get(body, "templateId");
    const json_t *phases = json_object_get(body, "phases");
    int has_tpl = tpl != NULL && !json_is_null(tpl);
    int has_phases = phases != NULL && !json_is_null(phases);

    if (has_tpl && has_phases) {
        kc_problem_add_field(pb, "templateId", "give templateId or phases, not both");
        kc_problem_add_field(pb, "phases", "give templateId or phases, not both");
    } else if (!has_tpl && !has_phases) {
        kc_problem_add_field(pb, "templateId", "one of templateId and phases is required");
        kc_problem_add_field(pb, "phases", "one of templateId and phases is required");
    }
    if (has_tpl && !kc_is_uuid(json_string_value(tpl)))
        kc_problem_add_field(pb, "templateId", "must be a UUID");
    if (has_phases && approach_shape_check(phases, "phases", 1, pb) != KC_OK)
        return kc_problem_set(pb, KC_INVALID, "a programme follows a template or its own phases");
    if (pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "a programme follows a template or its own phases");
    return KC_OK;
}

typedef struct create_job {
    const kc_principal *p;
    json_t *rest;            /* the programme's own members */
    const char *template_id; /* or */
    json_t *phases;          /* normalised */
} create_job;

static kc_status create_fn(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    create_job *job = arg;
    json_t *row = NULL;
    long long version = 0;
    const char *id;
    kc_status st;

    *answer = NULL;
    st = kc_resource_create_in(conn, &programme_resource, job->p, job->rest, &row, &version, pb);
    if (st != KC_OK)
        goto out;
    id = json_string_value(json_object_get(row, "id"));
    st = approach_service_start(conn, job->p, id, job->template_id, job->phases, pb);
    if (st == KC_OK && job->template_id != NULL) {
        st = programme_repo_set_template(conn, job->p->tenant_id, id, job->template_id, pb);
        if (st == KC_OK && json_object_set_new(row, "templateId", json_string(job->template_id)))
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    if (st == KC_OK) {
        *answer = row;
        row = NULL;
    }
out:
    json_decref(row);
    return st;
}

kc_status programme_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                   const json_t *body, json_t **answer, int *replayed,
                                   kc_problem *pb)
{
    create_job job = {p, NULL, NULL, NULL};
    const json_t *phases;
    kc_status st;

    *answer = NULL;
    *replayed = 0;
    st = check_approach(body, pb);
    if (st != KC_OK)
        goto out;
    job.rest = json_copy((json_t *)body);
    if (job.rest == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    /* the approach is this service's; the rest the kit's (-1: absent) */
    (void)json_object_del(job.rest, "phases");
    (void)json_object_del(job.rest, "templateId");
    job.template_id = json_string_value(json_object_get(body, "templateId"));
    phases = json_object_get(body, "phases");
    if (job.template_id == NULL) {
        job.phases = approach_shape_normalise(phases, 1);
        if (job.phases == NULL) {
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
    }
    st = kc_idem_run(pool, PROGRAMMES_SCHEMA, idem, NULL, create_fn, &job, answer, replayed, pb);
out:
    json_decref(job.rest);
    json_decref(job.phases);
    return st;
}

static const char *const programme_move_targets[] = {"draft", "running", "completed", "stopped",
                                                     NULL};

static const kc_field programme_move_fields[] = {
    {.name = "to", .type = KC_T_STRING, .required = 1, .enum_values = programme_move_targets},
    {.name = "reason", .type = KC_T_STRING, .min_len = 1, .max_len = 2000},
};

static kc_status lock_programme(kc_move_ctx *m, kc_problem *pb)
{
    programme_lock *cur = m->arg;
    kc_status st;

    st = programme_repo_lock(m->conn, m->p->tenant_id, m->id, cur, pb);
    if (st == KC_OK) {
        m->status = cur->status;
        m->version = cur->version;
    }
    return st;
}

static kc_status check_reason(kc_move_ctx *m, kc_problem *pb)
{
    if (m->to == PROGRAMME_STATUS_STOPPED &&
        json_string_value(json_object_get(m->body, "reason")) == NULL) {
        kc_problem_add_field(pb, "reason", "required to stop a programme");
        return kc_problem_set(pb, KC_INVALID, "say why programme %s stops", m->id);
    }
    return KC_OK;
}

/* The move, on the timeline, and programme.status.changed. */
static kc_status write_move(kc_move_ctx *m, kc_problem *pb)
{
    const programme_lock *cur = m->arg;
    int new_version = 0;
    kc_status st;

    st = programme_repo_move(m->conn, m->p->tenant_id, m->id, cur->status,
                             programme_status_name((programme_status)m->to),
                             json_string_value(json_object_get(m->body, "reason")), m->p->subject,
                             &new_version, pb);
    if (st == KC_OK)
        st = kc_status_move_event(m, PROGRAMMES_SCHEMA, "programme.status.changed", NULL, pb);
    return st;
}

static const kc_status_move programme_move = {
    .noun = "programme",
    .states = &programme_lifecycle,
    .fields = programme_move_fields,
    .nfields = KC_NELEMS(programme_move_fields),
    .lock = lock_programme,
    .check = check_reason,
    .write = write_move,
    .resource = &programme_resource,
};

kc_status programme_service_move(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 const json_t *body, long long if_match, json_t **out,
                                 long long *version, kc_problem *pb)
{
    programme_lock cur;

    return kc_status_move_run(&programme_move, pool, p, id, body, if_match, &cur, out, version, pb);
}

kc_status programme_service_timeline(kc_db_pool *pool, const kc_principal *p, const char *id,
                                     json_t **doc, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *items = NULL;
    char self[128];
    kc_status st;

    *doc = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = programme_repo_timeline(conn, p->tenant_id, id, &items, pb);
    if (st == KC_OK) {
        snprintf(self, sizeof(self), "/programmes/v1/programmes/%s/timeline", id);
        *doc = json_pack("{s:o, s:{s:{s:s}}}", "items", items, "_links", "self", "href", self);
        items = NULL;
        if (*doc == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    json_decref(items);
    kc_db_release(pool, conn);
    return st;
}
