#include "cases/case_message_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include "casedesk_repo.h"

static void case_message_from_row(const PGresult *r, int row, void *item)
{
    case_message *m = item;

    m->id = strtoll(PQgetvalue(r, row, 0), NULL, 10);
    kc_pg_copy(r, row, 1, m->kind, sizeof(m->kind));
    m->author = kc_pg_strdup(r, row, 2);
    m->body = kc_pg_strdup(r, row, 3);
    kc_pg_copy(r, row, 4, m->at, sizeof(m->at));
}

kc_status case_message_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                   const char *kind, const char *author, const char *body,
                                   int first_contact, case_message *out, int *made_first_contact,
                                   kc_problem *pb)
{
    static const char sql[] =
        "WITH m AS (INSERT INTO casedesk.case_messages (tenant_id, case_id, kind, author, body) "
        "VALUES ($1::uuid, $2::uuid, $3::text, $4::text, $5::text) RETURNING *), "
        "f AS (UPDATE casedesk.cases c SET first_contact_at = m.at, version = c.version + 1, "
        "updated_at = now() FROM m WHERE $6::boolean AND c.tenant_id = $1::uuid AND "
        "c.id = $2::uuid AND c.first_contact_at IS NULL RETURNING c.id), "
        "t AS (INSERT INTO casedesk.case_timeline (tenant_id, case_id, at, actor, action, public, "
        "detail) SELECT $1::uuid, $2::uuid, m.at, $4::text, $3::text, $3::text = 'message', "
        "CASE WHEN $3::text = 'message' THEN jsonb_build_object('messageId', m.id, 'direction', "
        "CASE WHEN $4::text = 'citizen' THEN 'from_citizen' ELSE 'to_citizen' END) "
        "ELSE jsonb_build_object('messageId', m.id) END FROM m), "
        "t2 AS (INSERT INTO casedesk.case_timeline (tenant_id, case_id, at, actor, action, "
        "public, detail) SELECT $1::uuid, f.id, now(), $4::text, 'first_contact', true, "
        "jsonb_build_object('via', 'message') FROM f) "
        "SELECT m.id, m.kind, m.author, m.body, m.at, EXISTS (SELECT 1 FROM f) FROM m";
    PGresult *res = NULL;
    const char *params[6];
    kc_status st;

    *made_first_contact = 0;
    params[0] = tenant_id;
    params[1] = case_id;
    params[2] = kind;
    params[3] = author;
    params[4] = body;
    params[5] = first_contact ? "true" : "false";
    st = kc_db_exec(conn, "casedesk_case_message_insert", sql, 6, params, &res, pb);
    if (st != KC_OK)
        goto out;
    case_message_from_row(res, 0, out);
    *made_first_contact = kc_pg_bool(res, 0, 5);
out:
    PQclear(res);
    return st;
}

kc_status case_message_repo_list(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 const char *kind, long long after_id, int limit,
                                 case_message **items, size_t *n, int *has_more, kc_problem *pb)
{
    static const char sql[] =
        "SELECT id, kind, author, body, at FROM casedesk.case_messages WHERE tenant_id = $1 "
        "AND case_id = $2 AND kind = $3 AND id > $4 ORDER BY id LIMIT $5";
    void *list = NULL;
    char after[24], lim[16];
    const char *params[5];
    kc_status st;

    snprintf(after, sizeof(after), "%lld", after_id);
    snprintf(lim, sizeof(lim), "%d", limit + 1);
    params[0] = tenant_id;
    params[1] = case_id;
    params[2] = kind;
    params[3] = after;
    params[4] = lim;
    st = kc_pg_rows(conn, "casedesk_case_message_list", sql, 5, params, limit, sizeof(case_message),
                    case_message_from_row, &list, n, has_more, pb);
    *items = list;
    return st;
}
