#ifndef KOERS_SURVEYS_CORE_VALUE_SERVICE_H
#define KOERS_SURVEYS_CORE_VALUE_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/idempotency.h"
#include "core_value_model.h"
#include "surveys.h"

/* The catalogue of core values: writes for survey managers, reads also for
 * coordinators and keys with surveys:read. Bodies and ids are borrowed;
 * results go to caller-owned out params. if_match is -1 when absent. */

/* Creates (once per Idempotency-Key): *answer is the 201 body (caller's). */
kc_status core_value_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                    const json_t *body, int *http_status, json_t **answer,
                                    int *replayed, kc_problem *pb) KC_MUST_CHECK;
kc_status core_value_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 core_value *out, kc_problem *pb) KC_MUST_CHECK;
kc_status core_value_service_list(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                  core_value **items, size_t *n, kc_keyset_next *next,
                                  kc_problem *pb) KC_MUST_CHECK;
kc_status core_value_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const json_t *body, long long if_match, core_value *out,
                                    kc_problem *pb) KC_MUST_CHECK;
kc_status core_value_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    kc_problem *pb) KC_MUST_CHECK;

#endif
