#ifndef KOERS_PROGRAMMES_GOAL_SERVICE_H
#define KOERS_PROGRAMMES_GOAL_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/keyset.h"

/* Behavioural goals of a programme and their indicators (kit resources,
 * goals/goal_resource.c and goals/indicator_resource.c): the rules the
 * columns cannot say, each goal's trend, the programme's relapse signals,
 * and the facts from the surveys and the casedesk the values rest on. */

/* The goal resource's check (kc_resource.check): a programmeValueId is a
 * value of the goal's programme (422); a goal stays with its programme
 * (422 on a PATCH naming another). */
kc_status goal_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                             const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* The indicator resource's check: params valid for the kind
 * (goals/indicator_params.h; a manifestId a manifest of the goal's
 * programme), relapseMargin >= 0, kind and goal kept on a PATCH (422); a
 * delete refused (409) while a coaching entry refers to one of its
 * relapse signals. */
kc_status indicator_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                  const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* GET /goals/{id}/trend: refreshes the goal's indicators (and raises what
 * their latest values call for), then *out = {goal, indicators:
 * [{indicator, values: [{period, periodStart, value, n}], latest,
 * onTrack, target, direction}]}. 400 for a malformed id, 404 for no goal
 * of the tenant. */
kc_status goal_service_trend(kc_db_pool *pool, const kc_principal *p, const char *id, json_t **out,
                             kc_problem *pb) KC_MUST_CHECK;

/* A page of the relapse signals of programme id, newest first (*items,
 * the caller's); 404 for no programme of the tenant. */
kc_status goal_service_signals(kc_db_pool *pool, const kc_principal *p, const char *id,
                               const kc_keyset *page, json_t **items, kc_keyset_next *next,
                               kc_problem *pb) KC_MUST_CHECK;

/* The surveys' survey.closed (subject the survey, data {seriesId, wave,
 * questionResults: [{code, audience, mean, n}]}): keeps the question
 * results (malformed items left out) and refreshes the tenant's
 * pulse_question indicators, in the consumer's transaction on conn. An
 * event without a series or wave changes nothing. */
kc_status goal_service_apply_survey_closed(kc_db_conn *conn, const char *tenant_id,
                                           const char *event_id, const char *subject,
                                           const json_t *data, const char *published_at,
                                           kc_problem *pb) KC_MUST_CHECK;

/* The casedesk's case.feedback.received (subject the case, data {round,
 * satisfaction, equalParty}; round counts reopenings from 0 and is kept
 * as round + 1): keeps it once and refreshes the tenant's
 * equal_party_share indicators, in the consumer's transaction. */
kc_status goal_service_apply_feedback(kc_db_conn *conn, const char *tenant_id, const char *event_id,
                                      const char *subject, const json_t *data,
                                      const char *published_at, kc_problem *pb) KC_MUST_CHECK;

#endif
