#ifndef KOERS_RESOURCE_REPO_H
#define KOERS_RESOURCE_REPO_H

/* The SQL of the resource kit (koers/resource.h): generated once per
 * resource by kc_resource_repo_prepare, run by the functions below. Rows
 * come back as JSON in the wire form. For resource_service.c only. */

#include <jansson.h>
#include "koers/db.h"
#include "koers/keyset.h"
#include "koers/resource.h"

/* At most this many columns per resource. */
#define KC_RESOURCE_MAX_COLUMNS 32

/* The generated statements and field lists of one resource. */
typedef struct kc_resource_sql kc_resource_sql;

/* Generates (once) and returns the statements of res; KC_INTERNAL when it
 * cannot (the descriptor is wrong, or out of memory). */
kc_status kc_resource_repo_prepare(const kc_resource *res, const kc_resource_sql **out,
                                   kc_problem *pb) KC_MUST_CHECK;
/* The statements of a prepared res, NULL when it was never prepared. */
const kc_resource_sql *kc_resource_repo_find(const kc_resource *res);

/* The resource whose statements s holds. */
const kc_resource *kc_resource_repo_of(const kc_resource_sql *s);

/* The fields that validate a create and a PATCH (all optional). */
const kc_field *kc_resource_repo_create_fields(const kc_resource_sql *s, size_t *n);
const kc_field *kc_resource_repo_patch_fields(const kc_resource_sql *s, size_t *n);

/* One row, or KC_NOT_FOUND naming the noun and id. */
kc_status kc_resource_repo_get(kc_db_conn *conn, const kc_resource_sql *s, const char *tenant_id,
                               const char *id, json_t **row, long long *version,
                               kc_problem *pb) KC_MUST_CHECK;
/* One keyset page (*items a new array) filtered by the members of filters
 * (an object of strings keyed by wire name; may be NULL). */
kc_status kc_resource_repo_list(kc_db_conn *conn, const kc_resource_sql *s, const char *tenant_id,
                                const json_t *filters, const kc_keyset *page, json_t **items,
                                kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;
/* Counts the ids of value (a uuid string or an array of them) that are no
 * row of the column's ref_table of the tenant (*unknown: another tenant's
 * row counts as none), and those that are but not active (*inactive, with
 * ref_active). When *unknown > 0, *unknown_ids is a new string (the
 * caller's, free()) listing them, ", "-separated; NULL otherwise. */
kc_status kc_resource_repo_refs(kc_db_conn *conn, const kc_resource_sql *s, size_t col,
                                const char *tenant_id, const json_t *value, int *unknown,
                                int *inactive, char **unknown_ids, kc_problem *pb) KC_MUST_CHECK;
/* Inserts a row from a validated body (absent members take their dflt). */
kc_status kc_resource_repo_insert(kc_db_conn *conn, const kc_resource_sql *s, const char *tenant_id,
                                  const json_t *body, json_t **row, long long *version,
                                  kc_problem *pb) KC_MUST_CHECK;
/* Changes the members of body; *row NULL (KC_OK) when no row of that id is
 * at the expected version (-1 = any); *version then holds the row's
 * version, or -1 when there is no such row. */
kc_status kc_resource_repo_update(kc_db_conn *conn, const kc_resource_sql *s, const char *tenant_id,
                                  const char *id, const json_t *body, long long expected_version,
                                  json_t **row, long long *version, kc_problem *pb) KC_MUST_CHECK;
/* Deletes the row unless another table still refers to it: *deleted 1, or
 * 0 with *exists saying whether the row is there (and so in use). */
kc_status kc_resource_repo_delete(kc_db_conn *conn, const kc_resource_sql *s, const char *tenant_id,
                                  const char *id, int *deleted, int *exists,
                                  kc_problem *pb) KC_MUST_CHECK;

#endif
