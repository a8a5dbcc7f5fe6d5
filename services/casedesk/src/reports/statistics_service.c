#include "reports/statistics_service.h"

#include <string.h>
#include "reports/statistics_repo.h"

static statistics_group statistics_group_of(const char *s)
{
    if (s == NULL)
        return STATISTICS_NONE;
    if (strcmp(s, "category") == 0)
        return STATISTICS_CATEGORY;
    if (strcmp(s, "district") == 0)
        return STATISTICS_DISTRICT;
    if (strcmp(s, "officer") == 0)
        return STATISTICS_OFFICER;
    return STATISTICS_NONE;
}

kc_status statistics_service_get(kc_db_pool *pool, const kc_principal *p, const char *from,
                                 const char *to, const char *group_by, json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    char f[11] = "", t[11] = "";
    int ordered = 0, within = 0;
    statistics_group group = statistics_group_of(group_by);
    json_t *items = NULL;
    kc_status st;

    *out = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = statistics_repo_period(conn, from, to, f, t, &ordered, &within, pb);
    if (st != KC_OK)
        goto out;
    if (!ordered) {
        kc_problem_add_field(pb, from != NULL ? "from" : "to", "must not be after to");
        st = kc_problem_set(pb, KC_BAD_REQUEST, "the period starts (%s) after it ends (%s)", f, t);
        goto out;
    }
    if (!within) {
        kc_problem_add_field(pb, from != NULL ? "from" : "to",
                             "the period may be at most five years long");
        st =
            kc_problem_set(pb, KC_BAD_REQUEST, "the period %s..%s is longer than five years", f, t);
        goto out;
    }
    st = statistics_repo_compute(conn, p->tenant_id, f, t, group, &items, pb);
    if (st != KC_OK)
        goto out;
    *out = json_pack("{s:s, s:s, s:s, s:o}", "from", f, "to", t, "groupBy",
                     group_by != NULL ? group_by : "none", "items", items);
    items = NULL;
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    json_decref(items);
    kc_db_release(pool, conn);
    return st;
}
