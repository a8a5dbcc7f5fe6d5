#ifndef KOERS_NOTIFICATIONS_HTTP_H
#define KOERS_NOTIFICATIONS_HTTP_H

#include "koers/http.h"
#include "notifications.h"

/* The handlers of routes.c. Each decodes the request, calls its service,
 * and answers (KC_OK) or returns the problem for the server to render. */
/* ---- handlers: subscriptions ---- */
/* ---- handlers: intake ---- */
/* ---- handlers: dispatch ---- */
/* dispatch/delivery_log_http.c: a subscription's deliveries log, one
 * delivery with its attempts, a re-send of one, a replay of a range */
kc_status delivery_log_http_list(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status delivery_log_http_get(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status delivery_log_http_resend(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status delivery_log_http_replay(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;

extern const kc_route notifications_routes[];
extern const size_t notifications_routes_count;

#endif
