#include "dispatch/dispatch_repo.h"

#include <stdlib.h>
#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

void dispatch_claims_free(dispatch_claim *claims, size_t n)
{
    size_t i;

    if (claims == NULL)
        return;
    for (i = 0; i < n; i++)
        free(claims[i].body);
    free(claims);
}

static void claim_from_row(const PGresult *r, int row, void *item)
{
    dispatch_claim *c = item;

    kc_pg_copy(r, row, 0, c->id, sizeof(c->id));
    kc_pg_copy(r, row, 1, c->tenant_id, sizeof(c->tenant_id));
    kc_pg_copy(r, row, 2, c->subscription_id, sizeof(c->subscription_id));
    kc_pg_copy(r, row, 3, c->message_id, sizeof(c->message_id));
    /* the raw text, not kc_pg_copy's RFC 3339 form: it is compared back
     * to the column exactly */
    snprintf(c->lease_until, sizeof(c->lease_until), "%s", PQgetvalue(r, row, 4));
    c->attempts = kc_pg_int(r, row, 5);
    c->body = kc_pg_strdup(r, row, 6);
}

/* The candidates are locked with their subscription's row (FOR NO KEY
 * UPDATE: the intake's inserts of deliveries only take KEY SHARE), so
 * claimers of one subscription take turns and the in-flight count each
 * sees holds; a claimer skips what another holds. Only as many candidates
 * as asked for are locked (a claim holds no row it does not take); within
 * one claim a subscription's candidates are ranked by message_seq and only
 * those within the bound are leased. */
kc_status dispatch_repo_claim(kc_db_conn *conn, const char *leased_by, int lease_s,
                              int max_in_flight, int limit, dispatch_claim **claims, size_t *n,
                              kc_problem *pb)
{
    static const char sql[] =
        "WITH candidates AS (\n"
        "    SELECT d.id, d.subscription_id, d.message_seq, d.next_attempt_at\n"
        "      FROM notifications.deliveries d\n"
        "      JOIN notifications.subscriptions s ON s.id = d.subscription_id\n"
        "     WHERE d.state IN ('pending', 'retrying')\n"
        "       AND d.next_attempt_at <= now()\n"
        "       AND (d.lease_until IS NULL OR d.lease_until < now())\n"
        "       AND s.status = 'active'\n"
        "       AND (SELECT count(*)\n"
        "              FROM notifications.deliveries f\n"
        "             WHERE f.subscription_id = d.subscription_id\n"
        "               AND f.state IN ('pending', 'retrying')\n"
        "               AND f.lease_until >= now()) < $3::integer\n"
        "       AND NOT EXISTS (SELECT 1\n"
        "                         FROM notifications.deliveries e\n"
        "                        WHERE e.subscription_id = d.subscription_id\n"
        "                          AND e.order_key = d.order_key\n"
        "                          AND e.state IN ('pending', 'retrying')\n"
        "                          AND e.message_seq < d.message_seq)\n"
        "     ORDER BY d.next_attempt_at\n"
        "     LIMIT $4::integer\n"
        "       FOR UPDATE OF d SKIP LOCKED\n"
        "       FOR NO KEY UPDATE OF s SKIP LOCKED),\n"
        "ranked AS (\n"
        "    SELECT c.id, c.next_attempt_at, c.message_seq,\n"
        "           row_number() OVER (PARTITION BY c.subscription_id\n"
        "                              ORDER BY c.message_seq) AS rank,\n"
        "           (SELECT count(*)\n"
        "              FROM notifications.deliveries f\n"
        "             WHERE f.subscription_id = c.subscription_id\n"
        "               AND f.state IN ('pending', 'retrying')\n"
        "               AND f.lease_until >= now()) AS in_flight\n"
        "      FROM candidates c),\n"
        "chosen AS (\n"
        "    SELECT r.id\n"
        "      FROM ranked r\n"
        "     WHERE r.in_flight + r.rank <= $3::integer)\n"
        "UPDATE notifications.deliveries d\n"
        "   SET lease_until = now() + make_interval(secs => $2::integer),\n"
        "       leased_by = $1\n"
        "  FROM notifications.messages m\n"
        " WHERE d.id IN (SELECT id FROM chosen)\n"
        "   AND m.seq = d.message_seq\n"
        "RETURNING d.id, d.tenant_id, d.subscription_id, m.id, d.lease_until::text, d.attempts,\n"
        "          m.body";
    kc_params p;
    kc_status st;

    *claims = NULL;
    *n = 0;
    kc_params_init(&p);
    kc_params_text(&p, leased_by);
    kc_params_int(&p, lease_s);
    kc_params_int(&p, max_in_flight);
    kc_params_int(&p, limit);
    st = kc_pg_rows(conn, "notifications_dispatch_claim", sql, kc_params_count(&p),
                    kc_params_values(&p), -1, sizeof(dispatch_claim), claim_from_row,
                    (void **)claims, n, NULL, pb);
    kc_params_free(&p);
    return st;
}

kc_status dispatch_repo_finish(kc_db_conn *conn, const dispatch_claim *c, const char *leased_by,
                               const dispatch_result *r, kc_problem *pb)
{
    static const char update[] =
        "UPDATE notifications.deliveries\n"
        "   SET state = $4,\n"
        "       attempts = attempts + 1,\n"
        "       next_attempt_at = CASE WHEN $4 = 'retrying'\n"
        "                              THEN now() + $5::bigint * interval '1 millisecond'\n"
        "                              ELSE next_attempt_at END,\n"
        "       lease_until = NULL,\n"
        "       leased_by = NULL,\n"
        "       last_status = $6::integer,\n"
        "       last_error = $7,\n"
        "       finished_at = CASE WHEN $4 = 'retrying' THEN NULL ELSE now() END\n"
        " WHERE tenant_id = $1\n"
        "   AND id = $2\n"
        "   AND leased_by = $3\n"
        "   AND lease_until = $8::timestamptz\n"
        "   AND state IN ('pending', 'retrying')\n"
        "RETURNING attempts";
    static const char attempt[] =
        "INSERT INTO notifications.delivery_attempts\n"
        "       (tenant_id, delivery_id, number, started_at, duration_ms, status_code, error)\n"
        "VALUES ($1, $2, $3::integer, $4::timestamptz, $5::integer, $6::integer, $7)";
    kc_params p;
    int number = 0;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, c->tenant_id);
    kc_params_text(&p, c->id);
    kc_params_text(&p, leased_by);
    kc_params_text(&p, r->state);
    kc_params_int(&p, r->delay_ms);
    if (r->status_code > 0)
        kc_params_int(&p, r->status_code);
    else
        kc_params_null(&p);
    kc_params_text(&p, r->status_code > 0 ? NULL : r->error);
    kc_params_text(&p, c->lease_until);
    st = kc_pg_one_int(conn, "notifications_dispatch_finish", update, &p, &number, pb);
    if (st == KC_NOT_FOUND)
        kc_problem_set(pb, KC_NOT_FOUND, "delivery %s is no longer leased here", c->id);
    if (st != KC_OK)
        return st;
    kc_params_init(&p);
    kc_params_text(&p, c->tenant_id);
    kc_params_text(&p, c->id);
    kc_params_int(&p, number);
    kc_params_text(&p, r->started_at);
    kc_params_int(&p, r->duration_ms);
    if (r->status_code > 0)
        kc_params_int(&p, r->status_code);
    else
        kc_params_null(&p);
    kc_params_text(&p, r->status_code > 0 ? NULL : r->error);
    return kc_pg_exec_params(conn, "notifications_dispatch_attempt", attempt, &p, pb);
}

kc_status dispatch_repo_release(kc_db_conn *conn, const dispatch_claim *c, const char *leased_by,
                                kc_problem *pb)
{
    static const char sql[] = "UPDATE notifications.deliveries\n"
                              "   SET lease_until = NULL,\n"
                              "       leased_by = NULL\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2\n"
                              "   AND leased_by = $3\n"
                              "   AND lease_until = $4::timestamptz";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, c->tenant_id);
    kc_params_text(&p, c->id);
    kc_params_text(&p, leased_by);
    kc_params_text(&p, c->lease_until);
    return kc_pg_exec_params(conn, "notifications_dispatch_release", sql, &p, pb);
}

kc_status dispatch_repo_recovered(kc_db_conn *conn, const char *tenant_id,
                                  const char *subscription_id, int *recovered, kc_problem *pb)
{
    static const char sql[] = "WITH cleared AS (\n"
                              "    UPDATE notifications.subscriptions\n"
                              "       SET failing_since = NULL\n"
                              "     WHERE tenant_id = $1\n"
                              "       AND id = $2\n"
                              "       AND failing_since IS NOT NULL\n"
                              "    RETURNING id)\n"
                              "SELECT count(*)::integer FROM cleared";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, subscription_id);
    return kc_pg_one_int(conn, "notifications_dispatch_recovered", sql, &p, recovered, pb);
}

kc_status dispatch_repo_gone(kc_db_conn *conn, const char *tenant_id, const char *subscription_id,
                             int *disabled, int *cancelled, kc_problem *pb)
{
    static const char disable[] = "WITH gone AS (\n"
                                  "    UPDATE notifications.subscriptions\n"
                                  "       SET status = 'disabled',\n"
                                  "           disabled_reason = 'gone',\n"
                                  "           version = version + 1,\n"
                                  "           updated_at = now()\n"
                                  "     WHERE tenant_id = $1\n"
                                  "       AND id = $2\n"
                                  "       AND status = 'active'\n"
                                  "    RETURNING id)\n"
                                  "SELECT count(*)::integer FROM gone";
    static const char cancel[] = "WITH cancelled AS (\n"
                                 "    UPDATE notifications.deliveries\n"
                                 "       SET state = 'cancelled',\n"
                                 "           lease_until = NULL,\n"
                                 "           leased_by = NULL,\n"
                                 "           finished_at = now()\n"
                                 "     WHERE tenant_id = $1\n"
                                 "       AND subscription_id = $2\n"
                                 "       AND state IN ('pending', 'retrying')\n"
                                 "    RETURNING id)\n"
                                 "SELECT count(*)::integer FROM cancelled";
    kc_params p;
    kc_status st;

    *cancelled = 0;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, subscription_id);
    st = kc_pg_one_int(conn, "notifications_dispatch_gone", disable, &p, disabled, pb);
    if (st != KC_OK)
        return st;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, subscription_id);
    return kc_pg_one_int(conn, "notifications_dispatch_gone_cancel", cancel, &p, cancelled, pb);
}

void dispatch_alert_clear(dispatch_alert *a)
{
    if (a == NULL)
        return;
    free(a->callback_url);
    free(a->alert_email);
    memset(a, 0, sizeof(*a));
}

static void alert_from_row(const PGresult *r, int row, void *out)
{
    dispatch_alert *a = out;

    kc_pg_copy(r, row, 0, a->failing_since, sizeof(a->failing_since));
    a->failed_deliveries = kc_pg_int(r, row, 1);
    a->callback_url = kc_pg_strdup(r, row, 2);
    a->alert_email = kc_pg_strdup(r, row, 3);
}

kc_status dispatch_repo_failing(kc_db_conn *conn, const char *tenant_id,
                                const char *subscription_id, int every_s, int *alert,
                                dispatch_alert *a, kc_problem *pb)
{
    static const char mark[] = "UPDATE notifications.subscriptions\n"
                               "   SET failing_since = now()\n"
                               " WHERE tenant_id = $1\n"
                               "   AND id = $2\n"
                               "   AND failing_since IS NULL";
    /* the gate: a conditional UPDATE, so of two replicas failing the same
     * subscription at once only the one whose UPDATE finds the row still
     * due gets it back */
    static const char gate[] =
        "UPDATE notifications.subscriptions s\n"
        "   SET last_alert_at = now()\n"
        " WHERE s.tenant_id = $1\n"
        "   AND s.id = $2\n"
        "   AND (s.last_alert_at IS NULL\n"
        "        OR s.last_alert_at <= now() - make_interval(secs => $3::integer))\n"
        "RETURNING s.failing_since,\n"
        "          (SELECT count(*)::integer\n"
        "             FROM notifications.deliveries d\n"
        "            WHERE d.subscription_id = s.id\n"
        "              AND d.state = 'failed'\n"
        "              AND d.finished_at >= s.failing_since),\n"
        "          s.callback_url,\n"
        "          (SELECT t.alert_email\n"
        "             FROM notifications.settings t\n"
        "            WHERE t.tenant_id = s.tenant_id)";
    kc_params p;
    kc_status st;

    *alert = 0;
    memset(a, 0, sizeof(*a));
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, subscription_id);
    st = kc_pg_exec_params(conn, "notifications_dispatch_failing", mark, &p, pb);
    if (st != KC_OK)
        return st;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, subscription_id);
    kc_params_int(&p, every_s);
    st = kc_pg_one(conn, "notifications_dispatch_alert_gate", gate, kc_params_count(&p),
                   kc_params_values(&p), alert_from_row, a, pb, "no alert due");
    kc_params_free(&p);
    if (st == KC_NOT_FOUND) { /* the gate is closed: not a fault */
        kc_problem_clear(pb);
        kc_problem_init(pb);
        return KC_OK;
    }
    if (st == KC_OK)
        *alert = 1;
    return st;
}

kc_status dispatch_repo_purge(kc_db_conn *conn, int keep_days, int batch, int *deleted,
                              kc_problem *pb)
{
    static const char sql[] =
        "WITH old AS (\n"
        "    DELETE FROM notifications.messages\n"
        "     WHERE seq IN (SELECT seq\n"
        "                     FROM notifications.messages\n"
        "                    WHERE created_at < now() - make_interval(days => $1::integer)\n"
        "                    ORDER BY created_at\n"
        "                    LIMIT $2::integer)\n"
        "    RETURNING seq)\n"
        "SELECT count(*)::integer FROM old";
    kc_params p;

    kc_params_init(&p);
    kc_params_int(&p, keep_days);
    kc_params_int(&p, batch);
    return kc_pg_one_int(conn, "notifications_dispatch_purge", sql, &p, deleted, pb);
}

kc_status dispatch_repo_failing_count(kc_db_conn *conn, int *n, kc_problem *pb)
{
    static const char sql[] = "SELECT count(*)::integer\n"
                              "  FROM notifications.subscriptions\n"
                              " WHERE status = 'active'\n"
                              "   AND failing_since IS NOT NULL";
    kc_params p;

    kc_params_init(&p);
    return kc_pg_one_int(conn, "notifications_dispatch_failing_count", sql, &p, n, pb);
}
