#ifndef KOERS_PROGRAMMES_ACCESS_REPO_H
#define KOERS_PROGRAMMES_ACCESS_REPO_H

#include "koers/db.h"

/* Is the person with user_sub `sub` a member of a group of the programme
 * whose kind is in `kinds` (a PostgreSQL text[] literal such as
 * "{project,steering}"), and of group_id when it is not NULL? *yes 0/1. */
kc_status access_repo_is_member(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                const char *sub, const char *kinds, const char *group_id, int *yes,
                                kc_problem *pb) KC_MUST_CHECK;

#endif
