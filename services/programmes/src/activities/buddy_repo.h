#ifndef KOERS_PROGRAMMES_BUDDY_REPO_H
#define KOERS_PROGRAMMES_BUDDY_REPO_H

#include <jansson.h>
#include <stddef.h>
#include "koers/db.h"

/* The SQL of buddy pairs and their check-ins. Every function filters on
 * the tenant. A pair as the API shows it: {id, cohortId, personIds: [a,
 * b], formedBy, status (active | ended), endedAt, createdAt}. */

/* A member of a cohort who may get a buddy: not in an active pair. */
typedef struct buddy_candidate_row {
    char person_id[37];
    char department[201]; /* the person's organisation; "" when unknown */
} buddy_candidate_row;

/* The members of cohort_id without an active pair, by person id (*rows
 * the caller's, free(); *n of them). */
kc_status buddy_repo_candidates(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                                buddy_candidate_row **rows, size_t *n,
                                kc_problem *pb) KC_MUST_CHECK;

/* Two people of a pair ever formed in a cohort. */
typedef struct buddy_formed_row {
    char a[37], b[37];
} buddy_formed_row;

/* Every pair ever formed in cohort_id (*rows the caller's, free()). */
kc_status buddy_repo_formed(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                            buddy_formed_row **rows, size_t *n, kc_problem *pb) KC_MUST_CHECK;

/* What the rules of a new pair need of person_id in cohort_id. */
typedef struct buddy_person_state {
    int member;      /* a member of the cohort */
    int active_pair; /* in an active pair of the cohort */
} buddy_person_state;

kc_status buddy_repo_person_state(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                                  const char *person_id, buddy_person_state *out,
                                  kc_problem *pb) KC_MUST_CHECK;

/* *yes 1 when a and b (either order) were paired in cohort_id before. */
kc_status buddy_repo_formed_before(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                                   const char *a, const char *b, int *yes,
                                   kc_problem *pb) KC_MUST_CHECK;

/* Stores the pair a, b (a < b) formed by "hand" or "proposal"; *out the
 * pair. */
kc_status buddy_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                            const char *a, const char *b, const char *formed_by, json_t **out,
                            kc_problem *pb) KC_MUST_CHECK;

/* The pairs of cohort_id, a new array in *out, in the order formed. */
kc_status buddy_repo_list(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                          json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* A pair as its rules need it: its cohort's programme, whether it ended
 * and the sign-in subjects of its two people ("" when none). */
typedef struct buddy_pair_row {
    char id[37];
    char cohort_id[37];
    char programme_id[37];
    int ended;
    char sub_a[132], sub_b[132];
} buddy_pair_row;

/* Reads pair id (FOR UPDATE when lock). KC_NOT_FOUND ("buddy pair <id>
 * not found") when the tenant has none. */
kc_status buddy_repo_pair(kc_db_conn *conn, const char *tenant_id, const char *id, int lock,
                          buddy_pair_row *out, kc_problem *pb) KC_MUST_CHECK;

/* Ends pair id now; *out the pair. */
kc_status buddy_repo_end(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                         kc_problem *pb) KC_MUST_CHECK;

/* The check-ins of pair id, a new array in *out: {id, pairId, heldOn,
 * note, createdAt}, by heldOn then createdAt. */
kc_status buddy_repo_checkins(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                              kc_problem *pb) KC_MUST_CHECK;

/* Adds a check-in to pair id; *out the check-in. */
kc_status buddy_repo_add_checkin(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 const char *held_on, const char *note, const char *created_by,
                                 json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
