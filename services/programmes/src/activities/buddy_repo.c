#include "activities/buddy_repo.h"

#include <stdlib.h>
#include <string.h>
#include "koers/pg.h"

#define TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/* a pair as the API shows it; b is the buddy_pairs row */
#define PAIR_JSON                                                                                  \
    "json_build_object('id', b.id,\n"                                                              \
    "                  'cohortId', b.cohort_id,\n"                                                 \
    "                  'personIds', json_build_array(b.person_a, b.person_b),\n"                   \
    "                  'formedBy', b.formed_by,\n"                                                 \
    "                  'status', CASE WHEN b.ended_at IS NULL THEN 'active' ELSE 'ended' END,\n"   \
    "                  'endedAt', " TS("b.ended_at") ",\n"                                         \
                                                     "                  'createdAt', " TS(         \
                                                         "b.created_at") ")"

/* a check-in as the API shows it; k is the buddy_checkins row */
#define CHECKIN_JSON                                                                               \
    "json_build_object('id', k.id,\n"                                                              \
    "                  'pairId', k.pair_id,\n"                                                     \
    "                  'heldOn', k.held_on,\n"                                                     \
    "                  'note', k.note,\n"                                                          \
    "                  'createdAt', " TS("k.created_at") ")"

static void candidate_from_row(const PGresult *r, int row, void *item)
{
    buddy_candidate_row *c = item;

    kc_pg_copy(r, row, 0, c->person_id, sizeof(c->person_id));
    kc_pg_copy(r, row, 1, c->department, sizeof(c->department));
}

kc_status buddy_repo_candidates(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                                buddy_candidate_row **rows, size_t *n, kc_problem *pb)
{
    static const char sql[] = "SELECT m.person_id, coalesce(pe.organisation, '')\n"
                              "  FROM programmes.cohort_members m\n"
                              "  JOIN programmes.people pe\n"
                              "    ON pe.id = m.person_id\n"
                              " WHERE m.tenant_id = $1\n"
                              "   AND m.cohort_id = $2\n"
                              "   AND NOT EXISTS (\n"
                              "       SELECT 1\n"
                              "         FROM programmes.buddy_pairs b\n"
                              "        WHERE b.cohort_id = m.cohort_id\n"
                              "          AND b.ended_at IS NULL\n"
                              "          AND m.person_id IN (b.person_a, b.person_b))\n"
                              " ORDER BY m.person_id";
    const char *params[2] = {tenant_id, cohort_id};

    return kc_pg_rows(conn, "programmes_buddy_candidates", sql, 2, params, -1, sizeof(**rows),
                      candidate_from_row, (void **)rows, n, NULL, pb);
}

static void formed_from_row(const PGresult *r, int row, void *item)
{
    buddy_formed_row *f = item;

    kc_pg_copy(r, row, 0, f->a, sizeof(f->a));
    kc_pg_copy(r, row, 1, f->b, sizeof(f->b));
}

kc_status buddy_repo_formed(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                            buddy_formed_row **rows, size_t *n, kc_problem *pb)
{
    static const char sql[] = "SELECT b.person_a, b.person_b\n"
                              "  FROM programmes.buddy_pairs b\n"
                              " WHERE b.tenant_id = $1\n"
                              "   AND b.cohort_id = $2";
    const char *params[2] = {tenant_id, cohort_id};

    return kc_pg_rows(conn, "programmes_buddy_formed", sql, 2, params, -1, sizeof(**rows),
                      formed_from_row, (void **)rows, n, NULL, pb);
}

static void state_from_row(const PGresult *r, int row, void *out)
{
    buddy_person_state *s = out;

    s->member = kc_pg_bool(r, row, 0);
    s->active_pair = kc_pg_bool(r, row, 1);
}

kc_status buddy_repo_person_state(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                                  const char *person_id, buddy_person_state *out, kc_problem *pb)
{
    static const char sql[] = "SELECT EXISTS (\n"
                              "           SELECT 1\n"
                              "             FROM programmes.cohort_members m\n"
                              "            WHERE m.tenant_id = $1\n"
                              "              AND m.cohort_id = $2\n"
                              "              AND m.person_id = $3),\n"
                              "       EXISTS (\n"
                              "           SELECT 1\n"
                              "             FROM programmes.buddy_pairs b\n"
                              "            WHERE b.tenant_id = $1\n"
                              "              AND b.cohort_id = $2\n"
                              "              AND b.ended_at IS NULL\n"
                              "              AND $3::uuid IN (b.person_a, b.person_b))";
    const char *params[3] = {tenant_id, cohort_id, person_id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "programmes_buddy_person_state", sql, 3, params, state_from_row, out, pb,
                     "no answer");
}

static void bool_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_bool(r, row, 0);
}

kc_status buddy_repo_formed_before(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                                   const char *a, const char *b, int *yes, kc_problem *pb)
{
    static const char sql[] = "SELECT EXISTS (\n"
                              "           SELECT 1\n"
                              "             FROM programmes.buddy_pairs b\n"
                              "            WHERE b.tenant_id = $1\n"
                              "              AND b.cohort_id = $2\n"
                              "              AND b.person_a = least($3::uuid, $4::uuid)\n"
                              "              AND b.person_b = greatest($3::uuid, $4::uuid))";
    const char *params[4] = {tenant_id, cohort_id, a, b};

    *yes = 0;
    return kc_pg_one(conn, "programmes_buddy_formed_before", sql, 4, params, bool_from_row, yes, pb,
                     "no answer");
}

kc_status buddy_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                            const char *a, const char *b, const char *formed_by, json_t **out,
                            kc_problem *pb)
{
    static const char sql[] =
        "WITH b AS (\n"
        "    INSERT INTO programmes.buddy_pairs (id, tenant_id, cohort_id, person_a, person_b,\n"
        "                                        formed_by)\n"
        "    VALUES (gen_random_uuid(), $1, $2, least($3::uuid, $4::uuid),\n"
        "            greatest($3::uuid, $4::uuid), $5)\n"
        "    RETURNING *)\n"
        "SELECT " PAIR_JSON "::text\n"
        "  FROM b";
    const char *params[5] = {tenant_id, cohort_id, a, b, formed_by};

    return kc_pg_one_doc(conn, "programmes_buddy_insert", sql, 5, params, 0, out, pb,
                         "cohort %s not found", cohort_id);
}

kc_status buddy_repo_list(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                          json_t **out, kc_problem *pb)
{
    static const char sql[] = "SELECT coalesce(json_agg(" PAIR_JSON "\n"
                              "                ORDER BY b.created_at, b.id), '[]')::text\n"
                              "  FROM programmes.buddy_pairs b\n"
                              " WHERE b.tenant_id = $1\n"
                              "   AND b.cohort_id = $2";
    const char *params[2] = {tenant_id, cohort_id};

    return kc_pg_one_doc(conn, "programmes_buddy_list", sql, 2, params, 0, out, pb,
                         "cohort %s not found", cohort_id);
}

static void pair_from_row(const PGresult *r, int row, void *out)
{
    buddy_pair_row *p = out;

    kc_pg_copy(r, row, 0, p->id, sizeof(p->id));
    kc_pg_copy(r, row, 1, p->cohort_id, sizeof(p->cohort_id));
    kc_pg_copy(r, row, 2, p->programme_id, sizeof(p->programme_id));
    p->ended = kc_pg_bool(r, row, 3);
    kc_pg_copy(r, row, 4, p->sub_a, sizeof(p->sub_a));
    kc_pg_copy(r, row, 5, p->sub_b, sizeof(p->sub_b));
}

kc_status buddy_repo_pair(kc_db_conn *conn, const char *tenant_id, const char *id, int lock,
                          buddy_pair_row *out, kc_problem *pb)
{
    static const char plain[] = "SELECT b.id, b.cohort_id, c.programme_id,\n"
                                "       b.ended_at IS NOT NULL, pa.user_sub, pb.user_sub\n"
                                "  FROM programmes.buddy_pairs b\n"
                                "  JOIN programmes.cohorts c\n"
                                "    ON c.id = b.cohort_id\n"
                                "  JOIN programmes.people pa\n"
                                "    ON pa.id = b.person_a\n"
                                "  JOIN programmes.people pb\n"
                                "    ON pb.id = b.person_b\n"
                                " WHERE b.tenant_id = $1\n"
                                "   AND b.id = $2";
    static const char locked[] = "SELECT b.id, b.cohort_id, c.programme_id,\n"
                                 "       b.ended_at IS NOT NULL, pa.user_sub, pb.user_sub\n"
                                 "  FROM programmes.buddy_pairs b\n"
                                 "  JOIN programmes.cohorts c\n"
                                 "    ON c.id = b.cohort_id\n"
                                 "  JOIN programmes.people pa\n"
                                 "    ON pa.id = b.person_a\n"
                                 "  JOIN programmes.people pb\n"
                                 "    ON pb.id = b.person_b\n"
                                 " WHERE b.tenant_id = $1\n"
                                 "   AND b.id = $2\n"
                                 "   FOR UPDATE OF b";
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, lock ? "programmes_buddy_pair_lock" : "programmes_buddy_pair",
                     lock ? locked : plain, 2, params, pair_from_row, out, pb,
                     "buddy pair %s not found", id);
}

kc_status buddy_repo_end(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                         kc_problem *pb)
{
    static const char sql[] = "WITH b AS (\n"
                              "    UPDATE programmes.buddy_pairs p\n"
                              "       SET ended_at = now()\n"
                              "     WHERE p.tenant_id = $1\n"
                              "       AND p.id = $2\n"
                              "    RETURNING p.*)\n"
                              "SELECT " PAIR_JSON "::text\n"
                              "  FROM b";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one_doc(conn, "programmes_buddy_end", sql, 2, params, 0, out, pb,
                         "buddy pair %s not found", id);
}

kc_status buddy_repo_checkins(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                              kc_problem *pb)
{
    static const char sql[] = "SELECT coalesce(json_agg(" CHECKIN_JSON "\n"
                              "                ORDER BY k.held_on, k.created_at, k.id),\n"
                              "                '[]')::text\n"
                              "  FROM programmes.buddy_checkins k\n"
                              " WHERE k.tenant_id = $1\n"
                              "   AND k.pair_id = $2";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one_doc(conn, "programmes_buddy_checkins", sql, 2, params, 0, out, pb,
                         "buddy pair %s not found", id);
}

kc_status buddy_repo_add_checkin(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 const char *held_on, const char *note, const char *created_by,
                                 json_t **out, kc_problem *pb)
{
    static const char sql[] =
        "WITH k AS (\n"
        "    INSERT INTO programmes.buddy_checkins (id, tenant_id, pair_id, held_on, note,\n"
        "                                           created_by)\n"
        "    VALUES (gen_random_uuid(), $1, $2, $3::date, $4, $5)\n"
        "    RETURNING *)\n"
        "SELECT " CHECKIN_JSON "::text\n"
        "  FROM k";
    const char *params[5] = {tenant_id, id, held_on, note, created_by};

    return kc_pg_one_doc(conn, "programmes_buddy_add_checkin", sql, 5, params, 0, out, pb,
                         "buddy pair %s not found", id);
}
