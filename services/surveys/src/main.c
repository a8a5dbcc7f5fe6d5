/* surveys — organisational-climate monitor and core-value surveys. This
 * file is the wiring: read the configuration, migrate the schema, open the
 * pool, start the outbox relay and the scheduled-close thread, serve the
 * routes of routes.c until SIGTERM, then stop everything. */
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
#include "survey_closer.h"
#include "surveys.h"
#include "surveys_http.h"

#define SURVEYS_DEFAULT_PORT 8082
/* The database may still be starting (compose, k8s): retry migrations. */
#define SURVEYS_MIGRATE_ATTEMPTS 15
#define SURVEYS_MIGRATE_PAUSE_S  2

/* Applies the schema, retrying while the database is not reachable yet. */
static kc_status surveys_migrate(const kc_config *cfg)
{
    char err[512] = "";
    kc_status st = KC_UNAVAILABLE;
    int attempt;

    for (attempt = 1; attempt <= SURVEYS_MIGRATE_ATTEMPTS; attempt++) {
        st = kc_migrate(cfg->database_url, SURVEYS_SCHEMA, surveys_migrations,
                        surveys_migrations_count, err, sizeof(err));
        if (st == KC_OK || st != KC_UNAVAILABLE)
            break;
        kc_log(KC_LOG_WARN, NULL, "database not ready (attempt %d of %d): %s", attempt,
               SURVEYS_MIGRATE_ATTEMPTS, err);
        sleep(SURVEYS_MIGRATE_PAUSE_S);
    }
    if (st != KC_OK)
        kc_log(KC_LOG_ERROR, NULL, "migration failed: %s", err);
    return st;
}

int main(void)
{
    kc_config cfg;
    surveys_app app = {0};
    kc_auth *auth = NULL;
    kc_outbox_relay *relay = NULL;
    survey_closer *closer = NULL;
    kc_server *server = NULL;
    kc_server_opts opts = {0};
    char err[512] = "";
    int rc = 1, close_every_s = 30;

    /* before any thread starts, so only the server sees SIGTERM/SIGINT */
    kc_signals_block();
    kc_log_init("surveys", KC_LOG_INFO);
    if (kc_config_load(&cfg, "surveys", SURVEYS_DEFAULT_PORT, err, sizeof(err)) != 0 ||
        kc_env_int("KOERS_SURVEYS_CLOSE_EVERY_S", 30, 1, 3600, &close_every_s, err, sizeof(err)) !=
            0) {
        fprintf(stderr, "surveys: configuration: %s\n", err);
        return 2;
    }
    kc_log_init("surveys", cfg.log_level);

    if (surveys_migrate(&cfg) != KC_OK)
        goto out;
    if (kc_db_pool_create(cfg.database_url, cfg.db_pool_size, &app.pool, err, sizeof(err)) !=
        KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "database pool: %s", err);
        goto out;
    }
    if (kc_auth_create(app.pool, cfg.jwt_secret, cfg.jwt_issuer, cfg.jwt_audience, &auth) !=
        KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "authenticator could not be created");
        goto out;
    }
    if (kc_outbox_relay_start(cfg.database_url, SURVEYS_SCHEMA, "surveys", cfg.redis_url,
                              cfg.outbox_poll_ms, &relay) != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "outbox relay could not start");
        goto out;
    }
    if (survey_closer_start(app.pool, close_every_s, &closer) != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "scheduled-close thread could not start");
        goto out;
    }

    opts.cfg = &cfg;
    opts.routes = surveys_routes;
    opts.nroutes = surveys_routes_count;
    opts.app = &app;
    opts.api_version = SURVEYS_API_VERSION;
    opts.openapi_json = surveys_openapi_json;
    opts.pool = app.pool;
    opts.relay = relay;
    opts.auth = auth;
    if (kc_server_create(&opts, &server) != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "server could not be created");
        goto out;
    }
    kc_log(KC_LOG_INFO, NULL, "surveys %s listening on %s:%d", SURVEYS_API_VERSION, cfg.bind_addr,
           cfg.port);
    if (kc_server_run(server) != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "server stopped with an error");
        goto out;
    }
    kc_log(KC_LOG_INFO, NULL, "surveys stopped");
    rc = 0;
out:
    kc_server_free(server);
    survey_closer_stop(closer);
    kc_outbox_relay_stop(relay);
    kc_auth_free(auth);
    kc_db_pool_free(app.pool);
    return rc;
}
