/* A durable consumer per tenant's events key (koers/consumer_set.h). Logs
 * name the set, the variables and the key's position: never a key. */
#include "koers/consumer_set.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/auth.h"
#include "koers/log.h"

#define SCOPE_EVENTS "events:read"
#define KEY_MAX      72

/* One tenant's consumer: its key, and the key's tenant once known. */
typedef struct set_member {
    kc_consumer *consumer;
    kc_consumer_set *set;
    char key[KEY_MAX];
    char tenant_id[37];
} set_member;

struct kc_consumer_set {
    kc_auth *auth; /* only looks the keys up */
    char what[64];
    char keys_env[96];
    kc_consumer_set_handler handler;
    void *user;
    size_t n;
    set_member one[KC_CONSUMER_SET_MAX_KEYS];
};

/* The tenant of the member's key, looked up in the platform's API keys (the
 * set's authenticator listens for no revocations, so it caches nothing);
 * once known it is kept: a key's tenant never changes, and a revoked key or
 * a deactivated tenant is refused by the source service itself. */
static kc_status key_tenant(set_member *m, kc_problem *pb)
{
    kc_principal who;
    kc_status st;

    if (m->tenant_id[0] != '\0')
        return KC_OK;
    st = kc_auth_authenticate(m->set->auth, NULL, m->key, &who, pb);
    if (st != KC_OK)
        return st;
    if (strcmp(who.scopes, SCOPE_EVENTS) != 0)
        kc_log(KC_LOG_WARN, NULL,
               "%s: a key of %s can do more than read events (scopes: %s); give this service"
               " keys with events:read only",
               m->set->what, m->set->keys_env, who.scopes);
    memcpy(m->tenant_id, who.tenant_id, sizeof(m->tenant_id));
    return KC_OK;
}

static kc_status apply_event(kc_db_conn *conn, const kc_consumer_event *ev, void *user,
                             kc_problem *pb)
{
    set_member *m = user;
    kc_consumer_event mine = *ev;
    kc_status st = key_tenant(m, pb);

    if (st != KC_OK)
        return st;
    mine.tenant_id = m->tenant_id;
    return m->set->handler(conn, m->tenant_id, &mine, m->set->user, pb);
}

void kc_consumer_set_stop(kc_consumer_set *set)
{
    size_t i;

    if (set == NULL)
        return;
    for (i = 0; i < set->n; i++)
        kc_consumer_stop(set->one[i].consumer);
    kc_auth_free(set->auth);
    free(set);
}

size_t kc_consumer_set_size(const kc_consumer_set *set)
{
    return set != NULL ? set->n : 0;
}

/* Starts the consumer of one key (set->one[set->n]). */
static kc_status start_one(kc_consumer_set *set, const kc_consumer_set_config *cfg, const char *key)
{
    set_member *m = &set->one[set->n];
    kc_consumer_config cc = {0};
    char name[128];
    kc_problem pb;
    kc_status st;

    kc_problem_init(&pb);
    m->set = set;
    snprintf(m->key, sizeof(m->key), "%s", key);
    /* known now, the tenant also filters the wake-ups; else found later */
    if (key_tenant(m, &pb) != KC_OK)
        kc_log(KC_LOG_WARN, NULL,
               "%s: the tenant of events key %zu is not known yet (%s); trying again on the first"
               " event",
               set->what, set->n + 1, kc_status_title(pb.status));
    kc_problem_clear(&pb);
    /* one cursor per tenant read (an events replay is a tenant's): another
     * key's tenant starts from the beginning; so does a start before the
     * key's tenant was known, which applying again makes harmless */
    snprintf(name, sizeof(name), "%s%s%s", cfg->name_prefix, m->tenant_id[0] ? "." : "",
             m->tenant_id);
    cc.name = name;
    cc.schema = cfg->schema;
    cc.source = cfg->source;
    cc.source_url = cfg->source_url;
    cc.api_key = m->key;
    cc.redis_url = cfg->redis_url;
    cc.tenant_id = m->tenant_id[0] ? m->tenant_id : NULL;
    cc.pool = cfg->pool;
    cc.handler = apply_event;
    cc.user = m;
    cc.poll_s = cfg->poll_s;
    st = kc_consumer_start(&cc, &m->consumer);
    if (st == KC_OK)
        set->n++;
    return st;
}

/* Logs once that the set stays off, naming what is missing. */
static void log_off(const kc_consumer_set_config *cfg, int no_url, int no_keys)
{
    char missing[256];

    if (no_url && no_keys)
        snprintf(missing, sizeof(missing), "%s and %s are", cfg->url_env, cfg->keys_env);
    else
        snprintf(missing, sizeof(missing), "%s is", no_url ? cfg->url_env : cfg->keys_env);
    kc_log(KC_LOG_WARN, NULL, "%s: %s not set: the events of the %s service are not read and %s",
           cfg->what, missing, cfg->source, cfg->off_effect);
}

/* Checks the keys before anything starts: 1 when there are at most
 * KC_CONSUMER_SET_MAX_KEYS of them and none is too long. */
static int keys_fit(const char *keys)
{
    size_t n = 0, len;

    for (keys += strspn(keys, ", "); *keys != '\0'; keys += strspn(keys, ", ")) {
        len = strcspn(keys, ", ");
        if (++n > KC_CONSUMER_SET_MAX_KEYS || len >= KEY_MAX)
            return 0;
        keys += len;
    }
    return 1;
}

kc_status kc_consumer_set_start(const kc_consumer_set_config *cfg, kc_consumer_set **out)
{
    kc_consumer_set *set = NULL;
    char *keys = NULL, *save = NULL, *key;
    kc_auth_options auth_opts;
    int no_url = cfg->source_url == NULL || cfg->source_url[0] == '\0';
    int no_keys = cfg->keys == NULL || cfg->keys[0] == '\0';
    kc_status st = KC_INTERNAL;

    *out = NULL;
    if (no_url || no_keys) {
        log_off(cfg, no_url, no_keys);
        st = KC_OK;
        goto out;
    }
    if (!keys_fit(cfg->keys)) {
        kc_log(KC_LOG_ERROR, NULL, "%s: %s holds more than %d keys or a key that is too long",
               cfg->what, cfg->keys_env, KC_CONSUMER_SET_MAX_KEYS);
        st = KC_INVALID;
        goto out;
    }
    set = calloc(1, sizeof(*set));
    keys = strdup(cfg->keys);
    /* the authenticator only looks the keys up: JWTs are never checked here */
    kc_auth_options_init(&auth_opts, "unused", "unused", "unused");
    auth_opts.service_tokens = 0;
    if (set == NULL || keys == NULL || kc_auth_create(cfg->pool, &auth_opts, &set->auth) != KC_OK)
        goto out;
    snprintf(set->what, sizeof(set->what), "%s", cfg->what);
    snprintf(set->keys_env, sizeof(set->keys_env), "%s", cfg->keys_env);
    set->handler = cfg->handler;
    set->user = cfg->user;
    st = KC_OK;
    for (key = strtok_r(keys, ", ", &save); key != NULL && st == KC_OK;
         key = strtok_r(NULL, ", ", &save))
        st = start_one(set, cfg, key);
    if (st != KC_OK)
        goto out;
    *out = set;
    set = NULL;
out:
    kc_consumer_set_stop(set);
    free(keys);
    return st;
}
