#ifndef KOERS_PROGRAMMES_PROPOSAL_REPO_H
#define KOERS_PROGRAMMES_PROPOSAL_REPO_H

#include <stddef.h>
#include <jansson.h>
#include "koers/db.h"
#include "proposals/proposal_rules.h"

/* The SQL of proposals' rules (the kit holds their plain reads and
 * writes). Every function runs on the caller's connection, in its
 * transaction, and filters on the tenant. */

/* Locks proposal id (FOR UPDATE) and reads it into *out. KC_NOT_FOUND
 * when the tenant has no such proposal. */
kc_status proposal_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                             proposal_brief *out, kc_problem *pb) KC_MUST_CHECK;

/* Locks the tenant's proposals among ids (a JSON array of uuids) in id
 * order (so that two merges cannot deadlock) and reads them into *out
 * (the caller's, free(); *n of them; ids the tenant lacks are left out). */
kc_status proposal_repo_lock_many(kc_db_conn *conn, const char *tenant_id, const json_t *ids,
                                  proposal_brief **out, size_t *n, kc_problem *pb) KC_MUST_CHECK;

/* Sets the status of proposal id (submitted also stamps submitted_at),
 * bumps its version; *version (may be NULL) is the new one. */
kc_status proposal_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   const char *status, int *version, kc_problem *pb) KC_MUST_CHECK;

#endif
