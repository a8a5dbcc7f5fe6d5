#ifndef KOERS_CASEDESK_ROUTING_RULE_REPO_H
#define KOERS_CASEDESK_ROUTING_RULE_REPO_H

#include "koers/db.h"
#include "casedesk.h"
#include "routing_rule_model.h"

/* SQL for routing rules, scoped to tenant_id. An unknown categoryId is
 * KC_INVALID naming categoryId. Out params are the caller's
 * (routing_rule_clear / routing_rule_array_free). */
kc_status routing_rule_repo_insert(kc_db_conn *conn, const char *tenant_id,
                                   const routing_rule_input *in, routing_rule *out,
                                   kc_problem *pb) KC_MUST_CHECK;
kc_status routing_rule_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id,
                                routing_rule *out, kc_problem *pb) KC_MUST_CHECK;
/* One page in evaluation order (position, then id). */
kc_status routing_rule_repo_list(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                                 routing_rule **items, size_t *n, kc_keyset_next *next,
                                 kc_problem *pb) KC_MUST_CHECK;
kc_status routing_rule_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   const routing_rule_input *patch, long long expected_version,
                                   routing_rule *out, kc_problem *pb) KC_MUST_CHECK;
kc_status routing_rule_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   kc_problem *pb) KC_MUST_CHECK;

#endif
