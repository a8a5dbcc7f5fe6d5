#ifndef KOERS_CONFIG_H
#define KOERS_CONFIG_H

#include <stddef.h>
#include "koers/log.h"

/* Configuration common to every service, read from the environment only.
 * Every variable has a safe local default; a bad value is an error with a
 * message that names the variable. */
typedef struct kc_config {
    const char *service;       /* "casedesk"                                  */
    char bind_addr[64];        /* KOERS_BIND_ADDR, default 127.0.0.1          */
    int port;                  /* KOERS_<SERVICE>_PORT or KOERS_PORT          */
    int http_threads;          /* KOERS_HTTP_THREADS, default 2 per CPU       */
    int http_max_connections;  /* KOERS_HTTP_MAX_CONNECTIONS, default 16384   */
    int http_max_per_address;  /* KOERS_HTTP_MAX_CONNECTIONS_PER_ADDRESS, 0=off */
    int http_timeout_s;        /* KOERS_HTTP_TIMEOUT, idle seconds, 15        */
    int http_deadline_s;       /* KOERS_HTTP_REQUEST_DEADLINE_S, total, 30    */
    size_t max_body_bytes;     /* KOERS_MAX_BODY_BYTES, default 1048576       */
    char database_url[512];    /* KOERS_DATABASE_URL                          */
    int db_pool_size;          /* KOERS_DB_POOL_SIZE, default = http_threads  */
    char redis_url[256];       /* KOERS_REDIS_URL, redis://127.0.0.1:6379/0   */
    char jwt_secret[256];      /* KOERS_JWT_SECRET (>= 32 bytes)              */
    char jwt_issuer[128];      /* KOERS_JWT_ISSUER, default koers             */
    char jwt_audience[128];    /* KOERS_JWT_AUDIENCE, default koers           */
    int auth_service_tokens;   /* KOERS_AUTH_SERVICE_TOKENS on|off, on: HS256
                                * tokens of jwt_issuer accepted             */
    int oidc_allow_http;       /* KOERS_OIDC_ALLOW_HTTP 0|1, 0: https only    */
    int oidc_clock_skew_s;     /* KOERS_OIDC_CLOCK_SKEW_S, 60                 */
    int oidc_refresh_min_s;    /* KOERS_OIDC_REFRESH_MIN_S, 30: one JWKS fetch
                                * per provider per interval at most on an
                                * unknown kid                                */
    int oidc_fetch_timeout_s;  /* KOERS_OIDC_FETCH_TIMEOUT_S, 5               */
    int oidc_jwks_ttl_s;       /* KOERS_OIDC_JWKS_TTL_S, 3600                 */
    char public_base_url[256]; /* KOERS_PUBLIC_BASE_URL, for "next" links     */
    kc_log_level log_level;    /* KOERS_LOG_LEVEL                             */
    int outbox_poll_ms;        /* KOERS_OUTBOX_POLL_MS, default 200           */
    int cpus;                  /* the CPUs usable: kc_cpu_count() at load     */
} kc_config;

/* Request threads per usable CPU when KOERS_HTTP_THREADS is not set (the
 * pool follows them): threads beyond that only wait in the run queue. */
#define KC_THREADS_PER_CPU 2

/* Fills cfg from the environment for `service` (default_port used when no
 * port variable is set). On error writes a message naming the variable to
 * err and returns -1. */
int kc_config_load(kc_config *cfg, const char *service, int default_port, char *err, size_t errlen);

/* The CPUs this process can use: online CPUs, fewer when the affinity mask
 * or the cgroup's CPU quota (cgroup v2 cpu.max on its path, or v1
 * cpu.cfs_quota_us: a container's CPU limit) allows fewer, rounded up;
 * at least 1. Reads /proc and /sys: call at start, not per request. */
int kc_cpu_count(void);

/* Typed lookups with bounds, for service-specific variables. Return 0, or -1
 * with a message in err when the value is present but bad. */
int kc_env_int(const char *name, int def, int min, int max, int *out, char *err, size_t errlen);
int kc_env_str(const char *name, const char *def, char *out, size_t outlen, char *err,
               size_t errlen);

#endif
