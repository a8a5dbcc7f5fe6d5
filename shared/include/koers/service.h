#ifndef KOERS_SERVICE_H
#define KOERS_SERVICE_H

#include <stddef.h>
#include "koers/config.h"
#include "koers/db.h"
#include "koers/http.h"
#include "koers/migrate.h"

/* The start-up and shut-down every Koers service does the same way. A
 * service's main() fills a kc_service_def with what is its own and hands it
 * to kc_service_run; see services/<name>/src/main.c. */

/* A background thread of the service besides the outbox relay (surveys'
 * scheduled close). */
typedef struct kc_service_worker {
    const char *what; /* names it in the log: "scheduled-close thread" */
    /* Starts it; *handle is what stop gets back. The pool is borrowed and
     * outlives the worker. */
    kc_status (*start)(kc_db_pool *pool, void **handle);
    /* Wakes it, waits for work in progress to end, frees it. */
    void (*stop)(void *handle);
} kc_service_worker;

typedef struct kc_service_def {
    const char *name;               /* "casedesk": log tag, config, events  */
    int default_port;               /* when no KOERS_<NAME>_PORT/KOERS_PORT */
    const char *schema;             /* database schema of the service       */
    const kc_migration *migrations; /* applied to schema at start           */
    size_t nmigrations;
    const kc_route *routes; /* the endpoint table of routes.c               */
    size_t nroutes;
    const char *api_version;  /* full semver, sent as API-Version           */
    const char *openapi_json; /* served at /<name>/v1/openapi.json          */
    void *app;                /* the service's state, ctx->app in handlers  */
    kc_db_pool **app_pool;    /* where in app the pool goes (NULL: nowhere) */
    /* Optional: reads the service's own environment variables once the
     * common ones are loaded. Returns 0, or -1 with a message in err. */
    int (*configure)(char *err, size_t errlen);
    const kc_service_worker *workers; /* optional, started in this order */
    size_t nworkers;
    /* Optional: renders failures on some paths in another standard's
     * format (kc_problem_renderer in koers/http.h). */
    kc_problem_renderer problem_renderer;
} kc_service_def;

/* Runs the service described by def until SIGTERM or SIGINT, in this order:
 * block the stop signals (before any thread starts, so only the server's
 * sigwait sees them), start the log, load the configuration (kc_config_load,
 * then def->configure), apply the migrations (retrying while the database
 * is not reachable yet: 15 attempts 2 s apart, for compose and k8s), open
 * the pool (stored at *def->app_pool), create the authenticator, start the
 * outbox relay, start the workers, then serve the routes. On the stop
 * signal the server drains requests in flight, and everything started is
 * stopped in reverse order: server, workers (last first), relay, auth,
 * pool. def and everything it points to are borrowed for the whole run.
 *
 * Returns the process exit code: 0 after a clean stop, 2 for a bad
 * configuration (written to stderr, the log is not set up yet), 1 when
 * anything else fails (logged). Call it once per process, from main(). */
int kc_service_run(const kc_service_def *def);

#endif
