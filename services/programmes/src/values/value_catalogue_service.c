#include "values/value_catalogue_service.h"

#include "koers/log.h"
#include "values/value_catalogue_repo.h"
#include "values/value_rules.h"

kc_status value_catalogue_service_apply(kc_db_conn *conn, const char *tenant_id,
                                        const char *event_id, const char *type, const char *subject,
                                        const json_t *data, kc_problem *pb)
{
    value_event ev;
    kc_status st = KC_OK;

    switch (value_event_read(type, subject, data, &ev)) {
    case VALUE_EVENT_IGNORED:
        break;
    case VALUE_EVENT_MALFORMED:
        kc_log(KC_LOG_WARN, NULL, "%s event %s names no usable value: skipped", type,
               event_id != NULL ? event_id : "?");
        break;
    case VALUE_EVENT_UPSERT:
        st = value_catalogue_repo_upsert(conn, tenant_id, ev.value_id, ev.name, "true", event_id,
                                         pb);
        break;
    case VALUE_EVENT_DEACTIVATE:
        st = ev.name != NULL
                 ? value_catalogue_repo_upsert(conn, tenant_id, ev.value_id, ev.name, "false",
                                               event_id, pb)
                 : value_catalogue_repo_deactivate(conn, tenant_id, ev.value_id, event_id, pb);
        break;
    case VALUE_EVENT_PROMOTED:
        st = value_catalogue_repo_upsert(conn, tenant_id, ev.value_id, ev.name, "true", event_id,
                                         pb);
        if (st == KC_OK)
            st = value_catalogue_repo_promotion(conn, tenant_id, ev.session_id, ev.value_id,
                                                ev.name, event_id, pb);
        break;
    }
    return st;
}

kc_status value_catalogue_service_list(kc_db_pool *pool, const kc_principal *p, const char *active,
                                       const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                       kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = value_catalogue_repo_list(conn, p->tenant_id, active, page, items, next, pb);
    kc_db_release(pool, conn);
    return st;
}
