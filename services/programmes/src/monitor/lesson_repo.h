#ifndef KOERS_PROGRAMMES_LESSON_REPO_H
#define KOERS_PROGRAMMES_LESSON_REPO_H

#include <jansson.h>
#include "koers/db.h"
#include "koers/keyset.h"

/* Locks lesson id of the tenant (FOR UPDATE) and writes its programme
 * ("" when none) into programme_id (37 bytes). KC_NOT_FOUND ("lesson <id>
 * not found") when the tenant has none such. */
kc_status lesson_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                           char *programme_id, kc_problem *pb) KC_MUST_CHECK;

/* One page of the tenant's lessons matching q (websearch_to_tsquery,
 * 'dutch'), by rank (rounded to 6 decimals) descending, then id; after the
 * lesson after_id of rank after_rank (both NULL: from the start). *items
 * (the caller's) holds each lesson as lesson_wire (sql/015) with its
 * "rank"; next->key is the rank of the page's last lesson. */
kc_status lesson_repo_search(kc_db_conn *conn, const char *tenant_id, const char *q,
                             const char *after_rank, const char *after_id, const kc_keyset *page,
                             json_t **items, kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;

#endif
