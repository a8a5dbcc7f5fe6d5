#include "kpis/kpi_service.h"

#include <string.h>
#include "kpis/kpi_repo.h"
#include "processes/process_service.h"

kc_status kpi_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                            const json_t *body, kc_problem *pb)
{
    kpi_head head;
    const char *moved_to;
    kc_status st;

    if (id == NULL) /* create: the kit has checked that processId is the tenant's */
        return process_service_authorise(
            conn, p, json_string_value(json_object_get(body, "processId")), PROCESS_STEER, pb);
    st = kpi_repo_head(conn, p->tenant_id, id, 1, &head, pb);
    if (st == KC_OK)
        st = process_service_authorise(conn, p, head.process_id, PROCESS_STEER, pb);
    if (st != KC_OK || body == NULL)
        return st;
    moved_to = json_string_value(json_object_get(body, "processId"));
    if (moved_to != NULL && strcmp(moved_to, head.process_id) != 0) {
        kc_problem_add_field(pb, "processId", "a KPI stays with its process");
        return kc_problem_set(pb, KC_INVALID, "KPI %s cannot move to another process", id);
    }
    return KC_OK;
}
