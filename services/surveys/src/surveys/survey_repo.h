#ifndef KOERS_SURVEYS_SURVEY_REPO_H
#define KOERS_SURVEYS_SURVEY_REPO_H

#include <jansson.h>
#include "koers/db.h"
#include "surveys/survey_model.h"
#include "surveys.h"

/* SQL for surveys, their sections and questions. Every function is scoped
 * to tenant_id; a row of another tenant is KC_NOT_FOUND. Results go to
 * caller-owned out params (survey_clear / question_clear). */

/* A new draft, wave 1, series_id = its own id. audiences_json is a JSON
 * array text; closes_at NULL = none. */
kc_status survey_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *title,
                             const char *kind, const char *audiences_json, const char *closes_at,
                             survey *out, kc_problem *pb) KC_MUST_CHECK;

/* The survey; with_content also reads sections and questions. */
kc_status survey_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, int with_content,
                          survey *out, kc_problem *pb) KC_MUST_CHECK;

/* Locks the survey's row for the transaction open on conn and reads it
 * (without content). */
kc_status survey_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id, survey *out,
                           kc_problem *pb) KC_MUST_CHECK;

typedef struct survey_filter {
    const char *status, *kind, *series_id; /* NULL = any */
} survey_filter;

/* One page in creation order, without content; survey_array_free(*items). */
kc_status survey_repo_list(kc_db_conn *conn, const char *tenant_id, const survey_filter *f,
                           const kc_keyset *page, survey **items, size_t *n, kc_keyset_next *next,
                           kc_problem *pb) KC_MUST_CHECK;

/* Sets title/audiences_json (NULL = unchanged) and, when set_closes_at,
 * closes_at (NULL = none) if the row is at version. */
kc_status survey_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id, int version,
                             const char *title, const char *audiences_json, int set_closes_at,
                             const char *closes_at, survey *out, kc_problem *pb) KC_MUST_CHECK;

kc_status survey_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *id,
                             kc_problem *pb) KC_MUST_CHECK;

/* Moves status to `to` (stamping opened_at or closed_at). */
kc_status survey_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 const char *to, survey *out, kc_problem *pb) KC_MUST_CHECK;

/* position < 0 = after the last one. */
kc_status survey_repo_add_section(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                  const char *title, int position, section *out,
                                  kc_problem *pb) KC_MUST_CHECK;

/* The question's definition (q: section_id "" = none, position < 0 = after
 * the last, code "" = "q<position>"). A sectionId not of this survey is
 * KC_INVALID naming it; a code in use KC_CONFLICT. */
kc_status survey_repo_add_question(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                   const question *q, question *out, kc_problem *pb) KC_MUST_CHECK;
kc_status survey_repo_get_question(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                   const char *question_id, question *out,
                                   kc_problem *pb) KC_MUST_CHECK;
/* Replaces the definition of question q->id. */
kc_status survey_repo_update_question(kc_db_conn *conn, const char *tenant_id,
                                      const char *survey_id, const question *q, question *out,
                                      kc_problem *pb) KC_MUST_CHECK;
kc_status survey_repo_delete_question(kc_db_conn *conn, const char *tenant_id,
                                      const char *survey_id, const char *question_id,
                                      kc_problem *pb) KC_MUST_CHECK;
kc_status survey_repo_question_count(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                     int *out, kc_problem *pb) KC_MUST_CHECK;

/* Copies survey id as the next wave of its series (a draft with the same
 * title, kind, audiences, sections and questions); new_id gets its id. */
kc_status survey_repo_new_wave(kc_db_conn *conn, const char *tenant_id, const char *id,
                               char new_id[37], kc_problem *pb) KC_MUST_CHECK;

/* {audience: [{valueId, name, count}] (top 5)} over the survey's
 * value_selection answers, only audiences with at least min_group
 * respondents. New reference. */
kc_status survey_repo_top_values(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 int min_group, json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* [{code, audience, mean, n}] over the survey's numeric questions (likert5,
 * likert7, nps): per question and audience the mean of the answers (4
 * decimals) and how many there are, only where n >= min_group; in the
 * order of the questions, then audience. Numbers only: what programmes
 * measures goals by. New reference. */
kc_status survey_repo_question_results(kc_db_conn *conn, const char *tenant_id, const char *id,
                                       int min_group, json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Locks (FOR UPDATE SKIP LOCKED, in the caller's transaction) up to max
 * open surveys whose closes_at has passed: ids[i]/tenants[i], *n of them. A
 * survey another replica is closing is skipped. */
kc_status survey_repo_lock_due(kc_db_conn *conn, int max, char (*ids)[37], char (*tenants)[37],
                               int *n, kc_problem *pb) KC_MUST_CHECK;

/* The ids of the tenant's core values (for value_selection answers):
 * *ids (free each, then free()) holds *n. */
kc_status survey_repo_core_value_ids(kc_db_conn *conn, const char *tenant_id, char ***ids,
                                     size_t *n, kc_problem *pb) KC_MUST_CHECK;

#endif
