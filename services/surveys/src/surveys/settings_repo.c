#include "surveys/settings_repo.h"

#include <stdio.h>
#include "koers/pg.h"
#include "surveys.h"

kc_status settings_repo_min_group_size(kc_db_conn *conn, const char *tenant_id, int *out,
                                       kc_problem *pb)
{
    static const char sql[] = "SELECT min_group_size FROM surveys.settings WHERE tenant_id = $1";
    const char *params[1] = {tenant_id};
    PGresult *res = NULL;
    kc_status st;

    *out = SURVEYS_DEFAULT_MIN_GROUP_SIZE;
    st = kc_db_exec(conn, "surveys_settings_get", sql, 1, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 1)
        *out = kc_pg_int(res, 0, 0);
    PQclear(res);
    return st;
}

kc_status settings_repo_put(kc_db_conn *conn, const char *tenant_id, int min_group_size,
                            kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO surveys.settings (tenant_id, min_group_size) VALUES ($1, $2) "
        "ON CONFLICT (tenant_id) DO UPDATE SET min_group_size = EXCLUDED.min_group_size";
    char n[16];
    const char *params[2] = {tenant_id, n};

    snprintf(n, sizeof(n), "%d", min_group_size);
    return kc_db_exec(conn, "surveys_settings_put", sql, 2, params, NULL, pb);
}
