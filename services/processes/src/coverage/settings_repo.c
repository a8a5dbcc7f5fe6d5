#include "coverage/settings_repo.h"

#include <stdio.h>
#include "koers/pg.h"

kc_status settings_repo_get(kc_db_conn *conn, const char *tenant_id, int *coverage_target,
                            kc_problem *pb)
{
    static const char sql[] = "SELECT coverage_target\n"
                              "  FROM processes.settings\n"
                              " WHERE tenant_id = $1";
    const char *params[1] = {tenant_id};
    PGresult *res = NULL;
    kc_status st;

    *coverage_target = -1;
    st = kc_db_exec(conn, "processes_settings_get", sql, 1, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
        *coverage_target = kc_pg_int(res, 0, 0);
    PQclear(res);
    return st;
}

kc_status settings_repo_put(kc_db_conn *conn, const char *tenant_id, int coverage_target,
                            kc_problem *pb)
{
    static const char sql[] = "INSERT INTO processes.settings (tenant_id, coverage_target)\n"
                              "VALUES ($1, $2)\n"
                              "ON CONFLICT (tenant_id) DO UPDATE\n"
                              "   SET coverage_target = EXCLUDED.coverage_target";
    char n[16];
    const char *params[2] = {tenant_id, coverage_target < 0 ? NULL : n};

    snprintf(n, sizeof(n), "%d", coverage_target);
    return kc_db_exec(conn, "processes_settings_put", sql, 2, params, NULL, pb);
}
