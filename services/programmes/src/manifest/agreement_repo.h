#ifndef KOERS_PROGRAMMES_AGREEMENT_REPO_H
#define KOERS_PROGRAMMES_AGREEMENT_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* The SQL of behaviour agreements' rules (the kit holds their reads and
 * writes). Every function filters on the tenant. */

/* A behaviour agreement's programme and manifest (FOR UPDATE).
 * KC_NOT_FOUND when the tenant has no such agreement. */
kc_status agreement_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                              char programme_id[37], char manifest_id[37],
                              kc_problem *pb) KC_MUST_CHECK;

/* The programme and status of manifest_id into programme_id and status
 * ("" both when the tenant has no such manifest). */
kc_status agreement_repo_manifest(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                                  char programme_id[37], char status[16],
                                  kc_problem *pb) KC_MUST_CHECK;

/* 1 in *ok when statement_id is a statement of manifest_id. */
kc_status agreement_repo_statement_ok(kc_db_conn *conn, const char *tenant_id,
                                      const char *manifest_id, const char *statement_id, int *ok,
                                      kc_problem *pb) KC_MUST_CHECK;

#endif
