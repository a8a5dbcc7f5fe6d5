#include "proposals/proposal_repo.h"

#include <stdlib.h>
#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

static void brief_from_row(const PGresult *r, int row, void *out)
{
    proposal_brief *b = out;

    kc_pg_copy(r, row, 0, b->id, sizeof(b->id));
    kc_pg_copy(r, row, 1, b->programme_id, sizeof(b->programme_id));
    kc_pg_copy(r, row, 2, b->building_block_id, sizeof(b->building_block_id));
    kc_pg_copy(r, row, 3, b->working_group_id, sizeof(b->working_group_id));
    kc_pg_copy(r, row, 4, b->status, sizeof(b->status));
    kc_pg_copy(r, row, 5, b->title, sizeof(b->title));
    b->version = kc_pg_int(r, row, 6);
    b->derived = kc_pg_int(r, row, 7) > 0;
}

kc_status proposal_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                             proposal_brief *out, kc_problem *pb)
{
    static const char sql[] = "SELECT p.id, p.programme_id, p.building_block_id,\n"
                              "       p.working_group_id, p.status, p.title, p.version,\n"
                              "       cardinality(p.derived_from)\n"
                              "  FROM programmes.proposals p\n"
                              " WHERE p.tenant_id = $1\n"
                              "   AND p.id = $2\n"
                              "   FOR UPDATE";
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "programmes_proposal_lock", sql, 2, params, brief_from_row, out, pb,
                     "proposal %s not found", id);
}

kc_status proposal_repo_lock_many(kc_db_conn *conn, const char *tenant_id, const json_t *ids,
                                  proposal_brief **out, size_t *n, kc_problem *pb)
{
    static const char sql[] =
        "SELECT p.id, p.programme_id, p.building_block_id,\n"
        "       p.working_group_id, p.status, p.title, p.version,\n"
        "       cardinality(p.derived_from)\n"
        "  FROM programmes.proposals p\n"
        " WHERE p.tenant_id = $1\n"
        "   AND p.id IN (SELECT v::uuid FROM json_array_elements_text($2::json) v)\n"
        " ORDER BY p.id\n"
        "   FOR UPDATE";
    void *items = NULL;
    kc_params p;
    kc_status st;

    *out = NULL;
    *n = 0;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_json(&p, ids);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_rows(conn, "programmes_proposal_lock_many", sql, kc_params_count(&p),
                        kc_params_values(&p), -1, sizeof(proposal_brief), brief_from_row, &items, n,
                        NULL, pb);
    kc_params_free(&p);
    *out = items;
    return st;
}

static void version_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_int(r, row, 0);
}

kc_status proposal_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   const char *status, int *version, kc_problem *pb)
{
    static const char sql[] =
        "UPDATE programmes.proposals\n"
        "   SET status = $3,\n"
        "       submitted_at = CASE WHEN $3 = 'submitted' THEN now() ELSE submitted_at END,\n"
        "       version = version + 1,\n"
        "       updated_at = now()\n"
        " WHERE tenant_id = $1\n"
        "   AND id = $2\n"
        "RETURNING version";
    const char *params[3] = {tenant_id, id, status};
    int v = 0;
    kc_status st;

    st = kc_pg_one(conn, "programmes_proposal_set_status", sql, 3, params, version_from_row, &v, pb,
                   "proposal %s not found", id);
    if (version != NULL)
        *version = v;
    return st;
}
