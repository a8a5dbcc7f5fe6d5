#include "citizens/citizen_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

kc_status citizen_repo_mapping_step_ok(kc_db_conn *conn, const char *tenant_id, const char *id,
                                       int has_process, const char *process_id, int has_step,
                                       const char *step_id, int *ok, kc_problem *pb)
{
    static const char sql[] =
        "WITH cur AS (\n"
        "    SELECT process_id, step_id\n"
        "      FROM processes.category_mappings\n"
        "     WHERE tenant_id = $1\n"
        "       AND id = $2::uuid\n"
        "), v AS (\n"
        "    SELECT CASE WHEN $3::boolean THEN $4::uuid ELSE (SELECT process_id FROM cur) END AS process_id,\n"
        "           CASE WHEN $5::boolean THEN $6::uuid ELSE (SELECT step_id FROM cur) END AS step_id)\n"
        "SELECT v.step_id IS NULL\n"
        "       OR EXISTS (SELECT 1\n"
        "                    FROM processes.flow_steps s\n"
        "                    JOIN processes.flow_versions fv ON fv.id = s.flow_version_id\n"
        "                   WHERE s.tenant_id = $1\n"
        "                     AND s.id = v.step_id\n"
        "                     AND fv.tenant_id = $1\n"
        "                     AND fv.process_id = v.process_id)\n"
        "  FROM v";
    kc_params p;
    PGresult *res = NULL;
    kc_status st;

    *ok = 0;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, id);
    kc_params_bool(&p, has_process);
    kc_params_text(&p, has_process ? process_id : NULL);
    kc_params_bool(&p, has_step);
    kc_params_text(&p, has_step ? step_id : NULL);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_db_exec(conn, "processes_mapping_step_ok", sql, kc_params_count(&p),
                        kc_params_values(&p), &res, pb);
    if (st == KC_OK && PQntuples(res) == 1)
        *ok = kc_pg_bool(res, 0, 0);
    PQclear(res);
    kc_params_free(&p);
    return st;
}

kc_status citizen_repo_apply_fact(kc_db_conn *conn, const char *tenant_id, const citizen_fact *f,
                                  kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO processes.citizen_cases AS c\n"
        "       (tenant_id, case_id, category_id, received_at, resolved_at, closed_at,\n"
        "        resolution_due, sla_breached, reopen_count, rating, equal_party, feedback_round,\n"
        "        root_cause_process_id, root_cause_step_id)\n"
        "VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $6::timestamptz,\n"
        "        $7::timestamptz, $8::boolean, greatest($9::integer, 0), $10::smallint,\n"
        "        $11::boolean, $12::integer, $13::uuid, $14::uuid)\n"
        "    ON CONFLICT (tenant_id, case_id) DO UPDATE\n"
        "   SET category_id = excluded.category_id,\n"
        "       received_at = coalesce(excluded.received_at, c.received_at),\n"
        "       resolved_at = CASE WHEN $15::boolean THEN excluded.resolved_at ELSE c.resolved_at END,\n"
        "       closed_at = CASE WHEN $16::boolean THEN excluded.closed_at ELSE c.closed_at END,\n"
        "       resolution_due = coalesce(excluded.resolution_due, c.resolution_due),\n"
        "       sla_breached = c.sla_breached OR excluded.sla_breached,\n"
        "       reopen_count = greatest(c.reopen_count, $9::integer),\n"
        "       rating = CASE WHEN excluded.rating IS NOT NULL\n"
        "                      AND excluded.feedback_round >= coalesce(c.feedback_round, -1)\n"
        "                     THEN excluded.rating ELSE c.rating END,\n"
        "       equal_party = CASE WHEN excluded.rating IS NOT NULL\n"
        "                           AND excluded.feedback_round >= coalesce(c.feedback_round, -1)\n"
        "                          THEN excluded.equal_party ELSE c.equal_party END,\n"
        "       feedback_round = CASE WHEN excluded.rating IS NOT NULL\n"
        "                              AND excluded.feedback_round >= coalesce(c.feedback_round, -1)\n"
        "                             THEN excluded.feedback_round ELSE c.feedback_round END,\n"
        "       root_cause_process_id = CASE WHEN $17::boolean THEN excluded.root_cause_process_id\n"
        "                                    WHEN $15::boolean AND $5::timestamptz IS NULL THEN NULL\n"
        "                                    ELSE c.root_cause_process_id END,\n"
        "       root_cause_step_id = CASE WHEN $17::boolean THEN excluded.root_cause_step_id\n"
        "                                 WHEN $15::boolean AND $5::timestamptz IS NULL THEN NULL\n"
        "                                 ELSE c.root_cause_step_id END,\n"
        "       updated_at = now()";
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, f->case_id);
    kc_params_text(&p, f->category_id);
    kc_params_text(&p, f->received_at);
    kc_params_text(&p, f->set_resolved ? f->resolved_at : NULL);
    kc_params_text(&p, f->set_closed ? f->closed_at : NULL);
    kc_params_text(&p, f->resolution_due);
    kc_params_bool(&p, f->breached);
    kc_params_int(&p, f->reopen_count);
    if (f->rating > 0) {
        kc_params_int(&p, f->rating);
        kc_params_bool(&p, f->equal_party);
        kc_params_int(&p, f->feedback_round);
    } else {
        kc_params_null(&p);
        kc_params_null(&p);
        kc_params_null(&p);
    }
    kc_params_text(&p, f->has_root_cause ? f->root_process_id : NULL);
    kc_params_text(&p, f->has_root_cause ? f->root_step_id : NULL);
    kc_params_bool(&p, f->set_resolved);
    kc_params_bool(&p, f->set_closed);
    kc_params_bool(&p, f->has_root_cause);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_db_exec(conn, "processes_citizen_fact", sql, kc_params_count(&p),
                        kc_params_values(&p), NULL, pb);
    kc_params_free(&p);
    return st;
}

kc_status citizen_repo_root_target(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                   const char *step_id, int *process_known, int *step_known,
                                   kc_problem *pb)
{
    static const char sql[] =
        "SELECT EXISTS (SELECT 1\n"
        "                 FROM processes.processes p\n"
        "                WHERE p.tenant_id = $1\n"
        "                  AND p.id = $2::uuid),\n"
        "       EXISTS (SELECT 1\n"
        "                 FROM processes.flow_steps s\n"
        "                 JOIN processes.flow_versions fv ON fv.id = s.flow_version_id\n"
        "                WHERE s.tenant_id = $1\n"
        "                  AND fv.tenant_id = $1\n"
        "                  AND fv.process_id = $2::uuid\n"
        "                  AND s.id = $3::uuid)";
    const char *params[3] = {tenant_id, process_id, step_id};
    PGresult *res = NULL;
    kc_status st;

    *process_known = *step_known = 0;
    st = kc_db_exec(conn, "processes_citizen_root_target", sql, 3, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 1) {
        *process_known = kc_pg_bool(res, 0, 0);
        *step_known = kc_pg_bool(res, 0, 1);
    }
    PQclear(res);
    return st;
}

/* A new proposal: its id and its score as the table's trigger set it. */
typedef struct proposal_row {
    char id[37];
    double score;
} proposal_row;

static void proposal_from_row(const PGresult *r, int row, void *out)
{
    proposal_row *p = out;

    kc_pg_copy(r, row, 0, p->id, sizeof(p->id));
    p->score = strtod(PQgetvalue(r, row, 1), NULL);
}

kc_status citizen_repo_propose(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                               const char *step_id, const char *case_id, double days_over,
                               char *new_id, double *new_score, int *counted, kc_problem *pb)
{
    static const char find_sql[] = "SELECT id\n"
                                   "  FROM processes.bottlenecks\n"
                                   " WHERE tenant_id = $1\n"
                                   "   AND process_id = $2::uuid\n"
                                   "   AND step_id IS NOT DISTINCT FROM $3::uuid\n"
                                   "   AND source = 'citizens_cases'\n"
                                   "   AND status IN ('proposed', 'open')\n"
                                   " ORDER BY created_at, id\n"
                                   " LIMIT 1\n"
                                   "   FOR UPDATE";
    static const char insert_sql[] =
        "INSERT INTO processes.bottlenecks\n"
        "       (id, tenant_id, process_id, step_id, description, source, impact, effort, status)\n"
        "VALUES (gen_random_uuid(), $1, $2::uuid, $3::uuid, 'Raised from citizens'' cases',\n"
        "        'citizens_cases', 3, 3, 'proposed')\n"
        "RETURNING id, score";
    static const char count_sql[] =
        "WITH r AS (\n"
        "    INSERT INTO processes.citizen_root_causes (bottleneck_id, case_id, tenant_id, days_over)\n"
        "    VALUES ($2::uuid, $3::uuid, $1, $4::numeric)\n"
        "        ON CONFLICT (bottleneck_id, case_id) DO NOTHING\n"
        "    RETURNING days_over)\n"
        "UPDATE processes.bottlenecks b\n"
        "   SET case_count = b.case_count + 1,\n"
        "       case_days_over = b.case_days_over + r.days_over,\n"
        "       description = CASE WHEN b.status <> 'proposed' THEN b.description\n"
        "                          WHEN b.case_count = 0 THEN 'Raised from 1 citizen''s case'\n"
        "                          ELSE 'Raised from ' || (b.case_count + 1) || ' citizens'' cases'\n"
        "                     END,\n"
        "       version = b.version + 1,\n"
        "       updated_at = now()\n"
        "  FROM r\n"
        " WHERE b.tenant_id = $1\n"
        "   AND b.id = $2::uuid";
    const char *find_params[3] = {tenant_id, process_id, step_id};
    char id[37] = "", days[32];
    const char *count_params[4] = {tenant_id, id, case_id, days};
    proposal_row made = {0};
    PGresult *res = NULL;
    kc_status st;

    new_id[0] = '\0';
    *new_score = 0;
    *counted = 0;
    snprintf(days, sizeof(days), "%.2f", days_over < 0 ? 0.0 : days_over);
    st = kc_db_exec(conn, "processes_citizen_find_proposal", find_sql, 3, find_params, &res, pb);
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) == 1) {
        kc_pg_copy(res, 0, 0, id, sizeof(id));
    } else {
        st = kc_pg_one(conn, "processes_citizen_new_proposal", insert_sql, 3, find_params,
                       proposal_from_row, &made, pb, "no proposal was made");
        if (st != KC_OK)
            goto out;
        memcpy(id, made.id, sizeof(id));
        memcpy(new_id, id, sizeof(id));
        *new_score = made.score;
    }
    PQclear(res);
    res = NULL;
    st = kc_db_exec(conn, "processes_citizen_count_case", count_sql, 4, count_params, &res, pb);
    if (st == KC_OK)
        *counted = strcmp(PQcmdTuples(res), "1") == 0;
out:
    PQclear(res);
    return st;
}

/* The figures of a set of closed cases "c" as one JSON object. */
#define CITIZEN_FIGURES                                                                                         \
    "json_build_object(\n"                                                                                      \
    "           'cases', count(*),\n"                                                                           \
    "           'leadTimeDays', json_build_object(\n"                                                           \
    "               'median', round((percentile_cont(0.5) WITHIN GROUP (ORDER BY c.lead_days))::numeric, 2),\n" \
    "               'p90', round((percentile_cont(0.9) WITHIN GROUP (ORDER BY c.lead_days))::numeric, 2)),\n"   \
    "           'slaBreaches', count(*) FILTER (WHERE c.sla_breached),\n"                                       \
    "           'reopenShare', round(avg((c.reopen_count > 0)::integer), 3),\n"                                 \
    "           'satisfaction', json_build_object(\n"                                                           \
    "               'mean', round(avg(c.rating), 2),\n"                                                         \
    "               'count', count(c.rating)),\n"                                                               \
    "           'equalPartyShare', round(avg(c.equal_party::integer), 3))"

static void json_from_row(const PGresult *r, int row, void *out)
{
    *(json_t **)out = kc_pg_json(r, row, 0);
}

kc_status citizen_repo_figures(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                               const char *from, const char *to, int by_month, json_t **out,
                               kc_problem *pb)
{
    /* clang-format off */
    static const char sql[] =
        "WITH today AS (\n"
        "    SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date AS d\n"
        "), b AS (\n"
        "    SELECT coalesce($3::date, (coalesce($4::date, today.d) - interval '1 year')::date + 1) AS from_day,\n"
        "           coalesce($4::date, today.d) AS to_day\n"
        "      FROM today\n"
        "), cats AS (\n"
        "    SELECT m.category_id\n"
        "      FROM processes.category_mappings m\n"
        "     WHERE m.tenant_id = $1\n"
        "       AND m.process_id = $2::uuid\n"
        "), c AS (\n"
        "    SELECT f.closed_at, f.lead_days, f.sla_breached, f.reopen_count, f.rating, f.equal_party\n"
        "      FROM b\n"
        "     CROSS JOIN cats\n"
        "      JOIN processes.citizen_cases f ON f.tenant_id = $1 AND f.category_id = cats.category_id\n"
        "     WHERE f.closed_at IS NOT NULL\n"
        "       AND f.closed_at >= b.from_day::timestamp AT TIME ZONE 'Europe/Amsterdam'\n"
        "       AND f.closed_at < (b.to_day + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'\n"
        "), total AS (\n"
        "    SELECT " CITIZEN_FIGURES " AS figures\n"
        "      FROM c\n"
        "), months AS (\n"
        "    SELECT to_char(date_trunc('month', c.closed_at AT TIME ZONE 'Europe/Amsterdam'), 'YYYY-MM') AS month, " CITIZEN_FIGURES " AS figures\n"
        "      FROM c\n"
        "     WHERE $5::boolean\n"
        "     GROUP BY 1)\n"
        "SELECT (json_build_object(\n"
        "            'processId', p.id,\n"
        "            'from', b.from_day::text,\n"
        "            'to', b.to_day::text,\n"
        "            'categoryIds', (SELECT coalesce(json_agg(cats.category_id ORDER BY cats.category_id), '[]') FROM cats))::jsonb\n"
        "        || (SELECT figures FROM total)::jsonb\n"
        "        || CASE WHEN $5::boolean\n"
        "                THEN jsonb_build_object('months', (SELECT coalesce(jsonb_agg(jsonb_build_object('month', months.month)\n"
        "                                                                             || months.figures::jsonb\n"
        "                                                                             ORDER BY months.month), '[]')\n"
        "                                                    FROM months))\n"
        "                ELSE '{}'::jsonb END)::text\n"
        "  FROM processes.processes p, b\n"
        " WHERE p.tenant_id = $1\n"
        "   AND p.id = $2::uuid";
    /* clang-format on */
    kc_params p;
    kc_status st;

    *out = NULL;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, process_id);
    kc_params_text(&p, from);
    kc_params_text(&p, to);
    kc_params_bool(&p, by_month);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one(conn, "processes_citizen_figures", sql, kc_params_count(&p),
                       kc_params_values(&p), json_from_row, out, pb, "process %s not found",
                       process_id);
    if (st == KC_OK && *out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "citizens' figures: unreadable answer");
    kc_params_free(&p);
    return st;
}

kc_status citizen_repo_root_causes(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                   int limit, json_t **items, kc_problem *pb)
{
    static const char sql[] =
        "SELECT (SELECT coalesce(json_agg(json_build_object(\n"
        "                   'id', x.id,\n"
        "                   'processId', x.process_id,\n"
        "                   'stepId', x.step_id,\n"
        "                   'status', x.status,\n"
        "                   'description', x.description,\n"
        "                   'impact', x.impact,\n"
        "                   'effort', x.effort,\n"
        "                   'caseCount', x.case_count,\n"
        "                   'caseDaysOver', x.case_days_over,\n"
        "                   'caseWeight', x.rank,\n"
        "                   'caseIds', x.case_ids,\n"
        "                   'createdAt', to_char(x.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))\n"
        "                 ORDER BY x.rank DESC, x.case_count DESC, x.created_at, x.id), '[]')\n"
        "          FROM (SELECT b.id, b.process_id, b.step_id, b.status, b.description, b.impact,\n"
        "                       b.effort, b.case_count, b.case_days_over, b.created_at,\n"
        "                       b.case_count * b.case_days_over AS rank,\n"
        "                       ARRAY(SELECT r.case_id\n"
        "                               FROM processes.citizen_root_causes r\n"
        "                              WHERE r.bottleneck_id = b.id\n"
        "                              ORDER BY r.created_at, r.case_id\n"
        "                              LIMIT 100) AS case_ids\n"
        "                  FROM processes.bottlenecks b\n"
        "                 WHERE b.tenant_id = $1\n"
        "                   AND b.process_id = p.id\n"
        "                   AND b.source = 'citizens_cases'\n"
        "                   AND b.status IN ('proposed', 'open')\n"
        "                 ORDER BY b.case_count * b.case_days_over DESC, b.case_count DESC,\n"
        "                          b.created_at, b.id\n"
        "                 LIMIT $3::integer) x)::text\n"
        "  FROM processes.processes p\n"
        " WHERE p.tenant_id = $1\n"
        "   AND p.id = $2::uuid";
    kc_params p;
    kc_status st;

    *items = NULL;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, process_id);
    kc_params_int(&p, limit);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one(conn, "processes_citizen_root_causes", sql, kc_params_count(&p),
                       kc_params_values(&p), json_from_row, items, pb, "process %s not found",
                       process_id);
    if (st == KC_OK && *items == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "root causes: unreadable answer");
    kc_params_free(&p);
    return st;
}
