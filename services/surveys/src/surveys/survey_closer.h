#ifndef KOERS_SURVEYS_SURVEY_CLOSER_H
#define KOERS_SURVEYS_SURVEY_CLOSER_H

#include "koers/db.h"

/* The background pass that closes open surveys whose closesAt has passed
 * (survey_service_close_due: FOR UPDATE SKIP LOCKED, so of several replicas
 * exactly one closes a survey and emits survey.closed). */
typedef struct survey_closer survey_closer;

/* Starts the thread, a pass every every_s seconds (the pool is borrowed and
 * must outlive the closer). */
kc_status survey_closer_start(kc_db_pool *pool, int every_s, survey_closer **out) KC_MUST_CHECK;

/* Wakes the thread, waits for its pass in progress to end, frees it. NULL
 * is fine. */
void survey_closer_stop(survey_closer *c);

#endif
