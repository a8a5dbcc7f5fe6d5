/* Integration: the abonnementen of notifications against PostgreSQL. A
 * subscription as the creation stores it (auth sealed to its row, a
 * signing secret) reads back through the wire form and opens through
 * subscription_credentials (what the dispatcher sends with); a sealed
 * auth value copied to another row does not open; a rotation leaves two
 * valid secrets, the new one first, and a second rotation expires the
 * oldest; disabling by hand cancels the open deliveries (and only those)
 * in its transaction, with its events, and re-enabling clears the reason
 * and failingSince; If-Match is honoured; another tenant sees none of it
 * (404, empty list); a delete takes the deliveries with it; the tenant's
 * alert address round-trips. The test message needs no network here:
 * these changes touch neither callbackUrl nor auth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "notifications.h"
#include "delivery/secret_box.h"
#include "subscriptions/settings_service.h"
#include "subscriptions/subscription_creds.h"
#include "subscriptions/subscription_service.h"

#define TENANT   "6e1c2f4e-1313-4a2b-9c3d-00000000000a"
#define TENANT_B "6e1c2f4e-1313-4a2b-9c3d-00000000000b"
#define SUB      "00000000-0000-4000-8000-000000131301"
#define SUB2     "00000000-0000-4000-8000-000000131302"
#define SECRET1  "00000000-0000-4000-8000-000000131311"
#define MSG1     "00000000-0000-4000-8000-000000131321"
#define MSG2     "00000000-0000-4000-8000-000000131322"
#define MSG3     "00000000-0000-4000-8000-000000131323"
#define BASE     "https://api.example.nl"
#define AUTH     "Bearer 6f1d0c4e-geheim"
#define WHSEC    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

static kc_db_pool *pool;

static kc_principal caller(const char *tenant)
{
    kc_principal p;

    memset(&p, 0, sizeof(p));
    p.kind = KC_PRINCIPAL_API_KEY;
    snprintf(p.tenant_id, sizeof(p.tenant_id), "%s", tenant);
    snprintf(p.subject, sizeof(p.subject), "key-1");
    snprintf(p.scopes, sizeof(p.scopes), NOTIFICATIONS_SCOPE_SUBSCRIBE);
    return p;
}

/* A subscription row as the creation stores it: auth sealed to (tenant,
 * id); with secret, one current signing secret sealed to its row. */
static void insert_subscription(const char *tenant, const char *id, int signing,
                                const char *secret_id)
{
    char key_id[KC_CRYPTO_KEY_ID_MAX + 1];
    char *hex = NULL;

    assert_int_equal(secret_box_seal(tenant, id, AUTH, &hex, key_id), KC_OK);
    IT_SQL("INSERT INTO notifications.subscriptions\n"
           "       (id, tenant_id, callback_url, auth_sealed, auth_key_id, kanalen, signing)\n"
           "VALUES ($1, $2, 'https://portal.example.nl/hook', $3::bytea, $4,\n"
           "        '[{\"naam\": \"cases\", \"filters\": {}}]', $5::boolean)",
           id, tenant, hex, key_id, signing ? "true" : "false");
    free(hex);
    if (secret_id == NULL)
        return;
    assert_int_equal(secret_box_seal(tenant, secret_id, WHSEC, &hex, key_id), KC_OK);
    IT_SQL("INSERT INTO notifications.subscription_secrets\n"
           "       (id, tenant_id, subscription_id, secret_sealed, key_id)\n"
           "VALUES ($1, $2, $3, $4::bytea, $5)",
           secret_id, tenant, id, hex, key_id);
    free(hex);
}

/* A message and a delivery of it to sub in state. */
static void insert_delivery(const char *tenant, const char *sub, const char *msg, const char *state)
{
    IT_SQL("INSERT INTO notifications.messages\n"
           "       (id, tenant_id, source, event_type, kanaal, order_key, body)\n"
           "VALUES ($1, $2, 'casedesk', 'case.closed', 'cases', 'o', '{}')\n"
           "    ON CONFLICT (id) DO NOTHING",
           msg, tenant);
    IT_SQL("INSERT INTO notifications.deliveries\n"
           "       (id, tenant_id, subscription_id, message_seq, order_key, state)\n"
           "SELECT gen_random_uuid(), $1, $2, seq, 'o', $4\n"
           "  FROM notifications.messages\n"
           " WHERE id = $3",
           tenant, sub, msg, state);
}

static int setup(void **state)
{
    char err[256];
    (void)state;

    setenv("KOERS_JWT_SECRET", "integration-test-secret-of-enough-length-1234", 1);
    if (secret_box_configure(err, sizeof(err)) != 0) {
        fprintf(stderr, "secret_box: %s\n", err);
        return -1;
    }
    return it_setup(NOTIFICATIONS_SCHEMA, notifications_migrations, notifications_migrations_count,
                    &pool);
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

static void stored_subscription_reads_back_and_opens(void **state)
{
    kc_principal p = caller(TENANT);
    subscription_creds creds;
    kc_db_conn *conn = NULL;
    json_t *doc = NULL, *list = NULL;
    long long version = 0;
    kc_problem pb;
    (void)state;

    insert_subscription(TENANT, SUB, 1, SECRET1);
    kc_problem_init(&pb);
    assert_int_equal(abonnement_service_get(pool, &p, BASE, SUB, &doc, &version, &pb), KC_OK);
    assert_string_equal(json_string_value(json_object_get(doc, "url")),
                        BASE "/notifications/v1/abonnement/" SUB);
    assert_string_equal(json_string_value(json_object_get(doc, "callbackUrl")),
                        "https://portal.example.nl/hook");
    assert_true(json_is_true(json_object_get(doc, "signing")));
    assert_string_equal(json_string_value(json_object_get(doc, "status")), "active");
    assert_null(json_object_get(doc, "auth"));
    assert_null(json_object_get(doc, "id"));
    assert_int_equal(version, 1);
    json_decref(doc);

    assert_int_equal(abonnement_service_list(pool, &p, BASE, &list, &pb), KC_OK);
    assert_int_equal(json_array_size(list), 1);
    json_decref(list);

    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(subscription_credentials(conn, TENANT, SUB, &creds, &pb), KC_OK);
    assert_string_equal(creds.callback_url, "https://portal.example.nl/hook");
    assert_string_equal(creds.auth, AUTH);
    assert_int_equal(creds.nsecrets, 1);
    assert_string_equal(creds.secrets[0], WHSEC);
    assert_int_equal(creds.active, 1);
    subscription_creds_free(&creds);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
}

static void sealed_auth_does_not_open_on_another_row(void **state)
{
    subscription_creds creds;
    kc_db_conn *conn = NULL;
    kc_problem pb;
    (void)state;

    insert_subscription(TENANT, SUB2, 0, NULL);
    /* SUB's sealed auth value copied onto SUB2 */
    IT_SQL(
        "UPDATE notifications.subscriptions\n"
        "   SET auth_sealed = (SELECT auth_sealed FROM notifications.subscriptions WHERE id = $1)\n"
        " WHERE id = $2",
        SUB, SUB2);
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(subscription_credentials(conn, TENANT, SUB2, &creds, &pb), KC_INTERNAL);
    assert_null(strstr(pb.detail, AUTH));
    subscription_creds_free(&creds);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    /* another tenant's id is not found */
    assert_int_equal(subscription_credentials(conn, TENANT_B, SUB, &creds, &pb), KC_NOT_FOUND);
    subscription_creds_free(&creds);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
    IT_SQL("DELETE FROM notifications.subscriptions\n"
           " WHERE id = $1",
           SUB2);
}

static void rotation_keeps_two_secrets_for_the_overlap(void **state)
{
    kc_principal p = caller(TENANT);
    subscription_creds creds;
    kc_db_conn *conn = NULL;
    json_t *body = json_pack("{s:i}", "overlapSeconds", 3600), *answer = NULL, *again = NULL;
    char first[80];
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(abonnement_service_rotate(pool, &p, SUB, body, &answer, &pb), KC_OK);
    assert_non_null(strstr(json_string_value(json_object_get(answer, "secret")), "whsec_"));
    assert_true(json_is_string(json_object_get(answer, "previousValidUntil")));
    snprintf(first, sizeof(first), "%s", json_string_value(json_object_get(answer, "secret")));
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(subscription_credentials(conn, TENANT, SUB, &creds, &pb), KC_OK);
    assert_int_equal(creds.nsecrets, 2);
    assert_string_equal(creds.secrets[0], first);
    assert_string_equal(creds.secrets[1], WHSEC);
    subscription_creds_free(&creds);

    /* a second rotation: the first secret now previous, the original expired */
    assert_int_equal(abonnement_service_rotate(pool, &p, SUB, body, &again, &pb), KC_OK);
    assert_int_equal(subscription_credentials(conn, TENANT, SUB, &creds, &pb), KC_OK);
    assert_int_equal(creds.nsecrets, 2);
    assert_string_equal(creds.secrets[0], json_string_value(json_object_get(again, "secret")));
    assert_string_equal(creds.secrets[1], first);
    subscription_creds_free(&creds);
    kc_db_release(pool, conn);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM notifications.outbox\n"
                                  " WHERE type = 'subscription.updated'\n"
                                  "   AND subject = '%s'",
                                  SUB),
                     2);
    /* another tenant cannot rotate it */
    json_decref(answer);
    answer = NULL;
    p = caller(TENANT_B);
    assert_int_equal(abonnement_service_rotate(pool, &p, SUB, body, &answer, &pb), KC_NOT_FOUND);
    assert_null(answer);
    json_decref(again);
    json_decref(body);
    kc_problem_clear(&pb);
}

static void disabling_cancels_open_deliveries_and_enabling_clears(void **state)
{
    kc_principal p = caller(TENANT);
    json_t *off = json_pack("{s:s}", "status", "disabled"),
           *on = json_pack("{s:s}", "status", "active");
    json_t *doc = NULL;
    long long version = 0, current;
    char value[64];
    kc_problem pb;
    (void)state;

    insert_delivery(TENANT, SUB, MSG1, "pending");
    insert_delivery(TENANT, SUB, MSG2, "retrying");
    insert_delivery(TENANT, SUB, MSG3, "delivered");
    IT_SQL("UPDATE notifications.subscriptions\n"
           "   SET failing_since = now()\n"
           " WHERE id = $1",
           SUB);
    current =
        atoll(it_sql_value(value, sizeof(value),
                           "SELECT version FROM notifications.subscriptions WHERE id = '%s'", SUB));
    kc_problem_init(&pb);
    /* a stale If-Match changes nothing */
    assert_int_equal(
        abonnement_service_change(pool, &p, BASE, SUB, off, 0, current - 1, &doc, &version, &pb),
        KC_PRECONDITION_FAILED);
    assert_null(doc);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM notifications.deliveries\n"
                                  " WHERE state = 'cancelled'"),
                     0);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(
        abonnement_service_change(pool, &p, BASE, SUB, off, 0, current, &doc, &version, &pb),
        KC_OK);
    assert_string_equal(json_string_value(json_object_get(doc, "status")), "disabled");
    assert_string_equal(json_string_value(json_object_get(doc, "disabledReason")), "manual");
    assert_int_equal(version, current + 1);
    json_decref(doc);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM notifications.deliveries\n"
                                  " WHERE state = 'cancelled'\n"
                                  "   AND finished_at IS NOT NULL"),
                     2);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM notifications.deliveries\n"
                                  " WHERE state = 'delivered'"),
                     1);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM notifications.outbox\n"
                                  " WHERE type = 'subscription.disabled'\n"
                                  "   AND data->>'reason' = 'manual'"),
                     1);

    /* without If-Match (as NRC clients send) */
    assert_int_equal(abonnement_service_change(pool, &p, BASE, SUB, on, 0, -1, &doc, &version, &pb),
                     KC_OK);
    assert_string_equal(json_string_value(json_object_get(doc, "status")), "active");
    assert_true(json_is_null(json_object_get(doc, "disabledReason")));
    assert_true(json_is_null(json_object_get(doc, "failingSince")));
    json_decref(doc);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM notifications.outbox\n"
                                  " WHERE type = 'subscription.recovered'"),
                     1);
    /* no event carries the auth value */
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM notifications.outbox\n"
                                  " WHERE data::text LIKE '%%geheim%%'"),
                     0);
    json_decref(off);
    json_decref(on);
    kc_problem_clear(&pb);
}

static void a_bad_change_is_named(void **state)
{
    kc_principal p = caller(TENANT);
    json_t *body =
        json_loads("{\"kanalen\": [{\"naam\": \"zaken\"}], \"status\": \"paused\"}", 0, NULL);
    json_t *doc = NULL;
    long long version = 0;
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(
        abonnement_service_change(pool, &p, BASE, SUB, body, 0, -1, &doc, &version, &pb),
        KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "kanalen[0].naam"));
    assert_true(kt_invalid_param(pb.invalid_params, "status"));
    json_decref(body);
    kc_problem_clear(&pb);
}

static void another_tenant_sees_nothing(void **state)
{
    kc_principal p = caller(TENANT_B);
    json_t *doc = NULL, *list = NULL, *body = json_pack("{s:s}", "status", "disabled");
    long long version = 0;
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(abonnement_service_get(pool, &p, BASE, SUB, &doc, &version, &pb),
                     KC_NOT_FOUND);
    assert_int_equal(abonnement_service_list(pool, &p, BASE, &list, &pb), KC_OK);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
    assert_int_equal(
        abonnement_service_change(pool, &p, BASE, SUB, body, 0, -1, &doc, &version, &pb),
        KC_NOT_FOUND);
    assert_int_equal(abonnement_service_delete(pool, &p, SUB, -1, &pb), KC_NOT_FOUND);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM notifications.subscriptions\n"
                                  " WHERE id = '%s'\n"
                                  "   AND status = 'active'",
                                  SUB),
                     1);
    json_decref(body);
    kc_problem_clear(&pb);
}

static void delete_takes_the_deliveries(void **state)
{
    kc_principal p = caller(TENANT);
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(abonnement_service_delete(pool, &p, SUB, 1, &pb), KC_PRECONDITION_FAILED);
    assert_int_equal(abonnement_service_delete(pool, &p, SUB, -1, &pb), KC_OK);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM notifications.deliveries"),
                     0);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM notifications.subscription_secrets"),
                     0);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM notifications.outbox\n"
                                  " WHERE type = 'subscription.deleted'"),
                     1);
    assert_int_equal(abonnement_service_delete(pool, &p, SUB, -1, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
}

static void alert_address_round_trips(void **state)
{
    kc_principal p = caller(TENANT), q = caller(TENANT_B);
    json_t *body = json_pack("{s:s}", "alertEmail", "beheer@example.nl"), *doc = NULL;
    json_t *bad = json_pack("{s:s}", "alertEmail", "beheer@example.nl\r\nBcc: x@evil.nl");
    long long version = 0;
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(settings_service_get(pool, &p, &doc, &version, &pb), KC_OK);
    assert_true(json_is_null(json_object_get(doc, "alertEmail")));
    json_decref(doc);
    assert_int_equal(settings_service_put(pool, &p, body, -1, &doc, &version, &pb), KC_OK);
    assert_int_equal(version, 1);
    json_decref(doc);
    assert_int_equal(settings_service_put(pool, &p, bad, -1, &doc, &version, &pb), KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "alertEmail"));
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(settings_service_put(pool, &p, body, 7, &doc, &version, &pb),
                     KC_PRECONDITION_FAILED);
    assert_int_equal(settings_service_get(pool, &p, &doc, &version, &pb), KC_OK);
    assert_string_equal(json_string_value(json_object_get(doc, "alertEmail")), "beheer@example.nl");
    json_decref(doc);
    assert_int_equal(settings_service_get(pool, &q, &doc, &version, &pb), KC_OK);
    assert_true(json_is_null(json_object_get(doc, "alertEmail")));
    json_decref(doc);
    json_decref(body);
    json_decref(bad);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stored_subscription_reads_back_and_opens),
        cmocka_unit_test(sealed_auth_does_not_open_on_another_row),
        cmocka_unit_test(rotation_keeps_two_secrets_for_the_overlap),
        cmocka_unit_test(disabling_cancels_open_deliveries_and_enabling_clears),
        cmocka_unit_test(a_bad_change_is_named),
        cmocka_unit_test(another_tenant_sees_nothing),
        cmocka_unit_test(delete_takes_the_deliveries),
        cmocka_unit_test(alert_address_round_trips),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
