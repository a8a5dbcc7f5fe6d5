#include "manifest/statement_repo.h"

#include <stdlib.h>
#include <string.h>
#include "koers/pg.h"

static void text_from_row(const PGresult *r, int row, void *out)
{
    *(char **)out = kc_pg_strdup(r, row, 0);
}

kc_status statement_repo_value_ok(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                  const char *programme_value_id, int *ok, kc_problem *pb)
{
    static const char sql[] = "SELECT count(*)::integer\n"
                              "  FROM programmes.programme_values v\n"
                              " WHERE v.tenant_id = $1\n"
                              "   AND v.programme_id = $2\n"
                              "   AND v.id = $3";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, programme_id);
    kc_params_text(&p, programme_value_id);
    return kc_pg_one_int(conn, "programmes_statement_value_ok", sql, &p, ok, pb);
}

kc_status statement_repo_behaviour_text(kc_db_conn *conn, const char *tenant_id, const char *id,
                                        const char *programme_value_id, char **text, kc_problem *pb)
{
    static const char sql[] = "SELECT (SELECT b.statement\n"
                              "          FROM programmes.example_behaviours b\n"
                              "         WHERE b.tenant_id = $1\n"
                              "           AND b.id = $2\n"
                              "           AND b.programme_value_id = $3)";
    const char *params[3] = {tenant_id, id, programme_value_id};

    *text = NULL;
    return kc_pg_one(conn, "programmes_statement_behaviour", sql, 3, params, text_from_row, text,
                     pb, "no answer");
}

kc_status statement_repo_insert(kc_db_conn *conn, const char *tenant_id, const statement_input *in,
                                json_t **out, kc_problem *pb)
{
    /* the position: the one asked (at most one past the last), else
     * last; later statements move one down (the unique position is
     * deferred to the commit) */
    static const char shift[] = "WITH pos AS (\n"
                                "    SELECT CASE\n"
                                "             WHEN $3::integer > 0\n"
                                "             THEN least($3::integer, count(*)::integer + 1)\n"
                                "             ELSE count(*)::integer + 1\n"
                                "           END AS at\n"
                                "      FROM programmes.manifest_statements s\n"
                                "     WHERE s.tenant_id = $1\n"
                                "       AND s.manifest_id = $2)\n"
                                "UPDATE programmes.manifest_statements s\n"
                                "   SET position = s.position + 1\n"
                                "  FROM pos\n"
                                " WHERE s.tenant_id = $1\n"
                                "   AND s.manifest_id = $2\n"
                                "   AND s.position >= pos.at";
    static const char insert[] =
        "WITH ins AS (\n"
        "    INSERT INTO programmes.manifest_statements (id, tenant_id, manifest_id,\n"
        "                                                programme_value_id,\n"
        "                                                example_behaviour_id, position, text)\n"
        "    SELECT $2, $1, $3, $4, $5,\n"
        "           CASE\n"
        "             WHEN $6::integer > 0\n"
        "             THEN least($6::integer, count(*)::integer + 1)\n"
        "             ELSE count(*)::integer + 1\n"
        "           END,\n"
        "           $7\n"
        "      FROM programmes.manifest_statements s\n"
        "     WHERE s.tenant_id = $1\n"
        "       AND s.manifest_id = $3\n"
        "    RETURNING id, text)\n"
        "INSERT INTO programmes.statement_revisions (id, tenant_id, statement_id, revision, text,\n"
        "                                            created_by)\n"
        "SELECT gen_random_uuid(), $1, ins.id, 1, ins.text, $8\n"
        "  FROM ins";
    static const char wire[] = "SELECT programmes.manifest_statement_wire($1, $2)::text";
    const char *wp[2] = {tenant_id, in->id};
    kc_params p;
    kc_status st;

    *out = NULL;
    /* the shift counts the statements before the new one exists: a
     * position past the last needs no shift, so both agree */
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, in->manifest_id);
    kc_params_int(&p, in->position);
    st = kc_pg_exec_params(conn, "programmes_statement_shift", shift, &p, pb);
    if (st != KC_OK)
        return st;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, in->id);
    kc_params_text(&p, in->manifest_id);
    kc_params_text(&p, in->programme_value_id);
    kc_params_text(&p, in->example_behaviour_id);
    kc_params_int(&p, in->position);
    kc_params_text(&p, in->text);
    kc_params_text(&p, in->created_by);
    st = kc_pg_exec_params(conn, "programmes_statement_insert", insert, &p, pb);
    if (st == KC_OK)
        st = kc_pg_one_doc(conn, "programmes_statement_wire", wire, 2, wp, 0, out, pb,
                           "manifest statement %s not found", in->id);
    return st;
}

static void lock_from_row(const PGresult *r, int row, void *out)
{
    statement_lock *l = out;

    kc_pg_copy(r, row, 0, l->id, sizeof(l->id));
    kc_pg_copy(r, row, 1, l->manifest_id, sizeof(l->manifest_id));
    kc_pg_copy(r, row, 2, l->programme_id, sizeof(l->programme_id));
    kc_pg_copy(r, row, 3, l->manifest_status, sizeof(l->manifest_status));
    l->position = kc_pg_int(r, row, 4);
    l->revision = kc_pg_int(r, row, 5);
    l->version = kc_pg_int(r, row, 6);
}

kc_status statement_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                              statement_lock *out, kc_problem *pb)
{
    static const char sql[] = "SELECT s.id, s.manifest_id, m.programme_id, m.status,\n"
                              "       s.position, s.revision, s.version\n"
                              "  FROM programmes.manifest_statements s\n"
                              "  JOIN programmes.manifests m\n"
                              "    ON m.id = s.manifest_id\n"
                              " WHERE s.tenant_id = $1\n"
                              "   AND s.id = $2\n"
                              "   FOR UPDATE";
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "programmes_statement_lock", sql, 2, params, lock_from_row, out, pb,
                     "manifest statement %s not found", id);
}

kc_status statement_repo_list(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                              json_t **out, kc_problem *pb)
{
    static const char sql[] =
        "SELECT coalesce(jsonb_agg(programmes.manifest_statement_wire($1, s.id)\n"
        "                          ORDER BY s.position, s.id), '[]')::text\n"
        "  FROM programmes.manifest_statements s\n"
        " WHERE s.tenant_id = $1\n"
        "   AND s.manifest_id = $2";
    const char *params[2] = {tenant_id, manifest_id};

    return kc_pg_one_doc(conn, "programmes_statement_list", sql, 2, params, 0, out, pb,
                         "manifest %s not found", manifest_id);
}

kc_status statement_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                             kc_problem *pb)
{
    static const char sql[] = "SELECT programmes.manifest_statement_wire($1, s.id)::text\n"
                              "  FROM programmes.manifest_statements s\n"
                              " WHERE s.tenant_id = $1\n"
                              "   AND s.id = $2";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one_doc(conn, "programmes_statement_get", sql, 2, params, 0, out, pb,
                         "manifest statement %s not found", id);
}

kc_status statement_repo_set_text(kc_db_conn *conn, const char *tenant_id, const char *id,
                                  const char *text, kc_problem *pb)
{
    static const char sql[] = "WITH s AS (\n"
                              "    UPDATE programmes.manifest_statements\n"
                              "       SET text = $3,\n"
                              "           version = version + 1,\n"
                              "           updated_at = now()\n"
                              "     WHERE tenant_id = $1\n"
                              "       AND id = $2\n"
                              "    RETURNING id, revision)\n"
                              "UPDATE programmes.statement_revisions r\n"
                              "   SET text = $3\n"
                              "  FROM s\n"
                              " WHERE r.statement_id = s.id\n"
                              "   AND r.revision = s.revision\n"
                              "RETURNING r.id";
    const char *params[3] = {tenant_id, id, text};

    return kc_pg_one(conn, "programmes_statement_set_text", sql, 3, params, NULL, NULL, pb,
                     "manifest statement %s not found", id);
}

kc_status statement_repo_revise(kc_db_conn *conn, const char *tenant_id, const char *id,
                                const char *text, const char *reason, const char *round_id,
                                const json_t *view_ids, const char *created_by, kc_problem *pb)
{
    static const char sql[] =
        "WITH s AS (\n"
        "    UPDATE programmes.manifest_statements\n"
        "       SET text = $3,\n"
        "           revision = revision + 1,\n"
        "           version = version + 1,\n"
        "           updated_at = now()\n"
        "     WHERE tenant_id = $1\n"
        "       AND id = $2\n"
        "    RETURNING id, revision)\n"
        "INSERT INTO programmes.statement_revisions (id, tenant_id, statement_id, revision, text,\n"
        "                                            reason, round_id, view_ids, created_by)\n"
        "SELECT gen_random_uuid(), $1, s.id, s.revision, $3, $4, $5,\n"
        "       ARRAY(SELECT jsonb_array_elements_text($6::jsonb)::uuid), $7\n"
        "  FROM s\n"
        "RETURNING id";
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, id);
    kc_params_text(&p, text);
    kc_params_text(&p, reason);
    kc_params_text(&p, round_id);
    kc_params_json(&p, view_ids);
    kc_params_text(&p, created_by);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one(conn, "programmes_statement_revise", sql, kc_params_count(&p),
                       kc_params_values(&p), NULL, NULL, pb, "manifest statement %s not found", id);
    kc_params_free(&p);
    return st;
}

kc_status statement_repo_move(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                              const char *id, int from, int to, kc_problem *pb)
{
    static const char sql[] =
        "WITH dest AS (\n"
        "    SELECT greatest(1, least($5::integer, count(*)::integer)) AS at\n"
        "      FROM programmes.manifest_statements s\n"
        "     WHERE s.tenant_id = $1\n"
        "       AND s.manifest_id = $2)\n"
        "UPDATE programmes.manifest_statements s\n"
        "   SET position = CASE\n"
        "                    WHEN s.id = $3 THEN dest.at\n"
        "                    WHEN dest.at < $4::integer THEN s.position + 1\n"
        "                    ELSE s.position - 1\n"
        "                  END,\n"
        "       version = CASE WHEN s.id = $3 THEN s.version + 1 ELSE s.version END,\n"
        "       updated_at = CASE WHEN s.id = $3 THEN now() ELSE s.updated_at END\n"
        "  FROM dest\n"
        " WHERE s.tenant_id = $1\n"
        "   AND s.manifest_id = $2\n"
        "   AND (s.id = $3\n"
        "        OR s.position BETWEEN least(dest.at, $4::integer) AND greatest(dest.at, $4::integer))";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, manifest_id);
    kc_params_text(&p, id);
    kc_params_int(&p, from);
    kc_params_int(&p, to);
    return kc_pg_exec_params(conn, "programmes_statement_move", sql, &p, pb);
}

kc_status statement_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                                const char *id, int position, kc_problem *pb)
{
    static const char del[] = "DELETE FROM programmes.manifest_statements\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2\n"
                              "RETURNING id";
    static const char gap[] = "UPDATE programmes.manifest_statements\n"
                              "   SET position = position - 1\n"
                              " WHERE tenant_id = $1\n"
                              "   AND manifest_id = $2\n"
                              "   AND position > $3::integer";
    const char *dp[2] = {tenant_id, id};
    kc_params p;
    kc_status st;

    st = kc_pg_one(conn, "programmes_statement_delete", del, 2, dp, NULL, NULL, pb,
                   "manifest statement %s not found", id);
    if (st != KC_OK)
        return st;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, manifest_id);
    kc_params_int(&p, position);
    return kc_pg_exec_params(conn, "programmes_statement_gap", gap, &p, pb);
}

kc_status statement_repo_views_of(kc_db_conn *conn, const char *tenant_id, const char *id,
                                  const json_t *view_ids, int *n, kc_problem *pb)
{
    static const char sql[] =
        "SELECT count(DISTINCT v.id)::integer\n"
        "  FROM programmes.consultation_views v\n"
        " WHERE v.tenant_id = $1\n"
        "   AND v.statement_id = $2\n"
        "   AND v.id = ANY (ARRAY(SELECT jsonb_array_elements_text($3::jsonb)::uuid))";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, id);
    kc_params_json(&p, view_ids);
    return kc_pg_one_int(conn, "programmes_statement_views_of", sql, &p, n, pb);
}

kc_status statement_repo_latest_round(kc_db_conn *conn, const char *tenant_id,
                                      const char *manifest_id, char round_id[37], kc_problem *pb)
{
    static const char sql[] = "SELECT coalesce((SELECT r.id::text\n"
                              "                   FROM programmes.consultation_rounds r\n"
                              "                  WHERE r.tenant_id = $1\n"
                              "                    AND r.manifest_id = $2\n"
                              "                  ORDER BY r.number DESC\n"
                              "                  LIMIT 1), '')";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, manifest_id);
    return kc_pg_one_id(conn, "programmes_statement_latest_round", sql, &p, round_id, pb);
}

kc_status statement_repo_revisions(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   json_t **out, kc_problem *pb)
{
    static const char sql[] = "SELECT programmes.manifest_statement_revisions($1, s.id)::text\n"
                              "  FROM programmes.manifest_statements s\n"
                              " WHERE s.tenant_id = $1\n"
                              "   AND s.id = $2";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one_doc(conn, "programmes_statement_revisions", sql, 2, params, 0, out, pb,
                         "manifest statement %s not found", id);
}
