#ifndef NOTIFICATIONS_SETTINGS_REPO_H
#define NOTIFICATIONS_SETTINGS_REPO_H

#include "koers/db.h"

/* The tenant's notification settings (where alerts go): SQL only. */

/* The alert address into alert_email ("" when none) and the version (0
 * while the tenant has never set one). */
kc_status settings_repo_get(kc_db_conn *conn, const char *tenant_id, char alert_email[256],
                            long long *version, kc_problem *pb) KC_MUST_CHECK;

/* Sets the alert address (NULL: none), creating the row the first time;
 * *version gets the new version. */
kc_status settings_repo_put(kc_db_conn *conn, const char *tenant_id, const char *alert_email,
                            long long *version, kc_problem *pb) KC_MUST_CHECK;

#endif
