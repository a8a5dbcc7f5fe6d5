#ifndef KOERS_SURVEYS_BRAINSTORM_SERVICE_H
#define KOERS_SURVEYS_BRAINSTORM_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "brainstorm/brainstorm_model.h"
#include "surveys.h"

/* Brainstorm sessions: read by coordinators and survey managers, changed
 * by survey managers. Bodies and ids are borrowed; out params are the
 * caller's (brainstorm_*_clear; lists: clear each, then free()). */
kc_status brainstorm_service_create(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                    brainstorm_session *out, kc_problem *pb) KC_MUST_CHECK;
kc_status brainstorm_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 brainstorm_session *out, kc_problem *pb) KC_MUST_CHECK;
kc_status brainstorm_service_list(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                  brainstorm_session **items, size_t *n, kc_keyset_next *next,
                                  kc_problem *pb) KC_MUST_CHECK;
kc_status brainstorm_service_add_item(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      const json_t *body, brainstorm_item *out,
                                      kc_problem *pb) KC_MUST_CHECK;
/* One more vote. */
kc_status brainstorm_service_vote(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const char *item_id, brainstorm_item *out,
                                  kc_problem *pb) KC_MUST_CHECK;
/* A value item becomes a core value (its text the name) and the item gets
 * its coreValueId, with the event brainstorm.value.promoted, in one
 * transaction. An idea, an item promoted before, or a name already in the
 * catalogue is KC_CONFLICT. */
kc_status brainstorm_service_promote(kc_db_pool *pool, const kc_principal *p, const char *id,
                                     const char *item_id, brainstorm_item *out,
                                     kc_problem *pb) KC_MUST_CHECK;

#endif
