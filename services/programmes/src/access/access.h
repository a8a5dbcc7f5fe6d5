#ifndef KOERS_PROGRAMMES_ACCESS_H
#define KOERS_PROGRAMMES_ACCESS_H

#include "koers/auth.h"
#include "koers/db.h"

/* Who may act on a programme, by role and by membership: the one rule
 * every write of the service runs inside its transaction (after the route
 * admitted the caller's role).
 *
 * - admin, coordinator and programme_lead run programmes: they may do
 *   everything (a lead records a group's decision on its behalf);
 * - a programme_member may act where one of their groups lets them: the
 *   caller is recognised as a person of the tenant by userSub, and must be
 *   a member of a group of the programme of one of the kinds asked (and of
 *   the one group named, when a group id is given). */

#define ACCESS_STEERING 1u
#define ACCESS_PROJECT  2u
#define ACCESS_WORKING  4u

/* 1 when p (staff) has admin, coordinator or programme_lead. */
int access_runs_programmes(const kc_principal *p);

/* KC_OK when p runs programmes; else 403 naming `what` ("decides
 * proposals"). For the writes only leads and coordinators do. */
kc_status access_require_lead(const kc_principal *p, const char *what,
                              kc_problem *pb) KC_MUST_CHECK;

/* KC_OK when p runs programmes, or is a member of a group of programme_id
 * of one of `kinds` (ACCESS_* bits), and of group_id when it is not NULL;
 * else 403: "only members of the programme's <kinds>, or a programme
 * lead, <what>". Database errors as kc_db_exec. */
kc_status access_require_member(kc_db_conn *conn, const kc_principal *p, const char *programme_id,
                                unsigned kinds, const char *group_id, const char *what,
                                kc_problem *pb) KC_MUST_CHECK;

#endif
