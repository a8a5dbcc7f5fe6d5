#include "kpis/measurement_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

/* The columns of a measurement read back: its id, the end of its period
 * (the list's sort key) and its wire JSON. */
#define MEASUREMENT_COLS                                                                           \
    "m.id, m.period_end::text,\n"                                                                  \
    "       json_build_object('id', m.id, 'kpiId', m.kpi_id,\n"                                    \
    "                         'periodStart', m.period_start::text,\n"                              \
    "                         'periodEnd', m.period_end::text,\n"                                  \
    "                         'value', m.value::float8, 'onTarget', m.on_target,\n"                \
    "                         'source', m.source, 'note', m.note, 'createdBy', m.created_by,\n"    \
    "                         'createdAt', to_char(m.created_at AT TIME ZONE 'UTC',\n"             \
    "                                              'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))::text\n"
enum { COL_ID, COL_KEY, COL_DOC };

/* A period found (the overlap, the latest). */
typedef struct period_row {
    char start[11], end[11];
    int on_target;
} period_row;

static void period_from_row(const PGresult *r, int row, void *out)
{
    period_row *p = out;

    kc_pg_copy(r, row, 0, p->start, sizeof(p->start));
    kc_pg_copy(r, row, 1, p->end, sizeof(p->end));
    p->on_target = kc_pg_bool(r, row, 2);
}

/* At most one period row of sql (params $1..$n), into *found (zeroed when
 * there is none). */
static kc_status one_period(kc_db_conn *conn, const char *stmt, const char *sql, int n,
                            const char *const *params, period_row *found, kc_problem *pb)
{
    period_row *rows = NULL;
    size_t count = 0;
    kc_status st;

    memset(found, 0, sizeof(*found));
    st = kc_pg_rows(conn, stmt, sql, n, params, 1, sizeof(period_row), period_from_row,
                    (void **)&rows, &count, NULL, pb);
    if (st == KC_OK && count == 1)
        *found = rows[0];
    free(rows);
    return st;
}

kc_status measurement_repo_overlap(kc_db_conn *conn, const char *tenant_id, const char *kpi_id,
                                   const char *start, const char *end, char *found_start,
                                   char *found_end, kc_problem *pb)
{
    static const char sql[] = "SELECT m.period_start::text, m.period_end::text, m.on_target\n"
                              "  FROM processes.kpi_measurements m\n"
                              " WHERE m.tenant_id = $1\n"
                              "   AND m.kpi_id = $2\n"
                              "   AND m.period_start <= $4::date\n"
                              "   AND m.period_end >= $3::date\n"
                              " ORDER BY m.period_end DESC\n"
                              " LIMIT 1";
    const char *params[4] = {tenant_id, kpi_id, start, end};
    period_row found;
    kc_status st;

    st = one_period(conn, "processes_measurement_overlap", sql, 4, params, &found, pb);
    memcpy(found_start, found.start, sizeof(found.start));
    memcpy(found_end, found.end, sizeof(found.end));
    return st;
}

kc_status measurement_repo_latest(kc_db_conn *conn, const char *tenant_id, const char *kpi_id,
                                  char *period_end, int *on_target, kc_problem *pb)
{
    static const char sql[] = "SELECT m.period_start::text, m.period_end::text, m.on_target\n"
                              "  FROM processes.kpi_measurements m\n"
                              " WHERE m.tenant_id = $1\n"
                              "   AND m.kpi_id = $2\n"
                              " ORDER BY m.period_end DESC, m.id DESC\n"
                              " LIMIT 1";
    const char *params[2] = {tenant_id, kpi_id};
    period_row found;
    kc_status st;

    st = one_period(conn, "processes_measurement_latest", sql, 2, params, &found, pb);
    memcpy(period_end, found.end, sizeof(found.end));
    *on_target = found.on_target;
    return st;
}

kc_status measurement_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *kpi_id,
                                  const measurement_input *in, json_t **out, kc_problem *pb)
{
    static const char sql[] =
        "WITH m AS (\n"
        "    INSERT INTO processes.kpi_measurements\n"
        "           (id, tenant_id, kpi_id, period_start, period_end, value, on_target, source,\n"
        "            note, created_by)\n"
        "    VALUES (gen_random_uuid(), $1, $2, $3::date, $4::date, $5::numeric, $6::boolean, $7,\n"
        "            coalesce($8, ''), $9)\n"
        "    RETURNING *)\n"
        "SELECT " MEASUREMENT_COLS "  FROM m";
    char value[64];
    kc_params p;
    kc_status st;

    *out = NULL;
    snprintf(value, sizeof(value), "%.4f", in->value);
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, kpi_id);
    kc_params_text(&p, in->period_start);
    kc_params_text(&p, in->period_end);
    kc_params_text(&p, value);
    kc_params_bool(&p, in->on_target);
    kc_params_text(&p, in->source);
    kc_params_text(&p, in->note);
    kc_params_text(&p, in->created_by);
    st = kc_pg_one_doc(conn, "processes_measurement_insert", sql, kc_params_count(&p),
                       kc_params_values(&p), COL_DOC, out, pb, "not inserted");
    kc_params_free(&p);
    return st;
}

kc_status measurement_repo_list(kc_db_conn *conn, const char *tenant_id, const char *kpi_id,
                                const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                kc_problem *pb)
{
    static const char sql[] =
        "SELECT " MEASUREMENT_COLS "  FROM processes.kpi_measurements m\n"
        " WHERE m.tenant_id = $1\n"
        "   AND m.kpi_id = $2\n"
        "   AND ($3::date IS NULL OR (m.period_end, m.id) < ($3::date, $4::uuid))\n"
        " ORDER BY m.period_end DESC, m.id DESC\n"
        " LIMIT $5";
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, kpi_id);
    kc_pg_page_params(&p, page);
    st = kc_pg_list_docs(conn, "processes_measurement_list", sql, kc_params_count(&p),
                         kc_params_values(&p), page, COL_KEY, COL_DOC, items, next, pb);
    kc_params_free(&p);
    return st;
}

kc_status measurement_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *kpi_id,
                                  const char *id, kc_problem *pb)
{
    static const char sql[] = "DELETE FROM processes.kpi_measurements\n"
                              " WHERE tenant_id = $1\n"
                              "   AND kpi_id = $2\n"
                              "   AND id = $3\n"
                              "RETURNING id";
    const char *params[3] = {tenant_id, kpi_id, id};

    return kc_pg_one(conn, "processes_measurement_delete", sql, 3, params, NULL, NULL, pb,
                     "KPI %s has no measurement %s", kpi_id, id);
}
