#ifndef KOERS_PROGRAMMES_AGREEMENT_SERVICE_H
#define KOERS_PROGRAMMES_AGREEMENT_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The kit's check of behaviour_agreement_resource (in the write's
 * transaction): a lead only (403); a new or changed manifestId must be an
 * adopted manifest of the agreement's programme (422 naming it), every
 * statementIds item a statement of the agreement's manifest (422 naming
 * statementIds[i]); programmeId does not change (422). */
kc_status agreement_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                  const json_t *body, kc_problem *pb) KC_MUST_CHECK;

#endif
