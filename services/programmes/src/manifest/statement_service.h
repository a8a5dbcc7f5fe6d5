#ifndef KOERS_PROGRAMMES_STATEMENT_SERVICE_H
#define KOERS_PROGRAMMES_STATEMENT_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The statements of a manifest and their revisions. A draft's
 * statements are added, changed and deleted freely; in consultation a
 * change of text is a new revision with its reason and the views that
 * caused it; an adopted or superseded manifest's statements never change
 * (409). Writes are the leads'. */

struct kc_idem;

/* POST /manifests/{id}/statements {programmeValueId (a value of the
 * manifest's programme), exampleBehaviourId? (of that value), text?
 * (1..2000; default the behaviour's statement: one of the two is
 * required), position? (1..500; default last; later ones move down)}:
 * 422 naming each invalid field, 409 unless the manifest is a draft, 404
 * for an unknown manifest. Revision 1 is kept. Once per
 * Idempotency-Key. */
kc_status statement_service_create(kc_db_pool *pool, const kc_principal *p, const char *manifest_id,
                                   const struct kc_idem *idem, const json_t *body, json_t **answer,
                                   int *replayed, kc_problem *pb) KC_MUST_CHECK;

/* GET /manifests/{id}/statements: {items} in their order. */
kc_status statement_service_list(kc_db_pool *pool, const kc_principal *p, const char *manifest_id,
                                 json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* PATCH /manifest-statements/{id} (kc_action_fn) {text?, reason?,
 * viewIds?, position?}: in a draft the text changes as it is (no
 * revision; reason and viewIds are 422); in consultation a changed text
 * is a new revision (reason required; viewIds: views of this statement,
 * 422 naming each other one), kept with the latest round; adopted or
 * superseded: 409. position moves it among the manifest's statements. */
kc_status statement_service_change(kc_db_pool *pool, const kc_principal *p, const char *id,
                                   const json_t *body, long long if_match, json_t **out,
                                   long long *version, kc_problem *pb) KC_MUST_CHECK;

/* DELETE /manifest-statements/{id}: a draft's only (409); later ones
 * move up. */
kc_status statement_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                   kc_problem *pb) KC_MUST_CHECK;

/* GET /manifest-statements/{id}/revisions: {items} oldest first, each
 * with its reason, round and the views that caused it. */
kc_status statement_service_revisions(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
