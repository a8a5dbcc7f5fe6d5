#ifndef KOERS_CASEDESK_OPEN311_HTTP_H
#define KOERS_CASEDESK_OPEN311_HTTP_H

#include "koers/http.h"

/* Open311 GeoReport v2 under /casedesk/v1/open311/v2/ (KC_SELF_AUTH:
 * each handler authenticates the api_key of the form or the query string,
 * or the usual Authorization / X-API-Key headers, and kc_authenticate_key
 * admits it as routes.c declares). Paths end in ".json";
 * another suffix is a 404. Errors are problem+json as everywhere. */
kc_status open311_http_services(kc_ctx *ctx, kc_problem *pb);
kc_status open311_http_service(kc_ctx *ctx, kc_problem *pb);
kc_status open311_http_requests(kc_ctx *ctx, kc_problem *pb);
kc_status open311_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status open311_http_request(kc_ctx *ctx, kc_problem *pb);

#endif
