#ifndef KOERS_CASEDESK_PRIVACY_REPO_H
#define KOERS_CASEDESK_PRIVACY_REPO_H

#include <time.h>
#include <jansson.h>
#include "koers/db.h"
#include "koers/keyset.h"
#include "casedesk.h"
#include "privacy/privacy_model.h"

/* SQL of the privacy work: finding a data subject's cases, the audit of
 * data subject requests, anonymising a case, and the rows of the
 * retention and rekey passes. Out params are the caller's. */

/* Who a data subject request is about: the keyed hashes of the e-mail and
 * phone (citizen_crypto.h, "\x..." text) and their normalised forms (for
 * rows filed before citizens were sealed, still plain jsonb). Members may
 * be NULL; at least one pair is set. */
typedef struct privacy_subject {
    const char *email_idx;
    const char *phone_idx;
    const char *email_norm; /* trimmed, lower case */
    const char *phone_norm; /* a leading + and the digits */
} privacy_subject;

/* A case id (with its tenant, for the passes across tenants). */
typedef struct privacy_case_ref {
    char tenant_id[37];
    char id[37];
} privacy_case_ref;

/* The ids of the tenant's cases of the subject that are not anonymised,
 * oldest first, at most `max`; with lock, the rows are locked FOR UPDATE
 * (conn in a transaction). *ids is the caller's (free). */
kc_status privacy_repo_find_cases(kc_db_conn *conn, const char *tenant_id, const privacy_subject *s,
                                  int lock, int max, privacy_case_ref **ids, size_t *n,
                                  kc_problem *pb) KC_MUST_CHECK;

/* Every note and message of a case, oldest first, as a JSON array of
 * {id, kind, direction (messages), author, text, at}. New reference. */
kc_status privacy_repo_messages(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* The feedback of a case by round, as a JSON array of {round,
 * satisfaction, equalParty, comment, createdAt}. New reference. */
kc_status privacy_repo_feedback(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Removes the personal data of a case (see privacy_pass.h): the citizen
 * (plain, sealed and indexes), description, location, tracking token, the
 * citizen's message bodies and feedback comments, and the stored answer of
 * an idempotent filing; sets anonymised_at and bumps the version. *done = 0 when the case was
 * already anonymised. */
kc_status privacy_repo_anonymise(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 int *done, kc_problem *pb) KC_MUST_CHECK;

/* One audit row of a data subject request (never the subject). */
kc_status privacy_repo_audit_add(kc_db_conn *conn, const char *tenant_id, const char *kind,
                                 const char *actor, int cases, kc_problem *pb) KC_MUST_CHECK;

/* The tenant's audit rows, newest first; kind NULL = both kinds. */
kc_status privacy_repo_audit_list(kc_db_conn *conn, const char *tenant_id, const char *kind,
                                  const kc_keyset *page, privacy_request **items, size_t *n,
                                  kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;

/* Retention: up to `limit` cases of any tenant closed before as_of (RFC
 * 3339 or PostgreSQL timestamptz text) minus the tenant's retention_days
 * and not anonymised, locked FOR UPDATE SKIP LOCKED (conn in a
 * transaction). */
kc_status privacy_repo_retention_batch(kc_db_conn *conn, const char *as_of, int limit,
                                       privacy_case_ref **refs, size_t *n,
                                       kc_problem *pb) KC_MUST_CHECK;

/* A row the rekey pass must (re)seal: a plain citizen, or one sealed under
 * a key other than the current one. */
typedef struct privacy_rekey_row {
    privacy_case_ref ref;
    json_t *plain; /* the citizen still plain, or NULL */
    char *key_id;  /* the sealing key id, or NULL */
    char *enc_hex; /* citizen_enc as "\x...", or NULL */
} privacy_rekey_row;

void privacy_rekey_rows_free(privacy_rekey_row *rows, size_t n);

/* Up to `limit` such rows after (after_tenant, after_id) in (tenant_id,
 * id) order (NULLs: from the start), locked FOR UPDATE SKIP LOCKED (conn
 * in a transaction). */
kc_status privacy_repo_rekey_batch(kc_db_conn *conn, const char *current_key_id,
                                   const char *after_tenant, const char *after_id, int limit,
                                   privacy_rekey_row **rows, size_t *n,
                                   kc_problem *pb) KC_MUST_CHECK;

/* Stores a newly sealed citizen (citizen_crypto.h) and empties the plain
 * column. */
kc_status privacy_repo_store_sealed(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                    const char *enc_hex, const char *key_id, const char *email_idx,
                                    const char *phone_idx, kc_problem *pb) KC_MUST_CHECK;

/* Deletes the stored Idempotency-Key answers created more than keep_days
 * before as_of (every tenant); *expired = how many. */
kc_status privacy_repo_expire_answers(kc_db_conn *conn, time_t as_of, int keep_days, int *expired,
                                      kc_problem *pb) KC_MUST_CHECK;

#endif
