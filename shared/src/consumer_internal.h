#ifndef KOERS_CONSUMER_INTERNAL_H
#define KOERS_CONSUMER_INTERNAL_H

#include <stddef.h>
#include "koers/consumer.h"

/* Internal to the shared library (and its tests): the parts of the durable
 * consumer (koers/consumer.h) below and beside its thread. Not part of the
 * public contract. */

/* ---- the layer below: SQL (consumer_repo.c) ---------------------------- */

/* Creates the cursor row of (consumer, source) at seq 0 unless it exists. */
kc_status kc_consumer_repo_init(kc_db_conn *conn, const char *schema, const char *consumer,
                                const char *source, kc_problem *pb) KC_MUST_CHECK;
/* The cursor's seq into *seq; with lock set the row is locked FOR UPDATE
 * until the transaction ends. KC_NOT_FOUND when the row is missing. */
kc_status kc_consumer_repo_cursor(kc_db_conn *conn, const char *schema, const char *consumer,
                                  const char *source, int lock, long long *seq,
                                  kc_problem *pb) KC_MUST_CHECK;
/* Records event_id as processed; *fresh is 1 when it was not yet, 0 when
 * it was (then nothing changes). */
kc_status kc_consumer_repo_claim(kc_db_conn *conn, const char *schema, const char *consumer,
                                 const char *source, const char *event_id, long long seq,
                                 int *fresh, kc_problem *pb) KC_MUST_CHECK;
/* Moves the cursor to seq (never backwards). */
kc_status kc_consumer_repo_advance(kc_db_conn *conn, const char *schema, const char *consumer,
                                   const char *source, long long seq, kc_problem *pb) KC_MUST_CHECK;
/* Forgets processed ids older than days whose seq the cursor has passed. */
kc_status kc_consumer_repo_prune(kc_db_conn *conn, const char *schema, const char *consumer,
                                 const char *source, int days, kc_problem *pb) KC_MUST_CHECK;

/* ---- the layer below: HTTP (consumer_http.c) --------------------------- */

/* GET url with "Authorization: Bearer <api_key>" and a timeout. On KC_OK
 * *http_status is the answer's status and *body (NUL-terminated, *len
 * bytes, the caller frees it) its body; KC_UNAVAILABLE when no answer came
 * (connection refused, timeout). */
kc_status kc_consumer_http_get(const char *url, const char *api_key, int timeout_s,
                               int *http_status, char **body, size_t *len) KC_MUST_CHECK;

/* ---- pure parts -------------------------------------------------------- */

/* One replay page: events borrowing from root. */
typedef struct kc_consumer_page {
    json_t *root;
    kc_consumer_event *items;
    size_t n;
    int has_more; /* "_links.next" is present */
} kc_consumer_page;

/* Parses a replay answer ({"items": [{seq, id, type, subject, data,
 * publishedAt}], "_links": {"next": …}}) read after `after`: seqs must be
 * above after and strictly growing, ids 1..63 characters, and a page with
 * more to come must not be empty. KC_INVALID naming the fault otherwise
 * (page is then empty). The caller clears page with kc_consumer_page_clear. */
kc_status kc_consumer_page_parse(const char *body, size_t len, long long after,
                                 kc_consumer_page *page, kc_problem *pb) KC_MUST_CHECK;
void kc_consumer_page_clear(kc_consumer_page *page);

/* The replay URL "<base>/<source>/v1/events?after=<after>&limit=<limit>"
 * (a trailing '/' of base dropped) into out. Returns 0, or -1 when it does
 * not fit. */
int kc_consumer_events_url(const char *base, const char *source, long long after, int limit,
                           char *out, size_t n);

/* The wait before retry number attempt (1, 2, …): min_ms doubling, at most
 * max_ms. */
int kc_consumer_backoff_ms(int attempt, int min_ms, int max_ms);

/* 1 when a pub/sub envelope should wake the consumer: a JSON object with a
 * string id and type, of source (when it names one) and of tenant_id (when
 * the consumer has one). */
int kc_consumer_envelope_wakes(const json_t *env, const char *source, const char *tenant_id);

/* The consumer without its thread and subscription (the tests drive it):
 * kc_consumer_create checks and copies cfg; kc_consumer_catch_up reads the
 * replay from the cursor (read from the database first, and again after a
 * failure), at most max_pages pages, applying every event; *at_end says
 * whether it reached the end. Returns the first failure (the event that
 * failed was rolled back); kc_consumer_free frees. */
kc_status kc_consumer_create(const kc_consumer_config *cfg, kc_consumer **out) KC_MUST_CHECK;
kc_status kc_consumer_catch_up(kc_consumer *c, int max_pages, int *at_end,
                               kc_problem *pb) KC_MUST_CHECK;
void kc_consumer_free(kc_consumer *c);

#endif
