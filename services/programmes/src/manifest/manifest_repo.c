#include "manifest/manifest_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/pg.h"

static void json_from_row(const PGresult *r, int row, void *out)
{
    *(json_t **)out = kc_pg_json(r, row, 0);
}

static void id_from_row(const PGresult *r, int row, void *out)
{
    kc_pg_copy(r, row, 0, out, 37);
}

static void int_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_int(r, row, 0);
}

kc_status manifest_repo_lock_programme(kc_db_conn *conn, const char *tenant_id,
                                       const char *programme_id, kc_problem *pb)
{
    static const char sql[] = "SELECT 1\n"
                              "  FROM programmes.programmes p\n"
                              " WHERE p.tenant_id = $1\n"
                              "   AND p.id = $2\n"
                              "   FOR UPDATE";
    const char *params[2] = {tenant_id, programme_id};

    return kc_pg_one(conn, "programmes_manifest_programme", sql, 2, params, NULL, NULL, pb,
                     "programme %s not found", programme_id);
}

kc_status manifest_repo_open_of(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                char open_id[37], kc_problem *pb)
{
    static const char sql[] = "SELECT coalesce(max(m.id::text), '')\n"
                              "  FROM programmes.manifests m\n"
                              " WHERE m.tenant_id = $1\n"
                              "   AND m.programme_id = $2\n"
                              "   AND m.status IN ('draft', 'consultation')";
    const char *params[2] = {tenant_id, programme_id};

    open_id[0] = '\0';
    return kc_pg_one(conn, "programmes_manifest_open_of", sql, 2, params, id_from_row, open_id, pb,
                     "no answer");
}

static void lock_from_row(const PGresult *r, int row, void *out)
{
    manifest_lock *l = out;

    kc_pg_copy(r, row, 0, l->id, sizeof(l->id));
    kc_pg_copy(r, row, 1, l->programme_id, sizeof(l->programme_id));
    kc_pg_copy(r, row, 2, l->status, sizeof(l->status));
    l->number = kc_pg_int(r, row, 3);
    l->version = kc_pg_int(r, row, 4);
}

kc_status manifest_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                             manifest_lock *out, kc_problem *pb)
{
    static const char sql[] = "SELECT m.id, m.programme_id, m.status, m.number, m.version\n"
                              "  FROM programmes.manifests m\n"
                              " WHERE m.tenant_id = $1\n"
                              "   AND m.id = $2\n"
                              "   FOR UPDATE";
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "programmes_manifest_lock", sql, 2, params, lock_from_row, out, pb,
                     "manifest %s not found", id);
}

kc_status manifest_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *id,
                               const char *programme_id, const char *title, const char *preamble,
                               const char *based_on_id, const char *created_by, json_t **out,
                               kc_problem *pb)
{
    static const char insert[] =
        "INSERT INTO programmes.manifests (id, tenant_id, programme_id, number, title,\n"
        "                                  preamble, based_on_id)\n"
        "SELECT $2, $1, $3, coalesce(max(m.number), 0) + 1, $4, $5, $6\n"
        "  FROM programmes.manifests m\n"
        " WHERE m.tenant_id = $1\n"
        "   AND m.programme_id = $3";
    static const char copy[] =
        "WITH old AS (\n"
        "    SELECT s.*, gen_random_uuid() AS new_id\n"
        "      FROM programmes.manifest_statements s\n"
        "     WHERE s.tenant_id = $1\n"
        "       AND s.manifest_id = $3),\n"
        "ins AS (\n"
        "    INSERT INTO programmes.manifest_statements (id, tenant_id, manifest_id,\n"
        "                                                programme_value_id,\n"
        "                                                example_behaviour_id, position, text)\n"
        "    SELECT old.new_id, $1, $2, old.programme_value_id, old.example_behaviour_id,\n"
        "           old.position, old.text\n"
        "      FROM old\n"
        "    RETURNING id, text)\n"
        "INSERT INTO programmes.statement_revisions (id, tenant_id, statement_id, revision, text,\n"
        "                                            created_by)\n"
        "SELECT gen_random_uuid(), $1, ins.id, 1, ins.text, $4\n"
        "  FROM ins";
    static const char wire[] = "SELECT programmes.manifest_wire($1, $2)::text";
    const char *p1[6] = {tenant_id, id, programme_id, title, preamble, based_on_id};
    const char *p2[4] = {tenant_id, id, based_on_id, created_by};
    const char *p3[2] = {tenant_id, id};
    PGresult *r = NULL;
    kc_status st;

    *out = NULL;
    st = kc_db_exec(conn, "programmes_manifest_insert", insert, 6, p1, &r, pb);
    PQclear(r);
    r = NULL;
    if (st == KC_OK && based_on_id != NULL) {
        st = kc_db_exec(conn, "programmes_manifest_copy", copy, 4, p2, &r, pb);
        PQclear(r);
    }
    if (st == KC_OK)
        st = kc_pg_one(conn, "programmes_manifest_wire", wire, 2, p3, json_from_row, out, pb,
                       "manifest %s not found", id);
    if (st == KC_OK && *out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}

kc_status manifest_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   const char *status, const char *by, kc_problem *pb)
{
    static const char sql[] =
        "UPDATE programmes.manifests\n"
        "   SET status = $3,\n"
        "       adopted_at = CASE WHEN $3 = 'adopted' THEN now() ELSE adopted_at END,\n"
        "       adopted_by = CASE WHEN $3 = 'adopted' THEN $4 ELSE adopted_by END,\n"
        "       version = version + 1,\n"
        "       updated_at = now()\n"
        " WHERE tenant_id = $1\n"
        "   AND id = $2\n"
        "RETURNING id";
    const char *params[4] = {tenant_id, id, status, by};

    return kc_pg_one(conn, "programmes_manifest_set_status", sql, 4, params, NULL, NULL, pb,
                     "manifest %s not found", id);
}

typedef struct superseded_row {
    char id[37];
    int number;
} superseded_row;

static void superseded_from_row(const PGresult *r, int row, void *out)
{
    superseded_row *s = out;

    kc_pg_copy(r, row, 0, s->id, sizeof(s->id));
    s->number = kc_pg_int(r, row, 1);
}

kc_status manifest_repo_supersede(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                  const char *id, char superseded_id[37], int *superseded_number,
                                  kc_problem *pb)
{
    static const char sql[] = "UPDATE programmes.manifests\n"
                              "   SET status = 'superseded',\n"
                              "       superseded_by = $3,\n"
                              "       version = version + 1,\n"
                              "       updated_at = now()\n"
                              " WHERE tenant_id = $1\n"
                              "   AND programme_id = $2\n"
                              "   AND status = 'adopted'\n"
                              "   AND id <> $3\n"
                              "RETURNING id, number";
    const char *params[3] = {tenant_id, programme_id, id};
    superseded_row *rows = NULL;
    size_t n = 0;
    int more = 0;
    kc_status st;

    superseded_id[0] = '\0';
    *superseded_number = 0;
    st = kc_pg_rows(conn, "programmes_manifest_supersede", sql, 3, params, 1,
                    sizeof(superseded_row), superseded_from_row, (void **)&rows, &n, &more, pb);
    if (st == KC_OK && n > 0) {
        snprintf(superseded_id, 37, "%s", rows[0].id);
        *superseded_number = rows[0].number;
    }
    free(rows);
    return st;
}

kc_status manifest_repo_statement_count(kc_db_conn *conn, const char *tenant_id, const char *id,
                                        int *count, kc_problem *pb)
{
    static const char sql[] = "SELECT programmes.manifest_statement_count($1, $2)";
    const char *params[2] = {tenant_id, id};

    *count = 0;
    return kc_pg_one(conn, "programmes_manifest_statement_count", sql, 2, params, int_from_row,
                     count, pb, "no answer");
}

kc_status manifest_repo_has_open_round(kc_db_conn *conn, const char *tenant_id, const char *id,
                                       int *open, kc_problem *pb)
{
    static const char sql[] = "SELECT count(*)::integer\n"
                              "  FROM programmes.consultation_rounds r\n"
                              " WHERE r.tenant_id = $1\n"
                              "   AND r.manifest_id = $2\n"
                              "   AND r.status = 'open'";
    const char *params[2] = {tenant_id, id};

    *open = 0;
    return kc_pg_one(conn, "programmes_manifest_open_round", sql, 2, params, int_from_row, open, pb,
                     "no answer");
}

kc_status manifest_repo_min_group_size(kc_db_conn *conn, const char *tenant_id, int *out,
                                       kc_problem *pb)
{
    static const char sql[] = "SELECT programmes.manifest_min_group_size($1)";
    const char *params[1] = {tenant_id};

    *out = 5;
    return kc_pg_one(conn, "programmes_manifest_min_group", sql, 1, params, int_from_row, out, pb,
                     "no answer");
}

kc_status manifest_repo_settings(kc_db_conn *conn, const char *tenant_id, json_t **out,
                                 kc_problem *pb)
{
    static const char sql[] =
        "SELECT jsonb_build_object(\n"
        "           'minGroupSize', programmes.manifest_min_group_size($1),\n"
        "           'version', coalesce((SELECT s.version\n"
        "                                  FROM programmes.settings s\n"
        "                                 WHERE s.tenant_id = $1), 0),\n"
        "           'updatedAt', (SELECT programmes.proposal_ts(s.updated_at)\n"
        "                           FROM programmes.settings s\n"
        "                          WHERE s.tenant_id = $1))::text";
    const char *params[1] = {tenant_id};
    kc_status st;

    *out = NULL;
    st = kc_pg_one(conn, "programmes_settings_get", sql, 1, params, json_from_row, out, pb,
                   "no answer");
    if (st == KC_OK && *out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}

kc_status manifest_repo_set_min_group_size(kc_db_conn *conn, const char *tenant_id, int size,
                                           kc_problem *pb)
{
    static const char sql[] = "INSERT INTO programmes.settings (tenant_id, min_group_size)\n"
                              "VALUES ($1, $2)\n"
                              "    ON CONFLICT (tenant_id) DO UPDATE\n"
                              "   SET min_group_size = excluded.min_group_size,\n"
                              "       version = programmes.settings.version + 1,\n"
                              "       updated_at = now()\n"
                              "RETURNING tenant_id";
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_int(&p, size);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one(conn, "programmes_settings_put", sql, kc_params_count(&p),
                       kc_params_values(&p), NULL, NULL, pb, "no answer");
    kc_params_free(&p);
    return st;
}
