#include "casedesk_scan_repo.h"

#include <stdio.h>

kc_status casedesk_scan_take(kc_db_conn *conn, const casedesk_scan_sql *q, const char *as_of,
                             int max, size_t item_size,
                             void (*from_row)(const PGresult *r, int row, void *item), void *rows,
                             int *n, kc_problem *pb)
{
    char limit[16];
    const char *params[2] = {as_of, limit};
    PGresult *res = NULL;
    int i, found;
    kc_status st;

    *n = 0;
    snprintf(limit, sizeof(limit), "%d", max);
    st = kc_db_exec(conn, q->take_stmt, q->take_sql, 2, params, &res, pb);
    if (st != KC_OK)
        goto out;
    found = PQntuples(res);
    for (i = 0; i < found && i < max; i++)
        from_row(res, i, (char *)rows + (size_t)i * item_size);
    *n = i;
out:
    PQclear(res);
    return st;
}

kc_status casedesk_scan_flag(kc_db_conn *conn, const casedesk_scan_sql *q, const char *tenant_id,
                             const char *id, const char *as_of, kc_problem *pb)
{
    const char *params[3] = {as_of, tenant_id, id};

    if (q->flag_sql == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "scan: no flag for this kind");
    return kc_db_exec(conn, q->flag_stmt, q->flag_sql, 3, params, NULL, pb);
}
