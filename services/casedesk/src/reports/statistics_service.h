#ifndef KOERS_CASEDESK_STATISTICS_SERVICE_H
#define KOERS_CASEDESK_STATISTICS_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "casedesk.h"

/* GET /statistics (coordinator): from/to (YYYY-MM-DD or NULL: the last 30
 * days up to today, Europe/Amsterdam), group_by none|category|district|
 * officer (NULL = none). from after to, or more than five years apart, is
 * KC_BAD_REQUEST naming the parameter. *out is {from, to, groupBy, items}
 * (new reference). */
kc_status statistics_service_get(kc_db_pool *pool, const kc_principal *p, const char *from,
                                 const char *to, const char *group_by, json_t **out,
                                 kc_problem *pb) KC_MUST_CHECK;

#endif
