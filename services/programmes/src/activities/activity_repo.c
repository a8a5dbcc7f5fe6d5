#include "activities/activity_repo.h"

#include <stdio.h>
#include <string.h>
#include "koers/pg.h"

/* a participant as the API shows it; x is the activity_participants row,
 * pe the person */
#define PARTICIPANT_JSON                                                                           \
    "json_build_object('personId', x.person_id,\n"                                                 \
    "                  'name', pe.name,\n"                                                         \
    "                  'organisation', pe.organisation,\n"                                         \
    "                  'invited', x.invited,\n"                                                    \
    "                  'registeredAt', to_char(x.registered_at AT TIME ZONE 'UTC',\n"              \
    "                                          'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),\n"            \
    "                  'attended', x.attended,\n"                                                  \
    "                  'progress', x.progress,\n"                                                  \
    "                  'updatedAt', to_char(x.updated_at AT TIME ZONE 'UTC',\n"                    \
    "                                       'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))"

static void lock_from_row(const PGresult *r, int row, void *out)
{
    activity_lock *l = out;

    kc_pg_copy(r, row, 0, l->id, sizeof(l->id));
    kc_pg_copy(r, row, 1, l->programme_id, sizeof(l->programme_id));
    kc_pg_copy(r, row, 2, l->kind, sizeof(l->kind));
    kc_pg_copy(r, row, 3, l->status, sizeof(l->status));
    kc_pg_copy(r, row, 4, l->starts_at, sizeof(l->starts_at));
    kc_pg_copy(r, row, 5, l->ends_at, sizeof(l->ends_at));
    l->capacity = PQgetisnull(r, row, 6) ? -1 : kc_pg_int(r, row, 6);
    l->version = kc_pg_int(r, row, 7);
}

kc_status activity_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                             activity_lock *out, kc_problem *pb)
{
    static const char sql[] = "SELECT a.id, a.programme_id, a.kind, a.status, a.starts_at,\n"
                              "       a.ends_at, a.capacity, a.version\n"
                              "  FROM programmes.activities a\n"
                              " WHERE a.tenant_id = $1\n"
                              "   AND a.id = $2\n"
                              "   FOR UPDATE";
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "programmes_activity_lock", sql, 2, params, lock_from_row, out, pb,
                     "activity %s not found", id);
}

static void bool_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_bool(r, row, 0);
}

kc_status activity_repo_period_ok(kc_db_conn *conn, const char *starts_at, const char *ends_at,
                                  int *ok, kc_problem *pb)
{
    static const char sql[] = "SELECT $1::timestamptz IS NULL\n"
                              "    OR $2::timestamptz IS NULL\n"
                              "    OR $2::timestamptz >= $1::timestamptz";
    const char *params[2] = {starts_at, ends_at};

    *ok = 0;
    return kc_pg_one(conn, "programmes_activity_period_ok", sql, 2, params, bool_from_row, ok, pb,
                     "no answer");
}

typedef struct id_out {
    char *id;
} id_out;

static void id_from_row(const PGresult *r, int row, void *out)
{
    kc_pg_copy(r, row, 0, ((id_out *)out)->id, 37);
}

kc_status activity_repo_person_of(kc_db_conn *conn, const char *tenant_id, const char *sub,
                                  char *id, kc_problem *pb)
{
    static const char sql[] = "SELECT p.id\n"
                              "  FROM programmes.people p\n"
                              " WHERE p.tenant_id = $1\n"
                              "   AND p.user_sub = $2";
    const char *params[2] = {tenant_id, sub};
    id_out o = {id};

    id[0] = '\0';
    return kc_pg_one(conn, "programmes_activity_person_of", sql, 2, params, id_from_row, &o, pb,
                     "no person of the programme directory signs in as %s", sub);
}

static void int_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_int(r, row, 0);
}

kc_status activity_repo_registered(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   const char *person_id, int *n, kc_problem *pb)
{
    static const char sql[] = "SELECT count(*)::integer\n"
                              "  FROM programmes.activity_participants x\n"
                              " WHERE x.tenant_id = $1\n"
                              "   AND x.activity_id = $2\n"
                              "   AND x.registered_at IS NOT NULL\n"
                              "   AND ($3::uuid IS NULL OR x.person_id <> $3::uuid)";
    const char *params[3] = {tenant_id, id, person_id};

    *n = 0;
    return kc_pg_one(conn, "programmes_activity_registered", sql, 3, params, int_from_row, n, pb,
                     "no answer");
}

kc_status activity_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   const char *status, kc_problem *pb)
{
    static const char sql[] =
        "UPDATE programmes.activities\n"
        "   SET status = $3,\n"
        "       completed_at = CASE WHEN $3 = 'completed' THEN now() ELSE completed_at END,\n"
        "       version = version + 1,\n"
        "       updated_at = now()\n"
        " WHERE tenant_id = $1\n"
        "   AND id = $2\n"
        "RETURNING id";
    const char *params[3] = {tenant_id, id, status};

    return kc_pg_one(conn, "programmes_activity_set_status", sql, 3, params, NULL, NULL, pb,
                     "activity %s not found", id);
}

kc_status activity_repo_attendance(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   json_t **out, kc_problem *pb)
{
    static const char sql[] =
        "SELECT json_build_object(\n"
        "    'activityId', a.id,\n"
        "    'kind', a.kind,\n"
        "    'status', a.status,\n"
        "    'invited', c.invited,\n"
        "    'registered', c.registered,\n"
        "    'attended', c.attended,\n"
        "    'rate', CASE WHEN c.invited > 0\n"
        "                 THEN round(c.attended::numeric / c.invited, 4) END,\n"
        "    'progress', CASE WHEN a.kind = 'e_learning'\n"
        "                     THEN json_build_object('notStarted', c.not_started,\n"
        "                                            'inProgress', c.in_progress,\n"
        "                                            'done', c.done) END)::text\n"
        "  FROM programmes.activities a\n"
        " CROSS JOIN LATERAL (\n"
        "    SELECT count(*) FILTER (WHERE x.invited)::integer AS invited,\n"
        "           count(*) FILTER (WHERE x.registered_at IS NOT NULL)::integer AS registered,\n"
        "           count(*) FILTER (WHERE x.attended)::integer AS attended,\n"
        "           count(*) FILTER (WHERE x.progress = 'not_started')::integer AS not_started,\n"
        "           count(*) FILTER (WHERE x.progress = 'in_progress')::integer AS in_progress,\n"
        "           count(*) FILTER (WHERE x.progress = 'done')::integer AS done\n"
        "      FROM programmes.activity_participants x\n"
        "     WHERE x.tenant_id = $1\n"
        "       AND x.activity_id = a.id) c\n"
        " WHERE a.tenant_id = $1\n"
        "   AND a.id = $2";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one_doc(conn, "programmes_activity_attendance", sql, 2, params, 0, out, pb,
                         "activity %s not found", id);
}

kc_status activity_repo_participants(kc_db_conn *conn, const char *tenant_id, const char *id,
                                     json_t **out, kc_problem *pb)
{
    static const char sql[] = "SELECT coalesce(json_agg(" PARTICIPANT_JSON "\n"
                              "                ORDER BY pe.name, x.person_id), '[]')::text\n"
                              "  FROM programmes.activity_participants x\n"
                              "  JOIN programmes.people pe\n"
                              "    ON pe.id = x.person_id\n"
                              " WHERE x.tenant_id = $1\n"
                              "   AND x.activity_id = $2";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one_doc(conn, "programmes_activity_participants", sql, 2, params, 0, out, pb,
                         "activity %s not found", id);
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

static kc_status put_one(kc_db_conn *conn, const char *stmt, const char *sql, int n,
                         const char *const *params, int *added, json_t **out, kc_problem *pb)
{
    put_out o = {0, NULL};
    kc_status st;

    *out = NULL;
    st = kc_pg_one(conn, stmt, sql, n, params, put_from_row, &o, pb, "no answer");
    if (st == KC_OK && o.doc == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (st != KC_OK) {
        json_decref(o.doc);
        return st;
    }
    if (added != NULL)
        *added = o.added;
    *out = o.doc;
    return KC_OK;
}

kc_status activity_repo_put_participant(kc_db_conn *conn, const char *tenant_id,
                                        const char *activity_id, const char *person_id,
                                        const activity_participant_set *set, int *added,
                                        json_t **out, kc_problem *pb)
{
    static const char sql[] =
        "WITH old AS (\n"
        "    SELECT 1\n"
        "      FROM programmes.activity_participants o\n"
        "     WHERE o.activity_id = $2\n"
        "       AND o.person_id = $3\n"
        "), x AS (\n"
        "    INSERT INTO programmes.activity_participants AS p\n"
        "           (tenant_id, activity_id, person_id, invited, attended, progress)\n"
        "    VALUES ($1, $2, $3, coalesce($4::boolean, true),\n"
        "            CASE WHEN $5::boolean THEN $6::boolean END,\n"
        "            CASE WHEN $7::boolean THEN $8 ELSE $9 END)\n"
        "    ON CONFLICT (activity_id, person_id) DO UPDATE\n"
        "       SET invited = coalesce($4::boolean, p.invited),\n"
        "           attended = CASE WHEN $5::boolean THEN $6::boolean ELSE p.attended END,\n"
        "           progress = CASE WHEN $7::boolean THEN $8 ELSE p.progress END,\n"
        "           updated_at = now()\n"
        "    RETURNING p.*)\n"
        "SELECT NOT EXISTS (SELECT 1 FROM old), " PARTICIPANT_JSON "::text\n"
        "  FROM x\n"
        "  JOIN programmes.people pe\n"
        "    ON pe.id = x.person_id";
    const char *params[9];

    params[0] = tenant_id;
    params[1] = activity_id;
    params[2] = person_id;
    params[3] = set->has_invited ? (set->invited ? "true" : "false") : NULL;
    params[4] = set->has_attended ? "true" : "false";
    params[5] = set->attended < 0 ? NULL : (set->attended ? "true" : "false");
    params[6] = set->has_progress ? "true" : "false";
    params[7] = set->progress;
    params[8] = set->dflt_progress;
    return put_one(conn, "programmes_activity_put_participant", sql, 9, params, added, out, pb);
}

kc_status activity_repo_register(kc_db_conn *conn, const char *tenant_id, const char *activity_id,
                                 const char *person_id, const char *dflt_progress, int *added,
                                 json_t **out, kc_problem *pb)
{
    static const char sql[] =
        "WITH old AS (\n"
        "    SELECT 1\n"
        "      FROM programmes.activity_participants o\n"
        "     WHERE o.activity_id = $2\n"
        "       AND o.person_id = $3\n"
        "       AND o.registered_at IS NOT NULL\n"
        "), x AS (\n"
        "    INSERT INTO programmes.activity_participants AS p\n"
        "           (tenant_id, activity_id, person_id, invited, registered_at, progress)\n"
        "    VALUES ($1, $2, $3, false, now(), $4)\n"
        "    ON CONFLICT (activity_id, person_id) DO UPDATE\n"
        "       SET registered_at = coalesce(p.registered_at, now()),\n"
        "           progress = coalesce(p.progress, $4),\n"
        "           updated_at = now()\n"
        "    RETURNING p.*)\n"
        "SELECT NOT EXISTS (SELECT 1 FROM old), " PARTICIPANT_JSON "::text\n"
        "  FROM x\n"
        "  JOIN programmes.people pe\n"
        "    ON pe.id = x.person_id";
    const char *params[4] = {tenant_id, activity_id, person_id, dflt_progress};

    return put_one(conn, "programmes_activity_register", sql, 4, params, added, out, pb);
}

kc_status activity_repo_unregister(kc_db_conn *conn, const char *tenant_id, const char *activity_id,
                                   const char *person_id, kc_problem *pb)
{
    static const char withdraw[] = "UPDATE programmes.activity_participants\n"
                                   "   SET registered_at = NULL,\n"
                                   "       updated_at = now()\n"
                                   " WHERE tenant_id = $1\n"
                                   "   AND activity_id = $2\n"
                                   "   AND person_id = $3\n"
                                   "   AND registered_at IS NOT NULL\n"
                                   "RETURNING 1";
    static const char forget[] = "DELETE FROM programmes.activity_participants\n"
                                 " WHERE tenant_id = $1\n"
                                 "   AND activity_id = $2\n"
                                 "   AND person_id = $3\n"
                                 "   AND NOT invited\n"
                                 "   AND attended IS NULL";
    const char *params[3] = {tenant_id, activity_id, person_id};
    kc_status st;

    st = kc_pg_one(conn, "programmes_activity_unregister", withdraw, 3, params, NULL, NULL, pb,
                   "you are not registered for activity %s", activity_id);
    if (st == KC_OK)
        st = kc_db_exec(conn, "programmes_activity_forget", forget, 3, params, NULL, pb);
    return st;
}

kc_status activity_repo_set_progress(kc_db_conn *conn, const char *tenant_id,
                                     const char *activity_id, const char *person_id,
                                     const char *progress, json_t **out, kc_problem *pb)
{
    static const char sql[] = "WITH x AS (\n"
                              "    UPDATE programmes.activity_participants p\n"
                              "       SET progress = $4,\n"
                              "           updated_at = now()\n"
                              "     WHERE p.tenant_id = $1\n"
                              "       AND p.activity_id = $2\n"
                              "       AND p.person_id = $3\n"
                              "    RETURNING p.*)\n"
                              "SELECT " PARTICIPANT_JSON "::text\n"
                              "  FROM x\n"
                              "  JOIN programmes.people pe\n"
                              "    ON pe.id = x.person_id";
    const char *params[4] = {tenant_id, activity_id, person_id, progress};

    return kc_pg_one_doc(conn, "programmes_activity_set_progress", sql, 4, params, 0, out, pb,
                         "participant of activity %s not found", activity_id);
}
