#include "approach/approach_repo.h"

#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

kc_status approach_repo_copy(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                             const json_t *phases, kc_problem *pb)
{
    static const char sql[] =
        "WITH src AS MATERIALIZED (\n"
        "    SELECT gen_random_uuid() AS id, ph.value AS phase, ph.ordinality::integer AS position\n"
        "      FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY ph),\n"
        "ins AS (\n"
        "    INSERT INTO programmes.phases (id, tenant_id, programme_id, position, name, description)\n"
        "    SELECT src.id, $1::uuid, $2::uuid, src.position, src.phase->>'name',\n"
        "           COALESCE(src.phase->>'description', '')\n"
        "      FROM src)\n"
        "INSERT INTO programmes.steps\n"
        "       (id, tenant_id, programme_id, phase_id, position, name, description, kind,\n"
        "        starts_on, due_on)\n"
        "SELECT gen_random_uuid(), $1::uuid, $2::uuid, src.id, st.ordinality::integer,\n"
        "       st.value->>'name', COALESCE(st.value->>'description', ''),\n"
        "       COALESCE(st.value->>'kind', 'work'), (st.value->>'startsOn')::date,\n"
        "       (st.value->>'dueOn')::date\n"
        "  FROM src\n"
        " CROSS JOIN LATERAL jsonb_array_elements(src.phase->'steps') WITH ORDINALITY st";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, programme_id);
    kc_params_json(&p, phases);
    return kc_pg_exec_params(conn, "programmes_approach_copy", sql, &p, pb);
}

kc_status approach_repo_first_version(kc_db_conn *conn, const char *tenant_id,
                                      const char *programme_id, const char *reason,
                                      const char *created_by, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO programmes.approach_versions\n"
        "       (id, tenant_id, programme_id, number, snapshot, reason, changes, created_by)\n"
        "VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 1,\n"
        "        programmes.approach_snapshot($1::uuid, $2::uuid), $3, '[]', $4)";
    const char *params[4] = {tenant_id, programme_id, reason, created_by};

    return kc_db_exec(conn, "programmes_approach_first_version", sql, 4, params, NULL, pb);
}

static void json_from_row(const PGresult *r, int row, void *out)
{
    *(json_t **)out = kc_pg_json(r, row, 0);
}

/* kc_pg_one of a statement answering one JSON cell into *doc. */
static kc_status one_json(kc_db_conn *conn, const char *stmt, const char *sql, int n,
                          const char *const *params, json_t **doc, kc_problem *pb, const char *what,
                          const char *id)
{
    kc_status st;

    *doc = NULL;
    st = kc_pg_one(conn, stmt, sql, n, params, json_from_row, doc, pb, "%s %s not found", what, id);
    if (st == KC_OK && *doc == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}

kc_status approach_repo_view(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                             json_t **doc, kc_problem *pb)
{
    static const char sql[] = "SELECT v::text\n"
                              "  FROM programmes.approach_view($1, $2) v\n"
                              " WHERE v IS NOT NULL";
    const char *params[2] = {tenant_id, programme_id};

    return one_json(conn, "programmes_approach_view", sql, 2, params, doc, pb, "programme",
                    programme_id);
}

kc_status approach_repo_versions(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                 json_t **items, kc_problem *pb)
{
    static const char sql[] =
        "SELECT COALESCE((SELECT jsonb_agg(jsonb_build_object(\n"
        "                            'number', v.number, 'checkpointId', v.checkpoint_id,\n"
        "                            'reason', v.reason, 'changes', v.changes,\n"
        "                            'createdBy', v.created_by,\n"
        "                            'createdAt', programmes.ts_text(v.created_at))\n"
        "                        ORDER BY v.number)\n"
        "                   FROM programmes.approach_versions v\n"
        "                  WHERE v.tenant_id = p.tenant_id\n"
        "                    AND v.programme_id = p.id), '[]'::jsonb)::text\n"
        "  FROM programmes.programmes p\n"
        " WHERE p.tenant_id = $1\n"
        "   AND p.id = $2";
    const char *params[2] = {tenant_id, programme_id};

    return one_json(conn, "programmes_approach_versions", sql, 2, params, items, pb, "programme",
                    programme_id);
}

kc_status approach_repo_version(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                const char *number, json_t **doc, kc_problem *pb)
{
    static const char sql[] =
        "SELECT jsonb_build_object('number', v.number, 'checkpointId', v.checkpoint_id,\n"
        "                          'reason', v.reason, 'changes', v.changes,\n"
        "                          'createdBy', v.created_by,\n"
        "                          'createdAt', programmes.ts_text(v.created_at),\n"
        "                          'phases', v.snapshot->'phases')::text\n"
        "  FROM programmes.approach_versions v\n"
        " WHERE v.tenant_id = $1\n"
        "   AND v.programme_id = $2\n"
        "   AND v.number = $3::integer";
    const char *params[3] = {tenant_id, programme_id, number};

    return one_json(conn, "programmes_approach_version", sql, 3, params, doc, pb,
                    "approach version", number);
}

static void step_from_row(const PGresult *r, int row, void *out)
{
    step_lock *l = out;

    kc_pg_copy(r, row, 0, l->programme_status, sizeof(l->programme_status));
    kc_pg_copy(r, row, 1, l->status, sizeof(l->status));
    kc_pg_copy(r, row, 2, l->phase_id, sizeof(l->phase_id));
    kc_pg_copy(r, row, 3, l->checkpoint_id, sizeof(l->checkpoint_id));
}

kc_status approach_repo_lock_step(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                  const char *step_id, step_lock *out, kc_problem *pb)
{
    static const char sql[] = "SELECT p.status, s.status, s.phase_id,\n"
                              "       programmes.step_checkpoint(s.tenant_id, s.id)\n"
                              "  FROM programmes.steps s\n"
                              "  JOIN programmes.programmes p ON p.id = s.programme_id\n"
                              " WHERE s.tenant_id = $1\n"
                              "   AND p.tenant_id = $1\n"
                              "   AND s.programme_id = $2\n"
                              "   AND s.id = $3\n"
                              "   FOR UPDATE OF s\n"
                              "   FOR SHARE OF p";
    const char *params[3] = {tenant_id, programme_id, step_id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "programmes_step_lock", sql, 3, params, step_from_row, out, pb,
                     "step %s of programme %s not found", step_id, programme_id);
}

kc_status approach_repo_set_step_status(kc_db_conn *conn, const char *tenant_id,
                                        const char *step_id, const char *status, const char *sub,
                                        json_t **doc, kc_problem *pb)
{
    static const char sql[] =
        "UPDATE programmes.steps s\n"
        "   SET status = $3::text,\n"
        "       started_at = CASE WHEN $3::text = 'active' THEN now() ELSE s.started_at END,\n"
        "       completed_at = CASE WHEN $3::text = 'completed' THEN now() ELSE s.completed_at END,\n"
        "       completed_by = CASE WHEN $3::text = 'completed' THEN $4 ELSE s.completed_by END\n"
        " WHERE s.tenant_id = $1\n"
        "   AND s.id = $2\n"
        "RETURNING (programmes.step_doc(s)\n"
        "           || jsonb_build_object('programmeId', s.programme_id, 'phaseId', s.phase_id))::text";
    const char *params[4] = {tenant_id, step_id, status, sub};

    return one_json(conn, "programmes_step_set_status", sql, 4, params, doc, pb, "step", step_id);
}
