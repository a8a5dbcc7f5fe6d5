#include "brainstorm/brainstorm_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/pg.h"

#define SESSION_COLS                                                                               \
    "id, title, held_on::text, group_name, facilitator, created_at,"                               \
    " created_at::text AS cursor_key"
#define SESSION_KEY_COL 6
#define ITEM_COLS       "id, kind, text, to_json(tags)::text, votes, core_value_id, created_at"

static void session_from_row(const PGresult *r, int row, void *item)
{
    brainstorm_session *s = item;

    memset(s, 0, sizeof(*s));
    kc_pg_copy(r, row, 0, s->id, sizeof(s->id));
    kc_pg_copy(r, row, 1, s->title, sizeof(s->title));
    kc_pg_copy(r, row, 2, s->held_on, sizeof(s->held_on));
    kc_pg_copy(r, row, 3, s->group_name, sizeof(s->group_name));
    kc_pg_copy(r, row, 4, s->facilitator, sizeof(s->facilitator));
    kc_pg_copy(r, row, 5, s->created_at, sizeof(s->created_at));
}

static void item_from_row(const PGresult *r, int row, void *item)
{
    brainstorm_item *it = item;

    memset(it, 0, sizeof(*it));
    kc_pg_copy(r, row, 0, it->id, sizeof(it->id));
    kc_pg_copy(r, row, 1, it->kind, sizeof(it->kind));
    kc_pg_copy(r, row, 2, it->text, sizeof(it->text));
    it->tags = kc_pg_json(r, row, 3);
    it->votes = kc_pg_int(r, row, 4);
    kc_pg_copy(r, row, 5, it->core_value_id, sizeof(it->core_value_id));
    kc_pg_copy(r, row, 6, it->created_at, sizeof(it->created_at));
}

/* Runs a statement returning one item row; none is KC_NOT_FOUND. */
static kc_status item_one(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                          const char *const *params, const char *what, brainstorm_item *out,
                          kc_problem *pb)
{
    return kc_pg_one(conn, stmt, sql, nparams, params, item_from_row, out, pb, "%s not found",
                     what);
}

kc_status brainstorm_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *title,
                                 const char *held_on, const char *group_name,
                                 const char *facilitator, brainstorm_session *out, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO surveys.brainstorm_sessions (id, tenant_id, title, held_on, group_name, "
        "facilitator) VALUES (gen_random_uuid(), $1, $2, $3::date, $4, $5) RETURNING " SESSION_COLS;
    const char *params[5] = {tenant_id, title, held_on, group_name, facilitator};
    PGresult *res = NULL;
    kc_status st;

    st = kc_db_exec(conn, "surveys_bs_insert", sql, 5, params, &res, pb);
    if (st == KC_OK)
        session_from_row(res, 0, out);
    PQclear(res);
    return st;
}

kc_status brainstorm_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id,
                              brainstorm_session *out, kc_problem *pb)
{
    static const char sql[] = "SELECT " SESSION_COLS " FROM surveys.brainstorm_sessions "
                              "WHERE tenant_id = $1 AND id = $2";
    static const char sql_items[] = "SELECT " ITEM_COLS " FROM surveys.brainstorm_items "
                                    "WHERE tenant_id = $1 AND session_id = $2 "
                                    "ORDER BY votes DESC, created_at, id";
    const char *params[2] = {tenant_id, id};
    void *items = NULL;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = kc_pg_one(conn, "surveys_bs_get", sql, 2, params, session_from_row, out, pb,
                   "brainstorm session %s not found", id);
    if (st == KC_OK)
        st = kc_pg_rows(conn, "surveys_bs_items", sql_items, 2, params, -1, sizeof(brainstorm_item),
                        item_from_row, &items, &out->nitems, NULL, pb);
    out->items = items;
    return st;
}

kc_status brainstorm_repo_list(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                               brainstorm_session **items, size_t *n, kc_keyset_next *next,
                               kc_problem *pb)
{
    static const char sql[] =
        "SELECT " SESSION_COLS " FROM surveys.brainstorm_sessions WHERE tenant_id = $1 "
        "AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid)) "
        "ORDER BY created_at, id LIMIT $4";
    void *list = NULL;
    char limit[16];
    const char *params[4];
    kc_status st;

    kc_pg_page_limit(page, limit, sizeof(limit));
    params[0] = tenant_id;
    params[1] = page->after_key;
    params[2] = page->after_id;
    params[3] = limit;
    st = kc_pg_list(conn, "surveys_bs_list", sql, 4, params, page, SESSION_KEY_COL,
                    sizeof(brainstorm_session), session_from_row, &list, n, next, pb);
    *items = list;
    return st;
}

kc_status brainstorm_repo_add_item(kc_db_conn *conn, const char *tenant_id, const char *session_id,
                                   const char *kind, const char *text, const char *tags_json,
                                   brainstorm_item *out, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO surveys.brainstorm_items (id, tenant_id, session_id, kind, text, tags) "
        "SELECT gen_random_uuid(), $1, s.id, $3, $4, "
        "ARRAY(SELECT jsonb_array_elements_text($5::jsonb)) FROM surveys.brainstorm_sessions s "
        "WHERE s.tenant_id = $1 AND s.id = $2 RETURNING " ITEM_COLS;
    const char *params[5] = {tenant_id, session_id, kind, text, tags_json};

    return item_one(conn, "surveys_bi_insert", sql, 5, params, "brainstorm session", out, pb);
}

kc_status brainstorm_repo_vote(kc_db_conn *conn, const char *tenant_id, const char *session_id,
                               const char *item_id, brainstorm_item *out, kc_problem *pb)
{
    static const char sql[] = "UPDATE surveys.brainstorm_items SET votes = votes + 1 "
                              "WHERE tenant_id = $1 AND session_id = $2 AND id = $3 "
                              "RETURNING " ITEM_COLS;
    const char *params[3] = {tenant_id, session_id, item_id};

    return item_one(conn, "surveys_bi_vote", sql, 3, params, "brainstorm item", out, pb);
}

kc_status brainstorm_repo_lock_item(kc_db_conn *conn, const char *tenant_id, const char *session_id,
                                    const char *item_id, brainstorm_item *out, kc_problem *pb)
{
    static const char sql[] = "SELECT " ITEM_COLS " FROM surveys.brainstorm_items "
                              "WHERE tenant_id = $1 AND session_id = $2 AND id = $3 FOR UPDATE";
    const char *params[3] = {tenant_id, session_id, item_id};

    return item_one(conn, "surveys_bi_lock", sql, 3, params, "brainstorm item", out, pb);
}

kc_status brainstorm_repo_set_core_value(kc_db_conn *conn, const char *tenant_id,
                                         const char *item_id, const char *core_value_id,
                                         brainstorm_item *out, kc_problem *pb)
{
    static const char sql[] = "UPDATE surveys.brainstorm_items SET core_value_id = $3 "
                              "WHERE tenant_id = $1 AND id = $2 RETURNING " ITEM_COLS;
    const char *params[3] = {tenant_id, item_id, core_value_id};

    return item_one(conn, "surveys_bi_promote", sql, 3, params, "brainstorm item", out, pb);
}
