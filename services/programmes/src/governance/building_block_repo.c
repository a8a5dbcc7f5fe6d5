#include "governance/building_block_repo.h"

#include <string.h>
#include "koers/pg.h"

static void lock_from_row(const PGresult *r, int row, void *out)
{
    building_block_lock *b = out;

    kc_pg_copy(r, row, 0, b->programme_id, sizeof(b->programme_id));
    kc_pg_copy(r, row, 1, b->working_group_id, sizeof(b->working_group_id));
    kc_pg_copy(r, row, 2, b->status, sizeof(b->status));
}

kc_status building_block_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   building_block_lock_mode mode, building_block_lock *out,
                                   kc_problem *pb)
{
    static const char update[] = "SELECT b.programme_id, b.working_group_id, b.status\n"
                                 "  FROM programmes.building_blocks b\n"
                                 " WHERE b.tenant_id = $1\n"
                                 "   AND b.id = $2\n"
                                 "   FOR UPDATE";
    static const char share[] = "SELECT b.programme_id, b.working_group_id, b.status\n"
                                "  FROM programmes.building_blocks b\n"
                                " WHERE b.tenant_id = $1\n"
                                "   AND b.id = $2\n"
                                "   FOR SHARE";
    const int shared = mode == BUILDING_BLOCK_FOR_SHARE;
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn,
                     shared ? "programmes_building_block_share" : "programmes_building_block_lock",
                     shared ? share : update, 2, params, lock_from_row, out, pb,
                     "building block %s not found", id);
}

static void step_from_row(const PGresult *r, int row, void *out)
{
    building_block_step *s = out;

    kc_pg_copy(r, row, 0, s->programme_id, sizeof(s->programme_id));
    kc_pg_copy(r, row, 1, s->status, sizeof(s->status));
}

kc_status building_block_repo_step(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   building_block_step *out, kc_problem *pb)
{
    static const char sql[] = "SELECT s.programme_id, s.status\n"
                              "  FROM programmes.steps s\n"
                              " WHERE s.tenant_id = $1\n"
                              "   AND s.id = $2";
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "programmes_building_block_step", sql, 2, params, step_from_row, out, pb,
                     "step %s not found", id);
}
