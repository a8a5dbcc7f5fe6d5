#ifndef KOERS_CONSUMER_SET_H
#define KOERS_CONSUMER_SET_H

#include <stddef.h>
#include "koers/consumer.h"
#include "koers/db.h"

/* A durable consumer (koers/consumer.h) per tenant a service reads another
 * service's events for. An events replay is one tenant's (the API key's),
 * so a service that serves several tenants is given one events:read key
 * per tenant, comma-separated, and runs one kc_consumer per key: named
 * "<prefix>.<tenant>" (its own cursor), the key's tenant looked up in the
 * platform's API keys (koers_iam) and handed to the handler with each
 * event. The processes service reads the casedesk's events through a set,
 * the programmes service the surveys' and the processes'. */

/* At most this many keys (tenants) in a set. */
#define KC_CONSUMER_SET_MAX_KEYS 32

typedef struct kc_consumer_set kc_consumer_set;

/* Applies ev of tenant_id (the key's tenant, a UUID) on conn, inside the
 * consumer's transaction: as kc_consumer_handler (KC_OK commits, anything
 * else rolls the event back and it is retried). */
typedef kc_status (*kc_consumer_set_handler)(kc_db_conn *conn, const char *tenant_id,
                                             const kc_consumer_event *ev, void *user,
                                             kc_problem *pb);

/* What a service gives the set; strings are copied by
 * kc_consumer_set_start, pool and user are borrowed until
 * kc_consumer_set_stop. */
typedef struct kc_consumer_set_config {
    const char *what;        /* names the set in the log: "citizens' cases"    */
    const char *source;      /* the source service, e.g. "casedesk"           */
    const char *source_url;  /* its base URL; NULL or "": the set stays off   */
    const char *keys;        /* events:read keys of the source, one per tenant,
                                comma-separated (never logged); NULL or "":
                                the set stays off                            */
    const char *url_env;     /* the variables they come from, named in the   */
    const char *keys_env;    /* log: "KOERS_PROCESSES_CASEDESK_URL", ...      */
    const char *off_effect;  /* what staying off means, for the log: "the
                                citizens' figures stay empty"                 */
    const char *redis_url;   /* the wake-ups; NULL or "": poll only           */
    int poll_s;              /* catch up at least this often (0: default)     */
    const char *name_prefix; /* "citizen-cases": consumers "citizen-cases.<tenant>" */
    const char *schema;      /* the consuming service's schema (cursors)      */
    kc_db_pool *pool;
    kc_consumer_set_handler handler;
    void *user;
} kc_consumer_set_config;

/* Starts a consumer per key of cfg->keys into *out. Without a source URL
 * or keys it logs once (naming the variables and cfg->off_effect) and
 * gives KC_OK with *out NULL: the set stays off. A key whose tenant
 * cannot be looked up yet (the database is down) is tried again on its
 * first event; its consumer is then named "<prefix>" alone (applying
 * again is harmless for a handler that is safe to apply twice). A key
 * that can do more than read events is used with a warning. KC_INVALID
 * (logged) for more than KC_CONSUMER_SET_MAX_KEYS keys or a key too long,
 * else kc_consumer_start's status; on failure nothing is left running. */
kc_status kc_consumer_set_start(const kc_consumer_set_config *cfg,
                                kc_consumer_set **out) KC_MUST_CHECK;

/* Stops every consumer of the set (kc_consumer_stop) and frees it. NULL
 * is fine. */
void kc_consumer_set_stop(kc_consumer_set *set);

/* How many consumers (keys) the set runs; 0 for NULL. */
size_t kc_consumer_set_size(const kc_consumer_set *set);

#endif
