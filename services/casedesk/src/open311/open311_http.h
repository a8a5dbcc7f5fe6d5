#ifndef KOERS_CASEDESK_OPEN311_HTTP_H
#define KOERS_CASEDESK_OPEN311_HTTP_H

#include "koers/http.h"

/* Open311 GeoReport v2 under /casedesk/v1/open311/v2/. A path's last
 * segment carries the format: ".xml" (the standard's required format),
 * ".json", or no suffix (JSON). Reads are public (KC_SELF_AUTH: an
 * api_key in the query, or the usual headers, is authenticated when sent,
 * and kc_authenticate_key admits it as routes.c declares); POST needs the
 * api_key (form, query or headers). Every failure on these paths is the
 * standard's error list (open311_http_render_problem). */

/* GET {file}: services, requests or discovery, in the file's format. */
kc_status open311_http_get(kc_ctx *ctx, kc_problem *pb);
/* POST {file}: requests (form-encoded, multipart/form-data, or JSON). */
kc_status open311_http_post(kc_ctx *ctx, kc_problem *pb);
/* GET services/{service_code}(.xml|.json) */
kc_status open311_http_service(kc_ctx *ctx, kc_problem *pb);
/* GET requests/{service_request_id}(.xml|.json) */
kc_status open311_http_request(kc_ctx *ctx, kc_problem *pb);
/* GET tokens/{token}(.xml|.json) */
kc_status open311_http_token(kc_ctx *ctx, kc_problem *pb);

/* Staff: GET and PUT /categories/{id}/open311-attributes. */
kc_status open311_http_attributes_get(kc_ctx *ctx, kc_problem *pb);
kc_status open311_http_attributes_put(kc_ctx *ctx, kc_problem *pb);

/* The server's kc_problem_renderer: on /casedesk/v1/open311/ paths a
 * failure is the standard's list of errors, [{code, description}] in
 * JSON or <errors><error><code/><description/></error></errors> when the
 * path ends in ".xml", with the standard's status codes (a refused or
 * missing api_key 403, an unknown service, request or jurisdiction 404,
 * every other client mistake 400; 405, 413, 429 and 5xx as they are). */
int open311_http_render_problem(const struct _u_request *req, struct _u_response *resp,
                                const kc_problem *pb);

#endif
