/* notifications — portals, case systems and intranets are told when
 * something happens in Koers, the way the Dutch Notificaties API 1.0 works
 * (kanalen, abonnementen, information-poor messages), with signatures,
 * retries, a deliveries log, dead letters and alerts, replay and a pull
 * endpoint. This file is the wiring: what is notifications' own (name,
 * port, schema, migrations, routes of routes.c, API document).
 * kc_service_run (koers/service.h) reads the configuration, migrates the
 * schema, opens the pool, starts the outbox relay, serves the routes until
 * SIGTERM, then stops everything. The workers are the intake (the other
 * services' events become messages and deliveries) and the dispatcher
 * (deliveries are sent, retried, failed and alerted). */
#include "koers/service.h"
#include "notifications.h"
#include "notifications_http.h"
/* ---- includes: delivery ---- */
#include "delivery/backoff.h"
#include "delivery/mail.h"
#include "delivery/secret_box.h"
#include "delivery/url_safety.h"
#include "delivery/webhook.h"
/* ---- includes: intake ---- */
#include "intake/intake.h"
/* ---- includes: dispatch ---- */
#include "dispatch/dispatcher.h"

#define NOTIFICATIONS_DEFAULT_PORT 8085

/* The service's own settings, read once at start; each part reads its
 * own. */
static int notifications_configure(char *err, size_t errlen)
{
    /* ---- configure: delivery ---- */
    if (webhook_configure(err, errlen) != 0)
        return -1;
    if (url_safety_configure(err, errlen) != 0)
        return -1;
    if (backoff_configure(err, errlen) != 0)
        return -1;
    if (secret_box_configure(err, errlen) != 0)
        return -1;
    if (mail_configure(err, errlen) != 0)
        return -1;
    /* ---- configure: intake ---- */
    if (intake_configure(err, errlen) != 0)
        return -1;
    /* ---- configure: dispatch ---- */
    if (dispatch_configure(err, errlen) != 0)
        return -1;
    return 0;
}

int main(void)
{
    static notifications_app app;
    /* the last entry (all zero) ends the list */
    static const kc_service_worker workers[] = {
        /* ---- workers: intake ---- */
        {"intake (the services' events)", intake_start, intake_stop},
        /* ---- workers: dispatch ---- */
        {"dispatcher threads", dispatch_start, dispatch_stop},
        {0},
    };
    const kc_service_def def = {
        .name = "notifications",
        .default_port = NOTIFICATIONS_DEFAULT_PORT,
        .schema = NOTIFICATIONS_SCHEMA,
        .migrations = notifications_migrations,
        .nmigrations = notifications_migrations_count,
        .routes = notifications_routes,
        .nroutes = notifications_routes_count,
        .api_version = NOTIFICATIONS_API_VERSION,
        .openapi_json = notifications_openapi_json,
        .app = &app,
        .app_pool = &app.pool,
        .configure = notifications_configure,
        .workers = workers,
        .nworkers = KC_NELEMS(workers) - 1,
    };

    return kc_service_run(&def);
}
