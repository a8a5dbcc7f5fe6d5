/* The SQL of the authenticator: API key lookup by hash. PGresult never
 * leaves this file. */
#include <string.h>

#include "koers/pg.h"
#include "koers/log.h"
#include "auth_repo.h"

static const char LOOKUP_SQL[] = "SELECT id, tenant_id, array_to_string(scopes, ' ') "
                                 "FROM koers_iam.api_keys "
                                 "WHERE key_hash = $1 AND revoked_at IS NULL";

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

kc_status kc_auth_lookup_key(struct kc_db_pool *pool, const char *key_hash, kc_api_key_record *rec,
                             int *found, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    PGresult *res = NULL;
    const char *params[1] = {key_hash};
    const char *id = NULL;
    const char *tenant = NULL;
    kc_status st;

    *found = 0;
    memset(rec, 0, sizeof(*rec));

    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_exec(conn, "kc_auth_api_key", LOOKUP_SQL, 1, params, &res, pb);
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) < 1)
        goto out;
    id = PQgetvalue(res, 0, 0);
    tenant = PQgetvalue(res, 0, 1);
    if (strlen(id) != 36 || strlen(tenant) != 36) {
        st = kc_problem_set(pb, KC_INTERNAL, "api key row with malformed ids");
        goto out;
    }
    memcpy(rec->key_id, id, 37);
    memcpy(rec->tenant_id, tenant, 37);
    if (!PQgetisnull(res, 0, 2))
        copy_token_list(rec->scopes, sizeof(rec->scopes), PQgetvalue(res, 0, 2));
    *found = 1;

out:
    PQclear(res);
    kc_db_release(pool, conn);
    if (st != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "api key lookup failed: %s (%s)", kc_status_title(st),
               pb ? pb->detail : "");
        *found = 0;
        st = kc_problem_set(pb, KC_UNAVAILABLE, "authentication is temporarily unavailable");
    }
    return st;
}
