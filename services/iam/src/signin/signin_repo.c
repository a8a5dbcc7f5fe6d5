#include "signin/signin_repo.h"

#include <string.h>
#include "koers/pg.h"

/* The tenant and, in the same round trip, its enabled providers: a tenant
 * without one is a row of NULLs; no row at all, no such active tenant. A
 * provider without a discovery URL is found at its issuer's well-known
 * address (OpenID Connect Discovery 1.0, 4: a trailing slash of the
 * issuer is not doubled). */
static const char PROVIDERS_SQL[] =
    "SELECT p.id,\n"
    "       p.name,\n"
    "       p.issuer,\n"
    "       coalesce(p.discovery_url, rtrim(p.issuer, '/') || '/.well-known/openid-configuration'),\n"
    "       p.client_id,\n"
    "       p.scopes,\n"
    "       array_to_json(p.redirect_uris)::text,\n"
    "       array_to_json(p.post_logout_redirect_uris)::text\n"
    "  FROM koers_iam.tenants t\n"
    "  LEFT JOIN koers_iam.identity_providers p ON p.tenant_id = t.id AND p.enabled\n"
    " WHERE t.slug = $1\n"
    "   AND t.deactivated_at IS NULL\n"
    " ORDER BY p.created_at, p.id";

static json_t *provider_json(const PGresult *r, int row)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "id", PQgetvalue(r, row, 0),
                     "name", PQgetvalue(r, row, 1), "issuer", PQgetvalue(r, row, 2), "discoveryUrl",
                     PQgetvalue(r, row, 3), "clientId", PQgetvalue(r, row, 4), "scopes",
                     PQgetvalue(r, row, 5), "redirectUris", kc_pg_json(r, row, 6),
                     "postLogoutRedirectUris", kc_pg_json(r, row, 7));
}

kc_status signin_repo_providers(kc_db_conn *conn, const char *slug, json_t **items, int *found,
                                kc_problem *pb)
{
    const char *params[1] = {slug};
    PGresult *res = NULL;
    int i, n;
    kc_status st;

    *items = NULL;
    *found = 0;
    st = kc_db_exec(conn, "iam_signin_providers", PROVIDERS_SQL, 1, params, &res, pb);
    if (st != KC_OK)
        goto out;
    n = PQntuples(res);
    if (n == 0)
        goto out;
    *found = 1;
    *items = json_array();
    for (i = 0; *items != NULL && i < n; i++) {
        if (PQgetisnull(res, i, 0))
            continue; /* the tenant has no enabled provider */
        if (json_array_append_new(*items, provider_json(res, i)) != 0) {
            json_decref(*items);
            *items = NULL;
        }
    }
    if (*items == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    PQclear(res);
    return st;
}
