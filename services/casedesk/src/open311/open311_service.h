#ifndef KOERS_CASEDESK_OPEN311_SERVICE_H
#define KOERS_CASEDESK_OPEN311_SERVICE_H

#include <stddef.h>
#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/idempotency.h"
#include "casedesk.h"

/* Open311 GeoReport v2 over casedesk: categories are services, cases are
 * service requests (service_request_id = the case reference, token = the
 * citizen's tracking token). Reads are public: the tenant comes from
 * jurisdiction_id (its settings' open311JurisdictionId), or from an
 * api_key when one is sent; filing needs an api_key (routes.c declares
 * whom it admits) and goes through case_service_create_open311. Answers
 * never hold the citizen. *out is a new reference. */

/* Reads KOERS_CASEDESK_OPEN311_DEFAULT_JURISDICTION: the jurisdiction_id
 * of a read that names none (meant for a deployment of one tenant; unset
 * = a read without jurisdiction_id and api_key is a 400). 0, or -1 with a
 * message in err when it is not a jurisdiction id. */
int open311_configure(char *err, size_t errlen);

/* The tenant a GET reads (into tenant_id). With a caller p (an api_key or
 * a staff token was sent): p's tenant, and jurisdiction, when given, must
 * be that tenant's (KC_BAD_REQUEST otherwise). Without one (NULL): the
 * tenant of jurisdiction (or of the configured default), KC_BAD_REQUEST
 * when there is neither, KC_NOT_FOUND when no tenant has that
 * jurisdiction, KC_FORBIDDEN when the tenant switched public reads off. */
kc_status open311_service_reader(kc_db_pool *pool, const kc_principal *p, const char *jurisdiction,
                                 char tenant_id[37], kc_problem *pb) KC_MUST_CHECK;

/* [{service_code, service_name, description, metadata, type, keywords,
 * group}] of the tenant. */
kc_status open311_service_services(kc_db_pool *pool, const char *tenant_id, json_t **out,
                                   kc_problem *pb) KC_MUST_CHECK;

/* {service_code, attributes: [...]}: the category's attribute
 * definitions; a code that is not one of the tenant's services (malformed
 * or unknown) is KC_NOT_FOUND. */
kc_status open311_service_definition(kc_db_pool *pool, const char *tenant_id, const char *code,
                                     json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Files the Open311 request `form` (an object of string members as a form
 * sends them, arrays for "name[]" fields; lat/long may be JSON numbers) as
 * a case of channel "app" for p's tenant: service_code = category
 * (missing or unknown: KC_INVALID naming it), description, lat/long,
 * address_string, address_id = location, first_name + last_name, email,
 * phone = citizen (all optional), attribute[CODE] = the attribute values
 * (open311_attrs_values). jurisdiction_id, when sent, must be p's
 * tenant's. Members the standard does not name are ignored. Faults are
 * KC_INVALID naming the Open311 fields. *out = [{service_request_id,
 * service_notice, token}], *reference the new case's. */
kc_status open311_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                 const json_t *form, json_t **out, char reference[32],
                                 int *replayed, kc_problem *pb) KC_MUST_CHECK;

/* GET requests: the query as it came (NULL = absent). */
typedef struct open311_query {
    const char *ids;          /* service_request_id, comma-delimited: overrides the rest */
    const char *service_code; /* comma-delimited */
    const char *status;       /* open, closed, or both comma-delimited */
    const char *start_date;
    const char *end_date;
} open311_query;

/* At most 1000 requests, newest first, in the window of open311_window;
 * a malformed argument is KC_BAD_REQUEST naming it. */
kc_status open311_service_requests(kc_db_pool *pool, const char *tenant_id, const open311_query *q,
                                   json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* GET requests/{reference}: a one-element array; KC_NOT_FOUND when the
 * tenant has no such case. */
kc_status open311_service_request(kc_db_pool *pool, const char *tenant_id, const char *reference,
                                  json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* GET tokens/{token}: [{service_request_id, token}] of the tenant's case
 * filed with that token; KC_NOT_FOUND for an unknown or malformed one. */
kc_status open311_service_token(kc_db_pool *pool, const char *tenant_id, const char *token,
                                json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* The service discovery document of the endpoint at base_url (the public
 * URL of .../open311/v2): {changeset, contact, key_service, endpoints:
 * [{specification, url, changeset, type, formats}]}. NULL when out of
 * memory. */
json_t *open311_service_discovery(const char *base_url);

/* Staff: a category's Open311 attribute definitions in the casedesk API's
 * names ({"attributes": [...]}), and their replacement (body
 * {"attributes": [...]}, checked by open311_attrs_define; KC_INVALID
 * naming the faults). Another tenant's or an unknown category is
 * KC_NOT_FOUND. */
kc_status open311_service_attributes_get(kc_db_pool *pool, const kc_principal *p,
                                         const char *category_id, json_t **out,
                                         kc_problem *pb) KC_MUST_CHECK;
kc_status open311_service_attributes_put(kc_db_pool *pool, const kc_principal *p,
                                         const char *category_id, const json_t *body, json_t **out,
                                         kc_problem *pb) KC_MUST_CHECK;

#endif
