#ifndef KOERS_CASEDESK_ROUTING_RULE_SERVICE_H
#define KOERS_CASEDESK_ROUTING_RULE_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "casedesk.h"
#include "routing_rule_model.h"

/* Routing rules: writes for coordinators, reads also for liaison officers
 * and keys with cases:read. Every officer of the pool must be an officer
 * of the tenant (else 422 naming officerIds); keywords must not be empty.
 * Out params are the caller's. if_match is -1 when absent. */
kc_status routing_rule_service_create(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                      routing_rule *out, kc_problem *pb) KC_MUST_CHECK;
kc_status routing_rule_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                   routing_rule *out, kc_problem *pb) KC_MUST_CHECK;
kc_status routing_rule_service_list(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                    routing_rule **items, size_t *n, kc_keyset_next *next,
                                    kc_problem *pb) KC_MUST_CHECK;
kc_status routing_rule_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      const json_t *body, long long if_match, routing_rule *out,
                                      kc_problem *pb) KC_MUST_CHECK;
kc_status routing_rule_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      kc_problem *pb) KC_MUST_CHECK;

#endif
