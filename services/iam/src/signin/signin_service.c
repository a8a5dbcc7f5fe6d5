#include "signin/signin_service.h"

#include <string.h>
#include "signin/signin_repo.h"

/* A tenant's slug: 2..63 of a-z 0-9 - (koers_iam.tenants' rule). */
static int slug_ok(const char *s)
{
    size_t n = s != NULL ? strlen(s) : 0;

    return n >= 2 && n <= 63 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

kc_status signin_service_get(kc_db_pool *pool, const char *slug, json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *items = NULL;
    int found = 0;
    kc_status st = KC_OK;

    *out = NULL;
    if (!slug_ok(slug)) {
        st = kc_problem_set(pb, KC_NOT_FOUND, "no active tenant has this name");
        goto out;
    }
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = signin_repo_providers(conn, slug, &items, &found, pb);
    if (st == KC_OK && !found)
        st = kc_problem_set(pb, KC_NOT_FOUND, "no active tenant has this name");
    if (st != KC_OK)
        goto out;
    *out = json_pack("{s:s, s:O}", "tenant", slug, "items", items);
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    json_decref(items);
    kc_db_release(pool, conn);
    return st;
}
