/* The identity providers of koers_iam for koers-admin (idp_repo.h).
 * PGresult never leaves this file. */
#include "idp_repo.h"

#include <stdlib.h>
#include <string.h>
#include "koers/pg.h"

/* An insert, or on the issuer's conflict an update of the same tenant's
 * row: the required members always, the optional ones when given (NULL
 * keeps them). An issuer of another tenant updates nothing and returns no
 * row. */
static const char SET_SQL[] =
    "INSERT INTO koers_iam.identity_providers AS p\n"
    "       (tenant_id, name, issuer, audience, client_id, discovery_url, scopes, roles_claim,\n"
    "        role_map, name_claim, email_claim, redirect_uris, post_logout_redirect_uris)\n"
    "VALUES ($1, $2, $3, $4, $5, $6,\n"
    "        coalesce($7, 'openid profile email'),\n"
    "        coalesce($8, 'roles'),\n"
    "        coalesce($9::jsonb, '{}'),\n"
    "        $10, $11,\n"
    "        ARRAY(SELECT json_array_elements_text($12::json)),\n"
    "        ARRAY(SELECT json_array_elements_text($13::json)))\n"
    "ON CONFLICT (issuer) DO UPDATE\n"
    "   SET name = EXCLUDED.name,\n"
    "       audience = EXCLUDED.audience,\n"
    "       client_id = EXCLUDED.client_id,\n"
    "       discovery_url = coalesce($6, p.discovery_url),\n"
    "       scopes = coalesce($7, p.scopes),\n"
    "       roles_claim = coalesce($8, p.roles_claim),\n"
    "       role_map = coalesce($9::jsonb, p.role_map),\n"
    "       name_claim = coalesce($10, p.name_claim),\n"
    "       email_claim = coalesce($11, p.email_claim),\n"
    "       redirect_uris = CASE WHEN $12::json IS NULL THEN p.redirect_uris\n"
    "                            ELSE EXCLUDED.redirect_uris END,\n"
    "       post_logout_redirect_uris = CASE WHEN $13::json IS NULL THEN p.post_logout_redirect_uris\n"
    "                                        ELSE EXCLUDED.post_logout_redirect_uris END,\n"
    "       version = p.version + 1,\n"
    "       updated_at = now()\n"
    " WHERE p.tenant_id = EXCLUDED.tenant_id\n"
    "RETURNING p.id, (p.xmax = 0)";

static const char LIST_SQL[] =
    "SELECT json_build_object('id', p.id, 'name', p.name, 'issuer', p.issuer,\n"
    "                         'discoveryUrl', p.discovery_url, 'audience', p.audience,\n"
    "                         'clientId', p.client_id, 'scopes', p.scopes,\n"
    "                         'rolesClaim', p.roles_claim, 'roleMap', p.role_map,\n"
    "                         'nameClaim', p.name_claim, 'emailClaim', p.email_claim,\n"
    "                         'redirectUris', p.redirect_uris,\n"
    "                         'postLogoutRedirectUris', p.post_logout_redirect_uris,\n"
    "                         'enabled', p.enabled, 'createdAt', p.created_at,\n"
    "                         'updatedAt', p.updated_at)::text\n"
    "  FROM koers_iam.identity_providers p\n"
    " WHERE p.tenant_id = $1\n"
    " ORDER BY p.created_at, p.id";

static const char DELETE_SQL[] = "DELETE FROM koers_iam.identity_providers\n"
                                 " WHERE id = $1\n"
                                 "RETURNING issuer";

/* A member of body as its parameter text: a string as it is, an array or
 * object as JSON (added to owned, freed by the caller), absent or null as
 * NULL. */
static const char *member(const json_t *body, const char *name, char **owned)
{
    const json_t *v = json_object_get(body, name);

    *owned = NULL;
    if (v == NULL || json_is_null(v))
        return NULL;
    if (json_is_string(v))
        return json_string_value(v);
    *owned = json_dumps(v, JSON_COMPACT);
    return *owned;
}

kc_status kc_idp_repo_set(struct kc_db_conn *conn, const char *tenant_id, const json_t *body,
                          char id[37], int *created, kc_problem *pb)
{
    static const char *const names[] = {"name",       "issuer",       "audience",
                                        "clientId",   "discoveryUrl", "scopes",
                                        "rolesClaim", "roleMap",      "nameClaim",
                                        "emailClaim", "redirectUris", "postLogoutRedirectUris"};
    const char *params[13];
    char *owned[13] = {0};
    PGresult *res = NULL;
    size_t i;
    kc_status st;

    id[0] = '\0';
    *created = 0;
    params[0] = tenant_id;
    for (i = 0; i < KC_NELEMS(names); i++)
        params[i + 1] = member(body, names[i], &owned[i]);
    st = kc_db_exec(conn, "kc_idp_set", SET_SQL, 13, params, &res, pb);
    if (st == KC_INVALID)
        st = kc_problem_set(pb, KC_INVALID, "no tenant %s", tenant_id);
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) != 1) {
        st = kc_problem_set(pb, KC_CONFLICT,
                            "issuer %s is registered to another tenant; an issuer belongs to one",
                            params[2]);
        goto out;
    }
    kc_pg_copy(res, 0, 0, id, 37);
    *created = kc_pg_bool(res, 0, 1);
out:
    for (i = 0; i < KC_NELEMS(owned); i++)
        free(owned[i]);
    PQclear(res);
    return st;
}

kc_status kc_idp_repo_list(struct kc_db_conn *conn, const char *tenant_id, json_t **items,
                           kc_problem *pb)
{
    const char *params[1] = {tenant_id};
    PGresult *res = NULL;
    json_t *row;
    int i;
    kc_status st;

    *items = NULL;
    st = kc_db_exec(conn, "kc_idp_list", LIST_SQL, 1, params, &res, pb);
    if (st != KC_OK)
        goto out;
    *items = json_array();
    for (i = 0; *items != NULL && i < PQntuples(res); i++) {
        row = kc_pg_json(res, i, 0);
        if (row == NULL || json_array_append_new(*items, row) != 0) {
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

kc_status kc_idp_repo_delete(struct kc_db_conn *conn, const char *id, char *issuer,
                             size_t issuer_len, kc_problem *pb)
{
    const char *params[1] = {id};
    PGresult *res = NULL;
    kc_status st;

    issuer[0] = '\0';
    st = kc_db_exec(conn, "kc_idp_delete", DELETE_SQL, 1, params, &res, pb);
    if (st == KC_OK && PQntuples(res) != 1)
        st = kc_problem_set(pb, KC_NOT_FOUND, "identity provider %s not found", id);
    if (st == KC_OK)
        kc_pg_copy(res, 0, 0, issuer, issuer_len);
    PQclear(res);
    return st;
}
