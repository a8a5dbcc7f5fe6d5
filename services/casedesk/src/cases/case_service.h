#ifndef KOERS_CASEDESK_CASE_SERVICE_H
#define KOERS_CASEDESK_CASE_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/idempotency.h"
#include "casedesk.h"
#include "cases/case_model.h"

/* Cases: the rules of filing, routing, the lifecycle and assignment. Each
 * change, its timeline entries and its outbox events are written in one
 * transaction. Arguments are borrowed; out params are the caller's.
 * if_match is -1 when the client sent none. */

/* Files a case (portal key with cases:write, or staff). Validates body,
 * routes it, and answers *body_out (new reference, the case JSON). With an
 * active idem, a repeated key gets the first answer again (*replayed = 1)
 * and nothing new is created: either way the answer is the creation's. */
kc_status case_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                              const json_t *body, json_t **body_out, int *replayed,
                              kc_problem *pb) KC_MUST_CHECK;

/* case_service_create for an Open311 filing (open311_service.c): the
 * citizen may come without e-mail and phone (an anonymous report, followed
 * by its tracking token), and the case keeps `attributes`, the Open311
 * attribute values checked against the category's definition (NULL =
 * none). */
kc_status case_service_create_open311(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                      const json_t *body, const json_t *attributes,
                                      json_t **body_out, int *replayed,
                                      kc_problem *pb) KC_MUST_CHECK;

/* Whether the caller receives the citizen's personal details (the case's
 * "citizen": name, e-mail, phone, address) in the cases it reads or files:
 * staff do (every role admitted to an answer holding a case: coordinator,
 * liaison officer, admin, and the privacy officer's export); an API key
 * only with the scope cases:citizen besides cases:read / cases:write (data
 * minimisation, AVG art. 5(1)(c): a portal asks for it explicitly). */
int case_service_shows_citizen(const kc_principal *p);

/* Removes "citizen" from a case's JSON (or a filing's answer) when
 * case_service_shows_citizen says the caller may not see it. NULL is
 * fine. */
void case_service_hide_citizen(const kc_principal *p, json_t *case_json);

kc_status case_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                           case_record *out, kc_problem *pb) KC_MUST_CHECK;

/* The query of GET /cases (strings as they came, checked by the handler's
 * query fields; NULL members are not applied). */
typedef struct case_query {
    const char *status;
    const char *officer_id;
    const char *category_id;
    const char *district;
    const char *q; /* text in the description or the reference */
    const char *created_from;
    const char *created_to;
    int unassigned; /* -1 any, 0 assigned only, 1 unassigned only */
    int ascending;  /* oldest first (sort=createdAt) */
} case_query;

kc_status case_service_list(kc_db_pool *pool, const kc_principal *p, const case_query *q,
                            const kc_keyset *page, case_record **items, size_t *n,
                            kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;

/* Moves a case along the lifecycle table (staff), by the casedesk README: to waiting
 * suspends (reason required), from waiting resumes (deadlines moved), to
 * in_progress the first time is the first contact, to resolved needs
 * outcome and explanation (case_outcome.h), resolved/closed -> in_progress
 * reopens. Every status change books its lead time. An illegal move is
 * KC_CONFLICT with "allowedTransitions" in pb->extra; a stale If-Match is
 * KC_PRECONDITION_FAILED; a concurrent change without If-Match KC_CONFLICT. */
kc_status case_service_transition(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const json_t *body, long long if_match, case_record *out,
                                  kc_problem *pb) KC_MUST_CHECK;

/* (Re)assigns a case to an active officer (coordinator). received becomes
 * assigned; other statuses are kept. Unknown/inactive officer: KC_INVALID
 * naming officerId. */
kc_status case_service_assign(kc_db_pool *pool, const kc_principal *p, const char *id,
                              const json_t *body, long long if_match, case_record *out,
                              kc_problem *pb) KC_MUST_CHECK;

/* A page of the timeline, oldest first, after entry after_id (0 = start). */
kc_status case_service_timeline(kc_db_pool *pool, const kc_principal *p, const char *id,
                                long long after_id, int limit, case_timeline_entry **items,
                                size_t *n, int *has_more, kc_problem *pb) KC_MUST_CHECK;

/* Time in each status so far (readers of cases). */
kc_status case_service_lead_times(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  case_lead_times *out, kc_problem *pb) KC_MUST_CHECK;

#endif
