#ifndef KOERS_PROGRAMMES_PROPOSAL_SERVICE_H
#define KOERS_PROGRAMMES_PROPOSAL_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/idempotency.h"
#include "proposals/proposal_rules.h"

/* Improvement proposals: made by a working group for one of its building
 * blocks, submitted to the project group, split or merged with their
 * history kept (derived_from of the new ones, a decision on each old
 * one). Decisions are proposals/decision_service.h. */

/* What a proposal's write once per key works on (the arg of its
 * kc_idem_create_fn): the caller, the proposal of the path (NULL for a
 * create or a merge) and the request's body, all borrowed. */
typedef struct proposal_job {
    const kc_principal *p;
    const char *id;
    const json_t *body;
} proposal_job;

/* The entry of every proposal write once per Idempotency-Key (a create, a
 * split, a merge, a decision): checks id when it is not NULL
 * (KC_BAD_REQUEST naming "id") and the body with check (its faults), then
 * runs fn with a proposal_job in a transaction on a connection of pool,
 * once per key (kc_idem_run). *answer (the caller's) is fn's answer,
 * *replayed 1 when a repeated key answers the stored one. */
kc_status proposal_service_run(kc_db_pool *pool, const kc_principal *p, const char *id,
                               const kc_idem *idem, const json_t *body,
                               kc_status (*check)(const json_t *body, kc_problem *pb),
                               kc_idem_create_fn fn, json_t **answer, int *replayed,
                               kc_problem *pb) KC_MUST_CHECK;

/* The kit's check of proposal_resource (PATCH and DELETE; run in the
 * write's transaction, the proposal locked). The caller must be a lead or
 * a member of the proposal's working group (KC_FORBIDDEN); only a draft or
 * returned proposal is changed and only a draft one deleted (KC_CONFLICT);
 * a proposal a split or merge made is not deleted (KC_CONFLICT: its
 * history stays). programmeId, buildingBlockId, workingGroupId and status
 * may be echoed but not changed, createdBy and derivedFrom not sent
 * (KC_INVALID naming them). KC_NOT_FOUND when id is not the tenant's. On
 * create (id NULL) it does nothing: proposals are made only by the
 * functions below, which authorise first. */
kc_status proposal_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                 const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* POST /proposals (kc_create_fn): body {buildingBlockId, title, proposal?,
 * reasoning?, expectedEffect?, costEuros?, effort?} (KC_INVALID naming
 * each fault). The programme and working group are the building block's
 * (an unknown block or one without a working group: KC_INVALID naming
 * buildingBlockId); the caller must be a lead or a member of that working
 * group (KC_FORBIDDEN). A draft, created once per Idempotency-Key, with
 * proposal.created; *answer (the caller's) is the new proposal. */
kc_status proposal_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                  const json_t *body, json_t **answer, int *replayed,
                                  kc_problem *pb) KC_MUST_CHECK;

/* POST /proposals/{id}/transitions (kc_action_fn): body {to: submitted}; a
 * draft or returned proposal goes to the project group (submittedAt set)
 * with proposal.submitted {id, programmeId, buildingBlockId,
 * workingGroupId}. Caller: a lead or a member of its working group
 * (KC_FORBIDDEN). Another status: KC_CONFLICT with allowedTransitions;
 * if_match -1 any version, else 412 at another. *out is the proposal. */
kc_status proposal_service_submit(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const json_t *body, long long if_match, json_t **out,
                                  long long *version, kc_problem *pb) KC_MUST_CHECK;

/* POST /proposals/{id}/split: body {reason, parts: [{title, proposal?,
 * reasoning?, expectedEffect?, costEuros?, effort?}] (2..10)} (KC_INVALID
 * naming reason or parts[i].<member>). A draft, submitted or returned
 * proposal (else KC_CONFLICT) ends as split; each part is a new draft of
 * its building block and working group with derivedFrom [id]; a decision
 * "split" with resultIds records it (event proposal.decided). Caller: a
 * lead, a member of the project group or of the proposal's working group
 * (KC_FORBIDDEN). Once per Idempotency-Key; *answer {items: [the new
 * proposals]}. */
kc_status proposal_service_split(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 const kc_idem *idem, const json_t *body, json_t **answer,
                                 int *replayed, kc_problem *pb) KC_MUST_CHECK;

/* POST /proposals/merge (kc_create_fn): body {proposalIds (2..10),
 * buildingBlockId, title, proposal?, reasoning?, expectedEffect?,
 * costEuros?, effort?, reason}. The proposals (proposal_rules_merge: one
 * programme, the block one of theirs, each draft, submitted or returned)
 * end as merged, each with a decision "merged" whose resultIds is the new
 * draft (event proposal.decided each); the new draft, of the block's
 * working group, has derivedFrom = proposalIds. Caller: a lead, a member
 * of the project group, or a member of every proposal's working group
 * (KC_FORBIDDEN). *answer is the new proposal. */
kc_status proposal_service_merge(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                 const json_t *body, json_t **answer, int *replayed,
                                 kc_problem *pb) KC_MUST_CHECK;

/* KC_OK when p is a lead, a member of the programme's project group, or a
 * member of every one of the n working groups (those may repeat); else
 * KC_FORBIDDEN saying that about `what`. For splits and merges. */
kc_status proposal_service_may_reshape(kc_db_conn *conn, const kc_principal *p,
                                       const char *programme_id, const char *const *groups,
                                       size_t n, const char *what, kc_problem *pb) KC_MUST_CHECK;

#endif
