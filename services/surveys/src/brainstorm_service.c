#include "brainstorm_service.h"

#include <stdlib.h>
#include <string.h>
#include "koers/outbox.h"
#include "koers/validate.h"
#include "brainstorm_repo.h"
#include "core_value_repo.h"

static const char *const item_kinds[] = {"idea", "value", NULL};

static const kc_field session_fields[] = {
    {.name = "title", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
    {.name = "heldOn", .type = KC_T_STRING, .required = 1, .format = KC_FMT_DATE},
    {.name = "groupName", .type = KC_T_STRING, .max_len = 200},
    {.name = "facilitator", .type = KC_T_STRING, .max_len = 200},
};
static const kc_field item_fields[] = {
    {.name = "kind", .type = KC_T_STRING, .required = 1, .enum_values = item_kinds},
    {.name = "text", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 500},
    {.name = "tags",
     .type = KC_T_ARRAY,
     .max_len = 20,
     .item_type = KC_T_STRING,
     .item_max_len = 40},
};

/* Authorizes, checks the ids (NULL = none) and body (NULL = none), and
 * takes a connection (the caller releases it whatever happens). */
static kc_status brainstorm_open(kc_db_pool *pool, const kc_principal *p, int manage,
                                 const char *id, const char *item_id, const json_t *body,
                                 const kc_field *fields, size_t nfields, kc_db_conn **conn,
                                 kc_problem *pb)
{
    kc_status st;

    *conn = NULL;
    st = kc_authorize(p, manage ? SURVEYS_ROLES_MANAGE : SURVEYS_ROLES_READ, NULL, pb);
    if (st == KC_OK && id != NULL)
        st = kc_check_id("id", id, pb);
    if (st == KC_OK && item_id != NULL)
        st = kc_check_id("itemId", item_id, pb);
    if (st == KC_OK && body != NULL)
        st = kc_validate_json(body, fields, nfields, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, conn, pb);
    return st;
}

static const char *str_or(const json_t *body, const char *key, const char *def)
{
    const char *v = json_string_value(json_object_get(body, key));
    return v != NULL ? v : def;
}

kc_status brainstorm_service_create(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                    brainstorm_session *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = brainstorm_open(pool, p, 1, NULL, NULL, body, session_fields, KC_NELEMS(session_fields),
                         &conn, pb);
    if (st == KC_OK)
        st = brainstorm_repo_insert(conn, p->tenant_id, str_or(body, "title", ""),
                                    str_or(body, "heldOn", ""), str_or(body, "groupName", ""),
                                    str_or(body, "facilitator", ""), out, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status brainstorm_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 brainstorm_session *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = brainstorm_open(pool, p, 0, id, NULL, NULL, NULL, 0, &conn, pb);
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
    st = brainstorm_open(pool, p, 0, NULL, NULL, NULL, NULL, 0, &conn, pb);
    if (st == KC_OK)
        st = brainstorm_repo_list(conn, p->tenant_id, page, items, n, next, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status brainstorm_service_add_item(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      const json_t *body, brainstorm_item *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    const json_t *tags;
    char *tags_json = NULL;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st =
        brainstorm_open(pool, p, 1, id, NULL, body, item_fields, KC_NELEMS(item_fields), &conn, pb);
    if (st != KC_OK)
        goto out;
    tags = json_object_get(body, "tags");
    tags_json = tags != NULL ? json_dumps(tags, JSON_COMPACT) : strdup("[]");
    if (tags_json == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = brainstorm_repo_add_item(conn, p->tenant_id, id, str_or(body, "kind", ""),
                                  str_or(body, "text", ""), tags_json, out, pb);
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
    st = brainstorm_open(pool, p, 1, id, item_id, NULL, NULL, 0, &conn, pb);
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
    core_value v;
    json_t *data = NULL;
    size_t len;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = brainstorm_open(pool, p, 1, id, item_id, NULL, NULL, 0, &conn, pb);
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
    if (st == KC_OK)
        st = core_value_repo_insert(conn, p->tenant_id, it.text, "", &v, pb);
    if (st == KC_OK)
        st = brainstorm_repo_set_core_value(conn, p->tenant_id, item_id, v.id, out, pb);
    if (st == KC_OK) {
        data = json_pack("{s:s, s:s, s:s, s:s}", "sessionId", id, "itemId", item_id, "coreValueId",
                         v.id, "name", v.name);
        st = data != NULL ? kc_outbox_add(conn, SURVEYS_SCHEMA, "brainstorm.value.promoted",
                                          p->tenant_id, v.id, data, pb)
                          : kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    else
        kc_db_rollback(conn);
out:
    json_decref(data);
    brainstorm_item_clear(&it);
    if (st != KC_OK)
        brainstorm_item_clear(out);
    kc_db_release(pool, conn);
    return st;
}
