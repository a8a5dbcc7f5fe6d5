#ifndef NOTIFICATIONS_KANAAL_REPO_H
#define NOTIFICATIONS_KANAAL_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* The kanalen (channels), the same for every tenant: SQL only. */

/* The kanalen by naam, naam NULL for all of them, as [{id, naam,
 * documentatieLink (a path), filters, description}] ordered by naam
 * (*items, a new array, the caller's). */
kc_status kanaal_repo_list(kc_db_conn *conn, const char *naam, json_t **items,
                           kc_problem *pb) KC_MUST_CHECK;

/* Kanaal id in that form (*doc, the caller's); KC_NOT_FOUND naming it. */
kc_status kanaal_repo_get(kc_db_conn *conn, const char *id, json_t **doc,
                          kc_problem *pb) KC_MUST_CHECK;

#endif
