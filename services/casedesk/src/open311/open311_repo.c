#include "open311/open311_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include "casedesk_repo.h"

#define OPEN311_TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* A row's tenant and public-reads flag. */
typedef struct open311_tenant_row {
    char *tenant_id; /* 37 bytes */
    int *public_reads;
} open311_tenant_row;

static void open311_tenant_from_row(const PGresult *r, int row, void *out)
{
    open311_tenant_row *t = out;

    kc_pg_copy(r, row, 0, t->tenant_id, 37);
    *t->public_reads = kc_pg_bool(r, row, 1);
}

kc_status open311_repo_jurisdiction(kc_db_conn *conn, const char *jurisdiction, char tenant_id[37],
                                    int *public_reads, kc_problem *pb)
{
    static const char sql[] = "SELECT tenant_id, open311_public_reads\n"
                              "  FROM casedesk.settings\n"
                              " WHERE open311_jurisdiction_id = $1";
    const char *params[1] = {jurisdiction};
    open311_tenant_row t = {tenant_id, public_reads};

    tenant_id[0] = '\0';
    *public_reads = 0;
    return kc_pg_one(conn, "casedesk_open311_jurisdiction", sql, 1, params, open311_tenant_from_row,
                     &t, pb, "jurisdiction_id %s not found", jurisdiction);
}

kc_status open311_repo_services(kc_db_conn *conn, const char *tenant_id, json_t **out,
                                kc_problem *pb)
{
    /* clang-format off */
    static const char sql[] =
        "SELECT coalesce(json_agg(json_build_object(\n"
        "    'service_code', k.id, 'service_name', k.name, 'description', k.name,\n"
        "    'metadata', jsonb_array_length(k.open311_attributes) > 0,\n"
        "    'type', 'realtime', 'keywords', '', 'group', '')\n"
        "    ORDER BY k.name, k.id), '[]'::json)::text\n"
        "  FROM casedesk.categories k\n"
        " WHERE k.tenant_id = $1";
    /* clang-format on */
    const char *params[1] = {tenant_id};

    *out = NULL;
    return kc_pg_one_doc(conn, "casedesk_open311_services", sql, 1, params, 0, out, pb,
                         "no services");
}

kc_status open311_repo_attributes(kc_db_conn *conn, const char *tenant_id, const char *code,
                                  json_t **out, kc_problem *pb)
{
    static const char sql[] = "SELECT open311_attributes::text\n"
                              "  FROM casedesk.categories\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2::uuid";
    const char *params[2] = {tenant_id, code};

    *out = NULL;
    return kc_pg_one_doc(conn, "casedesk_open311_attributes", sql, 2, params, 0, out, pb,
                         "service_code %s not found", code);
}

kc_status open311_repo_attributes_put(kc_db_conn *conn, const char *tenant_id, const char *code,
                                      const json_t *attributes, json_t **out, kc_problem *pb)
{
    static const char sql[] =
        "UPDATE casedesk.categories\n"
        "   SET open311_attributes = $3::jsonb, version = version + 1, updated_at = now()\n"
        " WHERE tenant_id = $1\n"
        "   AND id = $2::uuid\n"
        " RETURNING open311_attributes::text";
    kc_params p;
    kc_status st;

    *out = NULL;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, code);
    kc_params_json(&p, attributes);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one_doc(conn, "casedesk_open311_attributes_put", sql, kc_params_count(&p),
                           kc_params_values(&p), 0, out, pb, "category %s not found", code);
    kc_params_free(&p);
    return st;
}

kc_status open311_repo_requests(kc_db_conn *conn, const char *tenant_id, const open311_filter *f,
                                json_t **out, kc_problem *pb)
{
    /* The standard's members, nothing of the citizen: the description and
     * the address the request was made with, the explanation written for
     * the citizen as status_notes once it is closed. */
    /* clang-format off */
    static const char sql[] =
        "SELECT coalesce(json_agg(json_build_object(\n"
        "    'service_request_id', c.reference,\n"
        "    'status', CASE WHEN c.status IN ('resolved', 'closed') THEN 'closed' ELSE 'open' END,\n"
        "    'status_notes', CASE WHEN c.status IN ('resolved', 'closed')\n"
        "                         THEN c.outcome_explanation END,\n"
        "    'service_name', k.name, 'service_code', k.id, 'description', c.description,\n"
        "    'agency_responsible', NULL, 'service_notice', NULL,\n"
        "    'requested_datetime', " OPEN311_TS("c.created_at") ",\n"
        "    'updated_datetime', " OPEN311_TS("c.updated_at") ",\n"
        "    'expected_datetime', " OPEN311_TS("c.resolution_due") ",\n"
        "    'address', c.location->>'address', 'address_id', NULL, 'zipcode', NULL,\n"
        "    'lat', c.location->'latitude', 'long', c.location->'longitude', 'media_url', NULL)\n"
        "    ORDER BY c.created_at DESC, c.id DESC), '[]'::json)::text\n"
        "  FROM (SELECT *\n"
        "          FROM casedesk.cases c\n"
        "         WHERE c.tenant_id = $1\n"
        "           AND ($2::json IS NULL\n"
        "                OR c.reference IN (SELECT json_array_elements_text($2::json)))\n"
        "           AND ($2::json IS NOT NULL\n"
        "                OR (($3::json IS NULL\n"
        "                     OR c.category_id::text IN (SELECT json_array_elements_text($3::json)))\n"
        "                    AND ($4::boolean OR c.status IN ('resolved', 'closed'))\n"
        "                    AND ($5::boolean OR c.status NOT IN ('resolved', 'closed'))\n"
        "                    AND c.created_at >= to_timestamp($6::bigint)\n"
        "                    AND c.created_at <= to_timestamp($7::bigint)))\n"
        "         ORDER BY c.created_at DESC, c.id DESC\n"
        "         LIMIT 1000) c\n"
        "  JOIN casedesk.categories k ON k.tenant_id = c.tenant_id AND k.id = c.category_id";
    /* clang-format on */
    kc_params p;
    kc_status st;

    *out = NULL;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_json(&p, f->references);
    kc_params_json(&p, f->service_codes);
    kc_params_bool(&p, f->open);
    kc_params_bool(&p, f->closed);
    kc_params_int(&p, f->from);
    kc_params_int(&p, f->to);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one_doc(conn, "casedesk_open311_requests", sql, kc_params_count(&p),
                           kc_params_values(&p), 0, out, pb, "no requests");
    kc_params_free(&p);
    return st;
}

static void open311_reference_from_row(const PGresult *r, int row, void *out)
{
    kc_pg_copy(r, row, 0, out, 32);
}

kc_status open311_repo_token(kc_db_conn *conn, const char *tenant_id, const char *token_hash_hex,
                             char reference[32], kc_problem *pb)
{
    static const char sql[] = "SELECT reference\n"
                              "  FROM casedesk.cases\n"
                              " WHERE tenant_id = $1\n"
                              "   AND tracking_hash = decode($2, 'hex')\n"
                              "   AND anonymised_at IS NULL";
    const char *params[2] = {tenant_id, token_hash_hex};

    reference[0] = '\0';
    return kc_pg_one(conn, "casedesk_open311_token", sql, 2, params, open311_reference_from_row,
                     reference, pb, "token not found");
}
