/* Integration: each liaison officer's open cases are a maintained number
 * (casedesk.officer_load, 016) that routing and the officer's openCases
 * read instead of counting the rows. After a varied sequence of filings,
 * status changes (to and from resolved and closed: a reopen), assignments,
 * reassignments and anonymisations, the number must equal the count from
 * the rows for every officer, and the officers resource's openCases with
 * it. The sequence is a fixed pseudo-random one, so a failure repeats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "casedesk_it.h"
#include "casedesk_resources.h"

#define TENANT_L "7d1c2f4e-2222-4a2b-9c3d-000000000016"
#define OFFICERS 4
#define CASES    24
#define STEPS    240

/* Officers whose maintained number differs from the rows' count (all
 * tenants: the sequence must not disturb another tenant's numbers). */
static long load_mismatches(void)
{
    return it_sql_count("SELECT count(*)\n"
                        "  FROM casedesk.liaison_officers o\n"
                        " WHERE casedesk.officer_open_cases(o.tenant_id, o.id) <>\n"
                        "       (SELECT count(*)::integer\n"
                        "          FROM casedesk.cases c\n"
                        "         WHERE c.tenant_id = o.tenant_id\n"
                        "           AND c.officer_id = o.id\n"
                        "           AND c.status NOT IN ('resolved', 'closed'))");
}

/* Moves c to status st and, unless officer_id is NULL, to that officer. */
static void change(case_record *c, case_status st, const char *officer_id)
{
    kc_problem pb;
    case_record got;
    int applied = 0;
    case_change chg = {.status = st,
                       .officer_id = officer_id,
                       .actor = "user:test",
                       .action = officer_id != NULL ? "assigned" : "status_changed",
                       .from_status = case_status_name(c->status),
                       .to_status = case_status_name(st),
                       .reopen =
                           (c->status == CASE_STATUS_RESOLVED || c->status == CASE_STATUS_CLOSED) &&
                           st != CASE_STATUS_RESOLVED && st != CASE_STATUS_CLOSED};

    memset(&got, 0, sizeof(got));
    kc_problem_init(&pb);
    assert_int_equal(case_repo_change(conn, TENANT_L, c->id, c->version, &chg, &applied, &got, &pb),
                     KC_OK);
    assert_int_equal(applied, 1);
    kc_problem_clear(&pb);
    case_record_clear(c);
    *c = got;
}

static void test_officer_load_follows_the_rows(void **state)
{
    static const case_status statuses[] = {CASE_STATUS_ASSIGNED,          CASE_STATUS_IN_PROGRESS,
                                           CASE_STATUS_WAITING,           CASE_STATUS_RESOLVED,
                                           CASE_STATUS_SOLUTION_PROPOSED, CASE_STATUS_CLOSED};
    kc_problem pb;
    it_row cat, officers[OFFICERS];
    case_record k[CASES];
    json_t *got = NULL;
    long long version = 0;
    unsigned int seed = 16;
    size_t ncases = 0, i, j;
    const char *officer;
    char name[32];
    (void)state;

    kc_problem_init(&pb);
    memset(k, 0, sizeof(k));
    new_category(TENANT_L, "Load", &cat);
    for (i = 0; i < OFFICERS; i++) {
        snprintf(name, sizeof(name), "L%zu", i);
        new_officer(TENANT_L, name, NULL, NULL, 50, 1, &officers[i]);
    }
    assert_int_equal(load_mismatches(), 0);
    for (i = 0; i < STEPS; i++) {
        seed = seed * 1103515245u + 12345u;
        j = (seed >> 8) % 8;
        officer = officers[(seed >> 16) % OFFICERS].id;
        if (ncases < CASES && (j == 0 || ncases < 6)) {
            /* a filing, routed to an officer or not */
            new_case(TENANT_L, cat.id, "load", NULL, (seed >> 20) % 3 == 0 ? NULL : officer,
                     &k[ncases]);
            ncases++;
            continue;
        }
        j = (seed >> 4) % ncases;
        switch ((seed >> 24) % 4) {
        case 0: /* a status change, possibly to or from resolved/closed */
            change(&k[j], statuses[(seed >> 12) % KC_NELEMS(statuses)], NULL);
            break;
        case 1: /* an assignment or reassignment, keeping the status */
            change(&k[j], k[j].status, officer);
            break;
        case 2: /* a reassignment with a status change */
            change(&k[j], statuses[(seed >> 12) % KC_NELEMS(statuses)], officer);
            break;
        default: /* the status it has (no change of load) */
            change(&k[j], k[j].status, NULL);
            break;
        }
        assert_int_equal(load_mismatches(), 0);
    }
    /* changes made by other backends (other slots of the striped number):
     * every case reassigned to the first officer and reopened, then half
     * of them closed */
    for (i = 0; i < ncases; i++) {
        IT_SQL("UPDATE casedesk.cases SET officer_id = $3, status = 'in_progress'\n"
               " WHERE tenant_id = $1 AND id = $2",
               TENANT_L, k[i].id, officers[0].id);
        if (i % 2 == 0)
            IT_SQL("UPDATE casedesk.cases SET status = 'closed' WHERE tenant_id = $1 AND id = $2",
                   TENANT_L, k[i].id);
        assert_int_equal(load_mismatches(), 0);
    }
    assert_true(it_sql_count("SELECT count(*) FROM casedesk.officer_load"
                             " WHERE tenant_id = '" TENANT_L "' AND open_cases < 0") > 0);
    /* anonymising keeps status and officer */
    IT_SQL("UPDATE casedesk.cases SET description = 'erased', anonymised_at = now()\n"
           " WHERE tenant_id = $1 AND id = $2",
           TENANT_L, k[0].id);
    assert_int_equal(load_mismatches(), 0);
    /* some load was made and some taken away again */
    assert_true(it_sql_count("SELECT sum(open_cases) FROM casedesk.officer_load"
                             " WHERE tenant_id = '" TENANT_L "'") > 0);

    assert_true(it_sql_count("SELECT count(*) FROM casedesk.cases WHERE tenant_id = '" TENANT_L
                             "' AND status IN ('resolved', 'closed') AND officer_id IS NOT NULL") >
                0);

    /* the officers resource shows the same number */
    assert_int_equal(kc_resource_prepare(&officer_resource), KC_OK);
    for (i = 0; i < OFFICERS; i++) {
        assert_int_equal(
            kc_resource_get(pool, &officer_resource, TENANT_L, officers[i].id, &got, &version, &pb),
            KC_OK);
        assert_int_equal(json_integer_value(json_object_get(got, "openCases")),
                         it_sql_count("SELECT count(*) FROM casedesk.cases"
                                      " WHERE tenant_id = '" TENANT_L "' AND officer_id = '%s'"
                                      "   AND status NOT IN ('resolved', 'closed')",
                                      officers[i].id));
        json_decref(got);
        got = NULL;
    }
    for (i = 0; i < ncases; i++)
        case_record_clear(&k[i]);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_officer_load_follows_the_rows, acquire, release),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
