#ifndef KOERS_PROGRAMMES_EVENTS_CONSUMER_H
#define KOERS_PROGRAMMES_EVENTS_CONSUMER_H

#include <stddef.h>
#include "koers/consumer.h"
#include "koers/db.h"

/* The consumers of the other services' events (koers/consumer_set.h: one
 * durable consumer per tenant's key), two background workers of the
 * service (koers/service.h):
 *   - the surveys service's events, consumers "survey-results.<tenant>":
 *     survey.closed keeps the survey's top values
 *     (closed_survey_service_apply), the programmes' candidate values;
 *     core_value.created|updated|deleted and brainstorm.value.promoted
 *     keep the catalogue copy (value_catalogue_service_apply);
 *   - the processes service's events, consumers
 *     "process-improvements.<tenant>": improvement.completed completes the
 *     actions linked to the improvement (linked_action_service_apply);
 *   - the casedesk's events, consumers "case-feedback.<tenant>":
 *     case.feedback.received keeps the citizen's feedback
 *     (goal_service_apply_feedback), the goals' equal-party share.
 * survey.closed also keeps the numeric questions' means per wave
 * (goal_service_apply_survey_closed), the goals' pulse indicators.
 * Each applies an event once and catches up after an outage through the
 * source's events replay. */

/* Reads KOERS_PROGRAMMES_SURVEYS_URL, KOERS_PROGRAMMES_PROCESSES_URL and
 * KOERS_PROGRAMMES_CASEDESK_URL
 * (the sources' base URLs, e.g. http://127.0.0.1:8082),
 * KOERS_PROGRAMMES_EVENTS_KEY (API keys with scope events:read only,
 * separated by commas: one per tenant read, for every source; at most
 * KC_CONSUMER_SET_MAX_KEYS), KOERS_REDIS_URL (the wake-ups; default as the
 * common configuration) and KOERS_PROGRAMMES_EVENTS_POLL_S (catch up at
 * least this often, 1..3600, default 5). A source without its URL or the
 * key does not start (its start logs it). 0, or -1 with the variable named
 * in err. */
int programmes_events_configure(char *err, size_t errlen);

/* The workers' start and stop (kc_service_worker). Without its URL or the
 * key, a start logs once what stays empty and gives a NULL handle; stop
 * accepts NULL. */
kc_status programmes_surveys_consumer_start(kc_db_pool *pool, void **handle) KC_MUST_CHECK;
kc_status programmes_processes_consumer_start(kc_db_pool *pool, void **handle) KC_MUST_CHECK;
kc_status programmes_casedesk_consumer_start(kc_db_pool *pool, void **handle) KC_MUST_CHECK;
void programmes_events_consumer_stop(void *handle);

/* The handlers of the sets (kc_consumer_set_handler): an event of a
 * type they do not apply is KC_OK (counted as applied, nothing changes). */
kc_status programmes_events_on_survey(kc_db_conn *conn, const char *tenant_id,
                                      const kc_consumer_event *ev, void *user,
                                      kc_problem *pb) KC_MUST_CHECK;
kc_status programmes_events_on_process(kc_db_conn *conn, const char *tenant_id,
                                       const kc_consumer_event *ev, void *user,
                                       kc_problem *pb) KC_MUST_CHECK;
kc_status programmes_events_on_case(kc_db_conn *conn, const char *tenant_id,
                                    const kc_consumer_event *ev, void *user,
                                    kc_problem *pb) KC_MUST_CHECK;

#endif
