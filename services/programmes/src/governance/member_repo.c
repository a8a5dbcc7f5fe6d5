#include "governance/member_repo.h"

#include "koers/pg.h"

/* a member of a group as the API shows it; m is the group_members row, p
 * the person */
#define MEMBER_JSON                                                                                \
    "json_build_object('personId', m.person_id,\n"                                                 \
    "                  'name', p.name,\n"                                                          \
    "                  'roleType', p.role_type,\n"                                                 \
    "                  'role', m.role,\n"                                                          \
    "                  'joinedAt', to_char(m.joined_at AT TIME ZONE 'UTC',\n"                      \
    "                                      'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))"

kc_status member_repo_list(kc_db_conn *conn, const char *tenant_id, const char *group_id,
                           json_t **items, kc_problem *pb)
{
    static const char sql[] = "SELECT COALESCE(json_agg(" MEMBER_JSON "\n"
                              "                ORDER BY m.joined_at, m.person_id), '[]')::text\n"
                              "  FROM programmes.group_members m\n"
                              "  JOIN programmes.people p ON p.id = m.person_id\n"
                              " WHERE m.tenant_id = $1\n"
                              "   AND m.group_id = $2\n"
                              "   AND p.tenant_id = $1";
    const char *params[2] = {tenant_id, group_id};

    return kc_pg_one_doc(conn, "programmes_member_list", sql, 2, params, 0, items, pb, "no answer");
}

kc_status member_repo_person_exists(kc_db_conn *conn, const char *tenant_id, const char *person_id,
                                    kc_problem *pb)
{
    static const char sql[] = "SELECT 1\n"
                              "  FROM programmes.people p\n"
                              " WHERE p.tenant_id = $1\n"
                              "   AND p.id = $2";
    const char *params[2] = {tenant_id, person_id};

    return kc_pg_one(conn, "programmes_member_person", sql, 2, params, NULL, NULL, pb,
                     "person %s not found", person_id);
}

typedef struct put_row {
    int added, changed;
    json_t *member;
} put_row;

static void put_from_row(const PGresult *r, int row, void *out)
{
    put_row *u = out;

    u->added = kc_pg_bool(r, row, 0);
    u->changed = kc_pg_bool(r, row, 1);
    u->member = kc_pg_json(r, row, 2);
}

kc_status member_repo_put(kc_db_conn *conn, const char *tenant_id, const char *group_id,
                          const char *person_id, const char *role, int *added, int *changed,
                          json_t **member, kc_problem *pb)
{
    static const char sql[] =
        "WITH old AS (\n"
        "    SELECT o.role\n"
        "      FROM programmes.group_members o\n"
        "     WHERE o.group_id = $2\n"
        "       AND o.person_id = $3\n"
        "), m AS (\n"
        "    INSERT INTO programmes.group_members AS g (tenant_id, group_id, person_id, role)\n"
        "    VALUES ($1, $2, $3, $4)\n"
        "    ON CONFLICT (group_id, person_id) DO UPDATE\n"
        "       SET role = EXCLUDED.role\n"
        "    RETURNING g.person_id, g.role, g.joined_at)\n"
        "SELECT NOT EXISTS (SELECT 1 FROM old),\n"
        "       NOT EXISTS (SELECT 1 FROM old WHERE old.role = $4), " MEMBER_JSON "::text\n"
        "  FROM m\n"
        "  JOIN programmes.people p ON p.id = m.person_id";
    const char *params[4] = {tenant_id, group_id, person_id, role};
    put_row u = {0};
    kc_status st;

    *member = NULL;
    st = kc_pg_one(conn, "programmes_member_put", sql, 4, params, put_from_row, &u, pb,
                   "person %s not found", person_id);
    if (st == KC_OK && u.member == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (st != KC_OK) {
        json_decref(u.member);
        return st;
    }
    *added = u.added;
    *changed = u.changed;
    *member = u.member;
    return KC_OK;
}

kc_status member_repo_remove(kc_db_conn *conn, const char *tenant_id, const char *group_id,
                             const char *person_id, kc_problem *pb)
{
    static const char sql[] = "DELETE FROM programmes.group_members m\n"
                              " WHERE m.tenant_id = $1\n"
                              "   AND m.group_id = $2\n"
                              "   AND m.person_id = $3\n"
                              "RETURNING 1";
    const char *params[3] = {tenant_id, group_id, person_id};

    return kc_pg_one(conn, "programmes_member_remove", sql, 3, params, NULL, NULL, pb,
                     "person %s is not a member of group %s", person_id, group_id);
}

kc_status member_repo_person_groups(kc_db_conn *conn, const char *tenant_id, const char *person_id,
                                    json_t **items, kc_problem *pb)
{
    static const char sql[] =
        "SELECT COALESCE(json_agg(json_build_object('groupId', g.id,\n"
        "                                           'programmeId', g.programme_id,\n"
        "                                           'kind', g.kind,\n"
        "                                           'name', g.name,\n"
        "                                           'role', m.role)\n"
        "                ORDER BY g.programme_id, array_position(ARRAY['steering', 'project', 'working'], g.kind),\n"
        "                         g.name, g.id), '[]')::text\n"
        "  FROM programmes.group_members m\n"
        "  JOIN programmes.groups g ON g.id = m.group_id\n"
        " WHERE m.tenant_id = $1\n"
        "   AND m.person_id = $2\n"
        "   AND g.tenant_id = $1";
    const char *params[2] = {tenant_id, person_id};

    return kc_pg_one_doc(conn, "programmes_member_person_groups", sql, 2, params, 0, items, pb,
                         "no answer");
}
