#ifndef NOTIFICATIONS_SUBSCRIPTION_SERVICE_H
#define NOTIFICATIONS_SUBSCRIPTION_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/idempotency.h"

/* The abonnementen of the Notificaties API 1.0 with Koers' extensions
 * (signing, status, the secret's rotation). The caller's tenant scopes
 * everything: another tenant's id is KC_NOT_FOUND. base is the public base
 * URL ("https://api.example.nl", no slash at the end) the answers' url
 * members and the test message are made absolute on. Answers are new
 * references, the caller's. The auth value and the signing secrets are
 * sealed at rest (delivery/secret_box.h) and never answered, logged or
 * put in an event; a new secret is answered once, as "secret". */

/* Creates an abonnement from body {callbackUrl, auth, kanalen, signing?}
 * once per Idempotency-Key: checks every member (422 naming each at
 * fault), checks the callback URL is safe to call, POSTs the test message
 * to it (anything but a 2xx is a 422 naming callbackUrl and why; nothing
 * is stored), then stores it with its event subscription.created. *answer
 * is the abonnement (with "secret" when signing), *version its version,
 * *replayed 1 when the key answered an earlier creation again. */
kc_status abonnement_service_create(kc_db_pool *pool, const kc_principal *p, const char *base,
                                    const kc_idem *idem, const json_t *body, json_t **answer,
                                    long long *version, int *replayed,
                                    kc_problem *pb) KC_MUST_CHECK;

/* The tenant's abonnementen by createdAt, a plain array (as NRC). */
kc_status abonnement_service_list(kc_db_pool *pool, const kc_principal *p, const char *base,
                                  json_t **items, kc_problem *pb) KC_MUST_CHECK;

/* Abonnement id and its version. */
kc_status abonnement_service_get(kc_db_pool *pool, const kc_principal *p, const char *base,
                                 const char *id, json_t **doc, long long *version,
                                 kc_problem *pb) KC_MUST_CHECK;

/* Changes abonnement id: replace (PUT: callbackUrl, auth and kanalen
 * required; signing kept when absent) or not (PATCH: the members given,
 * and status "active" (re-enables: clears disabledReason and failingSince;
 * event subscription.recovered when it was disabled or failing) or
 * "disabled" (by hand: reason manual, its open deliveries cancelled in
 * the same transaction; event subscription.disabled)). A new callbackUrl
 * or auth is tried with the test message first. if_match (-1: not sent)
 * must be the version (412). Event subscription.updated. *doc is the
 * abonnement afterwards (with "secret" when signing was switched on
 * without a secret), *version its version. */
kc_status abonnement_service_change(kc_db_pool *pool, const kc_principal *p, const char *base,
                                    const char *id, const json_t *body, int replace,
                                    long long if_match, json_t **doc, long long *version,
                                    kc_problem *pb) KC_MUST_CHECK;

/* Deletes abonnement id (its deliveries go with it); if_match as above.
 * Event subscription.deleted. */
kc_status abonnement_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    long long if_match, kc_problem *pb) KC_MUST_CHECK;

/* Rotates the signing secret of abonnement id from body
 * {overlapSeconds?: 0..604800, default 86400}: a new current secret, the
 * previous one valid overlapSeconds more (both sign meanwhile); signing
 * on. *answer {secret, previousValidUntil (null when there was none)}.
 * Event subscription.updated. */
kc_status abonnement_service_rotate(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const json_t *body, json_t **answer,
                                    kc_problem *pb) KC_MUST_CHECK;

#endif
