#include "koers/migrate.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "koers/log.h"
#include "koers/pg.h"

/* Embedded by the build from the files in shared/sql, in name order: iam_
 * files (qualified koers_iam names) and svc_ files (unqualified, created in each
 * service schema). */
extern const kc_migration kc_platform_migrations[];
extern const size_t kc_platform_migrations_count;

#define IAM_SCHEMA "koers_iam"

/* Runs one SQL text (may hold several statements, no parameters). On
 * failure writes "<what>: <server message>" to err. */
static int run(PGconn *pg, const char *sql, const char *what, char *err, size_t errlen)
{
    PGresult *res = PQexec(pg, sql);
    int ok = res != NULL &&
             (PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK);
    if (!ok) {
        const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
        if (m == NULL)
            m = PQerrorMessage(pg);
        snprintf(err, errlen, "%s: %.*s", what, (int)strcspn(m, "\n"), m);
    }
    PQclear(res);
    return ok ? 0 : -1;
}

static int run_params(PGconn *pg, const char *sql, int n, const char *const *params, PGresult **out,
                      const char *what, char *err, size_t errlen)
{
    PGresult *res = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
    int ok = res != NULL &&
             (PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK);
    if (!ok) {
        const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
        if (m == NULL)
            m = PQerrorMessage(pg);
        snprintf(err, errlen, "%s: %.*s", what, (int)strcspn(m, "\n"), m);
        PQclear(res);
        return -1;
    }
    if (out != NULL)
        *out = res;
    else
        PQclear(res);
    return 0;
}

/* Creates <schema> and its schema_migrations table. schema is validated. */
static int prepare_schema(PGconn *pg, const char *schema, char *err, size_t errlen)
{
    char sql[512];

    snprintf(sql, sizeof(sql),
             "CREATE SCHEMA IF NOT EXISTS %s;"
             "CREATE TABLE IF NOT EXISTS %s.schema_migrations ("
             " version text PRIMARY KEY, applied_at timestamptz DEFAULT now())",
             schema, schema);
    return run(pg, sql, "creating schema", err, errlen);
}

/* Applies one migration in <schema> unless `recorded` is already listed in
 * <schema>.schema_migrations; records it. */
static int apply_one(PGconn *pg, const char *schema, const char *recorded, const char *sql,
                     int *applied, char *err, size_t errlen)
{
    char q[256], what[192];
    const char *params[1] = {recorded};
    PGresult *res = NULL;
    int rc = -1, found = 0;

    snprintf(what, sizeof(what), "migration %s", recorded);
    snprintf(q, sizeof(q), "SELECT 1 FROM %s.schema_migrations WHERE version = $1", schema);
    if (run_params(pg, q, 1, params, &res, what, err, errlen) != 0)
        goto out;
    found = PQntuples(res) > 0;
    if (found) {
        rc = 0;
        goto out;
    }
    snprintf(q, sizeof(q), "SET LOCAL search_path TO %s, public", schema);
    if (run(pg, q, what, err, errlen) != 0 || run(pg, sql, what, err, errlen) != 0)
        goto out;
    snprintf(q, sizeof(q), "INSERT INTO %s.schema_migrations (version) VALUES ($1)", schema);
    if (run_params(pg, q, 1, params, NULL, what, err, errlen) != 0)
        goto out;
    (*applied)++;
    rc = 0;
out:
    PQclear(res);
    return rc;
}

/* Applies the platform migrations whose file name starts with prefix. */
static int apply_platform(PGconn *pg, const char *schema, const char *prefix, int *applied,
                          char *err, size_t errlen)
{
    char recorded[192];

    for (size_t i = 0; i < kc_platform_migrations_count; i++) {
        const kc_migration *m = &kc_platform_migrations[i];
        if (strncmp(m->version, prefix, strlen(prefix)) != 0)
            continue;
        snprintf(recorded, sizeof(recorded), "platform/%s", m->version);
        if (apply_one(pg, schema, recorded, m->sql, applied, err, errlen) != 0)
            return -1;
    }
    return 0;
}

/* ANALYZEs the tables of koers_iam and schema (NULL: koers_iam only) that
 * have no planner statistics: never analyzed nor vacuumed (reltuples -1: a
 * fresh deployment's tables), or without column statistics while they hold
 * rows (a restore: pg_restore loads the rows and builds the indexes, which
 * counts them, but leaves no statistics) or while PostgreSQL has no record
 * of an ANALYZE or autoanalyze of them. Until then the planner guesses what
 * the table holds and may keep a plan that walks every row once it fills
 * (a foreign-key check through the wrong index); the first autoanalyze can
 * be minutes away. An empty table costs nothing to analyze; an analyzed
 * one with rows is not analyzed again (not after a crash either, which
 * forgets when tables were analyzed but keeps their statistics). Best
 * effort: a failure is logged and the migration stands. */
static void analyze_unanalyzed(PGconn *pg, const char *schema)
{
    static const char find[] =
        "SELECT string_agg(format('%I.%I', s.schemaname, s.relname), ', ' ORDER BY s.relname)\n"
        "  FROM pg_stat_user_tables s\n"
        "  JOIN pg_class c ON c.oid = s.relid\n"
        " WHERE s.schemaname IN ($1, $2)\n"
        "   AND (c.reltuples < 0\n"
        "        OR (NOT EXISTS (SELECT 1 FROM pg_stats p\n"
        "                         WHERE p.schemaname = s.schemaname AND p.tablename = s.relname)\n"
        "            AND (c.reltuples > 0 OR (s.last_analyze IS NULL AND s.last_autoanalyze IS NULL))))";
    const char *params[2] = {IAM_SCHEMA, schema != NULL ? schema : IAM_SCHEMA};
    PGresult *res = NULL;
    char err[256], *sql = NULL;
    const char *tables;
    size_t n;

    err[0] = '\0';
    if (run_params(pg, find, 2, params, &res, "finding tables to analyze", err, sizeof(err)) != 0)
        goto out;
    if (PQntuples(res) != 1 || PQgetisnull(res, 0, 0))
        goto out; /* nothing to analyze */
    tables = PQgetvalue(res, 0, 0);
    n = strlen("ANALYZE ") + strlen(tables) + 1;
    sql = malloc(n);
    if (sql == NULL) {
        snprintf(err, sizeof(err), "analyze: out of memory");
        goto out;
    }
    snprintf(sql, n, "ANALYZE %s", tables);
    if (run(pg, sql, "analyze", err, sizeof(err)) != 0)
        goto out;
    kc_log(KC_LOG_INFO, NULL, "migrate: analyzed %s", tables);
out:
    if (err[0] != '\0')
        kc_log(KC_LOG_WARN, NULL, "migrate: %s", err);
    free(sql);
    PQclear(res);
}

/* See migrate.h. schema NULL applies only the koers_iam part (the admin
 * command uses it before any service ran). Everything runs in one
 * transaction under an advisory lock: concurrent callers wait, then find
 * the versions recorded and apply nothing. On failure nothing is kept and
 * err names the version. KC_INVALID for a bad schema name, KC_UNAVAILABLE
 * when the database cannot be reached, KC_INTERNAL when a migration fails. */
kc_status kc_migrate(const char *conninfo, const char *schema, const kc_migration *migrations,
                     size_t n, char *err, size_t errlen)
{
    PGconn *pg = NULL;
    kc_status st = KC_INTERNAL;
    char key[32];
    const char *params[1] = {key};
    int applied = 0;

    if (errlen > 0)
        err[0] = '\0';
    if (schema != NULL && (!kc_db_schema_valid(schema) || strcmp(schema, IAM_SCHEMA) == 0)) {
        snprintf(err, errlen, "schema name must match [a-z_][a-z0-9_]* and not be %s", IAM_SCHEMA);
        st = KC_INVALID;
        goto out;
    }
    pg = kc_db_connect_one(conninfo, 0);
    if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
        const char *m = pg ? PQerrorMessage(pg) : "out of memory";
        snprintf(err, errlen, "database unreachable: %.*s", (int)strcspn(m, "\n"), m);
        st = KC_UNAVAILABLE;
        goto out;
    }
    snprintf(key, sizeof(key), "%" PRId64, kc_db_lock_key("koers.migrate"));
    if (run(pg, "BEGIN", "begin", err, errlen) != 0 ||
        run_params(pg, "SELECT pg_advisory_xact_lock($1::bigint)", 1, params, NULL, "advisory lock",
                   err, errlen) != 0 ||
        prepare_schema(pg, IAM_SCHEMA, err, errlen) != 0 ||
        apply_platform(pg, IAM_SCHEMA, "iam_", &applied, err, errlen) != 0)
        goto out;
    if (schema != NULL) {
        if (prepare_schema(pg, schema, err, errlen) != 0 ||
            apply_platform(pg, schema, "svc_", &applied, err, errlen) != 0)
            goto out;
        for (size_t i = 0; i < n; i++)
            if (apply_one(pg, schema, migrations[i].version, migrations[i].sql, &applied, err,
                          errlen) != 0)
                goto out;
    }
    if (run(pg, "COMMIT", "commit", err, errlen) != 0)
        goto out;
    analyze_unanalyzed(pg, schema);
    if (applied > 0)
        kc_log(KC_LOG_INFO, NULL, "migrate: %d migration(s) applied to %s", applied,
               schema != NULL ? schema : IAM_SCHEMA);
    st = KC_OK;
out:
    if (st != KC_OK && errlen > 0 && err[0] != '\0')
        kc_log(KC_LOG_ERROR, NULL, "migrate: %s", err);
    PQfinish(pg); /* an open transaction is rolled back by the server */
    return st;
}
