/* iam — a tenant's staff sign in through their municipality's own
 * identity provider (OpenID Connect). The service keeps the tenants'
 * providers (koers_iam.identity_providers: the admin's, per tenant), tells
 * a browser which provider signs a tenant's staff in (public), and tells a
 * caller who the services take them for (/me). Every service's
 * authenticator reads the same table. This file is the wiring: what is
 * iam's own (name, port, schema, migrations, routes of routes.c, API
 * document). kc_service_run (koers/service.h) reads the configuration,
 * migrates the schema, opens the pool, starts the outbox relay, serves the
 * routes until SIGTERM, then stops everything. */
#include "koers/service.h"
#include "iam.h"
#include "iam_http.h"
#include "iam_resources.h"

#define IAM_DEFAULT_PORT 8086

/* The service's own settings, read once at start. */
static int iam_configure(char *err, size_t errlen)
{
    return identity_provider_configure(err, errlen);
}

int main(void)
{
    static iam_app app;
    const kc_service_def def = {
        .name = "iam",
        .default_port = IAM_DEFAULT_PORT,
        .schema = IAM_SCHEMA,
        .migrations = iam_migrations,
        .nmigrations = iam_migrations_count,
        .routes = iam_routes,
        .nroutes = iam_routes_count,
        .api_version = IAM_API_VERSION,
        .openapi_json = iam_openapi_json,
        .app = &app,
        .app_pool = &app.pool,
        .configure = iam_configure,
    };

    return kc_service_run(&def);
}
