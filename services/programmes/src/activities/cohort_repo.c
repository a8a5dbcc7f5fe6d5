#include "activities/cohort_repo.h"

#include <string.h>
#include "koers/pg.h"

/* a member as the API shows it; m is the cohort_members row, pe the
 * person */
#define COHORT_MEMBER_JSON                                                                         \
    "json_build_object('personId', m.person_id,\n"                                                 \
    "                  'name', pe.name,\n"                                                         \
    "                  'organisation', pe.organisation,\n"                                         \
    "                  'changeAgent', m.change_agent,\n"                                           \
    "                  'joinedAt', to_char(m.joined_at AT TIME ZONE 'UTC',\n"                      \
    "                                      'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))"

static void row_from_row(const PGresult *r, int row, void *out)
{
    cohort_row *c = out;

    kc_pg_copy(r, row, 0, c->id, sizeof(c->id));
    kc_pg_copy(r, row, 1, c->programme_id, sizeof(c->programme_id));
}

kc_status cohort_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, int lock,
                          cohort_row *out, kc_problem *pb)
{
    static const char plain[] = "SELECT c.id, c.programme_id\n"
                                "  FROM programmes.cohorts c\n"
                                " WHERE c.tenant_id = $1\n"
                                "   AND c.id = $2";
    static const char locked[] = "SELECT c.id, c.programme_id\n"
                                 "  FROM programmes.cohorts c\n"
                                 " WHERE c.tenant_id = $1\n"
                                 "   AND c.id = $2\n"
                                 "   FOR UPDATE";
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, lock ? "programmes_cohort_lock" : "programmes_cohort_get",
                     lock ? locked : plain, 2, params, row_from_row, out, pb, "cohort %s not found",
                     id);
}

kc_status cohort_repo_members(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                              kc_problem *pb)
{
    static const char sql[] = "SELECT coalesce(json_agg(" COHORT_MEMBER_JSON "\n"
                              "                ORDER BY m.joined_at, m.person_id), '[]')::text\n"
                              "  FROM programmes.cohort_members m\n"
                              "  JOIN programmes.people pe\n"
                              "    ON pe.id = m.person_id\n"
                              " WHERE m.tenant_id = $1\n"
                              "   AND m.cohort_id = $2";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one_doc(conn, "programmes_cohort_members", sql, 2, params, 0, out, pb,
                         "cohort %s not found", id);
}

typedef struct put_out {
    int added;
    json_t *doc;
} put_out;

static void put_from_row(const PGresult *r, int row, void *out)
{
    put_out *o = out;

    o->added = kc_pg_bool(r, row, 0);
    o->doc = kc_pg_json(r, row, 1);
}

kc_status cohort_repo_put_member(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                                 const char *person_id, int change_agent, int *added, json_t **out,
                                 kc_problem *pb)
{
    static const char sql[] =
        "WITH old AS (\n"
        "    SELECT 1\n"
        "      FROM programmes.cohort_members o\n"
        "     WHERE o.cohort_id = $2\n"
        "       AND o.person_id = $3\n"
        "), m AS (\n"
        "    INSERT INTO programmes.cohort_members AS c (tenant_id, cohort_id, person_id,\n"
        "                                               change_agent)\n"
        "    VALUES ($1, $2, $3, coalesce($4::boolean, false))\n"
        "    ON CONFLICT (cohort_id, person_id) DO UPDATE\n"
        "       SET change_agent = coalesce($4::boolean, c.change_agent)\n"
        "    RETURNING c.*)\n"
        "SELECT NOT EXISTS (SELECT 1 FROM old), " COHORT_MEMBER_JSON "::text\n"
        "  FROM m\n"
        "  JOIN programmes.people pe\n"
        "    ON pe.id = m.person_id";
    const char *params[4] = {tenant_id, cohort_id, person_id,
                             change_agent < 0 ? NULL : (change_agent ? "true" : "false")};
    put_out o = {0, NULL};
    kc_status st;

    *out = NULL;
    st = kc_pg_one(conn, "programmes_cohort_put_member", sql, 4, params, put_from_row, &o, pb,
                   "person %s not found", person_id);
    if (st == KC_OK && o.doc == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (st != KC_OK) {
        json_decref(o.doc);
        return st;
    }
    *added = o.added;
    *out = o.doc;
    return KC_OK;
}

kc_status cohort_repo_remove_member(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                                    const char *person_id, kc_problem *pb)
{
    static const char sql[] = "DELETE FROM programmes.cohort_members m\n"
                              " WHERE m.tenant_id = $1\n"
                              "   AND m.cohort_id = $2\n"
                              "   AND m.person_id = $3\n"
                              "RETURNING 1";
    const char *params[3] = {tenant_id, cohort_id, person_id};

    return kc_pg_one(conn, "programmes_cohort_remove_member", sql, 3, params, NULL, NULL, pb,
                     "person %s is not a member of cohort %s", person_id, cohort_id);
}
