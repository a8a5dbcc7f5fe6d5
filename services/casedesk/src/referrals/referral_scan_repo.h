#ifndef KOERS_CASEDESK_REFERRAL_SCAN_REPO_H
#define KOERS_CASEDESK_REFERRAL_SCAN_REPO_H

#include "koers/db.h"

/* SQL of the referral scan (referral_scan.h) over the referrals of every
 * tenant. A referral of a case that is resolved or closed is never taken:
 * it no longer reminds, falls overdue or escalates (it stays open for the
 * record). */

/* What a scan looks for. Each kind but SCAN_ESCALATE has a flag, set once. */
typedef enum {
    REFERRAL_SCAN_ACK_OVERDUE,    /* open past acknowledge_by */
    REFERRAL_SCAN_ANSWER_OVERDUE, /* open or acknowledged past answer_by */
    REFERRAL_SCAN_ESCALATE,       /* overdue, next_escalation_at come */
    REFERRAL_SCAN_ACK_REMINDER,   /* referralReminderHours before acknowledge_by */
    REFERRAL_SCAN_ANSWER_REMINDER /* referralReminderHours before answer_by */
} referral_scan_kind;

/* A referral a scan found, with who its escalation would reach. */
typedef struct referral_scan_row {
    char tenant_id[37], id[37], case_id[37];
    char acknowledge_by[32], answer_by[32]; /* RFC 3339 */
    int level;                              /* escalation_level */
    char rung[16];                          /* the rung of that level ("official" at 0) */
    char holder[37];                        /* "" = held by nobody */
    char team_manager[37];  /* of the addressee's department, when active; "" none */
    char process_owner[37]; /* of the case's category, when active; "" none */
} referral_scan_row;

/* Takes up to max referrals of that kind at as_of (RFC 3339) into rows (the
 * caller's array of at least max), locked FOR UPDATE SKIP LOCKED: conn must
 * be in a transaction, and replicas scanning at once take different rows.
 * *n is how many. */
kc_status referral_scan_repo_take(kc_db_conn *conn, referral_scan_kind kind, const char *as_of,
                                  int max, referral_scan_row *rows, int *n,
                                  kc_problem *pb) KC_MUST_CHECK;

/* Sets the flag of that kind (ack_overdue_at, answer_overdue_at,
 * ack_reminded_at, answer_reminded_at) to as_of; queued in the transaction
 * (no result). KC_INTERNAL for REFERRAL_SCAN_ESCALATE, which has none. */
kc_status referral_scan_repo_flag(kc_db_conn *conn, referral_scan_kind kind, const char *tenant_id,
                                  const char *id, const char *as_of, kc_problem *pb) KC_MUST_CHECK;

/* Records the escalation of a referral to level (rung, official_id) at at.
 * *added = 0 when that level was climbed already (nothing written). */
kc_status referral_scan_repo_escalation_add(kc_db_conn *conn, const char *tenant_id,
                                            const char *referral_id, const char *at, int level,
                                            const char *rung, const char *official_id, int *added,
                                            kc_problem *pb) KC_MUST_CHECK;

/* Moves the referral to level with its new holder; its escalation clock
 * runs on to next_at (RFC 3339), or stops when next_at is NULL. */
kc_status referral_scan_repo_escalation_set(kc_db_conn *conn, const char *tenant_id, const char *id,
                                            int level, const char *holder_id, const char *next_at,
                                            kc_problem *pb) KC_MUST_CHECK;

/* Stops the referral's escalation clock (next_escalation_at = NULL). */
kc_status referral_scan_repo_escalation_stop(kc_db_conn *conn, const char *tenant_id,
                                             const char *id, kc_problem *pb) KC_MUST_CHECK;

#endif
