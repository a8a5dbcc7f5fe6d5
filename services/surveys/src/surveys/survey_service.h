#ifndef KOERS_SURVEYS_SURVEY_SERVICE_H
#define KOERS_SURVEYS_SURVEY_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/idempotency.h"
#include "surveys/survey_model.h"
#include "surveys.h"

/* Surveys (routes.c admits: changes survey managers; reads also
 * coordinators and keys with surveys:read; a key with surveys:respond may
 * read an open survey, checked here), validation, the draft -> open ->
 * closed rules and their events (survey.opened, survey.closed). Bodies and
 * ids are borrowed; results go to caller-owned out params (survey_clear,
 * question_clear). */

/* Creates a draft (once per Idempotency-Key); *answer is the created
 * survey, also when a repeated key replays it (*replayed = 1). */
kc_status survey_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                const json_t *body, json_t **answer, int *replayed,
                                kc_problem *pb) KC_MUST_CHECK;
/* The survey with sections and questions (closing it first when its
 * closesAt has passed). */
kc_status survey_service_get(kc_db_pool *pool, const kc_principal *p, const char *id, survey *out,
                             kc_problem *pb) KC_MUST_CHECK;
typedef struct survey_query {
    const char *status, *kind, *series_id;
} survey_query;
kc_status survey_service_list(kc_db_pool *pool, const kc_principal *p, const survey_query *q,
                              const kc_keyset *page, survey **items, size_t *n,
                              kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;
/* title and audiences only in draft, closesAt while not closed (409). */
kc_status survey_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                const json_t *body, long long if_match, survey *out,
                                kc_problem *pb) KC_MUST_CHECK;
/* Drafts only (409 otherwise). */
kc_status survey_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                kc_problem *pb) KC_MUST_CHECK;

/* Sections and questions change only while the survey is a draft: 409
 * "questions cannot change once the survey is open" otherwise. */
kc_status survey_service_add_section(kc_db_pool *pool, const kc_principal *p, const char *id,
                                     const json_t *body, section *out,
                                     kc_problem *pb) KC_MUST_CHECK;
kc_status survey_service_add_question(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      const json_t *body, question *out,
                                      kc_problem *pb) KC_MUST_CHECK;
/* Merges body into the question and checks the result as a whole. */
kc_status survey_service_update_question(kc_db_pool *pool, const kc_principal *p, const char *id,
                                         const char *question_id, const json_t *body, question *out,
                                         kc_problem *pb) KC_MUST_CHECK;
kc_status survey_service_delete_question(kc_db_pool *pool, const kc_principal *p, const char *id,
                                         const char *question_id, kc_problem *pb) KC_MUST_CHECK;

/* draft -> open (needs a question; event survey.opened) and open -> closed
 * (event survey.closed with the top values per audience); else 409. */
kc_status survey_service_open(kc_db_pool *pool, const kc_principal *p, const char *id, survey *out,
                              kc_problem *pb) KC_MUST_CHECK;
kc_status survey_service_close(kc_db_pool *pool, const kc_principal *p, const char *id, survey *out,
                               kc_problem *pb) KC_MUST_CHECK;

/* The next wave of the survey's series: a new draft with the same title,
 * kind, audiences, sections and questions (same codes). */
kc_status survey_service_new_wave(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  survey *out, kc_problem *pb) KC_MUST_CHECK;

/* Closes the survey (on conn, outside a transaction) when it is open and
 * its closesAt has passed; does nothing otherwise or when another replica
 * is closing it right now. */
kc_status survey_service_close_if_due(kc_db_conn *conn, const char *tenant_id, const char *id,
                                      kc_problem *pb) KC_MUST_CHECK;

/* One pass of the scheduled close over all tenants: *closed surveys
 * closed (each with its survey.closed event). */
kc_status survey_service_close_due(kc_db_pool *pool, int *closed, kc_problem *pb) KC_MUST_CHECK;

/* 1 if the survey is open and its closesAt has passed. */
int survey_service_past_due(const survey *s);

#endif
