#ifndef KOERS_CASEDESK_SETTINGS_REPO_H
#define KOERS_CASEDESK_SETTINGS_REPO_H

#include "koers/db.h"
#include "sla/settings_model.h"

/* The tenant's settings; the defaults when the tenant has no row. Usable
 * inside or outside a transaction. */
kc_status settings_repo_get(kc_db_conn *conn, const char *tenant_id, casedesk_settings *out,
                            kc_problem *pb) KC_MUST_CHECK;

/* Replaces the tenant's settings with in (all members but version and
 * updated_at, already validated) and reads them back into out. With
 * expected_version >= 0 only at that version (0 = the tenant has no row
 * yet): KC_PRECONDITION_FAILED otherwise. -1 writes whatever is there. */
kc_status settings_repo_put(kc_db_conn *conn, const char *tenant_id, const casedesk_settings *in,
                            long long expected_version, casedesk_settings *out,
                            kc_problem *pb) KC_MUST_CHECK;

#endif
