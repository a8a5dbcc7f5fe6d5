#include "monitor/coaching_service.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "access/access.h"
#include "monitor/coaching_repo.h"
#include "programmes.h"
#include "programmes_resources.h"

/* A member as it will be after the write: the body's when it carries it
 * (JSON null: "" ), else the stored one. */
static const char *after_write(const json_t *body, const char *name, const char *stored)
{
    const json_t *v = json_object_get(body, name);

    if (v == NULL)
        return stored;
    return json_is_string(v) ? json_string_value(v) : "";
}

/* Exactly one of team and personId; followUpOn not before heldOn. */
static void check_shape(const char *team, const char *person, const char *held_on,
                        const char *follow_up_on, kc_problem *pb)
{
    if ((team[0] != '\0') == (person[0] != '\0')) {
        kc_problem_add_field(pb, "team", "coach either a team or a person");
        kc_problem_add_field(pb, "personId", "coach either a team or a person");
    }
    if (follow_up_on[0] != '\0' && held_on[0] != '\0' && strcmp(follow_up_on, held_on) < 0)
        kc_problem_add_field(pb, "followUpOn", "is before heldOn");
}

/* relapseSignalId of body (absent or null: nothing to check) must be a
 * signal of programme_id. */
static kc_status check_signal(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                              const json_t *body, kc_problem *pb)
{
    const char *signal_id = json_string_value(json_object_get(body, "relapseSignalId"));
    char of[37];
    kc_status st;

    if (signal_id == NULL)
        return KC_OK;
    st = coaching_repo_signal_programme(conn, tenant_id, signal_id, of, pb);
    if (st == KC_NOT_FOUND) { /* the kit's reference check ran first: gone meanwhile */
        kc_problem_add_field(pb, "relapseSignalId", "no such relapse signal");
        return kc_problem_set(pb, KC_INVALID, "relapse signal %s not found", signal_id);
    }
    if (st != KC_OK)
        return st;
    if (strcasecmp(of, programme_id) != 0) {
        kc_problem_add_field(pb, "relapseSignalId", "is a signal of another programme");
        return kc_problem_set(pb, KC_INVALID, "relapse signal %s is not one of programme %s",
                              signal_id, programme_id);
    }
    return KC_OK;
}

kc_status coaching_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                 const json_t *body, kc_problem *pb)
{
    coaching_lock cur;
    const char *programme_id, *moved_to;
    kc_status st;

    memset(&cur, 0, sizeof(cur));
    st = access_require_lead(p, "keeps the coaching log", pb);
    if (st == KC_OK && id != NULL)
        st = coaching_repo_lock(conn, p->tenant_id, id, &cur, pb);
    if (st != KC_OK || body == NULL)
        return st;
    if (id != NULL) {
        moved_to = json_string_value(json_object_get(body, "programmeId"));
        if (moved_to != NULL && strcasecmp(moved_to, cur.programme_id) != 0)
            kc_problem_add_field(pb, "programmeId", "a coaching entry stays with its programme");
        if (json_object_get(body, "createdBy") != NULL)
            kc_problem_add_field(pb, "createdBy", "set when the entry is made");
        programme_id = cur.programme_id;
    } else {
        programme_id = json_string_value(json_object_get(body, "programmeId"));
    }
    check_shape(after_write(body, "team", cur.team), after_write(body, "personId", cur.person_id),
                after_write(body, "heldOn", cur.held_on),
                after_write(body, "followUpOn", cur.follow_up_on), pb);
    if (pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "the coaching entry is not valid");
    return check_signal(conn, p->tenant_id, programme_id, body, pb);
}
