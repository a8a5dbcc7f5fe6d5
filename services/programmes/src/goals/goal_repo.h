#ifndef KOERS_PROGRAMMES_GOAL_REPO_H
#define KOERS_PROGRAMMES_GOAL_REPO_H

#include <jansson.h>
#include "koers/db.h"
#include "koers/keyset.h"

/* Goals, indicators, their values and relapse signals, and the facts they
 * are measured by (survey_question_results, casedesk_feedback). SQL only;
 * the values are computed by the functions of sql/014_goals.sql. Errors
 * are kc_db_exec's unless said. */

/* Stores the numeric question results of a closed survey (wave of
 * series_id): results_json is [{code, audience, mean, n}] as JSON text,
 * already checked; closed_at RFC 3339. Safe to run twice (a question and
 * audience of the survey is kept once, the last one given). */
kc_status goal_repo_put_question_results(kc_db_conn *conn, const char *tenant_id,
                                         const char *survey_id, const char *series_id, int wave,
                                         const char *results_json, const char *closed_at,
                                         kc_problem *pb) KC_MUST_CHECK;

/* Keeps one feedback of case_id (round >= 1); equal_party and satisfaction
 * NULL when not answered; received_at RFC 3339. Once per (case, round). */
kc_status goal_repo_put_feedback(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 int round, const char *equal_party, const char *satisfaction,
                                 const char *received_at, kc_problem *pb) KC_MUST_CHECK;

/* The indicators to refresh: of tenant_id (NULL: every tenant), of kind
 * (NULL: any), of goal_id (NULL: any), as [{id, tenantId, programmeId,
 * goalId, kind, params, target, direction, relapseMargin, version,
 * createdAt, updatedAt}] in creation order (*items, the caller's). */
kc_status goal_repo_indicators(kc_db_conn *conn, const char *tenant_id, const char *kind,
                               const char *goal_id, json_t **items, kc_problem *pb) KC_MUST_CHECK;

/* Computes and stores the values of indicator_id (indicator_refresh). */
kc_status goal_repo_refresh(kc_db_conn *conn, const char *tenant_id, const char *indicator_id,
                            kc_problem *pb) KC_MUST_CHECK;

/* The stored values of indicator_id in time order: [{period, periodStart,
 * value, n}] (*values, the caller's). */
kc_status goal_repo_values(kc_db_conn *conn, const char *tenant_id, const char *indicator_id,
                           json_t **values, kc_problem *pb) KC_MUST_CHECK;

/* The kinds of signal ("off_track", "relapse") raised for indicator_id in
 * period, as the bits of goals/indicator_trend.h in *raised. */
kc_status goal_repo_raised(kc_db_conn *conn, const char *tenant_id, const char *indicator_id,
                           const char *period, unsigned *raised, kc_problem *pb) KC_MUST_CHECK;

/* A relapse signal of kind ("off_track", "relapse") for indicator_id in
 * period, unless one is there: *id gets the new row's id, "" when it was
 * raised before (nothing written). value and reference as decimal text. */
kc_status goal_repo_raise(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                          const char *goal_id, const char *indicator_id, const char *kind,
                          const char *period, const char *value, const char *reference, char id[37],
                          kc_problem *pb) KC_MUST_CHECK;

/* The goal goal_id in its wire form (*goal, the caller's); KC_NOT_FOUND
 * for another tenant's or no goal. */
kc_status goal_repo_goal(kc_db_conn *conn, const char *tenant_id, const char *goal_id,
                         json_t **goal, kc_problem *pb) KC_MUST_CHECK;

/* The programme of goal_id into programme_id; KC_NOT_FOUND when there is
 * no such goal (the problem names it). */
kc_status goal_repo_goal_programme(kc_db_conn *conn, const char *tenant_id, const char *goal_id,
                                   char programme_id[37], kc_problem *pb) KC_MUST_CHECK;

/* 1 in *yes when the row id of what ("programme_value", "manifest") is of
 * programme_id, else 0. */
kc_status goal_repo_of_programme(kc_db_conn *conn, const char *tenant_id, const char *what,
                                 const char *id, const char *programme_id, int *yes,
                                 kc_problem *pb) KC_MUST_CHECK;

/* The kind and goal of indicator id; KC_NOT_FOUND without it. */
kc_status goal_repo_indicator_head(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   char kind[32], char goal_id[37], kc_problem *pb) KC_MUST_CHECK;

/* 1 in *yes when a coaching entry refers to a relapse signal of indicator
 * id (the signal must then stay). */
kc_status goal_repo_indicator_coached(kc_db_conn *conn, const char *tenant_id, const char *id,
                                      int *yes, kc_problem *pb) KC_MUST_CHECK;

/* A page of the relapse signals of programme_id, newest first: [{id,
 * programmeId, goalId, indicatorId, kind, period, value, reference,
 * raisedAt}]; KC_NOT_FOUND when the tenant has no such programme. */
kc_status goal_repo_signals(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                            const kc_keyset *page, json_t **items, kc_keyset_next *next,
                            kc_problem *pb) KC_MUST_CHECK;

#endif
