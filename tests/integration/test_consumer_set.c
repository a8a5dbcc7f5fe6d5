/* Integration: a consumer set (koers/consumer_set.h) against a real
 * PostgreSQL and a real HTTP source: an Ulfius server in this test on
 * 127.0.0.1 serving GET /src/v1/events with each key's tenant's events
 * only, as a source's replay does. Two events:read keys of two tenants
 * (in koers_iam, as koers-admin makes them): each tenant's events are
 * applied once, with that tenant, under a cursor of its own
 * ("<prefix>.<tenant>"); an event published later reaches the right
 * tenant by the poll alone (no Redis). Without a URL or keys the set stays
 * off; too many keys is refused. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>
#include <ulfius.h>

#include "it.h"
#include "koers/auth.h"
#include "koers/consumer_set.h"
#include "koers/pg.h"

#define SCHEMA   "it_cset"
#define TENANT_A "7d1c2f4e-3333-4a2b-9c3d-00000000000a"
#define TENANT_B "7d1c2f4e-3333-4a2b-9c3d-00000000000b"
#define KEY_A    "kk_Ru1kI55FKZFKELA6b4kg71_MY_2hE014Y0g4X_w0PHU" /* kk_ + 43 base64url */
#define KEY_B    "kk_D64x8LuAzTaHOrjvXHCUQLwjgmwTuV32K-N15xZJT_s"
#define WAIT_MS  20000
#define MAX_SRC  64

typedef struct {
    long long seq;
    char tenant[37];
    char id[40];
} src_event;

/* the source: both tenants' events in one numbering, as a service's
 * outbox has them; a key sees its tenant's only */
static struct {
    pthread_mutex_t mu;
    src_event ev[MAX_SRC];
    int n;
    int refused;
} src = {.mu = PTHREAD_MUTEX_INITIALIZER};

static kc_db_pool *pool;

static int events_cb(const struct _u_request *req, struct _u_response *resp, void *user)
{
    const char *auth = u_map_get(req->map_header, "Authorization");
    const char *a = u_map_get(req->map_url, "after");
    long long after = a != NULL ? strtoll(a, NULL, 10) : 0;
    const char *tenant = NULL;
    json_t *items = json_array(), *body = NULL;

    (void)user;
    if (auth != NULL && strcmp(auth, "Bearer " KEY_A) == 0)
        tenant = TENANT_A;
    else if (auth != NULL && strcmp(auth, "Bearer " KEY_B) == 0)
        tenant = TENANT_B;
    pthread_mutex_lock(&src.mu);
    if (tenant == NULL) {
        src.refused++;
        pthread_mutex_unlock(&src.mu);
        json_decref(items);
        ulfius_set_string_body_response(resp, 401, "{\"status\":401}");
        return U_CALLBACK_COMPLETE;
    }
    for (int i = 0; i < src.n; i++)
        if (src.ev[i].seq > after && strcmp(src.ev[i].tenant, tenant) == 0)
            json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:{}, s:s, s:s}", "seq",
                                                   (json_int_t)src.ev[i].seq, "id", src.ev[i].id,
                                                   "type", "thing.happened", "subject", "thing-1",
                                                   "data", "createdAt", "2026-12-02T10:00:00.000Z",
                                                   "publishedAt", "2026-12-02T10:00:00.001Z"));
    pthread_mutex_unlock(&src.mu);
    body = json_pack("{s:o, s:{s:{s:s}}}", "items", items, "_links", "self", "href", "self");
    ulfius_set_json_body_response(resp, 200, body);
    json_decref(body);
    return U_CALLBACK_COMPLETE;
}

static void src_add(const char *tenant)
{
    src_event *e;

    pthread_mutex_lock(&src.mu);
    assert_true(src.n < MAX_SRC);
    e = &src.ev[src.n];
    e->seq = src.n + 1;
    snprintf(e->tenant, sizeof(e->tenant), "%s", tenant);
    snprintf(e->id, sizeof(e->id), "00000000-0000-4000-8000-%012d", src.n + 1);
    src.n++;
    pthread_mutex_unlock(&src.mu);
}

static int free_port(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;

    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

/* ---- the consuming service's side -------------------------------------- */

static long long scalar(const char *sql, const char *param)
{
    const char *params[1] = {param};
    kc_db_conn *conn = NULL;
    PGresult *res = NULL;
    long long v = -1;

    if (kc_db_acquire(pool, &conn, NULL) == KC_OK &&
        kc_db_exec(conn, NULL, sql, param != NULL ? 1 : 0, param != NULL ? params : NULL, &res,
                   NULL) == KC_OK &&
        PQntuples(res) == 1)
        v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    kc_db_release(pool, conn);
    return v;
}

static long long applied_of(const char *tenant)
{
    return scalar("SELECT count(*)\n"
                  "  FROM it_cset.applied\n"
                  " WHERE tenant_id = $1",
                  tenant);
}

static int wait_for(const char *tenant, long long want)
{
    long long until = it_now_ms() + WAIT_MS;
    while (applied_of(tenant) < want && it_now_ms() < until)
        it_sleep_ms(50);
    return applied_of(tenant) == want;
}

/* One row per event, with the tenant the set handed over; the event's
 * tenant_id must be the same. */
static kc_status handler(kc_db_conn *conn, const char *tenant_id, const kc_consumer_event *ev,
                         void *user, kc_problem *pb)
{
    const char *params[2] = {tenant_id, ev->id};

    assert_ptr_equal(user, &pool);
    assert_non_null(ev->tenant_id);
    assert_string_equal(ev->tenant_id, tenant_id);
    return kc_db_exec(conn, "it_cset_apply",
                      "INSERT INTO it_cset.applied (tenant_id, event_id)\n"
                      "VALUES ($1, $2)",
                      2, params, NULL, pb);
}

/* A tenant and its key with scope events:read, as koers-admin makes them. */
static void add_key(const char *tenant, const char *slug, const char *key)
{
    char hash[65];
    const char *tparams[2] = {tenant, slug};
    const char *kparams[2] = {tenant, hash};
    kc_db_conn *conn = NULL;

    kc_sha256_hex(key, strlen(key), hash);
    assert_int_equal(kc_db_acquire(pool, &conn, NULL), KC_OK);
    assert_int_equal(kc_db_exec(conn, NULL,
                                "INSERT INTO koers_iam.tenants (id, name, slug)\n"
                                "VALUES ($1, 'it consumer set', $2)\n"
                                "    ON CONFLICT DO NOTHING",
                                2, tparams, NULL, NULL),
                     KC_OK);
    assert_int_equal(
        kc_db_exec(conn, NULL,
                   "INSERT INTO koers_iam.api_keys (tenant_id, name, key_hash, scopes)\n"
                   "VALUES ($1, 'it consumer set', $2, '{events:read}')\n"
                   "    ON CONFLICT (key_hash) DO NOTHING",
                   2, kparams, NULL, NULL),
        KC_OK);
    kc_db_release(pool, conn);
}

static kc_consumer_set_config config(const char *url, const char *keys)
{
    kc_consumer_set_config cfg = {
        .what = "it consumer set",
        .source = "src",
        .source_url = url,
        .keys = keys,
        .url_env = "IT_SRC_URL",
        .keys_env = "IT_SRC_EVENTS_KEY",
        .off_effect = "nothing is applied",
        .redis_url = "",
        .poll_s = 1,
        .name_prefix = "figs",
        .schema = SCHEMA,
        .pool = pool,
        .handler = handler,
        .user = &pool,
    };
    return cfg;
}

static int setup(void **state)
{
    static const kc_migration m[] = {
        {"001_applied", "CREATE TABLE applied (tenant_id uuid NOT NULL, event_id text NOT NULL,"
                        " PRIMARY KEY (tenant_id, event_id));"},
    };

    (void)state;
    return it_setup(SCHEMA, m, 1, &pool);
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

static void test_each_key_applies_its_tenant_s_events(void **state)
{
    struct _u_instance inst;
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    char base[64];
    kc_consumer_set *set = NULL;
    kc_consumer_set_config cfg;
    int port = free_port();

    (void)state;
    add_key(TENANT_A, "it-cset-a", KEY_A);
    add_key(TENANT_B, "it-cset-b", KEY_B);
    for (int i = 0; i < 5; i++)
        src_add(i % 2 == 0 ? TENANT_A : TENANT_B); /* A: 3, B: 2 */
    assert_true(port > 0);
    addr.sin_port = htons((uint16_t)port);
    assert_int_equal(ulfius_init_instance(&inst, (unsigned int)port, &addr, NULL), U_OK);
    assert_int_equal(
        ulfius_add_endpoint_by_val(&inst, "GET", "/src/v1/events", NULL, 0, events_cb, NULL), U_OK);
    assert_int_equal(ulfius_start_framework(&inst), U_OK);
    snprintf(base, sizeof(base), "http://127.0.0.1:%d", port);

    cfg = config(base, KEY_A ", " KEY_B);
    assert_int_equal(kc_consumer_set_start(&cfg, &set), KC_OK);
    assert_non_null(set);
    assert_int_equal(kc_consumer_set_size(set), 2);
    assert_true(wait_for(TENANT_A, 3));
    assert_true(wait_for(TENANT_B, 2));
    /* a cursor per tenant, each at its tenant's last event */
    assert_int_equal(scalar("SELECT seq\n"
                            "  FROM it_cset.consumer_cursors\n"
                            " WHERE consumer = $1\n"
                            "   AND source = 'src'",
                            "figs." TENANT_A),
                     5);
    assert_int_equal(scalar("SELECT seq\n"
                            "  FROM it_cset.consumer_cursors\n"
                            " WHERE consumer = $1\n"
                            "   AND source = 'src'",
                            "figs." TENANT_B),
                     4);

    /* later events: by the poll alone, each to its tenant, once */
    src_add(TENANT_B);
    src_add(TENANT_B);
    assert_true(wait_for(TENANT_B, 4));
    it_sleep_ms(1500);
    assert_int_equal(applied_of(TENANT_A), 3);
    assert_int_equal(applied_of(TENANT_B), 4);
    assert_int_equal(src.refused, 0);

    kc_consumer_set_stop(set);
    ulfius_stop_framework(&inst);
    ulfius_clean_instance(&inst);
}

static void test_without_url_or_keys_the_set_stays_off(void **state)
{
    kc_consumer_set *set = (kc_consumer_set *)&pool; /* must be overwritten */
    kc_consumer_set_config cfg;

    (void)state;
    cfg = config("", KEY_A);
    assert_int_equal(kc_consumer_set_start(&cfg, &set), KC_OK);
    assert_null(set);
    cfg = config("http://127.0.0.1:1", NULL);
    assert_int_equal(kc_consumer_set_start(&cfg, &set), KC_OK);
    assert_null(set);
    assert_int_equal(kc_consumer_set_size(NULL), 0);
    kc_consumer_set_stop(NULL);
}

static void test_too_many_keys_are_refused(void **state)
{
    char keys[KC_CONSUMER_SET_MAX_KEYS * 8 + 64] = "";
    kc_consumer_set *set = NULL;
    kc_consumer_set_config cfg;

    (void)state;
    for (int i = 0; i <= KC_CONSUMER_SET_MAX_KEYS; i++)
        snprintf(keys + strlen(keys), sizeof(keys) - strlen(keys), "%sk%d", i ? "," : "", i);
    cfg = config("http://127.0.0.1:1", keys);
    assert_int_equal(kc_consumer_set_start(&cfg, &set), KC_INVALID);
    assert_null(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_key_applies_its_tenant_s_events),
        cmocka_unit_test(test_without_url_or_keys_the_set_stays_off),
        cmocka_unit_test(test_too_many_keys_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
