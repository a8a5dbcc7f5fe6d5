#include "monitor/coaching_repo.h"

#include <string.h>
#include "koers/pg.h"

static void lock_from_row(const PGresult *r, int row, void *out)
{
    coaching_lock *c = out;

    kc_pg_copy(r, row, 0, c->programme_id, sizeof(c->programme_id));
    kc_pg_copy(r, row, 1, c->held_on, sizeof(c->held_on));
    kc_pg_copy(r, row, 2, c->follow_up_on, sizeof(c->follow_up_on));
    kc_pg_copy(r, row, 3, c->team, sizeof(c->team));
    kc_pg_copy(r, row, 4, c->person_id, sizeof(c->person_id));
}

kc_status coaching_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                             coaching_lock *out, kc_problem *pb)
{
    static const char sql[] = "SELECT c.programme_id, c.held_on, c.follow_up_on, c.team,\n"
                              "       c.person_id\n"
                              "  FROM programmes.coaching_entries c\n"
                              " WHERE c.tenant_id = $1\n"
                              "   AND c.id = $2\n"
                              "   FOR UPDATE";
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "programmes_coaching_lock", sql, 2, params, lock_from_row, out, pb,
                     "coaching entry %s not found", id);
}

static void programme_from_row(const PGresult *r, int row, void *out)
{
    kc_pg_copy(r, row, 0, out, 37);
}

kc_status coaching_repo_signal_programme(kc_db_conn *conn, const char *tenant_id, const char *id,
                                         char *programme_id, kc_problem *pb)
{
    static const char sql[] = "SELECT s.programme_id\n"
                              "  FROM programmes.relapse_signals s\n"
                              " WHERE s.tenant_id = $1\n"
                              "   AND s.id = $2";
    const char *params[2] = {tenant_id, id};

    programme_id[0] = '\0';
    return kc_pg_one(conn, "programmes_coaching_signal_programme", sql, 2, params,
                     programme_from_row, programme_id, pb, "relapse signal %s not found", id);
}
