#ifndef KOERS_PROCESSES_HTTP_H
#define KOERS_PROCESSES_HTTP_H

#include "koers/http.h"
#include "processes.h"

/* The hand-written handlers of routes.c (the plain resources are served by
 * the resource kit's handlers). Each decodes the request, calls its
 * service, and answers (KC_OK) or returns the problem for the server to
 * render. */
kc_status settings_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status settings_http_put(kc_ctx *ctx, kc_problem *pb);
kc_status coverage_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status process_http_move(kc_ctx *ctx, kc_problem *pb);
kc_status improvement_http_move(kc_ctx *ctx, kc_problem *pb);
kc_status measurement_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status measurement_http_list(kc_ctx *ctx, kc_problem *pb);
kc_status measurement_http_delete(kc_ctx *ctx, kc_problem *pb);
kc_status bottleneck_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status bottleneck_http_decide(kc_ctx *ctx, kc_problem *pb);
kc_status backlog_http_tenant(kc_ctx *ctx, kc_problem *pb);
kc_status backlog_http_process(kc_ctx *ctx, kc_problem *pb);
kc_status citizen_http_figures(kc_ctx *ctx, kc_problem *pb);
kc_status citizen_http_root_causes(kc_ctx *ctx, kc_problem *pb);

/* The endpoint table (routes.c). */
extern const kc_route processes_routes[];
extern const size_t processes_routes_count;

/* The service's connection pool. */
kc_db_pool *processes_http_pool(const kc_ctx *ctx);

#endif
