#ifndef KOERS_PROGRAMMES_CLOSED_SURVEY_SERVICE_H
#define KOERS_PROGRAMMES_CLOSED_SURVEY_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The surveys service's closed surveys and the candidate core values a
 * programme gets from them (the surveys linked by its surveyIds). */

/* The top values of a survey.closed event as kept: of data.topValues
 * ({audience: [{valueId, name, count}]}) the audiences named by 1..64
 * characters and of each at most 50 items with a UUID valueId, a name of
 * 1..200 characters and a count of 0 or more, in their order; the rest
 * is left out ({} when nothing is left). A new reference, or NULL when
 * out of memory. */
json_t *closed_survey_top_values(const json_t *top_values);

/* Applies a survey.closed event of tenant_id on conn, inside the
 * consumer's transaction: the survey (the event's subject, else
 * data.surveyId) is kept with its top values (closed_survey_top_values)
 * and closedAt = published_at (RFC 3339; else now), replacing what an
 * earlier event of that survey left. An event without a survey id is
 * skipped (logged by id). Safe to apply twice. Only a database failure
 * fails (the event is retried). */
kc_status closed_survey_service_apply(kc_db_conn *conn, const char *tenant_id, const char *event_id,
                                      const char *subject, const json_t *data,
                                      const char *published_at, kc_problem *pb) KC_MUST_CHECK;

/* The candidate values of programme id for p's tenant: {items: [{surveyId,
 * closedAt, audience, valueId, name, count}]} for the closed surveys among
 * its surveyIds (closed_survey_repo_candidates), *out the caller's. 400
 * for an id that is no UUID, 404 for no such programme of the tenant. */
kc_status closed_survey_service_candidates(kc_db_pool *pool, const kc_principal *p, const char *id,
                                           json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
