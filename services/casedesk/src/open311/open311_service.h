#ifndef KOERS_CASEDESK_OPEN311_SERVICE_H
#define KOERS_CASEDESK_OPEN311_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/idempotency.h"
#include "casedesk.h"

/* Open311 GeoReport v2 over casedesk: categories are services, cases are
 * service requests (service_request_id = the case reference). Who may read
 * (cases:read, staff who read cases) and file (cases:write, case workers)
 * is declared in routes.c; filing goes through case_service_create.
 * Answers never hold the citizen. *out is a new reference. */

/* [{service_code, service_name, description, metadata, type, keywords,
 * group}] */
kc_status open311_service_services(kc_db_pool *pool, const kc_principal *p, json_t **out,
                                   kc_problem *pb) KC_MUST_CHECK;

/* {service_code, attributes: []}; a code that is not one of the tenant's
 * services (malformed or unknown) is KC_NOT_FOUND. */
kc_status open311_service_definition(kc_db_pool *pool, const kc_principal *p, const char *code,
                                     json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Files the Open311 request `form` (an object of string members as a form
 * sends them; lat/long may be JSON numbers) as a case of channel "app":
 * service_code = category, description, lat/long/address_string =
 * location, first_name + last_name, email, phone = citizen. Faults are
 * KC_INVALID naming the Open311 fields. *out = [{service_request_id,
 * service_notice, account_id, token}], *reference the new case's. */
kc_status open311_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                 const json_t *form, json_t **out, char reference[32],
                                 int *replayed, kc_problem *pb) KC_MUST_CHECK;

/* GET requests.json: ids = service_request_id (comma-separated references,
 * at most 100), the other filters as Open311 names them; NULL = absent. */
kc_status open311_service_requests(kc_db_pool *pool, const kc_principal *p, const char *ids,
                                   const char *service_code, const char *status,
                                   const char *start_date, const char *end_date, json_t **out,
                                   kc_problem *pb) KC_MUST_CHECK;

/* GET requests/{reference}.json: a one-element array; KC_NOT_FOUND when
 * the tenant has no such case. */
kc_status open311_service_request(kc_db_pool *pool, const kc_principal *p, const char *reference,
                                  json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
