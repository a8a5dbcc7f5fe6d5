/* The common life of a service: configuration, migrations, pool, auth,
 * outbox relay, workers, server, orderly shutdown. See koers/service.h. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "koers/auth.h"
#include "koers/config.h"
#include "koers/db.h"
#include "koers/http.h"
#include "koers/log.h"
#include "koers/migrate.h"
#include "koers/outbox.h"
#include "koers/service.h"

/* The database may still be starting (compose, k8s): retry migrations. */
#define KC_SERVICE_MIGRATE_ATTEMPTS 15
#define KC_SERVICE_MIGRATE_PAUSE_S  2

/* Applies the schema, retrying while the database is not reachable yet. */
static kc_status service_migrate(const kc_service_def *def, const kc_config *cfg)
{
    char err[512] = "";
    kc_status st = KC_UNAVAILABLE;
    int attempt;

    for (attempt = 1; attempt <= KC_SERVICE_MIGRATE_ATTEMPTS; attempt++) {
        st = kc_migrate(cfg->database_url, def->schema, def->migrations, def->nmigrations, err,
                        sizeof(err));
        if (st == KC_OK || st != KC_UNAVAILABLE)
            break;
        kc_log(KC_LOG_WARN, NULL, "database not ready (attempt %d of %d): %s", attempt,
               KC_SERVICE_MIGRATE_ATTEMPTS, err);
        sleep(KC_SERVICE_MIGRATE_PAUSE_S);
    }
    if (st != KC_OK)
        kc_log(KC_LOG_ERROR, NULL, "migration failed: %s", err);
    return st;
}

int kc_service_run(const kc_service_def *def)
{
    kc_config cfg;
    kc_db_pool *pool = NULL;
    kc_auth *auth = NULL;
    kc_auth_options auth_opts;
    kc_outbox_relay *relay = NULL;
    void **workers = NULL;
    size_t nstarted = 0;
    kc_server *server = NULL;
    kc_server_opts opts = {0};
    char err[512] = "";
    int rc = 1;

    /* before any thread starts, so only the server sees SIGTERM/SIGINT */
    kc_signals_block();
    kc_log_init(def->name, KC_LOG_INFO);
    if (kc_config_load(&cfg, def->name, def->default_port, err, sizeof(err)) != 0 ||
        (def->configure != NULL && def->configure(err, sizeof(err)) != 0)) {
        fprintf(stderr, "%s: configuration: %s\n", def->name, err);
        return 2;
    }
    kc_log_init(def->name, cfg.log_level);
    /* libpq's default gssencmode=prefer looks for Kerberos credentials on
     * every connect, which loads and runs the Kerberos libraries: 0.8 MiB
     * of resident memory per process for an encryption Koers does not
     * use. Set PGGSSENCMODE (or gssencmode in the URL) to have it. Before
     * any thread starts: setenv is not thread-safe. */
    if (setenv("PGGSSENCMODE", "disable", 0) != 0)
        kc_log(KC_LOG_WARN, NULL, "could not default PGGSSENCMODE to disable");

    if (def->nworkers > 0 && (workers = calloc(def->nworkers, sizeof(*workers))) == NULL) {
        kc_log(KC_LOG_ERROR, NULL, "out of memory");
        goto out;
    }
    if (service_migrate(def, &cfg) != KC_OK)
        goto out;
    if (kc_db_pool_create(cfg.database_url, cfg.db_pool_size, &pool, err, sizeof(err)) != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "database pool: %s", err);
        goto out;
    }
    if (def->app_pool != NULL)
        *def->app_pool = pool;
    kc_auth_options_init(&auth_opts, cfg.jwt_secret, cfg.jwt_issuer, cfg.jwt_audience);
    auth_opts.service_tokens = cfg.auth_service_tokens;
    auth_opts.oidc_allow_http = cfg.oidc_allow_http;
    auth_opts.oidc_clock_skew_s = cfg.oidc_clock_skew_s;
    auth_opts.oidc_refresh_min_s = cfg.oidc_refresh_min_s;
    auth_opts.oidc_fetch_timeout_s = cfg.oidc_fetch_timeout_s;
    auth_opts.oidc_jwks_ttl_s = cfg.oidc_jwks_ttl_s;
    if (kc_auth_create(pool, &auth_opts, &auth) != KC_OK ||
        kc_auth_listen(auth, cfg.database_url) != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "authenticator could not be created");
        goto out;
    }
    if (kc_outbox_relay_start(cfg.database_url, def->schema, def->name, cfg.redis_url,
                              cfg.outbox_poll_ms, &relay) != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "outbox relay could not start");
        goto out;
    }
    for (; nstarted < def->nworkers; nstarted++) {
        const kc_service_worker *w = &def->workers[nstarted];

        if (w->start(pool, &workers[nstarted]) != KC_OK) {
            kc_log(KC_LOG_ERROR, NULL, "%s could not start", w->what);
            goto out;
        }
    }

    opts.cfg = &cfg;
    opts.routes = def->routes;
    opts.nroutes = def->nroutes;
    opts.app = def->app;
    opts.api_version = def->api_version;
    opts.openapi_json = def->openapi_json;
    opts.pool = pool;
    opts.relay = relay;
    opts.auth = auth;
    opts.problem_renderer = def->problem_renderer;
    opts.migrated = 1; /* service_migrate succeeded above */
    if (kc_server_create(&opts, &server) != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "server could not be created");
        goto out;
    }
    kc_log(
        KC_LOG_INFO, NULL,
        "%s %s listening on %s:%d: %d request threads, %d pooled database connections, %d CPUs usable (KOERS_HTTP_THREADS, KOERS_DB_POOL_SIZE)",
        def->name, def->api_version, cfg.bind_addr, cfg.port, cfg.http_threads, cfg.db_pool_size,
        cfg.cpus);
    if (kc_server_run(server) != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "server stopped with an error");
        goto out;
    }
    kc_log(KC_LOG_INFO, NULL, "%s stopped", def->name);
    rc = 0;
out:
    kc_server_free(server);
    while (nstarted > 0) {
        nstarted--;
        def->workers[nstarted].stop(workers[nstarted]);
    }
    free(workers);
    kc_outbox_relay_stop(relay);
    kc_auth_free(auth);
    if (def->app_pool != NULL)
        *def->app_pool = NULL;
    kc_db_pool_free(pool);
    return rc;
}
