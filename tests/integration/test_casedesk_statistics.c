/* Integration tests of the casedesk statistics against PostgreSQL: the
 * figures statistics_repo_compute streams and computes in C equal, member
 * by member and to the last bit of every double, the figures the raw SQL
 * computes from the same rows (the SQL the repository ran before issue 16,
 * kept here: percentile_cont in PostgreSQL, round(x::numeric, 2)). Over a
 * varied tenant (categories, districts with none, officers with none, ties,
 * NULL seconds, values on a rounding edge, feedback given five days after
 * the resolution: grouped, its case is then often not among the period's
 * resolved ones and is read by key), for several periods and every
 * groupBy, before and after late changes (a case reopened, reassigned to
 * another officer and category, its district anonymised, a first contact
 * booked late, a case resolved on another day). Since stats3 the closed
 * days are built into casedesk.stat_day_groups (018) and read from there:
 * every comparison runs with nothing built (all raw), with every closed day
 * built, after late changes that make built days stale (read raw until
 * built again) and after the rebuild, also over the two DST changes of
 * 2025 (days of 23 and 25 hours) with cases on their edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "casedesk_it.h"
#include "reports/statistics_calc.h"
#include "reports/statistics_repo.h"

#define TENANT_X "7d1c2f4e-2222-4a2b-9c3d-000000000051"

/* ---- the raw SQL of the figures as the repository ran it before --------- */

#define RAW_T0          "(($2::date)::timestamp AT TIME ZONE 'Europe/Amsterdam')"
#define RAW_T1          "(($3::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')"
#define RAW_HOURS(a, b) "(extract(epoch FROM " a " - " b ")::float8 / 3600)"
#define RAW_PCT(expr, filter)                                                                      \
    "percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY " expr ")" filter
#define RAW_P(a)         "round(" a "[1]::numeric, 2), round(" a "[2]::numeric, 2)"
#define RAW_LEAD(st)     ", " RAW_PCT("c.secs_" st "::float8 / 3600", "") " AS l_" st
#define RAW_LEAD_OUT(st) ", " RAW_P("l_" st)
#define RAW_LEAD_ALL(m)                                                                            \
    m("assigned") m("closed") m("in_progress") m("received") m("resolved") m("solution_proposed")  \
        m("waiting")

/* clang-format off */
static const char raw_in_sql[] =
    "SELECT key, n, " RAW_P("fc")
    "  FROM (SELECT %s AS key, count(*) AS n, "
                    RAW_PCT(RAW_HOURS("c.first_contact_at", "c.created_at"),
                            " FILTER (WHERE c.first_contact_at IS NOT NULL)") " AS fc"
    "          FROM casedesk.cases c"
    "         WHERE c.tenant_id = $1"
    "           AND c.created_at >= " RAW_T0
    "           AND c.created_at < " RAW_T1
    "         GROUP BY 1) s";

static const char raw_out_sql[] =
    "SELECT key, n, " RAW_P("r") ","
    "       with_due, in_time, agreed, partly, refused"
            RAW_LEAD_ALL(RAW_LEAD_OUT)
    "  FROM (SELECT %s AS key, count(*) AS n, "
                    RAW_PCT(RAW_HOURS("c.resolved_at", "c.created_at"), "") " AS r,"
    "               count(*) FILTER (WHERE c.resolution_due IS NOT NULL) AS with_due,"
    "               count(*) FILTER (WHERE c.resolved_at <= c.resolution_due) AS in_time,"
    "               count(*) FILTER (WHERE c.outcome = 'agreed') AS agreed,"
    "               count(*) FILTER (WHERE c.outcome = 'partly_agreed') AS partly,"
    "               count(*) FILTER (WHERE c.outcome = 'refused') AS refused"
                    RAW_LEAD_ALL(RAW_LEAD)
    "          FROM casedesk.cases c"
    "         WHERE c.tenant_id = $1"
    "           AND c.resolved_at >= " RAW_T0
    "           AND c.resolved_at < " RAW_T1
    "         GROUP BY 1) s";

/* the feedback of the period by its case's group */
static const char raw_fb_sql[] =
    "SELECT %s AS key, count(*), round(avg(f.satisfaction), 2),"
    "       round(count(*) FILTER (WHERE f.equal_party)::numeric / count(*), 4)"
    "  FROM casedesk.feedback f"
    "  JOIN casedesk.cases c ON c.tenant_id = f.tenant_id AND c.id = f.case_id"
    " WHERE f.tenant_id = $1"
    "   AND f.created_at >= " RAW_T0
    "   AND f.created_at < " RAW_T1
    " GROUP BY 1";
/* clang-format on */

static const char *const raw_keys[] = {"'all'::text", "c.category_id", "c.district",
                                       "c.officer_id"};
static const char *const raw_lead[] = {
    "assigned", "closed", "in_progress", "received", "resolved", "solution_proposed", "waiting"};

/* ---- the data ----------------------------------------------------------- */

/* 4 categories, 5 officers, 4 districts and no district, 2,400 cases
 * filed over 120 days up to now: ties (whole hours), values on a rounding
 * edge (18 s = 0.005 h), NULL seconds, unresolved and never contacted
 * cases, outcomes, deadlines met and missed. */
static void make_tenant(void)
{
    IT_SQL("INSERT INTO casedesk.categories (id, tenant_id, name, sla_days, first_contact_days)"
           " SELECT gen_random_uuid(), $1, 'Cat ' || g, 5 * g, 2 FROM generate_series(1, 4) g",
           TENANT_X);
    IT_SQL("INSERT INTO casedesk.liaison_officers (id, tenant_id, name, email, capacity)"
           " SELECT gen_random_uuid(), $1, 'Off ' || g, 'o' || g || '@x.example', 100"
           "   FROM generate_series(1, 5) g",
           TENANT_X);
    IT_SQL(
        "WITH cat AS (SELECT row_number() OVER (ORDER BY name) - 1 AS n, id, sla_days"
        "               FROM casedesk.categories WHERE tenant_id = $1),"
        "     off AS (SELECT row_number() OVER (ORDER BY name) - 1 AS n, id"
        "               FROM casedesk.liaison_officers WHERE tenant_id = $1),"
        "     g AS (SELECT g AS n,"
        "                  date_trunc('second', now()) - (g * 4321 % 10368000) * interval '1 second'"
        "                      AS created_at,"
        "                  g % 4 AS cat_n, g % 6 AS off_n, g % 5 AS dist_n,"
        "                  CASE WHEN g % 7 = 0 THEN interval '18 seconds'"
        "                       WHEN g % 3 = 0 THEN (g % 50) * interval '1 hour'"
        "                       ELSE (g * 7919 % 400000) * interval '1 second' END AS to_contact,"
        "                  CASE WHEN g % 5 = 0 THEN (g % 20) * interval '1 day'"
        "                       ELSE (g * 104729 % 3000000) * interval '1 second'"
        "                            + (g % 1000) * interval '1 microsecond' END AS to_resolve"
        "             FROM generate_series(1, 2400) g)"
        " INSERT INTO casedesk.cases (id, tenant_id, reference, category_id, description,"
        "                             district, channel, priority, status, officer_id,"
        "                             created_at, updated_at, resolution_due, first_contact_at,"
        "                             status_since, resolved_at, outcome, secs_received,"
        "                             secs_assigned, secs_in_progress, secs_waiting,"
        "                             secs_resolved)"
        " SELECT gen_random_uuid(), $1, 'ST-' || g.n, cat.id, 'd',"
        "        CASE WHEN g.dist_n = 4 THEN NULL ELSE 'Wijk ' || g.dist_n END, 'web', 'normal',"
        "        CASE WHEN g.created_at + g.to_resolve < now() THEN 'resolved'"
        "             ELSE 'in_progress' END,"
        "        off.id, g.created_at, g.created_at,"
        "        CASE WHEN g.n % 11 <> 0 THEN g.created_at + make_interval(days => cat.sla_days) END,"
        "        CASE WHEN g.n % 13 <> 0 AND g.created_at + g.to_contact < now()"
        "             THEN g.created_at + g.to_contact END,"
        "        g.created_at,"
        "        CASE WHEN g.created_at + g.to_resolve < now() THEN g.created_at + g.to_resolve END,"
        "        CASE WHEN g.created_at + g.to_resolve < now()"
        "             THEN (ARRAY['agreed', 'partly_agreed', 'refused', 'agreed'])[1 + g.n % 4] END,"
        "        CASE WHEN g.created_at + g.to_resolve < now() THEN g.n % 9 * 18 END,"
        "        CASE WHEN g.created_at + g.to_resolve < now() THEN g.n % 17 * 3600 END,"
        "        CASE WHEN g.created_at + g.to_resolve < now() AND g.n % 4 <> 0"
        "             THEN g.n * 7 % 90000 END,"
        "        CASE WHEN g.created_at + g.to_resolve < now() AND g.n % 3 = 0 THEN 3600 END,"
        "        CASE WHEN g.n % 29 = 0 THEN g.n END"
        "   FROM g JOIN cat ON cat.n = g.cat_n LEFT JOIN off ON off.n = g.off_n",
        TENANT_X);
    IT_SQL(
        "INSERT INTO casedesk.feedback (tenant_id, case_id, round, satisfaction, equal_party,"
        "                              created_at)"
        " SELECT tenant_id, id, 0, 1 + abs(hashtext(reference)) % 5, hashtext(reference) % 3 <> 0,"
        "        resolved_at + CASE WHEN abs(hashtext(reference)) % 4 = 0"
        "                            AND resolved_at < now() - interval '5 days'"
        "                           THEN interval '5 days' ELSE interval '1 hour' END"
        "   FROM casedesk.cases WHERE tenant_id = $1 AND resolved_at IS NOT NULL"
        "    AND abs(hashtext(reference)) % 3 = 0 AND resolved_at < now() - interval '1 hour'",
        TENANT_X);
}

/* ---- comparing ---------------------------------------------------------- */

/* The item of items with key (NULL: the group without a key). */
static json_t *item_of(json_t *items, const char *key)
{
    size_t i;
    json_t *it;

    json_array_foreach(items, i, it)
    {
        const char *k = json_string_value(json_object_get(it, "key"));
        if (key == NULL ? k == NULL : (k != NULL && strcmp(k, key) == 0))
            return it;
    }
    return NULL;
}

/* A figure as the client sees it equals the raw SQL's numeric text (NULL
 * for an SQL NULL) to the bit. */
static void assert_num(json_t *v, const PGresult *r, int row, int col, const char *what)
{
    if (PQgetisnull(r, row, col)) {
        if (!json_is_null(v))
            fail_msg("%s: %g where the raw SQL has none", what, json_real_value(v));
        return;
    }
    if (!json_is_real(v) || json_real_value(v) != strtod(PQgetvalue(r, row, col), NULL))
        fail_msg("%s: %.17g where the raw SQL has %s", what,
                 json_is_real(v) ? json_real_value(v) : -1.0, PQgetvalue(r, row, col));
}

static void assert_int(json_t *v, const PGresult *r, int row, int col, const char *what)
{
    if (json_integer_value(v) != strtoll(PQgetvalue(r, row, col), NULL, 10))
        fail_msg("%s: %lld where the raw SQL has %s", what, (long long)json_integer_value(v),
                 PQgetvalue(r, row, col));
}

/* which: 0 inflow, 1 outflow, 2 feedback */
static PGresult *raw(int which, statistics_group group, const char *from, const char *to)
{
    char sql[8192];
    const char *params[3] = {TENANT_X, from, to};
    PGresult *r;

    if (which == 2)
        snprintf(sql, sizeof(sql), raw_fb_sql, raw_keys[group]);
    else if (which == 1)
        snprintf(sql, sizeof(sql), raw_out_sql, raw_keys[group]);
    else
        snprintf(sql, sizeof(sql), raw_in_sql, raw_keys[group]);
    r = PQexecParams(kc_db_pg(conn), sql, 3, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("raw sql: %s", PQerrorMessage(kc_db_pg(conn)));
    return r;
}

/* Every group of the raw figures is an item with the same figures, and
 * there are as many groups (those with cases in or out; the rest only
 * carry open load or feedback, read by the same SQL as before). Returns the
 * number of figures compared. */
static int compare(statistics_group group, const char *from, const char *to)
{
    static const char *const names[] = {"none", "category", "district", "officer"};
    json_t *items = NULL, *runs = NULL, *it;
    kc_problem pb;
    PGresult *in = NULL, *out = NULL, *fb = NULL;
    int with_fb = 0;
    char what[160];
    int compared = 0, row, i;

    kc_problem_init(&pb);
    if (statistics_repo_compute(conn, TENANT_X, from, to, group, &items, &pb) != KC_OK)
        fail_msg("compute %s %s..%s: %s", names[group], from, to, pb.detail);
    kc_problem_clear(&pb);
    /* the same answer with every built day's values kept as a sorted run
     * and the ranks selected across the runs (stats4): the days here hold
     * fewer values than STAT_RUNS_MIN_LEN, which are copied */
    stat_values_set_min_run(1);
    if (statistics_repo_compute(conn, TENANT_X, from, to, group, &runs, &pb) != KC_OK)
        fail_msg("compute %s %s..%s from the runs: %s", names[group], from, to, pb.detail);
    stat_values_set_min_run(STAT_RUNS_MIN_LEN);
    kc_problem_clear(&pb);
    if (!json_equal(items, runs))
        fail_msg("%s %s..%s: the figures selected across the kept runs differ", names[group], from,
                 to);
    json_decref(runs);
    in = raw(0, group, from, to);
    out = raw(1, group, from, to);
    fb = raw(2, group, from, to);
    for (row = 0; row < PQntuples(in); row++) {
        const char *key = PQgetisnull(in, row, 0) ? NULL : PQgetvalue(in, row, 0);
        snprintf(what, sizeof(what), "%s %s..%s group %s", names[group], from, to,
                 key != NULL ? key : "(none)");
        it = item_of(items, key);
        if (it == NULL)
            fail_msg("%s: no item", what);
        assert_int(json_object_get(it, "casesIn"), in, row, 1, what);
        assert_num(json_object_get(json_object_get(it, "firstContactHours"), "median"), in, row, 2,
                   what);
        assert_num(json_object_get(json_object_get(it, "firstContactHours"), "p90"), in, row, 3,
                   what);
        compared += 3;
    }
    for (row = 0; row < PQntuples(out); row++) {
        const char *key = PQgetisnull(out, row, 0) ? NULL : PQgetvalue(out, row, 0);
        json_t *lead, *oc;
        long long with_due = strtoll(PQgetvalue(out, row, 4), NULL, 10);
        long long in_time = strtoll(PQgetvalue(out, row, 5), NULL, 10);
        json_t *sla;
        snprintf(what, sizeof(what), "%s %s..%s group %s (out)", names[group], from, to,
                 key != NULL ? key : "(none)");
        it = item_of(items, key);
        if (it == NULL)
            fail_msg("%s: no item", what);
        assert_int(json_object_get(it, "casesOut"), out, row, 1, what);
        assert_num(json_object_get(json_object_get(it, "resolutionHours"), "median"), out, row, 2,
                   what);
        assert_num(json_object_get(json_object_get(it, "resolutionHours"), "p90"), out, row, 3,
                   what);
        sla = json_object_get(it, "slaCompliance");
        if (with_due == 0 ? !json_is_null(sla)
                          : json_real_value(sla) != (double)in_time / (double)with_due)
            fail_msg("%s: slaCompliance", what);
        oc = json_object_get(it, "outcomes");
        assert_int(json_object_get(oc, "agreed"), out, row, 6, what);
        assert_int(json_object_get(oc, "partlyAgreed"), out, row, 7, what);
        assert_int(json_object_get(oc, "refused"), out, row, 8, what);
        lead = json_object_get(it, "leadTimeHours");
        for (i = 0; i < 7; i++) {
            json_t *l = json_object_get(lead, raw_lead[i]);
            char w2[200];
            snprintf(w2, sizeof(w2), "%s lead %s", what, raw_lead[i]);
            if (PQgetisnull(out, row, 9 + 2 * i)) {
                if (l != NULL)
                    fail_msg("%s: present where the raw SQL has none", w2);
                continue;
            }
            if (l == NULL)
                fail_msg("%s: missing", w2);
            assert_num(json_object_get(l, "median"), out, row, 9 + 2 * i, w2);
            assert_num(json_object_get(l, "p90"), out, row, 10 + 2 * i, w2);
            compared += 2;
        }
        compared += 7;
    }
    for (row = 0; row < PQntuples(fb); row++) {
        const char *key = PQgetisnull(fb, row, 0) ? NULL : PQgetvalue(fb, row, 0);
        json_t *sat;
        snprintf(what, sizeof(what), "%s %s..%s group %s (feedback)", names[group], from, to,
                 key != NULL ? key : "(none)");
        it = item_of(items, key);
        if (it == NULL)
            fail_msg("%s: no item", what);
        sat = json_object_get(it, "satisfaction");
        assert_int(json_object_get(sat, "n"), fb, row, 1, what);
        assert_num(json_object_get(sat, "mean"), fb, row, 2, what);
        assert_num(json_object_get(it, "equalPartyShare"), fb, row, 3, what);
        compared += 3;
    }
    /* no item with feedback the raw SQL does not know */
    {
        size_t j;
        json_array_foreach(items, j, it)
        {
            with_fb +=
                json_integer_value(json_object_get(json_object_get(it, "satisfaction"), "n")) > 0;
        }
        if (with_fb != PQntuples(fb))
            fail_msg("%s %s..%s: %d items with feedback, the raw SQL has %d groups", names[group],
                     from, to, with_fb, PQntuples(fb));
    }
    /* no item with cases in or out that the raw SQL does not know */
    {
        size_t j;
        json_array_foreach(items, j, it)
        {
            const char *k = json_string_value(json_object_get(it, "key"));
            int found = 0;
            if (json_integer_value(json_object_get(it, "casesIn")) == 0 &&
                json_integer_value(json_object_get(it, "casesOut")) == 0)
                continue;
            for (row = 0; row < PQntuples(in) && !found; row++)
                found = PQgetisnull(in, row, 0)
                            ? k == NULL
                            : (k != NULL && strcmp(k, PQgetvalue(in, row, 0)) == 0);
            for (row = 0; row < PQntuples(out) && !found; row++)
                found = PQgetisnull(out, row, 0)
                            ? k == NULL
                            : (k != NULL && strcmp(k, PQgetvalue(out, row, 0)) == 0);
            if (!found)
                fail_msg("%s %s..%s: item %s unknown to the raw SQL", names[group], from, to,
                         k != NULL ? k : "(none)");
        }
    }
    PQclear(in);
    PQclear(out);
    PQclear(fb);
    json_decref(items);
    return compared;
}

/* The periods: the whole data, a month in the middle, one day, the last
 * week up to today, a period with nothing. */
static int compare_all(void)
{
    char today[16], d30[16], d60[16], d200[16], d7[16];
    int n = 0;

    it_sql_value(today, sizeof(today), "SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date");
    it_sql_value(d7, sizeof(d7), "SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date - 7");
    it_sql_value(d30, sizeof(d30), "SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date - 30");
    it_sql_value(d60, sizeof(d60), "SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date - 60");
    it_sql_value(d200, sizeof(d200), "SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date - 200");
    for (int g = STATISTICS_NONE; g <= STATISTICS_OFFICER; g++) {
        n += compare((statistics_group)g, d200, today);
        n += compare((statistics_group)g, d60, d30);
        n += compare((statistics_group)g, d30, d30);
        n += compare((statistics_group)g, d7, today);
        n += compare((statistics_group)g, "2001-01-01", "2001-12-31");
    }
    return n;
}

/* Cases around the DST changes of 2025 in Europe/Amsterdam (30 March:
 * 02:00 CET -> 03:00 CEST, the day has 23 hours; 26 October: 03:00 CEST ->
 * 02:00 CET, 25 hours): filed and resolved on the edges of those days
 * (UTC instants), with feedback. */
static void make_dst_cases(void)
{
    IT_SQL(
        "WITH t(n, created_at, resolved_at) AS (VALUES"
        "  (1, timestamptz '2025-03-29 22:59:59.999999+00', timestamptz '2025-03-29 23:00:00+00'),"
        "  (2, timestamptz '2025-03-29 23:00:00+00', timestamptz '2025-03-30 00:59:59+00'),"
        "  (3, timestamptz '2025-03-30 01:00:00+00', timestamptz '2025-03-30 21:59:59.5+00'),"
        "  (4, timestamptz '2025-03-30 21:59:59+00', timestamptz '2025-03-30 22:00:00+00'),"
        "  (5, timestamptz '2025-03-30 22:00:00+00', timestamptz '2025-03-31 03:00:00+00'),"
        "  (6, timestamptz '2025-10-25 21:59:59+00', timestamptz '2025-10-25 22:00:00+00'),"
        "  (7, timestamptz '2025-10-25 22:00:00+00', timestamptz '2025-10-26 00:30:00+00'),"
        "  (8, timestamptz '2025-10-26 00:30:00+00', timestamptz '2025-10-26 01:30:00+00'),"
        "  (9, timestamptz '2025-10-26 01:30:00+00', timestamptz '2025-10-26 22:59:59+00'),"
        "  (10, timestamptz '2025-10-26 22:59:59.999999+00', timestamptz '2025-10-26 23:00:00+00'),"
        "  (11, timestamptz '2025-10-26 23:00:00+00', timestamptz '2025-10-27 00:00:18+00'))"
        " INSERT INTO casedesk.cases (id, tenant_id, reference, category_id, description,"
        "                             district, channel, priority, status, officer_id,"
        "                             created_at, updated_at, resolution_due, first_contact_at,"
        "                             status_since, resolved_at, outcome, secs_received,"
        "                             secs_in_progress)"
        " SELECT gen_random_uuid(), $1, 'DST-' || t.n,"
        "        (SELECT id FROM casedesk.categories WHERE tenant_id = $1 AND name = 'Cat 3'),"
        "        'd', CASE WHEN t.n % 2 = 0 THEN 'Wijk 1' END, 'web', 'normal', 'resolved',"
        "        (SELECT id FROM casedesk.liaison_officers WHERE tenant_id = $1 AND name = 'Off 2'),"
        "        t.created_at, t.created_at, t.created_at + interval '2 hours',"
        "        t.created_at + t.n * interval '7 minutes', t.created_at, t.resolved_at,"
        "        'agreed', t.n * 60, 3600 + t.n"
        "   FROM t",
        TENANT_X);
    IT_SQL("INSERT INTO casedesk.feedback (tenant_id, case_id, round, satisfaction, equal_party,"
           "                              created_at)"
           " SELECT tenant_id, id, 0, 1 + length(reference) % 5, length(reference) % 2 = 0,"
           "        resolved_at"
           "   FROM casedesk.cases WHERE tenant_id = $1 AND reference LIKE 'DST-%'",
           TENANT_X);
}

static int compare_dst(void)
{
    int n = 0;

    for (int g = STATISTICS_NONE; g <= STATISTICS_OFFICER; g++) {
        n += compare((statistics_group)g, "2025-03-30", "2025-03-30");
        n += compare((statistics_group)g, "2025-03-29", "2025-03-31");
        n += compare((statistics_group)g, "2025-10-26", "2025-10-26");
        n += compare((statistics_group)g, "2025-10-25", "2025-10-27");
        n += compare((statistics_group)g, "2025-03-01", "2025-10-31");
    }
    return n;
}

/* Builds every closed day that is not fresh, as the worker does. */
static void build_days(void)
{
    kc_problem pb;
    int built = 1;

    kc_problem_init(&pb);
    for (int i = 0; i < 100 && built > 0; i++)
        if (statistics_repo_refresh_days(conn, 400, &built, &pb) != KC_OK) {
            PGresult *r = PQexec(kc_db_pg(conn), "BEGIN ISOLATION LEVEL REPEATABLE READ;"
                                                 "SELECT casedesk.stat_days_refresh(400)");
            fail_msg("refresh: %s (%s)", pb.detail, PQresultErrorMessage(r));
        }
    kc_problem_clear(&pb);
    assert_int_equal(built, 0);
}

/* The tenant's closed days (two days old or more: what the worker builds)
 * in stat_days that are fresh (1) or stale (0). */
static long days_of(int fresh)
{
    char v[32];

    it_sql_value(v, sizeof(v),
                 fresh ? "SELECT count(*) FROM casedesk.stat_days WHERE tenant_id = '" TENANT_X
                         "' AND fresh"
                       : "SELECT count(*) FROM casedesk.stat_days WHERE tenant_id = '" TENANT_X
                         "' AND NOT fresh"
                         " AND day <= (now() AT TIME ZONE 'Europe/Amsterdam')::date - 2");
    return strtol(v, NULL, 10);
}

static void test_fast_figures_equal_the_raw_sql(void **state)
{
    int n;
    (void)state;

    make_tenant();
    make_dst_cases();
    /* nothing built: every day from the raw rows */
    assert_int_equal(days_of(1), 0);
    n = compare_all() + compare_dst();
    /* the comparisons were not vacuous */
    assert_true(n > 1000);
    /* every closed day built: the closed days from stat_day_groups */
    build_days();
    assert_true(days_of(1) > 120);
    assert_int_equal(days_of(0), 0);
    assert_true(compare_all() + compare_dst() > 1000);
}

static void test_equal_after_late_changes(void **state)
{
    (void)state;

    /* a case resolved 50 days ago reopened; another reassigned to another
     * officer and category; districts anonymised; a late first contact; a
     * case resolved again on another day */
    IT_SQL("UPDATE casedesk.cases SET resolved_at = NULL, outcome = NULL, status = 'in_progress'"
           " WHERE tenant_id = $1 AND reference IN ('ST-10', 'ST-21', 'ST-33')",
           TENANT_X);
    IT_SQL("UPDATE casedesk.cases"
           "   SET officer_id = (SELECT id FROM casedesk.liaison_officers"
           "                      WHERE tenant_id = $1 AND name = 'Off 1'),"
           "       category_id = (SELECT id FROM casedesk.categories"
           "                       WHERE tenant_id = $1 AND name = 'Cat 2')"
           " WHERE tenant_id = $1 AND reference LIKE 'ST-1__'",
           TENANT_X);
    IT_SQL(
        "UPDATE casedesk.cases SET district = NULL WHERE tenant_id = $1 AND reference LIKE 'ST-2%'",
        TENANT_X);
    IT_SQL("UPDATE casedesk.cases SET first_contact_at = created_at + interval '90 minutes'"
           " WHERE tenant_id = $1 AND first_contact_at IS NULL AND reference LIKE 'ST-3%'",
           TENANT_X);
    IT_SQL("UPDATE casedesk.cases SET resolved_at = resolved_at - interval '3 days'"
           " WHERE tenant_id = $1 AND reference LIKE 'ST-4%' AND resolved_at IS NOT NULL",
           TENANT_X);
    /* late changes to old cases and answers made built days stale: those
     * are read raw, the others still built */
    IT_SQL(
        "UPDATE casedesk.cases SET district = 'Wijk 9', resolved_at = resolved_at + interval '1 hour'"
        " WHERE tenant_id = $1 AND reference IN ('DST-3', 'DST-9')",
        TENANT_X);
    IT_SQL(
        "UPDATE casedesk.feedback SET satisfaction = 6 - satisfaction"
        " WHERE tenant_id = $1 AND case_id IN (SELECT id FROM casedesk.cases"
        "                                       WHERE tenant_id = $1 AND reference LIKE 'ST-5%')",
        TENANT_X);
    IT_SQL(
        "DELETE FROM casedesk.feedback"
        " WHERE tenant_id = $1 AND case_id IN (SELECT id FROM casedesk.cases"
        "                                       WHERE tenant_id = $1 AND reference LIKE 'ST-6%')",
        TENANT_X);
    assert_true(days_of(0) > 10);
    assert_true(days_of(1) > 10);
    assert_true(compare_all() + compare_dst() > 1000);
    /* built again */
    build_days();
    assert_int_equal(days_of(0), 0);
    assert_true(compare_all() + compare_dst() > 1000);
}

/* The builder waits for a writer: a writer that changed a fact of a day
 * already stale (its touch writes nothing) holds stat_days until it
 * commits; a pass meanwhile builds nothing (it gives up after 500 ms), and
 * the pass after the commit builds the day with the change. */
static void test_builder_waits_for_a_writer(void **state)
{
    static const char change[] =
        "UPDATE casedesk.cases SET secs_resolved = coalesce(secs_resolved, 0) + 3600"
        " WHERE tenant_id = $1"
        "   AND id = (SELECT id FROM casedesk.cases"
        "              WHERE tenant_id = $1 AND resolved_at < now() - interval '3 days'"
        "              ORDER BY resolved_at, id LIMIT 1)";
    PGconn *w = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    kc_problem pb;
    int built = 0;
    (void)state;

    build_days();
    assert_int_equal(days_of(0), 0);
    /* the day made stale, committed; then the writer, open */
    IT_SQL(change, TENANT_X);
    assert_int_equal(days_of(0), 1);
    IT_SQL_ON(w, "BEGIN");
    IT_SQL_ON(w, change, TENANT_X);
    kc_problem_init(&pb);
    assert_int_not_equal(statistics_repo_refresh_days(conn, 400, &built, &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(built, 0);
    assert_int_equal(days_of(0), 1);
    IT_SQL_ON(w, "COMMIT");
    PQfinish(w);
    build_days();
    assert_int_equal(days_of(0), 0);
    assert_true(compare_all() > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fast_figures_equal_the_raw_sql, acquire, release),
        cmocka_unit_test_setup_teardown(test_equal_after_late_changes, acquire, release),
        cmocka_unit_test_setup_teardown(test_builder_waits_for_a_writer, acquire, release),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
