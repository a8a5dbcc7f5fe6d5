#ifndef KOERS_CASEDESK_TRACKING_HTTP_H
#define KOERS_CASEDESK_TRACKING_HTTP_H

#include "koers/http.h"
#include "citizen/reopen_request_http.h"

/* Handlers of the citizen's public routes /casedesk/v1/tracking/{token}
 * (KC_PUBLIC: the token is the only credential). With
 * reopen_request_http.h, the handlers of the citizen's side (routes.c). */
kc_status tracking_http_view(kc_ctx *ctx, kc_problem *pb);
kc_status tracking_http_message(kc_ctx *ctx, kc_problem *pb);
kc_status tracking_http_feedback(kc_ctx *ctx, kc_problem *pb);

#endif
