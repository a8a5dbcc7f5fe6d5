#ifndef KOERS_NOTIFICATIONS_HTTP_H
#define KOERS_NOTIFICATIONS_HTTP_H

#include "koers/http.h"
#include "notifications.h"

/* The handlers of routes.c. Each decodes the request, calls its service,
 * and answers (KC_OK) or returns the problem for the server to render. */
/* ---- handlers: subscriptions ---- */
kc_status notifications_kanaal_list(kc_ctx *ctx, kc_problem *pb);
kc_status notifications_kanaal_get(kc_ctx *ctx, kc_problem *pb);
kc_status notifications_abonnement_list(kc_ctx *ctx, kc_problem *pb);
kc_status notifications_abonnement_create(kc_ctx *ctx, kc_problem *pb);
kc_status notifications_abonnement_get(kc_ctx *ctx, kc_problem *pb);
kc_status notifications_abonnement_put(kc_ctx *ctx, kc_problem *pb);
kc_status notifications_abonnement_patch(kc_ctx *ctx, kc_problem *pb);
kc_status notifications_abonnement_delete(kc_ctx *ctx, kc_problem *pb);
kc_status notifications_abonnement_secret(kc_ctx *ctx, kc_problem *pb);
kc_status notifications_settings_get(kc_ctx *ctx, kc_problem *pb);
kc_status notifications_settings_put(kc_ctx *ctx, kc_problem *pb);
/* ---- handlers: intake ---- */
/* GET /notificaties?after=&limit=&kanaal=: the tenant's messages in order. */
kc_status intake_http_pull(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
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
