/* Integration: Idempotency-Key storage against a real PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/pg.h"
#include "koers/idempotency.h"
#include "koers/migrate.h"

static kc_db_pool *pool;

static int setup(void **state)
{
    (void)state;
    return it_setup("it_idem", NULL, 0, &pool);
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

static void test_store_then_replay(void **state)
{
    kc_idem idem = {.active = 1,
                    .key = "k-1",
                    .tenant_id = "7d1c2f4e-1111-4a2b-9c3d-000000000001",
                    .request_hash =
                        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    kc_idem other = idem;
    kc_db_conn *c = NULL;
    kc_problem pb;
    json_t *body = json_pack("{s:s}", "id", "x1"), *got = NULL;
    int found = -1, status = 0;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &c, &pb), KC_OK);
    assert_int_equal(kc_idem_lookup(c, "it_idem", &idem, &found, &status, &got, &pb), KC_OK);
    assert_int_equal(found, 0);
    /* stored in a transaction that rolls back: nothing kept */
    assert_int_equal(kc_db_begin(c, &pb), KC_OK);
    assert_int_equal(kc_idem_store(c, "it_idem", &idem, 201, body, &pb), KC_OK);
    kc_db_rollback(c);
    assert_int_equal(kc_idem_lookup(c, "it_idem", &idem, &found, &status, &got, &pb), KC_OK);
    assert_int_equal(found, 0);
    assert_int_equal(kc_db_begin(c, &pb), KC_OK);
    assert_int_equal(kc_idem_store(c, "it_idem", &idem, 201, body, &pb), KC_OK);
    assert_int_equal(kc_db_commit(c, &pb), KC_OK);
    assert_int_equal(kc_idem_lookup(c, "it_idem", &idem, &found, &status, &got, &pb), KC_OK);
    assert_int_equal(found, 1);
    assert_int_equal(status, 201);
    assert_true(json_equal(got, body));
    json_decref(got);
    got = NULL;
    /* the same key again is a unique violation */
    assert_int_equal(kc_idem_store(c, "it_idem", &idem, 201, body, &pb), KC_CONFLICT);
    kc_problem_clear(&pb);
    /* the same key for another request */
    memset(other.request_hash, 'b', 64);
    assert_int_equal(kc_idem_lookup(c, "it_idem", &other, &found, &status, &got, &pb), KC_INVALID);
    assert_int_equal(found, 0);
    assert_null(got);
    kc_problem_clear(&pb);
    /* not active: nothing looked up */
    other.active = 0;
    assert_int_equal(kc_idem_lookup(c, "it_idem", &other, &found, &status, &got, &pb), KC_OK);
    assert_int_equal(found, 0);
    kc_db_release(pool, c);
    json_decref(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_store_then_replay)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
