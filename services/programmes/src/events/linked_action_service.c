#include "events/linked_action_service.h"

#include <stdlib.h>
#include <string.h>
#include "koers/log.h"
#include "koers/outbox.h"
#include "koers/validate.h"
#include "events/linked_action_repo.h"
#include "programmes.h"

/* action.status.changed of one moved action (ids and states only). */
static kc_status emit_moved(kc_db_conn *conn, const char *tenant_id, const linked_action_change *c,
                            kc_problem *pb)
{
    json_t *data = json_pack("{s:s, s:s, s:s, s:s}", "id", c->id, "programmeId", c->programme_id,
                             "from", c->from, "to", c->to);
    kc_status st;

    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st =
        kc_outbox_add(conn, PROGRAMMES_SCHEMA, "action.status.changed", tenant_id, c->id, data, pb);
    json_decref(data);
    return st;
}

kc_status linked_action_service_apply(kc_db_conn *conn, const char *tenant_id, const char *event_id,
                                      const char *subject, const json_t *data,
                                      const char *published_at, kc_problem *pb)
{
    const char *improvement_id = subject;
    linked_action_change *changes = NULL;
    size_t i, n = 0;
    kc_status st = KC_OK;

    if (improvement_id == NULL || !kc_is_uuid(improvement_id))
        improvement_id = json_string_value(json_object_get(data, "id"));
    if (improvement_id == NULL || !kc_is_uuid(improvement_id)) {
        kc_log(KC_LOG_WARN, NULL, "improvement.completed event %s names no improvement: skipped",
               event_id != NULL ? event_id : "?");
        goto out;
    }
    st = linked_action_repo_complete(
        conn, tenant_id, improvement_id,
        published_at != NULL && kc_is_datetime(published_at) ? published_at : NULL, &changes, &n,
        pb);
    for (i = 0; i < n && st == KC_OK; i++)
        if (strcmp(changes[i].from, changes[i].to) != 0)
            st = emit_moved(conn, tenant_id, &changes[i], pb);
out:
    free(changes);
    return st;
}
