#ifndef KOERS_CASEDESK_OPEN311_REPO_H
#define KOERS_CASEDESK_OPEN311_REPO_H

#include <jansson.h>
#include "koers/db.h"
#include "casedesk.h"

/* SQL of the Open311 GeoReport v2 views, scoped to tenant_id. The
 * documents are built in SQL as Open311 shapes them (snake_case, arrays)
 * and never hold the citizen. *out is a new reference. */

/* The tenant's categories as Open311 services, by name. */
kc_status open311_repo_services(kc_db_conn *conn, const char *tenant_id, json_t **out,
                                kc_problem *pb) KC_MUST_CHECK;
/* KC_OK when code is one of the tenant's categories, else KC_NOT_FOUND. */
kc_status open311_repo_service_exists(kc_db_conn *conn, const char *tenant_id, const char *code,
                                      kc_problem *pb) KC_MUST_CHECK;

/* What GET requests.json asks for; NULL members are not filtered on. */
typedef struct open311_filter {
    const json_t *references; /* array of service_request_id strings */
    const char *service_code;
    const char *status; /* "open" | "closed" */
    const char *start;  /* date-time */
    const char *end;    /* date-time */
} open311_filter;

/* Up to 1000 service requests, newest first. Without references and
 * start, the 90 days before end (or now). */
kc_status open311_repo_requests(kc_db_conn *conn, const char *tenant_id, const open311_filter *f,
                                json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
