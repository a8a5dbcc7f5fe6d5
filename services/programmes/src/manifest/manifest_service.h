#ifndef KOERS_PROGRAMMES_MANIFEST_SERVICE_H
#define KOERS_PROGRAMMES_MANIFEST_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/keyset.h"

/* The manifest (manifest cultuurvernieuwing) of a programme: numbered
 * per programme, draft -> consultation -> adopted (-> superseded when a
 * later one is adopted), at most one draft or consultation at a time; and
 * the tenant's settings (the minimum group size of the consultation's
 * figures). Writes are the leads' (access_require_lead in the write's
 * transaction). */

struct kc_idem;

/* GET /settings: {minGroupSize, version, updatedAt} (5 at version 0 when
 * the tenant set none), a new object in *out. */
kc_status manifest_service_settings(kc_db_pool *pool, const kc_principal *p, json_t **out,
                                    kc_problem *pb) KC_MUST_CHECK;

/* PUT /settings {minGroupSize (1..1000)}: 422 otherwise; the settings
 * afterwards in *out. */
kc_status manifest_service_put_settings(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                        json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* POST /programmes/{id}/manifests {title, preamble?, basedOnId?}: a draft
 * numbered one past the programme's last; basedOnId must be an adopted
 * manifest of the programme (422), whose statements are copied. 409 while
 * the programme has a manifest in draft or consultation; 404 for another
 * tenant's or an unknown programme. Event manifest.created {id,
 * programmeId, number}. Once per Idempotency-Key. */
kc_status manifest_service_create(kc_db_pool *pool, const kc_principal *p, const char *programme_id,
                                  const struct kc_idem *idem, const json_t *body, json_t **answer,
                                  int *replayed, kc_problem *pb) KC_MUST_CHECK;

/* GET /programmes/{id}/manifests: a page of the programme's manifests
 * (the kit's list with the programme as filter); 404 for an unknown
 * programme. */
kc_status manifest_service_list(kc_db_pool *pool, const kc_principal *p, const char *programme_id,
                                const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                kc_problem *pb) KC_MUST_CHECK;

/* POST /manifests/{id}/transitions {to} (kc_action_fn): draft ->
 * consultation (at least one statement, else 409), consultation ->
 * adopted (no open round, else 409; the programme's adopted manifest
 * becomes superseded with superseded_by this one); superseded is never a
 * client's target (409). Events manifest.status.changed {id, programmeId,
 * number, from, to} (also for the one superseded) and on adoption
 * manifest.adopted {id, programmeId, number, statementCount}. */
kc_status manifest_service_move(kc_db_pool *pool, const kc_principal *p, const char *id,
                                const json_t *body, long long if_match, json_t **out,
                                long long *version, kc_problem *pb) KC_MUST_CHECK;

/* The kit's check of manifest_resource (run in the write's transaction):
 * a lead only (403); PATCH title and preamble of a draft only (409 for
 * another status; programmeId may be echoed, not changed: 422); DELETE a
 * draft only (409). A create through the kit is refused (403). */
kc_status manifest_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                 const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* The caller's name in the records (adopted_by, created_by): the
 * subject, "unknown" without one. */
const char *manifest_service_actor(const kc_principal *p);

#endif
