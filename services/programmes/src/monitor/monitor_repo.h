#ifndef KOERS_PROGRAMMES_MONITOR_REPO_H
#define KOERS_PROGRAMMES_MONITOR_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* The monitor document of programme_id of the tenant for the days
 * from_day..to_day (YYYY-MM-DD, both included), computed by
 * programmes.programme_monitor (sql/015) in one query. *doc is the
 * caller's. KC_NOT_FOUND ("programme <id> not found") when the tenant has
 * no such programme. */
kc_status monitor_repo_doc(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                           const char *from_day, const char *to_day, json_t **doc,
                           kc_problem *pb) KC_MUST_CHECK;

#endif
