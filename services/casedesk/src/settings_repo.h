#ifndef KOERS_CASEDESK_SETTINGS_REPO_H
#define KOERS_CASEDESK_SETTINGS_REPO_H

#include "koers/db.h"
#include "settings_model.h"

/* The tenant's settings; the defaults when the tenant has no row. Usable
 * inside or outside a transaction. */
kc_status casedesk_settings_get(kc_db_conn *conn, const char *tenant_id, casedesk_settings *out,
                                kc_problem *pb) KC_MUST_CHECK;

#endif
