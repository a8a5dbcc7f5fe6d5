#include "coverage/settings_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include "koers/params.h"
#include "koers/pg.h"

kc_status settings_repo_get(kc_db_conn *conn, const char *tenant_id, settings_row *out,
                            kc_problem *pb)
{
    static const char sql[] = "SELECT coverage_target, weight_impact, weight_effort,\n"
                              "       weight_frequency\n"
                              "  FROM processes.settings\n"
                              " WHERE tenant_id = $1";
    const char *params[1] = {tenant_id};
    PGresult *res = NULL;
    kc_status st;

    out->coverage_target = -1;
    out->has_weights = 0;
    out->weight_impact = out->weight_effort = out->weight_frequency = 0;
    st = kc_db_exec(conn, "processes_settings_get", sql, 1, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 1) {
        if (!PQgetisnull(res, 0, 0))
            out->coverage_target = kc_pg_int(res, 0, 0);
        out->has_weights =
            !PQgetisnull(res, 0, 1) && !PQgetisnull(res, 0, 2) && !PQgetisnull(res, 0, 3);
        if (out->has_weights) {
            out->weight_impact = strtod(PQgetvalue(res, 0, 1), NULL);
            out->weight_effort = strtod(PQgetvalue(res, 0, 2), NULL);
            out->weight_frequency = strtod(PQgetvalue(res, 0, 3), NULL);
        }
    }
    PQclear(res);
    return st;
}

kc_status settings_repo_put(kc_db_conn *conn, const char *tenant_id, const settings_row *in,
                            int set_weights, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO processes.settings (tenant_id, coverage_target, weight_impact,\n"
        "                                weight_effort, weight_frequency)\n"
        "VALUES ($1, $2, $3, $4, $5)\n"
        "ON CONFLICT (tenant_id) DO UPDATE\n"
        "   SET coverage_target = EXCLUDED.coverage_target,\n"
        "       weight_impact = CASE WHEN $6::boolean THEN EXCLUDED.weight_impact\n"
        "                            ELSE settings.weight_impact END,\n"
        "       weight_effort = CASE WHEN $6::boolean THEN EXCLUDED.weight_effort\n"
        "                            ELSE settings.weight_effort END,\n"
        "       weight_frequency = CASE WHEN $6::boolean THEN EXCLUDED.weight_frequency\n"
        "                               ELSE settings.weight_frequency END";
    char w[3][32];
    kc_params p;
    kc_status st;

    snprintf(w[0], sizeof(w[0]), "%.3f", in->weight_impact);
    snprintf(w[1], sizeof(w[1]), "%.3f", in->weight_effort);
    snprintf(w[2], sizeof(w[2]), "%.3f", in->weight_frequency);
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    if (in->coverage_target >= 0)
        kc_params_int(&p, in->coverage_target);
    else
        kc_params_null(&p);
    kc_params_text(&p, set_weights && in->has_weights ? w[0] : NULL);
    kc_params_text(&p, set_weights && in->has_weights ? w[1] : NULL);
    kc_params_text(&p, set_weights && in->has_weights ? w[2] : NULL);
    kc_params_bool(&p, set_weights);
    st = kc_db_exec(conn, "processes_settings_put", sql, kc_params_count(&p), kc_params_values(&p),
                    NULL, pb);
    kc_params_free(&p);
    return st;
}
