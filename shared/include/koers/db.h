#ifndef KOERS_DB_H
#define KOERS_DB_H

#include <stddef.h>
#include "koers/problem.h"

/* The handle and transaction API of the database, for services: no libpq
 * type is in reach here. Running SQL and reading its results is for the
 * repository files, through koers/pg.h.
 *
 * A thread-safe pool of libpq connections. Statements are parameterised
 * always; named statements are prepared once per connection on first use.
 * A connection found broken is reset when it goes back to the pool; the
 * request that met the failure gets KC_UNAVAILABLE (503). */
typedef struct kc_db_pool kc_db_pool;
typedef struct kc_db_conn kc_db_conn;

kc_status kc_db_pool_create(const char *conninfo, int size, kc_db_pool **out, char *err,
                            size_t errlen) KC_MUST_CHECK;
void kc_db_pool_free(kc_db_pool *pool);

/* Waits (bounded, a few seconds) for a free connection. */
kc_status kc_db_acquire(kc_db_pool *pool, kc_db_conn **out, kc_problem *pb) KC_MUST_CHECK;
/* Gives the connection back; rolls back an open transaction; NULL is fine. */
void kc_db_release(kc_db_pool *pool, kc_db_conn *conn);

/* Transactions run in libpq pipeline mode: between begin and commit, a
 * kc_db_exec whose result is not wanted (out == NULL) is only queued and
 * sent with the next statement whose result is wanted, or with COMMIT; its
 * failure is then reported by that later call. So a transaction costs one
 * round trip per statement that returns data, plus one for COMMIT. */
kc_status kc_db_begin(kc_db_conn *conn, kc_problem *pb) KC_MUST_CHECK;
kc_status kc_db_commit(kc_db_conn *conn, kc_problem *pb) KC_MUST_CHECK;
void kc_db_rollback(kc_db_conn *conn);

/* The work of one transaction: statements on conn, with what it reads
 * and writes reached through arg. */
typedef kc_status (*kc_db_tx_fn)(kc_db_conn *conn, void *arg, kc_problem *pb);

/* Runs fn(conn, arg, pb) in one transaction on a connection of pool,
 * acquired for it and given back after: committed when fn answers KC_OK,
 * rolled back otherwise. fn's status, else the pool's (KC_UNAVAILABLE) or
 * the commit's (a serialization failure is KC_CONFLICT); on any failure
 * what fn made through arg is the caller's to free. */
kc_status kc_db_run_tx(kc_db_pool *pool, kc_db_tx_fn fn, void *arg, kc_problem *pb) KC_MUST_CHECK;

/* Runs fn(arg) once after the transaction open on conn commits (not on
 * rollback; at once when conn is not in a transaction). The same fn/arg
 * pair registered twice runs once; at most four pairs per transaction, more
 * are dropped, so a hook must only ever speed something up (e.g. wake a
 * thread that would otherwise poll), never be needed for correctness. */
void kc_db_after_commit(kc_db_conn *conn, void (*fn)(void *), void *arg);

/* The SQLSTATE mapping used by kc_db_exec, exposed for tests. */
kc_status kc_db_status_from_sqlstate(const char *sqlstate);

/* Sessions run with TimeZone UTC and DateStyle ISO, so a timestamptz comes
 * back as "2026-11-23 10:55:40.123456+00" (fraction trimmed, or absent).
 * This writes it as RFC 3339 with milliseconds, "2026-11-23T10:55:40.123Z"
 * (cheaper than to_char in every query). Returns 0, or -1 (out = "") when
 * the text is not in that form. */
int kc_db_format_timestamp(const char *pg_text, char *out, size_t n);

/* Readiness and gauges. */
kc_status kc_db_ping(kc_db_pool *pool);
int kc_db_pool_size(const kc_db_pool *pool);
int kc_db_pool_in_use(kc_db_pool *pool);
/* Round trips to the server on pools' connections since the process
 * started (process-wide): each wait for the server's answer counts one, a
 * pipelined transaction's batch one. /metrics: koers_db_round_trips_total. */
unsigned long long kc_db_round_trips(void);

#endif
