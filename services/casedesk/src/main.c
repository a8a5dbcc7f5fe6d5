/* casedesk — the Connections Bureau. This file is the wiring: what is
 * casedesk's own (name, port, schema, migrations, routes of routes.c, API
 * document). kc_service_run (koers/service.h) reads the configuration,
 * migrates the schema, opens the pool, starts the outbox relay, serves the
 * routes until SIGTERM, then stops everything. */
#include "koers/service.h"
#include "casedesk.h"
#include "casedesk_http.h"
#include "citizen/citizen_crypto.h"
#include "open311/open311_http.h"
#include "open311/open311_service.h"
#include "referrals/referral_link.h"
#include "reports/statistics_days.h"
#include "sla/scheduler.h"

#define CASEDESK_DEFAULT_PORT 8081

/* casedesk's own environment variables, read once at start. */
static int casedesk_configure(char *err, size_t errlen)
{
    if (citizen_crypto_configure(err, errlen) != 0)
        return -1;
    if (scheduler_configure(err, errlen) != 0)
        return -1;
    if (statistics_days_configure(err, errlen) != 0)
        return -1;
    if (referral_link_configure(err, errlen) != 0)
        return -1;
    if (open311_configure(err, errlen) != 0)
        return -1;
    return 0;
}

int main(void)
{
    static casedesk_app app;
    const kc_service_worker workers[] = {scheduler_worker, statistics_days_worker};
    const kc_service_def def = {
        .name = "casedesk",
        .default_port = CASEDESK_DEFAULT_PORT,
        .schema = CASEDESK_SCHEMA,
        .migrations = casedesk_migrations,
        .nmigrations = casedesk_migrations_count,
        .routes = casedesk_routes,
        .nroutes = casedesk_routes_count,
        .api_version = CASEDESK_API_VERSION,
        .openapi_json = casedesk_openapi_json,
        .app = &app,
        .app_pool = &app.pool,
        .configure = casedesk_configure,
        .workers = workers,
        .nworkers = 2,
        .problem_renderer = open311_http_render_problem,
    };

    int rc = kc_service_run(&def);

    citizen_crypto_shutdown();
    return rc;
}
