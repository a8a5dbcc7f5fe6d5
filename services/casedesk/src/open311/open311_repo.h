#ifndef KOERS_CASEDESK_OPEN311_REPO_H
#define KOERS_CASEDESK_OPEN311_REPO_H

#include <jansson.h>
#include "koers/db.h"
#include "casedesk.h"

/* SQL of the Open311 GeoReport v2 views, scoped to tenant_id. The
 * documents are built in SQL as Open311 shapes them (snake_case, arrays)
 * and never hold the citizen. *out is a new reference. */

/* The tenant whose settings name `jurisdiction` as their Open311
 * jurisdiction_id (tenant_id, and whether its public reads are on);
 * KC_NOT_FOUND when no tenant does. */
kc_status open311_repo_jurisdiction(kc_db_conn *conn, const char *jurisdiction, char tenant_id[37],
                                    int *public_reads, kc_problem *pb) KC_MUST_CHECK;

/* The tenant's categories as Open311 services, by name (metadata: the
 * category has attributes). */
kc_status open311_repo_services(kc_db_conn *conn, const char *tenant_id, json_t **out,
                                kc_problem *pb) KC_MUST_CHECK;

/* The Open311 attribute definitions of the tenant's category code (the
 * stored array); KC_NOT_FOUND when it is none of the tenant's. */
kc_status open311_repo_attributes(kc_db_conn *conn, const char *tenant_id, const char *code,
                                  json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Replaces them (the category's version moves on); *out the stored array
 * as written. KC_NOT_FOUND as above. */
kc_status open311_repo_attributes_put(kc_db_conn *conn, const char *tenant_id, const char *code,
                                      const json_t *attributes, json_t **out,
                                      kc_problem *pb) KC_MUST_CHECK;

/* What GET requests asks for. With references, only they are looked up
 * (the other filters do not apply); else every filter set applies. */
typedef struct open311_filter {
    const json_t *references;    /* array of service_request_id; NULL = not asked */
    const json_t *service_codes; /* array of category ids (text); NULL = all */
    int open, closed;            /* which statuses (both 1 = all) */
    long long from, to;          /* requested_datetime window, Unix seconds */
} open311_filter;

/* Up to 1000 service requests, newest first. */
kc_status open311_repo_requests(kc_db_conn *conn, const char *tenant_id, const open311_filter *f,
                                json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* The service_request_id of the tenant's case whose tracking token hashes
 * to token_hash_hex (into reference); KC_NOT_FOUND when there is none (or
 * it was anonymised). */
kc_status open311_repo_token(kc_db_conn *conn, const char *tenant_id, const char *token_hash_hex,
                             char reference[32], kc_problem *pb) KC_MUST_CHECK;

#endif
