#ifndef KOERS_CASEDESK_SETTINGS_HTTP_H
#define KOERS_CASEDESK_SETTINGS_HTTP_H

#include "koers/http.h"

/* GET /casedesk/v1/settings: 200 the tenant's settings with ETag. */
kc_status settings_http_get(kc_ctx *ctx, kc_problem *pb);
/* PUT /casedesk/v1/settings: the full document, If-Match optional; 200. */
kc_status settings_http_put(kc_ctx *ctx, kc_problem *pb);
/* GET /casedesk/v1/calendar?from=&to=: 200 {from, to, items [{date, name}]}. */
kc_status calendar_http_get(kc_ctx *ctx, kc_problem *pb);

#endif
