#include "programmes_service.h"

#include <stdio.h>
#include "koers/log.h"
#include "koers/outbox.h"
#include "koers/validate.h"
#include "programmes.h"

kc_status programmes_items_of(kc_db_pool *pool, const kc_principal *p, const char *id,
                              kc_read_fn read, json_t **out, kc_problem *pb)
{
    json_t *items = NULL;
    kc_status st;

    *out = NULL;
    st = kc_read_one(pool, p, id, read, &items, pb);
    if (st == KC_OK) {
        *out = json_pack("{s:o}", "items", items);
        items = NULL;
        if (*out == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    json_decref(items);
    return st;
}

kc_status programmes_write(kc_db_pool *pool, const kc_principal *p, programmes_write_fn write,
                           void *arg, json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *answer = NULL;
    kc_status st;

    if (out != NULL)
        *out = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    if (st == KC_OK)
        st = write(conn, p, arg, &answer, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    kc_db_release(pool, conn); /* rolls an open transaction back */
    if (st == KC_OK && out != NULL) {
        *out = answer;
        answer = NULL;
    }
    json_decref(answer);
    return st;
}

kc_status programmes_check_person_ids(const char *id, const char *person_id, kc_problem *pb)
{
    kc_status st = kc_check_id("id", id, pb);

    if (st == KC_OK)
        st = kc_check_id("personId", person_id, pb);
    return st;
}

kc_status programmes_members_changed(kc_db_conn *conn, const kc_principal *p, const char *noun,
                                     const char *id, const char *programme_id, kc_problem *pb)
{
    char type[64], id_member[64];
    json_t *data;
    kc_status st;

    snprintf(type, sizeof(type), "%s.members.changed", noun);
    snprintf(id_member, sizeof(id_member), "%sId", noun);
    data = json_pack("{s:s, s:s}", id_member, id, "programmeId", programme_id);
    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(conn, PROGRAMMES_SCHEMA, type, p->tenant_id, id, data, pb);
    json_decref(data);
    return st;
}

const char *programmes_event_row(const char *type, const char *event_id, const char *subject,
                                 const json_t *data, const char *member, const char *what)
{
    const char *id = subject;

    if (id == NULL || !kc_is_uuid(id))
        id = json_string_value(json_object_get(data, member));
    if (id != NULL && kc_is_uuid(id))
        return id;
    kc_log(KC_LOG_WARN, NULL, "%s event %s names no %s: skipped", type,
           event_id != NULL ? event_id : "?", what);
    return NULL;
}

const char *programmes_event_instant(const char *published_at)
{
    return published_at != NULL && kc_is_datetime(published_at) ? published_at : NULL;
}
