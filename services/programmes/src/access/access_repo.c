#include "access/access_repo.h"

#include "koers/pg.h"

static void bool_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_bool(r, row, 0);
}

kc_status access_repo_is_member(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                const char *sub, const char *kinds, const char *group_id, int *yes,
                                kc_problem *pb)
{
    static const char sql[] =
        "SELECT programmes.caller_is_member($1, $2, $3, $4::text[], $5::uuid)";
    const char *params[5] = {tenant_id, programme_id, sub, kinds, group_id};

    *yes = 0;
    return kc_pg_one(conn, "programmes_access_member", sql, 5, params, bool_from_row, yes, pb,
                     "programme %s not found", programme_id);
}
