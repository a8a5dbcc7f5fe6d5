#ifndef KOERS_CASEDESK_WORKLIST_HTTP_H
#define KOERS_CASEDESK_WORKLIST_HTTP_H

#include "koers/http.h"

/* GET /work-list, GET /liaison-officers/{id}/work-list, GET /triage-queue
 * (lists of worklist_item_to_json, limit/cursor) and GET /overview. */
kc_status worklist_http_mine(kc_ctx *ctx, kc_problem *pb);
kc_status worklist_http_officer(kc_ctx *ctx, kc_problem *pb);
kc_status worklist_http_triage(kc_ctx *ctx, kc_problem *pb);
kc_status worklist_http_overview(kc_ctx *ctx, kc_problem *pb);

#endif
