#ifndef KOERS_CASEDESK_EVENT_SERVICE_H
#define KOERS_CASEDESK_EVENT_SERVICE_H

#include "koers/auth.h"
#include "koers/db.h"
#include "koers/event_log.h"
#include "casedesk.h"

/* Events replay: the caller's tenant's published events after seq `after`
 * in publication order (koers/event_log.h). Coordinators (and admin) and
 * keys with cases:read or events:read. *items is the caller's (kc_event_log_free). */
kc_status event_service_page(kc_db_pool *pool, const kc_principal *p, long long after, int limit,
                             kc_event_log_entry **items, size_t *n, int *has_more,
                             kc_problem *pb) KC_MUST_CHECK;

#endif
