#include "activities/activity_service.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "access/access.h"
#include "activities/activity_repo.h"
#include "activities/activity_status.h"
#include "governance/building_block_repo.h"
#include "governance/member_repo.h"
#include "koers/outbox.h"
#include "koers/status.h"
#include "koers/status_move.h"
#include "koers/validate.h"
#include "programmes_resources.h"
#include "programmes_service.h"

static const char *const progress_values[] = {"not_started", "in_progress", "done", NULL};

/* ---- the kit's check ---------------------------------------------------------- */

static kc_status invalid(kc_problem *pb, const char *field, const char *why, const char *detail)
{
    kc_problem_add_field(pb, field, why);
    return kc_problem_set(pb, KC_INVALID, "%s", detail);
}

/* stepId (absent or null: nothing to check) a step of programme_id that
 * was not removed. */
static kc_status check_step(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                            const json_t *body, kc_problem *pb)
{
    const char *step_id = json_string_value(json_object_get(body, "stepId"));
    building_block_step step;
    kc_status st;

    if (step_id == NULL)
        return KC_OK;
    st = building_block_repo_step(conn, tenant_id, step_id, &step, pb);
    if (st == KC_NOT_FOUND)
        return invalid(pb, "stepId", "no such step", "the step was not found");
    if (st != KC_OK)
        return st;
    if (strcasecmp(step.programme_id, programme_id) != 0)
        return invalid(pb, "stepId", "is a step of another programme",
                       "an activity belongs to a step of its own programme");
    if (strcmp(step.status, "removed") == 0)
        return invalid(pb, "stepId", "the step was removed from the approach",
                       "the step was removed from the approach");
    return KC_OK;
}

static int is_web_url(const char *url)
{
    size_t i;

    if (strncasecmp(url, "https://", 8) != 0 && strncasecmp(url, "http://", 7) != 0)
        return 0;
    if (strlen(url) <= (strncasecmp(url, "https://", 8) == 0 ? 8u : 7u))
        return 0;
    for (i = 0; url[i] != '\0'; i++)
        if ((unsigned char)url[i] <= ' ')
            return 0;
    return 1;
}

/* materials: each {title (1..200), url (http or https, at most 2000)}. */
static kc_status check_materials(const json_t *body, kc_problem *pb)
{
    const json_t *list = json_object_get(body, "materials"), *m, *v;
    const char *key, *s;
    char name[64];
    size_t i, len;

    if (!json_is_array(list))
        return KC_OK;
    json_array_foreach(list, i, m)
    {
        json_object_foreach((json_t *)m, key, v)
        {
            if (strcmp(key, "title") != 0 && strcmp(key, "url") != 0) {
                snprintf(name, sizeof(name), "materials[%zu].%.20s", i, key);
                kc_problem_add_field(pb, name, "unknown member: a material has title and url");
            }
        }
        s = json_string_value(json_object_get(m, "title"));
        len = s != NULL ? kc_utf8_len(s) : 0;
        if (s == NULL || len < 1 || len > 200) {
            snprintf(name, sizeof(name), "materials[%zu].title", i);
            kc_problem_add_field(pb, name, "a title of 1 to 200 characters is required");
        }
        s = json_string_value(json_object_get(m, "url"));
        if (s == NULL || strlen(s) > 2000 || !is_web_url(s)) {
            snprintf(name, sizeof(name), "materials[%zu].url", i);
            kc_problem_add_field(pb, name, "an http or https URL of at most 2000 characters");
        }
    }
    if (pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "the materials are not valid");
    return KC_OK;
}

/* The value a PATCH leaves in member name: the body's (JSON null: NULL)
 * or, when absent, the current one ("" as NULL). */
static const char *after(const json_t *body, const char *name, const char *current)
{
    const json_t *v = json_object_get(body, name);

    if (v != NULL)
        return json_string_value(v);
    return current != NULL && current[0] != '\0' ? current : NULL;
}

static kc_status check_period(kc_db_conn *conn, const char *starts_at, const char *ends_at,
                              kc_problem *pb)
{
    int ok = 0;
    kc_status st;

    st = activity_repo_period_ok(conn, starts_at, ends_at, &ok, pb);
    if (st == KC_OK && !ok)
        st = invalid(pb, "endsAt", "is before startsAt",
                     "an activity does not end before it starts");
    return st;
}

static kc_status check_create(kc_db_conn *conn, const kc_principal *p, const json_t *body,
                              kc_problem *pb)
{
    const char *status = json_string_value(json_object_get(body, "status"));
    kc_status st;

    st = access_require_lead(p, "plans activities", pb);
    if (st == KC_OK && status != NULL && strcmp(status, "planned") != 0)
        st = invalid(pb, "status", "an activity starts planned",
                     "an activity starts planned; it moves through its transitions");
    if (st == KC_OK)
        st = check_materials(body, pb);
    if (st == KC_OK) /* the kit has checked that programmeId is the tenant's */
        st = check_step(conn, p->tenant_id, json_string_value(json_object_get(body, "programmeId")),
                        body, pb);
    if (st == KC_OK)
        st = check_period(conn, json_string_value(json_object_get(body, "startsAt")),
                          json_string_value(json_object_get(body, "endsAt")), pb);
    return st;
}

/* The capacity a PATCH sets must hold those already registered. */
static kc_status check_capacity(kc_db_conn *conn, const kc_principal *p, const char *id,
                                const json_t *body, kc_problem *pb)
{
    const json_t *v = json_object_get(body, "capacity");
    int registered = 0;
    kc_status st;

    if (!json_is_integer(v))
        return KC_OK;
    st = activity_repo_registered(conn, p->tenant_id, id, NULL, &registered, pb);
    if (st == KC_OK && json_integer_value(v) < registered)
        st = kc_problem_set(pb, KC_CONFLICT,
                            "%d people are registered for activity %s: the capacity cannot be"
                            " %lld",
                            registered, id, (long long)json_integer_value(v));
    return st;
}

static kc_status check_update(kc_db_conn *conn, const kc_principal *p, const activity_lock *cur,
                              const json_t *body, kc_problem *pb)
{
    const char *s;
    kc_status st;

    s = json_string_value(json_object_get(body, "programmeId"));
    if (s != NULL && strcasecmp(s, cur->programme_id) != 0)
        kc_problem_add_field(pb, "programmeId", "an activity stays with its programme");
    s = json_string_value(json_object_get(body, "status"));
    if (s != NULL && strcmp(s, cur->status) != 0)
        kc_problem_add_field(pb, "status", "moves only through POST /activities/{id}/transitions");
    if (pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "these members of activity %s are read-only",
                              cur->id);
    if (strcmp(cur->status, "planned") != 0)
        return kc_problem_set(pb, KC_CONFLICT, "activity %s is %s and no longer changes", cur->id,
                              cur->status);
    st = check_materials(body, pb);
    if (st == KC_OK)
        st = check_step(conn, p->tenant_id, cur->programme_id, body, pb);
    if (st == KC_OK)
        st = check_period(conn, after(body, "startsAt", cur->starts_at),
                          after(body, "endsAt", cur->ends_at), pb);
    if (st == KC_OK)
        st = check_capacity(conn, p, cur->id, body, pb);
    return st;
}

kc_status activity_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                 const json_t *body, kc_problem *pb)
{
    activity_lock cur;
    kc_status st;

    if (id == NULL)
        return check_create(conn, p, body, pb);
    st = access_require_lead(p, "plans activities", pb);
    if (st == KC_OK)
        st = activity_repo_lock(conn, p->tenant_id, id, &cur, pb);
    if (st != KC_OK)
        return st;
    if (body == NULL) {
        if (strcmp(cur.status, "completed") == 0)
            return kc_problem_set(pb, KC_CONFLICT,
                                  "activity %s is completed: its attendance is kept", id);
        return KC_OK;
    }
    return check_update(conn, p, &cur, body, pb);
}

/* ---- the status move ---------------------------------------------------------- */

static const char *const activity_move_targets[] = {"planned", "completed", "cancelled", NULL};

static const kc_field activity_move_fields[] = {
    {.name = "to", .type = KC_T_STRING, .required = 1, .enum_values = activity_move_targets},
};

static kc_status lock_activity(kc_move_ctx *m, kc_problem *pb)
{
    activity_lock *cur = m->arg;
    kc_status st;

    st = access_require_lead(m->p, "moves activities", pb);
    if (st == KC_OK)
        st = activity_repo_lock(m->conn, m->p->tenant_id, m->id, cur, pb);
    if (st == KC_OK) {
        m->status = cur->status;
        m->version = cur->version;
    }
    return st;
}

/* activity.completed: the attendance figures, numbers only. */
static kc_status completed_event(kc_move_ctx *m, const activity_lock *cur, kc_problem *pb)
{
    json_t *fig = NULL, *data = NULL;
    kc_status st;

    st = activity_repo_attendance(m->conn, m->p->tenant_id, m->id, &fig, pb);
    if (st != KC_OK)
        return st;
    data =
        json_pack("{s:s, s:s, s:s, s:O, s:O, s:O}", "id", m->id, "programmeId", cur->programme_id,
                  "kind", cur->kind, "invited", json_object_get(fig, "invited"), "registered",
                  json_object_get(fig, "registered"), "attended", json_object_get(fig, "attended"));
    if (data == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    else
        st = kc_outbox_add(m->conn, PROGRAMMES_SCHEMA, "activity.completed", m->p->tenant_id, m->id,
                           data, pb);
    json_decref(data);
    json_decref(fig);
    return st;
}

static kc_status write_move(kc_move_ctx *m, kc_problem *pb)
{
    const activity_lock *cur = m->arg;
    json_t *extra = NULL;
    kc_status st;

    st = activity_repo_set_status(m->conn, m->p->tenant_id, m->id,
                                  kc_states_name(&activity_lifecycle, m->to), pb);
    if (st != KC_OK)
        return st;
    extra = json_pack("{s:s}", "programmeId", cur->programme_id);
    if (extra == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_status_move_event(m, PROGRAMMES_SCHEMA, "activity.status.changed", extra, pb);
    json_decref(extra);
    if (st == KC_OK && m->to == ACTIVITY_STATUS_COMPLETED)
        st = completed_event(m, cur, pb);
    return st;
}

static const kc_status_move activity_move = {
    .noun = "activity",
    .states = &activity_lifecycle,
    .fields = activity_move_fields,
    .nfields = KC_NELEMS(activity_move_fields),
    .lock = lock_activity,
    .write = write_move,
    .resource = &activity_resource,
};

kc_status activity_service_move(kc_db_pool *pool, const kc_principal *p, const char *id,
                                const json_t *body, long long if_match, json_t **out,
                                long long *version, kc_problem *pb)
{
    activity_lock cur;

    return kc_status_move_run(&activity_move, pool, p, id, body, if_match, &cur, out, version, pb);
}

/* ---- participants and attendance ------------------------------------------------ */

/* Activity id's participants (KC_NOT_FOUND when the tenant has no such
 * activity): a kc_read_fn. */
static kc_status participants_of(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 json_t **items, kc_problem *pb)
{
    json_t *fig = NULL;
    kc_status st;

    st = activity_repo_attendance(conn, tenant_id, id, &fig, pb); /* 404 for another tenant's */
    if (st == KC_OK)
        st = activity_repo_participants(conn, tenant_id, id, items, pb);
    json_decref(fig);
    return st;
}

kc_status activity_service_participants(kc_db_pool *pool, const kc_principal *p, const char *id,
                                        json_t **out, kc_problem *pb)
{
    return programmes_items_of(pool, p, id, participants_of, out, pb);
}

kc_status activity_service_attendance(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      json_t **out, kc_problem *pb)
{
    return kc_read_one(pool, p, id, activity_repo_attendance, out, pb);
}

typedef struct participant_in {
    int invited, has_invited;
    int attended, has_attended;
    const char *progress;
    int has_progress;
} participant_in;

static const kc_field participant_fields[] = {
    {.name = "invited",
     .type = KC_T_BOOL,
     .to = KC_TO(participant_in, invited),
     .has = KC_HAS(participant_in, has_invited)},
    {.name = "attended",
     .type = KC_T_BOOL,
     .nullable = 1,
     .to = KC_TO(participant_in, attended),
     .has = KC_HAS(participant_in, has_attended)},
    {.name = "progress",
     .type = KC_T_STRING,
     .nullable = 1,
     .enum_values = progress_values,
     .to = KC_TO(participant_in, progress),
     .has = KC_HAS(participant_in, has_progress)},
};

static kc_status check_e_learning(const activity_lock *a, kc_problem *pb)
{
    if (strcmp(a->kind, "e_learning") == 0)
        return KC_OK;
    kc_problem_add_field(pb, "progress", "kept for e-learning themes only");
    return kc_problem_set(pb, KC_INVALID, "activity %s is a %s, not an e-learning theme", a->id,
                          a->kind);
}

static kc_status refuse_cancelled(const activity_lock *a, kc_problem *pb)
{
    if (strcmp(a->status, "cancelled") != 0)
        return KC_OK;
    return kc_problem_set(pb, KC_CONFLICT, "activity %s was cancelled", a->id);
}

static const char *dflt_progress(const activity_lock *a)
{
    return strcmp(a->kind, "e_learning") == 0 ? "not_started" : NULL;
}

/* What a write on a participation asks (a programmes_write's arg): the
 * activity, the person (NULL: the caller) and the decoded body. */
typedef struct participant_write {
    const char *id, *person_id;
    const json_t *body;
    participant_in in;
    const char *progress; /* activity_service_progress */
    int added;
} participant_write;

static kc_status put_participant(kc_db_conn *conn, const kc_principal *p, void *arg, json_t **out,
                                 kc_problem *pb)
{
    participant_write *w = arg;
    activity_participant_set set;
    activity_lock a;
    kc_status st;

    st = activity_repo_lock(conn, p->tenant_id, w->id, &a, pb);
    if (st == KC_OK)
        st = refuse_cancelled(&a, pb);
    if (st == KC_OK && w->in.has_progress)
        st = check_e_learning(&a, pb);
    if (st == KC_OK)
        st = member_repo_person_exists(conn, p->tenant_id, w->person_id, pb);
    if (st != KC_OK)
        return st;
    set.has_invited = w->in.has_invited;
    set.invited = w->in.invited;
    set.has_attended = w->in.has_attended;
    set.attended = json_is_null(json_object_get(w->body, "attended")) ? -1 : w->in.attended;
    set.has_progress = w->in.has_progress;
    set.progress = w->in.progress;
    set.dflt_progress = dflt_progress(&a);
    return activity_repo_put_participant(conn, p->tenant_id, w->id, w->person_id, &set, &w->added,
                                         out, pb);
}

kc_status activity_service_put_participant(kc_db_pool *pool, const kc_principal *p, const char *id,
                                           const char *person_id, const json_t *body, json_t **out,
                                           int *added, kc_problem *pb)
{
    participant_write w;
    kc_status st;

    *out = NULL;
    *added = 0;
    memset(&w, 0, sizeof(w));
    w.id = id;
    w.person_id = person_id;
    w.body = body;
    st = programmes_check_person_ids(id, person_id, pb);
    if (st == KC_OK)
        st = kc_decode_json(body, participant_fields, KC_NELEMS(participant_fields), &w.in, pb);
    if (st == KC_OK)
        st = access_require_lead(p, "invites participants and records attendance", pb);
    if (st == KC_OK)
        st = programmes_write(pool, p, put_participant, &w, out, pb);
    if (st == KC_OK)
        *added = w.added;
    return st;
}

/* The caller as a person of the directory (403 when they are none). */
static kc_status caller_person(kc_db_conn *conn, const kc_principal *p, char *person_id,
                               const char *what, kc_problem *pb)
{
    kc_status st = KC_NOT_FOUND;

    if (p->kind == KC_PRINCIPAL_STAFF && p->subject[0] != '\0')
        st = activity_repo_person_of(conn, p->tenant_id, p->subject, person_id, pb);
    if (st == KC_NOT_FOUND) {
        kc_problem_clear(pb);
        return kc_problem_set(pb, KC_FORBIDDEN,
                              "only a person of the programme directory (a person whose userSub"
                              " is yours) %s",
                              what);
    }
    return st;
}

/* The activity locked (two registrations for the last seat take turns)
 * and open for registration, in the open transaction. */
static kc_status open_registration(kc_db_conn *conn, const kc_principal *p, const char *id,
                                   activity_lock *a, kc_problem *pb)
{
    kc_status st;

    st = activity_repo_lock(conn, p->tenant_id, id, a, pb);
    if (st == KC_OK && strcmp(a->status, "planned") != 0)
        st = kc_problem_set(pb, KC_CONFLICT, "activity %s is %s: registration is closed", id,
                            a->status);
    return st;
}

static kc_status register_caller(kc_db_conn *conn, const kc_principal *p, void *arg, json_t **out,
                                 kc_problem *pb)
{
    participant_write *w = arg;
    activity_lock a;
    char me[37];
    int registered = 0;
    kc_status st;

    st = open_registration(conn, p, w->id, &a, pb);
    if (st == KC_OK)
        st = caller_person(conn, p, me, "registers for an activity", pb);
    if (st == KC_OK)
        st = activity_repo_registered(conn, p->tenant_id, w->id, me, &registered, pb);
    if (st == KC_OK && a.capacity >= 0 && registered >= a.capacity)
        st = kc_problem_set(pb, KC_CONFLICT, "activity %s is full: its %d places are taken", w->id,
                            a.capacity);
    if (st == KC_OK)
        st = activity_repo_register(conn, p->tenant_id, w->id, me, dflt_progress(&a), &w->added,
                                    out, pb);
    return st;
}

kc_status activity_service_register(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    json_t **out, int *added, kc_problem *pb)
{
    participant_write w = {.id = id};
    kc_status st;

    *out = NULL;
    *added = 0;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = programmes_write(pool, p, register_caller, &w, out, pb);
    if (st == KC_OK)
        *added = w.added;
    return st;
}

static kc_status unregister_caller(kc_db_conn *conn, const kc_principal *p, void *arg, json_t **out,
                                   kc_problem *pb)
{
    const participant_write *w = arg;
    activity_lock a;
    char me[37];
    kc_status st;

    (void)out;
    st = open_registration(conn, p, w->id, &a, pb);
    if (st == KC_OK)
        st = caller_person(conn, p, me, "withdraws a registration", pb);
    if (st == KC_OK)
        st = activity_repo_unregister(conn, p->tenant_id, w->id, me, pb);
    return st;
}

kc_status activity_service_unregister(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      kc_problem *pb)
{
    participant_write w = {.id = id};
    kc_status st;

    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = programmes_write(pool, p, unregister_caller, &w, NULL, pb);
    return st;
}

typedef struct progress_in {
    const char *progress;
} progress_in;

static const kc_field progress_fields[] = {
    {.name = "progress",
     .type = KC_T_STRING,
     .required = 1,
     .enum_values = progress_values,
     .to = KC_TO(progress_in, progress)},
};

static kc_status set_own_progress(kc_db_conn *conn, const kc_principal *p, void *arg, json_t **out,
                                  kc_problem *pb)
{
    const participant_write *w = arg;
    activity_lock a;
    char me[37];
    kc_status st;

    st = activity_repo_lock(conn, p->tenant_id, w->id, &a, pb);
    if (st == KC_OK)
        st = refuse_cancelled(&a, pb);
    if (st == KC_OK)
        st = check_e_learning(&a, pb);
    if (st == KC_OK)
        st = caller_person(conn, p, me, "keeps their progress", pb);
    if (st == KC_OK)
        st = activity_repo_set_progress(conn, p->tenant_id, w->id, me, w->progress, out, pb);
    if (st == KC_NOT_FOUND) {
        kc_problem_clear(pb);
        st = kc_problem_set(pb, KC_CONFLICT,
                            "you are no participant of activity %s: register for it first", w->id);
    }
    return st;
}

kc_status activity_service_progress(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const json_t *body, json_t **out, kc_problem *pb)
{
    participant_write w = {.id = id};
    progress_in in = {NULL};
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_decode_json(body, progress_fields, KC_NELEMS(progress_fields), &in, pb);
    if (st == KC_OK) {
        w.progress = in.progress;
        st = programmes_write(pool, p, set_own_progress, &w, out, pb);
    }
    return st;
}
