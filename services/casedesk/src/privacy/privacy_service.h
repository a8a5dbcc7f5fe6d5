#ifndef KOERS_CASEDESK_PRIVACY_SERVICE_H
#define KOERS_CASEDESK_PRIVACY_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/keyset.h"
#include "casedesk.h"
#include "privacy/privacy_model.h"
#include "privacy/privacy_pass.h"

/* Data subject requests (AVG/GDPR articles 15 and 17) for the privacy
 * officer (and admin): an export of everything the tenant holds about a
 * citizen found by e-mail and/or phone, and the erasure of it. Each request
 * leaves an audit row (kind, actor, number of cases; never the subject).
 * The scheduler's retention and rekey passes are here too (privacy_pass.h).
 * Arguments are borrowed; out params are the caller's. */

/* body {email?, phone?} (at least one; KC_INVALID naming the fields
 * otherwise). *out = {cases: [{case, timeline, messages, feedback}]}, the
 * cases oldest first; KC_TOO_LARGE rather than a partial export when there
 * are more than PRIVACY_MAX_CASES. */
#define PRIVACY_MAX_CASES 1000
kc_status privacy_service_export(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                 json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* body as for the export. Anonymises the subject's cases now (as the
 * retention pass does: timeline 'anonymised', event case.anonymised with
 * {reason: "erasure"}); *erased = the number of cases anonymised. */
kc_status privacy_service_erase(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                int *erased, kc_problem *pb) KC_MUST_CHECK;

/* The audit list of the tenant, newest first; kind NULL = all. */
kc_status privacy_service_list(kc_db_pool *pool, const kc_principal *p, const char *kind,
                               const kc_keyset *page, privacy_request **items, size_t *n,
                               kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;

/* {id, kind, actor, cases, at}. New reference. */
json_t *privacy_request_to_json(const privacy_request *q);

#endif
