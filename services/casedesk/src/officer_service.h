#ifndef KOERS_CASEDESK_OFFICER_SERVICE_H
#define KOERS_CASEDESK_OFFICER_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "casedesk.h"
#include "officer_model.h"

/* Liaison officers: writes for coordinators, reads also for liaison
 * officers and keys with cases:read. Out params are the caller's
 * (officer_clear / officer_array_free). if_match is -1 when absent. */
kc_status officer_service_create(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                 officer *out, kc_problem *pb) KC_MUST_CHECK;
kc_status officer_service_get(kc_db_pool *pool, const kc_principal *p, const char *id, officer *out,
                              kc_problem *pb) KC_MUST_CHECK;
kc_status officer_service_list(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                               officer **items, size_t *n, kc_keyset_next *next,
                               kc_problem *pb) KC_MUST_CHECK;
kc_status officer_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 const json_t *body, long long if_match, officer *out,
                                 kc_problem *pb) KC_MUST_CHECK;

#endif
