#ifndef KOERS_PROGRAMMES_COHORT_REPO_H
#define KOERS_PROGRAMMES_COHORT_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* The SQL of cohorts' members (the kit holds cohorts' plain reads and
 * writes). Every function filters on the tenant. */

/* A cohort as its rules need it. */
typedef struct cohort_row {
    char id[37];
    char programme_id[37];
} cohort_row;

/* Reads cohort id into *out, locked (FOR UPDATE) when lock is set, so
 * that writes on one cohort's members and pairs take turns. KC_NOT_FOUND
 * ("cohort <id> not found") when the tenant has none. */
kc_status cohort_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, int lock,
                          cohort_row *out, kc_problem *pb) KC_MUST_CHECK;

/* The members of cohort id, a new array in *out: {personId, name,
 * organisation, changeAgent, joinedAt}, in the order they joined. */
kc_status cohort_repo_members(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                              kc_problem *pb) KC_MUST_CHECK;

/* Adds person_id to the cohort or changes them; change_agent -1 keeps it
 * (false for a new member). *added 1 when new; *out the member. */
kc_status cohort_repo_put_member(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                                 const char *person_id, int change_agent, int *added, json_t **out,
                                 kc_problem *pb) KC_MUST_CHECK;

/* Removes person_id from the cohort. KC_NOT_FOUND when not a member. */
kc_status cohort_repo_remove_member(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                                    const char *person_id, kc_problem *pb) KC_MUST_CHECK;

#endif
