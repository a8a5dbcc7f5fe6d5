/* processes — process-oriented working (seed 002): teams and staff, processes
 * with their owner, manager, teams and core team and their status, the
 * interviews and sessions they came from, and the coverage of team managers
 * as process owners. This file is the wiring: what is processes' own (name,
 * port, schema, migrations, routes of routes.c, API document).
 * kc_service_run (koers/service.h) reads the configuration, migrates the
 * schema, opens the pool, starts the outbox relay, serves the routes until
 * SIGTERM, then stops everything. The one worker is the consumer of the
 * casedesk's events (the citizens' cases). */
#include "koers/service.h"
#include "citizens/citizen_consumer.h"
#include "processes.h"
#include "processes_http.h"

#define PROCESSES_DEFAULT_PORT 8083

/* The service's own settings: the casedesk whose events feed the
 * citizens' figures (citizens/citizen_consumer.h). */
static int processes_configure(char *err, size_t errlen)
{
    return citizen_consumer_configure(err, errlen);
}

int main(void)
{
    static processes_app app;
    static const kc_service_worker workers[] = {
        {.what = "casedesk events consumer",
         .start = citizen_consumer_start,
         .stop = citizen_consumer_stop},
    };
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
        .configure = processes_configure,
        .workers = workers,
        .nworkers = KC_NELEMS(workers),
    };

    return kc_service_run(&def);
}
