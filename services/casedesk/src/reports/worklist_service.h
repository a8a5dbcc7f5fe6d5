#ifndef KOERS_CASEDESK_WORKLIST_SERVICE_H
#define KOERS_CASEDESK_WORKLIST_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/keyset.h"
#include "casedesk.h"
#include "reports/worklist_model.h"

/* Work lists, the triage queue and the coordinator's overview. Out params
 * are the caller's (worklist_item_array_free, json_decref). */

/* The caller's own work list: the liaison officer whose userSub is the
 * caller's JWT sub (the route admits coordinators and liaison officers; a
 * key has no work list). No such officer: KC_NOT_FOUND. */
kc_status worklist_service_mine(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                worklist_item **items, size_t *n, kc_keyset_next *next,
                                kc_problem *pb) KC_MUST_CHECK;

/* An officer's work list (coordinator). A malformed id is KC_BAD_REQUEST,
 * an unknown one KC_NOT_FOUND. */
kc_status worklist_service_officer(kc_db_pool *pool, const kc_principal *p, const char *officer_id,
                                   const kc_keyset *page, worklist_item **items, size_t *n,
                                   kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;

/* Unassigned received cases, oldest first (coordinator, liaison_officer). */
kc_status worklist_service_triage(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                  worklist_item **items, size_t *n, kc_keyset_next *next,
                                  kc_problem *pb) KC_MUST_CHECK;

/* The overview document (coordinator). */
kc_status worklist_service_overview(kc_db_pool *pool, const kc_principal *p, json_t **out,
                                    kc_problem *pb) KC_MUST_CHECK;

#endif
