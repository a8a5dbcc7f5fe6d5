#ifndef NOTIFICATIONS_SETTINGS_SERVICE_H
#define NOTIFICATIONS_SETTINGS_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The caller tenant's notification settings: {"alertEmail": null|address}
 * (where the alert about a failing subscription goes), with a version for
 * the ETag (0 while never set). Answers are new references. */

kc_status settings_service_get(kc_db_pool *pool, const kc_principal *p, json_t **doc,
                               long long *version, kc_problem *pb) KC_MUST_CHECK;

/* Replaces them from body {alertEmail}: an e-mail address of 3..254
 * characters without CR or LF, or null (422 naming alertEmail).
 * if_match (-1: not sent) must be the version (412). */
kc_status settings_service_put(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                               long long if_match, json_t **doc, long long *version,
                               kc_problem *pb) KC_MUST_CHECK;

#endif
