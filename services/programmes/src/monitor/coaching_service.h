#ifndef KOERS_PROGRAMMES_COACHING_SERVICE_H
#define KOERS_PROGRAMMES_COACHING_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The coaching log of relapse prevention (coaching_entry_resource). */

/* At most this many signals of relapse per entry. */
#define COACHING_SIGNALS_MAX 20

/* The kit's check of coaching_entry_resource, in the write's transaction.
 * The caller must run programmes (KC_FORBIDDEN). The entry is about exactly
 * one team or one person (KC_INVALID naming team and personId, also when a
 * PATCH leaves both or neither); followUpOn is not before heldOn
 * (KC_INVALID naming followUpOn); relapseSignalId is a signal of the
 * entry's programme (KC_INVALID naming it). On PATCH the entry is locked
 * (KC_NOT_FOUND when not the tenant's), programmeId may be echoed but not
 * changed and createdBy is not sent (KC_INVALID naming them). */
kc_status coaching_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                 const json_t *body, kc_problem *pb) KC_MUST_CHECK;

#endif
