#include "flow/flow_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

static void name_from_row(const PGresult *r, int row, void *out)
{
    *(char **)out = kc_pg_strdup(r, row, 0);
}

kc_status flow_repo_process_name(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                 char **name, kc_problem *pb)
{
    static const char sql[] = "SELECT name\n"
                              "  FROM processes.processes\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2";
    const char *params[2] = {tenant_id, process_id};
    kc_status st;

    *name = NULL;
    st = kc_pg_one(conn, "flow_process_name", sql, 2, params, name_from_row, name, pb,
                   "process %s not found", process_id);
    if (st == KC_OK && *name == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}

/* Columns: id, process_id, published, number, based_on_number, note,
 * published_by, published_at, version, created_at, updated_at, steps */
static void version_from_row(const PGresult *r, int row, void *out)
{
    flow_version *v = out;

    kc_pg_copy(r, row, 0, v->id, sizeof(v->id));
    kc_pg_copy(r, row, 1, v->process_id, sizeof(v->process_id));
    v->published = kc_pg_bool(r, row, 2);
    v->number = kc_pg_int(r, row, 3);
    v->based_on_number = kc_pg_int(r, row, 4);
    v->note = kc_pg_strdup(r, row, 5);
    v->published_by = kc_pg_strdup(r, row, 6);
    kc_pg_copy(r, row, 7, v->published_at, sizeof(v->published_at));
    v->version = kc_pg_int(r, row, 8);
    kc_pg_copy(r, row, 9, v->created_at, sizeof(v->created_at));
    kc_pg_copy(r, row, 10, v->updated_at, sizeof(v->updated_at));
    v->steps_count = kc_pg_int(r, row, 11);
}

static void step_from_row(const PGresult *r, int row, void *item)
{
    flow_step *s = item;

    kc_pg_copy(r, row, 0, s->id, sizeof(s->id));
    kc_pg_copy(r, row, 1, s->step_key, sizeof(s->step_key));
    s->position = kc_pg_int(r, row, 2);
    s->name = kc_pg_strdup(r, row, 3);
    kc_pg_copy(r, row, 4, s->team_id, sizeof(s->team_id));
    s->team_name = kc_pg_strdup(r, row, 5);
    s->role = kc_pg_strdup(r, row, 6);
    s->inputs = kc_pg_json(r, row, 7);
    s->outputs = kc_pg_json(r, row, 8);
    kc_pg_copy(r, row, 9, s->norm_hours, sizeof(s->norm_hours));
}

static kc_status flow_repo_steps(kc_db_conn *conn, const char *tenant_id, flow_version *v,
                                 kc_problem *pb)
{
    static const char sql[] =
        "SELECT s.id, s.step_key, s.position, s.name, s.team_id, t.name, s.role,\n"
        "       array_to_json(s.inputs), array_to_json(s.outputs), s.norm_hours\n"
        "  FROM processes.flow_steps s\n"
        "  LEFT JOIN processes.teams t ON t.tenant_id = s.tenant_id AND t.id = s.team_id\n"
        " WHERE s.tenant_id = $1\n"
        "   AND s.flow_version_id = $2\n"
        " ORDER BY s.position";
    const char *params[2] = {tenant_id, v->id};
    void *items = NULL;
    kc_status st;

    st = kc_pg_rows(conn, "flow_steps_of", sql, 2, params, -1, sizeof(flow_step), step_from_row,
                    &items, &v->nsteps, NULL, pb);
    v->steps = items;
    return st;
}

kc_status flow_repo_get(kc_db_conn *conn, const char *tenant_id, const char *process_id, int which,
                        flow_version *out, kc_problem *pb)
{
    static const char sql[] =
        "SELECT v.id, v.process_id, v.state = 'published', coalesce(v.number, 0),\n"
        "       coalesce(b.number, 0), v.note, v.published_by, v.published_at, v.version,\n"
        "       v.created_at, v.updated_at,\n"
        "       (SELECT count(*) FROM processes.flow_steps s WHERE s.flow_version_id = v.id)\n"
        "  FROM processes.flow_versions v\n"
        "  LEFT JOIN processes.flow_versions b ON b.id = v.based_on_id\n"
        " WHERE v.tenant_id = $1\n"
        "   AND v.process_id = $2\n"
        "   AND CASE WHEN $3::integer < 0 THEN v.state = 'draft'\n"
        "            WHEN $3::integer = 0 THEN v.state = 'published'\n"
        "            ELSE v.number = $3::integer END\n"
        " ORDER BY v.number DESC NULLS LAST\n"
        " LIMIT 1";
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, process_id);
    kc_params_int(&p, which);
    if (which == FLOW_DRAFT)
        st =
            kc_pg_one(conn, "flow_get", sql, kc_params_count(&p), kc_params_values(&p),
                      version_from_row, out, pb, "process %s has no draft of its flow", process_id);
    else if (which == FLOW_LATEST)
        st = kc_pg_one(conn, "flow_get", sql, kc_params_count(&p), kc_params_values(&p),
                       version_from_row, out, pb, "process %s has no published flow yet",
                       process_id);
    else
        st = kc_pg_one(conn, "flow_get", sql, kc_params_count(&p), kc_params_values(&p),
                       version_from_row, out, pb, "process %s has no flow version %d", process_id,
                       which);
    if (st == KC_OK)
        st = flow_repo_steps(conn, tenant_id, out, pb);
    kc_params_free(&p);
    return st;
}

static void bool_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_bool(r, row, 0);
}

kc_status flow_repo_has_draft(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                              int *has, kc_problem *pb)
{
    static const char sql[] = "SELECT EXISTS (SELECT 1\n"
                              "                 FROM processes.flow_versions\n"
                              "                WHERE tenant_id = $1\n"
                              "                  AND process_id = $2\n"
                              "                  AND state = 'draft')";
    const char *params[2] = {tenant_id, process_id};

    *has = 0;
    return kc_pg_one(conn, "flow_has_draft", sql, 2, params, bool_from_row, has, pb,
                     "process %s not found", process_id);
}

kc_status flow_repo_list(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                         long long after, int limit, flow_version **items, size_t *n, int *more,
                         kc_problem *pb)
{
    static const char sql[] =
        "SELECT v.id, v.process_id, true, v.number, coalesce(b.number, 0), v.note,\n"
        "       v.published_by, v.published_at, v.version, v.created_at, v.updated_at,\n"
        "       (SELECT count(*) FROM processes.flow_steps s WHERE s.flow_version_id = v.id)\n"
        "  FROM processes.flow_versions v\n"
        "  LEFT JOIN processes.flow_versions b ON b.id = v.based_on_id\n"
        " WHERE v.tenant_id = $1\n"
        "   AND v.process_id = $2\n"
        "   AND v.state = 'published'\n"
        "   AND v.number > $3\n"
        " ORDER BY v.number\n"
        " LIMIT $4";
    kc_params p;
    void *rows = NULL;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, process_id);
    kc_params_int(&p, after);
    kc_params_int(&p, (long long)limit + 1);
    st = kc_pg_rows(conn, "flow_list", sql, kc_params_count(&p), kc_params_values(&p), limit,
                    sizeof(flow_version), version_from_row, &rows, n, more, pb);
    *items = rows;
    kc_params_free(&p);
    return st;
}

static void id_from_row(const PGresult *r, int row, void *out)
{
    kc_pg_copy(r, row, 0, out, 37);
}

kc_status flow_repo_start_draft(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                char *id, kc_problem *pb)
{
    static const char insert_version[] =
        "INSERT INTO processes.flow_versions (id, tenant_id, process_id, based_on_id)\n"
        "SELECT gen_random_uuid(), $1, $2,\n"
        "       (SELECT v.id\n"
        "          FROM processes.flow_versions v\n"
        "         WHERE v.tenant_id = $1\n"
        "           AND v.process_id = $2\n"
        "           AND v.state = 'published'\n"
        "         ORDER BY v.number DESC\n"
        "         LIMIT 1)\n"
        "RETURNING id";
    static const char copy_steps[] =
        "INSERT INTO processes.flow_steps (id, tenant_id, flow_version_id, step_key, position,\n"
        "                                  name, team_id, role, inputs, outputs, norm_hours)\n"
        "SELECT gen_random_uuid(), s.tenant_id, d.id, s.step_key, s.position,\n"
        "       s.name, s.team_id, s.role, s.inputs, s.outputs, s.norm_hours\n"
        "  FROM processes.flow_versions d\n"
        "  JOIN processes.flow_steps s ON s.flow_version_id = d.based_on_id\n"
        " WHERE d.tenant_id = $1\n"
        "   AND d.id = $2";
    const char *params[2] = {tenant_id, process_id};
    const char *copy_params[2] = {tenant_id, id};
    kc_status st;

    id[0] = '\0';
    st = kc_pg_one(conn, "flow_start_draft", insert_version, 2, params, id_from_row, id, pb,
                   "process %s not found", process_id);
    if (st == KC_OK)
        st = kc_db_exec(conn, "flow_copy_steps", copy_steps, 2, copy_params, NULL, pb);
    return st;
}

static void lock_from_row(const PGresult *r, int row, void *out)
{
    flow_draft_lock *l = out;

    kc_pg_copy(r, row, 0, l->id, sizeof(l->id));
    l->version = kc_pg_int(r, row, 1);
    l->steps_count = kc_pg_int(r, row, 2);
}

kc_status flow_repo_lock_draft(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                               flow_draft_lock *out, kc_problem *pb)
{
    static const char sql[] =
        "SELECT v.id, v.version,\n"
        "       (SELECT count(*) FROM processes.flow_steps s WHERE s.flow_version_id = v.id)\n"
        "  FROM processes.flow_versions v\n"
        " WHERE v.tenant_id = $1\n"
        "   AND v.process_id = $2\n"
        "   AND v.state = 'draft'\n"
        "   FOR UPDATE OF v";
    const char *params[2] = {tenant_id, process_id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "flow_lock_draft", sql, 2, params, lock_from_row, out, pb,
                     "process %s has no draft of its flow", process_id);
}

kc_status flow_repo_check_steps(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                const json_t *steps, int *team_ok, int *key_ok, size_t n,
                                kc_problem *pb)
{
    static const char sql[] =
        "SELECT t.ord,\n"
        "       t.s->>'teamId' IS NULL\n"
        "       OR EXISTS (SELECT 1 FROM processes.teams tm\n"
        "                   WHERE tm.tenant_id = $1 AND tm.id = (t.s->>'teamId')::uuid),\n"
        "       t.s->>'stepKey' IS NULL\n"
        "       OR EXISTS (SELECT 1\n"
        "                    FROM processes.flow_steps fs\n"
        "                    JOIN processes.flow_versions fv ON fv.id = fs.flow_version_id\n"
        "                   WHERE fs.tenant_id = $1\n"
        "                     AND fs.step_key = (t.s->>'stepKey')::uuid\n"
        "                     AND fv.process_id = $2)\n"
        "  FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(s, ord)\n"
        " ORDER BY t.ord";
    kc_params p;
    PGresult *res = NULL;
    size_t i;
    int row, ord;
    kc_status st;

    for (i = 0; i < n; i++) {
        team_ok[i] = 1;
        key_ok[i] = 1;
    }
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, process_id);
    kc_params_json(&p, steps);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_db_exec(conn, "flow_check_steps", sql, kc_params_count(&p), kc_params_values(&p),
                        &res, pb);
    for (row = 0; st == KC_OK && row < PQntuples(res); row++) {
        ord = kc_pg_int(res, row, 0);
        if (ord < 1 || (size_t)ord > n)
            continue;
        team_ok[ord - 1] = kc_pg_bool(res, row, 1);
        key_ok[ord - 1] = kc_pg_bool(res, row, 2);
    }
    PQclear(res);
    kc_params_free(&p);
    return st;
}

static void int_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_int(r, row, 0);
}

kc_status flow_repo_replace_steps(kc_db_conn *conn, const char *tenant_id, const char *draft_id,
                                  const json_t *steps, int *version, kc_problem *pb)
{
    /* the draft's old steps go; a step of the body whose key the draft
     * held comes back under its old id (a deleted row's id may be taken
     * again in the same statement) */
    static const char sql[] =
        "WITH old AS (\n"
        "    DELETE FROM processes.flow_steps\n"
        "     WHERE tenant_id = $1\n"
        "       AND flow_version_id = $2\n"
        "    RETURNING id, step_key\n"
        "), input AS (\n"
        "    SELECT t.ord::integer AS position, t.s,\n"
        "           coalesce((t.s->>'stepKey')::uuid, gen_random_uuid()) AS step_key\n"
        "      FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(s, ord)\n"
        "), ins AS (\n"
        "    INSERT INTO processes.flow_steps (id, tenant_id, flow_version_id, step_key, position,\n"
        "                                      name, team_id, role, inputs, outputs, norm_hours)\n"
        "    SELECT coalesce(old.id, gen_random_uuid()), $1, $2, i.step_key, i.position,\n"
        "           i.s->>'name', (i.s->>'teamId')::uuid, i.s->>'role',\n"
        "           ARRAY(SELECT jsonb_array_elements_text(coalesce(i.s->'inputs', '[]'))),\n"
        "           ARRAY(SELECT jsonb_array_elements_text(coalesce(i.s->'outputs', '[]'))),\n"
        "           (i.s->>'normHours')::numeric\n"
        "      FROM input i\n"
        "      LEFT JOIN old ON old.step_key = i.step_key)\n"
        "UPDATE processes.flow_versions\n"
        "   SET version = version + 1,\n"
        "       updated_at = now()\n"
        " WHERE tenant_id = $1\n"
        "   AND id = $2\n"
        "RETURNING version";
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, draft_id);
    kc_params_json(&p, steps);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one(conn, "flow_replace_steps", sql, kc_params_count(&p), kc_params_values(&p),
                       int_from_row, version, pb, "draft %s not found", draft_id);
    kc_params_free(&p);
    return st;
}

kc_status flow_repo_discard_draft(kc_db_conn *conn, const char *tenant_id, const char *draft_id,
                                  kc_problem *pb)
{
    static const char sql[] = "DELETE FROM processes.flow_versions\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2\n"
                              "   AND state = 'draft'\n"
                              "RETURNING id";
    const char *params[2] = {tenant_id, draft_id};

    return kc_pg_one(conn, "flow_discard_draft", sql, 2, params, NULL, NULL, pb,
                     "draft %s not found", draft_id);
}

kc_status flow_repo_publish(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                            const char *draft_id, const char *note, const char *published_by,
                            int *number, kc_problem *pb)
{
    static const char sql[] = "UPDATE processes.flow_versions\n"
                              "   SET state = 'published',\n"
                              "       number = (SELECT coalesce(max(p.number), 0) + 1\n"
                              "                   FROM processes.flow_versions p\n"
                              "                  WHERE p.tenant_id = $1\n"
                              "                    AND p.process_id = $2\n"
                              "                    AND p.number IS NOT NULL),\n"
                              "       note = $4,\n"
                              "       published_by = $5,\n"
                              "       published_at = now(),\n"
                              "       version = version + 1,\n"
                              "       updated_at = now()\n"
                              " WHERE tenant_id = $1\n"
                              "   AND process_id = $2\n"
                              "   AND id = $3\n"
                              "   AND state = 'draft'\n"
                              "RETURNING number";
    const char *params[5] = {tenant_id, process_id, draft_id, note, published_by};

    *number = 0;
    return kc_pg_one(conn, "flow_publish", sql, 5, params, int_from_row, number, pb,
                     "process %s has no draft of its flow", process_id);
}

kc_status flow_repo_markers(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                            const char *version_id, flow_picture_step *steps, size_t n,
                            kc_problem *pb)
{
    static const char sql[] =
        "SELECT fs.position, count(b.id),\n"
        "       max(processes.bottleneck_score(b.impact, b.effort, b.frequency, b.frequency_unit,\n"
        "                                      st.weight_impact, st.weight_effort,\n"
        "                                      st.weight_frequency))\n"
        "  FROM processes.flow_steps fs\n"
        "  JOIN processes.flow_steps same ON same.tenant_id = fs.tenant_id\n"
        "                                AND same.step_key = fs.step_key\n"
        "  JOIN processes.bottlenecks b ON b.tenant_id = fs.tenant_id\n"
        "                              AND b.step_id = same.id\n"
        "                              AND b.process_id = $2\n"
        "                              AND b.status IN ('open', 'proposed')\n"
        "  LEFT JOIN processes.settings st ON st.tenant_id = fs.tenant_id\n"
        " WHERE fs.tenant_id = $1\n"
        "   AND fs.flow_version_id = $3\n"
        " GROUP BY fs.position\n"
        " ORDER BY fs.position";
    const char *params[3] = {tenant_id, process_id, version_id};
    PGresult *res = NULL;
    int row, pos;
    kc_status st;

    st = kc_db_exec(conn, "flow_markers", sql, 3, params, &res, pb);
    for (row = 0; st == KC_OK && row < PQntuples(res); row++) {
        pos = kc_pg_int(res, row, 0);
        if (pos < 1 || (size_t)pos > n)
            continue;
        steps[pos - 1].bottlenecks = kc_pg_int(res, row, 1);
        steps[pos - 1].top_score =
            PQgetisnull(res, row, 2) ? 0.0 : strtod(PQgetvalue(res, row, 2), NULL);
    }
    PQclear(res);
    return st;
}
