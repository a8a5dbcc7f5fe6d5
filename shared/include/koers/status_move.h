#ifndef KOERS_STATUS_MOVE_H
#define KOERS_STATUS_MOVE_H

/* A status move of one row (POST .../{id}/transitions and its kin), the
 * sequence every service shares, written once: the id and the body
 * checked, a transaction, the row locked and who may move it checked,
 * If-Match (412), the current status parsed, the move checked against the
 * status table (409 with allowedTransitions), the service's own rules,
 * the write and its events, the commit, then the row read back as the
 * answer with its version. A service declares one kc_status_move and
 * writes only the parts that are its own, as callbacks. */

#include <stddef.h>
#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/problem.h"
#include "koers/resource.h"
#include "koers/states.h"
#include "koers/validate.h"

/* One move under way, handed to each callback. The runner fills conn, p,
 * move, conn, p, id, body, arg, from and to; lock fills status and
 * version. */
typedef struct kc_status_move kc_status_move;

typedef struct kc_move_ctx {
    const kc_status_move *move; /* what the service declared */
    kc_db_conn *conn;           /* the move's transaction (NULL in check_body) */
    const kc_principal *p;      /* the caller */
    const char *id;             /* the row's id, checked */
    const json_t *body;         /* the request's body, validated */
    void *arg;                  /* the service's own, given to the runner (its locked row) */
    const char *status;         /* lock: the row's status as stored (borrowed from arg) */
    long long version;          /* lock: the row's version; -1 when it has none */
    int from;                   /* the row's status, parsed */
    int to;                     /* the target: the body's "to", or what target chose */
    json_t *answer;             /* write may set (owned by the runner): the answer, when the
                                   move has no resource to read it from */
} kc_move_ctx;

typedef kc_status (*kc_move_fn)(kc_move_ctx *m, kc_problem *pb);

/* What a service declares of its move. noun names the row in the
 * messages ("programme %s is at version 3, not 2"); states is its status
 * table; fields describe the body, whose required member "to" names a
 * state of the table unless target is given. */
struct kc_status_move {
    const char *noun;
    const char *id_param; /* the name of the id in a 400; NULL: "id" */
    const kc_states *states;
    const kc_field *fields;
    size_t nfields;
    /* optional: rules on the body alone, before the transaction */
    kc_move_fn check_body;
    /* reads the row under lock into arg and sets status and version;
     * answers 404 when there is none, 403 when the caller may not move
     * it, 409 when it may not move at all now */
    kc_move_fn lock;
    /* optional: sets to from the body and from, or answers the refusal;
     * NULL: to is the body's "to", refused by the table with
     * kc_states_refuse */
    kc_move_fn target;
    /* optional: the service's own rules on the move from -> to, after
     * the table (a reason required, a checkpoint first) */
    kc_move_fn check;
    /* writes the move and adds its outbox events, in the transaction */
    kc_move_fn write;
    /* the answer: the row read back through the kit after the commit;
     * NULL: what write left in answer (then no version: -1) */
    const kc_resource *resource;
};

/* Runs the move d of row id for caller p with body (borrowed), against
 * If-Match if_match (-1: none); arg is the service's, passed to each
 * callback. On KC_OK *out is the answer (a new reference, the caller's)
 * and *version its version (version may be NULL). On failure *out is NULL,
 * the transaction is rolled back and pb says why: 400 for the id, 422 for
 * the body, 412 for a stale If-Match ("<noun> <id> is at version v, not
 * w"), 409 for a move the table refuses, or what a callback answered. */
kc_status kc_status_move_run(const kc_status_move *d, kc_db_pool *pool, const kc_principal *p,
                             const char *id, const json_t *body, long long if_match, void *arg,
                             json_t **out, long long *version, kc_problem *pb) KC_MUST_CHECK;

/* Adds the event `type` of the move m to schema's outbox, in the move's
 * transaction, with the row as its subject: data {"id", "from", "to"} (the
 * states' names) and then the members of extra (borrowed; NULL: none).
 * For a write callback. */
kc_status kc_status_move_event(const kc_move_ctx *m, const char *schema, const char *type,
                               const json_t *extra, kc_problem *pb) KC_MUST_CHECK;

#endif
