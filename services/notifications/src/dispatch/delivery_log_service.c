#include "dispatch/delivery_log_service.h"

#include <stdint.h>
#include <string.h>
#include "dispatch/delivery_log_repo.h"
#include "dispatch/dispatcher.h"
#include "koers/read_one.h"
#include "koers/validate.h"

const char *const delivery_states[] = {"pending", "retrying",  "delivered",
                                       "failed",  "cancelled", NULL};

kc_status delivery_log_service_list(kc_db_pool *pool, const kc_principal *p,
                                    const char *subscription_id, const char *state,
                                    const char *from, const char *to, const kc_keyset *page,
                                    json_t **items, kc_keyset_next *next, kc_problem *pb)
{
    delivery_log_filter f = {state, from, to};
    kc_db_conn *conn = NULL;
    char status[16];
    kc_status st;

    *items = NULL;
    st = kc_check_id("uuid", subscription_id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = delivery_log_repo_subscription(conn, p->tenant_id, subscription_id, 0, status, pb);
    if (st == KC_OK)
        st = delivery_log_repo_list(conn, p->tenant_id, subscription_id, &f, page, items, next, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status delivery_log_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                   json_t **out, kc_problem *pb)
{
    return kc_read_one(pool, p, id, delivery_log_repo_get, out, pb);
}

static void wake_dispatcher(void *arg)
{
    (void)arg;
    dispatch_wake();
}

/* The subscription must be there and active; locked until the commit. */
static kc_status subscription_active(kc_db_conn *conn, const char *tenant_id,
                                     const char *subscription_id, kc_problem *pb)
{
    char status[16];
    kc_status st;

    st = delivery_log_repo_subscription(conn, tenant_id, subscription_id, 1, status, pb);
    if (st == KC_OK && strcmp(status, "active") != 0)
        st = kc_problem_set(pb, KC_CONFLICT,
                            "the subscription is disabled; enable it first (PATCH "
                            "{\"status\": \"active\"})");
    return st;
}

typedef struct resend_tx {
    const kc_principal *p;
    const char *id;
    json_t *out;
} resend_tx;

static kc_status resend_run(kc_db_conn *conn, void *arg, kc_problem *pb)
{
    resend_tx *t = arg;
    char subscription_id[37];
    kc_status st;

    st = delivery_log_repo_owner(conn, t->p->tenant_id, t->id, subscription_id, pb);
    if (st == KC_OK)
        st = subscription_active(conn, t->p->tenant_id, subscription_id, pb);
    if (st == KC_OK)
        st = delivery_log_repo_resend(conn, t->p->tenant_id, t->id, &t->out, pb);
    if (st == KC_OK)
        kc_db_after_commit(conn, wake_dispatcher, NULL);
    return st;
}

kc_status delivery_log_service_resend(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      json_t **out, kc_problem *pb)
{
    resend_tx t = {p, id, NULL};
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_run_tx(pool, resend_run, &t, pb);
    if (st == KC_OK)
        *out = t.out;
    else
        json_decref(t.out);
    return st;
}

/* The body of a replay, decoded (borrowed from the body). */
typedef struct replay_input {
    const char *from, *to, *state;
    long long after_seq, to_seq;
    int has_after, has_to_seq;
} replay_input;

static const kc_field replay_fields[] = {
    {.name = "from",
     .type = KC_T_STRING,
     .format = KC_FMT_DATETIME,
     .to = KC_TO(replay_input, from)},
    {.name = "to", .type = KC_T_STRING, .format = KC_FMT_DATETIME, .to = KC_TO(replay_input, to)},
    {.name = "afterSeq",
     .type = KC_T_INT,
     .min = 0,
     .max = INT64_MAX,
     .to = KC_TO(replay_input, after_seq),
     .has = KC_HAS(replay_input, has_after)},
    {.name = "toSeq",
     .type = KC_T_INT,
     .min = 1,
     .max = INT64_MAX,
     .to = KC_TO(replay_input, to_seq),
     .has = KC_HAS(replay_input, has_to_seq)},
    {.name = "state",
     .type = KC_T_STRING,
     .enum_values = delivery_states,
     .to = KC_TO(replay_input, state)},
};

/* The range the body names, checked: one kind of range, its ends in
 * order. */
static kc_status replay_range(const json_t *body, replay_input *in, delivery_replay_range *r,
                              kc_problem *pb)
{
    int by_time, by_seq;
    kc_status st;

    st = kc_decode_json(body, replay_fields, KC_NELEMS(replay_fields), in, pb);
    if (st != KC_OK)
        return st;
    by_time = in->from != NULL || in->to != NULL;
    by_seq = in->has_after || in->has_to_seq;
    if (by_time && by_seq) {
        kc_problem_add_field(pb, by_seq && in->has_after ? "afterSeq" : "toSeq",
                             "a range is either from/to or afterSeq/toSeq, not both");
    } else if (!by_time && !by_seq) {
        kc_problem_add_field(pb, "from", "is required (or afterSeq)");
    } else if (by_time && in->from == NULL) {
        kc_problem_add_field(pb, "from", "is required with to");
    } else if (by_seq && !in->has_after) {
        kc_problem_add_field(pb, "afterSeq", "is required with toSeq");
    }
    if (pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "the replay range is invalid");
    r->from = in->from;
    r->to = in->to;
    r->after_seq = in->has_after ? in->after_seq : -1;
    r->to_seq = in->has_to_seq ? in->to_seq : -1;
    r->state = in->state;
    if (r->after_seq >= 0 && r->to_seq >= 0 && r->to_seq <= r->after_seq) {
        kc_problem_add_field(pb, "toSeq", "must be greater than afterSeq");
        return kc_problem_set(pb, KC_INVALID, "the replay range is invalid");
    }
    return KC_OK;
}

typedef struct replay_tx {
    const kc_principal *p;
    const char *subscription_id;
    const delivery_replay_range *range;
    int queued;
} replay_tx;

static kc_status replay_run(kc_db_conn *conn, void *arg, kc_problem *pb)
{
    replay_tx *t = arg;
    int n = 0;
    kc_status st;

    st = subscription_active(conn, t->p->tenant_id, t->subscription_id, pb);
    if (st == KC_OK)
        st = delivery_log_repo_replay_count(conn, t->p->tenant_id, t->subscription_id, t->range,
                                            DELIVERY_REPLAY_MAX, &n, pb);
    if (st == KC_OK && n > DELIVERY_REPLAY_MAX) {
        kc_problem_add_field(pb, t->range->from != NULL ? "to" : "toSeq",
                             "the range holds more than 10000 messages: replay it in parts");
        st = kc_problem_set(pb, KC_INVALID, "the replay range is too large");
    }
    if (st == KC_OK)
        st = delivery_log_repo_replay(conn, t->p->tenant_id, t->subscription_id, t->range,
                                      &t->queued, pb);
    if (st == KC_OK && t->queued > 0)
        kc_db_after_commit(conn, wake_dispatcher, NULL);
    return st;
}

kc_status delivery_log_service_replay(kc_db_pool *pool, const kc_principal *p,
                                      const char *subscription_id, const json_t *body, json_t **out,
                                      kc_problem *pb)
{
    replay_input in;
    delivery_replay_range range;
    replay_tx t = {p, subscription_id, &range, 0};
    kc_status st;

    *out = NULL;
    memset(&in, 0, sizeof(in));
    memset(&range, 0, sizeof(range));
    st = kc_check_id("uuid", subscription_id, pb);
    if (st == KC_OK)
        st = replay_range(body, &in, &range, pb);
    if (st == KC_OK)
        st = kc_db_run_tx(pool, replay_run, &t, pb);
    if (st == KC_OK) {
        *out = json_pack("{s:i}", "queued", t.queued);
        if (*out == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    return st;
}
