#ifndef KOERS_AUTH_LISTEN_REPO_H
#define KOERS_AUTH_LISTEN_REPO_H

#include "koers/problem.h"

/* The listener of the authenticator (auth.c): one PostgreSQL connection
 * per process, on a thread of its own, LISTENing on the channel the
 * koers_iam triggers announce changes of API keys and tenants on
 * (shared/sql/iam_003_tenant_deactivation.sql). It tells its owner what it
 * hears through the callbacks below; it never sees the caches. Private to
 * the shared library and its tests. */

#define KC_AUTH_CHANNEL "koers_iam_auth"

/* The callbacks run on the listener's thread or, through
 * kc_auth_listener_drain, on a request's; never two at once. */
typedef struct kc_auth_listen_events {
    /* Listening (again): announcements made before this moment may have
     * been missed. */
    void (*up)(void *user);
    /* The connection is lost (or stopped answering): announcements may be
     * missed from now on. */
    void (*down)(void *user);
    /* The server answered the heartbeat: the connection still carries
     * announcements. */
    void (*alive)(void *user);
    /* One announcement: its payload ("api_key:<id>", "tenant:<id>"). */
    void (*changed)(void *user, const char *payload);
    void *user;
} kc_auth_listen_events;

typedef struct kc_auth_listener kc_auth_listener;

/* Starts the listener thread on database_url (copied; ev is copied too, its
 * user borrowed until kc_auth_listener_stop). It connects, LISTENs, sends
 * a heartbeat every heartbeat_ms and reconnects (backing off up to 2 s)
 * when the connection is lost or a heartbeat has not been answered within
 * dead_ms. KC_INTERNAL when the thread cannot start; an unreachable
 * database is not an error (the thread keeps trying). */
kc_status kc_auth_listener_start(const char *database_url, const kc_auth_listen_events *ev,
                                 int heartbeat_ms, int dead_ms,
                                 kc_auth_listener **out) KC_MUST_CHECK;

/* Reads, on the calling thread, what has already arrived on the listener's
 * connection (announcements, the heartbeat's answer) and tells the owner,
 * as the listener's thread would a moment later; one poll() that does not
 * wait when nothing has. For the request path: an announcement that has
 * reached the process is acted on before the request is answered, however
 * busy the machine. Accepts NULL. */
void kc_auth_listener_drain(kc_auth_listener *l);

/* Stops the thread (it may take up to the connect timeout, 3 s, when it is
 * connecting), closes the connection, frees l. Accepts NULL. */
void kc_auth_listener_stop(kc_auth_listener *l);

#endif
