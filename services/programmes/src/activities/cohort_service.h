#ifndef KOERS_PROGRAMMES_COHORT_SERVICE_H
#define KOERS_PROGRAMMES_COHORT_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* Cohorts (the kit serves them) and their members. Ids are checked (400
 * naming "id" or "personId"); another tenant's cohort or person is
 * KC_NOT_FOUND. */

/* The kit's check of a cohort write: a lead or coordinator; programmeId
 * read-only (422). */
kc_status cohort_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                               const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* *out {"items": members} of cohort id (cohort_repo_members). */
kc_status cohort_service_members(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Makes person_id a member of cohort id, or marks them (body {changeAgent?:
 * bool}) as a change agent (versneller) or not; publishes
 * cohort.members.changed {cohortId, programmeId}. *added 1 when new. */
kc_status cohort_service_put_member(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const char *person_id, const json_t *body, json_t **out,
                                    int *added, kc_problem *pb) KC_MUST_CHECK;

/* Removes person_id from cohort id (404 when not a member; 409 while they
 * are in an active buddy pair), with cohort.members.changed. */
kc_status cohort_service_remove_member(kc_db_pool *pool, const kc_principal *p, const char *id,
                                       const char *person_id, kc_problem *pb) KC_MUST_CHECK;

#endif
