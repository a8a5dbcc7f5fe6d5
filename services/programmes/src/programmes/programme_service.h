#ifndef KOERS_PROGRAMMES_PROGRAMME_SERVICE_H
#define KOERS_PROGRAMMES_PROGRAMME_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/idempotency.h"

/* The rules of a programme's write, the resource kit's check of
 * programme_resource (run in the write's transaction on conn; id NULL on
 * create, body NULL on delete). status, templateId and approachVersion are
 * read-only (a body may echo the current value; another is KC_INVALID
 * naming it); endsOn must not be before startsOn (KC_INVALID naming
 * endsOn, judged with the stored dates on a PATCH); only a draft is
 * deleted (KC_CONFLICT). KC_NOT_FOUND when id is not the tenant's. */
kc_status programme_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                  const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* Creates a programme once per Idempotency-Key (koers/http.h
 * kc_create_fn): the programme's members as programme_resource has them,
 * and exactly one of templateId (an approach template, shipped or the
 * tenant's) and phases (the programme's own approach, steps with optional
 * startsOn/dueOn); KC_INVALID naming templateId and phases otherwise. In
 * one transaction: the programme (a draft, event programme.created {id}),
 * its phases and steps copied, approach version 1. *answer is the
 * programme. */
kc_status programme_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                   const json_t *body, json_t **answer, int *replayed,
                                   kc_problem *pb) KC_MUST_CHECK;

/* Moves programme id to body.to through the transition table (draft ->
 * running | stopped, running -> completed | stopped), body.reason required
 * to stop (KC_INVALID naming reason), kept as its statusReason; in one
 * transaction with the row in programme_status_changes and the event
 * programme.status.changed {id, from, to}. if_match -1 = any version, else
 * KC_PRECONDITION_FAILED when it is at another. An illegal move is
 * KC_CONFLICT with "allowedTransitions". *out is the programme afterwards,
 * at *version (koers/http.h kc_action_fn). */
kc_status programme_service_move(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 const json_t *body, long long if_match, json_t **out,
                                 long long *version, kc_problem *pb) KC_MUST_CHECK;

/* {items: [{at, kind, ...}], _links} of programme id, in time order: its
 * status moves, steps started and completed, checkpoints decided and
 * approach versions. KC_NOT_FOUND for another tenant's. */
kc_status programme_service_timeline(kc_db_pool *pool, const kc_principal *p, const char *id,
                                     json_t **doc, kc_problem *pb) KC_MUST_CHECK;

#endif
