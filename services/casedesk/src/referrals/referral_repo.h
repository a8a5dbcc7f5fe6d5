#ifndef KOERS_CASEDESK_REFERRAL_REPO_H
#define KOERS_CASEDESK_REFERRAL_REPO_H

#include "koers/db.h"
#include "casedesk.h"
#include "referrals/referral_model.h"

/* SQL for referrals, scoped to tenant_id (except the link's lookup, which
 * knows only the referral id). Out params are the caller's
 * (referral_clear / referral_array_free). viewer_sub, where taken, limits
 * what is seen to the referrals addressed to or held by the active official
 * with that userSub (NULL: everything of the tenant). */

/* The status of a case; KC_NOT_FOUND when the tenant has no such case.
 * lock: a share lock on it until the transaction ends (so it is not
 * resolved while a referral is made). */
kc_status referral_repo_case_state(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                   int lock, char status[24], kc_problem *pb) KC_MUST_CHECK;

/* *exists and *active of an official of the tenant. */
kc_status referral_repo_official_state(kc_db_conn *conn, const char *tenant_id,
                                       const char *official_id, int *exists, int *active,
                                       kc_problem *pb) KC_MUST_CHECK;

/* *exists of a department, and its team manager when that is an active
 * official ("" otherwise). */
kc_status referral_repo_department_state(kc_db_conn *conn, const char *tenant_id,
                                         const char *department_id, int *exists,
                                         char team_manager_id[37], kc_problem *pb) KC_MUST_CHECK;

typedef struct referral_new {
    const char *id;
    const char *case_id;
    const char *official_id; /* exactly one of official_id and department_id */
    const char *department_id;
    const char *holder_official_id; /* NULL: held by nobody */
    const char *question;
    const char *acknowledge_by; /* timestamptz text */
    const char *answer_by;
    const char *link_nonce_hash_hex;
    const char *created_by;
} referral_new;

kc_status referral_repo_insert(kc_db_conn *conn, const char *tenant_id, const referral_new *in,
                               referral *out, kc_problem *pb) KC_MUST_CHECK;

/* One referral; for_update locks it (inside a transaction). KC_NOT_FOUND
 * when absent or not the viewer's. */
kc_status referral_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id,
                            const char *viewer_sub, int for_update, referral *out,
                            kc_problem *pb) KC_MUST_CHECK;

/* The referral of a link (any tenant), locked when for_update. */
kc_status referral_repo_get_by_link(kc_db_conn *conn, const char *id, int for_update, referral *out,
                                    kc_problem *pb) KC_MUST_CHECK;

/* The category name and description of the case (heap, the caller's). */
kc_status referral_repo_case_context(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                     char **category_name, char **description,
                                     kc_problem *pb) KC_MUST_CHECK;

typedef struct referral_filter {
    const char *case_id;     /* NULL: any case */
    const char *status;      /* NULL: any */
    const char *official_id; /* addressed to or held by; NULL: anyone */
    int overdue;             /* -1 any, 1 overdue now, 0 not overdue */
    const char *viewer_sub;
} referral_filter;

/* A keyset page in creation order. */
kc_status referral_repo_list(kc_db_conn *conn, const char *tenant_id, const referral_filter *f,
                             const kc_keyset *page, referral **items, size_t *n,
                             kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;

/* Applies action to a referral in a state that allows it (the caller has
 * locked it and checked): acknowledged; answered (with answer and
 * answered_by; via_link marks the link used); withdrawn. KC_CONFLICT when
 * its state no longer allows it. */
kc_status referral_repo_apply(kc_db_conn *conn, const char *tenant_id, const char *id,
                              referral_action action, const char *answer, const char *answered_by,
                              int via_link, referral *out, kc_problem *pb) KC_MUST_CHECK;

#endif
