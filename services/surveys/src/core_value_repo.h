#ifndef KOERS_SURVEYS_CORE_VALUE_REPO_H
#define KOERS_SURVEYS_CORE_VALUE_REPO_H

#include "koers/db.h"
#include "core_value_model.h"
#include "surveys.h"

/* SQL for the catalogue of core values. Every function is scoped to
 * tenant_id; a row of another tenant is KC_NOT_FOUND. A name already in the
 * catalogue (case-insensitively) is KC_CONFLICT. */
kc_status core_value_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *name,
                                 const char *description, core_value *out,
                                 kc_problem *pb) KC_MUST_CHECK;
kc_status core_value_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id,
                              core_value *out, kc_problem *pb) KC_MUST_CHECK;
/* One page in creation order; *items (caller frees with free()) holds *n. */
kc_status core_value_repo_list(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                               core_value **items, size_t *n, kc_keyset_next *next,
                               kc_problem *pb) KC_MUST_CHECK;
/* name/description NULL = unchanged; expected_version -1 = any.
 * KC_PRECONDITION_FAILED on a version mismatch. */
kc_status core_value_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 const char *name, const char *description,
                                 long long expected_version, core_value *out,
                                 kc_problem *pb) KC_MUST_CHECK;
kc_status core_value_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 kc_problem *pb) KC_MUST_CHECK;

#endif
