#include "manifest/agreement_repo.h"

#include <string.h>
#include "koers/pg.h"

typedef struct two_ids {
    char *a;
    char *b;
    size_t bn;
} two_ids;

static void two_from_row(const PGresult *r, int row, void *out)
{
    two_ids *t = out;

    kc_pg_copy(r, row, 0, t->a, 37);
    kc_pg_copy(r, row, 1, t->b, t->bn);
}

static void int_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_int(r, row, 0);
}

kc_status agreement_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                              char programme_id[37], char manifest_id[37], kc_problem *pb)
{
    static const char sql[] = "SELECT a.programme_id, a.manifest_id\n"
                              "  FROM programmes.behaviour_agreements a\n"
                              " WHERE a.tenant_id = $1\n"
                              "   AND a.id = $2\n"
                              "   FOR UPDATE";
    const char *params[2] = {tenant_id, id};
    two_ids t = {programme_id, manifest_id, 37};

    return kc_pg_one(conn, "programmes_agreement_lock", sql, 2, params, two_from_row, &t, pb,
                     "behaviour agreement %s not found", id);
}

kc_status agreement_repo_manifest(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                                  char programme_id[37], char status[16], kc_problem *pb)
{
    static const char sql[] = "SELECT coalesce(max(m.programme_id::text), ''),\n"
                              "       coalesce(max(m.status), '')\n"
                              "  FROM programmes.manifests m\n"
                              " WHERE m.tenant_id = $1\n"
                              "   AND m.id = $2";
    const char *params[2] = {tenant_id, manifest_id};
    two_ids t = {programme_id, status, 16};

    return kc_pg_one(conn, "programmes_agreement_manifest", sql, 2, params, two_from_row, &t, pb,
                     "no answer");
}

kc_status agreement_repo_statement_ok(kc_db_conn *conn, const char *tenant_id,
                                      const char *manifest_id, const char *statement_id, int *ok,
                                      kc_problem *pb)
{
    static const char sql[] = "SELECT count(*)::integer\n"
                              "  FROM programmes.manifest_statements s\n"
                              " WHERE s.tenant_id = $1\n"
                              "   AND s.manifest_id = $2\n"
                              "   AND s.id = $3";
    const char *params[3] = {tenant_id, manifest_id, statement_id};

    *ok = 0;
    return kc_pg_one(conn, "programmes_agreement_statement_ok", sql, 3, params, int_from_row, ok,
                     pb, "no answer");
}
