#include "koers/config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "koers/status.h"

/* A value anybody can read in this repository: fine on a laptop, refused
 * when KOERS_ENV=production. */
static const char dev_jwt_secret[] = "koers-local-development-secret-change-me!!";

/* Reads an integer variable. Unset or empty -> def. A value that is not a
 * whole decimal number or lies outside min..max is an error naming the
 * variable and the range. */
int kc_env_int(const char *name, int def, int min, int max, int *out, char *err, size_t errlen)
{
    const char *v = getenv(name);
    char *end = NULL;
    long n;

    if (v == NULL || v[0] == '\0') {
        *out = def;
        return 0;
    }
    errno = 0;
    n = strtol(v, &end, 10);
    if (end == v || *end != '\0' || errno != 0 || isspace((unsigned char)v[0]) || n < min ||
        n > max) {
        if (err != NULL && errlen > 0)
            snprintf(err, errlen, "%s must be an integer in %d..%d (got \"%.40s\")", name, min, max,
                     v);
        return -1;
    }
    *out = (int)n;
    return 0;
}

/* Copies a string variable (unset or empty -> def) into out; a value that
 * does not fit is an error. */
int kc_env_str(const char *name, const char *def, char *out, size_t outlen, char *err,
               size_t errlen)
{
    const char *v = getenv(name);
    size_t len;

    if (v == NULL || v[0] == '\0')
        v = def ? def : "";
    len = strlen(v);
    if (len >= outlen) {
        if (err != NULL && errlen > 0)
            snprintf(err, errlen, "%s is too long (at most %zu bytes)", name, outlen - 1);
        return -1;
    }
    memcpy(out, v, len + 1);
    return 0;
}

static int config_fail(char *err, size_t errlen, const char *msg, const char *name)
{
    if (err != NULL && errlen > 0)
        snprintf(err, errlen, "%s %s", name, msg);
    return -1;
}

/* ---- the keys ------------------------------------------------------------ */

/* What a key holds, and so how its text is read. */
typedef enum config_type {
    KEY_STR,       /* a char[] member (size bytes, the NUL included)          */
    KEY_INT,       /* an int in min..max                                      */
    KEY_SIZE,      /* a size_t in min..max                                    */
    KEY_PORT,      /* an int 1..65535: KOERS_<SERVICE>_PORT, else name        */
    KEY_LOG_LEVEL, /* a kc_log_level by its name                              */
    KEY_THREADS,   /* an int in min..max; default KC_THREADS_PER_CPU per CPU  */
    KEY_SWITCH,    /* an int 1 or 0: on/off, 1/0, true/false, yes/no          */
} config_type;

/* One configuration key, declared as pgbouncer declares its settings:
 * the variable, what it holds, its default (as text; for a port the
 * caller's, and def_key names an earlier int key whose value is the
 * default), its limits, where it goes in kc_config, and a check of the
 * value read (a fault to name, or NULL). */
typedef struct config_key {
    const char *name;
    config_type type;
    const char *def;
    const char *def_key;
    int min, max;
    size_t at, size;
    const char *(*check)(char *value);
} config_key;

#define AT(m) offsetof(kc_config, m), sizeof(((kc_config *)0)->m)

static const char *check_bind_addr(char *value)
{
    unsigned char addr[16];

    if (inet_pton(AF_INET, value, addr) == 1 || inet_pton(AF_INET6, value, addr) == 1)
        return NULL;
    return "must be a numeric IPv4 or IPv6 address";
}

static const char *check_redis_url(char *value)
{
    return strncmp(value, "redis://", 8) == 0 ? NULL : "must start with redis://";
}

static const char *check_jwt_secret(char *value)
{
    const char *env = getenv("KOERS_ENV");

    if (strlen(value) < 32)
        return "must be at least 32 bytes long";
    /* unset or empty, the variable reads as the development default */
    if (env != NULL && strcmp(env, "production") == 0 && strcmp(value, dev_jwt_secret) == 0)
        return "must be set to a real secret when KOERS_ENV=production (the local development "
               "default is refused)";
    return NULL;
}

/* Drops trailing slashes: links are built as base + "/path". */
static const char *check_public_base_url(char *value)
{
    size_t n = strlen(value);

    while (n > 0 && value[n - 1] == '/')
        value[--n] = '\0';
    if (n > 0 && strncmp(value, "http://", 7) != 0 && strncmp(value, "https://", 8) != 0)
        return "must start with http:// or https://";
    return NULL;
}

/* Every key of kc_config, in the order they are read (and errors found):
 * variable, type, default, default from, min, max, member, check. */
static const config_key config_keys[] = {
    {"KOERS_BIND_ADDR", KEY_STR, "127.0.0.1", NULL, 0, 0, AT(bind_addr), check_bind_addr},
    {"KOERS_PORT", KEY_PORT, NULL, NULL, 1, 65535, AT(port), NULL},
    {"KOERS_HTTP_THREADS", KEY_THREADS, NULL, NULL, 2, 256, AT(http_threads), NULL},
    {"KOERS_HTTP_MAX_CONNECTIONS", KEY_INT, "16384", NULL, 16, 1000000, AT(http_max_connections),
     NULL},
    {"KOERS_HTTP_MAX_CONNECTIONS_PER_ADDRESS", KEY_INT, "0", NULL, 0, 1000000,
     AT(http_max_per_address), NULL},
    {"KOERS_HTTP_TIMEOUT", KEY_INT, "15", NULL, 1, 3600, AT(http_timeout_s), NULL},
    {"KOERS_HTTP_REQUEST_DEADLINE_S", KEY_INT, "30", NULL, 1, 3600, AT(http_deadline_s), NULL},
    {"KOERS_MAX_BODY_BYTES", KEY_SIZE, "1048576", NULL, 1024, 67108864, AT(max_body_bytes), NULL},
    {"KOERS_DATABASE_URL", KEY_STR, "postgresql://koers@127.0.0.1:5432/koers", NULL, 0, 0,
     AT(database_url), NULL},
    {"KOERS_DB_POOL_SIZE", KEY_INT, NULL, "KOERS_HTTP_THREADS", 1, 1024, AT(db_pool_size), NULL},
    {"KOERS_REDIS_URL", KEY_STR, "redis://127.0.0.1:6379/0", NULL, 0, 0, AT(redis_url),
     check_redis_url},
    {"KOERS_JWT_SECRET", KEY_STR, dev_jwt_secret, NULL, 0, 0, AT(jwt_secret), check_jwt_secret},
    {"KOERS_JWT_ISSUER", KEY_STR, "koers", NULL, 0, 0, AT(jwt_issuer), NULL},
    {"KOERS_JWT_AUDIENCE", KEY_STR, "koers", NULL, 0, 0, AT(jwt_audience), NULL},
    {"KOERS_AUTH_SERVICE_TOKENS", KEY_SWITCH, "on", NULL, 0, 1, AT(auth_service_tokens), NULL},
    {"KOERS_OIDC_ALLOW_HTTP", KEY_SWITCH, "0", NULL, 0, 1, AT(oidc_allow_http), NULL},
    {"KOERS_OIDC_CLOCK_SKEW_S", KEY_INT, "60", NULL, 0, 600, AT(oidc_clock_skew_s), NULL},
    {"KOERS_OIDC_REFRESH_MIN_S", KEY_INT, "30", NULL, 1, 3600, AT(oidc_refresh_min_s), NULL},
    {"KOERS_OIDC_FETCH_TIMEOUT_S", KEY_INT, "5", NULL, 1, 60, AT(oidc_fetch_timeout_s), NULL},
    {"KOERS_OIDC_JWKS_TTL_S", KEY_INT, "3600", NULL, 60, 86400, AT(oidc_jwks_ttl_s), NULL},
    {"KOERS_PUBLIC_BASE_URL", KEY_STR, "", NULL, 0, 0, AT(public_base_url), check_public_base_url},
    {"KOERS_LOG_LEVEL", KEY_LOG_LEVEL, "info", NULL, 0, 0, AT(log_level), NULL},
    {"KOERS_OUTBOX_POLL_MS", KEY_INT, "200", NULL, 10, 60000, AT(outbox_poll_ms), NULL},
};

static int config_clamp(int v, int min, int max)
{
    return v < min ? min : v > max ? max : v;
}

/* CPUs the CPU quota of one cgroup allows, rounded up; 0 when it sets
 * none. v2: "QUOTA PERIOD" or "max PERIOD" in cpu.max; v1: the quota
 * (-1: none) and period in cpu.cfs_quota_us and cpu.cfs_period_us. */
static int cgroup_quota_cpus(const char *dir, int v1)
{
    char path[800];
    long long quota = -1, period = 0;
    FILE *f;
    int ok;

    snprintf(path, sizeof(path), "%s/%s", dir, v1 ? "cpu.cfs_quota_us" : "cpu.max");
    if ((f = fopen(path, "r")) == NULL)
        return 0;
    ok = fscanf(f, "%lld %lld", &quota, &period);
    fclose(f);
    if (v1) {
        snprintf(path, sizeof(path), "%s/cpu.cfs_period_us", dir);
        if (ok != 1 || (f = fopen(path, "r")) == NULL)
            return 0;
        ok = fscanf(f, "%lld", &period) == 1 ? 2 : 0;
        fclose(f);
    }
    if (ok != 2 || quota <= 0 || period <= 0)
        return 0;
    return (int)((quota + period - 1) / period);
}

/* The smallest CPU quota from the cgroup folder `dir` up to `root` (a
 * container's limit may sit on its own cgroup or on a parent); 0: none. */
static int cgroup_walk(char *dir, size_t rootlen, int v1)
{
    int least = 0, n;
    char *slash;

    for (;;) {
        n = cgroup_quota_cpus(dir, v1);
        if (n > 0 && (least == 0 || n < least))
            least = n;
        slash = strrchr(dir, '/');
        if (slash == NULL || (size_t)(slash - dir) < rootlen)
            break;
        *slash = '\0';
    }
    return least;
}

/* The smallest CPU quota on this process's cgroup path: the v2 one
 * ("0::/path" under /sys/fs/cgroup) or the v1 cpu controller's
 * ("N:cpu,cpuacct:/path" under /sys/fs/cgroup/cpu); 0 when none is set or
 * none can be read. */
static int cgroup_cpus(void)
{
    char line[512], dir[700];
    int least = 0, n, v1;
    FILE *f = fopen("/proc/self/cgroup", "r");
    const char *root, *path;

    while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        path = strchr(line, ':') ? strchr(strchr(line, ':') + 1, ':') : NULL;
        if (path == NULL || path[1] != '/')
            continue;
        v1 = strncmp(line, "0::", 3) != 0;
        if (v1 && strstr(line, ":cpu,") == NULL && strstr(line, ":cpu:") == NULL &&
            strstr(line, ",cpu,") == NULL && strstr(line, ",cpu:") == NULL)
            continue;
        root = v1 ? "/sys/fs/cgroup/cpu" : "/sys/fs/cgroup";
        snprintf(dir, sizeof(dir), "%s%s", root, strcmp(path + 1, "/") == 0 ? "" : path + 1);
        n = cgroup_walk(dir, strlen(root), v1);
        if (n > 0 && (least == 0 || n < least))
            least = n;
    }
    if (f != NULL)
        fclose(f);
    return least;
}

/* The CPUs this process can use: the online ones, fewer when its affinity
 * mask (a cpuset) or its cgroup's CPU quota (a container's CPU limit: a
 * container sees all the host's CPUs online) allows fewer; at least 1. */
int kc_cpu_count(void)
{
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    int n = online > 0 ? (int)(online < 4096 ? online : 4096) : 1, q;
    cpu_set_t set;

    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0 && CPU_COUNT(&set) < n)
        n = CPU_COUNT(&set);
    q = cgroup_cpus();
    if (q > 0 && q < n)
        n = q;
    return n > 0 ? n : 1;
}

/* The value already read of the int key `name` (an earlier one). */
static int config_int_of(const kc_config *cfg, const char *name)
{
    size_t i;
    int v = 0;

    for (i = 0; i < KC_NELEMS(config_keys); i++) {
        if (strcmp(config_keys[i].name, name) == 0)
            v = *(const int *)((const char *)cfg + config_keys[i].at);
    }
    return v;
}

/* The port: KOERS_<SERVICE>_PORT (upper case, '-' and '.' as '_') when set,
 * else the key's own variable, else default_port. */
static int config_port(const config_key *k, const char *service, int default_port, int *out,
                       char *err, size_t errlen)
{
    char var[96];
    const char *v;
    size_t i, n;

    n = (size_t)snprintf(var, sizeof(var), "KOERS_%s_PORT", service);
    if (n >= sizeof(var))
        return config_fail(err, errlen, "name too long", "service");
    for (i = 6; var[i] != '\0'; i++) {
        if (var[i] == '-' || var[i] == '.')
            var[i] = '_';
        else
            var[i] = (char)toupper((unsigned char)var[i]);
    }
    v = getenv(var);
    return kc_env_int(v != NULL && v[0] != '\0' ? var : k->name, default_port, k->min, k->max, out,
                      err, errlen);
}

/* A switch's text (unset or empty: def): 1 for on, 1, true, yes; 0 for
 * off, 0, false, no (any case); -1 otherwise. */
static int config_switch(const char *name, const char *def)
{
    static const char *const on[] = {"on", "1", "true", "yes"};
    static const char *const off[] = {"off", "0", "false", "no"};
    const char *v = getenv(name);
    size_t i;

    if (v == NULL || v[0] == '\0')
        v = def;
    for (i = 0; i < KC_NELEMS(on); i++) {
        if (strcasecmp(v, on[i]) == 0)
            return 1;
        if (strcasecmp(v, off[i]) == 0)
            return 0;
    }
    return -1;
}

/* Reads one key into cfg; 0, or -1 with err naming the variable. */
static int config_read(const config_key *k, kc_config *cfg, int default_port, char *err,
                       size_t errlen)
{
    char *dst = (char *)cfg + k->at;
    char level[16];
    kc_log_level lv;
    int v = 0;

    switch (k->type) {
    case KEY_STR:
        if (kc_env_str(k->name, k->def, dst, k->size, err, errlen) != 0)
            return -1;
        break;
    case KEY_THREADS:
        if (kc_env_int(k->name, config_clamp(KC_THREADS_PER_CPU * cfg->cpus, k->min, k->max),
                       k->min, k->max, (int *)dst, err, errlen) != 0)
            return -1;
        break;
    case KEY_INT:
    case KEY_SIZE:
        if (kc_env_int(k->name, k->def_key ? config_int_of(cfg, k->def_key) : atoi(k->def), k->min,
                       k->max, &v, err, errlen) != 0)
            return -1;
        if (k->type == KEY_SIZE)
            *(size_t *)dst = (size_t)v;
        else
            *(int *)dst = v;
        break;
    case KEY_SWITCH:
        if ((v = config_switch(k->name, k->def)) < 0)
            return config_fail(err, errlen, "must be on or off (1 or 0)", k->name);
        *(int *)dst = v;
        break;
    case KEY_PORT:
        if (config_port(k, cfg->service, default_port, (int *)dst, err, errlen) != 0)
            return -1;
        break;
    case KEY_LOG_LEVEL:
    default:
        if (kc_env_str(k->name, k->def, level, sizeof(level), err, errlen) != 0 ||
            kc_log_level_parse(level, &lv) != 0)
            return config_fail(err, errlen, "must be one of debug, info, warn, error", k->name);
        *(kc_log_level *)dst = lv;
        break;
    }
    if (k->check != NULL) {
        const char *fault = k->check(dst);
        if (fault != NULL)
            return config_fail(err, errlen, fault, k->name);
    }
    return 0;
}

/* Fills cfg from the environment (see config.h for the variables): every
 * key of config_keys in turn, stopping at the first bad one. */
int kc_config_load(kc_config *cfg, const char *service, int default_port, char *err, size_t errlen)
{
    size_t i;

    if (cfg == NULL || service == NULL) {
        if (err != NULL && errlen > 0)
            snprintf(err, errlen, "kc_config_load: no service");
        return -1;
    }
    memset(cfg, 0, sizeof(*cfg));
    cfg->service = service;
    cfg->cpus = kc_cpu_count();
    for (i = 0; i < KC_NELEMS(config_keys); i++) {
        if (config_read(&config_keys[i], cfg, default_port, err, errlen) != 0)
            return -1;
    }
    return 0;
}
