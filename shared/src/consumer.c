/* The durable event consumer (koers/consumer.h): a thread that reads a
 * source service's events replay from a stored cursor and applies each
 * event exactly once; Redis pub/sub only wakes it. Logs name the consumer,
 * the source, seqs, event ids and types: never event data or the key. */
#include "koers/consumer.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "consumer_internal.h"
#include "koers/log.h"
#include "koers/subscriber.h"
#include "koers/validate.h"

#define PAGE_LIMIT_DEFAULT  100
#define PAGE_LIMIT_MAX      1000
#define POLL_S_DEFAULT      30
#define ATTEMPTS_DEFAULT    5
#define BACKOFF_MIN_DEFAULT 100
#define BACKOFF_MAX_DEFAULT 5000
#define HTTP_TIMEOUT_S      10
#define KEEP_DAYS_DEFAULT   30
#define PAGES_PER_ROUND     100 /* then the thread looks at stop and goes on */
#define PRUNE_EVERY_S       3600
#define URL_MAX             1024
#define NAME_MAX_LEN        63
#define KEY_MAX_LEN         256

struct kc_consumer {
    char *name, *schema, *source, *source_url, *api_key, *redis_url, *tenant_id;
    kc_db_pool *pool;
    kc_consumer_handler handler;
    void *user;
    int page_limit, poll_s, max_attempts, backoff_min_ms, backoff_max_ms, http_timeout_s;
    int keep_days;
    int cursor_known;
    long long last_prune_s;
    /* wake-ups and stop */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int wake, stop, started;
    pthread_t thread;
    kc_subscriber *sub;
    /* gauges */
    atomic_llong cursor, applied;
    atomic_int current;
};

/* ---- pure parts ---------------------------------------------------------- */

int kc_consumer_events_url(const char *base, const char *source, long long after, int limit,
                           char *out, size_t n)
{
    size_t blen = strlen(base);
    int w;

    while (blen > 0 && base[blen - 1] == '/')
        blen--;
    w = snprintf(out, n, "%.*s/%s/v1/events?after=%lld&limit=%d", (int)blen, base, source, after,
                 limit);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

int kc_consumer_backoff_ms(int attempt, int min_ms, int max_ms)
{
    long long ms = min_ms;

    for (int i = 1; i < attempt && ms < max_ms; i++)
        ms *= 2;
    return ms > max_ms ? max_ms : (int)ms;
}

int kc_consumer_envelope_wakes(const json_t *env, const char *source, const char *tenant_id)
{
    const char *src, *tenant;

    if (!json_is_object(env) || !json_is_string(json_object_get(env, "id")) ||
        !json_is_string(json_object_get(env, "type")))
        return 0;
    src = json_string_value(json_object_get(env, "source"));
    if (src != NULL && source != NULL && strcmp(src, source) != 0)
        return 0;
    tenant = json_string_value(json_object_get(env, "tenant"));
    if (tenant_id != NULL && (tenant == NULL || strcmp(tenant, tenant_id) != 0))
        return 0;
    return 1;
}

void kc_consumer_page_clear(kc_consumer_page *page)
{
    if (page == NULL)
        return;
    free(page->items);
    json_decref(page->root);
    memset(page, 0, sizeof(*page));
}

kc_status kc_consumer_page_parse(const char *body, size_t len, long long after,
                                 kc_consumer_page *page, kc_problem *pb)
{
    json_error_t jerr;
    json_t *items, *links;
    long long prev = after;
    size_t i, n;
    kc_status st = KC_OK;

    memset(page, 0, sizeof(*page));
    page->root = json_loadb(body, len, 0, &jerr);
    items = json_object_get(page->root, "items");
    if (!json_is_object(page->root) || !json_is_array(items)) {
        st = kc_problem_set(pb, KC_INVALID, "replay page: not an object with items");
        goto out;
    }
    n = json_array_size(items);
    if (n > 0) {
        page->items = calloc(n, sizeof(*page->items));
        if (page->items == NULL) {
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
    }
    for (i = 0; i < n; i++) {
        json_t *it = json_array_get(items, i);
        json_t *seq = json_object_get(it, "seq");
        kc_consumer_event *e = &page->items[i];
        const char *time;

        e->id = json_string_value(json_object_get(it, "id"));
        e->type = json_string_value(json_object_get(it, "type"));
        e->subject = json_string_value(json_object_get(it, "subject"));
        e->data = json_object_get(it, "data");
        if (!json_is_integer(seq) || e->id == NULL || e->type == NULL || e->subject == NULL) {
            st = kc_problem_set(pb, KC_INVALID,
                                "replay page: item %zu lacks seq, id, type or subject", i);
            goto out;
        }
        e->seq = (long long)json_integer_value(seq);
        if (e->seq <= prev) {
            st = kc_problem_set(pb, KC_INVALID, "replay page: seq %lld does not follow %lld",
                                e->seq, prev);
            goto out;
        }
        if (e->id[0] == '\0' || strlen(e->id) > NAME_MAX_LEN || e->type[0] == '\0') {
            st = kc_problem_set(pb, KC_INVALID, "replay page: item %zu has a bad id or type", i);
            goto out;
        }
        if (e->data == NULL)
            e->data = json_null();
        time = json_string_value(json_object_get(it, "publishedAt"));
        e->time = time != NULL ? time : "";
        prev = e->seq;
    }
    page->n = n;
    links = json_object_get(page->root, "_links");
    page->has_more = json_is_object(json_object_get(links, "next"));
    if (page->has_more && n == 0)
        st = kc_problem_set(pb, KC_INVALID, "replay page: empty, yet with a next page");
out:
    if (st != KC_OK)
        kc_consumer_page_clear(page);
    return st;
}

/* ---- the consumer -------------------------------------------------------- */

/* [a-z0-9_.-]{1,63}, first a letter or digit: safe in logs, URLs, channels. */
static int name_ok(const char *s)
{
    size_t n = s != NULL ? strlen(s) : 0;

    if (n == 0 || n > NAME_MAX_LEN ||
        !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
              s[i] == '.' || s[i] == '-'))
            return 0;
    return 1;
}

/* A visible-ASCII key without spaces (it goes into a header). */
static int key_ok(const char *s)
{
    size_t n = s != NULL ? strlen(s) : 0;

    if (n == 0 || n > KEY_MAX_LEN)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] <= ' ' || s[i] > '~')
            return 0;
    return 1;
}

static char *dup_or_null(const char *s)
{
    return s != NULL && s[0] != '\0' ? strdup(s) : NULL;
}

void kc_consumer_free(kc_consumer *c)
{
    if (c == NULL)
        return;
    if (c->api_key != NULL)
        memset(c->api_key, 0, strlen(c->api_key));
    free(c->name);
    free(c->schema);
    free(c->source);
    free(c->source_url);
    free(c->api_key);
    free(c->redis_url);
    free(c->tenant_id);
    pthread_cond_destroy(&c->cv);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

static int or_default(int v, int dflt)
{
    return v > 0 ? v : dflt;
}

kc_status kc_consumer_create(const kc_consumer_config *cfg, kc_consumer **out)
{
    kc_consumer *c = NULL;
    pthread_condattr_t ca;
    const char *bad = NULL;
    kc_status st = KC_INTERNAL;

    *out = NULL;
    if (cfg == NULL)
        bad = "config";
    else if (!name_ok(cfg->name))
        bad = "name";
    else if (!name_ok(cfg->schema))
        bad = "schema";
    else if (!name_ok(cfg->source))
        bad = "source";
    else if (cfg->source_url == NULL || (strncmp(cfg->source_url, "http://", 7) != 0 &&
                                         strncmp(cfg->source_url, "https://", 8) != 0))
        bad = "source_url";
    else if (!key_ok(cfg->api_key))
        bad = "api_key";
    else if (cfg->tenant_id != NULL && cfg->tenant_id[0] != '\0' && !kc_is_uuid(cfg->tenant_id))
        bad = "tenant_id";
    else if (cfg->pool == NULL || cfg->handler == NULL)
        bad = "pool or handler";
    else if (cfg->page_limit < 0 || cfg->page_limit > PAGE_LIMIT_MAX)
        bad = "page_limit";
    if (bad != NULL) {
        kc_log(KC_LOG_ERROR, NULL, "consumer: missing or malformed setting: %s", bad);
        st = KC_INVALID;
        goto out;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        goto out;
    pthread_mutex_init(&c->mu, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&c->cv, &ca);
    pthread_condattr_destroy(&ca);
    c->name = strdup(cfg->name);
    c->schema = strdup(cfg->schema);
    c->source = strdup(cfg->source);
    c->source_url = strdup(cfg->source_url);
    c->api_key = strdup(cfg->api_key);
    c->redis_url = dup_or_null(cfg->redis_url);
    c->tenant_id = dup_or_null(cfg->tenant_id);
    if (c->name == NULL || c->schema == NULL || c->source == NULL || c->source_url == NULL ||
        c->api_key == NULL || (cfg->redis_url != NULL && cfg->redis_url[0] && !c->redis_url) ||
        (cfg->tenant_id != NULL && cfg->tenant_id[0] && !c->tenant_id))
        goto out;
    c->pool = cfg->pool;
    c->handler = cfg->handler;
    c->user = cfg->user;
    c->page_limit = or_default(cfg->page_limit, PAGE_LIMIT_DEFAULT);
    c->poll_s = or_default(cfg->poll_s, POLL_S_DEFAULT);
    c->max_attempts = or_default(cfg->max_attempts, ATTEMPTS_DEFAULT);
    c->backoff_min_ms = or_default(cfg->backoff_min_ms, BACKOFF_MIN_DEFAULT);
    c->backoff_max_ms = or_default(cfg->backoff_max_ms, BACKOFF_MAX_DEFAULT);
    if (c->backoff_max_ms < c->backoff_min_ms)
        c->backoff_max_ms = c->backoff_min_ms;
    c->http_timeout_s = or_default(cfg->http_timeout_s, HTTP_TIMEOUT_S);
    c->keep_days = or_default(cfg->keep_processed_days, KEEP_DAYS_DEFAULT);
    atomic_init(&c->cursor, -1);
    atomic_init(&c->applied, 0);
    atomic_init(&c->current, 0);
    *out = c;
    c = NULL;
    st = KC_OK;
out:
    kc_consumer_free(c);
    return st;
}

static int stopping(kc_consumer *c)
{
    int s;

    pthread_mutex_lock(&c->mu);
    s = c->stop;
    pthread_mutex_unlock(&c->mu);
    return s;
}

static long long now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec;
}

/* Reads the stored cursor (creating it at 0 the first time). */
static kc_status load_cursor(kc_consumer *c, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    long long seq = 0;
    kc_status st;

    st = kc_db_acquire(c->pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = kc_consumer_repo_init(conn, c->schema, c->name, c->source, pb);
    if (st != KC_OK)
        goto out;
    st = kc_consumer_repo_cursor(conn, c->schema, c->name, c->source, 0, &seq, pb);
    if (st != KC_OK)
        goto out;
    atomic_store(&c->cursor, seq);
    c->cursor_known = 1;
out:
    kc_db_release(c->pool, conn);
    return st;
}

/* Applies one event in one transaction with the claim of its id and the
 * cursor advance. Another replica that got there first (the locked cursor
 * is already at or past ev->seq) or an id applied before means the handler
 * is not called. */
static kc_status apply_one(kc_consumer *c, const kc_consumer_event *ev, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    long long at = 0;
    int fresh = 0, in_tx = 0;
    kc_status st;

    st = kc_db_acquire(c->pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        goto out;
    in_tx = 1;
    st = kc_consumer_repo_cursor(conn, c->schema, c->name, c->source, 1, &at, pb);
    if (st != KC_OK)
        goto out;
    if (at >= ev->seq) {
        kc_db_rollback(conn);
        in_tx = 0;
        goto out;
    }
    st = kc_consumer_repo_claim(conn, c->schema, c->name, c->source, ev->id, ev->seq, &fresh, pb);
    if (st != KC_OK)
        goto out;
    if (fresh) {
        st = c->handler(conn, ev, c->user, pb);
        if (st != KC_OK) {
            kc_log(KC_LOG_WARN, NULL, "consumer %s: handler failed on %s event %s (seq %lld): %s",
                   c->name, c->source, ev->id, ev->seq, kc_status_title(st));
            goto out;
        }
    } else {
        kc_log(KC_LOG_INFO, NULL, "consumer %s: %s event %s (seq %lld) applied before, skipped",
               c->name, c->source, ev->id, ev->seq);
    }
    st = kc_consumer_repo_advance(conn, c->schema, c->name, c->source, ev->seq, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_commit(conn, pb);
    in_tx = 0;
    if (st != KC_OK)
        goto out;
    if (fresh)
        atomic_fetch_add(&c->applied, 1);
    at = ev->seq;
out:
    if (in_tx)
        kc_db_rollback(conn);
    kc_db_release(c->pool, conn);
    if (st == KC_OK && at > atomic_load(&c->cursor))
        atomic_store(&c->cursor, at);
    return st;
}

/* Fetches and parses the page after the cursor. */
static kc_status fetch_page(kc_consumer *c, long long after, kc_consumer_page *page, kc_problem *pb)
{
    char url[URL_MAX];
    char *body = NULL;
    size_t len = 0;
    int status = 0;
    kc_status st;

    if (kc_consumer_events_url(c->source_url, c->source, after, c->page_limit, url, sizeof(url)) !=
        0) {
        st = kc_problem_set(pb, KC_INVALID, "consumer %s: source URL too long", c->name);
        goto out;
    }
    st = kc_consumer_http_get(url, c->api_key, c->http_timeout_s, &status, &body, &len);
    if (st != KC_OK) {
        st = kc_problem_set(pb, st, "source %s did not answer", c->source);
        goto out;
    }
    if (status == 401 || status == 403) {
        st = kc_problem_set(pb, status == 401 ? KC_UNAUTHENTICATED : KC_FORBIDDEN,
                            "source %s refused the events key (%d)", c->source, status);
        goto out;
    }
    if (status != 200) {
        st = kc_problem_set(pb, KC_UNAVAILABLE, "source %s answered %d", c->source, status);
        goto out;
    }
    st = kc_consumer_page_parse(body, len, after, page, pb);
out:
    free(body);
    return st;
}

kc_status kc_consumer_catch_up(kc_consumer *c, int max_pages, int *at_end, kc_problem *pb)
{
    kc_consumer_page page = {0};
    kc_status st = KC_OK;
    int more = 1;

    *at_end = 0;
    atomic_store(&c->current, 0);
    if (!c->cursor_known) {
        st = load_cursor(c, pb);
        if (st != KC_OK)
            goto out;
    }
    for (int p = 0; p < max_pages && more; p++) {
        st = fetch_page(c, atomic_load(&c->cursor), &page, pb);
        if (st != KC_OK)
            goto out;
        for (size_t i = 0; i < page.n; i++) {
            page.items[i].tenant_id = c->tenant_id;
            st = apply_one(c, &page.items[i], pb);
            if (st != KC_OK)
                goto out;
        }
        more = page.has_more;
        kc_consumer_page_clear(&page);
        if (stopping(c))
            break;
    }
    *at_end = !more;
    atomic_store(&c->current, !more);
out:
    kc_consumer_page_clear(&page);
    if (st != KC_OK)
        c->cursor_known = 0; /* read it again next time: the database may have been away */
    return st;
}

/* ---- the thread ---------------------------------------------------------- */

void kc_consumer_wake(kc_consumer *c)
{
    if (c == NULL)
        return;
    pthread_mutex_lock(&c->mu);
    c->wake = 1;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
}

static void on_envelope(const json_t *env, void *user)
{
    kc_consumer *c = user;

    if (kc_consumer_envelope_wakes(env, c->source, c->tenant_id))
        kc_consumer_wake(c);
}

static void on_subscribed(void *user)
{
    kc_consumer_wake(user); /* what went out while we were not listening */
}

/* Waits up to ms for stop or (when wakeable) a wake-up; takes the wake-up
 * (*woken = 1 when one came; woken may be NULL). Returns 1 when stopping. */
static int wait_for(kc_consumer *c, long long ms, int wakeable, int *woken)
{
    struct timespec until;
    int stop;

    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += (time_t)(ms / 1000);
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&c->mu);
    while (!c->stop && !(wakeable && c->wake))
        if (pthread_cond_timedwait(&c->cv, &c->mu, &until) == ETIMEDOUT)
            break;
    if (woken != NULL)
        *woken = wakeable && c->wake;
    if (wakeable)
        c->wake = 0;
    stop = c->stop;
    pthread_mutex_unlock(&c->mu);
    return stop;
}

static void maybe_prune(kc_consumer *c)
{
    kc_problem pb;
    kc_db_conn *conn = NULL;

    if (now_s() < c->last_prune_s + PRUNE_EVERY_S)
        return;
    c->last_prune_s = now_s();
    kc_problem_init(&pb);
    if (kc_db_acquire(c->pool, &conn, &pb) == KC_OK &&
        kc_consumer_repo_prune(conn, c->schema, c->name, c->source, c->keep_days, &pb) != KC_OK)
        kc_log(KC_LOG_WARN, NULL, "consumer %s: pruning processed ids failed: %s", c->name,
               pb.detail);
    kc_db_release(c->pool, conn);
    kc_problem_clear(&pb);
}

/* A source's relay announces an event on pub/sub before it numbers it in
 * its replay (it numbers what Redis took), so a catch-up at once after a
 * wake-up may not see the event yet. When a woken catch-up applied
 * nothing, the consumer looks again after these pauses (a later wake-up
 * starts over), instead of waiting for the next poll. */
static const int recheck_ms[] = {50, 250, 1000};

static void *consumer_main(void *arg)
{
    kc_consumer *c = arg;
    int attempt = 0;
    int woken = 0;      /* this round follows a wake-up                    */
    size_t recheck = 0; /* the next pause of recheck_ms after a dry round */

    c->last_prune_s = now_s() - PRUNE_EVERY_S + 60; /* first prune a minute in */
    while (!stopping(c)) {
        kc_problem pb;
        kc_status st;
        int at_end = 0;

        long long applied = atomic_load(&c->applied);

        kc_problem_init(&pb);
        st = kc_consumer_catch_up(c, PAGES_PER_ROUND, &at_end, &pb);
        if (st == KC_OK && !at_end) { /* a long catch-up: go on at once */
            kc_problem_clear(&pb);
            continue;
        }
        if (st == KC_OK) {
            if (attempt > 0)
                kc_log(KC_LOG_INFO, NULL, "consumer %s: caught up with %s at seq %lld", c->name,
                       c->source, (long long)atomic_load(&c->cursor));
            attempt = 0;
            maybe_prune(c);
            kc_problem_clear(&pb);
            if (woken && atomic_load(&c->applied) == applied && recheck < KC_NELEMS(recheck_ms)) {
                int again = 0;

                if (wait_for(c, recheck_ms[recheck++], 1, &again))
                    break;
                if (again) /* a new wake-up: its own pauses */
                    recheck = 0;
                continue; /* woken stays 1 */
            }
            if (wait_for(c, (long long)c->poll_s * 1000, 1, &woken))
                break;
            recheck = 0;
            continue;
        }
        attempt++;
        if (attempt < c->max_attempts) {
            int ms = kc_consumer_backoff_ms(attempt, c->backoff_min_ms, c->backoff_max_ms);
            kc_log(KC_LOG_WARN, NULL,
                   "consumer %s: catching up with %s failed (%s), retry %d in %d ms", c->name,
                   c->source, pb.detail, attempt, ms);
            kc_problem_clear(&pb);
            if (wait_for(c, ms, 0, NULL))
                break;
        } else {
            kc_log(KC_LOG_ERROR, NULL,
                   "consumer %s: catching up with %s failed %d times (%s); next try on a"
                   " notification or in %d s",
                   c->name, c->source, attempt, pb.detail, c->poll_s);
            attempt = 0;
            kc_problem_clear(&pb);
            if (wait_for(c, (long long)c->poll_s * 1000, 1, &woken))
                break;
            recheck = 0;
        }
    }
    return NULL;
}

kc_status kc_consumer_start(const kc_consumer_config *cfg, kc_consumer **out)
{
    kc_consumer *c = NULL;
    char pattern[96];
    kc_status st;

    *out = NULL;
    st = kc_consumer_create(cfg, &c);
    if (st != KC_OK)
        goto out;
    c->wake = 1;
    if (pthread_create(&c->thread, NULL, consumer_main, c) != 0) {
        st = KC_INTERNAL;
        goto out;
    }
    c->started = 1;
    if (c->redis_url != NULL) {
        snprintf(pattern, sizeof(pattern), "koers.%s.*", c->source);
        st = kc_subscriber_start_notify(c->redis_url, pattern, on_envelope, on_subscribed, c,
                                        &c->sub);
        if (st != KC_OK)
            goto out;
    }
    kc_log(KC_LOG_INFO, NULL, "consumer %s: started for %s%s", c->name, c->source,
           c->redis_url != NULL ? " (pub/sub and replay)" : " (replay only)");
    *out = c;
    c = NULL;
out:
    kc_consumer_stop(c);
    return st;
}

void kc_consumer_stop(kc_consumer *c)
{
    if (c == NULL)
        return;
    kc_subscriber_stop(c->sub); /* first: no wake-up arrives after this */
    c->sub = NULL;
    if (c->started) {
        pthread_mutex_lock(&c->mu);
        c->stop = 1;
        pthread_cond_signal(&c->cv);
        pthread_mutex_unlock(&c->mu);
        pthread_join(c->thread, NULL);
    }
    kc_consumer_free(c);
}

long long kc_consumer_cursor(kc_consumer *c)
{
    return c != NULL ? (long long)atomic_load(&c->cursor) : -1;
}

long long kc_consumer_applied(kc_consumer *c)
{
    return c != NULL ? (long long)atomic_load(&c->applied) : 0;
}

int kc_consumer_current(kc_consumer *c)
{
    return c != NULL ? atomic_load(&c->current) : 0;
}
