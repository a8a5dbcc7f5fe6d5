#include "checkpoints/checkpoint_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "access/access.h"
#include "checkpoints/approach_changes.h"
#include "checkpoints/approach_repo.h"
#include "checkpoints/checkpoint_repo.h"
#include "koers/idempotency.h"
#include "koers/outbox.h"
#include "koers/validate.h"
#include "programmes_service.h"
#include "programmes.h"

static const char *const decisions[] = {"continue", "adjust", NULL};

/* The request of a decision, decoded (borrowed from the body). */
typedef struct decide_input {
    const char *step_id, *question, *decision, *rationale, *group_id;
    const json_t *insights, *present_ids, *changes;
    int has_changes;
} decide_input;

static const kc_field decide_fields[] = {
    {.name = "stepId",
     .type = KC_T_STRING,
     .required = 1,
     .format = KC_FMT_UUID,
     .to = KC_TO(decide_input, step_id)},
    {.name = "question",
     .type = KC_T_STRING,
     .required = 1,
     .min_len = 1,
     .max_len = 2000,
     .to = KC_TO(decide_input, question)},
    {.name = "insights",
     .type = KC_T_ARRAY,
     .max_len = 50,
     .item_type = KC_T_STRING,
     .item_min_len = 1,
     .item_max_len = 2000,
     .to = KC_TO(decide_input, insights)},
    {.name = "decision",
     .type = KC_T_STRING,
     .required = 1,
     .enum_values = decisions,
     .to = KC_TO(decide_input, decision)},
    {.name = "rationale",
     .type = KC_T_STRING,
     .required = 1,
     .min_len = 1,
     .max_len = 4000,
     .to = KC_TO(decide_input, rationale)},
    {.name = "groupId",
     .type = KC_T_STRING,
     .required = 1,
     .format = KC_FMT_UUID,
     .to = KC_TO(decide_input, group_id)},
    {.name = "presentIds",
     .type = KC_T_ARRAY,
     .max_len = 100,
     .item_type = KC_T_STRING,
     .item_format = KC_FMT_UUID,
     .to = KC_TO(decide_input, present_ids)},
    {.name = "changes",
     .type = KC_T_ARRAY,
     .item_type = KC_T_OBJECT,
     .to = KC_TO(decide_input, changes),
     .has = KC_HAS(decide_input, has_changes)},
};

typedef struct decide_arg {
    const kc_principal *p;
    const char *programme_id;
    decide_input in;
    approach_change *changes; /* adjust only */
    size_t nchanges;
} decide_arg;

static size_t faults(const kc_problem *pb)
{
    return pb->invalid_params != NULL ? json_array_size(pb->invalid_params) : 0;
}

/* The body's rules that need no database: fields, no presentIds twice,
 * continue without changes, adjust with changes of the right shape. */
static kc_status check_body(const json_t *body, decide_arg *a, kc_problem *pb)
{
    const json_t *id;
    char name[48];
    size_t j, k;
    kc_status st;

    st = kc_decode_json(body, decide_fields, KC_NELEMS(decide_fields), &a->in, pb);
    if (st != KC_OK)
        return st;
    json_array_foreach(a->in.present_ids, j, id)
    {
        for (k = 0; k < j; k++) {
            if (json_equal(id, json_array_get(a->in.present_ids, k))) {
                snprintf(name, sizeof(name), "presentIds[%zu]", j);
                kc_problem_add_field(pb, name, "is named twice");
                break;
            }
        }
    }
    if (strcmp(a->in.decision, "continue") == 0) {
        if (a->in.has_changes)
            kc_problem_add_field(pb, "changes",
                                 "a decision to continue as planned changes nothing");
    } else if (approach_changes_parse(a->in.changes, &a->changes, &a->nchanges, pb) != KC_OK &&
               pb->status != KC_INVALID) {
        return pb->status;
    }
    if (faults(pb) > 0)
        return kc_problem_set(pb, KC_INVALID, "%zu field%s of the checkpoint %s invalid",
                              faults(pb), faults(pb) == 1 ? "" : "s",
                              faults(pb) == 1 ? "is" : "are");
    return KC_OK;
}

/* The step decided on: the programme's (else a fault on stepId), not
 * removed, not completed, not decided already (KC_CONFLICT). */
static kc_status check_step(kc_db_conn *conn, decide_arg *a, approach_model *m, kc_problem *pb)
{
    am_step *step = approach_model_step(m, a->in.step_id);
    char decided[37];
    kc_status st;

    if (step == NULL) {
        kc_problem_add_field(pb, "stepId", "is not a step of the programme");
        return KC_OK;
    }
    if (strcmp(step->status, "removed") == 0 || strcmp(step->status, "completed") == 0)
        return kc_problem_set(
            pb, KC_CONFLICT, "step %s is %s: a checkpoint follows a step that is planned or active",
            a->in.step_id, step->status);
    st = checkpoint_repo_of_step(conn, a->p->tenant_id, a->in.step_id, decided, pb);
    if (st == KC_OK && decided[0] != '\0')
        st = kc_problem_set(pb, KC_CONFLICT, "step %s has its checkpoint already (%s)",
                            a->in.step_id, decided);
    return st;
}

/* The deciding group (the programme's project or steering group) and who
 * was there (members of it); faults go to pb. */
static void check_group(decide_arg *a, approach_model *m, kc_problem *pb)
{
    const am_group *group = approach_model_group(m, a->in.group_id);
    const am_member *member;
    const json_t *id;
    char name[48];
    size_t j;

    if (group == NULL || strcmp(group->kind, "working") == 0) {
        kc_problem_add_field(pb, "groupId",
                             "is not the programme's project group or steering group");
        return;
    }
    json_array_foreach(a->in.present_ids, j, id)
    {
        member = approach_model_member(m, group->id, json_string_value(id));
        if (member == NULL || member->role[0] == '\0') {
            snprintf(name, sizeof(name), "presentIds[%zu]", j);
            kc_problem_add_field(pb, name, "is not a member of the deciding group");
        }
    }
}

/* Gives the new phases and steps their ids. */
static kc_status give_ids(approach_model *m, kc_problem *pb)
{
    size_t i;

    for (i = 0; i < m->nphases; i++)
        if (m->phases[i].is_new && kc_uuid_v4(m->phases[i].id) != KC_OK)
            return kc_problem_set(pb, KC_INTERNAL, "no random id");
    for (i = 0; i < m->nsteps; i++)
        if (m->steps[i].is_new && kc_uuid_v4(m->steps[i].id) != KC_OK)
            return kc_problem_set(pb, KC_INTERNAL, "no random id");
    return KC_OK;
}

/* Writes what the changes changed in m; each group whose members changed
 * gets group.members.changed. */
static kc_status write_model(kc_db_conn *conn, const decide_arg *a, const approach_model *m,
                             kc_problem *pb)
{
    const char *t = a->p->tenant_id;
    json_t *data;
    size_t i, k;
    int members_changed;
    kc_status st = KC_OK;

    for (i = 0; st == KC_OK && i < m->nphases; i++) {
        if (m->phases[i].is_new)
            st = approach_repo_insert_phase(conn, t, a->programme_id, &m->phases[i], pb);
        else if (m->phases[i].position != m->phases[i].orig_position)
            st = approach_repo_move_phase(conn, t, &m->phases[i], pb);
    }
    for (i = 0; st == KC_OK && i < m->nsteps; i++) {
        if (m->steps[i].is_new)
            st = approach_repo_insert_step(conn, t, a->programme_id, &m->steps[i], pb);
        else if (m->steps[i].dirty)
            st = approach_repo_update_step(conn, t, &m->steps[i], pb);
    }
    for (i = 0; st == KC_OK && i < m->nblocks; i++)
        if (m->blocks[i].dirty)
            st = approach_repo_update_block(conn, t, &m->blocks[i], pb);
    for (i = 0; st == KC_OK && i < m->ngroups; i++) {
        if (!m->groups[i].dirty)
            continue;
        st = approach_repo_update_group(conn, t, &m->groups[i], pb);
        members_changed = 0;
        for (k = 0; st == KC_OK && k < m->nmembers; k++) {
            if (strcmp(m->members[k].group_id, m->groups[i].id) != 0 ||
                strcmp(m->members[k].role, m->members[k].orig_role) == 0)
                continue;
            members_changed = 1;
            st = approach_repo_write_member(conn, t, &m->members[k], pb);
        }
        if (st != KC_OK || !members_changed)
            continue;
        data = json_pack("{s:s, s:s}", "groupId", m->groups[i].id, "programmeId", a->programme_id);
        st = data != NULL ? kc_outbox_add(conn, PROGRAMMES_SCHEMA, "group.members.changed", t,
                                          m->groups[i].id, data, pb)
                          : kc_problem_set(pb, KC_INTERNAL, "out of memory");
        json_decref(data);
    }
    return st;
}

static kc_status add_event(kc_db_conn *conn, const decide_arg *a, const json_t *checkpoint,
                           const approach_model *m, kc_problem *pb)
{
    json_t *changes =
        a->changes != NULL ? approach_changes_event(m, a->changes, a->nchanges) : json_array();
    json_t *data = NULL;
    kc_status st;

    if (changes != NULL)
        data = json_pack("{s:O, s:s, s:s, s:s, s:O, s:O}", "id", json_object_get(checkpoint, "id"),
                         "programmeId", a->programme_id, "stepId", a->in.step_id, "decision",
                         a->in.decision, "approachVersion",
                         json_object_get(checkpoint, "approachVersion"), "changes", changes);
    st = data != NULL
             ? kc_outbox_add(conn, PROGRAMMES_SCHEMA, "checkpoint.decided", a->p->tenant_id,
                             json_string_value(json_object_get(checkpoint, "id")), data, pb)
             : kc_problem_set(pb, KC_INTERNAL, "out of memory");
    json_decref(changes);
    json_decref(data);
    return st;
}

static kc_status decide(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    decide_arg *a = arg;
    approach_model m = {0};
    json_t *people = NULL, *kept = NULL, *no_changes = NULL;
    checkpoint_input in = {0};
    char status[16], id[37];
    int current = 0;
    kc_status st;

    *answer = NULL;
    st = checkpoint_repo_lock_programme(conn, a->p->tenant_id, a->programme_id, status, &current,
                                        pb);
    if (st == KC_OK)
        st = access_require_member(conn, a->p, a->programme_id, ACCESS_PROJECT | ACCESS_STEERING,
                                   a->in.group_id, "decide checkpoints", pb);
    if (st != KC_OK)
        goto out;
    if (strcmp(status, "running") != 0) {
        st = kc_problem_set(pb, KC_CONFLICT,
                            "programme %s is %s: checkpoints are decided while it is running",
                            a->programme_id, status);
        goto out;
    }
    people = approach_changes_people(a->changes, a->nchanges);
    if (people == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = approach_repo_load(conn, a->p->tenant_id, a->programme_id, people, &m, pb);
    if (st == KC_OK)
        st = check_step(conn, a, &m, pb);
    if (st != KC_OK)
        goto out;
    snprintf(m.decided_step_id, sizeof(m.decided_step_id), "%s", a->in.step_id);
    check_group(a, &m, pb);
    if (a->changes != NULL) {
        st = approach_changes_apply(&m, a->changes, a->nchanges, pb);
        if (st != KC_OK && st != KC_INVALID)
            goto out;
    }
    if (faults(pb) > 0) {
        st = kc_problem_set(pb, KC_INVALID,
                            "%zu field%s of the checkpoint %s invalid: nothing is decided or"
                            " changed",
                            faults(pb), faults(pb) == 1 ? "" : "s", faults(pb) == 1 ? "is" : "are");
        goto out;
    }
    st = kc_uuid_v4(id) == KC_OK ? give_ids(&m, pb) : kc_problem_set(pb, KC_INTERNAL, "no id");
    if (st == KC_OK && a->changes != NULL)
        st = write_model(conn, a, &m, pb);
    if (st != KC_OK)
        goto out;
    kept = a->changes != NULL ? approach_changes_record(&m, a->changes, a->nchanges) : NULL;
    no_changes = json_array();
    in = (checkpoint_input){
        .id = id,
        .programme_id = a->programme_id,
        .step_id = a->in.step_id,
        .question = a->in.question,
        .decision = a->in.decision,
        .rationale = a->in.rationale,
        .group_id = a->in.group_id,
        .insights = a->in.insights != NULL ? a->in.insights : no_changes,
        .present_ids = a->in.present_ids != NULL ? a->in.present_ids : no_changes,
        .changes = kept != NULL ? kept : no_changes,
        .approach_version = a->changes != NULL ? current + 1 : current,
        .decided_by = a->p->subject[0] != '\0' ? a->p->subject : "unknown",
    };
    if (no_changes == NULL || (a->changes != NULL && kept == NULL)) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = checkpoint_repo_insert(conn, a->p->tenant_id, &in, answer, pb);
    if (st == KC_OK && a->changes != NULL)
        st = checkpoint_repo_new_version(conn, a->p->tenant_id, a->programme_id, current + 1, id,
                                         a->in.rationale, kept, in.decided_by, pb);
    if (st == KC_OK)
        st = add_event(conn, a, *answer, &m, pb);
out:
    if (st != KC_OK) {
        json_decref(*answer);
        *answer = NULL;
    }
    json_decref(people);
    json_decref(kept);
    json_decref(no_changes);
    approach_model_clear(&m);
    return st;
}

kc_status checkpoint_service_decide(kc_db_pool *pool, const kc_principal *p,
                                    const char *programme_id, const struct kc_idem *idem,
                                    const json_t *body, json_t **answer, int *replayed,
                                    kc_problem *pb)
{
    decide_arg arg = {.p = p, .programme_id = programme_id};
    kc_status st;

    *answer = NULL;
    *replayed = 0;
    st = kc_check_id("id", programme_id, pb);
    if (st == KC_OK)
        st = check_body(body, &arg, pb);
    if (st == KC_OK)
        st = kc_idem_run(pool, PROGRAMMES_SCHEMA, idem, NULL, decide, &arg, answer, replayed, pb);
    free(arg.changes);
    return st;
}

kc_status checkpoint_service_list(kc_db_pool *pool, const kc_principal *p, const char *programme_id,
                                  const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                  kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    st = kc_check_id("id", programme_id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = checkpoint_repo_programme_exists(conn, p->tenant_id, programme_id, pb);
    if (st == KC_OK)
        st = checkpoint_repo_list(conn, p->tenant_id, programme_id, page, items, next, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status checkpoint_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 json_t **out, kc_problem *pb)
{
    return kc_read_one(pool, p, id, checkpoint_repo_get, out, pb);
}
