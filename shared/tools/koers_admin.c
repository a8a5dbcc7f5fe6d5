/* koers-admin: the operator's command for the platform tables (tenants, API
 * keys) and for minting staff tokens in development and tests.
 *
 *   koers-admin migrate
 *   koers-admin tenant-create --name NAME --slug SLUG
 *   koers-admin tenant-deactivate --id TENANT_ID
 *   koers-admin tenant-activate --id TENANT_ID
 *   koers-admin apikey-create --tenant ID --name NAME --scopes "cases:read cases:write"
 *   koers-admin apikey-list --tenant ID
 *   koers-admin apikey-revoke --id KEYID
 *   koers-admin token --tenant ID --sub SUBJECT --roles "coordinator" [--ttl SECONDS]
 *   koers-admin idp-set --tenant ID --name N --issuer URL --audience A --client-id C
 *               [--roles-claim PATH] [--role-map JSON] [--name-claim C] [--email-claim C]
 *               [--redirect-uris "u1 u2"] [--post-logout-uris "u1 u2"]
 *               [--discovery-url URL] [--scopes S]
 *   koers-admin idp-list --tenant ID
 *   koers-admin idp-delete --id ID
 *
 * Machine-readable results (an id, a key, a token) go to stdout and nothing
 * else does; messages go to stderr. Exit 0 on success, 1 on failure, 2 on
 * bad arguments. Settings come from the environment (KOERS_DATABASE_URL,
 * KOERS_JWT_SECRET, KOERS_JWT_ISSUER, KOERS_JWT_AUDIENCE).
 *
 * The commands are one table (admin_commands): each names its options,
 * those it needs, a check of their values, what it needs before it runs
 * (migrations, a database connection) and its function. The SQL is in the
 * IAM repository (shared/src/auth_repo.c) and, for identity providers, in
 * shared/src/idp_repo.c; an identity provider is checked by the rules the
 * iam service's API uses (koers/idp.h). */
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
#include "koers/idp.h"
#include "koers/validate.h"
#include "koers/config.h"
#include "koers/pg.h"
#include "koers/log.h"
#include "koers/migrate.h"
#include "../src/auth_repo.h"
#include "../src/idp_repo.h"

#define EXIT_USAGE   2
#define NAME_MAX_LEN 200
#define TTL_MAX_S    (30 * 24 * 3600)
#define MAX_OPTIONS  14

enum {
    OPT_NAME = 1,
    OPT_SLUG,
    OPT_TENANT,
    OPT_SCOPES,
    OPT_ID,
    OPT_SUB,
    OPT_ROLES,
    OPT_TTL,
    OPT_ISSUER,
    OPT_AUDIENCE,
    OPT_CLIENT_ID,
    OPT_ROLES_CLAIM,
    OPT_ROLE_MAP,
    OPT_NAME_CLAIM,
    OPT_EMAIL_CLAIM,
    OPT_REDIRECT_URIS,
    OPT_POST_LOGOUT_URIS,
    OPT_DISCOVERY_URL
};

/* The options a command may take (NULL when not given), and what the
 * command's check makes of them. */
typedef struct admin_args {
    const char *name;
    const char *slug;
    const char *tenant;
    const char *scopes;
    const char *id;
    const char *sub;
    const char *roles;
    const char *ttl;
    const char *issuer;
    const char *audience;
    const char *client_id;
    const char *roles_claim;
    const char *role_map;
    const char *name_claim;
    const char *email_claim;
    const char *redirect_uris;
    const char *post_logout_uris;
    const char *discovery_url;
    json_t *idp;          /* idp-set: the provider in the API's wire form */
    char scope_list[256]; /* scopes, normalised */
    char role_list[256];  /* roles, normalised  */
    long ttl_s;
} admin_args;

/* Every option, by its id: its name and where parse_args keeps it. */
static const struct admin_option {
    const char *name;
    size_t at;
} admin_options[] = {
    [OPT_NAME] = {"name", offsetof(admin_args, name)},
    [OPT_SLUG] = {"slug", offsetof(admin_args, slug)},
    [OPT_TENANT] = {"tenant", offsetof(admin_args, tenant)},
    [OPT_SCOPES] = {"scopes", offsetof(admin_args, scopes)},
    [OPT_ID] = {"id", offsetof(admin_args, id)},
    [OPT_SUB] = {"sub", offsetof(admin_args, sub)},
    [OPT_ROLES] = {"roles", offsetof(admin_args, roles)},
    [OPT_TTL] = {"ttl", offsetof(admin_args, ttl)},
    [OPT_ISSUER] = {"issuer", offsetof(admin_args, issuer)},
    [OPT_AUDIENCE] = {"audience", offsetof(admin_args, audience)},
    [OPT_CLIENT_ID] = {"client-id", offsetof(admin_args, client_id)},
    [OPT_ROLES_CLAIM] = {"roles-claim", offsetof(admin_args, roles_claim)},
    [OPT_ROLE_MAP] = {"role-map", offsetof(admin_args, role_map)},
    [OPT_NAME_CLAIM] = {"name-claim", offsetof(admin_args, name_claim)},
    [OPT_EMAIL_CLAIM] = {"email-claim", offsetof(admin_args, email_claim)},
    [OPT_REDIRECT_URIS] = {"redirect-uris", offsetof(admin_args, redirect_uris)},
    [OPT_POST_LOGOUT_URIS] = {"post-logout-uris", offsetof(admin_args, post_logout_uris)},
    [OPT_DISCOVERY_URL] = {"discovery-url", offsetof(admin_args, discovery_url)},
};

/* What a command needs before it runs. */
enum { NEEDS_MIGRATE = 1, NEEDS_DB = 2 };

/* One command: its name, its arguments as the usage text shows them, the
 * options it takes and those it needs (0-terminated), a check of their
 * values (a usage error, or 0), what it needs, and what it does (conn is
 * NULL without NEEDS_DB). */
typedef struct admin_command {
    const char *name;
    const char *usage;
    int options[MAX_OPTIONS];
    int required[MAX_OPTIONS];
    int (*check)(admin_args *a);
    int needs;
    int (*run)(const kc_config *cfg, kc_db_conn *conn, const admin_args *a);
} admin_command;

/* The usage text, from the table of commands. */
static void print_usage(FILE *out);

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("koers-admin: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n\n", stderr);
    print_usage(stderr);
    return EXIT_USAGE;
}

static int fail(const char *what, const char *why)
{
    fprintf(stderr, "koers-admin: %s: %s\n", what, why);
    return EXIT_FAILURE;
}

/* A failed repository call of command `what`: its detail, or its status. */
static int fail_status(const char *what, kc_status st, const kc_problem *pb)
{
    return fail(what, pb->detail[0] ? pb->detail : kc_status_title(st));
}

/* Parses the options after the command word; `allowed` lists the option
 * ids this command accepts (0-terminated). Returns 0 or EXIT_USAGE. */
static int parse_args(int argc, char **argv, const int *allowed, admin_args *a)
{
    struct option opts[KC_NELEMS(admin_options)];
    size_t i, n = 0;
    int c;

    for (i = 0; i < KC_NELEMS(admin_options); i++) {
        if (admin_options[i].name == NULL)
            continue;
        opts[n].name = admin_options[i].name;
        opts[n].has_arg = required_argument;
        opts[n].flag = NULL;
        opts[n].val = (int)i;
        n++;
    }
    memset(&opts[n], 0, sizeof(opts[n]));
    memset(a, 0, sizeof(*a));
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        int ok = 0;
        const char **slot;
        if (c == '?' || c == ':')
            return usage_error("unknown option or missing value: %s", argv[optind - 1]);
        for (const int *p = allowed; *p; p++)
            ok |= *p == c;
        if (!ok)
            return usage_error("option not valid for %s", argv[0]);
        slot = (const char **)((char *)a + admin_options[c].at);
        if (*slot)
            return usage_error("option given twice for %s", argv[0]);
        *slot = optarg;
    }
    if (optind < argc)
        return usage_error("unexpected argument: %s", argv[optind]);
    return 0;
}

/* Each option in `required` given, or a usage error listing them all
 * ("token needs --tenant, --sub and --roles"). */
static int check_required(const char *command, const int *required, const admin_args *a)
{
    char list[128] = "";
    size_t used = 0;
    int i, missing = 0;

    for (i = 0; required[i]; i++) {
        const struct admin_option *o = &admin_options[required[i]];
        missing |= *(const char *const *)((const char *)a + o->at) == NULL;
        used += (size_t)snprintf(list + used, sizeof(list) - used, "%s--%s",
                                 i == 0            ? ""
                                 : required[i + 1] ? ", "
                                                   : " and ",
                                 o->name);
        if (used >= sizeof(list))
            used = sizeof(list) - 1;
    }
    return missing ? usage_error("%s needs %s", command, list) : 0;
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

/* ---- checks of the values ------------------------------------------------ */

static int check_tenant_create(admin_args *a)
{
    if (!is_printable_text(a->name, NAME_MAX_LEN))
        return usage_error("--name must be 1..200 printable characters");
    if (!is_slug(a->slug))
        return usage_error("--slug must be 2..63 characters of a-z, 0-9 and '-' (got \"%s\")",
                           a->slug);
    return 0;
}

static int check_apikey_create(admin_args *a)
{
    if (!kc_is_uuid(a->tenant))
        return usage_error("--tenant must be a tenant id (UUID), got \"%s\"", a->tenant);
    if (!is_printable_text(a->name, NAME_MAX_LEN))
        return usage_error("--name must be 1..200 printable characters");
    if (normalise_list(a->scopes, "abcdefghijklmnopqrstuvwxyz0123456789_:.-", 64, a->scope_list,
                       sizeof(a->scope_list)) < 1)
        return usage_error("--scopes must list scopes such as \"cases:read cases:write\" (a-z, "
                           "0-9, _ : . -; at most 255 characters in all), got \"%s\"",
                           a->scopes);
    return 0;
}

static int check_apikey_revoke(admin_args *a)
{
    if (!kc_is_uuid(a->id))
        return usage_error("--id must be an API key id (UUID), got \"%s\"", a->id);
    return 0;
}

static int check_tenant_id(admin_args *a)
{
    if (!kc_is_uuid(a->id))
        return usage_error("--id must be a tenant id (UUID), got \"%s\"", a->id);
    return 0;
}

static int check_apikey_list(admin_args *a)
{
    if (!kc_is_uuid(a->tenant))
        return usage_error("--tenant must be a tenant id (UUID), got \"%s\"", a->tenant);
    return 0;
}

static int check_token(admin_args *a)
{
    char *end = NULL;

    if (!kc_is_uuid(a->tenant))
        return usage_error("--tenant must be a tenant id (UUID), got \"%s\"", a->tenant);
    if (!is_printable_text(a->sub, 127))
        return usage_error("--sub must be 1..127 printable characters");
    if (normalise_list(a->roles, "abcdefghijklmnopqrstuvwxyz_", 32, a->role_list,
                       sizeof(a->role_list)) < 0)
        return usage_error("--roles must list roles such as \"coordinator liaison_officer\" (a-z "
                           "and _), got \"%s\"",
                           a->roles);
    a->ttl_s = 3600;
    if (a->ttl) {
        errno = 0;
        a->ttl_s = strtol(a->ttl, &end, 10);
        if (errno || end == a->ttl || *end || a->ttl_s < 1 || a->ttl_s > TTL_MAX_S)
            return usage_error("--ttl must be a number of seconds in 1..2592000, got \"%s\"",
                               a->ttl);
    }
    return 0;
}

/* "u1 u2" (blank-separated) as a JSON array of strings; NULL when out of
 * memory. */
static json_t *uri_list(const char *text)
{
    json_t *list = json_array();
    size_t n;

    while (list != NULL && *text) {
        text += strspn(text, " \t\n");
        n = strcspn(text, " \t\n");
        if (n > 0 && json_array_append_new(list, json_stringn(text, n)) != 0) {
            json_decref(list);
            list = NULL;
        }
        text += n;
    }
    return list;
}

/* Sets member name of obj to value (stolen); 0, or -1 when value is NULL or
 * it cannot be set. */
static int put(json_t *obj, const char *name, json_t *value)
{
    return value != NULL && json_object_set_new(obj, name, value) == 0 ? 0 : -1;
}

/* idp-set: the options as the API's body, checked by the API's rules
 * (koers/idp.h): each fault is printed, naming the member as the API
 * does; a role map that is not JSON is named too. */
static int check_idp_set(admin_args *a)
{
    const struct {
        const char *member;
        const char *value;
    } strings[] = {
        {"name", a->name},
        {"issuer", a->issuer},
        {"audience", a->audience},
        {"clientId", a->client_id},
        {"scopes", a->scopes},
        {"rolesClaim", a->roles_claim},
        {"nameClaim", a->name_claim},
        {"emailClaim", a->email_claim},
        {"discoveryUrl", a->discovery_url},
    };
    json_error_t jerr;
    json_t *body = NULL, *v;
    kc_problem pb;
    size_t i;
    int allow_http = 0, rc = 0;
    char err[256] = "";

    kc_problem_init(&pb);
    if (!kc_is_uuid(a->tenant)) {
        rc = usage_error("--tenant must be a tenant id (UUID), got \"%s\"", a->tenant);
        goto out;
    }
    if (kc_env_switch("KOERS_OIDC_ALLOW_HTTP", 0, &allow_http, err, sizeof(err)) != 0) {
        rc = usage_error("%s", err);
        goto out;
    }
    body = json_object();
    for (i = 0; body != NULL && i < KC_NELEMS(strings); i++)
        if (strings[i].value != NULL && put(body, strings[i].member, json_string(strings[i].value)))
            rc = fail("idp-set", "out of memory (or an option is not UTF-8)");
    if (body == NULL)
        rc = fail("idp-set", "out of memory");
    if (rc != 0)
        goto out;
    if (a->role_map != NULL) {
        v = json_loads(a->role_map, 0, &jerr);
        if (v == NULL) {
            rc = usage_error("--role-map must be a JSON object such as '{\"koers-admins\": "
                             "\"admin\"}': %s",
                             jerr.text);
            goto out;
        }
        if (put(body, "roleMap", v) != 0)
            rc = fail("idp-set", "out of memory");
    }
    if (rc == 0 && a->redirect_uris != NULL &&
        put(body, "redirectUris", uri_list(a->redirect_uris)))
        rc = fail("idp-set", "out of memory");
    if (rc == 0 && a->post_logout_uris != NULL &&
        put(body, "postLogoutRedirectUris", uri_list(a->post_logout_uris)))
        rc = fail("idp-set", "out of memory");
    if (rc != 0)
        goto out;
    if (kc_validate_json(body, kc_idp_fields, kc_idp_nfields, &pb) != KC_OK ||
        kc_idp_check(body, allow_http, &pb) != KC_OK) {
        json_t *item;
        json_array_foreach(pb.invalid_params, i, item)
        {
            fprintf(stderr, "koers-admin: idp-set: %s: %s\n",
                    json_string_value(json_object_get(item, "name")),
                    json_string_value(json_object_get(item, "reason")));
        }
        rc = usage_error("idp-set: %s",
                         pb.detail[0] ? pb.detail : "the identity provider is not valid");
        goto out;
    }
    a->idp = body;
    body = NULL;
out:
    json_decref(body);
    kc_problem_clear(&pb);
    return rc;
}

static int check_idp_delete(admin_args *a)
{
    if (!kc_is_uuid(a->id))
        return usage_error("--id must be an identity provider id (UUID), got \"%s\"", a->id);
    return 0;
}

/* ---- commands ------------------------------------------------------------ */

static int run_migrate(const kc_config *cfg, kc_db_conn *conn, const admin_args *a)
{
    (void)cfg;
    (void)conn;
    (void)a;
    fprintf(stderr, "koers-admin: platform migrations applied\n");
    return 0;
}

static int run_tenant_create(const kc_config *cfg, kc_db_conn *conn, const admin_args *a)
{
    kc_problem pb;
    kc_status st;
    char id[37];
    int rc = 0;

    (void)cfg;
    kc_problem_init(&pb);
    if (kc_uuid_v4(id) != KC_OK) {
        rc = fail("tenant-create", "no random source");
        goto out;
    }
    st = kc_auth_tenant_insert(conn, id, a->name, a->slug, &pb);
    if (st != KC_OK) {
        rc = fail_status("tenant-create", st, &pb);
        goto out;
    }
    printf("%s\n", id);
out:
    kc_problem_clear(&pb);
    return rc;
}

static int run_apikey_create(const kc_config *cfg, kc_db_conn *conn, const admin_args *a)
{
    kc_problem pb;
    kc_status st;
    char id[37];
    char key[64] = "";
    char hash[65] = "";
    int rc = 0;

    (void)cfg;
    kc_problem_init(&pb);
    st = kc_auth_tenant_exists(conn, a->tenant, &pb);
    if (st != KC_OK) {
        rc = fail_status("apikey-create", st, &pb);
        goto out;
    }
    if (kc_uuid_v4(id) != KC_OK || kc_api_key_generate(key, hash) != KC_OK) {
        rc = fail("apikey-create", "no random source");
        goto out;
    }
    st = kc_auth_api_key_insert(conn, id, a->tenant, a->name, hash, a->scope_list, &pb);
    if (st != KC_OK) {
        rc = fail_status("apikey-create", st, &pb);
        goto out;
    }
    /* The key exists only here: it is stored as its hash. */
    printf("%s\n", key);
    fprintf(stderr, "koers-admin: API key %s created for tenant %s with scopes \"%s\"\n", id,
            a->tenant, a->scope_list);
out:
    memset(key, 0, sizeof(key));
    kc_problem_clear(&pb);
    return rc;
}

static int run_apikey_revoke(const kc_config *cfg, kc_db_conn *conn, const admin_args *a)
{
    kc_problem pb;
    kc_status st;
    int rc = 0;

    (void)cfg;
    kc_problem_init(&pb);
    st = kc_auth_api_key_revoke(conn, a->id, &pb);
    if (st != KC_OK) {
        rc = fail_status("apikey-revoke", st, &pb);
        goto out;
    }
    fprintf(
        stderr,
        "koers-admin: API key %s revoked (running services refuse it once they hear of it, within milliseconds)\n",
        a->id);
out:
    kc_problem_clear(&pb);
    return rc;
}

/* tenant-deactivate and tenant-activate: the trigger on koers_iam.tenants
 * tells every running service when the change commits. */
static int set_tenant_deactivated(kc_db_conn *conn, const char *id, int deactivated)
{
    const char *what = deactivated ? "tenant-deactivate" : "tenant-activate";
    kc_problem pb;
    kc_status st;
    int rc = 0;

    kc_problem_init(&pb);
    st = kc_auth_tenant_set_deactivated(conn, id, deactivated, &pb);
    if (st != KC_OK) {
        rc = fail_status(what, st, &pb);
        goto out;
    }
    fprintf(stderr, "koers-admin: tenant %s %s\n", id,
            deactivated ? "deactivated: its API keys and staff tokens are refused"
                        : "activated: its API keys and staff tokens are accepted again");
out:
    kc_problem_clear(&pb);
    return rc;
}

static int run_tenant_deactivate(const kc_config *cfg, kc_db_conn *conn, const admin_args *a)
{
    (void)cfg;
    return set_tenant_deactivated(conn, a->id, 1);
}

static int run_tenant_activate(const kc_config *cfg, kc_db_conn *conn, const admin_args *a)
{
    (void)cfg;
    return set_tenant_deactivated(conn, a->id, 0);
}

/* One line per key on stdout, tab-separated: id, name, scopes, created,
 * revoked ("-" while active). Never the key: only its hash is stored. */
static int run_apikey_list(const kc_config *cfg, kc_db_conn *conn, const admin_args *a)
{
    kc_api_key_info *keys = NULL;
    kc_problem pb;
    kc_status st;
    size_t n = 0;
    int rc = 0;

    (void)cfg;
    kc_problem_init(&pb);
    st = kc_auth_tenant_exists(conn, a->tenant, &pb);
    if (st == KC_OK)
        st = kc_auth_api_key_list(conn, a->tenant, &keys, &n, &pb);
    if (st != KC_OK) {
        rc = fail_status("apikey-list", st, &pb);
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        printf("%s\t%s\t%s\t%s\t%s\n", keys[i].id, keys[i].name, keys[i].scopes, keys[i].created_at,
               keys[i].revoked_at[0] ? keys[i].revoked_at : "-");
out:
    free(keys);
    kc_problem_clear(&pb);
    return rc;
}

static int run_token(const kc_config *cfg, kc_db_conn *conn, const admin_args *a)
{
    json_t *claims = NULL;
    json_t *roles = NULL;
    char *token = NULL;
    char tenant[37];
    long long now;
    int rc = 0;

    (void)conn;
    for (int i = 0; i < 36; i++)
        tenant[i] = (char)tolower((unsigned char)a->tenant[i]);
    tenant[36] = '\0';
    roles = json_array();
    for (const char *p = a->role_list; roles && *p;) {
        size_t n = strcspn(p, " ");
        json_array_append_new(roles, json_stringn(p, n));
        p += n;
        while (*p == ' ')
            p++;
    }
    now = (long long)time(NULL);
    claims = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:o}", "iss", cfg->jwt_issuer, "aud",
                       cfg->jwt_audience, "sub", a->sub, "tenant", tenant, "iat", (json_int_t)now,
                       "nbf", (json_int_t)now, "exp", (json_int_t)(now + a->ttl_s), "roles", roles);
    roles = NULL; /* json_pack's "o" took it, even on failure */
    if (!claims) {
        rc = fail("token", "out of memory");
        goto out;
    }
    token = kc_jwt_sign(claims, cfg->jwt_secret);
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

/* idp-set: prints the provider's id; says on stderr whether it was
 * registered or changed. */
static int run_idp_set(const kc_config *cfg, kc_db_conn *conn, const admin_args *a)
{
    kc_problem pb;
    kc_status st;
    char id[37];
    int created = 0, rc = 0;

    (void)cfg;
    kc_problem_init(&pb);
    st = kc_auth_tenant_exists(conn, a->tenant, &pb);
    if (st == KC_OK)
        st = kc_idp_repo_set(conn, a->tenant, a->idp, id, &created, &pb);
    if (st != KC_OK) {
        rc = fail_status("idp-set", st, &pb);
        goto out;
    }
    printf("%s\n", id);
    fprintf(
        stderr,
        "koers-admin: identity provider %s %s for tenant %s (every service hears of it at once)\n",
        id, created ? "registered" : "changed", a->tenant);
out:
    kc_problem_clear(&pb);
    return rc;
}

/* idp-list: one JSON object a line, in the API's wire form. */
static int run_idp_list(const kc_config *cfg, kc_db_conn *conn, const admin_args *a)
{
    json_t *items = NULL, *item;
    kc_problem pb;
    kc_status st;
    size_t i;
    int rc = 0;

    (void)cfg;
    kc_problem_init(&pb);
    st = kc_auth_tenant_exists(conn, a->tenant, &pb);
    if (st == KC_OK)
        st = kc_idp_repo_list(conn, a->tenant, &items, &pb);
    if (st != KC_OK) {
        rc = fail_status("idp-list", st, &pb);
        goto out;
    }
    json_array_foreach(items, i, item)
    {
        char *line = json_dumps(item, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (line == NULL) {
            rc = fail("idp-list", "out of memory");
            goto out;
        }
        printf("%s\n", line);
        free(line);
    }
out:
    json_decref(items);
    kc_problem_clear(&pb);
    return rc;
}

static int run_idp_delete(const kc_config *cfg, kc_db_conn *conn, const admin_args *a)
{
    kc_problem pb;
    kc_status st;
    char issuer[512];
    int rc = 0;

    (void)cfg;
    kc_problem_init(&pb);
    st = kc_idp_repo_delete(conn, a->id, issuer, sizeof(issuer), &pb);
    if (st != KC_OK) {
        rc = fail_status("idp-delete", st, &pb);
        goto out;
    }
    fprintf(
        stderr,
        "koers-admin: identity provider %s (%s) removed: its tokens are refused once the services hear of it, within milliseconds\n",
        a->id, issuer);
out:
    kc_problem_clear(&pb);
    return rc;
}

/* tenant-create migrates first, so that a fresh database works without a
 * separate step; tenant-deactivate and -activate too (their column and the
 * trigger that announces them come with iam_003). */
static const admin_command admin_commands[] = {
    {"migrate", "", {0}, {0}, NULL, NEEDS_MIGRATE, run_migrate},
    {"tenant-create",
     "--name NAME --slug SLUG",
     {OPT_NAME, OPT_SLUG},
     {OPT_NAME, OPT_SLUG},
     check_tenant_create,
     NEEDS_MIGRATE | NEEDS_DB,
     run_tenant_create},
    {"tenant-deactivate",
     "--id TENANT_ID",
     {OPT_ID},
     {OPT_ID},
     check_tenant_id,
     NEEDS_MIGRATE | NEEDS_DB,
     run_tenant_deactivate},
    {"tenant-activate",
     "--id TENANT_ID",
     {OPT_ID},
     {OPT_ID},
     check_tenant_id,
     NEEDS_MIGRATE | NEEDS_DB,
     run_tenant_activate},
    {"apikey-create",
     "--tenant TENANT_ID --name NAME --scopes \"SCOPE ...\"",
     {OPT_TENANT, OPT_NAME, OPT_SCOPES},
     {OPT_TENANT, OPT_NAME, OPT_SCOPES},
     check_apikey_create,
     NEEDS_DB,
     run_apikey_create},
    {"apikey-list",
     "--tenant TENANT_ID",
     {OPT_TENANT},
     {OPT_TENANT},
     check_apikey_list,
     NEEDS_DB,
     run_apikey_list},
    {"apikey-revoke",
     "--id KEY_ID",
     {OPT_ID},
     {OPT_ID},
     check_apikey_revoke,
     NEEDS_DB,
     run_apikey_revoke},
    {"token",
     "--tenant TENANT_ID --sub SUBJECT --roles \"ROLE ...\" [--ttl SECONDS]",
     {OPT_TENANT, OPT_SUB, OPT_ROLES, OPT_TTL},
     {OPT_TENANT, OPT_SUB, OPT_ROLES},
     check_token,
     0,
     run_token},
    /* the identity providers' table comes with iam_004: migrate first */
    {"idp-set",
     "--tenant TENANT_ID --name NAME --issuer URL --audience AUD --client-id CLIENT\n"
     "              [--roles-claim PATH] [--role-map JSON] [--name-claim CLAIM]\n"
     "              [--email-claim CLAIM] [--redirect-uris \"URI ...\"]\n"
     "              [--post-logout-uris \"URI ...\"] [--discovery-url URL] [--scopes \"S ...\"]",
     {OPT_TENANT, OPT_NAME, OPT_ISSUER, OPT_AUDIENCE, OPT_CLIENT_ID, OPT_ROLES_CLAIM, OPT_ROLE_MAP,
      OPT_NAME_CLAIM, OPT_EMAIL_CLAIM, OPT_REDIRECT_URIS, OPT_POST_LOGOUT_URIS, OPT_DISCOVERY_URL,
      OPT_SCOPES},
     {OPT_TENANT, OPT_NAME, OPT_ISSUER, OPT_AUDIENCE, OPT_CLIENT_ID},
     check_idp_set,
     NEEDS_MIGRATE | NEEDS_DB,
     run_idp_set},
    {"idp-list",
     "--tenant TENANT_ID",
     {OPT_TENANT},
     {OPT_TENANT},
     check_apikey_list,
     NEEDS_MIGRATE | NEEDS_DB,
     run_idp_list},
    {"idp-delete",
     "--id PROVIDER_ID",
     {OPT_ID},
     {OPT_ID},
     check_idp_delete,
     NEEDS_MIGRATE | NEEDS_DB,
     run_idp_delete},
};
static const size_t admin_ncommands = KC_NELEMS(admin_commands);

static void print_usage(FILE *out)
{
    size_t i;

    fputs("usage:\n", out);
    for (i = 0; i < admin_ncommands; i++)
        fprintf(out, "  koers-admin %s%s%s\n", admin_commands[i].name,
                admin_commands[i].usage[0] ? " " : "", admin_commands[i].usage);
    fputs("\n"
          "Environment: KOERS_DATABASE_URL; for token also KOERS_JWT_SECRET, KOERS_JWT_ISSUER,\n"
          "KOERS_JWT_AUDIENCE. Ids, keys and tokens are printed on stdout.\n"
          "\n"
          "Scopes of API keys: cases:read, cases:write, cases:citizen (with cases:read or\n"
          "cases:write: the citizen's name, e-mail, phone and address in the cases; without\n"
          "it they are left out), events:read, surveys:read, surveys:respond, processes:read,\n"
          "programmes:read, notifications:subscribe, notifications:read.\n"
          "\n"
          "idp-set registers a tenant's OpenID Connect provider, or changes the one with\n"
          "that issuer (options left out keep their value); the rules are the iam API's.\n"
          "KOERS_OIDC_ALLOW_HTTP=1 allows http issuers on a loopback host. idp-list prints\n"
          "one JSON object a line.\n",
          out);
}

/* ---- what every command shares -------------------------------------------- */

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

static int migrate(const kc_config *cfg)
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

/* Runs command c on the arguments after its word: options, their values,
 * configuration, migrations and connection as it needs, then c->run. */
static int run_command(const admin_command *c, int argc, char **argv)
{
    admin_args a;
    kc_config cfg;
    kc_db_pool *pool = NULL;
    kc_db_conn *conn = NULL;
    int rc;

    rc = parse_args(argc, argv, c->options, &a);
    if (rc == 0)
        rc = check_required(c->name, c->required, &a);
    if (rc == 0 && c->check != NULL)
        rc = c->check(&a);
    if (rc == 0)
        rc = load_config(&cfg);
    if (rc == 0 && (c->needs & NEEDS_MIGRATE))
        rc = migrate(&cfg);
    if (rc == 0 && (c->needs & NEEDS_DB))
        rc = connect_db(&cfg, &pool, &conn);
    if (rc == 0)
        rc = c->run(&cfg, conn, &a);
    disconnect_db(pool, conn);
    json_decref(a.idp);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = EXIT_USAGE;

    if (argc < 2) {
        print_usage(stderr);
        goto out;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        print_usage(stdout);
        rc = 0;
        goto out;
    }
    for (size_t i = 0; i < admin_ncommands; i++) {
        if (strcmp(argv[1], admin_commands[i].name) == 0) {
            rc = run_command(&admin_commands[i], argc - 1, argv + 1);
            goto out;
        }
    }
    rc = usage_error("unknown command: %s", argv[1]);
out:
    if (fflush(stdout) != 0 && rc == 0)
        rc = fail("stdout", strerror(errno));
    return rc;
}
