#ifndef KOERS_PROGRAMMES_VALUE_CATALOGUE_REPO_H
#define KOERS_PROGRAMMES_VALUE_CATALOGUE_REPO_H

#include <jansson.h>
#include "koers/db.h"
#include "koers/keyset.h"

/* The copy of the surveys service's core-value catalogue
 * (value_catalogue) and the brainstorm sessions that promoted a value
 * (brainstorm_promotions). SQL only. */

/* Inserts value_id of tenant_id or sets its name and active ("true" or
 * "false") and event_id. Safe to run twice. Errors as kc_db_exec. */
kc_status value_catalogue_repo_upsert(kc_db_conn *conn, const char *tenant_id, const char *value_id,
                                      const char *name, const char *active, const char *event_id,
                                      kc_problem *pb) KC_MUST_CHECK;

/* Marks value_id of tenant_id not active (a value the copy never saw stays
 * unknown). Safe to run twice. Errors as kc_db_exec. */
kc_status value_catalogue_repo_deactivate(kc_db_conn *conn, const char *tenant_id,
                                          const char *value_id, const char *event_id,
                                          kc_problem *pb) KC_MUST_CHECK;

/* Remembers that session_id promoted value_id (name as the event carried
 * it); a second time changes nothing. Errors as kc_db_exec. */
kc_status value_catalogue_repo_promotion(kc_db_conn *conn, const char *tenant_id,
                                         const char *session_id, const char *value_id,
                                         const char *name, const char *event_id,
                                         kc_problem *pb) KC_MUST_CHECK;

/* A page of the tenant's catalogue in the order values arrived:
 * [{valueId, name, active}] (*items, the caller's), next filled for the
 * following page. active NULL: all, else "true" or "false" only those. */
kc_status value_catalogue_repo_list(kc_db_conn *conn, const char *tenant_id, const char *active,
                                    const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                    kc_problem *pb) KC_MUST_CHECK;

#endif
