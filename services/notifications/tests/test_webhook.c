/* Unit tests of delivery/webhook.c against a small HTTP server on
 * 127.0.0.1 (an Ulfius instance on a free port): what a receiver sees
 * (method, Content-Type, Authorization verbatim, User-Agent, the Standard
 * Webhooks headers with the specification's signature, the exact body), a
 * 3xx not followed, a slow receiver cut off at the timeout, a huge answer
 * cut off, a refused connection, and unsafe or malformed requests. */
/* LINK: delivery/webhook.c delivery/url_safety.c delivery/signature.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <cmocka.h>
#include <ulfius.h>

#include "delivery/url_safety.h"
#include "delivery/webhook.h"

#define VECTOR_SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define VECTOR_ID     "msg_p5jXN8AQM9LWM0D4loKWxJek"
#define VECTOR_TS     1614265330LL
#define VECTOR_BODY   "{\"test\": 2432232314}"
#define VECTOR_SIG    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
#define OTHER_SECRET  "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

/* What the receiver saw last. */
static struct seen {
    pthread_mutex_t lock;
    int hits;
    char method[8], path[64], content_type[64], auth[128], agent[64], id[64], ts[32], sig[160],
        expect[32];
    char body[256];
    size_t body_len;
} seen = {.lock = PTHREAD_MUTEX_INITIALIZER};

static struct _u_instance server;
static int port;
static char base[64];

static void copy_header(const struct _u_request *rq, const char *name, char *out, size_t cap)
{
    const char *v = u_map_get_case(rq->map_header, name);
    snprintf(out, cap, "%s", v != NULL ? v : "(none)");
}

static int record(const struct _u_request *rq)
{
    pthread_mutex_lock(&seen.lock);
    seen.hits++;
    snprintf(seen.method, sizeof(seen.method), "%s", rq->http_verb);
    snprintf(seen.path, sizeof(seen.path), "%s", rq->http_url);
    copy_header(rq, "Content-Type", seen.content_type, sizeof(seen.content_type));
    copy_header(rq, "Authorization", seen.auth, sizeof(seen.auth));
    copy_header(rq, "User-Agent", seen.agent, sizeof(seen.agent));
    copy_header(rq, "webhook-id", seen.id, sizeof(seen.id));
    copy_header(rq, "webhook-timestamp", seen.ts, sizeof(seen.ts));
    copy_header(rq, "webhook-signature", seen.sig, sizeof(seen.sig));
    copy_header(rq, "Expect", seen.expect, sizeof(seen.expect));
    seen.body_len = rq->binary_body_length < sizeof(seen.body) - 1 ? rq->binary_body_length
                                                                   : sizeof(seen.body) - 1;
    memcpy(seen.body, rq->binary_body, seen.body_len);
    seen.body[seen.body_len] = '\0';
    pthread_mutex_unlock(&seen.lock);
    return 0;
}

static int on_hook(const struct _u_request *rq, struct _u_response *resp, void *data)
{
    (void)data;
    record(rq);
    ulfius_set_empty_body_response(resp, 204);
    return U_CALLBACK_CONTINUE;
}

static int on_redirect(const struct _u_request *rq, struct _u_response *resp, void *data)
{
    (void)rq;
    (void)data;
    u_map_put(resp->map_header, "Location", "/hook");
    ulfius_set_string_body_response(resp, 302, "moved");
    return U_CALLBACK_CONTINUE;
}

static int on_slow(const struct _u_request *rq, struct _u_response *resp, void *data)
{
    (void)rq;
    (void)data;
    sleep(3);
    ulfius_set_empty_body_response(resp, 200);
    return U_CALLBACK_CONTINUE;
}

static int on_huge(const struct _u_request *rq, struct _u_response *resp, void *data)
{
    static char big[1 << 20];

    (void)rq;
    (void)data;
    memset(big, 'x', sizeof(big));
    ulfius_set_binary_body_response(resp, 200, big, sizeof(big));
    return U_CALLBACK_CONTINUE;
}

static int on_gone(const struct _u_request *rq, struct _u_response *resp, void *data)
{
    (void)rq;
    (void)data;
    ulfius_set_string_body_response(resp, 410, "gone");
    return U_CALLBACK_CONTINUE;
}

static int free_port(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0), p = 0;

    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        p = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return p;
}

static int start(void **state)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    char err[256];

    (void)state;
    setenv("KOERS_NOTIFICATIONS_ALLOW_HTTP", "1", 1);
    setenv("KOERS_NOTIFICATIONS_ALLOW_NETS", "127.0.0.0/8", 1);
    assert_int_equal(url_safety_configure(err, sizeof(err)), 0);
    assert_int_equal(webhook_configure(err, sizeof(err)), 0);
    port = free_port();
    assert_true(port > 0);
    addr.sin_port = htons((uint16_t)port);
    assert_int_equal(ulfius_init_instance(&server, (unsigned int)port, &addr, NULL), U_OK);
    ulfius_add_endpoint_by_val(&server, "POST", "/hook", NULL, 0, on_hook, NULL);
    ulfius_add_endpoint_by_val(&server, "POST", "/redirect", NULL, 0, on_redirect, NULL);
    ulfius_add_endpoint_by_val(&server, "POST", "/slow", NULL, 0, on_slow, NULL);
    ulfius_add_endpoint_by_val(&server, "POST", "/huge", NULL, 0, on_huge, NULL);
    ulfius_add_endpoint_by_val(&server, "POST", "/gone", NULL, 0, on_gone, NULL);
    assert_int_equal(ulfius_start_framework(&server), U_OK);
    snprintf(base, sizeof(base), "http://127.0.0.1:%d", port);
    return 0;
}

static int stop(void **state)
{
    (void)state;
    ulfius_stop_framework(&server);
    ulfius_clean_instance(&server);
    return 0;
}

static webhook_request request(const char *path, char *url, size_t cap)
{
    webhook_request rq = {0};

    snprintf(url, cap, "%s%s", base, path);
    rq.url = url;
    rq.message_id = VECTOR_ID;
    rq.timestamp = VECTOR_TS;
    rq.body = VECTOR_BODY;
    rq.body_len = strlen(VECTOR_BODY);
    rq.timeout_s = 5;
    return rq;
}

static void a_receiver_sees_the_standard_headers(void **state)
{
    static const char *const secrets[] = {VECTOR_SECRET, OTHER_SECRET};
    char url[128], want[256];
    webhook_request rq = request("/hook", url, sizeof(url));
    webhook_result r;

    (void)state;
    rq.authorization = "Token abc def";
    rq.secrets = secrets;
    rq.nsecrets = 2;
    assert_int_equal(webhook_send(&rq, &r), KC_OK);
    assert_int_equal(r.status, 204);
    assert_string_equal(r.error, "");
    assert_true(webhook_delivered(&r));
    assert_true(r.duration_ms >= 0 && r.duration_ms < 5000);
    pthread_mutex_lock(&seen.lock);
    assert_string_equal(seen.method, "POST");
    assert_string_equal(seen.path, "/hook");
    assert_string_equal(seen.content_type, "application/json");
    assert_string_equal(seen.auth, "Token abc def");
    assert_string_equal(seen.agent, "Koers-Notifications/0.1");
    assert_string_equal(seen.id, VECTOR_ID);
    assert_string_equal(seen.ts, "1614265330");
    assert_string_equal(seen.expect, "(none)");
    /* the specification's signature first, then the second secret's */
    snprintf(want, sizeof(want), "%s v1,", VECTOR_SIG);
    assert_int_equal(strncmp(seen.sig, want, strlen(want)), 0);
    assert_int_equal(strlen(seen.sig), strlen(want) + 44);
    assert_int_equal(seen.body_len, strlen(VECTOR_BODY));
    assert_string_equal(seen.body, VECTOR_BODY);
    pthread_mutex_unlock(&seen.lock);
}

/* unsigned: the message id all the same (a receiver drops a retry by
 * it), no signature; an empty auth sends no Authorization */
static void unsigned_sends_the_id_but_no_signature(void **state)
{
    char url[128];
    webhook_request rq = request("/hook", url, sizeof(url));
    webhook_result r;

    (void)state;
    rq.authorization = "";
    assert_int_equal(webhook_send(&rq, &r), KC_OK);
    assert_int_equal(r.status, 204);
    pthread_mutex_lock(&seen.lock);
    assert_string_equal(seen.auth, "(none)");
    assert_string_equal(seen.id, rq.message_id);
    assert_string_equal(seen.sig, "(none)");
    pthread_mutex_unlock(&seen.lock);
}

static void redirects_are_answers(void **state)
{
    char url[128];
    webhook_request rq = request("/redirect", url, sizeof(url));
    webhook_result r;
    int before;

    (void)state;
    pthread_mutex_lock(&seen.lock);
    before = seen.hits;
    pthread_mutex_unlock(&seen.lock);
    assert_int_equal(webhook_send(&rq, &r), KC_OK);
    assert_int_equal(r.status, 302);
    assert_false(webhook_delivered(&r));
    pthread_mutex_lock(&seen.lock);
    assert_int_equal(seen.hits, before); /* /hook was not called */
    pthread_mutex_unlock(&seen.lock);
    rq = request("/gone", url, sizeof(url));
    assert_int_equal(webhook_send(&rq, &r), KC_OK);
    assert_int_equal(r.status, 410);
    assert_false(webhook_delivered(&r));
}

static void a_slow_receiver_times_out(void **state)
{
    char url[128];
    webhook_request rq = request("/slow", url, sizeof(url));
    webhook_result r;

    (void)state;
    rq.timeout_s = 1;
    assert_int_equal(webhook_send(&rq, &r), KC_OK);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.error, "timeout");
    assert_true(r.duration_ms >= 950 && r.duration_ms < 2500);
}

static void a_huge_answer_is_cut_off(void **state)
{
    char url[128];
    webhook_request rq = request("/huge", url, sizeof(url));
    webhook_result r;

    (void)state;
    assert_int_equal(webhook_send(&rq, &r), KC_OK);
    assert_int_equal(r.status, 200); /* the status line came before the body */
    assert_true(webhook_delivered(&r));
    assert_string_equal(r.error, "answer cut off after 65536 bytes");
}

static void network_failures_are_named(void **state)
{
    char url[128];
    webhook_request rq = request("/hook", url, sizeof(url));
    webhook_result r;

    (void)state;
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook", free_port()); /* nobody listens */
    assert_int_equal(webhook_send(&rq, &r), KC_OK);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.error, "connection failed");
    rq.url = "http://no-such-host.invalid/hook";
    assert_int_equal(webhook_send(&rq, &r), KC_OK);
    assert_string_equal(r.error, "cannot resolve");
    rq.url = "http://169.254.169.254/latest/meta-data/";
    assert_int_equal(webhook_send(&rq, &r), KC_OK);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.error, "unsafe address: resolves to a link-local address");
    rq.url = "http://[::1]:1/hook"; /* ::1 is not in the allow-list */
    assert_int_equal(webhook_send(&rq, &r), KC_OK);
    assert_string_equal(r.error, "unsafe address: resolves to a loopback address");
    rq.url = "ftp://127.0.0.1/hook";
    assert_int_equal(webhook_send(&rq, &r), KC_OK);
    assert_string_equal(r.error, "unsafe address: must use https");
}

static void malformed_requests_are_refused(void **state)
{
    static const char *const bad_secret[] = {"not-a-secret"};
    char url[128];
    webhook_request rq = request("/hook", url, sizeof(url)), bad;
    webhook_result r;
    int before;

    (void)state;
    pthread_mutex_lock(&seen.lock);
    before = seen.hits;
    pthread_mutex_unlock(&seen.lock);
    bad = rq;
    bad.timeout_s = 0;
    assert_int_equal(webhook_send(&bad, &r), KC_INVALID);
    bad = rq;
    bad.timeout_s = 61;
    assert_int_equal(webhook_send(&bad, &r), KC_INVALID);
    bad = rq;
    bad.authorization = "Token x\r\nX-Injected: 1"; /* header injection */
    assert_int_equal(webhook_send(&bad, &r), KC_INVALID);
    bad = rq;
    bad.secrets = bad_secret;
    bad.nsecrets = 1;
    assert_int_equal(webhook_send(&bad, &r), KC_INVALID);
    bad.nsecrets = 3;
    assert_int_equal(webhook_send(&bad, &r), KC_INVALID);
    bad = rq;
    bad.url = NULL;
    assert_int_equal(webhook_send(&bad, &r), KC_INVALID);
    assert_int_equal(webhook_send(NULL, &r), KC_INVALID);
    assert_int_equal(webhook_send(&rq, NULL), KC_INVALID);
    pthread_mutex_lock(&seen.lock);
    assert_int_equal(seen.hits, before); /* nothing was sent */
    pthread_mutex_unlock(&seen.lock);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_receiver_sees_the_standard_headers),
        cmocka_unit_test(unsigned_sends_the_id_but_no_signature),
        cmocka_unit_test(redirects_are_answers),
        cmocka_unit_test(a_slow_receiver_times_out),
        cmocka_unit_test(a_huge_answer_is_cut_off),
        cmocka_unit_test(network_failures_are_named),
        cmocka_unit_test(malformed_requests_are_refused),
    };
    return cmocka_run_group_tests(tests, start, stop);
}
