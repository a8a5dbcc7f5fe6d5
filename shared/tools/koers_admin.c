/* koers-admin: the operator's command for the platform tables (tenants, API
 * keys) and for minting staff tokens in development and tests.
 *
 *   koers-admin migrate
 *   koers-admin tenant-create --name NAME --slug SLUG
 *   koers-admin apikey-create --tenant ID --name NAME --scopes "cases:read cases:write"
 *   koers-admin apikey-revoke --id KEYID
 *   koers-admin token --tenant ID --sub SUBJECT --roles "coordinator" [--ttl SECONDS]
 *
 * Machine-readable results (an id, a key, a token) go to stdout and nothing
 * else does; messages go to stderr. Exit 0 on success, 1 on failure, 2 on
 * bad arguments. Settings come from the environment (KOERS_DATABASE_URL,
 * KOERS_JWT_SECRET, KOERS_JWT_ISSUER, KOERS_JWT_AUDIENCE). */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "koers/auth.h"
#include "koers/validate.h"
#include "koers/config.h"
#include "koers/db.h"
#include "koers/log.h"
#include "koers/migrate.h"

#define EXIT_USAGE   2
#define NAME_MAX_LEN 200
#define TTL_MAX_S    (30 * 24 * 3600)

static const char usage_text[] =
    "usage:\n"
    "  koers-admin migrate\n"
    "  koers-admin tenant-create --name NAME --slug SLUG\n"
    "  koers-admin apikey-create --tenant TENANT_ID --name NAME --scopes \"SCOPE ...\"\n"
    "  koers-admin apikey-revoke --id KEY_ID\n"
    "  koers-admin token --tenant TENANT_ID --sub SUBJECT --roles \"ROLE ...\" [--ttl SECONDS]\n"
    "\n"
    "Environment: KOERS_DATABASE_URL; for token also KOERS_JWT_SECRET, KOERS_JWT_ISSUER,\n"
    "KOERS_JWT_AUDIENCE. Ids, keys and tokens are printed on stdout.\n";

/* The options a command may take; NULL when not given. */
typedef struct admin_args {
    const char *name;
    const char *slug;
    const char *tenant;
    const char *scopes;
    const char *id;
    const char *sub;
    const char *roles;
    const char *ttl;
} admin_args;

enum { OPT_NAME = 1, OPT_SLUG, OPT_TENANT, OPT_SCOPES, OPT_ID, OPT_SUB, OPT_ROLES, OPT_TTL };

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("koers-admin: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n\n", stderr);
    fputs(usage_text, stderr);
    return EXIT_USAGE;
}

static int fail(const char *what, const char *why)
{
    fprintf(stderr, "koers-admin: %s: %s\n", what, why);
    return EXIT_FAILURE;
}

/* Parses the options after the command word; `allowed` lists the option
 * ids this command accepts (0-terminated). Returns 0 or EXIT_USAGE. */
static int parse_args(int argc, char **argv, const int *allowed, admin_args *a)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, OPT_NAME},
        {"slug", required_argument, NULL, OPT_SLUG},
        {"tenant", required_argument, NULL, OPT_TENANT},
        {"scopes", required_argument, NULL, OPT_SCOPES},
        {"id", required_argument, NULL, OPT_ID},
        {"sub", required_argument, NULL, OPT_SUB},
        {"roles", required_argument, NULL, OPT_ROLES},
        {"ttl", required_argument, NULL, OPT_TTL},
        {NULL, 0, NULL, 0},
    };
    int c;

    memset(a, 0, sizeof(*a));
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        int ok = 0;
        const char **slot = NULL;
        if (c == '?' || c == ':')
            return usage_error("unknown option or missing value: %s", argv[optind - 1]);
        for (const int *p = allowed; *p; p++)
            ok |= *p == c;
        if (!ok)
            return usage_error("option not valid for %s", argv[0]);
        switch (c) {
        case OPT_NAME:
            slot = &a->name;
            break;
        case OPT_SLUG:
            slot = &a->slug;
            break;
        case OPT_TENANT:
            slot = &a->tenant;
            break;
        case OPT_SCOPES:
            slot = &a->scopes;
            break;
        case OPT_ID:
            slot = &a->id;
            break;
        case OPT_SUB:
            slot = &a->sub;
            break;
        case OPT_ROLES:
            slot = &a->roles;
            break;
        default:
            slot = &a->ttl;
            break;
        }
        if (*slot)
            return usage_error("option given twice for %s", argv[0]);
        *slot = optarg;
    }
    if (optind < argc)
        return usage_error("unexpected argument: %s", argv[optind]);
    return 0;
}

/* ---- validation --------------------------------------------------------- */

static int is_printable_text(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n < 1 || n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    return 1;
}

static int is_slug(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 63)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return 0;
    return 1;
}

/* Splits a blank-separated list into `out` as single-space-separated tokens,
 * each 1..max characters from `charset`, without duplicates. Returns the
 * number of tokens, or -1 when a token is bad or the list does not fit. */
static int normalise_list(const char *in, const char *charset, size_t max, char *out, size_t outlen)
{
    size_t used = 0;
    int count = 0;
    const char *p = in;

    out[0] = '\0';
    while (*p) {
        size_t n;
        char tok[80];
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        n = strcspn(p, " \t,");
        if (n == 0)
            break;
        if (n > max || n >= sizeof(tok) || strspn(p, charset) < n)
            return -1;
        memcpy(tok, p, n);
        tok[n] = '\0';
        p += n;
        /* skip duplicates */
        {
            const char *q = out;
            int dup = 0;
            while (*q && !dup) {
                size_t m = strcspn(q, " ");
                dup = m == n && memcmp(q, tok, n) == 0;
                q += m;
                while (*q == ' ')
                    q++;
            }
            if (dup)
                continue;
        }
        if (used + (used ? 1 : 0) + n >= outlen)
            return -1;
        if (used)
            out[used++] = ' ';
        memcpy(out + used, tok, n + 1);
        used += n;
        count++;
    }
    return count;
}

/* ---- commands ------------------------------------------------------------ */

static int load_config(kc_config *cfg)
{
    char err[256] = "";
    if (kc_config_load(cfg, "admin", 0, err, sizeof(err)) != 0) {
        fprintf(stderr, "koers-admin: configuration: %s\n", err);
        return EXIT_FAILURE;
    }
    kc_log_init("koers-admin", cfg->log_level);
    return 0;
}

static int run_migrate(const kc_config *cfg)
{
    char err[512] = "";
    kc_status st = kc_migrate(cfg->database_url, NULL, NULL, 0, err, sizeof(err));
    if (st != KC_OK)
        return fail("migrate", err[0] ? err : kc_status_title(st));
    return 0;
}

/* Opens a one-connection pool and takes its connection. */
static int connect_db(const kc_config *cfg, kc_db_pool **pool, kc_db_conn **conn)
{
    char err[512] = "";
    kc_problem pb;
    int rc = 0;

    kc_problem_init(&pb);
    *pool = NULL;
    *conn = NULL;
    if (kc_db_pool_create(cfg->database_url, 1, pool, err, sizeof(err)) != KC_OK) {
        rc = fail("database", err[0] ? err : "cannot connect");
        goto out;
    }
    if (kc_db_acquire(*pool, conn, &pb) != KC_OK) {
        rc = fail("database", pb.detail[0] ? pb.detail : "cannot connect");
        goto out;
    }
out:
    kc_problem_clear(&pb);
    return rc;
}

static void disconnect_db(kc_db_pool *pool, kc_db_conn *conn)
{
    if (pool)
        kc_db_release(pool, conn);
    kc_db_pool_free(pool);
}

static int cmd_migrate(int argc, char **argv)
{
    static const int allowed[] = {0};
    admin_args a;
    kc_config cfg;
    int rc = parse_args(argc, argv, allowed, &a);
    if (rc)
        goto out;
    rc = load_config(&cfg);
    if (rc)
        goto out;
    rc = run_migrate(&cfg);
    if (rc == 0)
        fprintf(stderr, "koers-admin: platform migrations applied\n");
out:
    return rc;
}

static int cmd_tenant_create(int argc, char **argv)
{
    static const int allowed[] = {OPT_NAME, OPT_SLUG, 0};
    static const char sql[] = "INSERT INTO koers_iam.tenants (id, name, slug) "
                              "VALUES ($1, $2, $3) RETURNING id";
    admin_args a;
    kc_config cfg;
    kc_db_pool *pool = NULL;
    kc_db_conn *conn = NULL;
    PGresult *res = NULL;
    kc_problem pb;
    kc_status st;
    char id[37];
    const char *params[3];
    int rc;

    kc_problem_init(&pb);
    rc = parse_args(argc, argv, allowed, &a);
    if (rc)
        goto out;
    if (!a.name || !a.slug) {
        rc = usage_error("%s needs --name and --slug", argv[0]);
        goto out;
    }
    if (!is_printable_text(a.name, NAME_MAX_LEN)) {
        rc = usage_error("--name must be 1..200 printable characters");
        goto out;
    }
    if (!is_slug(a.slug)) {
        rc =
            usage_error("--slug must be 2..63 characters of a-z, 0-9 and '-' (got \"%s\")", a.slug);
        goto out;
    }
    rc = load_config(&cfg);
    if (rc)
        goto out;
    /* So that a fresh database works without a separate step. */
    rc = run_migrate(&cfg);
    if (rc)
        goto out;
    rc = connect_db(&cfg, &pool, &conn);
    if (rc)
        goto out;
    if (kc_uuid_v4(id) != KC_OK) {
        rc = fail("tenant-create", "no random source");
        goto out;
    }
    params[0] = id;
    params[1] = a.name;
    params[2] = a.slug;
    st = kc_db_exec(conn, NULL, sql, 3, params, &res, &pb);
    if (st == KC_CONFLICT) {
        fprintf(stderr, "koers-admin: tenant-create: a tenant with slug \"%s\" already exists\n",
                a.slug);
        rc = EXIT_FAILURE;
        goto out;
    }
    if (st != KC_OK || PQntuples(res) != 1) {
        rc = fail("tenant-create", pb.detail[0] ? pb.detail : kc_status_title(st));
        goto out;
    }
    printf("%s\n", PQgetvalue(res, 0, 0));
out:
    PQclear(res);
    disconnect_db(pool, conn);
    kc_problem_clear(&pb);
    return rc;
}

static int cmd_apikey_create(int argc, char **argv)
{
    static const int allowed[] = {OPT_TENANT, OPT_NAME, OPT_SCOPES, 0};
    static const char tenant_sql[] = "SELECT 1 FROM koers_iam.tenants WHERE id = $1";
    static const char insert_sql[] =
        "INSERT INTO koers_iam.api_keys (id, tenant_id, name, key_hash, scopes) "
        "VALUES ($1, $2, $3, $4, string_to_array($5, ' ')) RETURNING id";
    admin_args a;
    kc_config cfg;
    kc_db_pool *pool = NULL;
    kc_db_conn *conn = NULL;
    PGresult *res = NULL;
    kc_problem pb;
    kc_status st;
    char id[37];
    char key[64] = "";
    char hash[65] = "";
    char scopes[256];
    const char *params[5];
    int rc;

    kc_problem_init(&pb);
    rc = parse_args(argc, argv, allowed, &a);
    if (rc)
        goto out;
    if (!a.tenant || !a.name || !a.scopes) {
        rc = usage_error("%s needs --tenant, --name and --scopes", argv[0]);
        goto out;
    }
    if (!kc_is_uuid(a.tenant)) {
        rc = usage_error("--tenant must be a tenant id (UUID), got \"%s\"", a.tenant);
        goto out;
    }
    if (!is_printable_text(a.name, NAME_MAX_LEN)) {
        rc = usage_error("--name must be 1..200 printable characters");
        goto out;
    }
    if (normalise_list(a.scopes, "abcdefghijklmnopqrstuvwxyz0123456789_:.-", 64, scopes,
                       sizeof(scopes)) < 1) {
        rc = usage_error("--scopes must list scopes such as \"cases:read cases:write\" (a-z, "
                         "0-9, _ : . -; at most 255 characters in all), got \"%s\"",
                         a.scopes);
        goto out;
    }
    rc = load_config(&cfg);
    if (rc)
        goto out;
    rc = connect_db(&cfg, &pool, &conn);
    if (rc)
        goto out;
    params[0] = a.tenant;
    st = kc_db_exec(conn, NULL, tenant_sql, 1, params, &res, &pb);
    if (st != KC_OK) {
        rc = fail("apikey-create", pb.detail[0] ? pb.detail : kc_status_title(st));
        goto out;
    }
    if (PQntuples(res) != 1) {
        fprintf(stderr, "koers-admin: apikey-create: no tenant with id %s\n", a.tenant);
        rc = EXIT_FAILURE;
        goto out;
    }
    PQclear(res);
    res = NULL;
    if (kc_uuid_v4(id) != KC_OK || kc_api_key_generate(key, hash) != KC_OK) {
        rc = fail("apikey-create", "no random source");
        goto out;
    }
    params[0] = id;
    params[1] = a.tenant;
    params[2] = a.name;
    params[3] = hash;
    params[4] = scopes;
    st = kc_db_exec(conn, NULL, insert_sql, 5, params, &res, &pb);
    if (st != KC_OK || PQntuples(res) != 1) {
        rc = fail("apikey-create", pb.detail[0] ? pb.detail : kc_status_title(st));
        goto out;
    }
    /* The key exists only here: it is stored as its hash. */
    printf("%s\n", key);
    fprintf(stderr, "koers-admin: API key %s created for tenant %s with scopes \"%s\"\n", id,
            a.tenant, scopes);
out:
    memset(key, 0, sizeof(key));
    PQclear(res);
    disconnect_db(pool, conn);
    kc_problem_clear(&pb);
    return rc;
}

static int cmd_apikey_revoke(int argc, char **argv)
{
    static const int allowed[] = {OPT_ID, 0};
    static const char sql[] = "UPDATE koers_iam.api_keys SET revoked_at = now() "
                              "WHERE id = $1 AND revoked_at IS NULL RETURNING id";
    admin_args a;
    kc_config cfg;
    kc_db_pool *pool = NULL;
    kc_db_conn *conn = NULL;
    PGresult *res = NULL;
    kc_problem pb;
    kc_status st;
    const char *params[1];
    int rc;

    kc_problem_init(&pb);
    rc = parse_args(argc, argv, allowed, &a);
    if (rc)
        goto out;
    if (!a.id) {
        rc = usage_error("%s needs --id", argv[0]);
        goto out;
    }
    if (!kc_is_uuid(a.id)) {
        rc = usage_error("--id must be an API key id (UUID), got \"%s\"", a.id);
        goto out;
    }
    rc = load_config(&cfg);
    if (rc)
        goto out;
    rc = connect_db(&cfg, &pool, &conn);
    if (rc)
        goto out;
    params[0] = a.id;
    st = kc_db_exec(conn, NULL, sql, 1, params, &res, &pb);
    if (st != KC_OK) {
        rc = fail("apikey-revoke", pb.detail[0] ? pb.detail : kc_status_title(st));
        goto out;
    }
    if (PQntuples(res) != 1) {
        fprintf(stderr, "koers-admin: apikey-revoke: no active API key with id %s\n", a.id);
        rc = EXIT_FAILURE;
        goto out;
    }
    fprintf(stderr,
            "koers-admin: API key %s revoked (running services may accept it for up to 30 s "
            "more)\n",
            a.id);
out:
    PQclear(res);
    disconnect_db(pool, conn);
    kc_problem_clear(&pb);
    return rc;
}

static int cmd_token(int argc, char **argv)
{
    static const int allowed[] = {OPT_TENANT, OPT_SUB, OPT_ROLES, OPT_TTL, 0};
    admin_args a;
    kc_config cfg;
    json_t *claims = NULL;
    json_t *roles = NULL;
    char *token = NULL;
    char rolelist[256];
    char tenant[37];
    long ttl = 3600;
    long long now;
    int rc;

    rc = parse_args(argc, argv, allowed, &a);
    if (rc)
        goto out;
    if (!a.tenant || !a.sub || !a.roles) {
        rc = usage_error("%s needs --tenant, --sub and --roles", argv[0]);
        goto out;
    }
    if (!kc_is_uuid(a.tenant)) {
        rc = usage_error("--tenant must be a tenant id (UUID), got \"%s\"", a.tenant);
        goto out;
    }
    if (!is_printable_text(a.sub, 127)) {
        rc = usage_error("--sub must be 1..127 printable characters");
        goto out;
    }
    if (normalise_list(a.roles, "abcdefghijklmnopqrstuvwxyz_", 32, rolelist, sizeof(rolelist)) <
        0) {
        rc = usage_error("--roles must list roles such as \"coordinator liaison_officer\" (a-z "
                         "and _), got \"%s\"",
                         a.roles);
        goto out;
    }
    if (a.ttl) {
        char *end = NULL;
        errno = 0;
        ttl = strtol(a.ttl, &end, 10);
        if (errno || end == a.ttl || *end || ttl < 1 || ttl > TTL_MAX_S) {
            rc = usage_error("--ttl must be a number of seconds in 1..2592000, got \"%s\"", a.ttl);
            goto out;
        }
    }
    rc = load_config(&cfg);
    if (rc)
        goto out;
    for (int i = 0; i < 36; i++)
        tenant[i] = (char)tolower((unsigned char)a.tenant[i]);
    tenant[36] = '\0';
    roles = json_array();
    for (const char *p = rolelist; roles && *p;) {
        size_t n = strcspn(p, " ");
        json_array_append_new(roles, json_stringn(p, n));
        p += n;
        while (*p == ' ')
            p++;
    }
    now = (long long)time(NULL);
    claims = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:o}", "iss", cfg.jwt_issuer, "aud",
                       cfg.jwt_audience, "sub", a.sub, "tenant", tenant, "iat", (json_int_t)now,
                       "nbf", (json_int_t)now, "exp", (json_int_t)(now + ttl), "roles", roles);
    roles = NULL; /* json_pack's "o" took it, even on failure */
    if (!claims) {
        rc = fail("token", "out of memory");
        goto out;
    }
    token = kc_jwt_sign(claims, cfg.jwt_secret);
    if (!token) {
        rc = fail("token", "signing failed");
        goto out;
    }
    printf("%s\n", token);
out:
    json_decref(roles);
    json_decref(claims);
    free(token);
    return rc;
}

typedef struct admin_command {
    const char *name;
    int (*run)(int argc, char **argv);
} admin_command;

static const admin_command commands[] = {
    {"migrate", cmd_migrate},
    {"tenant-create", cmd_tenant_create},
    {"apikey-create", cmd_apikey_create},
    {"apikey-revoke", cmd_apikey_revoke},
    {"token", cmd_token},
};

int main(int argc, char **argv)
{
    int rc = EXIT_USAGE;

    if (argc < 2) {
        fputs(usage_text, stderr);
        goto out;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage_text, stdout);
        rc = 0;
        goto out;
    }
    for (size_t i = 0; i < KC_NELEMS(commands); i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            rc = commands[i].run(argc - 1, argv + 1);
            goto out;
        }
    }
    rc = usage_error("unknown command: %s", argv[1]);
out:
    if (fflush(stdout) != 0 && rc == 0)
        rc = fail("stdout", strerror(errno));
    return rc;
}
