#ifndef KOERS_CASEDESK_DEPARTMENT_SERVICE_H
#define KOERS_CASEDESK_DEPARTMENT_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "casedesk.h"
#include "department_model.h"

/* The directory's departments: writes for coordinators, reads also for
 * liaison officers (no API keys). Out params are the caller's
 * (department_clear / department_array_free). if_match is -1 when absent. */
kc_status department_service_create(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                    department *out, kc_problem *pb) KC_MUST_CHECK;
kc_status department_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 department *out, kc_problem *pb) KC_MUST_CHECK;
kc_status department_service_list(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                  department **items, size_t *n, kc_keyset_next *next,
                                  kc_problem *pb) KC_MUST_CHECK;
kc_status department_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const json_t *body, long long if_match, department *out,
                                    kc_problem *pb) KC_MUST_CHECK;
kc_status department_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    kc_problem *pb) KC_MUST_CHECK;

/* The directory's first steps (departments and officials): checks that p
 * may read (coordinator, liaison officer) or write (coordinator), that id
 * (unless NULL) is a UUID and body (unless NULL) matches the fields, then
 * takes a connection into *conn (the caller releases it whatever this
 * returns). */
kc_status directory_service_open(kc_db_pool *pool, const kc_principal *p, int write, const char *id,
                                 const json_t *body, const kc_field *fields, size_t nfields,
                                 kc_db_conn **conn, kc_problem *pb) KC_MUST_CHECK;

#endif
