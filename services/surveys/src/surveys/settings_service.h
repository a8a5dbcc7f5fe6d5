#ifndef KOERS_SURVEYS_SETTINGS_SERVICE_H
#define KOERS_SURVEYS_SETTINGS_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The tenant's settings {minGroupSize}: read by survey managers and
 * coordinators (and keys with surveys:read), written by survey managers.
 * *out is the representation (new reference, the caller's). */
kc_status settings_service_get(kc_db_pool *pool, const kc_principal *p, json_t **out,
                               kc_problem *pb) KC_MUST_CHECK;
kc_status settings_service_put(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                               json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
