#include "reports/statistics_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casedesk_repo.h"
#include "koers/log.h"
#include "reports/statistics_calc.h"

/* The period [T0, T1) of the days $2..$3 in Europe/Amsterdam. */
#define STAT_T0 "(($2::date)::timestamp AT TIME ZONE 'Europe/Amsterdam')"
#define STAT_T1 "(($3::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')"
/* The group key of case c per statistics_group (never client text). */
/* The group key of case c per statistics_group (never client text), as
 * text: the key of stat_day_groups (018). */
static const char *const stat_keys[] = {"'all'::text", "c.category_id::text", "c.district",
                                        "c.officer_id::text"};
static const char *const stat_names[] = {"none", "category", "district", "officer"};

/* The statements up to "clang-format on" are assembled from the macros
 * above; the formatter cannot lay such a statement out one clause per line,
 * so it leaves them as written. */
/* clang-format off */

/* The facts of the period come from two places, in one snapshot: the
 * closed days built into stat_day_groups (018: per day and group key the
 * counts and the sorted values of each percentile), and every other day
 * (today, yesterday, a day not built or made stale) from the raw rows,
 * streamed out of the covering indexes (008, 009, 014) by COPY in binary,
 * one index range per day (casedesk.stat_raw_days). statistics_calc.c
 * computes the counts and the exact percentiles from both. COPY takes no
 * parameters: the tenant, the days and the grouping travel as settings of
 * the transaction (set_config(..., true)). */
#define STAT_C_TENANT "current_setting('koers.stats_tenant')::uuid"
#define STAT_C_DAYS                                                                                \
    "casedesk.stat_raw_days(current_setting('koers.stats_tenant')::uuid,"                          \
    " current_setting('koers.stats_from')::date, current_setting('koers.stats_to')::date)"

/* Inflow of the raw days: the cases filed (key, created_at,
 * first_contact_at). */
static const char stat_in_copy[] =
    "COPY (SELECT %s, c.created_at, c.first_contact_at"
    "        FROM " STAT_C_DAYS " r"
    "        JOIN casedesk.cases c"
    "          ON c.tenant_id = " STAT_C_TENANT
    "         AND c.created_at >= r.t0"
    "         AND c.created_at < r.t1)"
    "  TO STDOUT (FORMAT binary)";

/* Outflow of the raw days: the cases resolved (key, created_at,
 * resolved_at, resolution_due, outcome, then the seconds per status in the
 * order of stat_lead_status). */
static const char stat_out_copy[] =
    "COPY (SELECT %s, c.created_at, c.resolved_at, c.resolution_due, c.outcome,"
    "             c.secs_assigned, c.secs_closed, c.secs_in_progress, c.secs_received,"
    "             c.secs_resolved, c.secs_solution_proposed, c.secs_waiting"
    "        FROM " STAT_C_DAYS " r"
    "        JOIN casedesk.cases c"
    "          ON c.tenant_id = " STAT_C_TENANT
    "         AND c.resolved_at >= r.t0"
    "         AND c.resolved_at < r.t1)"
    "  TO STDOUT (FORMAT binary)";

/* Feedback of the raw days (key, satisfaction, equal_party); grouped, each
 * answer's key is its case's, read by primary key (stat_fb_case_key; a
 * subquery per answer, never a hash join over every case of the tenant:
 * the raw days are few). */
static const char stat_fb_copy[] =
    "COPY (SELECT %s, f.satisfaction, f.equal_party"
    "        FROM " STAT_C_DAYS " r"
    "        JOIN casedesk.feedback f"
    "          ON f.tenant_id = " STAT_C_TENANT
    "         AND f.created_at >= r.t0"
    "         AND f.created_at < r.t1)"
    "  TO STDOUT (FORMAT binary)";
static const char stat_fb_case_key[] =
    "(SELECT %s FROM casedesk.cases c WHERE c.tenant_id = f.tenant_id AND c.id = f.case_id)";

/* The built days of the period: per day and group key of the grouping the
 * counts and the packed sorted values (see stat_fact_day). */
static const char stat_day_copy[] =
    "COPY (SELECT g.key, g.cases_in, g.first_contact, g.cases_out, g.resolution, g.with_due,"
    "             g.in_time, g.agreed, g.partly, g.refused, g.lead_assigned, g.lead_closed,"
    "             g.lead_in_progress, g.lead_received, g.lead_resolved,"
    "             g.lead_solution_proposed, g.lead_waiting, g.fb_n, g.fb_sum, g.fb_equal"
    "        FROM casedesk.stat_day_groups g"
    "        JOIN casedesk.stat_days s"
    "          ON s.tenant_id = g.tenant_id"
    "         AND s.day = g.day"
    "         AND s.fresh"
    "       WHERE g.tenant_id = " STAT_C_TENANT
    "         AND g.dim = current_setting('koers.stats_dim')::smallint"
    "         AND g.day >= current_setting('koers.stats_from')::date"
    "         AND g.day <= current_setting('koers.stats_to')::date)"
    "  TO STDOUT (FORMAT binary)";

/* Open load at the end of the period: filed before it and not resolved by
 * then. Two disjoint parts, each on an index: still open, or resolved
 * after the end (cases_resolved). The open statuses are spelled out (all
 * of 001's CHECK but resolved and closed; keep them in step): ungrouped,
 * cases_status (tenant_id, status, created_at) then answers by an
 * index-only scan of five ranges (~3 ms for 13,800 open cases of a
 * million) where "NOT IN ('resolved', 'closed')" fetched every open case's
 * row through the partial index of open cases (~25 ms); grouped, the key
 * needs the row either way. */
static const char stat_load_sql[] =
    "SELECT key, count(*)"
    "  FROM (SELECT %s AS key"
    "          FROM casedesk.cases c"
    "         WHERE c.tenant_id = $1"
    "           AND c.status IN ('received', 'assigned', 'in_progress', 'waiting', 'solution_proposed')"
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

/* the tenant and the days of the COPY statements */
static const char stat_settings_sql[] =
    "SELECT set_config('koers.stats_tenant', $1, true), set_config('koers.stats_from', $2, true),"
    "       set_config('koers.stats_to', $3, true), set_config('koers.stats_dim', $4, true)";

/* Builds up to $1 closed days not fresh (018's stat_days_refresh). */
static const char stat_refresh_sql[] =
    "SELECT casedesk.stat_days_refresh($1::integer)";

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

static json_t *stat_int(const PGresult *r, int row, int col)
{
    return json_integer(PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10));
}

/* The item of the group with map key k (NULL: the group without a key),
 * made with every figure empty the first time; borrowed from map. */
static json_t *stat_item_of(json_t *map, const char *k)
{
    json_t *item = json_object_get(map, k != NULL ? k : "\x01");

    if (item != NULL)
        return item;
    item = json_pack("{s:o, s:n, s:i, s:i, s:i, s:{s:n, s:n}, s:{s:n, s:n}, s:n, s:{}, "
                     "s:{s:i, s:i, s:i}, s:{s:i, s:n}, s:n}",
                     "key", k == NULL ? json_null() : json_string(k), "label", "casesIn", 0,
                     "casesOut", 0, "openLoad", 0, "firstContactHours", "median", "p90",
                     "resolutionHours", "median", "p90", "slaCompliance", "leadTimeHours",
                     "outcomes", "agreed", 0, "partlyAgreed", 0, "refused", 0, "satisfaction", "n",
                     0, "mean", "equalPartyShare");
    if (item == NULL)
        return NULL;
    json_object_set_new(map, k != NULL ? k : "\x01", item);
    return item;
}

/* The item of the group of row (its key in column 0). */
static json_t *stat_item(json_t *map, const PGresult *r, int row)
{
    return stat_item_of(map, PQgetisnull(r, row, 0) ? NULL : PQgetvalue(r, row, 0));
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

/* ---- the facts streamed by COPY (FORMAT binary) --------------------------- */

static long long stat_be64(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    unsigned long long v = 0;

    for (int i = 0; i < 8; i++)
        v = (v << 8) | u[i];
    return (long long)v;
}

static int stat_be32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;

    return (int)(((unsigned)u[0] << 24) | ((unsigned)u[1] << 16) | ((unsigned)u[2] << 8) | u[3]);
}

/* The fields of one row of a binary COPY: value and length (-1: NULL). */
#define STAT_MAX_FIELDS 20
typedef struct {
    const char *v[STAT_MAX_FIELDS];
    int len[STAT_MAX_FIELDS];
} stat_row;

/* An int8 or timestamptz field (NULL reads as 0: check len first). */
static long long stat_i64(const stat_row *r, int i)
{
    return r->len[i] == 8 ? stat_be64(r->v[i]) : 0;
}

/* What the streamed facts are gathered into. The built days' sorted runs
 * point into the CopyData buffers they came in, kept until the answer is
 * written. */
typedef struct {
    stat_groups groups;
    char **kept;
    size_t nkept, capkept;
    int keep; /* the current buffer holds a kept run */
} stat_facts;

static void stat_facts_free(stat_facts *f)
{
    stat_groups_free(&f->groups);
    for (size_t i = 0; i < f->nkept; i++)
        PQfreemem(f->kept[i]);
    free(f->kept);
    memset(f, 0, sizeof(*f));
}

/* Keeps a CopyData buffer (libpq's) for f's life; 0, or -1 when out of
 * memory (buf is then the caller's still). */
static int stat_facts_keep(stat_facts *f, char *buf)
{
    if (f->nkept == f->capkept) {
        size_t cap = f->capkept > 0 ? f->capkept * 2 : 256;
        char **kept = realloc(f->kept, cap * sizeof(*kept));
        if (kept == NULL)
            return -1;
        f->kept = kept;
        f->capkept = cap;
    }
    f->kept[f->nkept++] = buf;
    return 0;
}

/* Inflow row: key, created_at, first_contact_at. */
static int stat_fact_in(stat_facts *f, const stat_row *r, int nf)
{
    stat_group *x = stat_groups_get(&f->groups, r->v[0], r->len[0]);

    if (x == NULL || nf != 3)
        return -1;
    x->cases_in++;
    if (r->len[2] == 8 && stat_values_push(&x->first_contact,
                                           stat_hours_between(stat_i64(r, 1), stat_i64(r, 2))) != 0)
        return -1;
    return 0;
}

/* Outflow row: key, created_at, resolved_at, resolution_due, outcome, the
 * seconds per status. */
static int stat_fact_out(stat_facts *f, const stat_row *r, int nf)
{
    stat_group *x = stat_groups_get(&f->groups, r->v[0], r->len[0]);
    long long resolved = stat_i64(r, 2);

    if (x == NULL || nf != 5 + STAT_LEAD_N)
        return -1;
    x->cases_out++;
    if (stat_values_push(&x->resolution, stat_hours_between(stat_i64(r, 1), resolved)) != 0)
        return -1;
    if (r->len[3] == 8) {
        x->with_due++;
        if (resolved <= stat_i64(r, 3))
            x->in_time++;
    }
    if (r->len[4] == 6 && memcmp(r->v[4], "agreed", 6) == 0)
        x->agreed++;
    else if (r->len[4] == 13 && memcmp(r->v[4], "partly_agreed", 13) == 0)
        x->partly++;
    else if (r->len[4] == 7 && memcmp(r->v[4], "refused", 7) == 0)
        x->refused++;
    for (int i = 0; i < STAT_LEAD_N; i++)
        if (r->len[5 + i] == 8 &&
            stat_values_push(&x->lead[i], stat_hours_of_secs(stat_i64(r, 5 + i))) != 0)
            return -1;
    return 0;
}

/* Feedback row: key, satisfaction (int2), equal_party (bool). */
static int stat_fact_fb(stat_facts *f, const stat_row *r, int nf)
{
    stat_group *x;

    if (nf != 3 || r->len[1] != 2 || r->len[2] != 1)
        return -1;
    x = stat_groups_get(&f->groups, r->v[0], r->len[0]);
    if (x == NULL)
        return -1;
    x->fb_n++;
    x->fb_sum += (short)(((unsigned char)r->v[1][0] << 8) | (unsigned char)r->v[1][1]);
    x->fb_equal += r->v[2][0] != 0;
    return 0;
}

/* An int4 field (NULL reads as 0). */
static long long stat_i32(const stat_row *r, int i)
{
    return r->len[i] == 4 ? stat_be32(r->v[i]) : 0;
}

/* Adds the packed sorted values of a bytea field (float8send's, 8 bytes
 * each; NULL: none) as a run; when the run is kept as it is (long runs),
 * so is the CopyData buffer it lies in. 0 or -1. */
static int stat_day_values(stat_facts *f, stat_values *a, const stat_row *r, int i)
{
    int rc;

    if (r->len[i] <= 0)
        return 0;
    if (r->len[i] % 8 != 0)
        return -1;
    rc = stat_values_add_run(a, r->v[i], (size_t)r->len[i] / 8);
    if (rc > 0)
        f->keep = 1;
    return rc < 0 ? -1 : 0;
}

/* Built day row (stat_day_copy): key, cases_in, first_contact, cases_out,
 * resolution, with_due, in_time, agreed, partly, refused, the seven lead
 * times, fb_n, fb_sum, fb_equal. */
static int stat_fact_day(stat_facts *f, const stat_row *r, int nf)
{
    stat_group *x = stat_groups_get(&f->groups, r->v[0], r->len[0]);

    if (x == NULL || nf != 13 + STAT_LEAD_N)
        return -1;
    x->cases_in += stat_i32(r, 1);
    x->cases_out += stat_i32(r, 3);
    x->with_due += stat_i32(r, 5);
    x->in_time += stat_i32(r, 6);
    x->agreed += stat_i32(r, 7);
    x->partly += stat_i32(r, 8);
    x->refused += stat_i32(r, 9);
    x->fb_n += stat_i32(r, 10 + STAT_LEAD_N);
    x->fb_sum += stat_i32(r, 11 + STAT_LEAD_N);
    x->fb_equal += stat_i32(r, 12 + STAT_LEAD_N);
    if (stat_day_values(f, &x->first_contact, r, 2) != 0 ||
        stat_day_values(f, &x->resolution, r, 4) != 0)
        return -1;
    for (int i = 0; i < STAT_LEAD_N; i++)
        if (stat_day_values(f, &x->lead[i], r, 10 + i) != 0)
            return -1;
    return 0;
}

/* Parses the rows in one CopyData message (the first also carries the
 * file header) into fact(); 1 at the trailer, 0 for more, -1 on a
 * malformed message or no memory. */
static int stat_copy_chunk(const char *p, int n, int *header_done, stat_facts *g,
                           int (*fact)(stat_facts *, const stat_row *, int))
{
    static const char sig[11] = "PGCOPY\n\377\r\n";
    const char *end = p + n;

    if (!*header_done) {
        if (n < 19 || memcmp(p, sig, 11) != 0)
            return -1;
        p += 19 + stat_be32(p + 15); /* signature, flags, header extension */
        *header_done = 1;
    }
    while (p + 2 <= end) {
        int nf = (int)(short)(((unsigned char)p[0] << 8) | (unsigned char)p[1]);
        stat_row r;

        p += 2;
        if (nf == -1)
            return 1;
        if (nf < 1 || nf > STAT_MAX_FIELDS)
            return -1;
        for (int i = 0; i < nf; i++) {
            if (p + 4 > end)
                return -1;
            r.len[i] = stat_be32(p);
            p += 4;
            r.v[i] = p;
            if (r.len[i] > 0) {
                if (r.len[i] > end - p)
                    return -1;
                p += r.len[i];
            }
        }
        if (fact(g, &r, nf) != 0)
            return -1;
    }
    return p == end ? 0 : -1;
}

/* Runs a COPY ... TO STDOUT (FORMAT binary) and hands every row to fact();
 * a CopyData buffer whose rows fact() kept runs of (g->keep) stays in g. */
static kc_status stat_copy(kc_db_conn *conn, const char *sql, stat_facts *g,
                           int (*fact)(stat_facts *, const stat_row *, int), kc_problem *pb)
{
    PGconn *pg = kc_db_pg(conn);
    PGresult *res = NULL;
    char *buf = NULL;
    int n, header_done = 0, done = 0, bad = 0;
    kc_status st = KC_OK;

    res = PQexec(pg, sql);
    if (PQresultStatus(res) != PGRES_COPY_OUT) {
        kc_log(KC_LOG_ERROR, NULL, "statistics: %s", PQerrorMessage(pg));
        st = kc_problem_set(pb, PQstatus(pg) == CONNECTION_OK ? KC_INTERNAL : KC_UNAVAILABLE,
                            "the statistics could not be read");
        goto out;
    }
    PQclear(res);
    res = NULL;
    /* read to the end even after a bad row: the connection stays usable */
    while ((n = PQgetCopyData(pg, &buf, 0)) > 0) {
        g->keep = 0;
        if (!bad && !done) {
            int rc = stat_copy_chunk(buf, n, &header_done, g, fact);
            if (rc < 0)
                bad = 1;
            else if (rc > 0)
                done = 1;
        }
        if (g->keep && stat_facts_keep(g, buf) == 0)
            buf = NULL;
        else if (g->keep)
            bad = 1;
        PQfreemem(buf);
        buf = NULL;
    }
    while ((res = PQgetResult(pg)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && st == KC_OK) {
            kc_log(KC_LOG_ERROR, NULL, "statistics: %s", PQerrorMessage(pg));
            st = kc_problem_set(pb, PQstatus(pg) == CONNECTION_OK ? KC_INTERNAL : KC_UNAVAILABLE,
                                "the statistics could not be read");
        }
        PQclear(res);
    }
    if (st == KC_OK && (n == -2 || bad || !done)) {
        kc_log(KC_LOG_ERROR, NULL, "statistics: the facts were cut short or malformed");
        st = kc_problem_set(pb, KC_INTERNAL, "the statistics could not be read");
    }
out:
    PQclear(res);
    return st;
}

/* median and p90 of a set as {"median": .., "p90": ..} members of obj */
static int stat_set_pct(json_t *obj, stat_values *a)
{
    double m, p;
    int rc = stat_values_percentile(a, 0.5, &m);

    if (rc == -1)
        return json_object_set_new(obj, "median", json_null()) |
               json_object_set_new(obj, "p90", json_null());
    if (rc != 0 || stat_values_percentile(a, 0.9, &p) != 0)
        return -1;
    return json_object_set_new(obj, "median", json_real(m)) |
           json_object_set_new(obj, "p90", json_real(p));
}

/* Writes the figures of group x into its item of map. */
static int stat_add_group(json_t *map, stat_group *x)
{
    char *dup = NULL;
    json_t *item, *lead, *oc;
    int rc = 0;

    if (x->key_len >= 0) {
        dup = malloc((size_t)x->key_len + 1);
        if (dup == NULL)
            return -1;
        memcpy(dup, x->key, (size_t)x->key_len);
        dup[x->key_len] = '\0';
    }
    item = stat_item_of(map, dup);
    free(dup);
    if (item == NULL)
        return -1;
    rc |= json_object_set_new(item, "casesIn", json_integer(x->cases_in));
    rc |= stat_set_pct(json_object_get(item, "firstContactHours"), &x->first_contact);
    rc |= json_object_set_new(item, "casesOut", json_integer(x->cases_out));
    rc |= stat_set_pct(json_object_get(item, "resolutionHours"), &x->resolution);
    rc |= json_object_set_new(item, "slaCompliance",
                              x->with_due > 0 ? json_real((double)x->in_time / (double)x->with_due)
                                              : json_null());
    oc = json_object_get(item, "outcomes");
    rc |= json_object_set_new(oc, "agreed", json_integer(x->agreed));
    rc |= json_object_set_new(oc, "partlyAgreed", json_integer(x->partly));
    rc |= json_object_set_new(oc, "refused", json_integer(x->refused));
    lead = json_object_get(item, "leadTimeHours");
    if (x->fb_n > 0) {
        json_t *sat = json_object_get(item, "satisfaction");
        rc |= json_object_set_new(sat, "n", json_integer(x->fb_n));
        rc |= json_object_set_new(sat, "mean", json_real(stat_ratio_round(x->fb_sum, x->fb_n, 2)));
        rc |= json_object_set_new(item, "equalPartyShare",
                                  json_real(stat_ratio_round(x->fb_equal, x->fb_n, 4)));
    }
    for (int i = 0; i < STAT_LEAD_N; i++) {
        json_t *o;
        if (stat_values_count(&x->lead[i]) == 0)
            continue;
        o = json_object();
        if (o == NULL || stat_set_pct(o, &x->lead[i]) != 0 ||
            json_object_set_new(lead, stat_lead_status[i], o) != 0)
            return -1;
    }
    return rc != 0 ? -1 : 0;
}

static int stat_add_load(json_t *item, const PGresult *r, int row)
{
    return json_object_set_new(item, "openLoad", stat_int(r, row, 1));
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
    static const char *const dims[] = {"0", "1", "2", "3"};
    const char *key = stat_keys[group];
    const char *params[3] = {tenant_id, from, to};
    const char *sparams[4] = {tenant_id, from, to, dims[group]};
    char sql[4096], stmt[4][48];
    json_t *map = json_object(), *arr = NULL, *item;
    json_t **sorted = NULL;
    const char *k;
    size_t n = 0, i;
    int in_tx = 0;
    stat_facts facts = {0};
    kc_status st;

    *items = NULL;
    if (map == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    for (i = 0; i < 4; i++)
        snprintf(stmt[i], sizeof(stmt[i]), "casedesk_stats_%zu_%s", i, stat_names[group]);
    /* one snapshot for every figure, built days and raw rows alike; not in
     * pipeline mode (kc_db_begin), where COPY cannot run */
    st = kc_db_exec(conn, NULL, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", 0, NULL, NULL,
                    pb);
    if (st != KC_OK)
        goto out;
    in_tx = 1;
    /* JIT compiles longer than these queries run */
    st = kc_db_exec(conn, NULL, "SET LOCAL jit = off", 0, NULL, NULL, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_exec(conn, "casedesk_stats_settings", stat_settings_sql, 4, sparams, NULL, pb);
    if (st != KC_OK)
        goto out;
    st = stat_copy(conn, stat_day_copy, &facts, stat_fact_day, pb);
    if (st != KC_OK)
        goto out;
    snprintf(sql, sizeof(sql), stat_in_copy, key);
    st = stat_copy(conn, sql, &facts, stat_fact_in, pb);
    if (st != KC_OK)
        goto out;
    snprintf(sql, sizeof(sql), stat_out_copy, key);
    st = stat_copy(conn, sql, &facts, stat_fact_out, pb);
    if (st != KC_OK)
        goto out;
    if (group == STATISTICS_NONE) {
        snprintf(sql, sizeof(sql), stat_fb_copy, key);
    } else {
        char case_key[256];
        snprintf(case_key, sizeof(case_key), stat_fb_case_key, key);
        snprintf(sql, sizeof(sql), stat_fb_copy, case_key);
    }
    st = stat_copy(conn, sql, &facts, stat_fact_fb, pb);
    if (st != KC_OK)
        goto out;
    for (i = 0; i < facts.groups.n; i++)
        if (stat_add_group(map, facts.groups.items[i]) != 0) {
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
    snprintf(sql, sizeof(sql), stat_load_sql, key, key);
    st = stat_run(conn, stmt[2], sql, 3, params, map, stat_add_load, pb);
    if (st != KC_OK)
        goto out;
    st = stat_labels(conn, tenant_id, group, map, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_exec(conn, NULL, "COMMIT", 0, NULL, NULL, pb);
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
    stat_facts_free(&facts);
    free(sorted);
    json_decref(arr);
    json_decref(map);
    return st;
}

kc_status statistics_repo_refresh_days(kc_db_conn *conn, int max_days, int *built, kc_problem *pb)
{
    char limit[16];
    const char *params[1] = {limit};
    PGresult *res = NULL;
    kc_status st;

    *built = 0;
    snprintf(limit, sizeof(limit), "%d", max_days);
    /* stat_days locked before the snapshot: every writer that marked a day
     * stale has committed and is in it, and the writers that mark one now
     * wait for this transaction (018). Waiting is bounded: the writers that
     * would mark an old day queue behind the lock while it waits; on the
     * timeout the pass fails and a later one builds. */
    st = kc_db_exec(conn, NULL, "BEGIN ISOLATION LEVEL REPEATABLE READ", 0, NULL, NULL, pb);
    if (st == KC_OK)
        st = kc_db_exec(conn, NULL, "SET LOCAL lock_timeout = '500ms'", 0, NULL, NULL, pb);
    if (st == KC_OK)
        st = kc_db_exec(conn, NULL, "LOCK TABLE casedesk.stat_days IN SHARE ROW EXCLUSIVE MODE", 0,
                        NULL, NULL, pb);
    if (st != KC_OK) {
        kc_db_rollback(conn);
        goto out;
    }
    st = kc_db_exec(conn, "casedesk_stats_refresh", stat_refresh_sql, 1, params, &res, pb);
    if (st == KC_OK)
        st = kc_db_exec(conn, NULL, "COMMIT", 0, NULL, NULL, pb);
    if (st != KC_OK) {
        kc_db_rollback(conn);
        goto out;
    }
    *built = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
out:
    PQclear(res);
    return st;
}
