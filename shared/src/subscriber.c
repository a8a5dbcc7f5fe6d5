#include "koers/subscriber.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "koers/log.h"
#include "redis_internal.h"

#define SEEN_IDS       4096
#define ID_LEN         64
#define WAIT_MS        250 /* how often the thread looks at the stop flag */
#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 2000

struct kc_subscriber {
    kc_redis_addr addr;
    char *pattern;
    kc_event_cb cb;
    void (*on_subscribed)(void *user);
    void *user;
    pthread_t thread;
    atomic_int stop;
    /* ring of the ids seen last (owned by the thread) */
    char (*seen)[ID_LEN];
    size_t seen_next, seen_count;
};

static int seen_before(kc_subscriber *s, const char *id)
{
    if (strlen(id) >= ID_LEN)
        return 0; /* not a UUID; cannot be remembered, so not deduplicated */
    for (size_t i = 0; i < s->seen_count; i++)
        if (s->seen[i][0] == id[0] && strcmp(s->seen[i], id) == 0)
            return 1;
    strcpy(s->seen[s->seen_next], id);
    s->seen_next = (s->seen_next + 1) % SEEN_IDS;
    if (s->seen_count < SEEN_IDS)
        s->seen_count++;
    return 0;
}

static void deliver(kc_subscriber *s, const redisReply *msg)
{
    json_error_t jerr;
    json_t *env = NULL;
    const char *id = NULL;

    /* ["pmessage", pattern, channel, payload] */
    if (msg->type != REDIS_REPLY_ARRAY || msg->elements != 4 ||
        msg->element[0]->type != REDIS_REPLY_STRING ||
        strcmp(msg->element[0]->str, "pmessage") != 0 ||
        msg->element[3]->type != REDIS_REPLY_STRING)
        goto out;
    env = json_loadb(msg->element[3]->str, msg->element[3]->len, 0, &jerr);
    if (!json_is_object(env)) {
        kc_log(KC_LOG_WARN, NULL, "subscriber: dropped a message that is not a JSON object");
        goto out;
    }
    id = json_string_value(json_object_get(env, "id"));
    if (id != NULL && seen_before(s, id))
        goto out;
    s->cb(env, s->user);
out:
    json_decref(env);
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Sleeps for the backoff in small steps; returns early when stopping. */
static void backoff_wait(kc_subscriber *s, int ms)
{
    for (int waited = 0; waited < ms && !atomic_load(&s->stop); waited += 50)
        sleep_ms(50);
}

/* One connection's life: subscribe, then read until an error or stop.
 * Returns 1 when it was subscribed (the backoff restarts), else 0. */
static int session(kc_subscriber *s)
{
    redisContext *c = kc_redis_connect(&s->addr, 1000);
    redisReply *reply = NULL;
    int subscribed = 0;

    if (c == NULL)
        goto out;
    reply = redisCommand(c, "PSUBSCRIBE %s", s->pattern);
    if (reply == NULL || reply->type == REDIS_REPLY_ERROR)
        goto out;
    freeReplyObject(reply);
    reply = NULL;
    subscribed = 1;
    if (s->on_subscribed != NULL)
        s->on_subscribed(s->user);
    while (!atomic_load(&s->stop)) {
        struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
        int pr = poll(&pfd, 1, WAIT_MS);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr < 0)
            goto out;
        if (pr == 0)
            continue;
        if (redisBufferRead(c) != REDIS_OK)
            goto out; /* EOF or error: Redis went away */
        for (int i = 0; i < 100000; i++) {
            if (redisGetReplyFromReader(c, (void **)&reply) != REDIS_OK)
                goto out;
            if (reply == NULL)
                break;
            deliver(s, reply);
            freeReplyObject(reply);
            reply = NULL;
        }
    }
out:
    if (reply != NULL)
        freeReplyObject(reply);
    if (c != NULL)
        redisFree(c);
    return subscribed;
}

static void *subscriber_main(void *arg)
{
    kc_subscriber *s = arg;
    int backoff = 0;

    while (!atomic_load(&s->stop)) {
        if (session(s))
            backoff = 0;
        if (atomic_load(&s->stop))
            break;
        backoff = backoff == 0 ? BACKOFF_MIN_MS
                               : (backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2);
        kc_log(KC_LOG_WARN, NULL, "subscriber %s: redis unavailable, retrying in %d ms", s->pattern,
               backoff);
        backoff_wait(s, backoff);
    }
    return NULL;
}

static void subscriber_free(kc_subscriber *s)
{
    if (s == NULL)
        return;
    free(s->seen);
    free(s->pattern);
    free(s);
}

/* See subscriber.h. The thread connects on its own, so Redis may be down at
 * start. cb runs on the subscriber's thread. KC_INVALID for a malformed URL
 * or empty pattern, KC_INTERNAL when out of memory or threads. The caller
 * stops it with kc_subscriber_stop(), which returns within about half a
 * second. */
kc_status kc_subscriber_start(const char *redis_url, const char *pattern, kc_event_cb cb,
                              void *user, kc_subscriber **out)
{
    return kc_subscriber_start_notify(redis_url, pattern, cb, NULL, user, out);
}

/* See subscriber.h. */
kc_status kc_subscriber_start_notify(const char *redis_url, const char *pattern, kc_event_cb cb,
                                     void (*on_subscribed)(void *user), void *user,
                                     kc_subscriber **out)
{
    kc_subscriber *s = NULL;
    kc_status st = KC_INTERNAL;

    *out = NULL;
    if (pattern == NULL || pattern[0] == '\0' || cb == NULL) {
        st = KC_INVALID;
        goto out;
    }
    s = calloc(1, sizeof(*s));
    if (s == NULL)
        goto out;
    if (kc_redis_parse_url(redis_url, &s->addr) != 0) {
        kc_log(KC_LOG_ERROR, NULL, "subscriber: malformed Redis URL");
        st = KC_INVALID;
        goto out;
    }
    s->pattern = strdup(pattern);
    s->seen = calloc(SEEN_IDS, sizeof(*s->seen));
    if (s->pattern == NULL || s->seen == NULL)
        goto out;
    s->cb = cb;
    s->on_subscribed = on_subscribed;
    s->user = user;
    atomic_init(&s->stop, 0);
    if (pthread_create(&s->thread, NULL, subscriber_main, s) != 0)
        goto out;
    *out = s;
    s = NULL;
    st = KC_OK;
out:
    subscriber_free(s);
    return st;
}

/* Stops the thread, waits for it and frees s. NULL is fine. */
void kc_subscriber_stop(kc_subscriber *s)
{
    if (s == NULL)
        return;
    atomic_store(&s->stop, 1);
    pthread_join(s->thread, NULL);
    subscriber_free(s);
}
