#ifndef KOERS_PROCESSES_KPI_SERVICE_H
#define KOERS_PROCESSES_KPI_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The rule of a KPI's write, the resource kit's check of kpi_resource (run
 * in the write's transaction on conn; id NULL on create, body NULL on
 * delete): the caller must steer the KPI's process
 * (process_service_authorise; on PATCH and DELETE the stored process). A
 * KPI stays with its process: a PATCH naming another processId is
 * KC_INVALID naming it. KC_NOT_FOUND when id is not the tenant's. */
kc_status kpi_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                            const json_t *body, kc_problem *pb) KC_MUST_CHECK;

#endif
