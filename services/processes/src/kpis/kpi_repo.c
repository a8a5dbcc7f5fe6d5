#include "kpis/kpi_repo.h"

#include <stdlib.h>
#include <string.h>
#include "koers/pg.h"

static void head_from_row(const PGresult *r, int row, void *out)
{
    kpi_head *h = out;

    kc_pg_copy(r, row, 0, h->process_id, sizeof(h->process_id));
    kc_pg_copy(r, row, 1, h->direction, sizeof(h->direction));
    h->target = strtod(PQgetvalue(r, row, 2), NULL);
    kc_pg_copy(r, row, 3, h->owner_id, sizeof(h->owner_id));
    kc_pg_copy(r, row, 4, h->manager_id, sizeof(h->manager_id));
}

kc_status kpi_repo_head(kc_db_conn *conn, const char *tenant_id, const char *id, int lock,
                        kpi_head *out, kc_problem *pb)
{
    static const char sql[] = "SELECT k.process_id, k.direction, k.target::float8,\n"
                              "       p.owner_id, p.manager_id\n"
                              "  FROM processes.kpis k\n"
                              "  LEFT JOIN processes.processes p\n"
                              "    ON p.tenant_id = k.tenant_id AND p.id = k.process_id\n"
                              " WHERE k.tenant_id = $1\n"
                              "   AND k.id = $2";
    static const char sql_lock[] = "SELECT k.process_id, k.direction, k.target::float8,\n"
                                   "       p.owner_id, p.manager_id\n"
                                   "  FROM processes.kpis k\n"
                                   "  LEFT JOIN processes.processes p\n"
                                   "    ON p.tenant_id = k.tenant_id AND p.id = k.process_id\n"
                                   " WHERE k.tenant_id = $1\n"
                                   "   AND k.id = $2\n"
                                   "   FOR UPDATE OF k";
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, lock ? "processes_kpi_head_lock" : "processes_kpi_head",
                     lock ? sql_lock : sql, 2, params, head_from_row, out, pb, "KPI %s not found",
                     id);
}
