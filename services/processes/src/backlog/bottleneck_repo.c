#include "backlog/bottleneck_repo.h"

#include <stdlib.h>
#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

static void row_from(const PGresult *r, int row, void *out)
{
    bottleneck_row *b = out;

    kc_pg_copy(r, row, 0, b->process_id, sizeof(b->process_id));
    kc_pg_copy(r, row, 1, b->step_id, sizeof(b->step_id));
    kc_pg_copy(r, row, 2, b->session_id, sizeof(b->session_id));
    kc_pg_copy(r, row, 3, b->source, sizeof(b->source));
    kc_pg_copy(r, row, 4, b->status, sizeof(b->status));
    b->impact = kc_pg_int(r, row, 5);
    b->effort = kc_pg_int(r, row, 6);
    b->has_frequency = !PQgetisnull(r, row, 7);
    b->frequency = kc_pg_int(r, row, 7);
    kc_pg_copy(r, row, 8, b->frequency_unit, sizeof(b->frequency_unit));
    b->score_tenths = kc_pg_int(r, row, 9);
    b->version = kc_pg_int(r, row, 10);
}

kc_status bottleneck_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                               bottleneck_row *out, kc_problem *pb)
{
    static const char sql[] = "SELECT process_id, step_id, session_id, source, status,\n"
                              "       impact, effort, frequency, frequency_unit,\n"
                              "       (score * 10)::integer, version\n"
                              "  FROM processes.bottlenecks\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2\n"
                              "   FOR UPDATE";
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "processes_bottleneck_lock", sql, 2, params, row_from, out, pb,
                     "bottleneck %s not found", id);
}

kc_status bottleneck_repo_step_fits(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                    const char *step_id, int *fits, kc_problem *pb)
{
    static const char sql[] = "SELECT EXISTS (\n"
                              "    SELECT 1\n"
                              "      FROM processes.flow_steps s\n"
                              "      JOIN processes.flow_versions v ON v.id = s.flow_version_id\n"
                              "     WHERE s.tenant_id = $1\n"
                              "       AND s.id = $3\n"
                              "       AND v.tenant_id = $1\n"
                              "       AND v.process_id = $2\n"
                              "       AND v.state = 'published')";
    const char *params[3] = {tenant_id, process_id, step_id};
    PGresult *res = NULL;
    kc_status st;

    *fits = 0;
    st = kc_db_exec(conn, "processes_bottleneck_step_fits", sql, 3, params, &res, pb);
    if (st == KC_OK)
        *fits = kc_pg_bool(res, 0, 0);
    PQclear(res);
    return st;
}

kc_status bottleneck_repo_session_kind(kc_db_conn *conn, const char *tenant_id,
                                       const char *session_id, char *kind, size_t n, kc_problem *pb)
{
    static const char sql[] = "SELECT kind\n"
                              "  FROM processes.sessions\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2";
    const char *params[2] = {tenant_id, session_id};
    PGresult *res = NULL;
    kc_status st;

    kind[0] = '\0';
    st = kc_db_exec(conn, "processes_bottleneck_session_kind", sql, 2, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 1)
        kc_pg_copy(res, 0, 0, kind, n);
    PQclear(res);
    return st;
}

static void int_from(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_int(r, row, 0);
}

kc_status bottleneck_repo_score(kc_db_conn *conn, const char *tenant_id, int impact, int effort,
                                long frequency, const char *frequency_unit, int *score_tenths,
                                kc_problem *pb)
{
    static const char sql[] =
        "SELECT (processes.bottleneck_tenant_score($1, $2, $3, $4, $5) * 10)::integer";
    kc_params p;
    kc_status st;

    *score_tenths = 0;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_int(&p, impact);
    kc_params_int(&p, effort);
    if (frequency_unit != NULL)
        kc_params_int(&p, frequency);
    else
        kc_params_null(&p);
    kc_params_text(&p, frequency_unit);
    st = kc_pg_one(conn, "processes_bottleneck_score", sql, kc_params_count(&p),
                   kc_params_values(&p), int_from, score_tenths, pb, "no score");
    kc_params_free(&p);
    return st;
}

kc_status bottleneck_repo_decide(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 const char *status, const char *decision, const char *reason,
                                 int *version, kc_problem *pb)
{
    static const char sql[] = "UPDATE processes.bottlenecks\n"
                              "   SET status = $3,\n"
                              "       decision = $4,\n"
                              "       decision_reason = $5,\n"
                              "       decided_at = now(),\n"
                              "       solved_at = CASE WHEN $3 = 'solved' THEN solved_at END,\n"
                              "       version = version + 1,\n"
                              "       updated_at = now()\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2\n"
                              "RETURNING version";
    const char *params[5] = {tenant_id, id, status, decision, reason};

    return kc_pg_one(conn, "processes_bottleneck_decide", sql, 5, params, int_from, version, pb,
                     "bottleneck %s not found", id);
}

kc_status bottleneck_repo_rescore(kc_db_conn *conn, const char *tenant_id, long *changed,
                                  kc_problem *pb)
{
    static const char lock_sql[] =
        "SELECT pg_advisory_xact_lock(processes.bottleneck_weights_key($1))";
    static const char sql[] =
        "WITH w AS (\n"
        "    SELECT s.weight_impact, s.weight_effort, s.weight_frequency\n"
        "      FROM (SELECT 1) one\n"
        "      LEFT JOIN processes.settings s ON s.tenant_id = $1)\n"
        "UPDATE processes.bottlenecks b\n"
        "   SET score = processes.bottleneck_score(b.impact, b.effort, b.frequency,\n"
        "                                          b.frequency_unit, w.weight_impact,\n"
        "                                          w.weight_effort, w.weight_frequency)\n"
        "  FROM w\n"
        " WHERE b.tenant_id = $1\n"
        "   AND b.score IS DISTINCT FROM processes.bottleneck_score(b.impact, b.effort,\n"
        "           b.frequency, b.frequency_unit, w.weight_impact, w.weight_effort,\n"
        "           w.weight_frequency)";
    const char *params[1] = {tenant_id};
    PGresult *res = NULL;
    kc_status st;

    *changed = 0;
    st = kc_db_exec(conn, "processes_bottleneck_weights_lock", lock_sql, 1, params, &res, pb);
    PQclear(res);
    res = NULL;
    if (st == KC_OK)
        st = kc_db_exec(conn, "processes_bottleneck_rescore", sql, 1, params, &res, pb);
    if (st == KC_OK)
        *changed = strtol(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return st;
}
