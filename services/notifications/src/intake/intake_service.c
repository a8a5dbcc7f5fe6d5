#include "intake/intake_service.h"

#include <stdlib.h>
#include "koers/log.h"
#include "koers/validate.h"
#include "dispatch/dispatcher.h"
#include "intake/event_map.h"
#include "intake/filter_match.h"
#include "intake/intake_repo.h"

/* kc_db_after_commit's shape of dispatch_wake. */
static void wake_dispatcher(void *arg)
{
    (void)arg;
    dispatch_wake();
}

/* Adds the deliveries of the message seq: one per subscription of the
 * tenant to its kanaal whose filters match. */
static kc_status fan_out(kc_db_conn *conn, const char *tenant_id, long long seq,
                         const event_message *m, kc_problem *pb)
{
    intake_subscription *subs = NULL;
    const char **ids = NULL;
    size_t nsubs = 0, nids = 0, i;
    kc_status st;

    st = intake_repo_subscriptions(conn, tenant_id, m->kanaal, &subs, &nsubs, pb);
    if (st != KC_OK || nsubs == 0)
        goto out;
    ids = calloc(nsubs, sizeof(*ids));
    if (ids == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    for (i = 0; i < nsubs; i++)
        if (filter_match(subs[i].kanalen, m->kanaal, m->kenmerken))
            ids[nids++] = subs[i].id;
    st = intake_repo_deliveries_add(conn, tenant_id, seq, m->hoofd_object, ids, nids, pb);
    if (st == KC_OK && nids > 0)
        kc_db_after_commit(conn, wake_dispatcher, NULL);
out:
    free(ids);
    intake_subscriptions_free(subs, nsubs);
    return st;
}

kc_status intake_service_apply(kc_db_conn *conn, const char *source, const char *base_url,
                               const char *tenant_id, const kc_consumer_event *ev, kc_problem *pb)
{
    event_message m = {0};
    intake_message_in in;
    long long seq = 0;
    kc_status st;

    if (tenant_id == NULL || !kc_is_uuid(tenant_id) || ev->id == NULL || !kc_is_uuid(ev->id) ||
        ev->type == NULL || ev->type[0] == '\0') {
        kc_log(KC_LOG_WARN, NULL, "intake: skipped an event of %s without a UUID id or tenant",
               source);
        return KC_OK;
    }
    st = event_map_message(source, base_url, ev, &m, pb);
    if (st != KC_OK)
        goto out;
    in.id = ev->id;
    in.tenant_id = tenant_id;
    in.source = source;
    in.event_type = ev->type;
    in.kanaal = m.kanaal;
    in.order_key = m.hoofd_object;
    in.body = m.body;
    st = intake_repo_message_add(conn, &in, &seq, pb);
    if (st == KC_OK && seq > 0) /* 0: seen before, its deliveries were made then */
        st = fan_out(conn, tenant_id, seq, &m, pb);
out:
    event_message_clear(&m);
    return st;
}

kc_status intake_service_pull(kc_db_pool *pool, const kc_principal *p, long long after, int limit,
                              const char *kanaal, json_t **items, int *more, long long *last,
                              kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    intake_pulled *rows = NULL;
    json_t *list = NULL, *msg;
    json_error_t jerr;
    size_t n = 0, i;
    int bad = 0;
    kc_status st = KC_OK;

    *items = NULL;
    *more = 0;
    *last = after;
    if (after < 0) {
        kc_problem_add_field(pb, "after", "must be a sequence number, 0 or more");
        bad = 1;
    }
    if (limit < 1 || limit > INTAKE_PULL_LIMIT_MAX) {
        kc_problem_add_field(pb, "limit", "must be an integer in 1..1000");
        bad = 1;
    }
    if (kanaal != NULL && !event_map_is_kanaal(kanaal)) {
        kc_problem_add_field(pb, "kanaal", "is not a kanaal");
        bad = 1;
    }
    if (bad)
        return kc_problem_set(pb, KC_BAD_REQUEST, "invalid query parameters");

    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = intake_repo_pull(conn, p->tenant_id, after, limit, kanaal, &rows, &n, more, pb);
    kc_db_release(pool, conn);
    if (st != KC_OK)
        goto out;
    list = json_array();
    for (i = 0; list != NULL && i < n; i++) {
        msg = json_loads(rows[i].body, 0, &jerr);
        if (msg == NULL ||
            json_array_append_new(list, json_pack("{s:I, s:s, s:o}", "seq", (json_int_t)rows[i].seq,
                                                  "id", rows[i].id, "message", msg)) != 0)
            break;
    }
    if (list == NULL || i < n) {
        st = kc_problem_set(pb, KC_INTERNAL, "pull: a stored message is unreadable");
        goto out;
    }
    if (n > 0)
        *last = rows[n - 1].seq;
    *items = list;
    list = NULL;
out:
    json_decref(list);
    intake_pulled_free(rows, n);
    return st;
}
