#include "events/closed_survey_repo.h"

#include "koers/pg.h"

kc_status closed_survey_repo_upsert(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                    const char *top_values_json, const char *closed_at,
                                    const char *event_id, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO programmes.closed_surveys (tenant_id, survey_id, top_values, closed_at, event_id)\n"
        "VALUES ($1, $2::uuid, $3::jsonb, coalesce($4::timestamptz, now()), $5)\n"
        "    ON CONFLICT (tenant_id, survey_id) DO UPDATE\n"
        "   SET top_values = EXCLUDED.top_values,\n"
        "       closed_at = EXCLUDED.closed_at,\n"
        "       event_id = EXCLUDED.event_id";
    const char *params[5] = {tenant_id, survey_id, top_values_json, closed_at, event_id};

    return kc_db_exec(conn, "programmes_closed_survey_upsert", sql, 5, params, NULL, pb);
}

static void json_from_row(const PGresult *r, int row, void *out)
{
    *(json_t **)out = kc_pg_json(r, row, 0);
}

kc_status closed_survey_repo_candidates(kc_db_conn *conn, const char *tenant_id,
                                        const char *programme_id, json_t **items, kc_problem *pb)
{
    static const char sql[] =
        "SELECT (SELECT coalesce(json_agg(json_build_object(\n"
        "                   'surveyId', x.survey_id,\n"
        "                   'closedAt', to_char(x.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),\n"
        "                   'audience', x.audience,\n"
        "                   'valueId', x.value_id,\n"
        "                   'name', x.name,\n"
        "                   'count', x.cnt)\n"
        "                 ORDER BY x.closed_at, x.survey_id, x.audience, x.rank), '[]')\n"
        "          FROM (SELECT cs.survey_id, cs.closed_at, a.audience, v.rank,\n"
        "                       v.item ->> 'valueId' AS value_id,\n"
        "                       v.item ->> 'name' AS name,\n"
        "                       (v.item ->> 'count')::bigint AS cnt\n"
        "                  FROM programmes.closed_surveys cs\n"
        "                 CROSS JOIN LATERAL jsonb_each(cs.top_values) AS a (audience, vals)\n"
        "                 CROSS JOIN LATERAL jsonb_array_elements(\n"
        "                           CASE WHEN jsonb_typeof(a.vals) = 'array' THEN a.vals ELSE '[]' END)\n"
        "                       WITH ORDINALITY AS v (item, rank)\n"
        "                 WHERE cs.tenant_id = $1\n"
        "                   AND cs.survey_id = ANY (p.survey_ids)) x)::text\n"
        "  FROM programmes.programmes p\n"
        " WHERE p.tenant_id = $1\n"
        "   AND p.id = $2::uuid";
    const char *params[2] = {tenant_id, programme_id};
    kc_status st;

    *items = NULL;
    st = kc_pg_one(conn, "programmes_candidate_values", sql, 2, params, json_from_row, items, pb,
                   "programme %s not found", programme_id);
    if (st == KC_OK && *items == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "candidate values: unreadable answer");
    return st;
}
