/* The authenticator's listener (auth_listen_repo.h): a thread holding one
 * LISTENing PostgreSQL connection, with a heartbeat that proves the
 * connection still carries announcements. Request threads may read what
 * has arrived on it too (kc_auth_listener_drain); mu keeps the connection
 * to one thread at a time. PGconn never leaves this file. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "koers/log.h"
#include "auth_listen_repo.h"

#define CONNECT_TIMEOUT_S "3"
#define BACKOFF_MIN_MS    50
#define BACKOFF_MAX_MS    2000
#define APPLICATION_NAME  "koers-auth-listener"

struct kc_auth_listener {
    char *conninfo;
    kc_auth_listen_events ev;
    int heartbeat_ms, dead_ms;
    int wake[2];
    pthread_t thread;
    int started;
    atomic_int stop;
    atomic_int fd; /* the connection's socket, -1 without one */
    pthread_mutex_t mu;
    /* under mu (the thread alone sets pg) */
    PGconn *pg;
    long long ping_sent_at; /* 0: no heartbeat outstanding */
    long long next_ping_at;
    long long retry_at;
    int backoff_ms;
    int outage_logged;
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The first line of libpq's last error on pg. */
static int error_len(PGconn *pg)
{
    return (int)strcspn(PQerrorMessage(pg), "\n");
}

/* libpq prints the server's notices (a backend's "terminating connection")
 * on stderr; the listener logs the loss itself, in the house's format. */
static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Connects and LISTENs; on success l->pg is the connection and the owner
 * is told (up). On failure logs the cause once per outage. */
static int listener_open(kc_auth_listener *l)
{
    const char *const keys[] = {"dbname", "application_name", "connect_timeout", "options", NULL};
    const char *const vals[] = {l->conninfo, APPLICATION_NAME, CONNECT_TIMEOUT_S,
                                "-c client_min_messages=warning", NULL};
    PGconn *pg = PQconnectdbParams(keys, vals, 1);
    PGresult *res = NULL;
    int rc = -1;

    if (pg == NULL || PQstatus(pg) != CONNECTION_OK)
        goto out;
    PQsetNoticeProcessor(pg, ignore_notice, NULL);
    res = PQexec(pg, "LISTEN " KC_AUTH_CHANNEL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        goto out;
    pthread_mutex_lock(&l->mu);
    l->pg = pg;
    pg = NULL;
    atomic_store(&l->fd, PQsocket(l->pg));
    l->ping_sent_at = 0;
    l->next_ping_at = now_ms() + l->heartbeat_ms;
    l->backoff_ms = 0;
    l->outage_logged = 0;
    l->ev.up(l->ev.user);
    pthread_mutex_unlock(&l->mu);
    kc_log(KC_LOG_INFO, NULL,
           "auth: listening for revocations (cached API keys and tenants trusted)");
    rc = 0;
out:
    if (rc != 0 && !l->outage_logged) {
        if (pg != NULL)
            kc_log(
                KC_LOG_WARN, NULL,
                "auth: cannot listen for revocations (%.*s): every API key and tenant is looked up in the database until it can",
                error_len(pg), PQerrorMessage(pg));
        l->outage_logged = 1;
    }
    PQclear(res);
    if (pg != NULL)
        PQfinish(pg);
    return rc;
}

/* Under mu: closes the connection and tells the owner (down). */
static void listener_drop(kc_auth_listener *l, const char *why)
{
    atomic_store(&l->fd, -1);
    l->ev.down(l->ev.user);
    kc_log(
        KC_LOG_WARN, NULL,
        "auth: the revocation listener lost its connection (%s): every API key and tenant is looked up in the database until it is back",
        why);
    l->outage_logged = 1;
    PQfinish(l->pg);
    l->pg = NULL;
    l->backoff_ms = 0;
    l->retry_at = now_ms(); /* at once: most losses are a restarted server */
}

/* Under mu: reads what arrived (the heartbeat's answer, announcements).
 * -1 when the connection is gone. */
static int listener_read(kc_auth_listener *l)
{
    PGnotify *note;
    PGresult *res;

    if (!PQconsumeInput(l->pg))
        return -1;
    while (l->ping_sent_at != 0 && !PQisBusy(l->pg)) {
        res = PQgetResult(l->pg);
        if (res == NULL) {
            l->ping_sent_at = 0;
            l->ev.alive(l->ev.user);
            break;
        }
        PQclear(res);
    }
    while ((note = PQnotifies(l->pg)) != NULL) {
        l->ev.changed(l->ev.user, note->extra);
        PQfreemem(note);
    }
    return PQstatus(l->pg) == CONNECTION_OK ? 0 : -1;
}

/* Waits up to timeout_ms for the socket fd (if >= 0) or a stop request;
 * 1 when the socket has something to read. */
static int listener_wait(kc_auth_listener *l, int fd, long long timeout_ms)
{
    struct pollfd fds[2];
    nfds_t n = 1;
    char buf[16];

    fds[0].fd = l->wake[0];
    fds[0].events = POLLIN;
    fds[0].revents = 0;
    if (fd >= 0) {
        fds[1].fd = fd;
        fds[1].events = POLLIN;
        fds[1].revents = 0;
        n = 2;
    }
    if (timeout_ms < 1)
        timeout_ms = 1;
    if (poll(fds, n, (int)(timeout_ms > 60000 ? 60000 : timeout_ms)) <= 0)
        return 0;
    if (fds[0].revents != 0)
        while (read(l->wake[0], buf, sizeof(buf)) > 0)
            ;
    return n == 2 && fds[1].revents != 0;
}

/* Under mu: sends the heartbeat when due, gives the connection up when the
 * last one went unanswered too long. Returns how long to wait, or -1 when
 * the connection was dropped. */
static long long listener_beat(kc_auth_listener *l, long long now)
{
    if (l->ping_sent_at != 0 && now - l->ping_sent_at >= l->dead_ms) {
        listener_drop(l, "no answer to the heartbeat");
        return -1;
    }
    if (l->ping_sent_at == 0 && now >= l->next_ping_at) {
        /* an empty query: the cheapest statement the server answers */
        if (!PQsendQuery(l->pg, "")) {
            listener_drop(l, "the heartbeat could not be sent");
            return -1;
        }
        l->ping_sent_at = now;
        l->next_ping_at = now + l->heartbeat_ms;
    }
    return (l->ping_sent_at != 0 ? l->ping_sent_at + l->dead_ms : l->next_ping_at) - now;
}

static void *listener_main(void *arg)
{
    kc_auth_listener *l = arg;
    long long now, wait_ms;
    int fd, connected;

    while (!atomic_load(&l->stop)) {
        now = now_ms();
        pthread_mutex_lock(&l->mu); /* a request's drain may have dropped it */
        connected = l->pg != NULL;
        pthread_mutex_unlock(&l->mu);
        if (!connected) {
            if (now < l->retry_at) {
                listener_wait(l, -1, l->retry_at - now);
                continue;
            }
            if (listener_open(l) != 0) {
                l->backoff_ms = l->backoff_ms == 0 ? BACKOFF_MIN_MS : l->backoff_ms * 2;
                if (l->backoff_ms > BACKOFF_MAX_MS)
                    l->backoff_ms = BACKOFF_MAX_MS;
                l->retry_at = now_ms() + l->backoff_ms;
                continue;
            }
            now = now_ms();
        }
        pthread_mutex_lock(&l->mu);
        wait_ms = listener_beat(l, now);
        fd = l->pg != NULL ? PQsocket(l->pg) : -1;
        pthread_mutex_unlock(&l->mu);
        if (wait_ms < 0 || !listener_wait(l, fd, wait_ms))
            continue;
        pthread_mutex_lock(&l->mu);
        if (l->pg != NULL && listener_read(l) != 0)
            listener_drop(l, "the server closed it");
        pthread_mutex_unlock(&l->mu);
    }
    pthread_mutex_lock(&l->mu);
    atomic_store(&l->fd, -1);
    if (l->pg != NULL)
        PQfinish(l->pg);
    l->pg = NULL;
    pthread_mutex_unlock(&l->mu);
    return NULL;
}

/* See auth_listen_repo.h. One poll() without waiting when nothing came. */
void kc_auth_listener_drain(kc_auth_listener *l)
{
    struct pollfd p;
    int wake = 0;

    if (l == NULL || (p.fd = atomic_load(&l->fd)) < 0)
        return;
    p.events = POLLIN;
    p.revents = 0;
    if (poll(&p, 1, 0) <= 0)
        return;
    pthread_mutex_lock(&l->mu);
    /* the same connection still (its socket may have been closed meanwhile) */
    if (l->pg != NULL && PQsocket(l->pg) == p.fd) {
        long long pinged = l->ping_sent_at;
        if (listener_read(l) != 0) {
            listener_drop(l, "the server closed it");
            wake = 1;
        } else if (pinged != 0 && l->ping_sent_at == 0) {
            /* this request read the heartbeat's answer: the listener, asleep
               until that heartbeat would be overdue, must plan the next one
               now, or the lease lapses (under load requests read most
               answers first: a quarter of the API-key lookups went to the
               database in make bench) */
            wake = 1;
        }
    }
    pthread_mutex_unlock(&l->mu);
    if (wake && write(l->wake[1], "x", 1) < 0 && errno != EAGAIN)
        kc_log(KC_LOG_WARN, NULL, "auth: could not wake the revocation listener");
}

static void listener_free(kc_auth_listener *l)
{
    if (l == NULL)
        return;
    if (l->wake[0] >= 0)
        close(l->wake[0]);
    if (l->wake[1] >= 0)
        close(l->wake[1]);
    free(l->conninfo);
    pthread_mutex_destroy(&l->mu);
    free(l);
}

kc_status kc_auth_listener_start(const char *database_url, const kc_auth_listen_events *ev,
                                 int heartbeat_ms, int dead_ms, kc_auth_listener **out)
{
    kc_auth_listener *l = NULL;
    kc_status st = KC_INTERNAL;

    *out = NULL;
    if (database_url == NULL || ev == NULL || ev->up == NULL || ev->down == NULL ||
        ev->alive == NULL || ev->changed == NULL || heartbeat_ms < 1 || dead_ms < 1)
        goto out;
    l = calloc(1, sizeof(*l));
    if (l == NULL)
        goto out;
    l->wake[0] = l->wake[1] = -1;
    atomic_init(&l->fd, -1);
    pthread_mutex_init(&l->mu, NULL);
    l->conninfo = strdup(database_url);
    if (l->conninfo == NULL || pipe(l->wake) != 0)
        goto out;
    if (fcntl(l->wake[0], F_SETFL, O_NONBLOCK) != 0 || fcntl(l->wake[1], F_SETFL, O_NONBLOCK) != 0)
        goto out;
    l->ev = *ev;
    l->heartbeat_ms = heartbeat_ms;
    l->dead_ms = dead_ms;
    atomic_init(&l->stop, 0);
    if (pthread_create(&l->thread, NULL, listener_main, l) != 0)
        goto out;
    l->started = 1;
    *out = l;
    l = NULL;
    st = KC_OK;
out:
    listener_free(l);
    return st;
}

void kc_auth_listener_stop(kc_auth_listener *l)
{
    if (l == NULL)
        return;
    atomic_store(&l->stop, 1);
    if (write(l->wake[1], "x", 1) < 0 && errno != EAGAIN)
        kc_log(KC_LOG_WARN, NULL, "auth: could not wake the revocation listener");
    if (l->started)
        pthread_join(l->thread, NULL);
    listener_free(l);
}
