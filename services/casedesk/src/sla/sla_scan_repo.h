#ifndef KOERS_CASEDESK_SLA_SCAN_REPO_H
#define KOERS_CASEDESK_SLA_SCAN_REPO_H

#include "koers/db.h"

/* SQL of the SLA scan (sla_scan.h) over the cases of every tenant. The
 * cases a scan takes are open (not resolved or closed) and not suspended. */

/* The three things the scan looks for, each flagged once per case. */
typedef enum {
    SLA_SCAN_FIRST_CONTACT, /* no first contact by first_contact_due */
    SLA_SCAN_BREACH,        /* resolution_due passed */
    SLA_SCAN_WARNING,       /* within slaWarningHours of resolution_due */
} sla_scan_kind;

/* A case a scan found, with the deadline it is about (RFC 3339). */
typedef struct sla_scan_case {
    char tenant_id[37];
    char id[37];
    char due[32];
} sla_scan_case;

/* Takes up to max cases of that kind not flagged yet at as_of (RFC 3339),
 * oldest deadline first, into rows (the caller's array of at least max),
 * locked FOR UPDATE SKIP LOCKED: conn must be in a transaction, and
 * replicas scanning at once take different cases. *n is how many. */
kc_status sla_scan_repo_take(kc_db_conn *conn, sla_scan_kind kind, const char *as_of, int max,
                             sla_scan_case *rows, int *n, kc_problem *pb) KC_MUST_CHECK;

/* Flags the case as done for that kind at as_of (first_contact_breached_at,
 * sla_breached_at or sla_warned_at), unless it is flagged already. Queued
 * in the transaction (no result). */
kc_status sla_scan_repo_flag(kc_db_conn *conn, sla_scan_kind kind, const char *tenant_id,
                             const char *case_id, const char *as_of, kc_problem *pb) KC_MUST_CHECK;

#endif
