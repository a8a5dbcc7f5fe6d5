#ifndef KOERS_PROGRAMMES_CLOSED_SURVEY_REPO_H
#define KOERS_PROGRAMMES_CLOSED_SURVEY_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* The surveys service's closed surveys as programmes keeps them
 * (closed_surveys), and a programme's candidate core values read from
 * them. SQL only. */

/* Inserts or replaces the closed survey survey_id of tenant_id:
 * top_values_json is {audience: [{valueId, name, count}]} as JSON text,
 * closed_at RFC 3339 (NULL: now), event_id the survey.closed event's id.
 * Safe to run twice. Errors as kc_db_exec. */
kc_status closed_survey_repo_upsert(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                    const char *top_values_json, const char *closed_at,
                                    const char *event_id, kc_problem *pb) KC_MUST_CHECK;

/* The candidate values of programme_id of tenant_id: each top value of
 * each audience of each closed survey among the programme's survey_ids,
 * as [{surveyId, closedAt, audience, valueId, name, count}] in the order
 * closedAt, surveyId, audience, then the value's rank in its audience
 * (*items, the caller's). KC_NOT_FOUND when the tenant has no such
 * programme; else errors as kc_db_exec. */
kc_status closed_survey_repo_candidates(kc_db_conn *conn, const char *tenant_id,
                                        const char *programme_id, json_t **items,
                                        kc_problem *pb) KC_MUST_CHECK;

#endif
