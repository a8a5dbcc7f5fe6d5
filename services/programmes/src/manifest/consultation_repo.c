#include "manifest/consultation_repo.h"

#include <string.h>
#include "koers/pg.h"

/* The parameters of a statement on the views of manifest_id, of round
 * number `round` only when it is > 0: $1 tenant, $2 manifest, $3 round. */
static void round_filter(kc_params *p, const char *tenant_id, const char *manifest_id, int round)
{
    kc_params_init(p);
    kc_params_text(p, tenant_id);
    kc_params_text(p, manifest_id);
    kc_params_int(p, round);
}

kc_status round_repo_step_ok(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                             const char *step_id, int *ok, kc_problem *pb)
{
    static const char sql[] = "SELECT count(*)::integer\n"
                              "  FROM programmes.steps s\n"
                              " WHERE s.tenant_id = $1\n"
                              "   AND s.programme_id = $2\n"
                              "   AND s.id = $3";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, programme_id);
    kc_params_text(&p, step_id);
    return kc_pg_one_int(conn, "programmes_round_step_ok", sql, &p, ok, pb);
}

kc_status round_repo_open(kc_db_conn *conn, const char *tenant_id, const char *id,
                          const char *manifest_id, const char *step_id, const char *salt_hex,
                          const char *opened_by, json_t **out, kc_problem *pb)
{
    static const char insert[] =
        "INSERT INTO programmes.consultation_rounds (id, tenant_id, manifest_id, number,\n"
        "                                            step_id, salt, opened_by)\n"
        "SELECT $2, $1, $3, coalesce(max(r.number), 0) + 1, $4, $5::bytea, $6\n"
        "  FROM programmes.consultation_rounds r\n"
        " WHERE r.tenant_id = $1\n"
        "   AND r.manifest_id = $3";
    static const char wire[] = "SELECT programmes.manifest_round_wire($1, $2)::text";
    const char *params[2] = {tenant_id, id};
    kc_params p;
    kc_status st;

    *out = NULL;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, id);
    kc_params_text(&p, manifest_id);
    kc_params_text(&p, step_id);
    kc_params_text(&p, salt_hex);
    kc_params_text(&p, opened_by);
    st = kc_pg_exec_params(conn, "programmes_round_open", insert, &p, pb);
    if (st == KC_OK)
        st = kc_pg_one_doc(conn, "programmes_round_wire", wire, 2, params, 0, out, pb,
                           "consultation round %s not found", id);
    return st;
}

static void lock_from_row(const PGresult *r, int row, void *out)
{
    round_lock *l = out;

    kc_pg_copy(r, row, 0, l->id, sizeof(l->id));
    kc_pg_copy(r, row, 1, l->manifest_id, sizeof(l->manifest_id));
    kc_pg_copy(r, row, 2, l->programme_id, sizeof(l->programme_id));
    kc_pg_copy(r, row, 3, l->status, sizeof(l->status));
    kc_pg_copy(r, row, 4, l->salt_hex, sizeof(l->salt_hex));
    l->number = kc_pg_int(r, row, 5);
    l->manifest_number = kc_pg_int(r, row, 6);
}

kc_status round_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id, round_lock *out,
                          kc_problem *pb)
{
    static const char sql[] = "SELECT r.id, r.manifest_id, m.programme_id, r.status,\n"
                              "       coalesce(r.salt::text, ''), r.number, m.number\n"
                              "  FROM programmes.consultation_rounds r\n"
                              "  JOIN programmes.manifests m\n"
                              "    ON m.id = r.manifest_id\n"
                              " WHERE r.tenant_id = $1\n"
                              "   AND r.id = $2\n"
                              "   FOR UPDATE OF r";
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "programmes_round_lock", sql, 2, params, lock_from_row, out, pb,
                     "consultation round %s not found", id);
}

kc_status round_repo_close(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                           kc_problem *pb)
{
    static const char close[] = "UPDATE programmes.consultation_rounds\n"
                                "   SET status = 'closed',\n"
                                "       salt = NULL,\n"
                                "       closed_at = now()\n"
                                " WHERE tenant_id = $1\n"
                                "   AND id = $2\n"
                                "RETURNING id";
    static const char erase[] = "UPDATE programmes.consultation_views\n"
                                "   SET voter = NULL\n"
                                " WHERE tenant_id = $1\n"
                                "   AND round_id = $2";
    static const char wire[] = "SELECT programmes.manifest_round_wire($1, $2)::text";
    const char *params[2] = {tenant_id, id};
    kc_status st;

    *out = NULL;
    st = kc_pg_one(conn, "programmes_round_close", close, 2, params, NULL, NULL, pb,
                   "consultation round %s not found", id);
    if (st == KC_OK)
        st = kc_db_exec(conn, "programmes_round_erase", erase, 2, params, NULL, pb);
    if (st == KC_OK)
        st = kc_pg_one_doc(conn, "programmes_round_wire", wire, 2, params, 0, out, pb,
                           "consultation round %s not found", id);
    return st;
}

kc_status round_repo_list(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                          json_t **out, kc_problem *pb)
{
    static const char sql[] = "SELECT coalesce(jsonb_agg(programmes.manifest_round_wire($1, r.id)\n"
                              "                          ORDER BY r.number), '[]')::text\n"
                              "  FROM programmes.consultation_rounds r\n"
                              " WHERE r.tenant_id = $1\n"
                              "   AND r.manifest_id = $2";
    const char *params[2] = {tenant_id, manifest_id};

    return kc_pg_one_doc(conn, "programmes_round_list", sql, 2, params, 0, out, pb, "no answer");
}

kc_status round_repo_number_ok(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                               int round, int *ok, kc_problem *pb)
{
    static const char sql[] = "SELECT count(*)::integer\n"
                              "  FROM programmes.consultation_rounds r\n"
                              " WHERE r.tenant_id = $1\n"
                              "   AND r.manifest_id = $2\n"
                              "   AND r.number = $3::integer";
    kc_params p;

    round_filter(&p, tenant_id, manifest_id, round);
    return kc_pg_one_int(conn, "programmes_round_number_ok", sql, &p, ok, pb);
}

kc_status view_repo_statement_ok(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                                 const char *statement_id, int *ok, kc_problem *pb)
{
    static const char sql[] = "SELECT count(*)::integer\n"
                              "  FROM programmes.manifest_statements s\n"
                              " WHERE s.tenant_id = $1\n"
                              "   AND s.manifest_id = $2\n"
                              "   AND s.id = $3";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, manifest_id);
    kc_params_text(&p, statement_id);
    return kc_pg_one_int(conn, "programmes_view_statement_ok", sql, &p, ok, pb);
}

kc_status view_repo_person_of(kc_db_conn *conn, const char *tenant_id, const char *subject,
                              char person_id[37], kc_problem *pb)
{
    static const char sql[] = "SELECT coalesce((SELECT p.id::text\n"
                              "                   FROM programmes.people p\n"
                              "                  WHERE p.tenant_id = $1\n"
                              "                    AND p.user_sub = $2), '')";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, subject);
    return kc_pg_one_id(conn, "programmes_view_person_of", sql, &p, person_id, pb);
}

kc_status view_repo_put(kc_db_conn *conn, const char *tenant_id, const view_input *in, int *added,
                        kc_problem *pb)
{
    /* no time is kept: the time of a view would tell who gave it */
    static const char sql[] =
        "INSERT INTO programmes.consultation_views AS v (id, tenant_id, round_id, statement_id,\n"
        "                                                 department, stance, reason, anonymous,\n"
        "                                                 person_id, voter)\n"
        "VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7::boolean, $8, $9::bytea)\n"
        "    ON CONFLICT (round_id, statement_id, voter) WHERE voter IS NOT NULL DO UPDATE\n"
        "   SET department = excluded.department,\n"
        "       stance = excluded.stance,\n"
        "       reason = excluded.reason,\n"
        "       anonymous = excluded.anonymous,\n"
        "       person_id = excluded.person_id\n"
        "RETURNING (xmax = 0)::integer";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, in->round_id);
    kc_params_text(&p, in->statement_id);
    kc_params_text(&p, in->department);
    kc_params_text(&p, in->stance);
    kc_params_text(&p, in->reason);
    kc_params_bool(&p, in->anonymous);
    kc_params_text(&p, in->person_id);
    kc_params_text(&p, in->voter_hex);
    return kc_pg_one_int(conn, "programmes_view_put", sql, &p, added, pb);
}

static void count_from_row(const PGresult *r, int row, void *item)
{
    view_count_row *c = item;

    kc_pg_copy(r, row, 0, c->statement_id, sizeof(c->statement_id));
    c->round = kc_pg_int(r, row, 1);
    kc_pg_copy(r, row, 2, c->department, sizeof(c->department));
    kc_pg_copy(r, row, 3, c->stance, sizeof(c->stance));
    c->n = kc_pg_int(r, row, 4);
}

kc_status view_repo_counts(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                           int round, view_count_row **rows, size_t *n, kc_problem *pb)
{
    static const char sql[] = "SELECT v.statement_id, r.number, v.department, v.stance,\n"
                              "       count(*)::integer\n"
                              "  FROM programmes.consultation_views v\n"
                              "  JOIN programmes.consultation_rounds r\n"
                              "    ON r.id = v.round_id\n"
                              "  JOIN programmes.manifest_statements s\n"
                              "    ON s.id = v.statement_id\n"
                              " WHERE v.tenant_id = $1\n"
                              "   AND r.manifest_id = $2\n"
                              "   AND ($3::integer = 0 OR r.number = $3::integer)\n"
                              " GROUP BY s.position, v.statement_id, r.number, v.department,\n"
                              "          v.stance\n"
                              " ORDER BY s.position, v.statement_id, r.number, v.department,\n"
                              "          v.stance";
    kc_params p;
    int more = 0;
    kc_status st;

    *rows = NULL;
    *n = 0;
    round_filter(&p, tenant_id, manifest_id, round);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_rows(conn, "programmes_view_counts", sql, kc_params_count(&p),
                        kc_params_values(&p), -1, sizeof(view_count_row), count_from_row,
                        (void **)rows, n, &more, pb);
    kc_params_free(&p);
    return st;
}

static void cell_from_row(const PGresult *r, int row, void *item)
{
    view_cell_row *c = item;

    kc_pg_copy(r, row, 0, c->statement_id, sizeof(c->statement_id));
    c->round = kc_pg_int(r, row, 1);
}

kc_status view_repo_cells(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                          int round, view_cell_row **rows, size_t *n, kc_problem *pb)
{
    static const char sql[] = "SELECT s.id, r.number\n"
                              "  FROM programmes.manifest_statements s\n"
                              "  JOIN programmes.consultation_rounds r\n"
                              "    ON r.manifest_id = s.manifest_id\n"
                              " WHERE s.tenant_id = $1\n"
                              "   AND s.manifest_id = $2\n"
                              "   AND ($3::integer = 0 OR r.number = $3::integer)\n"
                              " ORDER BY s.position, s.id, r.number";
    kc_params p;
    int more = 0;
    kc_status st;

    *rows = NULL;
    *n = 0;
    round_filter(&p, tenant_id, manifest_id, round);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_rows(conn, "programmes_view_cells", sql, kc_params_count(&p),
                        kc_params_values(&p), -1, sizeof(view_cell_row), cell_from_row,
                        (void **)rows, n, &more, pb);
    kc_params_free(&p);
    return st;
}

kc_status view_repo_comments(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                             int round, json_t **out, kc_problem *pb)
{
    static const char sql[] =
        "WITH g AS (\n"
        "    SELECT v.*, r.number AS round_number, s.position,\n"
        "           count(*) OVER (PARTITION BY v.statement_id, v.round_id, v.department)\n"
        "               AS group_views\n"
        "      FROM programmes.consultation_views v\n"
        "      JOIN programmes.consultation_rounds r\n"
        "        ON r.id = v.round_id\n"
        "      JOIN programmes.manifest_statements s\n"
        "        ON s.id = v.statement_id\n"
        "     WHERE v.tenant_id = $1\n"
        "       AND r.manifest_id = $2\n"
        "       AND ($3::integer = 0 OR r.number = $3::integer))\n"
        "SELECT coalesce(jsonb_agg(jsonb_build_object(\n"
        "           'viewId', g.id, 'statementId', g.statement_id, 'round', g.round_number,\n"
        "           'stance', g.stance, 'reason', g.reason, 'department', g.department,\n"
        "           'groupViews', g.group_views,\n"
        "           'person', CASE WHEN g.anonymous THEN NULL ELSE p.name END)\n"
        "           ORDER BY g.position, g.statement_id, g.round_number, g.stance, g.reason,\n"
        "                    g.id), '[]')::text\n"
        "  FROM g\n"
        "  LEFT JOIN programmes.people p\n"
        "    ON p.id = g.person_id\n"
        " WHERE g.reason IS NOT NULL";
    kc_params p;
    kc_status st;

    *out = NULL;
    round_filter(&p, tenant_id, manifest_id, round);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one_doc(conn, "programmes_view_comments", sql, kc_params_count(&p),
                           kc_params_values(&p), 0, out, pb, "no answer");
    kc_params_free(&p);
    return st;
}
