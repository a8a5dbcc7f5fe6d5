#include "subscriptions/settings_repo.h"

#include <stdlib.h>
#include "koers/pg.h"

kc_status settings_repo_get(kc_db_conn *conn, const char *tenant_id, char alert_email[256],
                            long long *version, kc_problem *pb)
{
    static const char sql[] = "SELECT alert_email, version\n"
                              "  FROM notifications.settings\n"
                              " WHERE tenant_id = $1::uuid";
    const char *params[1] = {tenant_id};
    PGresult *res = NULL;
    kc_status st;

    alert_email[0] = '\0';
    *version = 0;
    st = kc_db_exec(conn, "notifications_settings_get", sql, 1, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 1) {
        kc_pg_copy(res, 0, 0, alert_email, 256);
        *version = atoll(PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    return st;
}

static void version_from(const PGresult *r, int row, void *out)
{
    *(long long *)out = atoll(PQgetvalue(r, row, 0));
}

kc_status settings_repo_put(kc_db_conn *conn, const char *tenant_id, const char *alert_email,
                            long long *version, kc_problem *pb)
{
    static const char sql[] = "INSERT INTO notifications.settings (tenant_id, alert_email)\n"
                              "VALUES ($1::uuid, $2)\n"
                              "    ON CONFLICT (tenant_id) DO UPDATE\n"
                              "   SET alert_email = EXCLUDED.alert_email,\n"
                              "       version = settings.version + 1,\n"
                              "       updated_at = now()\n"
                              "RETURNING version";
    const char *params[2] = {tenant_id, alert_email};

    *version = 0;
    return kc_pg_one(conn, "notifications_settings_put", sql, 2, params, version_from, version, pb,
                     "no answer");
}
