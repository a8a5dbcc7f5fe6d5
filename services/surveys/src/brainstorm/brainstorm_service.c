#include "brainstorm/brainstorm_service.h"

#include <stdlib.h>
#include <string.h>
#include "koers/outbox.h"
#include "koers/validate.h"
#include "brainstorm/brainstorm_repo.h"
#include "surveys_resources.h"

static const char *const item_kinds[] = {"idea", "value", NULL};

/* A new session: its body decoded by session_fields. */
typedef struct session_new {
    const char *title, *held_on, *group_name, *facilitator; /* "" when absent */
} session_new;

/* A new item: its body decoded by item_fields. */
typedef struct item_new {
    const char *kind, *text;
    const json_t *tags; /* NULL when absent */
} item_new;

static const kc_field session_fields[] = {
    {.name = "title",
     .type = KC_T_STRING,
     .required = 1,
     .min_len = 1,
     .max_len = 200,
     .to = KC_TO(session_new, title)},
    {.name = "heldOn",
     .type = KC_T_STRING,
     .required = 1,
     .format = KC_FMT_DATE,
     .to = KC_TO(session_new, held_on)},
    {.name = "groupName",
     .type = KC_T_STRING,
     .max_len = 200,
     .to = KC_TO(session_new, group_name)},
    {.name = "facilitator",
     .type = KC_T_STRING,
     .max_len = 200,
     .to = KC_TO(session_new, facilitator)},
};
static const kc_field item_fields[] = {
    {.name = "kind",
     .type = KC_T_STRING,
     .required = 1,
     .enum_values = item_kinds,
     .to = KC_TO(item_new, kind)},
    {.name = "text",
     .type = KC_T_STRING,
     .required = 1,
     .min_len = 1,
     .max_len = 500,
     .to = KC_TO(item_new, text)},
    {.name = "tags",
     .type = KC_T_ARRAY,
     .max_len = 20,
     .item_type = KC_T_STRING,
     .item_max_len = 40,
     .to = KC_TO(item_new, tags)},
};

/* Checks the ids (NULL = none), decodes body (NULL = none) into in, and
 * takes a connection (the caller releases it whatever happens). */
static kc_status brainstorm_open(kc_db_pool *pool, const char *id, const char *item_id,
                                 const json_t *body, const kc_field *fields, size_t nfields,
                                 void *in, kc_db_conn **conn, kc_problem *pb)
{
    kc_status st = KC_OK;

    *conn = NULL;
    if (id != NULL)
        st = kc_check_id("id", id, pb);
    if (st == KC_OK && item_id != NULL)
        st = kc_check_id("itemId", item_id, pb);
    if (st == KC_OK && body != NULL)
        st = kc_decode_json(body, fields, nfields, in, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, conn, pb);
    return st;
}

kc_status brainstorm_service_create(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                    brainstorm_session *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    session_new in = {"", "", "", ""};
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = brainstorm_open(pool, NULL, NULL, body, session_fields, KC_NELEMS(session_fields), &in,
                         &conn, pb);
    if (st == KC_OK)
        st = brainstorm_repo_insert(conn, p->tenant_id, in.title, in.held_on, in.group_name,
                                    in.facilitator, out, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status brainstorm_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 brainstorm_session *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = brainstorm_open(pool, id, NULL, NULL, NULL, 0, NULL, &conn, pb);
    if (st == KC_OK)
        st = brainstorm_repo_get(conn, p->tenant_id, id, out, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status brainstorm_service_list(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                  brainstorm_session **items, size_t *n, kc_keyset_next *next,
                                  kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    st = brainstorm_open(pool, NULL, NULL, NULL, NULL, 0, NULL, &conn, pb);
    if (st == KC_OK)
        st = brainstorm_repo_list(conn, p->tenant_id, page, items, n, next, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status brainstorm_service_add_item(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      const json_t *body, brainstorm_item *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    item_new in = {0};
    char *tags_json = NULL;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = brainstorm_open(pool, id, NULL, body, item_fields, KC_NELEMS(item_fields), &in, &conn, pb);
    if (st != KC_OK)
        goto out;
    tags_json = in.tags != NULL ? json_dumps(in.tags, JSON_COMPACT) : strdup("[]");
    if (tags_json == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = brainstorm_repo_add_item(conn, p->tenant_id, id, in.kind, in.text, tags_json, out, pb);
out:
    free(tags_json);
    kc_db_release(pool, conn);
    return st;
}

kc_status brainstorm_service_vote(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const char *item_id, brainstorm_item *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = brainstorm_open(pool, id, item_id, NULL, NULL, 0, NULL, &conn, pb);
    if (st == KC_OK)
        st = brainstorm_repo_vote(conn, p->tenant_id, id, item_id, out, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status brainstorm_service_promote(kc_db_pool *pool, const kc_principal *p, const char *id,
                                     const char *item_id, brainstorm_item *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    brainstorm_item it = {0};
    json_t *value = NULL, *fields = NULL, *data = NULL;
    long long version = 0;
    const char *value_id = NULL;
    size_t len;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = brainstorm_open(pool, id, item_id, NULL, NULL, 0, NULL, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        goto out;
    st = brainstorm_repo_lock_item(conn, p->tenant_id, id, item_id, &it, pb);
    if (st == KC_OK && strcmp(it.kind, "value") != 0)
        st = kc_problem_set(pb, KC_CONFLICT, "only an item of kind value can be promoted");
    else if (st == KC_OK && it.core_value_id[0])
        st = kc_problem_set(pb, KC_CONFLICT, "the item was promoted before (core value %s)",
                            it.core_value_id);
    len = kc_utf8_len(it.text);
    if (st == KC_OK && (len < 1 || len > 100)) {
        kc_problem_add_field(pb, "text", "a core value's name is at most 100 characters");
        st = kc_problem_set(pb, KC_INVALID, "the item's text is too long for a core value's name");
    }
    if (st == KC_OK) {
        fields = json_pack("{s:s}", "name", it.text);
        st = fields != NULL ? kc_resource_create_in(conn, &core_value_resource, p, fields, &value,
                                                    &version, pb)
                            : kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    if (st == KC_OK) {
        value_id = json_string_value(json_object_get(value, "id"));
        st = brainstorm_repo_set_core_value(conn, p->tenant_id, item_id, value_id, out, pb);
    }
    if (st == KC_OK) {
        data = json_pack("{s:s, s:s, s:s, s:O}", "sessionId", id, "itemId", item_id, "coreValueId",
                         value_id, "name", json_object_get(value, "name"));
        st = data != NULL ? kc_outbox_add(conn, SURVEYS_SCHEMA, "brainstorm.value.promoted",
                                          p->tenant_id, value_id, data, pb)
                          : kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    else
        kc_db_rollback(conn);
out:
    json_decref(data);
    json_decref(fields);
    json_decref(value);
    brainstorm_item_clear(&it);
    if (st != KC_OK)
        brainstorm_item_clear(out);
    kc_db_release(pool, conn);
    return st;
}
