#ifndef KOERS_PROGRAMMES_TEMPLATE_REPO_H
#define KOERS_PROGRAMMES_TEMPLATE_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* Approach templates: the shipped ones (no tenant, builtIn) and the
 * tenant's own. Templates come back as JSON in their wire form
 * (programmes.template_doc). */

/* The shipped templates (in their order) and then the tenant's own (the
 * oldest first): a new array in *items. */
kc_status template_repo_list(kc_db_conn *conn, const char *tenant_id, json_t **items,
                             kc_problem *pb) KC_MUST_CHECK;

/* Template id, shipped or the tenant's: a new object in *doc, its version
 * in *version. KC_NOT_FOUND otherwise. */
kc_status template_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **doc,
                            int *version, kc_problem *pb) KC_MUST_CHECK;

/* Locks template id (shipped or the tenant's); *built_in 1 for a shipped
 * one, *in_use how many programmes were copied from it. KC_NOT_FOUND
 * otherwise. */
kc_status template_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id, int *built_in,
                             int *version, int *in_use, kc_problem *pb) KC_MUST_CHECK;

/* Inserts a template of the tenant (phases stored as given); *doc the new
 * one. */
kc_status template_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *name,
                               const char *description, int open_ended, const json_t *phases,
                               json_t **doc, kc_problem *pb) KC_MUST_CHECK;

/* Changes the members given (NULL, or open_ended -1: kept) of the
 * tenant's template id and bumps its version; *doc it afterwards. */
kc_status template_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                               const char *name, const char *description, int open_ended,
                               const json_t *phases, json_t **doc, int *version,
                               kc_problem *pb) KC_MUST_CHECK;

/* Deletes the tenant's template id. */
kc_status template_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *id,
                               kc_problem *pb) KC_MUST_CHECK;

#endif
