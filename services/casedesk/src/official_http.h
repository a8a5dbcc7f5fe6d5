#ifndef KOERS_CASEDESK_OFFICIAL_HTTP_H
#define KOERS_CASEDESK_OFFICIAL_HTTP_H

#include "koers/http.h"

/* The handlers of the directory's officials (routes.c). */
kc_status official_http_list(kc_ctx *ctx, kc_problem *pb);
kc_status official_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status official_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status official_http_update(kc_ctx *ctx, kc_problem *pb);

#endif
