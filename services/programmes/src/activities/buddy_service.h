#ifndef KOERS_PROGRAMMES_BUDDY_SERVICE_H
#define KOERS_PROGRAMMES_BUDDY_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* Buddy pairs within a cohort: formed by hand or proposed by Koers
 * (activities/buddy_pairing.h) and accepted, ended, and their check-ins.
 * The rules of a new pair: two different members of the cohort (422
 * naming the id), neither in an active pair of the cohort and never
 * paired before in it (409). Leads and coordinators form and end pairs;
 * only the two buddies (as persons: their userSub) and leads and
 * coordinators see or write check-ins, everyone else gets 404. */

/* POST /cohorts/{id}/buddy-pairs {personIds: [a, b]}: *out the pair. */
kc_status buddy_service_create(kc_db_pool *pool, const kc_principal *p, const char *cohort_id,
                               const json_t *body, json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* POST /cohorts/{id}/buddy-pairs/proposal: *out {pairs: [[a, b], ...],
 * unpaired: [id, ...]}; nothing is stored. */
kc_status buddy_service_propose(kc_db_pool *pool, const kc_principal *p, const char *cohort_id,
                                json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* POST /cohorts/{id}/buddy-pairs/proposal/accept {pairs: [[a, b], ...]}:
 * stores them all (formed by proposal) or none, each checked by the
 * rules; nobody twice (422). *out {items: the pairs}. */
kc_status buddy_service_accept(kc_db_pool *pool, const kc_principal *p, const char *cohort_id,
                               const json_t *body, json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* *out {items: the pairs of cohort_id} (buddy_repo.h). */
kc_status buddy_service_list(kc_db_pool *pool, const kc_principal *p, const char *cohort_id,
                             json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* POST /buddy-pairs/{id}/end (no body): *out the pair; 409 when it has
 * ended already. */
kc_status buddy_service_end(kc_db_pool *pool, const kc_principal *p, const char *id, json_t **out,
                            kc_problem *pb) KC_MUST_CHECK;

/* *out {items: the check-ins of pair id}, for the pair and leads. */
kc_status buddy_service_checkins(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Adds a check-in {heldOn, note?} to an active pair (409 when it ended),
 * for the pair and leads; *out the check-in. */
kc_status buddy_service_add_checkin(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const json_t *body, json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
