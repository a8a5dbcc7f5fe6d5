/* surveys — organisational-climate monitor and core-value surveys. This
 * file is the wiring: what is surveys' own (name, port, schema, migrations,
 * routes of routes.c, API document, the scheduled-close thread and its
 * setting). kc_service_run (koers/service.h) reads the configuration,
 * migrates the schema, opens the pool, starts the outbox relay and the
 * scheduled-close thread, serves the routes until SIGTERM, then stops
 * everything. */
#include "koers/config.h"
#include "koers/service.h"
#include "surveys/survey_closer.h"
#include "surveys.h"
#include "surveys_http.h"

#define SURVEYS_DEFAULT_PORT 8082

/* Seconds between two scheduled-close passes (KOERS_SURVEYS_CLOSE_EVERY_S). */
static int close_every_s = 30;

static int surveys_configure(char *err, size_t errlen)
{
    return kc_env_int("KOERS_SURVEYS_CLOSE_EVERY_S", 30, 1, 3600, &close_every_s, err, errlen);
}

static kc_status closer_start(kc_db_pool *pool, void **handle)
{
    survey_closer *closer = NULL;
    kc_status st = survey_closer_start(pool, close_every_s, &closer);

    *handle = closer;
    return st;
}

static void closer_stop(void *handle)
{
    survey_closer_stop(handle);
}

int main(void)
{
    static surveys_app app;
    static const kc_service_worker workers[] = {
        {.what = "scheduled-close thread", .start = closer_start, .stop = closer_stop},
    };
    const kc_service_def def = {
        .name = "surveys",
        .default_port = SURVEYS_DEFAULT_PORT,
        .schema = SURVEYS_SCHEMA,
        .migrations = surveys_migrations,
        .nmigrations = surveys_migrations_count,
        .routes = surveys_routes,
        .nroutes = surveys_routes_count,
        .api_version = SURVEYS_API_VERSION,
        .openapi_json = surveys_openapi_json,
        .app = &app,
        .app_pool = &app.pool,
        .configure = surveys_configure,
        .workers = workers,
        .nworkers = KC_NELEMS(workers),
    };

    return kc_service_run(&def);
}
