/* Integration: kc_subscriber against a real Redis, across a restart. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <hiredis/hiredis.h>

#include "it.h"
#include "koers/subscriber.h"

#define MAX_GOT 64

typedef struct {
    pthread_mutex_t mu;
    int n;
    char ids[MAX_GOT][64];
} collector;

static collector got = {.mu = PTHREAD_MUTEX_INITIALIZER};

static void on_event(const json_t *env, void *user)
{
    collector *c = user;
    const char *id = json_string_value(json_object_get(env, "id"));
    pthread_mutex_lock(&c->mu);
    if (c->n < MAX_GOT)
        snprintf(c->ids[c->n++], sizeof(c->ids[0]), "%s", id ? id : "(none)");
    pthread_mutex_unlock(&c->mu);
}

static int got_count(void)
{
    int n;
    pthread_mutex_lock(&got.mu);
    n = got.n;
    pthread_mutex_unlock(&got.mu);
    return n;
}

static int wait_count(int want, int ms)
{
    long long until = it_now_ms() + ms;
    while (got_count() < want && it_now_ms() < until)
        it_sleep_ms(20);
    return got_count();
}

static int port(void)
{
    const char *u = it_env("KOERS_REDIS_URL");
    const char *c = strrchr(u, ':');
    return c ? atoi(c + 1) : 0;
}

/* PUBLISH on a fresh connection; returns the receiver count or -1. */
static long long publish(const char *channel, const char *msg)
{
    struct timeval tv = {1, 0};
    redisContext *c = redisConnectWithTimeout("127.0.0.1", port(), tv);
    redisReply *r = NULL;
    long long n = -1;
    if (c != NULL && c->err == 0)
        r = redisCommand(c, "PUBLISH %s %s", channel, msg);
    if (r != NULL && r->type == REDIS_REPLY_INTEGER)
        n = r->integer;
    if (r != NULL)
        freeReplyObject(r);
    if (c != NULL)
        redisFree(c);
    return n;
}

/* Publishes probes until the subscriber receives one (bounded). */
static int wait_subscribed(int ms)
{
    long long until = it_now_ms() + ms;
    static int probe;
    while (it_now_ms() < until) {
        char msg[64];
        int before = got_count();
        snprintf(msg, sizeof(msg), "{\"id\":\"probe-%d\"}", probe++);
        if (publish("koers.itsub.probe", msg) > 0) {
            if (wait_count(before + 1, 1000) > before)
                return 1;
        }
        it_sleep_ms(100);
    }
    return 0;
}

static void test_dedupe_and_reconnect(void **state)
{
    kc_subscriber *s = NULL;
    int base;
    long long t0;
    (void)state;
    assert_int_equal(
        kc_subscriber_start(it_env("KOERS_REDIS_URL"), "koers.itsub.*", on_event, &got, &s), KC_OK);
    assert_true(wait_subscribed(10000));
    base = got_count();
    assert_true(publish("koers.itsub.a", "{\"id\":\"a1\",\"type\":\"a\"}") > 0);
    assert_true(publish("koers.itsub.a", "{\"id\":\"a1\",\"type\":\"a\"}") > 0); /* again */
    assert_true(publish("koers.itsub.b", "not json") > 0);
    assert_true(publish("koers.other.c", "{\"id\":\"x1\"}") == 0); /* other pattern */
    assert_true(publish("koers.itsub.b", "{\"id\":\"b1\",\"type\":\"b\"}") > 0);
    assert_int_equal(wait_count(base + 2, 5000), base + 2);
    it_sleep_ms(300);
    assert_int_equal(got_count(), base + 2);
    assert_string_equal(got.ids[base], "a1");
    assert_string_equal(got.ids[base + 1], "b1");

    /* Redis goes away and comes back on the same port */
    assert_int_equal(it_redis("stop"), 0);
    it_sleep_ms(500);
    assert_int_equal(it_redis("start"), 0);
    assert_true(wait_subscribed(10000));
    base = got_count();
    assert_true(publish("koers.itsub.a", "{\"id\":\"a1\",\"type\":\"a\"}") > 0); /* seen before */
    assert_true(publish("koers.itsub.d", "{\"id\":\"d1\",\"type\":\"d\"}") > 0);
    assert_int_equal(wait_count(base + 1, 5000), base + 1);
    it_sleep_ms(300);
    assert_int_equal(got_count(), base + 1);
    assert_string_equal(got.ids[base], "d1");

    t0 = it_now_ms();
    kc_subscriber_stop(s);
    assert_true(it_now_ms() - t0 < 1000);
}

static void test_start_rejects_bad_input(void **state)
{
    kc_subscriber *s = NULL;
    (void)state;
    assert_int_equal(kc_subscriber_start("redis://:99999999/0", "x.*", on_event, &got, &s),
                     KC_INVALID);
    assert_null(s);
    assert_int_equal(kc_subscriber_start(it_env("KOERS_REDIS_URL"), "", on_event, &got, &s),
                     KC_INVALID);
    assert_null(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dedupe_and_reconnect),
        cmocka_unit_test(test_start_rejects_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
