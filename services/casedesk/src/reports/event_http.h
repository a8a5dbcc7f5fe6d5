#ifndef KOERS_CASEDESK_EVENT_HTTP_H
#define KOERS_CASEDESK_EVENT_HTTP_H

#include "koers/http.h"

/* GET /casedesk/v1/events?after=<seq>&limit=: the tenant's published
 * events in publication order, {items: [{seq, id, type, subject, data,
 * createdAt, publishedAt}], _links: {self, next}}; next (after = the last
 * seq of the page) only when more follow. limit 1..1000, default 100. */
kc_status event_http_list(kc_ctx *ctx, kc_problem *pb);

#endif
