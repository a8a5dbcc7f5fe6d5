/* casedesk — the Connections Bureau. This file is the wiring: read the
 * configuration, migrate the schema, open the pool, start the outbox relay,
 * serve the routes of routes.c until SIGTERM, then stop everything. */
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
#include "casedesk.h"
#include "casedesk_http.h"

#define CASEDESK_DEFAULT_PORT 8081
/* The database may still be starting (compose, k8s): retry migrations. */
#define CASEDESK_MIGRATE_ATTEMPTS 15
#define CASEDESK_MIGRATE_PAUSE_S  2

/* Applies the schema, retrying while the database is not reachable yet. */
static kc_status casedesk_migrate(const kc_config *cfg)
{
    char err[512] = "";
    kc_status st = KC_UNAVAILABLE;
    int attempt;

    for (attempt = 1; attempt <= CASEDESK_MIGRATE_ATTEMPTS; attempt++) {
        st = kc_migrate(cfg->database_url, CASEDESK_SCHEMA, casedesk_migrations,
                        casedesk_migrations_count, err, sizeof(err));
        if (st == KC_OK || st != KC_UNAVAILABLE)
            break;
        kc_log(KC_LOG_WARN, NULL, "database not ready (attempt %d of %d): %s", attempt,
               CASEDESK_MIGRATE_ATTEMPTS, err);
        sleep(CASEDESK_MIGRATE_PAUSE_S);
    }
    if (st != KC_OK)
        kc_log(KC_LOG_ERROR, NULL, "migration failed: %s", err);
    return st;
}

int main(void)
{
    kc_config cfg;
    casedesk_app app = {0};
    kc_auth *auth = NULL;
    kc_outbox_relay *relay = NULL;
    kc_server *server = NULL;
    kc_server_opts opts = {0};
    char err[512] = "";
    int rc = 1;

    /* before any thread starts, so only the server sees SIGTERM/SIGINT */
    kc_signals_block();
    kc_log_init("casedesk", KC_LOG_INFO);
    if (kc_config_load(&cfg, "casedesk", CASEDESK_DEFAULT_PORT, err, sizeof(err)) != 0) {
        fprintf(stderr, "casedesk: configuration: %s\n", err);
        return 2;
    }
    kc_log_init("casedesk", cfg.log_level);

    if (casedesk_migrate(&cfg) != KC_OK)
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
    if (kc_outbox_relay_start(cfg.database_url, CASEDESK_SCHEMA, "casedesk", cfg.redis_url,
                              cfg.outbox_poll_ms, &relay) != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "outbox relay could not start");
        goto out;
    }

    opts.cfg = &cfg;
    opts.routes = casedesk_routes;
    opts.nroutes = casedesk_routes_count;
    opts.app = &app;
    opts.api_version = CASEDESK_API_VERSION;
    opts.openapi_json = casedesk_openapi_json;
    opts.pool = app.pool;
    opts.relay = relay;
    opts.auth = auth;
    if (kc_server_create(&opts, &server) != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "server could not be created");
        goto out;
    }
    kc_log(KC_LOG_INFO, NULL, "casedesk %s listening on %s:%d", CASEDESK_API_VERSION, cfg.bind_addr,
           cfg.port);
    if (kc_server_run(server) != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "server stopped with an error");
        goto out;
    }
    kc_log(KC_LOG_INFO, NULL, "casedesk stopped");
    rc = 0;
out:
    kc_server_free(server);
    kc_outbox_relay_stop(relay);
    kc_auth_free(auth);
    kc_db_pool_free(app.pool);
    return rc;
}
