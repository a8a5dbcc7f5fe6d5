#include "manifest/agreement_service.h"

#include <stdio.h>
#include <string.h>
#include "access/access.h"
#include "manifest/agreement_repo.h"

static kc_status check_statements(kc_db_conn *conn, const kc_principal *p, const char *manifest_id,
                                  const json_t *ids, kc_problem *pb)
{
    char name[40];
    size_t i;
    int ok = 0;
    kc_status st = KC_OK;

    for (i = 0; st == KC_OK && i < json_array_size(ids); i++) {
        st = agreement_repo_statement_ok(conn, p->tenant_id, manifest_id,
                                         json_string_value(json_array_get(ids, i)), &ok, pb);
        if (st == KC_OK && !ok) {
            snprintf(name, sizeof(name), "statementIds[%zu]", i);
            kc_problem_add_field(pb, name, "must be a statement of the agreement's manifest");
        }
    }
    return st;
}

kc_status agreement_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                  const json_t *body, kc_problem *pb)
{
    char programme_id[37] = "", manifest_id[37] = "", m_programme[37] = "", m_status[16] = "";
    const char *new_programme, *new_manifest;
    kc_status st;

    st = access_require_lead(p, "write behaviour agreements", pb);
    if (st == KC_OK && id != NULL)
        st = agreement_repo_lock(conn, p->tenant_id, id, programme_id, manifest_id, pb);
    if (st != KC_OK || body == NULL)
        return st;
    new_programme = json_string_value(json_object_get(body, "programmeId"));
    new_manifest = json_string_value(json_object_get(body, "manifestId"));
    if (id != NULL && new_programme != NULL && strcmp(new_programme, programme_id) != 0)
        kc_problem_add_field(pb, "programmeId", "an agreement stays with its programme");
    if (id == NULL)
        snprintf(programme_id, sizeof(programme_id), "%s", new_programme);
    if (new_manifest != NULL && (id == NULL || strcmp(new_manifest, manifest_id) != 0)) {
        st = agreement_repo_manifest(conn, p->tenant_id, new_manifest, m_programme, m_status, pb);
        if (st != KC_OK)
            return st;
        if (strcmp(m_programme, programme_id) != 0 || strcmp(m_status, "adopted") != 0)
            kc_problem_add_field(pb, "manifestId", "must be the adopted manifest of the programme");
        snprintf(manifest_id, sizeof(manifest_id), "%s", new_manifest);
    }
    if (pb->invalid_params == NULL)
        st = check_statements(conn, p, manifest_id, json_object_get(body, "statementIds"), pb);
    if (st == KC_OK && pb->invalid_params != NULL)
        st = kc_problem_set(pb, KC_INVALID, "the behaviour agreement does not fit its manifest");
    return st;
}
