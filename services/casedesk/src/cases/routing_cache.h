#ifndef KOERS_CASEDESK_ROUTING_CACHE_H
#define KOERS_CASEDESK_ROUTING_CACHE_H

#include "cases/case_repo.h"

/* Each tenant's routing data (case_repo.h: the active rules, the
 * categories' terms, the calendar settings and the routing version they
 * were read at), kept in memory between filings and shared by the
 * request threads, so a filing does not read them from the database. A
 * copy is never trusted blindly: the filing's statement writes nothing
 * when the tenant's routing version moved on (case_repo_insert's
 * *stale), and the filing then asks for a fresh copy. */

typedef struct routing_cache_entry routing_cache_entry;

/* The tenant's routing data: the copy in memory, or (when there is none,
 * or when fresh is 1) read with conn and kept. *out is the caller's until
 * routing_cache_release; (*data) stays valid and unchanged until then. */
kc_status routing_cache_get(kc_db_conn *conn, const char *tenant_id, int fresh,
                            routing_cache_entry **out, const case_routing_data **data,
                            kc_problem *pb) KC_MUST_CHECK;

/* Gives back what routing_cache_get handed out; accepts NULL. */
void routing_cache_release(routing_cache_entry *e);

/* The terms of category_id in d, or NULL when the tenant has no such
 * category (in that copy). */
const case_category_terms *routing_data_category(const case_routing_data *d,
                                                 const char *category_id);

/* Drops every copy (tests; a process that must forget tenants). */
void routing_cache_clear(void);

#endif
