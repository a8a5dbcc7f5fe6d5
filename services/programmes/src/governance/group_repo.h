#ifndef KOERS_PROGRAMMES_GROUP_REPO_H
#define KOERS_PROGRAMMES_GROUP_REPO_H

#include "koers/db.h"

/* A group as the rules of groups, members and building blocks need it:
 * its programme and kind ("steering", "project", "working"). */
typedef struct group_row {
    char programme_id[37];
    char kind[16];
} group_row;

/* Reads group id of the tenant into *out; with lock set the row is locked
 * (FOR UPDATE) in the caller's transaction. KC_NOT_FOUND ("group <id> not
 * found") when the tenant has no such group. */
kc_status group_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, int lock,
                         group_row *out, kc_problem *pb) KC_MUST_CHECK;

/* *taken = 1 when programme_id of the tenant has a group of kind other
 * than except_id (NULL: none excepted). */
kc_status group_repo_kind_taken(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                const char *kind, const char *except_id, int *taken,
                                kc_problem *pb) KC_MUST_CHECK;

/* What refers to a group: its members, the building blocks it works on,
 * the proposals it made, the decisions and checkpoints it took. */
typedef struct group_refs {
    int members, building_blocks, proposals, decisions, checkpoints;
} group_refs;

/* Counts what refers to group id of the tenant into *out. */
kc_status group_repo_refs(kc_db_conn *conn, const char *tenant_id, const char *id, group_refs *out,
                          kc_problem *pb) KC_MUST_CHECK;

#endif
