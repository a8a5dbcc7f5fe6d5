#ifndef KOERS_CASEDESK_REFERRAL_SERVICE_H
#define KOERS_CASEDESK_REFERRAL_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "casedesk.h"
#include "referrals/referral_model.h"

/* Referrals: questions about a case to a responsible official or a
 * department. Made and withdrawn by coordinators and liaison officers; read,
 * acknowledged and answered by them and by the official (role "official",
 * JWT sub = the official's userSub) it is addressed to or held by; or,
 * without any credential, through the signed one-time link
 * (referral_link.h). Every change writes a case timeline entry (internal)
 * and an event in the same transaction. Out params are the caller's
 * (referral_clear / referral_array_free / referral_link_view_clear). */

/* POST /cases/{id}/referrals. *link gets the one-time link (only here). */
kc_status referral_service_create(kc_db_pool *pool, const kc_principal *p, const char *case_id,
                                  const json_t *body, referral *out, referral_link_out *link,
                                  kc_problem *pb) KC_MUST_CHECK;

kc_status referral_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                               referral *out, kc_problem *pb) KC_MUST_CHECK;

/* The query of GET /referrals and GET /cases/{id}/referrals (strings as
 * they came, NULL when absent; checked by the handler's query fields). */
typedef struct referral_query {
    const char *case_id;
    const char *status;
    const char *official_id;
    const char *overdue;
} referral_query;

kc_status referral_service_list(kc_db_pool *pool, const kc_principal *p, const referral_query *q,
                                const kc_keyset *page, referral **items, size_t *n,
                                kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;

/* acknowledgement (body NULL or {}), answer ({answer}), withdrawal
 * ({reason?}); if_match -1 when absent. KC_CONFLICT when the referral's
 * state does not allow it. */
kc_status referral_service_act(kc_db_pool *pool, const kc_principal *p, const char *id,
                               referral_action action, const json_t *body, long long if_match,
                               referral *out, kc_problem *pb) KC_MUST_CHECK;

/* Through the link: KC_NOT_FOUND for a malformed, tampered or unknown
 * token; *gone = 1 (with KC_NOT_FOUND and the detail) when it expired,
 * was used, or the referral was withdrawn: the answer is 410 Gone. */
kc_status referral_service_link_get(kc_db_pool *pool, const char *token, referral_link_view *out,
                                    int *gone, kc_problem *pb) KC_MUST_CHECK;
/* action is REFERRAL_ACKNOWLEDGE or REFERRAL_ANSWER ({answer}); answering
 * uses the link up. */
kc_status referral_service_link_act(kc_db_pool *pool, const char *token, referral_action action,
                                    const json_t *body, referral_link_view *out, int *gone,
                                    kc_problem *pb) KC_MUST_CHECK;

#endif
