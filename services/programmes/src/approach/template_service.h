#ifndef KOERS_PROGRAMMES_TEMPLATE_SERVICE_H
#define KOERS_PROGRAMMES_TEMPLATE_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/idempotency.h"

/* Approach templates: the three shipped with Koers (read by every tenant,
 * changed by none: KC_FORBIDDEN) and the tenant's own. A template is
 * {name, description?, openEnded?, phases} (approach/approach_shape.h);
 * its phases are stored with the optional members filled in. Answers are
 * new references in the wire form, the caller's. */

/* {"items": [the shipped templates, then the tenant's own]}. */
kc_status template_service_list(kc_db_pool *pool, const kc_principal *p, json_t **doc,
                                kc_problem *pb) KC_MUST_CHECK;

/* Template id (KC_BAD_REQUEST for an id that is no UUID, KC_NOT_FOUND
 * when it is neither shipped nor the tenant's) at *version. */
kc_status template_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                               json_t **doc, long long *version, kc_problem *pb) KC_MUST_CHECK;

/* Creates a template of the caller's tenant once per Idempotency-Key
 * (koers/http.h kc_create_fn). KC_INVALID naming each field at fault. */
kc_status template_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                  const json_t *body, json_t **answer, int *replayed,
                                  kc_problem *pb) KC_MUST_CHECK;

/* Changes the members body holds (koers/http.h kc_action_fn): if_match -1
 * = any version, else KC_PRECONDITION_FAILED when it is at another; a
 * shipped template KC_FORBIDDEN. */
kc_status template_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const json_t *body, long long if_match, json_t **out,
                                  long long *version, kc_problem *pb) KC_MUST_CHECK;

/* Deletes the tenant's template id: a shipped one is KC_FORBIDDEN, one
 * that programmes were copied from KC_CONFLICT. */
kc_status template_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  kc_problem *pb) KC_MUST_CHECK;

#endif
