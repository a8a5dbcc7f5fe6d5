/* Integration: the notifications intake against a real PostgreSQL, through
 * the consumer sets' handlers (intake/intake.h), each event in a
 * transaction of its own as the consumer runs it: a case event makes one
 * message (the standard's body, URLs on KOERS_PUBLIC_BASE_URL) and one
 * pending delivery per active subscription of the tenant whose kanalen and
 * filters match; a filter that does not hold, a disabled subscription and
 * another tenant's subscription get none; the same event again makes
 * nothing new; an event no one subscribed to is still kept for the pull
 * endpoint, which pages the tenant's messages (and only the tenant's),
 * optionally of one kanaal. Subscriptions are put in by SQL with a dummy
 * sealed auth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "it.h"
#include "intake/intake.h"
#include "intake/intake_service.h"
#include "notifications.h"

#define TENANT   "6e1c2f4e-1313-4a2b-9c3d-00000000000a"
#define TENANT_B "6e1c2f4e-1313-4a2b-9c3d-00000000000b"
#define BASE     "http://gw.test"

/* tenant A: every case; district Noord; district Zuid; referrals only;
 * referrals or cases in progress; every case but disabled. Tenant B:
 * every case. */
#define S_ALL       "00000000-0000-4000-8000-000000000a01"
#define S_NOORD     "00000000-0000-4000-8000-000000000a02"
#define S_ZUID      "00000000-0000-4000-8000-000000000a03"
#define S_REFERRALS "00000000-0000-4000-8000-000000000a04"
#define S_TWO       "00000000-0000-4000-8000-000000000a05"
#define S_DISABLED  "00000000-0000-4000-8000-000000000a06"
#define S_B         "00000000-0000-4000-8000-000000000b01"

#define CASE1    "00000000-0000-4000-8000-0000000c0001"
#define CASE_B   "00000000-0000-4000-8000-0000000c000b"
#define CATEGORY "00000000-0000-4000-8000-0000000ca001"
#define REFERRAL "00000000-0000-4000-8000-0000000de001"
#define DEPT     "00000000-0000-4000-8000-0000000d0001"
#define PROG     "00000000-0000-4000-8000-0000000e0001"
#define EV1      "00000000-0000-4000-9000-00000000e001"
#define EV2      "00000000-0000-4000-9000-00000000e002"
#define EV_B     "00000000-0000-4000-9000-00000000e00b"
#define EV_REF   "00000000-0000-4000-9000-00000000e0de"
#define EV_PROG  "00000000-0000-4000-9000-00000000e0e0"
#define WHEN     "2026-11-23T10:55:40.123Z"

static kc_db_pool *pool;

static void subscription(const char *tenant, const char *id, const char *kanalen,
                         const char *status)
{
    IT_SQL(
        "INSERT INTO notifications.subscriptions (id, tenant_id, callback_url, auth_sealed, auth_key_id, kanalen, status)\n"
        "VALUES ($1, $2, 'https://receiver.example/hook', '\\x00'::bytea, 'test', $3::jsonb, $4)",
        id, tenant, kanalen, status);
}

static int setup(void **state)
{
    char err[256];

    (void)state;
    if (it_setup(NOTIFICATIONS_SCHEMA, notifications_migrations, notifications_migrations_count,
                 &pool) != 0)
        return -1;
    setenv("KOERS_PUBLIC_BASE_URL", BASE "/", 1);
    if (intake_configure(err, sizeof(err)) != 0) {
        fprintf(stderr, "intake_configure: %s\n", err);
        return -1;
    }
    subscription(TENANT, S_ALL, "[{\"naam\": \"cases\", \"filters\": {}}]", "active");
    subscription(TENANT, S_NOORD, "[{\"naam\": \"cases\", \"filters\": {\"district\": \"Noord\"}}]",
                 "active");
    subscription(
        TENANT, S_ZUID,
        "[{\"naam\": \"cases\", \"filters\": {\"district\": \"Zuid\", \"status\": \"*\"}}]",
        "active");
    subscription(TENANT, S_REFERRALS, "[{\"naam\": \"referrals\"}]", "active");
    subscription(TENANT, S_TWO,
                 "[{\"naam\": \"referrals\", \"filters\": {\"status\": \"open\"}},"
                 " {\"naam\": \"cases\", \"filters\": {\"status\": \"in_progress\","
                 " \"eventType\": \"case.status.changed\"}}]",
                 "active");
    subscription(TENANT, S_DISABLED, "[{\"naam\": \"cases\", \"filters\": {}}]", "disabled");
    subscription(TENANT_B, S_B, "[{\"naam\": \"cases\", \"filters\": {}}]", "active");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

/* The case's data as the casedesk's events carry it. */
static const char *case_data(const char *district, const char *status)
{
    static char data[512];

    snprintf(data, sizeof(data),
             "{\"caseId\": \"x\", \"reference\": \"KS-2026-000123\", \"categoryId\": \"" CATEGORY
             "\", \"district\": \"%s\", \"status\": \"%s\", \"priority\": \"normal\","
             " \"officerId\": null}",
             district, status);
    return data;
}

/* The subscriptions the message of event ev got a delivery for, in id
 * order, comma-separated ("" for none). */
static const char *delivered_to(const char *ev, char *out, size_t n)
{
    return it_sql_value(
        out, n,
        "SELECT coalesce(string_agg(d.subscription_id::text, ',' ORDER BY d.subscription_id), '')\n"
        "  FROM notifications.deliveries d\n"
        "  JOIN notifications.messages m ON m.seq = d.message_seq\n"
        " WHERE m.id = '%s'",
        ev);
}

/* Applies event id of tenant from source (its handler, at WHEN). */
static void apply(const char *source, const char *tenant, const char *id, const char *type,
                  const char *subject, const char *data_json)
{
    it_apply_event_from(pool, intake_on_event, (void *)source, tenant, id, type, subject, data_json,
                        WHEN);
}

/* How many deliveries subscription sub has. */
static long deliveries_of(const char *sub)
{
    return it_sql_count("SELECT count(*) FROM notifications.deliveries\n"
                        " WHERE subscription_id = '%s'",
                        sub);
}

static void case_event_fans_out(void **state)
{
    char v[1024];

    (void)state;
    apply("casedesk", TENANT, EV1, "case.status.changed", CASE1, case_data("Noord", "in_progress"));
    assert_int_equal(
        it_sql_count("SELECT count(*) FROM notifications.messages WHERE id = '%s'", EV1), 1);
    assert_string_equal(
        it_sql_value(v, sizeof(v),
                     "SELECT concat_ws(' ', tenant_id, source, event_type, kanaal, order_key)\n"
                     "  FROM notifications.messages\n"
                     " WHERE id = '%s'",
                     EV1),
        TENANT " casedesk case.status.changed cases " BASE "/casedesk/v1/cases/" CASE1);
    assert_string_equal(
        it_sql_value(v, sizeof(v), "SELECT body FROM notifications.messages WHERE id = '%s'", EV1),
        "{\"kanaal\":\"cases\",\"hoofdObject\":\"" BASE "/casedesk/v1/cases/" CASE1 "\","
        "\"resource\":\"case\",\"resourceUrl\":\"" BASE "/casedesk/v1/cases/" CASE1 "\","
        "\"actie\":\"status.changed\",\"aanmaakdatum\":\"" WHEN "\","
        "\"kenmerken\":{\"eventType\":\"case.status.changed\",\"category\":\"" CATEGORY "\","
        "\"status\":\"in_progress\",\"district\":\"Noord\",\"priority\":\"normal\"}}");
    /* every case; Noord; in progress and a status change. Not Zuid, not
     * referrals only, not the disabled one, not tenant B's. */
    assert_string_equal(delivered_to(EV1, v, sizeof(v)), S_ALL "," S_NOORD "," S_TWO);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM notifications.deliveries d\n"
                                  "  JOIN notifications.messages m ON m.seq = d.message_seq\n"
                                  " WHERE m.id = '%s'\n"
                                  "   AND d.tenant_id = m.tenant_id\n"
                                  "   AND d.state = 'pending'\n"
                                  "   AND d.attempts = 0\n"
                                  "   AND NOT d.replay\n"
                                  "   AND d.order_key = m.order_key\n"
                                  "   AND d.next_attempt_at <= now()\n"
                                  "   AND d.lease_until IS NULL",
                                  EV1),
                     3);
}

static void same_event_twice_makes_nothing_new(void **state)
{
    char v[1024];

    (void)state;
    apply("casedesk", TENANT, EV1, "case.status.changed", CASE1, case_data("Noord", "in_progress"));
    assert_int_equal(
        it_sql_count("SELECT count(*) FROM notifications.messages WHERE id = '%s'", EV1), 1);
    assert_string_equal(delivered_to(EV1, v, sizeof(v)), S_ALL "," S_NOORD "," S_TWO);
}

static void filters_pick_the_subscriptions(void **state)
{
    char v[1024];

    (void)state;
    /* Zuid, closed: every case and Zuid (status "*"); not Noord, not in
     * progress */
    apply("casedesk", TENANT, EV2, "case.closed", CASE1, case_data("Zuid", "closed"));
    assert_string_equal(delivered_to(EV2, v, sizeof(v)), S_ALL "," S_ZUID);

    /* a referral: referrals only, and the referrals entry (status open) of
     * the subscription to two kanalen */
    apply("casedesk", TENANT, EV_REF, "referral.created", CASE1,
          "{\"caseId\": \"x\", \"status\": \"in_progress\", \"referralId\": \"" REFERRAL
          "\", \"departmentId\": \"" DEPT "\"}");
    assert_string_equal(delivered_to(EV_REF, v, sizeof(v)), S_REFERRALS "," S_TWO);
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT order_key FROM notifications.messages WHERE id = '%s'",
                                     EV_REF),
                        BASE "/casedesk/v1/cases/" CASE1);
}

static void other_tenant_untouched(void **state)
{
    char v[1024];

    (void)state;
    apply("casedesk", TENANT_B, EV_B, "case.received", CASE_B, case_data("Noord", "received"));
    assert_string_equal(delivered_to(EV_B, v, sizeof(v)), S_B);
    /* and tenant B's subscription got nothing of tenant A's */
    assert_int_equal(deliveries_of(S_B), 1);
    assert_int_equal(deliveries_of(S_DISABLED), 0);
}

static void unsubscribed_kanaal_is_kept(void **state)
{
    char v[1024];

    (void)state;
    apply("programmes", TENANT, EV_PROG, "programme.status.changed", PROG,
          "{\"id\": \"" PROG "\", \"from\": \"draft\", \"to\": \"running\"}");
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT kanaal FROM notifications.messages WHERE id = '%s'",
                                     EV_PROG),
                        "programmes");
    assert_string_equal(delivered_to(EV_PROG, v, sizeof(v)), "");
}

/* One page of the pull endpoint's service as tenant t. */
static kc_status pull(const char *t, long long after, int limit, const char *kanaal, json_t **items,
                      int *more, long long *last)
{
    kc_principal p = kt_staff(t, "integrator", "integration_admin");
    kc_problem pb;
    kc_status st;

    kc_problem_init(&pb);
    st = intake_service_pull(pool, &p, after, limit, kanaal, items, more, last, &pb);
    kc_problem_clear(&pb);
    return st;
}

static const char *item_id(const json_t *items, size_t i)
{
    return json_string_value(json_object_get(json_array_get(items, i), "id"));
}

static void pull_pages(void **state)
{
    json_t *items = NULL, *msg;
    long long last = 0, first_last;
    int more = 0;

    (void)state;
    /* tenant A: EV1, EV2, EV_REF, EV_PROG, in that order */
    assert_int_equal(pull(TENANT, 0, 2, NULL, &items, &more, &last), KC_OK);
    assert_int_equal(json_array_size(items), 2);
    assert_true(more);
    assert_string_equal(item_id(items, 0), EV1);
    assert_string_equal(item_id(items, 1), EV2);
    assert_int_equal(last, json_integer_value(json_object_get(json_array_get(items, 1), "seq")));
    msg = json_object_get(json_array_get(items, 0), "message");
    assert_string_equal(json_string_value(json_object_get(msg, "resourceUrl")),
                        BASE "/casedesk/v1/cases/" CASE1);
    json_decref(items);

    first_last = last;
    assert_int_equal(pull(TENANT, first_last, 2, NULL, &items, &more, &last), KC_OK);
    assert_int_equal(json_array_size(items), 2);
    assert_false(more);
    assert_string_equal(item_id(items, 0), EV_REF);
    assert_string_equal(item_id(items, 1), EV_PROG);
    json_decref(items);

    /* one kanaal */
    assert_int_equal(pull(TENANT, 0, 100, "referrals", &items, &more, &last), KC_OK);
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(item_id(items, 0), EV_REF);
    json_decref(items);

    /* tenant B sees its own only; nothing after the end */
    assert_int_equal(pull(TENANT_B, 0, 100, NULL, &items, &more, &last), KC_OK);
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(item_id(items, 0), EV_B);
    json_decref(items);
    assert_int_equal(pull(TENANT, 1000000, 100, NULL, &items, &more, &last), KC_OK);
    assert_int_equal(json_array_size(items), 0);
    assert_int_equal(last, 1000000);
    json_decref(items);

    /* a bad kanaal or limit is the client's mistake */
    assert_int_equal(pull(TENANT, 0, 100, "test", &items, &more, &last), KC_BAD_REQUEST);
    assert_null(items);
    assert_int_equal(pull(TENANT, 0, 1001, NULL, &items, &more, &last), KC_BAD_REQUEST);
    assert_int_equal(pull(TENANT, -1, 10, NULL, &items, &more, &last), KC_BAD_REQUEST);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(case_event_fans_out),
        cmocka_unit_test(same_event_twice_makes_nothing_new),
        cmocka_unit_test(filters_pick_the_subscriptions),
        cmocka_unit_test(other_tenant_untouched),
        cmocka_unit_test(unsubscribed_kanaal_is_kept),
        cmocka_unit_test(pull_pages),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
