#ifndef KOERS_CASEDESK_PRIVACY_HTTP_H
#define KOERS_CASEDESK_PRIVACY_HTTP_H

#include "koers/http.h"

/* Data subject requests (privacy_officer, admin):
 * POST /casedesk/v1/data-subject-requests/exports   {email?, phone?} -> 200 {cases}
 * POST /casedesk/v1/data-subject-requests/erasures  {email?, phone?} -> 200 {erased}
 * GET  /casedesk/v1/data-subject-requests?kind=&limit=&cursor= -> the audit list */
kc_status privacy_http_export(kc_ctx *ctx, kc_problem *pb);
kc_status privacy_http_erase(kc_ctx *ctx, kc_problem *pb);
kc_status privacy_http_list(kc_ctx *ctx, kc_problem *pb);

#endif
