#include "events/linked_action_service.h"

#include <stdlib.h>
#include <string.h>
#include "koers/outbox.h"
#include "events/linked_action_repo.h"
#include "programmes.h"
#include "programmes_service.h"

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
    const char *improvement_id =
        programmes_event_row("improvement.completed", event_id, subject, data, "id", "improvement");
    linked_action_change *changes = NULL;
    size_t i, n = 0;
    kc_status st = KC_OK;

    if (improvement_id == NULL)
        goto out;
    st = linked_action_repo_complete(conn, tenant_id, improvement_id,
                                     programmes_event_instant(published_at), &changes, &n, pb);
    for (i = 0; i < n && st == KC_OK; i++)
        if (strcmp(changes[i].from, changes[i].to) != 0)
            st = emit_moved(conn, tenant_id, &changes[i], pb);
out:
    free(changes);
    return st;
}
