#ifndef KOERS_PROGRAMMES_PROGRAMME_VALUE_REPO_H
#define KOERS_PROGRAMMES_PROGRAMME_VALUE_REPO_H

#include "koers/db.h"

/* What a programme value's creation checks against: the programme, the
 * catalogue copy, the closed surveys' results and the brainstorm
 * promotions. SQL only. */

/* Names hold up to 200 characters of UTF-8. */
#define PROGRAMME_VALUE_NAME_SIZE 801

/* KC_OK when programme_id is a programme of tenant_id, locked (FOR SHARE)
 * in the caller's transaction; KC_NOT_FOUND ("programme <id> not found")
 * otherwise. */
kc_status programme_value_repo_programme(kc_db_conn *conn, const char *tenant_id,
                                         const char *programme_id, kc_problem *pb) KC_MUST_CHECK;

/* The catalogue's value_id of tenant_id: its name and *active.
 * KC_NOT_FOUND when the copy does not hold it. */
kc_status programme_value_repo_catalogue(kc_db_conn *conn, const char *tenant_id,
                                         const char *value_id, char *name, int *active,
                                         kc_problem *pb) KC_MUST_CHECK;

/* What a survey says about value_id for programme_id of tenant_id:
 * *linked = 1 when survey_id is among the programme's surveyIds, *closed =
 * 1 when its closed results are known, and name (the catalogue's name,
 * else the results' one) non-empty when those results hold the value in
 * some audience. KC_NOT_FOUND when there is no such programme. */
kc_status programme_value_repo_survey(kc_db_conn *conn, const char *tenant_id,
                                      const char *programme_id, const char *survey_id,
                                      const char *value_id, int *linked, int *closed, char *name,
                                      kc_problem *pb) KC_MUST_CHECK;

/* The name of value_id as brainstorm session session_id of tenant_id
 * promoted it (the catalogue's current name when it has one).
 * KC_NOT_FOUND when that session did not promote it. */
kc_status programme_value_repo_promotion(kc_db_conn *conn, const char *tenant_id,
                                         const char *session_id, const char *value_id, char *name,
                                         kc_problem *pb) KC_MUST_CHECK;

/* *taken = 1 when programme_id already has value_id; *next_position the
 * position after its last value (at most 100). */
kc_status programme_value_repo_place(kc_db_conn *conn, const char *tenant_id,
                                     const char *programme_id, const char *value_id, int *taken,
                                     int *next_position, kc_problem *pb) KC_MUST_CHECK;

#endif
