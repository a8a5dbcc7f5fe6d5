#include "koers/status_move.h"

#include "koers/outbox.h"

/* The target the table decides: the body's "to" (a state of the table:
 * the body's fields list the states) from the current status. */
static kc_status table_target(const kc_status_move *d, kc_move_ctx *m, kc_problem *pb)
{
    const char *to = json_string_value(json_object_get(m->body, "to"));

    if (kc_states_parse(d->states, to, &m->to) != 0)
        return kc_problem_set(pb, KC_INTERNAL, "%s %s: the validated target did not parse", d->noun,
                              m->id);
    if (!kc_states_can_move(d->states, m->from, m->to))
        return kc_states_refuse(d->states, m->from, m->to, pb);
    return KC_OK;
}

/* From the lock to the commit, on m->conn. */
static kc_status move_locked(const kc_status_move *d, kc_move_ctx *m, long long if_match,
                             kc_problem *pb)
{
    kc_status st;

    st = d->lock(m, pb);
    if (st != KC_OK)
        return st;
    if (if_match >= 0 && m->version != if_match)
        return kc_problem_set(pb, KC_PRECONDITION_FAILED, "%s %s is at version %lld, not %lld",
                              d->noun, m->id, m->version, if_match);
    if (kc_states_parse(d->states, m->status, &m->from) != 0)
        return kc_problem_set(pb, KC_INTERNAL, "%s %s has an unknown status", d->noun, m->id);
    st = d->target != NULL ? d->target(m, pb) : table_target(d, m, pb);
    if (st == KC_OK && d->check != NULL)
        st = d->check(m, pb);
    if (st == KC_OK)
        st = d->write(m, pb);
    if (st == KC_OK)
        st = kc_db_commit(m->conn, pb);
    return st;
}

kc_status kc_status_move_run(const kc_status_move *d, kc_db_pool *pool, const kc_principal *p,
                             const char *id, const json_t *body, long long if_match, void *arg,
                             json_t **out, long long *version, kc_problem *pb)
{
    kc_move_ctx m = {.move = d, .p = p, .id = id, .body = body, .arg = arg, .version = -1};
    long long answered = -1;
    kc_status st;

    *out = NULL;
    st = kc_check_id(d->id_param != NULL ? d->id_param : "id", id, pb);
    if (st == KC_OK)
        st = kc_validate_json(body, d->fields, d->nfields, pb);
    if (st == KC_OK && d->check_body != NULL)
        st = d->check_body(&m, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &m.conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(m.conn, pb);
    if (st == KC_OK)
        st = move_locked(d, &m, if_match, pb);
    if (st != KC_OK)
        goto out; /* kc_db_release rolls the transaction back */
    kc_db_release(pool, m.conn);
    m.conn = NULL;
    if (d->resource != NULL) {
        st = kc_resource_get(pool, d->resource, p->tenant_id, id, out, &answered, pb);
    } else {
        *out = m.answer;
        m.answer = NULL;
    }
    if (st == KC_OK && version != NULL)
        *version = answered;
out:
    json_decref(m.answer);
    kc_db_release(pool, m.conn);
    return st;
}

kc_status kc_status_move_event(const kc_move_ctx *m, const char *schema, const char *type,
                               const json_t *extra, kc_problem *pb)
{
    const kc_states *states = m->move->states;
    json_t *data;
    kc_status st;

    data = json_pack("{s:s, s:s, s:s}", "id", m->id, "from", kc_states_name(states, m->from), "to",
                     kc_states_name(states, m->to));
    if (data == NULL || (extra != NULL && json_object_update(data, (json_t *)extra) != 0)) {
        json_decref(data);
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    st = kc_outbox_add(m->conn, schema, type, m->p->tenant_id, m->id, data, pb);
    json_decref(data);
    return st;
}
