#ifndef KOERS_CASEDESK_CATEGORY_SERVICE_H
#define KOERS_CASEDESK_CATEGORY_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "casedesk.h"
#include "category_model.h"

/* Categories: authorization (writes: coordinator; reads also liaison
 * officers and keys with cases:read), validation, then the repo. Bodies
 * and ids are borrowed; results go to caller-owned out params (lists:
 * free(*items)). if_match is -1 when the client sent none. */
kc_status category_service_create(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                  category *out, kc_problem *pb) KC_MUST_CHECK;
kc_status category_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                               category *out, kc_problem *pb) KC_MUST_CHECK;
kc_status category_service_list(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                category **items, size_t *n, kc_keyset_next *next,
                                kc_problem *pb) KC_MUST_CHECK;
kc_status category_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const json_t *body, long long if_match, category *out,
                                  kc_problem *pb) KC_MUST_CHECK;
kc_status category_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  kc_problem *pb) KC_MUST_CHECK;

#endif
