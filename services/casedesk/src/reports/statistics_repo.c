#include "reports/statistics_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casedesk_repo.h"

/* The period [T0, T1) of the days $2..$3 in Europe/Amsterdam. */
#define STAT_T0 "(($2::date)::timestamp AT TIME ZONE 'Europe/Amsterdam')"
#define STAT_T1 "(($3::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')"
/* hours between two timestamptz, for percentile_cont */
#define STAT_HOURS(a, b) "(extract(epoch FROM " a " - " b ")::float8 / 3600)"
/* median and p90 in one sort: an array {p50, p90} */
#define STAT_PCT(expr, filter)                                                                     \
    "percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY " expr ")" filter
/* the two members of such an array, in hours with two decimals */
#define STAT_P50(a) "round(" a "[1]::numeric, 2)"
#define STAT_P90(a) "round(" a "[2]::numeric, 2)"

/* The group key of case c per statistics_group (never client text). */
static const char *const stat_keys[] = {"'all'::text", "c.category_id", "c.district",
                                        "c.officer_id"};
static const char *const stat_names[] = {"none", "category", "district", "officer"};

/* The statements up to "clang-format on" are assembled from the macros
 * above; the formatter cannot lay such a statement out one clause per line,
 * so it leaves them as written. */
/* clang-format off */

/* Inflow: cases filed in the period, time to first contact. */
static const char stat_in_sql[] =
    "SELECT key, n, " STAT_P50("fc") ", " STAT_P90("fc")
    "  FROM (SELECT %s AS key, count(*) AS n, "
                    STAT_PCT(STAT_HOURS("c.first_contact_at", "c.created_at"),
                             " FILTER (WHERE c.first_contact_at IS NOT NULL)") " AS fc"
    "          FROM casedesk.cases c"
    "         WHERE c.tenant_id = $1"
    "           AND c.created_at >= " STAT_T0
    "           AND c.created_at < " STAT_T1
    "         GROUP BY 1) s";

/* The seconds per status on the case row (009_status_seconds.sql), in
 * the order of the lead-time columns of stat_out_sql. */
#define STAT_LEAD(st)     ", " STAT_PCT("c.secs_" st "::float8 / 3600", "") " AS l_" st
#define STAT_LEAD_OUT(st) ", " STAT_P50("l_" st) ", " STAT_P90("l_" st)
static const char *const stat_lead_status[] = {
    "assigned", "closed", "in_progress", "received", "resolved", "solution_proposed", "waiting"};
#define STAT_LEAD_ALL(m)                                                                           \
    m("assigned") m("closed") m("in_progress") m("received") m("resolved") m("solution_proposed")  \
    m("waiting")

/* Outflow: cases resolved in the period, resolution time, SLA, outcomes,
 * and the lead time per status of these cases (a status none of them left
 * has no percentiles), in one pass over them. */
static const char stat_out_sql[] =
    "SELECT key, n, " STAT_P50("r") ", " STAT_P90("r") ","
    "       with_due, in_time, agreed, partly, refused"
            STAT_LEAD_ALL(STAT_LEAD_OUT)
    "  FROM (SELECT %s AS key, count(*) AS n, "
                    STAT_PCT(STAT_HOURS("c.resolved_at", "c.created_at"), "") " AS r,"
    "               count(*) FILTER (WHERE c.resolution_due IS NOT NULL) AS with_due,"
    "               count(*) FILTER (WHERE c.resolved_at <= c.resolution_due) AS in_time,"
    "               count(*) FILTER (WHERE c.outcome = 'agreed') AS agreed,"
    "               count(*) FILTER (WHERE c.outcome = 'partly_agreed') AS partly,"
    "               count(*) FILTER (WHERE c.outcome = 'refused') AS refused"
                    STAT_LEAD_ALL(STAT_LEAD)
    "          FROM casedesk.cases c"
    "         WHERE c.tenant_id = $1"
    "           AND c.resolved_at >= " STAT_T0
    "           AND c.resolved_at < " STAT_T1
    "         GROUP BY 1) s";

/* Open load at the end of the period: filed before it and not resolved by
 * then. Two disjoint parts, each on an index: still open (the partial
 * index of open cases), or resolved after the end (cases_resolved). */
static const char stat_load_sql[] =
    "SELECT key, count(*)"
    "  FROM (SELECT %s AS key"
    "          FROM casedesk.cases c"
    "         WHERE c.tenant_id = $1"
    "           AND c.status NOT IN ('resolved', 'closed')"
    "           AND c.created_at < " STAT_T1
    "         UNION ALL"
    "        SELECT %s"
    "          FROM casedesk.cases c"
    "         WHERE c.tenant_id = $1"
    "           AND c.resolved_at >= " STAT_T1
    "           AND c.status IN ('resolved', 'closed')"
    "           AND c.created_at < " STAT_T1 ") x"
    " WHERE $2::date IS NOT NULL"
    " GROUP BY 1";

/* Feedback given in the period (grouped by its case, joined only when the
 * grouping needs the case). */
static const char stat_feedback_sql[] =
    "SELECT %s AS key, count(*), round(avg(f.satisfaction), 2),"
    "       round(count(*) FILTER (WHERE f.equal_party)::numeric / count(*), 4)"
    "  FROM casedesk.feedback f %s"
    " WHERE f.tenant_id = $1"
    "   AND f.created_at >= " STAT_T0
    "   AND f.created_at < " STAT_T1
    " GROUP BY 1";
static const char stat_feedback_join[] =
    "JOIN casedesk.cases c ON c.tenant_id = f.tenant_id AND c.id = f.case_id";

/* clang-format on */

kc_status statistics_repo_period(kc_db_conn *conn, const char *from, const char *to,
                                 char from_out[11], char to_out[11], int *ordered,
                                 int *within_5_years, kc_problem *pb)
{
    static const char sql[] =
        "SELECT d.f::text, d.t::text, d.f <= d.t, d.f >= (d.t - interval '5 years')::date"
        "  FROM (SELECT coalesce($1::date,"
        "                        coalesce($2::date, (now() AT TIME ZONE 'Europe/Amsterdam')::date)"
        "                        - 29) AS f,"
        "               coalesce($2::date, (now() AT TIME ZONE 'Europe/Amsterdam')::date) AS t) d";
    const char *params[2] = {from, to};
    PGresult *res = NULL;
    kc_status st;

    st = kc_db_exec(conn, "casedesk_stats_period", sql, 2, params, &res, pb);
    if (st != KC_OK)
        goto out;
    kc_pg_copy(res, 0, 0, from_out, 11);
    kc_pg_copy(res, 0, 1, to_out, 11);
    *ordered = kc_pg_bool(res, 0, 2);
    *within_5_years = kc_pg_bool(res, 0, 3);
out:
    PQclear(res);
    return st;
}

/* ---- merging the rows of the queries by group key ------------------------ */

/* The map key of a group: its key, or "\x01" for none (no district, no
 * officer). */
static const char *stat_map_key(const PGresult *r, int row)
{
    return PQgetisnull(r, row, 0) ? "\x01" : PQgetvalue(r, row, 0);
}

static json_t *stat_num(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? json_null()
                                    : json_real(strtod(PQgetvalue(r, row, col), NULL));
}

static json_t *stat_int(const PGresult *r, int row, int col)
{
    return json_integer(PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10));
}

/* The item of the group of row (made with every figure empty the first
 * time), borrowed from map. */
static json_t *stat_item(json_t *map, const PGresult *r, int row)
{
    const char *k = stat_map_key(r, row);
    json_t *item = json_object_get(map, k);

    if (item != NULL)
        return item;
    item = json_pack("{s:o, s:n, s:i, s:i, s:i, s:{s:n, s:n}, s:{s:n, s:n}, s:n, s:{}, "
                     "s:{s:i, s:i, s:i}, s:{s:i, s:n}, s:n}",
                     "key", PQgetisnull(r, row, 0) ? json_null() : json_string(k), "label",
                     "casesIn", 0, "casesOut", 0, "openLoad", 0, "firstContactHours", "median",
                     "p90", "resolutionHours", "median", "p90", "slaCompliance", "leadTimeHours",
                     "outcomes", "agreed", 0, "partlyAgreed", 0, "refused", 0, "satisfaction", "n",
                     0, "mean", "equalPartyShare");
    if (item == NULL)
        return NULL;
    json_object_set_new(map, k, item);
    return item;
}

/* Runs one query of the figures and hands each row to add, with the item
 * of the row's group. */
static kc_status stat_run(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                          const char *const *params, json_t *map,
                          int (*add)(json_t *item, const PGresult *r, int row), kc_problem *pb)
{
    PGresult *res = NULL;
    int i, rows;
    kc_status st;

    st = kc_db_exec(conn, stmt, sql, nparams, params, &res, pb);
    if (st != KC_OK)
        goto out;
    rows = PQntuples(res);
    for (i = 0; i < rows; i++) {
        json_t *item = stat_item(map, res, i);
        if (item == NULL || add(item, res, i) != 0) {
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
    }
out:
    PQclear(res);
    return st;
}

static int stat_add_in(json_t *item, const PGresult *r, int row)
{
    json_t *fc = json_object_get(item, "firstContactHours");

    return json_object_set_new(item, "casesIn", stat_int(r, row, 1)) |
           json_object_set_new(fc, "median", stat_num(r, row, 2)) |
           json_object_set_new(fc, "p90", stat_num(r, row, 3));
}

/* The lead times of row (from column 9 on, two per status), of the
 * statuses with any. */
static int stat_add_lead(json_t *item, const PGresult *r, int row)
{
    json_t *lead = json_object_get(item, "leadTimeHours");
    size_t i;
    int rc = 0;

    for (i = 0; i < KC_NELEMS(stat_lead_status); i++) {
        int col = 9 + 2 * (int)i;
        if (PQgetisnull(r, row, col))
            continue;
        rc |= json_object_set_new(lead, stat_lead_status[i],
                                  json_pack("{s:o, s:o}", "median", stat_num(r, row, col), "p90",
                                            stat_num(r, row, col + 1)));
    }
    return rc;
}

static int stat_add_out(json_t *item, const PGresult *r, int row)
{
    json_t *res = json_object_get(item, "resolutionHours");
    json_t *oc = json_object_get(item, "outcomes");
    long long with_due = strtoll(PQgetvalue(r, row, 4), NULL, 10);
    long long in_time = strtoll(PQgetvalue(r, row, 5), NULL, 10);
    json_t *share = with_due > 0 ? json_real((double)in_time / (double)with_due) : json_null();

    return json_object_set_new(item, "casesOut", stat_int(r, row, 1)) |
           json_object_set_new(res, "median", stat_num(r, row, 2)) |
           json_object_set_new(res, "p90", stat_num(r, row, 3)) |
           json_object_set_new(item, "slaCompliance", share) |
           json_object_set_new(oc, "agreed", stat_int(r, row, 6)) |
           json_object_set_new(oc, "partlyAgreed", stat_int(r, row, 7)) |
           json_object_set_new(oc, "refused", stat_int(r, row, 8)) | stat_add_lead(item, r, row);
}

static int stat_add_load(json_t *item, const PGresult *r, int row)
{
    return json_object_set_new(item, "openLoad", stat_int(r, row, 1));
}

static int stat_add_feedback(json_t *item, const PGresult *r, int row)
{
    json_t *sat = json_object_get(item, "satisfaction");

    return json_object_set_new(sat, "n", stat_int(r, row, 1)) |
           json_object_set_new(sat, "mean", stat_num(r, row, 2)) |
           json_object_set_new(item, "equalPartyShare", stat_num(r, row, 3));
}

/* Labels: the category's or officer's name, the district itself, "all". */
static kc_status stat_labels(kc_db_conn *conn, const char *tenant_id, statistics_group group,
                             json_t *map, kc_problem *pb)
{
    static const char cat_sql[] =
        "SELECT id::text, name FROM casedesk.categories WHERE tenant_id = $1";
    static const char off_sql[] =
        "SELECT id::text, name FROM casedesk.liaison_officers WHERE tenant_id = $1";
    const char *params[1] = {tenant_id};
    PGresult *res = NULL;
    const char *k;
    json_t *item;
    int i, rows;
    kc_status st = KC_OK;

    if (group == STATISTICS_CATEGORY || group == STATISTICS_OFFICER) {
        st = group == STATISTICS_CATEGORY
                 ? kc_db_exec(conn, "casedesk_stats_labels_category", cat_sql, 1, params, &res, pb)
                 : kc_db_exec(conn, "casedesk_stats_labels_officer", off_sql, 1, params, &res, pb);
        if (st != KC_OK)
            goto out;
        rows = PQntuples(res);
        for (i = 0; i < rows; i++)
            if ((item = json_object_get(map, PQgetvalue(res, i, 0))) != NULL)
                json_object_set_new(item, "label", json_string(PQgetvalue(res, i, 1)));
    } else {
        json_object_foreach(map, k, item)
        {
            if (strcmp(k, "\x01") != 0)
                json_object_set_new(item, "label",
                                    json_string(group == STATISTICS_NONE ? "all" : k));
        }
    }
out:
    PQclear(res);
    return st;
}

/* Items by label (groups without one last), then key. */
static int stat_cmp(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    const char *lx = json_string_value(json_object_get(x, "label"));
    const char *ly = json_string_value(json_object_get(y, "label"));
    const char *kx = json_string_value(json_object_get(x, "key"));
    const char *ky = json_string_value(json_object_get(y, "key"));
    int c;

    if ((lx == NULL) != (ly == NULL))
        return lx == NULL ? 1 : -1;
    if (lx != NULL && (c = strcmp(lx, ly)) != 0)
        return c;
    if ((kx == NULL) != (ky == NULL))
        return kx == NULL ? 1 : -1;
    return kx != NULL ? strcmp(kx, ky) : 0;
}

kc_status statistics_repo_compute(kc_db_conn *conn, const char *tenant_id, const char *from,
                                  const char *to, statistics_group group, json_t **items,
                                  kc_problem *pb)
{
    const char *key = stat_keys[group];
    const char *params[3] = {tenant_id, from, to};
    char sql[4096], stmt[4][48];
    json_t *map = json_object(), *arr = NULL, *item;
    json_t **sorted = NULL;
    const char *k;
    size_t n = 0, i;
    int in_tx = 0;
    kc_status st;

    *items = NULL;
    if (map == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    for (i = 0; i < 4; i++)
        snprintf(stmt[i], sizeof(stmt[i]), "casedesk_stats_%zu_%s", i, stat_names[group]);
    /* one snapshot for every figure */
    st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        goto out;
    in_tx = 1;
    st = kc_db_exec(conn, NULL, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", 0,
                    NULL, NULL, pb);
    if (st != KC_OK)
        goto out;
    /* the percentiles sort a year of cases in memory rather than on disk;
     * JIT compiles longer than these queries run */
    st = kc_db_exec(conn, NULL, "SET LOCAL work_mem = '64MB'", 0, NULL, NULL, pb);
    if (st == KC_OK)
        st = kc_db_exec(conn, NULL, "SET LOCAL jit = off", 0, NULL, NULL, pb);
    if (st != KC_OK)
        goto out;
    snprintf(sql, sizeof(sql), stat_in_sql, key);
    st = stat_run(conn, stmt[0], sql, 3, params, map, stat_add_in, pb);
    if (st != KC_OK)
        goto out;
    snprintf(sql, sizeof(sql), stat_out_sql, key);
    st = stat_run(conn, stmt[1], sql, 3, params, map, stat_add_out, pb);
    if (st != KC_OK)
        goto out;
    snprintf(sql, sizeof(sql), stat_load_sql, key, key);
    st = stat_run(conn, stmt[2], sql, 3, params, map, stat_add_load, pb);
    if (st != KC_OK)
        goto out;
    snprintf(sql, sizeof(sql), stat_feedback_sql, key,
             group == STATISTICS_NONE ? "" : stat_feedback_join);
    st = stat_run(conn, stmt[3], sql, 3, params, map, stat_add_feedback, pb);
    if (st != KC_OK)
        goto out;
    st = stat_labels(conn, tenant_id, group, map, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_commit(conn, pb);
    in_tx = 0;
    if (st != KC_OK)
        goto out;
    /* without grouping there is always the one item, figures or not */
    if (group == STATISTICS_NONE && json_object_size(map) == 0) {
        item = json_pack("{s:s, s:s, s:i, s:i, s:i, s:{s:n, s:n}, s:{s:n, s:n}, s:n, s:{}, "
                         "s:{s:i, s:i, s:i}, s:{s:i, s:n}, s:n}",
                         "key", "all", "label", "all", "casesIn", 0, "casesOut", 0, "openLoad", 0,
                         "firstContactHours", "median", "p90", "resolutionHours", "median", "p90",
                         "slaCompliance", "leadTimeHours", "outcomes", "agreed", 0, "partlyAgreed",
                         0, "refused", 0, "satisfaction", "n", 0, "mean", "equalPartyShare");
        json_object_set_new(map, "all", item);
    }
    n = json_object_size(map);
    sorted = calloc(n > 0 ? n : 1, sizeof(*sorted));
    arr = json_array();
    if (sorted == NULL || arr == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    i = 0;
    json_object_foreach(map, k, item) sorted[i++] = item;
    qsort(sorted, n, sizeof(*sorted), stat_cmp);
    for (i = 0; i < n; i++)
        json_array_append(arr, sorted[i]);
    *items = arr;
    arr = NULL;
out:
    if (in_tx)
        kc_db_rollback(conn);
    free(sorted);
    json_decref(arr);
    json_decref(map);
    return st;
}
