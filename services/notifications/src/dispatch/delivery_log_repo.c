#include "dispatch/delivery_log_repo.h"

#include <stdio.h>
#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

/* A delivery's wire JSON (d: the delivery, m: its message). */
#define DELIVERY_DOC                                                                               \
    "json_build_object(\n"                                                                         \
    "           'id', d.id, 'subscriptionId', d.subscription_id, 'messageId', m.id,\n"             \
    "           'messageSeq', d.message_seq, 'kanaal', m.kanaal, 'eventType', m.event_type,\n"     \
    "           'state', d.state, 'attempts', d.attempts,\n"                                       \
    "           'nextAttemptAt', CASE WHEN d.state IN ('pending', 'retrying')\n"                   \
    "                                 THEN to_char(d.next_attempt_at AT TIME ZONE 'UTC',\n"        \
    "                                              'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') END,\n"    \
    "           'lastStatus', d.last_status, 'lastError', d.last_error, 'replay', d.replay,\n"     \
    "           'createdAt', to_char(d.created_at AT TIME ZONE 'UTC',\n"                           \
    "                                'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),\n"                      \
    "           'finishedAt', to_char(d.finished_at AT TIME ZONE 'UTC',\n"                         \
    "                                 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))"
/* A delivery's id, its sort key (created_at) and its wire JSON. */
#define DELIVERY_COLS "d.id, d.created_at::text,\n       " DELIVERY_DOC
enum { COL_ID, COL_KEY, COL_DOC };

static void status_from_row(const PGresult *r, int row, void *out)
{
    kc_pg_copy(r, row, 0, out, 16);
}

kc_status delivery_log_repo_subscription(kc_db_conn *conn, const char *tenant_id,
                                         const char *subscription_id, int lock, char *status,
                                         kc_problem *pb)
{
    static const char plain[] = "SELECT status\n"
                                "  FROM notifications.subscriptions\n"
                                " WHERE tenant_id = $1\n"
                                "   AND id = $2";
    static const char locked[] = "SELECT status\n"
                                 "  FROM notifications.subscriptions\n"
                                 " WHERE tenant_id = $1\n"
                                 "   AND id = $2\n"
                                 "   FOR SHARE";
    const char *params[2] = {tenant_id, subscription_id};

    status[0] = '\0';
    return kc_pg_one(conn, lock ? "notifications_dlog_sub_lock" : "notifications_dlog_sub",
                     lock ? locked : plain, 2, params, status_from_row, status, pb,
                     "subscription %s not found", subscription_id);
}

kc_status delivery_log_repo_list(kc_db_conn *conn, const char *tenant_id,
                                 const char *subscription_id, const delivery_log_filter *f,
                                 const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                 kc_problem *pb)
{
    static const char sql[] =
        "SELECT " DELIVERY_COLS "::text\n"
        "  FROM notifications.deliveries d\n"
        "  JOIN notifications.messages m ON m.seq = d.message_seq\n"
        " WHERE d.tenant_id = $1\n"
        "   AND d.subscription_id = $2\n"
        "   AND ($3::text IS NULL OR d.state = $3)\n"
        "   AND ($4::timestamptz IS NULL OR d.created_at >= $4::timestamptz)\n"
        "   AND ($5::timestamptz IS NULL OR d.created_at < $5::timestamptz)\n"
        "   AND ($6::timestamptz IS NULL OR (d.created_at, d.id) > ($6::timestamptz, $7::uuid))\n"
        " ORDER BY d.created_at, d.id\n"
        " LIMIT $8";
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, subscription_id);
    kc_params_text(&p, f->state);
    kc_params_text(&p, f->from);
    kc_params_text(&p, f->to);
    kc_pg_page_params(&p, page);
    st = kc_pg_list_docs(conn, "notifications_dlog_list", sql, kc_params_count(&p),
                         kc_params_values(&p), page, COL_KEY, COL_DOC, items, next, pb);
    kc_params_free(&p);
    return st;
}

kc_status delivery_log_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id,
                                json_t **doc, kc_problem *pb)
{
    static const char sql[] =
        "SELECT d.id, (" DELIVERY_DOC "::jsonb || jsonb_build_object(\n"
        "           'attemptLog', coalesce((\n"
        "               SELECT jsonb_agg(jsonb_build_object(\n"
        "                          'number', a.number,\n"
        "                          'startedAt', to_char(a.started_at AT TIME ZONE 'UTC',\n"
        "                                               'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),\n"
        "                          'durationMs', a.duration_ms,\n"
        "                          'statusCode', a.status_code,\n"
        "                          'error', a.error) ORDER BY a.number)\n"
        "                 FROM notifications.delivery_attempts a\n"
        "                WHERE a.tenant_id = d.tenant_id\n"
        "                  AND a.delivery_id = d.id), '[]'::jsonb),\n"
        "           'message', m.body::jsonb))::text\n"
        "  FROM notifications.deliveries d\n"
        "  JOIN notifications.messages m ON m.seq = d.message_seq\n"
        " WHERE d.tenant_id = $1\n"
        "   AND d.id = $2";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one_doc(conn, "notifications_dlog_get", sql, 2, params, 1, doc, pb,
                         "delivery %s not found", id);
}

static void owner_from_row(const PGresult *r, int row, void *out)
{
    kc_pg_copy(r, row, 0, out, 37);
}

kc_status delivery_log_repo_owner(kc_db_conn *conn, const char *tenant_id, const char *id,
                                  char subscription_id[37], kc_problem *pb)
{
    static const char sql[] = "SELECT subscription_id\n"
                              "  FROM notifications.deliveries\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2";
    const char *params[2] = {tenant_id, id};

    subscription_id[0] = '\0';
    return kc_pg_one(conn, "notifications_dlog_owner", sql, 2, params, owner_from_row,
                     subscription_id, pb, "delivery %s not found", id);
}

kc_status delivery_log_repo_resend(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   json_t **doc, kc_problem *pb)
{
    static const char sql[] =
        "WITH d AS (\n"
        "    INSERT INTO notifications.deliveries\n"
        "           (id, tenant_id, subscription_id, message_seq, order_key, replay)\n"
        "    SELECT gen_random_uuid(), o.tenant_id, o.subscription_id, o.message_seq, o.order_key,\n"
        "           true\n"
        "      FROM notifications.deliveries o\n"
        "     WHERE o.tenant_id = $1\n"
        "       AND o.id = $2\n"
        "    RETURNING *)\n"
        "SELECT " DELIVERY_COLS "::text\n"
        "  FROM d\n"
        "  JOIN notifications.messages m ON m.seq = d.message_seq";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one_doc(conn, "notifications_dlog_resend", sql, 2, params, COL_DOC, doc, pb,
                         "delivery %s not found", id);
}

/* The parameters of a replay's range: $1 tenant, $2 subscription, $3 from,
 * $4 to, $5 after_seq, $6 to_seq, $7 state. */
static void replay_params(kc_params *p, const char *tenant_id, const char *subscription_id,
                          const delivery_replay_range *r)
{
    kc_params_init(p);
    kc_params_text(p, tenant_id);
    kc_params_text(p, subscription_id);
    kc_params_text(p, r->from);
    kc_params_text(p, r->to);
    if (r->after_seq >= 0)
        kc_params_int(p, r->after_seq);
    else
        kc_params_null(p);
    if (r->to_seq >= 0)
        kc_params_int(p, r->to_seq);
    else
        kc_params_null(p);
    kc_params_text(p, r->state);
}

/* The messages of a replay: distinct, of the range, with a delivery to
 * the subscription (in the state asked for). */
#define REPLAY_MESSAGES                                                                            \
    "SELECT DISTINCT o.message_seq, o.order_key\n"                                                 \
    "  FROM notifications.deliveries o\n"                                                          \
    "  JOIN notifications.messages m ON m.seq = o.message_seq\n"                                   \
    " WHERE o.tenant_id = $1\n"                                                                    \
    "   AND o.subscription_id = $2\n"                                                              \
    "   AND ($3::timestamptz IS NULL OR m.created_at >= $3::timestamptz)\n"                        \
    "   AND ($4::timestamptz IS NULL OR m.created_at < $4::timestamptz)\n"                         \
    "   AND ($5::bigint IS NULL OR m.seq > $5::bigint)\n"                                          \
    "   AND ($6::bigint IS NULL OR m.seq <= $6::bigint)\n"                                         \
    "   AND ($7::text IS NULL OR o.state = $7)\n"

kc_status delivery_log_repo_replay_count(kc_db_conn *conn, const char *tenant_id,
                                         const char *subscription_id,
                                         const delivery_replay_range *r, int max, int *n,
                                         kc_problem *pb)
{
    static const char sql[] = "SELECT count(*)::integer\n"
                              "  FROM (" REPLAY_MESSAGES "         LIMIT $8::integer) x";
    kc_params p;

    replay_params(&p, tenant_id, subscription_id, r);
    kc_params_int(&p, (long long)max + 1);
    return kc_pg_one_int(conn, "notifications_dlog_replay_count", sql, &p, n, pb);
}

kc_status delivery_log_repo_replay(kc_db_conn *conn, const char *tenant_id,
                                   const char *subscription_id, const delivery_replay_range *r,
                                   int *queued, kc_problem *pb)
{
    static const char sql[] =
        "WITH queued AS (\n"
        "    INSERT INTO notifications.deliveries\n"
        "           (id, tenant_id, subscription_id, message_seq, order_key, replay)\n"
        "    SELECT gen_random_uuid(), $1, $2, x.message_seq, x.order_key, true\n"
        "      FROM (" REPLAY_MESSAGES "           ) x\n"
        "     ORDER BY x.message_seq\n"
        "    RETURNING id)\n"
        "SELECT count(*)::integer FROM queued";
    kc_params p;

    replay_params(&p, tenant_id, subscription_id, r);
    return kc_pg_one_int(conn, "notifications_dlog_replay", sql, &p, queued, pb);
}
