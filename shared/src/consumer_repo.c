/* The durable consumer's repository: its cursor and processed-event ids in
 * the consuming service's schema (shared/sql/svc_005_consumer.sql). The
 * schema is checked (kc_db_schema_valid) before it is put in SQL; every
 * value is a parameter. A PGresult never leaves this file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consumer_internal.h"
#include "db_internal.h"
#include "koers/pg.h"

/* The statement name of stmt in schema (SQL text differs per schema);
 * KC_INVALID for a bad schema, which then never reaches SQL. */
static kc_status stmt_name(const char *schema, const char *stmt, char *name, size_t n,
                           kc_problem *pb)
{
    if (!kc_db_schema_valid(schema))
        return kc_problem_set(pb, KC_INVALID, "consumer: bad schema name");
    snprintf(name, n, "kc_consumer_%s_%s", stmt, schema);
    return KC_OK;
}

kc_status kc_consumer_repo_init(kc_db_conn *conn, const char *schema, const char *consumer,
                                const char *source, kc_problem *pb)
{
    char name[96], sql[256];
    const char *params[2] = {consumer, source};
    PGresult *res = NULL;
    kc_status st;

    st = stmt_name(schema, "init", name, sizeof(name), pb);
    if (st != KC_OK)
        goto out;
    snprintf(sql, sizeof(sql),
             "INSERT INTO %s.consumer_cursors (consumer, source)"
             " VALUES ($1, $2)"
             " ON CONFLICT (consumer, source) DO NOTHING",
             schema);
    st = kc_db_exec(conn, name, sql, 2, params, &res, pb);
out:
    PQclear(res);
    return st;
}

kc_status kc_consumer_repo_cursor(kc_db_conn *conn, const char *schema, const char *consumer,
                                  const char *source, int lock, long long *seq, kc_problem *pb)
{
    char name[96], sql[256];
    const char *params[2] = {consumer, source};
    PGresult *res = NULL;
    kc_status st;

    *seq = 0;
    st = stmt_name(schema, lock ? "lock" : "cursor", name, sizeof(name), pb);
    if (st != KC_OK)
        goto out;
    snprintf(sql, sizeof(sql),
             "SELECT seq"
             " FROM %s.consumer_cursors"
             " WHERE consumer = $1 AND source = $2"
             "%s",
             schema, lock ? " FOR UPDATE" : "");
    st = kc_db_exec(conn, name, sql, 2, params, &res, pb);
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) != 1) {
        st = kc_problem_set(pb, KC_NOT_FOUND, "consumer %s: no cursor for source %s", consumer,
                            source);
        goto out;
    }
    *seq = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
out:
    PQclear(res);
    return st;
}

kc_status kc_consumer_repo_claim(kc_db_conn *conn, const char *schema, const char *consumer,
                                 const char *source, const char *event_id, long long seq,
                                 int *fresh, kc_problem *pb)
{
    char name[96], sql[320], seqs[24];
    const char *params[4] = {consumer, source, event_id, seqs};
    PGresult *res = NULL;
    kc_status st;

    *fresh = 0;
    snprintf(seqs, sizeof(seqs), "%lld", seq);
    st = stmt_name(schema, "claim", name, sizeof(name), pb);
    if (st != KC_OK)
        goto out;
    snprintf(sql, sizeof(sql),
             "INSERT INTO %s.consumer_processed (consumer, source, event_id, seq)"
             " VALUES ($1, $2, $3, $4::bigint)"
             " ON CONFLICT (consumer, source, event_id) DO NOTHING",
             schema);
    st = kc_db_exec(conn, name, sql, 4, params, &res, pb);
    if (st != KC_OK)
        goto out;
    *fresh = strcmp(PQcmdTuples(res), "1") == 0;
out:
    PQclear(res);
    return st;
}

kc_status kc_consumer_repo_advance(kc_db_conn *conn, const char *schema, const char *consumer,
                                   const char *source, long long seq, kc_problem *pb)
{
    char name[96], sql[256], seqs[24];
    const char *params[3] = {consumer, source, seqs};
    kc_status st;

    snprintf(seqs, sizeof(seqs), "%lld", seq);
    st = stmt_name(schema, "advance", name, sizeof(name), pb);
    if (st != KC_OK)
        return st;
    snprintf(sql, sizeof(sql),
             "UPDATE %s.consumer_cursors"
             " SET seq = $3::bigint, updated_at = now()"
             " WHERE consumer = $1 AND source = $2 AND seq < $3::bigint",
             schema);
    return kc_db_exec(conn, name, sql, 3, params, NULL, pb);
}

kc_status kc_consumer_repo_prune(kc_db_conn *conn, const char *schema, const char *consumer,
                                 const char *source, int days, kc_problem *pb)
{
    char name[96], sql[512], dayss[16];
    const char *params[3] = {consumer, source, dayss};
    PGresult *res = NULL;
    kc_status st;

    snprintf(dayss, sizeof(dayss), "%d", days);
    st = stmt_name(schema, "prune", name, sizeof(name), pb);
    if (st != KC_OK)
        goto out;
    snprintf(sql, sizeof(sql),
             "DELETE FROM %s.consumer_processed p"
             " USING %s.consumer_cursors c"
             " WHERE p.consumer = $1 AND p.source = $2"
             " AND c.consumer = p.consumer AND c.source = p.source"
             " AND p.seq <= c.seq"
             " AND p.processed_at < now() - make_interval(days => $3::integer)",
             schema, schema);
    st = kc_db_exec(conn, name, sql, 3, params, &res, pb);
out:
    PQclear(res);
    return st;
}
