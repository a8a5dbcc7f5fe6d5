#ifndef KOERS_PROGRAMMES_HTTP_H
#define KOERS_PROGRAMMES_HTTP_H

#include "koers/http.h"
#include "programmes.h"

/* The hand-written handlers of routes.c (the plain resources are served by
 * the resource kit's handlers). Each decodes the request, calls its
 * service, and answers (KC_OK) or returns the problem for the server to
 * render. */
/* ---- handlers: programmes and approach ---- */
/* ---- handlers: checkpoints ---- */
/* ---- handlers: governance ---- */
/* ---- handlers: proposals and actions ---- */
kc_status proposal_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status proposal_http_merge(kc_ctx *ctx, kc_problem *pb);
kc_status proposal_http_submit(kc_ctx *ctx, kc_problem *pb);
kc_status proposal_http_split(kc_ctx *ctx, kc_problem *pb);
kc_status proposal_http_decide(kc_ctx *ctx, kc_problem *pb);
kc_status proposal_http_decisions(kc_ctx *ctx, kc_problem *pb);
kc_status action_http_move(kc_ctx *ctx, kc_problem *pb);
kc_status action_http_trace(kc_ctx *ctx, kc_problem *pb);
/* ---- handlers: events ---- */

/* The endpoint table (routes.c). */
extern const kc_route programmes_routes[];
extern const size_t programmes_routes_count;

#endif
