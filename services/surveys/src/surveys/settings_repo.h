#ifndef KOERS_SURVEYS_SETTINGS_REPO_H
#define KOERS_SURVEYS_SETTINGS_REPO_H

#include "koers/db.h"

/* The tenant's survey settings. A tenant without a row has the defaults
 * (SURVEYS_DEFAULT_MIN_GROUP_SIZE). */
kc_status settings_repo_min_group_size(kc_db_conn *conn, const char *tenant_id, int *out,
                                       kc_problem *pb) KC_MUST_CHECK;
kc_status settings_repo_put(kc_db_conn *conn, const char *tenant_id, int min_group_size,
                            kc_problem *pb) KC_MUST_CHECK;

#endif
