#include "citizens/citizen_consumer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/auth.h"
#include "koers/config.h"
#include "koers/consumer.h"
#include "koers/log.h"
#include "citizens/citizen_service.h"
#include "processes.h"

#define CASEDESK_SCOPE_EVENTS "events:read"
/* At most this many tenants' keys (KOERS_PROCESSES_CASEDESK_EVENTS_KEY). */
#define MAX_KEYS 32

static char casedesk_url[512];
static char events_keys[MAX_KEYS * 72];
static char redis_url[256];
/* Catch up at least this often (KOERS_PROCESSES_CASEDESK_POLL_S): a safety
 * net behind the pub/sub wake-ups, for a wake-up lost with Redis. */
static int poll_s = 5;

/* One tenant's consumer: its key, and the key's tenant once known. */
typedef struct citizen_consumer {
    kc_consumer *consumer;
    kc_auth *auth; /* borrowed from the set */
    char key[72];
    char tenant_id[37];
} citizen_consumer;

/* The worker's handle: a consumer per key. */
typedef struct citizen_consumers {
    kc_auth *auth;
    size_t n;
    citizen_consumer one[MAX_KEYS];
} citizen_consumers;

int citizen_consumer_configure(char *err, size_t errlen)
{
    if (kc_env_str("KOERS_PROCESSES_CASEDESK_URL", "", casedesk_url, sizeof(casedesk_url), err,
                   errlen) != 0 ||
        kc_env_str("KOERS_PROCESSES_CASEDESK_EVENTS_KEY", "", events_keys, sizeof(events_keys), err,
                   errlen) != 0 ||
        kc_env_str("KOERS_REDIS_URL", "redis://127.0.0.1:6379/0", redis_url, sizeof(redis_url), err,
                   errlen) != 0 ||
        kc_env_int("KOERS_PROCESSES_CASEDESK_POLL_S", 5, 1, 3600, &poll_s, err, errlen) != 0)
        return -1;
    return 0;
}

/* The tenant of the events key, looked up (and cached by the
 * authenticator) in the platform's API keys; once known it is kept. A key
 * that can do more than read events is used, with a warning: it should
 * not be given to another service. */
static kc_status key_tenant(citizen_consumer *cc, kc_problem *pb)
{
    kc_principal who;
    kc_status st;

    if (cc->tenant_id[0] != '\0')
        return KC_OK;
    st = kc_auth_authenticate(cc->auth, NULL, cc->key, &who, pb);
    if (st != KC_OK)
        return st;
    if (strcmp(who.scopes, CASEDESK_SCOPE_EVENTS) != 0)
        kc_log(KC_LOG_WARN, NULL,
               "citizens' cases: a key of KOERS_PROCESSES_CASEDESK_EVENTS_KEY can do more than"
               " read events (scopes: %s); give this service keys with events:read only",
               who.scopes);
    memcpy(cc->tenant_id, who.tenant_id, sizeof(cc->tenant_id));
    return KC_OK;
}

static kc_status apply_event(kc_db_conn *conn, const kc_consumer_event *ev, void *user,
                             kc_problem *pb)
{
    citizen_consumer *cc = user;
    kc_status st = key_tenant(cc, pb);

    if (st != KC_OK)
        return st;
    return citizen_service_apply_event(conn, cc->tenant_id, ev->id, ev->type, ev->subject, ev->data,
                                       ev->time, pb);
}

void citizen_consumer_stop(void *handle)
{
    citizen_consumers *set = handle;
    size_t i;

    if (set == NULL)
        return;
    for (i = 0; i < set->n; i++)
        kc_consumer_stop(set->one[i].consumer);
    kc_auth_free(set->auth);
    free(set);
}

/* Starts the consumer of one key (set->one[set->n]). */
static kc_status start_one(citizen_consumers *set, kc_db_pool *pool, const char *key)
{
    citizen_consumer *cc = &set->one[set->n];
    kc_consumer_config cfg = {0};
    char name[64];
    kc_problem pb;
    kc_status st;

    kc_problem_init(&pb);
    cc->auth = set->auth;
    snprintf(cc->key, sizeof(cc->key), "%s", key);
    /* known now, the tenant also filters the wake-ups; else found later */
    if (key_tenant(cc, &pb) != KC_OK)
        kc_log(KC_LOG_WARN, NULL,
               "citizens' cases: the tenant of events key %zu is not known yet (%s); trying again"
               " on the first event",
               set->n + 1, kc_status_title(pb.status));
    kc_problem_clear(&pb);
    /* one cursor per tenant read (an events replay is a tenant's): another
     * key's tenant starts from the beginning; so does a start before the
     * key's tenant was known, which applying again makes harmless */
    snprintf(name, sizeof(name), "citizen-cases%s%s", cc->tenant_id[0] ? "." : "", cc->tenant_id);
    cfg.name = name;
    cfg.schema = PROCESSES_SCHEMA;
    cfg.source = "casedesk";
    cfg.source_url = casedesk_url;
    cfg.api_key = cc->key;
    cfg.redis_url = redis_url;
    cfg.tenant_id = cc->tenant_id[0] ? cc->tenant_id : NULL;
    cfg.pool = pool;
    cfg.handler = apply_event;
    cfg.user = cc;
    cfg.poll_s = poll_s;
    st = kc_consumer_start(&cfg, &cc->consumer);
    if (st == KC_OK)
        set->n++;
    return st;
}

kc_status citizen_consumer_start(kc_db_pool *pool, void **handle)
{
    citizen_consumers *set = NULL;
    char keys[sizeof(events_keys)], *save = NULL, *key;
    kc_status st = KC_INTERNAL;

    *handle = NULL;
    if (casedesk_url[0] == '\0' || events_keys[0] == '\0') {
        kc_log(KC_LOG_WARN, NULL,
               "citizens' cases: %s not set: the casedesk's events are not read and the"
               " citizens' figures stay empty",
               casedesk_url[0] == '\0' && events_keys[0] == '\0'
                   ? "KOERS_PROCESSES_CASEDESK_URL and KOERS_PROCESSES_CASEDESK_EVENTS_KEY are"
               : casedesk_url[0] == '\0' ? "KOERS_PROCESSES_CASEDESK_URL is"
                                         : "KOERS_PROCESSES_CASEDESK_EVENTS_KEY is");
        st = KC_OK;
        goto out;
    }
    set = calloc(1, sizeof(*set));
    /* the authenticator only looks the keys up: JWTs are never checked here */
    if (set == NULL || kc_auth_create(pool, "unused", "unused", "unused", &set->auth) != KC_OK)
        goto out;
    memcpy(keys, events_keys, sizeof(keys));
    st = KC_OK;
    for (key = strtok_r(keys, ", ", &save); key != NULL && st == KC_OK;
         key = strtok_r(NULL, ", ", &save)) {
        if (set->n == MAX_KEYS || strlen(key) >= sizeof(set->one[0].key)) {
            kc_log(KC_LOG_ERROR, NULL,
                   "citizens' cases: KOERS_PROCESSES_CASEDESK_EVENTS_KEY holds more than %d keys"
                   " or a key that is too long",
                   MAX_KEYS);
            st = KC_INVALID;
            break;
        }
        st = start_one(set, pool, key);
    }
    if (st != KC_OK)
        goto out;
    *handle = set;
    set = NULL;
out:
    citizen_consumer_stop(set);
    return st;
}
