/* The dispatcher's decision after an attempt (dispatch/dispatch_decide.c):
 * 2xx delivered, 410 gone, 3xx/4xx/5xx/no answer retried with the backoff
 * schedule until the retries are spent, then failed; and the callback
 * host the alert mail names. backoff_delay_ms is faked: it answers
 * 1000 * (n + 1) + u * 100, so a test sees which retry and which draw the
 * decision asked for. */
/* LINK: dispatch/dispatch_decide.c */
/* WRAP: backoff_delay_ms */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dispatch/dispatch_decide.h"

long long __wrap_backoff_delay_ms(int n, double u);
long long __wrap_backoff_delay_ms(int n, double u)
{
    return 1000LL * (n + 1) + (long long)(u * 100);
}

static void any_2xx_is_delivered(void **state)
{
    static const int codes[] = {200, 201, 202, 204, 299};
    dispatch_decision d;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        d = dispatch_decide(codes[i], 1, 7, 0.5);
        assert_int_equal(d.outcome, DISPATCH_DELIVERED);
        assert_int_equal(d.delay_ms, 0);
    }
    /* the last attempt too */
    d = dispatch_decide(200, 8, 7, 0.5);
    assert_int_equal(d.outcome, DISPATCH_DELIVERED);
    assert_string_equal(dispatch_outcome_state(d.outcome), "delivered");
}

static void failures_retry_with_the_schedule(void **state)
{
    static const int codes[] = {0, 199, 300, 301, 302, 304, 307, 400, 401, 404, 409, 429, 500, 503};
    dispatch_decision d;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        d = dispatch_decide(codes[i], 1, 7, 0.5);
        assert_int_equal(d.outcome, DISPATCH_RETRYING);
        assert_int_equal(d.delay_ms, 1050); /* retry 0, the plain draw */
    }
    /* attempt 3 failed: before it comes retry 2 (0-based: attempts - 1) */
    d = dispatch_decide(500, 3, 7, 0.25);
    assert_int_equal(d.outcome, DISPATCH_RETRYING);
    assert_int_equal(d.delay_ms, 3025);
    assert_string_equal(dispatch_outcome_state(d.outcome), "retrying");
    /* attempt 7 of 1 + 7: one retry is left */
    d = dispatch_decide(503, 7, 7, 0.0);
    assert_int_equal(d.outcome, DISPATCH_RETRYING);
    assert_int_equal(d.delay_ms, 7000);
}

static void the_last_retry_fails(void **state)
{
    dispatch_decision d;

    (void)state;
    d = dispatch_decide(500, 8, 7, 0.5); /* 1 + 7 attempts made */
    assert_int_equal(d.outcome, DISPATCH_FAILED);
    assert_int_equal(d.delay_ms, 0);
    assert_string_equal(dispatch_outcome_state(d.outcome), "failed");
    d = dispatch_decide(302, 8, 7, 0.5); /* a redirect is not delivered */
    assert_int_equal(d.outcome, DISPATCH_FAILED);
    d = dispatch_decide(0, 1, 0, 0.5); /* no retries: the first attempt is the last */
    assert_int_equal(d.outcome, DISPATCH_FAILED);
}

static void gone_disables_at_any_attempt(void **state)
{
    dispatch_decision d;

    (void)state;
    d = dispatch_decide(410, 1, 7, 0.5);
    assert_int_equal(d.outcome, DISPATCH_GONE);
    assert_int_equal(d.delay_ms, 0);
    assert_string_equal(dispatch_outcome_state(d.outcome), "failed");
    d = dispatch_decide(410, 8, 7, 0.5);
    assert_int_equal(d.outcome, DISPATCH_GONE);
}

/* The host dispatch_callback_host finds in url is want. */
static void host_is(const char *url, const char *want)
{
    char host[64];

    dispatch_callback_host(url, host, sizeof(host));
    assert_string_equal(host, want);
}

static void callback_host_only(void **state)
{
    (void)state;
    host_is("https://u:p@hooks.example.org:8443/in?t=x", "hooks.example.org");
    host_is("https://hooks.example.org", "hooks.example.org");
    host_is("http://a@b@portal.example.nl/x@y", "portal.example.nl");
    host_is("http://[::1]:9000/hook", "::1");
    host_is("https://h.example?token=secret", "h.example");
    host_is("not a url", "");
    host_is("http://[::1/x", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(any_2xx_is_delivered), cmocka_unit_test(failures_retry_with_the_schedule),
        cmocka_unit_test(the_last_retry_fails), cmocka_unit_test(gone_disables_at_any_attempt),
        cmocka_unit_test(callback_host_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
