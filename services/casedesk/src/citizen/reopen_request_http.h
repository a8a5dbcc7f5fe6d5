#ifndef KOERS_CASEDESK_REOPEN_REQUEST_HTTP_H
#define KOERS_CASEDESK_REOPEN_REQUEST_HTTP_H

#include "koers/http.h"

/* Handlers of /casedesk/v1/reopen-requests (routes.c): coordinators list
 * the citizens' reopen requests and accept or decline each. */
kc_status reopen_request_http_list(kc_ctx *ctx, kc_problem *pb);
kc_status reopen_request_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status reopen_request_http_accept(kc_ctx *ctx, kc_problem *pb);
kc_status reopen_request_http_decline(kc_ctx *ctx, kc_problem *pb);

#endif
