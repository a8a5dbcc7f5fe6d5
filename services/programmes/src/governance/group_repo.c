#include "governance/group_repo.h"

#include "koers/pg.h"

static void group_from_row(const PGresult *r, int row, void *out)
{
    group_row *g = out;

    kc_pg_copy(r, row, 0, g->programme_id, sizeof(g->programme_id));
    kc_pg_copy(r, row, 1, g->kind, sizeof(g->kind));
}

kc_status group_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, int lock,
                         group_row *out, kc_problem *pb)
{
    static const char sql[] = "SELECT g.programme_id, g.kind\n"
                              "  FROM programmes.groups g\n"
                              " WHERE g.tenant_id = $1\n"
                              "   AND g.id = $2";
    static const char lock_sql[] = "SELECT g.programme_id, g.kind\n"
                                   "  FROM programmes.groups g\n"
                                   " WHERE g.tenant_id = $1\n"
                                   "   AND g.id = $2\n"
                                   "   FOR UPDATE";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one(conn, lock ? "programmes_group_lock" : "programmes_group_get",
                     lock ? lock_sql : sql, 2, params, group_from_row, out, pb,
                     "group %s not found", id);
}

static void bool_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_bool(r, row, 0);
}

kc_status group_repo_kind_taken(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                const char *kind, const char *except_id, int *taken, kc_problem *pb)
{
    static const char sql[] = "SELECT EXISTS (\n"
                              "    SELECT 1\n"
                              "      FROM programmes.groups g\n"
                              "     WHERE g.tenant_id = $1\n"
                              "       AND g.programme_id = $2\n"
                              "       AND g.kind = $3\n"
                              "       AND ($4::uuid IS NULL OR g.id <> $4::uuid))";
    const char *params[4] = {tenant_id, programme_id, kind, except_id};

    *taken = 0;
    return kc_pg_one(conn, "programmes_group_kind_taken", sql, 4, params, bool_from_row, taken, pb,
                     "no answer");
}

static void refs_from_row(const PGresult *r, int row, void *out)
{
    group_refs *g = out;

    g->members = kc_pg_int(r, row, 0);
    g->building_blocks = kc_pg_int(r, row, 1);
    g->proposals = kc_pg_int(r, row, 2);
    g->decisions = kc_pg_int(r, row, 3);
    g->checkpoints = kc_pg_int(r, row, 4);
}

kc_status group_repo_refs(kc_db_conn *conn, const char *tenant_id, const char *id, group_refs *out,
                          kc_problem *pb)
{
    static const char sql[] =
        "SELECT (SELECT count(*) FROM programmes.group_members x WHERE x.tenant_id = $1 AND x.group_id = $2)::integer,\n"
        "       (SELECT count(*) FROM programmes.building_blocks x WHERE x.tenant_id = $1 AND x.working_group_id = $2)::integer,\n"
        "       (SELECT count(*) FROM programmes.proposals x WHERE x.tenant_id = $1 AND x.working_group_id = $2)::integer,\n"
        "       (SELECT count(*) FROM programmes.proposal_decisions x WHERE x.tenant_id = $1 AND x.group_id = $2)::integer,\n"
        "       (SELECT count(*) FROM programmes.checkpoints x WHERE x.tenant_id = $1 AND x.group_id = $2)::integer";
    const char *params[2] = {tenant_id, id};

    *out = (group_refs){0};
    return kc_pg_one(conn, "programmes_group_refs", sql, 2, params, refs_from_row, out, pb,
                     "no answer");
}
