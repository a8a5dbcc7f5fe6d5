#ifndef KOERS_CASEDESK_HTTP_H
#define KOERS_CASEDESK_HTTP_H

#include "koers/http.h"
#include "koers/page.h"
#include "casedesk.h"

/* The handlers of routes.c. Each decodes the request, calls its service,
 * and answers (KC_OK) or returns the problem for the server to render. */
kc_status category_http_list(kc_ctx *ctx, kc_problem *pb);
kc_status category_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status category_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status category_http_update(kc_ctx *ctx, kc_problem *pb);
kc_status category_http_delete(kc_ctx *ctx, kc_problem *pb);

kc_status officer_http_list(kc_ctx *ctx, kc_problem *pb);
kc_status officer_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status officer_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status officer_http_update(kc_ctx *ctx, kc_problem *pb);

kc_status routing_rule_http_list(kc_ctx *ctx, kc_problem *pb);
kc_status routing_rule_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status routing_rule_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status routing_rule_http_update(kc_ctx *ctx, kc_problem *pb);
kc_status routing_rule_http_delete(kc_ctx *ctx, kc_problem *pb);

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

/* Checks the query (only limit and cursor allowed) and reads the page. */
kc_status casedesk_http_plain_page(kc_ctx *ctx, kc_page *kp, casedesk_page_in *in,
                                   kc_problem *pb) KC_MUST_CHECK;

/* Reads what a PATCH sends: If-Match into *if_match (-1 when absent) and
 * the JSON object body into *body (the caller's, json_decref; NULL when
 * this fails). A malformed If-Match is KC_BAD_REQUEST before the body is
 * read. */
kc_status casedesk_http_read_patch(kc_ctx *ctx, long long *if_match, json_t **body,
                                   kc_problem *pb) KC_MUST_CHECK;

/* Maps a read kc_page to the HTTP-free form (borrows from kp). */
void casedesk_http_page_in(const kc_page *kp, casedesk_page_in *in);

/* Answers 200 with the list envelope (steals items). */
kc_status casedesk_http_respond_list(kc_ctx *ctx, json_t *items, const casedesk_page_next *next);

/* Answers with body (stolen), an ETag of version and, when location_base is
 * not NULL, Location: <location_base>/<id>. */
kc_status casedesk_http_respond_resource(kc_ctx *ctx, int http_status, json_t *body,
                                         long long version, const char *location_base,
                                         const char *id);

#endif
