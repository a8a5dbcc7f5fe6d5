#include "values/example_behaviour_repo.h"

#include <string.h>
#include "koers/pg.h"

static void programme_from_row(const PGresult *r, int row, void *out)
{
    kc_pg_copy(r, row, 0, out, 37);
}

kc_status example_behaviour_repo_value(kc_db_conn *conn, const char *tenant_id,
                                       const char *value_id, char *programme_id, kc_problem *pb)
{
    static const char sql[] = "SELECT programme_id\n"
                              "  FROM programmes.programme_values\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2::uuid\n"
                              "   FOR SHARE";
    const char *params[2] = {tenant_id, value_id};

    programme_id[0] = '\0';
    return kc_pg_one(conn, "programmes_eb_value", sql, 2, params, programme_from_row, programme_id,
                     pb, "programme value %s not found", value_id);
}

typedef struct activity_out {
    char *programme_id;
    char *kind;
} activity_out;

static void activity_from_row(const PGresult *r, int row, void *out)
{
    activity_out *o = out;

    kc_pg_copy(r, row, 0, o->programme_id, 37);
    kc_pg_copy(r, row, 1, o->kind, 32);
}

kc_status example_behaviour_repo_activity(kc_db_conn *conn, const char *tenant_id,
                                          const char *activity_id, char *programme_id, char *kind,
                                          kc_problem *pb)
{
    static const char sql[] = "SELECT programme_id, kind\n"
                              "  FROM programmes.activities\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2::uuid";
    const char *params[2] = {tenant_id, activity_id};
    activity_out o = {programme_id, kind};

    programme_id[0] = '\0';
    kind[0] = '\0';
    return kc_pg_one(conn, "programmes_eb_activity", sql, 2, params, activity_from_row, &o, pb,
                     "activity %s not found", activity_id);
}

static void lock_from_row(const PGresult *r, int row, void *out)
{
    example_behaviour_lock *o = out;

    kc_pg_copy(r, row, 0, o->programme_id, sizeof(o->programme_id));
    kc_pg_copy(r, row, 1, o->programme_value_id, sizeof(o->programme_value_id));
    kc_pg_copy(r, row, 2, o->group_id, sizeof(o->group_id));
    kc_pg_copy(r, row, 3, o->created_by, sizeof(o->created_by));
}

kc_status example_behaviour_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                                      example_behaviour_lock *out, kc_problem *pb)
{
    static const char sql[] = "SELECT programme_id, programme_value_id, group_id, created_by\n"
                              "  FROM programmes.example_behaviours\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2::uuid\n"
                              "   FOR UPDATE";
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "programmes_eb_lock", sql, 2, params, lock_from_row, out, pb,
                     "example behaviour %s not found", id);
}
