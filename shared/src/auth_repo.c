/* The IAM repository (koers_iam): API key and tenant lookups for the
 * authenticator; tenants and API keys for koers-admin. PGresult never
 * leaves this file. */
#include <stdlib.h>
#include <string.h>

#include "koers/log.h"
#include "koers/pg.h"
#include "auth_repo.h"

/* The key and, in the same round trip, whether its tenant is deactivated. */
static const char LOOKUP_SQL[] =
    "SELECT k.id, k.tenant_id, array_to_string(k.scopes, ' '), t.deactivated_at IS NOT NULL\n"
    "FROM koers_iam.api_keys k\n"
    "JOIN koers_iam.tenants t ON t.id = k.tenant_id\n"
    "WHERE k.key_hash = $1\n"
    "AND k.revoked_at IS NULL";

static const char TENANT_SQL[] = "SELECT deactivated_at IS NOT NULL\n"
                                 "FROM koers_iam.tenants\n"
                                 "WHERE id = $1";

/* The provider of an issuer: only an enabled one counts. */
static const char PROVIDER_SQL[] =
    "SELECT id, tenant_id, issuer, coalesce(discovery_url, ''), audience, roles_claim,\n"
    "role_map::text, coalesce(name_claim, ''), coalesce(email_claim, '')\n"
    "FROM koers_iam.identity_providers\n"
    "WHERE issuer = $1\n"
    "AND enabled";

/* Copies at most cap-1 bytes of a space-separated list, dropping a token
 * that would be cut in half: a truncated scope must never turn into a
 * different (shorter) scope. */
static void copy_token_list(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n < cap) {
        memcpy(dst, src, n + 1);
        return;
    }
    n = cap - 1;
    while (n > 0 && src[n] != ' ')
        n--;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* A lookup of the authenticator that failed with st: logged (what: "api
 * key", "tenant"), and for the client the authentication is unavailable,
 * whatever the cause. */
static kc_status lookup_failed(kc_status st, const char *what, kc_problem *pb)
{
    kc_log(KC_LOG_ERROR, NULL, "%s lookup failed: %s (%s)", what, kc_status_title(st),
           pb ? pb->detail : "");
    return kc_problem_set(pb, KC_UNAVAILABLE, "authentication is temporarily unavailable");
}

/* Runs the lookup sql (prepared as stmt) with its one parameter on a
 * connection of pool, given back before it returns: *res the result (the
 * caller PQclear()s it), NULL on failure, which is lookup_failed's. */
static kc_status lookup(struct kc_db_pool *pool, const char *stmt, const char *sql,
                        const char *param, const char *what, PGresult **res, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    const char *params[1] = {param};
    kc_status st;

    *res = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_exec(conn, stmt, sql, 1, params, res, pb);
    kc_db_release(pool, conn);
    return st == KC_OK ? KC_OK : lookup_failed(st, what, pb);
}

kc_status kc_auth_lookup_key(struct kc_db_pool *pool, const char *key_hash, kc_api_key_record *rec,
                             int *found, kc_problem *pb)
{
    PGresult *res = NULL;
    const char *id = NULL;
    const char *tenant = NULL;
    kc_status st;

    *found = 0;
    memset(rec, 0, sizeof(*rec));

    st = lookup(pool, "kc_auth_api_key", LOOKUP_SQL, key_hash, "api key", &res, pb);
    if (st != KC_OK || PQntuples(res) < 1)
        goto out;
    id = PQgetvalue(res, 0, 0);
    tenant = PQgetvalue(res, 0, 1);
    if (strlen(id) != 36 || strlen(tenant) != 36) {
        st = lookup_failed(kc_problem_set(pb, KC_INTERNAL, "api key row with malformed ids"),
                           "api key", pb);
        goto out;
    }
    memcpy(rec->key_id, id, 37);
    memcpy(rec->tenant_id, tenant, 37);
    if (!PQgetisnull(res, 0, 2))
        copy_token_list(rec->scopes, sizeof(rec->scopes), PQgetvalue(res, 0, 2));
    rec->tenant_deactivated = kc_pg_bool(res, 0, 3);
    *found = 1;

out:
    PQclear(res);
    return st;
}

kc_status kc_auth_lookup_tenant(struct kc_db_pool *pool, const char *tenant_id, int *deactivated,
                                kc_problem *pb)
{
    PGresult *res = NULL;
    kc_status st;

    *deactivated = 0;
    st = lookup(pool, "kc_auth_tenant", TENANT_SQL, tenant_id, "tenant", &res, pb);
    if (st == KC_OK && PQntuples(res) > 0)
        *deactivated = kc_pg_bool(res, 0, 0);
    PQclear(res);
    return st;
}

kc_status kc_auth_tenant_insert(kc_db_conn *conn, const char *id, const char *name,
                                const char *slug, kc_problem *pb)
{
    static const char sql[] = "INSERT INTO koers_iam.tenants (id, name, slug) "
                              "VALUES ($1, $2, $3) RETURNING id";
    const char *params[3] = {id, name, slug};
    kc_status st;

    st = kc_pg_one(conn, NULL, sql, 3, params, NULL, NULL, pb, "tenant %s was not added", id);
    if (st == KC_CONFLICT) {
        kc_problem_clear(pb);
        st = kc_problem_set(pb, KC_CONFLICT, "a tenant with slug \"%s\" already exists", slug);
    }
    return st;
}

kc_status kc_auth_tenant_exists(kc_db_conn *conn, const char *id, kc_problem *pb)
{
    static const char sql[] = "SELECT 1 FROM koers_iam.tenants WHERE id = $1";
    const char *params[1] = {id};

    return kc_pg_one(conn, NULL, sql, 1, params, NULL, NULL, pb, "no tenant with id %s", id);
}

kc_status kc_auth_api_key_insert(kc_db_conn *conn, const char *id, const char *tenant_id,
                                 const char *name, const char *key_hash, const char *scopes,
                                 kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO koers_iam.api_keys (id, tenant_id, name, key_hash, scopes) "
        "VALUES ($1, $2, $3, $4, string_to_array($5, ' ')) RETURNING id";
    const char *params[5] = {id, tenant_id, name, key_hash, scopes};

    return kc_pg_one(conn, NULL, sql, 5, params, NULL, NULL, pb, "API key %s was not added", id);
}

kc_status kc_auth_api_key_revoke(kc_db_conn *conn, const char *id, kc_problem *pb)
{
    static const char sql[] = "UPDATE koers_iam.api_keys SET revoked_at = now() "
                              "WHERE id = $1 AND revoked_at IS NULL RETURNING id";
    const char *params[1] = {id};

    return kc_pg_one(conn, NULL, sql, 1, params, NULL, NULL, pb, "no active API key with id %s",
                     id);
}

kc_status kc_auth_tenant_set_deactivated(kc_db_conn *conn, const char *id, int deactivated,
                                         kc_problem *pb)
{
    /* coalesce: deactivating again keeps the first moment */
    static const char deactivate_sql[] = "UPDATE koers_iam.tenants\n"
                                         "SET deactivated_at = coalesce(deactivated_at, now())\n"
                                         "WHERE id = $1\n"
                                         "RETURNING id";
    static const char activate_sql[] = "UPDATE koers_iam.tenants\n"
                                       "SET deactivated_at = NULL\n"
                                       "WHERE id = $1\n"
                                       "RETURNING id";
    const char *params[1] = {id};

    return kc_pg_one(conn, NULL, deactivated ? deactivate_sql : activate_sql, 1, params, NULL, NULL,
                     pb, "no tenant with id %s", id);
}

static void api_key_info_from_row(const PGresult *r, int row, void *out)
{
    kc_api_key_info *k = out;

    kc_pg_copy(r, row, 0, k->id, sizeof(k->id));
    kc_pg_copy(r, row, 1, k->name, sizeof(k->name));
    kc_pg_copy(r, row, 2, k->scopes, sizeof(k->scopes));
    kc_pg_copy(r, row, 3, k->created_at, sizeof(k->created_at));
    kc_pg_copy(r, row, 4, k->revoked_at, sizeof(k->revoked_at));
}

kc_status kc_auth_api_key_list(kc_db_conn *conn, const char *tenant_id, kc_api_key_info **keys,
                               size_t *n, kc_problem *pb)
{
    static const char sql[] =
        "SELECT id, name, array_to_string(scopes, ' '), created_at, revoked_at\n"
        "FROM koers_iam.api_keys\n"
        "WHERE tenant_id = $1\n"
        "ORDER BY created_at, id";
    const char *params[1] = {tenant_id};
    void *items = NULL;
    kc_status st;

    *keys = NULL;
    st = kc_pg_rows(conn, NULL, sql, 1, params, -1, sizeof(kc_api_key_info), api_key_info_from_row,
                    &items, n, NULL, pb);
    if (st == KC_OK)
        *keys = items;
    return st;
}

void kc_identity_provider_record_clear(kc_identity_provider_record *rec)
{
    if (!rec)
        return;
    free(rec->role_map);
    memset(rec, 0, sizeof(*rec));
}

/* Copies column col of row 0 into dst (cap bytes); 0, or -1 when it does
 * not fit. */
static int copy_fit(const PGresult *res, int col, char *dst, size_t cap)
{
    const char *v = PQgetvalue(res, 0, col);
    size_t n = strlen(v);

    if (n >= cap)
        return -1;
    memcpy(dst, v, n + 1);
    return 0;
}

kc_status kc_auth_lookup_provider(struct kc_db_pool *pool, const char *issuer,
                                  kc_identity_provider_record *rec, int *found, kc_problem *pb)
{
    PGresult *res = NULL;
    kc_status st;

    *found = 0;
    memset(rec, 0, sizeof(*rec));
    st = lookup(pool, "kc_auth_provider", PROVIDER_SQL, issuer, "identity provider", &res, pb);
    if (st != KC_OK || PQntuples(res) < 1)
        goto out;
    if (copy_fit(res, 0, rec->id, sizeof(rec->id)) != 0 ||
        copy_fit(res, 1, rec->tenant_id, sizeof(rec->tenant_id)) != 0 ||
        copy_fit(res, 2, rec->issuer, sizeof(rec->issuer)) != 0 ||
        copy_fit(res, 3, rec->discovery_url, sizeof(rec->discovery_url)) != 0 ||
        copy_fit(res, 4, rec->audience, sizeof(rec->audience)) != 0 ||
        copy_fit(res, 5, rec->roles_claim, sizeof(rec->roles_claim)) != 0 ||
        copy_fit(res, 7, rec->name_claim, sizeof(rec->name_claim)) != 0 ||
        copy_fit(res, 8, rec->email_claim, sizeof(rec->email_claim)) != 0 ||
        (rec->role_map = strdup(PQgetvalue(res, 0, 6))) == NULL) {
        kc_identity_provider_record_clear(rec);
        st = lookup_failed(kc_problem_set(pb, KC_INTERNAL, "identity provider row too large"),
                           "identity provider", pb);
        goto out;
    }
    *found = 1;
out:
    PQclear(res);
    return st;
}
