#ifndef KOERS_CASEDESK_PRIVACY_PASS_H
#define KOERS_CASEDESK_PRIVACY_PASS_H

#include <time.h>
#include "koers/db.h"

/* The scheduler's privacy work (privacy_service.c). Each pass takes rows
 * with FOR UPDATE SKIP LOCKED in small transactions, so replicas running it
 * at once never do a row twice. */

/* Anonymises the cases of every tenant closed before as_of minus the
 * tenant's retention_days: citizen details, the description, the location's
 * address, the citizen's messages and feedback comments, the tracking
 * token; timeline 'anonymised', event case.anonymised. Statistics fields
 * (dates, category, district, officer, outcome, satisfaction) stay. */
kc_status privacy_retention_pass(kc_db_pool *pool, time_t as_of, int *anonymised,
                                 kc_problem *pb) KC_MUST_CHECK;

/* Seals the citizen of rows filed before citizens were sealed (still
 * plain) and re-seals rows sealed under a key that is no longer the
 * current one (at most `limit` rows). */
kc_status privacy_rekey_pass(kc_db_pool *pool, int limit, int *rekeyed,
                             kc_problem *pb) KC_MUST_CHECK;

/* Forgets the first answers kept for Idempotency-Key replays once they are
 * CASEDESK_IDEM_KEEP_DAYS old at as_of: a filing's answer holds the
 * citizen's details and the tracking token (sealed), and a retry comes
 * within minutes, not weeks. *expired counts the rows removed. */
#define CASEDESK_IDEM_KEEP_DAYS 7
kc_status privacy_expire_answers_pass(kc_db_pool *pool, time_t as_of, int *expired,
                                      kc_problem *pb) KC_MUST_CHECK;

#endif
