#include "open311/open311_repo.h"

#include <stdlib.h>
#include "casedesk_repo.h"

#define OPEN311_TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

kc_status open311_repo_services(kc_db_conn *conn, const char *tenant_id, json_t **out,
                                kc_problem *pb)
{
    static const char sql[] =
        "SELECT coalesce(json_agg(json_build_object('service_code', k.id, 'service_name', k.name,"
        "                                           'description', k.name, 'metadata', false,"
        "                                           'type', 'realtime', 'keywords', '',"
        "                                           'group', '')"
        "                         ORDER BY k.name, k.id), '[]'::json)::text"
        "  FROM casedesk.categories k"
        " WHERE k.tenant_id = $1";
    const char *params[1] = {tenant_id};
    PGresult *res = NULL;
    kc_status st;

    *out = NULL;
    st = kc_db_exec(conn, "casedesk_open311_services", sql, 1, params, &res, pb);
    if (st != KC_OK)
        goto out;
    *out = kc_pg_json(res, 0, 0);
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "open311: unreadable services");
out:
    PQclear(res);
    return st;
}

kc_status open311_repo_service_exists(kc_db_conn *conn, const char *tenant_id, const char *code,
                                      kc_problem *pb)
{
    static const char sql[] =
        "SELECT 1 FROM casedesk.categories WHERE tenant_id = $1 AND id = $2::uuid";
    const char *params[2] = {tenant_id, code};

    return kc_pg_one(conn, "casedesk_open311_service", sql, 2, params, NULL, NULL, pb,
                     "service %s not found", code);
}

kc_status open311_repo_requests(kc_db_conn *conn, const char *tenant_id, const open311_filter *f,
                                json_t **out, kc_problem *pb)
{
    /* clang-format off */
    static const char sql[] =
        "SELECT coalesce(json_agg(json_build_object("
        "    'service_request_id', c.reference,"
        "    'status', CASE WHEN c.status IN ('resolved', 'closed') THEN 'closed' ELSE 'open' END,"
        "    'status_notes', CASE WHEN c.status IN ('resolved', 'closed')"
        "                         THEN c.outcome_explanation END,"
        "    'service_name', k.name, 'service_code', k.id, 'description', c.description,"
        "    'agency_responsible', NULL, 'service_notice', NULL,"
        "    'requested_datetime', " OPEN311_TS("c.created_at") ","
        "    'updated_datetime', " OPEN311_TS("c.updated_at") ","
        "    'expected_datetime', " OPEN311_TS("c.resolution_due") ","
        "    'address', c.location->>'address', 'address_id', NULL, 'zipcode', NULL,"
        "    'lat', c.location->'latitude', 'long', c.location->'longitude', 'media_url', NULL)"
        "    ORDER BY c.created_at DESC, c.id DESC), '[]'::json)::text"
        "  FROM (SELECT *"
        "          FROM casedesk.cases c"
        "         WHERE c.tenant_id = $1"
        "           AND ($2::json IS NULL"
        "                OR c.reference IN (SELECT json_array_elements_text($2::json)))"
        "           AND ($3::uuid IS NULL OR c.category_id = $3::uuid)"
        "           AND ($4::text IS NULL"
        "                OR ($4::text = 'open') = (c.status NOT IN ('resolved', 'closed')))"
        "           AND ($5::timestamptz IS NULL OR c.created_at >= $5::timestamptz)"
        "           AND ($6::timestamptz IS NULL OR c.created_at <= $6::timestamptz)"
        "           AND ($2::json IS NOT NULL OR $5::timestamptz IS NOT NULL"
        "                OR c.created_at >= coalesce($6::timestamptz, now()) - interval '90 days')"
        "         ORDER BY c.created_at DESC, c.id DESC"
        "         LIMIT 1000) c"
        "  JOIN casedesk.categories k ON k.tenant_id = c.tenant_id AND k.id = c.category_id";
    /* clang-format on */
    kc_params p;
    PGresult *res = NULL;
    kc_status st;

    *out = NULL;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_json(&p, f->references);
    kc_params_text(&p, f->service_code);
    kc_params_text(&p, f->status);
    kc_params_text(&p, f->start);
    kc_params_text(&p, f->end);
    st = kc_params_check(&p, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_exec(conn, "casedesk_open311_requests", sql, kc_params_count(&p),
                    kc_params_values(&p), &res, pb);
    if (st != KC_OK)
        goto out;
    *out = kc_pg_json(res, 0, 0);
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "open311: unreadable requests");
out:
    kc_params_free(&p);
    PQclear(res);
    return st;
}
