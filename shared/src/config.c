#include "koers/config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Fills cfg from the environment (see config.h for the variables). */
int kc_config_load(kc_config *cfg, const char *service, int default_port, char *err, size_t errlen)
{
    char port_var[96];
    char level[16];
    const char *env = getenv("KOERS_ENV");
    const char *jwt = getenv("KOERS_JWT_SECRET");
    unsigned char addr_buf[16];
    int port = 0, max_body = 0;
    size_t i, n;
    int rc = -1;

    if (cfg == NULL || service == NULL) {
        if (err != NULL && errlen > 0)
            snprintf(err, errlen, "kc_config_load: no service");
        return -1;
    }
    memset(cfg, 0, sizeof(*cfg));
    cfg->service = service;

    if (kc_env_str("KOERS_BIND_ADDR", "127.0.0.1", cfg->bind_addr, sizeof(cfg->bind_addr), err,
                   errlen) != 0)
        goto out;
    if (inet_pton(AF_INET, cfg->bind_addr, addr_buf) != 1 &&
        inet_pton(AF_INET6, cfg->bind_addr, addr_buf) != 1) {
        config_fail(err, errlen, "must be a numeric IPv4 or IPv6 address", "KOERS_BIND_ADDR");
        goto out;
    }

    n = (size_t)snprintf(port_var, sizeof(port_var), "KOERS_%s_PORT", service);
    if (n >= sizeof(port_var)) {
        config_fail(err, errlen, "name too long", "service");
        goto out;
    }
    for (i = 6; port_var[i] != '\0'; i++) {
        if (port_var[i] == '-' || port_var[i] == '.')
            port_var[i] = '_';
        else
            port_var[i] = (char)toupper((unsigned char)port_var[i]);
    }
    if (getenv(port_var) != NULL && getenv(port_var)[0] != '\0') {
        if (kc_env_int(port_var, default_port, 1, 65535, &port, err, errlen) != 0)
            goto out;
    } else if (kc_env_int("KOERS_PORT", default_port, 1, 65535, &port, err, errlen) != 0) {
        goto out;
    }
    cfg->port = port;

    if (kc_env_int("KOERS_HTTP_THREADS", 8, 2, 256, &cfg->http_threads, err, errlen) != 0 ||
        kc_env_int("KOERS_HTTP_MAX_CONNECTIONS", 4096, 16, 1000000, &cfg->http_max_connections, err,
                   errlen) != 0 ||
        kc_env_int("KOERS_HTTP_TIMEOUT", 30, 1, 3600, &cfg->http_timeout_s, err, errlen) != 0 ||
        kc_env_int("KOERS_MAX_BODY_BYTES", 1048576, 1024, 67108864, &max_body, err, errlen) != 0)
        goto out;
    cfg->max_body_bytes = (size_t)max_body;

    if (kc_env_str("KOERS_DATABASE_URL", "postgresql://koers@127.0.0.1:5432/koers",
                   cfg->database_url, sizeof(cfg->database_url), err, errlen) != 0 ||
        kc_env_int("KOERS_DB_POOL_SIZE", cfg->http_threads, 1, 1024, &cfg->db_pool_size, err,
                   errlen) != 0)
        goto out;

    if (kc_env_str("KOERS_REDIS_URL", "redis://127.0.0.1:6379/0", cfg->redis_url,
                   sizeof(cfg->redis_url), err, errlen) != 0)
        goto out;
    if (strncmp(cfg->redis_url, "redis://", 8) != 0) {
        config_fail(err, errlen, "must start with redis://", "KOERS_REDIS_URL");
        goto out;
    }

    if (kc_env_str("KOERS_JWT_SECRET", dev_jwt_secret, cfg->jwt_secret, sizeof(cfg->jwt_secret),
                   err, errlen) != 0)
        goto out;
    if (strlen(cfg->jwt_secret) < 32) {
        config_fail(err, errlen, "must be at least 32 bytes long", "KOERS_JWT_SECRET");
        goto out;
    }
    if (env != NULL && strcmp(env, "production") == 0 &&
        (jwt == NULL || jwt[0] == '\0' || strcmp(cfg->jwt_secret, dev_jwt_secret) == 0)) {
        config_fail(err, errlen,
                    "must be set to a real secret when KOERS_ENV=production (the local "
                    "development default is refused)",
                    "KOERS_JWT_SECRET");
        goto out;
    }
    if (kc_env_str("KOERS_JWT_ISSUER", "koers", cfg->jwt_issuer, sizeof(cfg->jwt_issuer), err,
                   errlen) != 0 ||
        kc_env_str("KOERS_JWT_AUDIENCE", "koers", cfg->jwt_audience, sizeof(cfg->jwt_audience), err,
                   errlen) != 0 ||
        kc_env_str("KOERS_PUBLIC_BASE_URL", "", cfg->public_base_url, sizeof(cfg->public_base_url),
                   err, errlen) != 0)
        goto out;
    n = strlen(cfg->public_base_url);
    while (n > 0 && cfg->public_base_url[n - 1] == '/')
        cfg->public_base_url[--n] = '\0';
    if (n > 0 && strncmp(cfg->public_base_url, "http://", 7) != 0 &&
        strncmp(cfg->public_base_url, "https://", 8) != 0) {
        config_fail(err, errlen, "must start with http:// or https://", "KOERS_PUBLIC_BASE_URL");
        goto out;
    }

    if (kc_env_str("KOERS_LOG_LEVEL", "info", level, sizeof(level), err, errlen) != 0 ||
        kc_log_level_parse(level, &cfg->log_level) != 0) {
        config_fail(err, errlen, "must be one of debug, info, warn, error", "KOERS_LOG_LEVEL");
        goto out;
    }
    if (kc_env_int("KOERS_OUTBOX_POLL_MS", 200, 10, 60000, &cfg->outbox_poll_ms, err, errlen) != 0)
        goto out;
    rc = 0;
out:
    return rc;
}
