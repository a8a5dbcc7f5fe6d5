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

static char casedesk_url[512];
static char events_key[256];
static char redis_url[256];
/* Catch up at least this often (KOERS_PROCESSES_CASEDESK_POLL_S): the
 * casedesk's relay publishes an event's wake-up just before the event shows
 * in its replay, so a wake-up can come too early; the poll then picks the
 * event up. */
static int poll_s = 5;

typedef struct citizen_consumer {
    kc_consumer *consumer;
    kc_auth *auth;
    char tenant_id[37]; /* the key's tenant, once known */
} citizen_consumer;

int citizen_consumer_configure(char *err, size_t errlen)
{
    if (kc_env_str("KOERS_PROCESSES_CASEDESK_URL", "", casedesk_url, sizeof(casedesk_url), err,
                   errlen) != 0 ||
        kc_env_str("KOERS_PROCESSES_CASEDESK_EVENTS_KEY", "", events_key, sizeof(events_key), err,
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
    st = kc_auth_authenticate(cc->auth, NULL, events_key, &who, pb);
    if (st != KC_OK)
        return st;
    if (strcmp(who.scopes, CASEDESK_SCOPE_EVENTS) != 0)
        kc_log(KC_LOG_WARN, NULL,
               "citizens' cases: KOERS_PROCESSES_CASEDESK_EVENTS_KEY can do more than read events"
               " (scopes: %s); give this service a key with events:read only",
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
    citizen_consumer *cc = handle;

    if (cc == NULL)
        return;
    kc_consumer_stop(cc->consumer);
    kc_auth_free(cc->auth);
    free(cc);
}

kc_status citizen_consumer_start(kc_db_pool *pool, void **handle)
{
    citizen_consumer *cc = NULL;
    kc_consumer_config cfg = {0};
    char name[64];
    kc_problem pb;
    kc_status st = KC_INTERNAL;

    *handle = NULL;
    kc_problem_init(&pb);
    if (casedesk_url[0] == '\0' || events_key[0] == '\0') {
        kc_log(KC_LOG_WARN, NULL,
               "citizens' cases: %s not set: the casedesk's events are not read and the"
               " citizens' figures stay empty",
               casedesk_url[0] == '\0' && events_key[0] == '\0'
                   ? "KOERS_PROCESSES_CASEDESK_URL and KOERS_PROCESSES_CASEDESK_EVENTS_KEY are"
               : casedesk_url[0] == '\0' ? "KOERS_PROCESSES_CASEDESK_URL is"
                                         : "KOERS_PROCESSES_CASEDESK_EVENTS_KEY is");
        st = KC_OK;
        goto out;
    }
    cc = calloc(1, sizeof(*cc));
    /* the authenticator only looks the key up: JWTs are never checked here */
    if (cc == NULL || kc_auth_create(pool, "unused", "unused", "unused", &cc->auth) != KC_OK)
        goto out;
    /* known now, the tenant also filters the wake-ups; else found later */
    if (key_tenant(cc, &pb) != KC_OK)
        kc_log(KC_LOG_WARN, NULL,
               "citizens' cases: the events key's tenant is not known yet (%s); trying again on"
               " the first event",
               kc_status_title(pb.status));
    /* one cursor per tenant read (an events replay is a tenant's): another
     * key's tenant starts from the beginning; so does a start before the
     * key's tenant was known, which applying again makes harmless */
    snprintf(name, sizeof(name), "citizen-cases%s%s", cc->tenant_id[0] ? "." : "", cc->tenant_id);
    cfg.name = name;
    cfg.schema = PROCESSES_SCHEMA;
    cfg.source = "casedesk";
    cfg.source_url = casedesk_url;
    cfg.api_key = events_key;
    cfg.redis_url = redis_url;
    cfg.tenant_id = cc->tenant_id[0] ? cc->tenant_id : NULL;
    cfg.pool = pool;
    cfg.handler = apply_event;
    cfg.user = cc;
    cfg.poll_s = poll_s;
    st = kc_consumer_start(&cfg, &cc->consumer);
    if (st != KC_OK)
        goto out;
    *handle = cc;
    cc = NULL;
out:
    if (cc != NULL) {
        kc_auth_free(cc->auth);
        free(cc);
    }
    kc_problem_clear(&pb);
    return st;
}
