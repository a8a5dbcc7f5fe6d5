/* processes — process-oriented working (seed 002): teams and staff, processes
 * with their owner, manager, teams and core team and their status, the
 * interviews and sessions they came from, and the coverage of team managers
 * as process owners. This file is the wiring: what is processes' own (name,
 * port, schema, migrations, routes of routes.c, API document).
 * kc_service_run (koers/service.h) reads the configuration, migrates the
 * schema, opens the pool, starts the outbox relay, serves the routes until
 * SIGTERM, then stops everything. */
#include "koers/service.h"
#include "processes.h"
#include "processes_http.h"

#define PROCESSES_DEFAULT_PORT 8083

int main(void)
{
    static processes_app app;
    const kc_service_def def = {
        .name = "processes",
        .default_port = PROCESSES_DEFAULT_PORT,
        .schema = PROCESSES_SCHEMA,
        .migrations = processes_migrations,
        .nmigrations = processes_migrations_count,
        .routes = processes_routes,
        .nroutes = processes_routes_count,
        .api_version = PROCESSES_API_VERSION,
        .openapi_json = processes_openapi_json,
        .app = &app,
        .app_pool = &app.pool,
    };

    return kc_service_run(&def);
}
