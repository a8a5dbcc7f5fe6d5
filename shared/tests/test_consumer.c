/* The durable consumer's pure parts (replay URL, page parsing, backoff,
 * which envelopes wake it) and its catch-up loop with the layer below faked:
 * a source in memory behind kc_consumer_http_get and a cursor and processed
 * ids in memory behind the repository and the transaction calls. */
/* WRAP: kc_consumer_http_get kc_consumer_repo_init kc_consumer_repo_cursor */
/* WRAP: kc_consumer_repo_claim kc_consumer_repo_advance kc_consumer_repo_prune */
/* WRAP: kc_db_acquire kc_db_release kc_db_begin kc_db_commit kc_db_rollback */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "koers/consumer.h"
#include "support/koers_test.h"
#include "../src/consumer_internal.h"

/* ---- the fake source and store ----------------------------------------- */

#define MAX_EVENTS 16
#define MAX_CALLS  32

typedef struct {
    long long seq;
    char id[40];
    const char *type;
} fake_event;

static struct {
    fake_event events[MAX_EVENTS];
    int n_events;
    int http_status; /* what the source answers (200) */
    int http_down;   /* no answer at all */
    char urls[MAX_CALLS][256];
    int n_urls;
    /* the store */
    long long cursor;    /* committed */
    long long tx_cursor; /* inside the open transaction */
    char done[MAX_EVENTS * 2][40];
    int n_done, tx_n_done;
    int in_tx, begins, commits, rollbacks;
    /* the handler */
    int handled;
    char handled_ids[MAX_CALLS][40];
    int fail_next; /* handler failures still to come */
} f;

static kc_db_conn *const FAKE_CONN = (kc_db_conn *)0x1;

static void fake_reset(void)
{
    memset(&f, 0, sizeof(f));
    f.http_status = 200;
}

static void add_event(long long seq, const char *id, const char *type)
{
    fake_event *e = &f.events[f.n_events++];
    e->seq = seq;
    snprintf(e->id, sizeof(e->id), "%s", id);
    e->type = type;
}

/* The source: items after `after`, up to `limit`, "_links.next" when more. */
KT_FAKE(kc_consumer_http_get);
kc_status __wrap_kc_consumer_http_get(const char *url, const char *api_key, int timeout_s,
                                      int *http_status, char **body, size_t *len)
{
    const char *q = strstr(url, "after=");
    long long after = q != NULL ? strtoll(q + 6, NULL, 10) : -1;
    const char *l = strstr(url, "limit=");
    int limit = l != NULL ? atoi(l + 6) : 0, taken = 0, more = 0;
    json_t *items = json_array();
    json_t *root = NULL;

    assert_string_equal(api_key, "k-secret");
    assert_true(timeout_s > 0);
    if (f.n_urls < MAX_CALLS)
        snprintf(f.urls[f.n_urls++], sizeof(f.urls[0]), "%s", url);
    if (f.http_down) {
        json_decref(items);
        return KC_UNAVAILABLE;
    }
    for (int i = 0; i < f.n_events; i++) {
        if (f.events[i].seq <= after)
            continue;
        if (taken == limit) {
            more = 1;
            break;
        }
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:s, s:s, s:{s:s}, s:s}", "seq",
                                        (json_int_t)f.events[i].seq, "id", f.events[i].id, "type",
                                        f.events[i].type, "subject", "subj", "data", "k", "v",
                                        "publishedAt", "2026-12-02T10:00:00.000Z"));
        taken++;
    }
    root = json_pack("{s:o, s:{s:{s:s}}}", "items", items, "_links", "self", "href", url);
    if (more)
        json_object_set_new(json_object_get(root, "_links"), "next",
                            json_pack("{s:s}", "href", "next"));
    *body = json_dumps(root, JSON_COMPACT);
    *len = strlen(*body);
    *http_status = f.http_status;
    json_decref(root);
    return KC_OK;
}

KT_FAKE(kc_db_acquire);
kc_status __wrap_kc_db_acquire(kc_db_pool *pool, kc_db_conn **out, kc_problem *pb)
{
    (void)pool;
    (void)pb;
    *out = FAKE_CONN;
    return KC_OK;
}

KT_FAKE(kc_db_release);
void __wrap_kc_db_release(kc_db_pool *pool, kc_db_conn *conn)
{
    (void)pool;
    (void)conn;
    assert_false(f.in_tx); /* every transaction ended */
}

KT_FAKE(kc_db_begin);
kc_status __wrap_kc_db_begin(kc_db_conn *conn, kc_problem *pb)
{
    (void)conn;
    (void)pb;
    assert_false(f.in_tx);
    f.in_tx = 1;
    f.begins++;
    f.tx_cursor = f.cursor;
    f.tx_n_done = f.n_done;
    return KC_OK;
}

KT_FAKE(kc_db_commit);
kc_status __wrap_kc_db_commit(kc_db_conn *conn, kc_problem *pb)
{
    (void)conn;
    (void)pb;
    assert_true(f.in_tx);
    f.in_tx = 0;
    f.commits++;
    f.cursor = f.tx_cursor;
    f.n_done = f.tx_n_done;
    return KC_OK;
}

KT_FAKE(kc_db_rollback);
void __wrap_kc_db_rollback(kc_db_conn *conn)
{
    (void)conn;
    f.in_tx = 0;
    f.rollbacks++;
}

KT_FAKE(kc_consumer_repo_init);
kc_status __wrap_kc_consumer_repo_init(kc_db_conn *conn, const char *schema, const char *consumer,
                                       const char *source, kc_problem *pb)
{
    (void)conn;
    (void)pb;
    assert_string_equal(schema, "svc");
    assert_string_equal(consumer, "figures");
    assert_string_equal(source, "src");
    return KC_OK;
}

KT_FAKE(kc_consumer_repo_cursor);
kc_status __wrap_kc_consumer_repo_cursor(kc_db_conn *conn, const char *schema, const char *consumer,
                                         const char *source, int lock, long long *seq,
                                         kc_problem *pb)
{
    (void)conn;
    (void)schema;
    (void)consumer;
    (void)source;
    (void)pb;
    if (lock)
        assert_true(f.in_tx); /* the lock is taken in the event's transaction */
    *seq = f.in_tx ? f.tx_cursor : f.cursor;
    return KC_OK;
}

KT_FAKE(kc_consumer_repo_claim);
kc_status __wrap_kc_consumer_repo_claim(kc_db_conn *conn, const char *schema, const char *consumer,
                                        const char *source, const char *event_id, long long seq,
                                        int *fresh, kc_problem *pb)
{
    (void)conn;
    (void)schema;
    (void)consumer;
    (void)source;
    (void)seq;
    (void)pb;
    assert_true(f.in_tx);
    for (int i = 0; i < f.tx_n_done; i++)
        if (strcmp(f.done[i], event_id) == 0) {
            *fresh = 0;
            return KC_OK;
        }
    snprintf(f.done[f.tx_n_done++], sizeof(f.done[0]), "%s", event_id);
    *fresh = 1;
    return KC_OK;
}

KT_FAKE(kc_consumer_repo_advance);
kc_status __wrap_kc_consumer_repo_advance(kc_db_conn *conn, const char *schema,
                                          const char *consumer, const char *source, long long seq,
                                          kc_problem *pb)
{
    (void)conn;
    (void)schema;
    (void)consumer;
    (void)source;
    (void)pb;
    assert_true(f.in_tx);
    if (seq > f.tx_cursor)
        f.tx_cursor = seq;
    return KC_OK;
}

KT_UNREACHED(kc_consumer_repo_prune)

static kc_status handler(kc_db_conn *conn, const kc_consumer_event *ev, void *user, kc_problem *pb)
{
    (void)user;
    assert_ptr_equal(conn, FAKE_CONN);
    assert_true(f.in_tx);
    assert_string_equal(ev->subject, "subj");
    assert_string_equal(json_string_value(json_object_get(ev->data, "k")), "v");
    if (f.fail_next > 0) {
        f.fail_next--;
        return kc_problem_set(pb, KC_INTERNAL, "handler failed");
    }
    if (f.handled < MAX_CALLS)
        snprintf(f.handled_ids[f.handled], sizeof(f.handled_ids[0]), "%s", ev->id);
    f.handled++;
    return KC_OK;
}

static kc_consumer *new_consumer(int page_limit)
{
    kc_consumer_config cfg = {
        .name = "figures",
        .schema = "svc",
        .source = "src",
        .source_url = "http://127.0.0.1:9/",
        .api_key = "k-secret",
        .pool = (kc_db_pool *)0x1,
        .handler = handler,
        .page_limit = page_limit,
    };
    kc_consumer *c = NULL;

    assert_int_equal(kc_consumer_create(&cfg, &c), KC_OK);
    return c;
}

static kc_status catch_up(kc_consumer *c, int *at_end)
{
    kc_problem pb;
    kc_status st;

    kc_problem_init(&pb);
    st = kc_consumer_catch_up(c, 100, at_end, &pb);
    kc_problem_clear(&pb);
    return st;
}

/* ---- pure parts --------------------------------------------------------- */

static void test_events_url(void **state)
{
    char url[128];

    (void)state;
    assert_int_equal(
        kc_consumer_events_url("http://casedesk:8081//", "casedesk", 42, 100, url, sizeof(url)), 0);
    assert_string_equal(url, "http://casedesk:8081/casedesk/v1/events?after=42&limit=100");
    assert_int_equal(kc_consumer_events_url("http://h", "s", 0, 1, url, sizeof(url)), 0);
    assert_string_equal(url, "http://h/s/v1/events?after=0&limit=1");
    assert_int_equal(kc_consumer_events_url("http://h", "s", 0, 1, url, 20), -1); /* too long */
}

static void test_backoff(void **state)
{
    (void)state;
    assert_int_equal(kc_consumer_backoff_ms(1, 100, 5000), 100);
    assert_int_equal(kc_consumer_backoff_ms(2, 100, 5000), 200);
    assert_int_equal(kc_consumer_backoff_ms(3, 100, 5000), 400);
    assert_int_equal(kc_consumer_backoff_ms(6, 100, 5000), 3200);
    assert_int_equal(kc_consumer_backoff_ms(7, 100, 5000), 5000);
    assert_int_equal(kc_consumer_backoff_ms(1000, 100, 5000), 5000); /* no overflow */
    assert_int_equal(kc_consumer_backoff_ms(0, 100, 5000), 100);
}

static void test_envelope_wakes(void **state)
{
    json_t *env = json_pack("{s:s, s:s, s:s, s:s}", "id", "e1", "type", "case.closed", "source",
                            "casedesk", "tenant", "11111111-1111-1111-1111-111111111111");
    json_t *no_id = json_pack("{s:s}", "type", "case.closed");
    json_t *arr = json_array();

    (void)state;
    assert_true(kc_consumer_envelope_wakes(env, "casedesk", NULL));
    assert_true(
        kc_consumer_envelope_wakes(env, "casedesk", "11111111-1111-1111-1111-111111111111"));
    assert_false(
        kc_consumer_envelope_wakes(env, "casedesk", "22222222-2222-2222-2222-222222222222"));
    assert_false(kc_consumer_envelope_wakes(env, "surveys", NULL));
    assert_false(kc_consumer_envelope_wakes(no_id, "casedesk", NULL));
    assert_false(kc_consumer_envelope_wakes(arr, "casedesk", NULL));
    assert_false(kc_consumer_envelope_wakes(NULL, "casedesk", NULL));
    json_decref(env);
    json_decref(no_id);
    json_decref(arr);
}

static kc_status parse(const char *body, long long after, kc_consumer_page *page)
{
    kc_problem pb;
    kc_status st;

    kc_problem_init(&pb);
    st = kc_consumer_page_parse(body, strlen(body), after, page, &pb);
    kc_problem_clear(&pb);
    return st;
}

static void test_page_parse(void **state)
{
    kc_consumer_page p;

    (void)state;
    assert_int_equal(parse("{\"items\":[{\"seq\":5,\"id\":\"a\",\"type\":\"t\",\"subject\":\"s\","
                           "\"data\":{\"x\":1},\"publishedAt\":\"2026-12-02T10:00:00.000Z\"},"
                           "{\"seq\":9,\"id\":\"b\",\"type\":\"t\",\"subject\":\"s\"}],"
                           "\"_links\":{\"next\":{\"href\":\"…\"}}}",
                           4, &p),
                     KC_OK);
    assert_int_equal(p.n, 2);
    assert_true(p.has_more);
    assert_int_equal(p.items[0].seq, 5);
    assert_string_equal(p.items[0].id, "a");
    assert_string_equal(p.items[0].time, "2026-12-02T10:00:00.000Z");
    assert_int_equal(json_integer_value(json_object_get(p.items[0].data, "x")), 1);
    assert_int_equal(p.items[1].seq, 9);
    assert_true(json_is_null(p.items[1].data)); /* no data: JSON null */
    assert_string_equal(p.items[1].time, "");
    kc_consumer_page_clear(&p);

    /* the end: no next */
    assert_int_equal(parse("{\"items\":[],\"_links\":{\"self\":{\"href\":\"x\"}}}", 0, &p), KC_OK);
    assert_int_equal(p.n, 0);
    assert_false(p.has_more);
    kc_consumer_page_clear(&p);

    /* what a source must not answer */
    assert_int_equal(parse("not json", 0, &p), KC_INVALID);
    assert_int_equal(parse("[1]", 0, &p), KC_INVALID);
    assert_int_equal(parse("{\"items\":{}}", 0, &p), KC_INVALID);
    /* seq at or before the cursor, or not growing */
    assert_int_equal(
        parse("{\"items\":[{\"seq\":4,\"id\":\"a\",\"type\":\"t\",\"subject\":\"s\"}]}", 4, &p),
        KC_INVALID);
    assert_int_equal(parse("{\"items\":[{\"seq\":6,\"id\":\"a\",\"type\":\"t\",\"subject\":\"s\"},"
                           "{\"seq\":6,\"id\":\"b\",\"type\":\"t\",\"subject\":\"s\"}]}",
                           4, &p),
                     KC_INVALID);
    assert_int_equal(
        parse("{\"items\":[{\"seq\":\"6\",\"id\":\"a\",\"type\":\"t\",\"subject\":\"s\"}]}", 0, &p),
        KC_INVALID);
    assert_int_equal(parse("{\"items\":[{\"seq\":6,\"type\":\"t\",\"subject\":\"s\"}]}", 0, &p),
                     KC_INVALID);
    assert_int_equal(
        parse("{\"items\":[{\"seq\":6,\"id\":\"\",\"type\":\"t\",\"subject\":\"s\"}]}", 0, &p),
        KC_INVALID);
    /* more to come, yet empty: would loop for ever */
    assert_int_equal(parse("{\"items\":[],\"_links\":{\"next\":{\"href\":\"x\"}}}", 0, &p),
                     KC_INVALID);
    assert_null(p.items);
    assert_null(p.root);
}

static void test_bad_config(void **state)
{
    kc_consumer_config cfg = {
        .name = "figures",
        .schema = "svc",
        .source = "src",
        .source_url = "http://h",
        .api_key = "k",
        .pool = (kc_db_pool *)0x1,
        .handler = handler,
    };
    kc_consumer_config bad;
    kc_consumer *c = NULL;

    (void)state;
    assert_int_equal(kc_consumer_create(&cfg, &c), KC_OK);
    kc_consumer_free(c);
    bad = cfg;
    bad.name = "Figures!";
    assert_int_equal(kc_consumer_create(&bad, &c), KC_INVALID);
    bad = cfg;
    bad.source_url = "ftp://h";
    assert_int_equal(kc_consumer_create(&bad, &c), KC_INVALID);
    bad = cfg;
    bad.api_key = "two words";
    assert_int_equal(kc_consumer_create(&bad, &c), KC_INVALID);
    bad = cfg;
    bad.api_key = NULL;
    assert_int_equal(kc_consumer_create(&bad, &c), KC_INVALID);
    bad = cfg;
    bad.tenant_id = "not-a-uuid";
    assert_int_equal(kc_consumer_create(&bad, &c), KC_INVALID);
    bad = cfg;
    bad.page_limit = 1001;
    assert_int_equal(kc_consumer_create(&bad, &c), KC_INVALID);
    bad = cfg;
    bad.handler = NULL;
    assert_int_equal(kc_consumer_create(&bad, &c), KC_INVALID);
    assert_null(c);
}

/* ---- the catch-up loop --------------------------------------------------- */

/* From zero through pages of two: every page asked after the last seq
 * applied, each event in its own committed transaction, the end reached. */
static void test_catch_up_pages_from_the_cursor(void **state)
{
    kc_consumer *c = new_consumer(2);
    int at_end = 0;

    (void)state;
    fake_reset();
    add_event(3, "e3", "a");
    add_event(7, "e7", "b");
    add_event(8, "e8", "c");
    assert_int_equal(catch_up(c, &at_end), KC_OK);
    assert_true(at_end);
    assert_int_equal(f.handled, 3);
    assert_string_equal(f.handled_ids[0], "e3");
    assert_string_equal(f.handled_ids[2], "e8");
    assert_int_equal(f.cursor, 8);
    assert_int_equal(f.commits, 3);
    assert_int_equal(f.n_urls, 2);
    assert_string_equal(f.urls[0], "http://127.0.0.1:9/src/v1/events?after=0&limit=2");
    assert_string_equal(f.urls[1], "http://127.0.0.1:9/src/v1/events?after=7&limit=2");
    assert_int_equal(kc_consumer_cursor(c), 8);
    assert_int_equal(kc_consumer_applied(c), 3);
    assert_true(kc_consumer_current(c));

    /* nothing new: one request, nothing applied */
    assert_int_equal(catch_up(c, &at_end), KC_OK);
    assert_int_equal(f.handled, 3);
    assert_string_equal(f.urls[2], "http://127.0.0.1:9/src/v1/events?after=8&limit=2");
    kc_consumer_free(c);
}

/* A new consumer (a restart) starts from the stored cursor. */
static void test_restart_resumes_from_the_stored_cursor(void **state)
{
    kc_consumer *c = new_consumer(10);
    int at_end = 0;

    (void)state;
    fake_reset();
    add_event(1, "e1", "a");
    add_event(2, "e2", "a");
    add_event(3, "e3", "a");
    f.cursor = 2;
    assert_int_equal(catch_up(c, &at_end), KC_OK);
    assert_string_equal(f.urls[0], "http://127.0.0.1:9/src/v1/events?after=2&limit=10");
    assert_int_equal(f.handled, 1);
    assert_string_equal(f.handled_ids[0], "e3");
    kc_consumer_free(c);
}

/* An id applied before (here under another seq) is not applied again; the
 * cursor moves past it. */
static void test_duplicate_id_applied_once(void **state)
{
    kc_consumer *c = new_consumer(10);
    int at_end = 0;

    (void)state;
    fake_reset();
    add_event(1, "e1", "a");
    add_event(2, "e2", "a");
    add_event(3, "e1", "a"); /* the same event again */
    assert_int_equal(catch_up(c, &at_end), KC_OK);
    assert_int_equal(f.handled, 2);
    assert_int_equal(f.cursor, 3);
    assert_int_equal(kc_consumer_applied(c), 2);
    kc_consumer_free(c);
}

/* A failing handler: its event rolls back (no id, no cursor), the catch-up
 * stops there (later events wait) and the next one applies it. */
static void test_failing_handler_rolls_back_and_retries(void **state)
{
    kc_consumer *c = new_consumer(10);
    int at_end = 1;

    (void)state;
    fake_reset();
    add_event(1, "e1", "a");
    add_event(2, "e2", "a");
    add_event(3, "e3", "a");
    f.fail_next = 1;
    f.handled = 0;
    /* e1 fails */
    assert_int_equal(catch_up(c, &at_end), KC_INTERNAL);
    assert_false(at_end);
    assert_false(kc_consumer_current(c));
    assert_int_equal(f.handled, 0);
    assert_int_equal(f.cursor, 0);
    assert_int_equal(f.n_done, 0);
    assert_int_equal(f.rollbacks, 1);
    /* the next round applies all three, in order */
    assert_int_equal(catch_up(c, &at_end), KC_OK);
    assert_true(at_end);
    assert_int_equal(f.handled, 3);
    assert_string_equal(f.handled_ids[0], "e1");
    assert_int_equal(f.cursor, 3);
    assert_int_equal(f.n_done, 3);
    kc_consumer_free(c);
}

/* Another replica applied up to seq 2 meanwhile: the locked cursor says so,
 * and this one neither calls the handler nor moves anything for them. */
static void test_other_replica_got_there_first(void **state)
{
    kc_consumer *c = new_consumer(10);
    int at_end = 0;

    (void)state;
    fake_reset();
    add_event(1, "e1", "a");
    assert_int_equal(catch_up(c, &at_end), KC_OK); /* cursor read: 0, e1 applied */
    add_event(2, "e2", "a");
    add_event(3, "e3", "a");
    f.cursor = 2; /* the other replica applied e2 */
    assert_int_equal(catch_up(c, &at_end), KC_OK);
    assert_int_equal(f.handled, 2);
    assert_string_equal(f.handled_ids[1], "e3");
    assert_int_equal(f.cursor, 3);
    kc_consumer_free(c);
}

/* The source refuses the key, answers 500 or not at all: nothing applied,
 * the status says which. */
static void test_source_failures(void **state)
{
    kc_consumer *c = new_consumer(10);
    int at_end = 0;

    (void)state;
    fake_reset();
    add_event(1, "e1", "a");
    f.http_status = 401;
    assert_int_equal(catch_up(c, &at_end), KC_UNAUTHENTICATED);
    f.http_status = 403;
    assert_int_equal(catch_up(c, &at_end), KC_FORBIDDEN);
    f.http_status = 500;
    assert_int_equal(catch_up(c, &at_end), KC_UNAVAILABLE);
    f.http_status = 200;
    f.http_down = 1;
    assert_int_equal(catch_up(c, &at_end), KC_UNAVAILABLE);
    assert_int_equal(f.handled, 0);
    assert_int_equal(f.begins, 0);
    f.http_down = 0;
    assert_int_equal(catch_up(c, &at_end), KC_OK);
    assert_int_equal(f.handled, 1);
    kc_consumer_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_url),
        cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_envelope_wakes),
        cmocka_unit_test(test_page_parse),
        cmocka_unit_test(test_bad_config),
        cmocka_unit_test(test_catch_up_pages_from_the_cursor),
        cmocka_unit_test(test_restart_resumes_from_the_stored_cursor),
        cmocka_unit_test(test_duplicate_id_applied_once),
        cmocka_unit_test(test_failing_handler_rolls_back_and_retries),
        cmocka_unit_test(test_other_replica_got_there_first),
        cmocka_unit_test(test_source_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
