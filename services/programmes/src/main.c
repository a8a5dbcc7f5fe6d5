/* programmes — change programmes (seeds 000, 001, 003, 004): programmes
 * and their approach (phases and steps, versioned through checkpoints),
 * groups, building blocks, improvement proposals and the actions they
 * become. This file is the wiring: what is programmes' own (name, port,
 * schema, migrations, routes of routes.c, API document).
 * kc_service_run (koers/service.h) reads the configuration, migrates the
 * schema, opens the pool, starts the outbox relay, serves the routes until
 * SIGTERM, then stops everything. The workers are the consumers of the
 * surveys', the processes' and the casedesk's events and the periodic
 * refresh of the goals' indicators. */
#include "koers/service.h"
#include "events/events_consumer.h"
#include "goals/indicator_refresh.h"
#include "programmes.h"
#include "programmes_http.h"

#define PROGRAMMES_DEFAULT_PORT 8084

/* The service's own settings: the services whose events it reads
 * (events/events_consumer.h) and how often the indicators are refreshed
 * (goals/indicator_refresh.h). */
static int programmes_configure(char *err, size_t errlen)
{
    if (programmes_events_configure(err, errlen) != 0)
        return -1;
    return indicator_refresh_configure(err, errlen);
}

int main(void)
{
    static programmes_app app;
    static const kc_service_worker workers[] = {
        {.what = "surveys events consumer",
         .start = programmes_surveys_consumer_start,
         .stop = programmes_events_consumer_stop},
        {.what = "processes events consumer",
         .start = programmes_processes_consumer_start,
         .stop = programmes_events_consumer_stop},
        {.what = "casedesk events consumer",
         .start = programmes_casedesk_consumer_start,
         .stop = programmes_events_consumer_stop},
        {.what = "indicator refresh",
         .start = indicator_refresh_start,
         .stop = indicator_refresh_stop},
    };
    const kc_service_def def = {
        .name = "programmes",
        .default_port = PROGRAMMES_DEFAULT_PORT,
        .schema = PROGRAMMES_SCHEMA,
        .migrations = programmes_migrations,
        .nmigrations = programmes_migrations_count,
        .routes = programmes_routes,
        .nroutes = programmes_routes_count,
        .api_version = PROGRAMMES_API_VERSION,
        .openapi_json = programmes_openapi_json,
        .app = &app,
        .app_pool = &app.pool,
        .configure = programmes_configure,
        .workers = workers,
        .nworkers = KC_NELEMS(workers),
    };

    return kc_service_run(&def);
}
