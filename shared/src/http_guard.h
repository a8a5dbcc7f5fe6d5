#ifndef KOERS_HTTP_GUARD_H
#define KOERS_HTTP_GUARD_H

#include <microhttpd.h>

/* Internal to the shared library (implemented in http_guard.c): what
 * libmicrohttpd 0.9.75 does not do by itself for kc_server_run.
 *
 * - A total deadline per request. MHD's connection timeout is idle-based:
 *   a client sending one byte a second keeps a connection forever. The
 *   guard keeps every connection with the time its current request began
 *   (the connection's start, or the end of its previous request) and a
 *   reaper thread shuts down each one whose request has not reached its
 *   handler (headers and body all in) within the deadline.
 * - Request framing MHD 0.9.75 accepts and then hangs on: a
 *   Transfer-Encoding other than chunked (answered 501) and both
 *   Transfer-Encoding and Content-Length (400), each as
 *   application/problem+json, the connection closed afterwards. */
typedef struct kc_http_guard kc_http_guard;

/* Creates the guard and starts its reaper thread (deadline_s >= 1). NULL
 * when out of memory or the thread cannot start (logged). */
kc_http_guard *kc_http_guard_start(int deadline_s);

/* Stops the reaper and frees the guard (NULL is fine). Call it after the
 * MHD daemon has stopped. */
void kc_http_guard_stop(kc_http_guard *g);

/* The start of a graceful stop (after MHD_quiesce_daemon): from now on
 * every connection is closed once its current request is answered, and
 * each idle keep-alive connection (no request begun, no byte of one
 * unread) is shut down at once, so a proxy that keeps connections drops
 * it when it sees the FIN instead of sending a request on it while this
 * process stops. The answers themselves must carry Connection: close
 * (kc_server_run does that) so the proxy does not cache the connection.
 * Returns how many idle connections were shut down (0 for NULL). */
int kc_http_guard_drain(kc_http_guard *g);

/* How many connections are open (0 for NULL). */
long kc_http_guard_open(kc_http_guard *g);

/* The callbacks for MHD_OPTION_NOTIFY_CONNECTION and
 * MHD_OPTION_NOTIFY_COMPLETED, each with the guard as its cls. The latter
 * chains Ulfius' mhd_request_completed, so it replaces it in the options. */
void kc_http_guard_notify_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                                     enum MHD_ConnectionNotificationCode code);
void kc_http_guard_request_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                                     enum MHD_RequestTerminationCode toe);

/* Ulfius gives MHD its own request dispatcher and has no hook before it;
 * the guard has to see each request when its headers are in and when its
 * handler is about to run. Between kc_http_guard_begin(g) and
 * kc_http_guard_end(g), in the same thread, the next MHD_start_daemon
 * (which this library defines: the executable's definition is the one the
 * dynamic linker binds Ulfius' call to) puts the guard in front of the
 * dispatcher it is given. kc_http_guard_end answers 1 when that happened,
 * 0 when the daemon was started without the guard. */
void kc_http_guard_begin(kc_http_guard *g);
int kc_http_guard_end(kc_http_guard *g);

/* Raises this process' soft limit of open files to at least want (never
 * above the hard limit); returns the soft limit in force afterwards. */
unsigned long kc_http_raise_fd_limit(unsigned long want);

#endif
