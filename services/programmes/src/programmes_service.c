#include "programmes_service.h"

#include "koers/log.h"
#include "koers/validate.h"

kc_status programmes_read_one(kc_db_pool *pool, const kc_principal *p, const char *id,
                              programmes_read_fn read, json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = read(conn, p->tenant_id, id, out, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status programmes_items_of(kc_db_pool *pool, const kc_principal *p, const char *id,
                              programmes_read_fn read, json_t **out, kc_problem *pb)
{
    json_t *items = NULL;
    kc_status st;

    *out = NULL;
    st = programmes_read_one(pool, p, id, read, &items, pb);
    if (st == KC_OK) {
        *out = json_pack("{s:o}", "items", items);
        items = NULL;
        if (*out == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    json_decref(items);
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
