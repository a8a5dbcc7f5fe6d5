#ifndef NOTIFICATIONS_KANAAL_SERVICE_H
#define NOTIFICATIONS_KANAAL_SERVICE_H

#include <jansson.h>
#include "koers/db.h"

/* The kanalen of the Notificaties API 1.0, read only and the same for
 * every tenant: {url, naam, documentatieLink, filters, description}, the
 * links absolute on base (the public base URL, no slash at the end).
 * Answers are new references, the caller's. */

/* Every kanaal by naam, or the one named naam (NULL: all); a plain array. */
kc_status kanaal_service_list(kc_db_pool *pool, const char *base, const char *naam, json_t **items,
                              kc_problem *pb) KC_MUST_CHECK;

/* Kanaal id; KC_NOT_FOUND naming it. */
kc_status kanaal_service_get(kc_db_pool *pool, const char *base, const char *id, json_t **doc,
                             kc_problem *pb) KC_MUST_CHECK;

#endif
