#ifndef KOERS_CASEDESK_STATISTICS_HTTP_H
#define KOERS_CASEDESK_STATISTICS_HTTP_H

#include "koers/http.h"

/* GET /casedesk/v1/statistics?from=&to=&groupBy= */
kc_status statistics_http_get(kc_ctx *ctx, kc_problem *pb);

#endif
