#ifndef KOERS_CASEDESK_HTTP_H
#define KOERS_CASEDESK_HTTP_H

#include "koers/http.h"
#include "koers/page.h"
#include "casedesk.h"

/* The handlers of routes.c. Each decodes the request, calls its service,
 * and answers (KC_OK) or returns the problem for the server to render. */

kc_status case_http_list(kc_ctx *ctx, kc_problem *pb);
kc_status case_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status case_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status case_http_transition(kc_ctx *ctx, kc_problem *pb);
kc_status case_http_assign(kc_ctx *ctx, kc_problem *pb);
kc_status case_http_timeline(kc_ctx *ctx, kc_problem *pb);

/* The endpoint table (routes.c). */
extern const kc_route casedesk_routes[];
extern const size_t casedesk_routes_count;

/* Helpers shared by the *_http.c files. */

/* The service's connection pool. */
kc_db_pool *casedesk_http_pool(const kc_ctx *ctx);

#endif
