#ifndef KOERS_CASEDESK_OFFICIAL_SERVICE_H
#define KOERS_CASEDESK_OFFICIAL_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "casedesk.h"
#include "official_model.h"

/* The directory's officials: writes for coordinators, reads also for
 * liaison officers (no API keys). Out params are the caller's
 * (official_clear / official_array_free). if_match is -1 when absent. */
kc_status official_service_create(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                  official *out, kc_problem *pb) KC_MUST_CHECK;
kc_status official_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                               official *out, kc_problem *pb) KC_MUST_CHECK;
kc_status official_service_list(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                official **items, size_t *n, kc_keyset_next *next,
                                kc_problem *pb) KC_MUST_CHECK;
kc_status official_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const json_t *body, long long if_match, official *out,
                                  kc_problem *pb) KC_MUST_CHECK;

#endif
