#include "intake/intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/config.h"
#include "koers/consumer_set.h"
#include "intake/intake_service.h"
#include "notifications.h"

#define INTAKE_SOURCES 4

static char source_urls[INTAKE_SOURCES][512];
static char events_keys[KC_CONSUMER_SET_MAX_KEYS * 72];
static char redis_url[256];
static char base_url[256] = "http://127.0.0.1:8080";
/* Catch up at least this often (KOERS_NOTIFICATIONS_EVENTS_POLL_S): a
 * safety net behind the pub/sub wake-ups. */
static int poll_s = 30;

/* The four sources: what each set is called and reads. */
typedef struct intake_source {
    const char *source;
    const char *url_env;
    const char *what;
    const char *name_prefix;
} intake_source;

static const intake_source intake_sources[INTAKE_SOURCES] = {
    {"casedesk", "KOERS_NOTIFICATIONS_CASEDESK_URL", "cases and referrals for subscribers",
     "notifications-casedesk"},
    {"surveys", "KOERS_NOTIFICATIONS_SURVEYS_URL", "surveys for subscribers",
     "notifications-surveys"},
    {"processes", "KOERS_NOTIFICATIONS_PROCESSES_URL", "processes for subscribers",
     "notifications-processes"},
    {"programmes", "KOERS_NOTIFICATIONS_PROGRAMMES_URL", "programmes for subscribers",
     "notifications-programmes"},
};

int intake_configure(char *err, size_t errlen)
{
    size_t i, n;

    for (i = 0; i < INTAKE_SOURCES; i++)
        if (kc_env_str(intake_sources[i].url_env, "", source_urls[i], sizeof(source_urls[i]), err,
                       errlen) != 0)
            return -1;
    if (kc_env_str("KOERS_NOTIFICATIONS_EVENTS_KEY", "", events_keys, sizeof(events_keys), err,
                   errlen) != 0 ||
        kc_env_str("KOERS_REDIS_URL", "redis://127.0.0.1:6379/0", redis_url, sizeof(redis_url), err,
                   errlen) != 0 ||
        kc_env_str("KOERS_PUBLIC_BASE_URL", "http://127.0.0.1:8080", base_url, sizeof(base_url),
                   err, errlen) != 0 ||
        kc_env_int("KOERS_NOTIFICATIONS_EVENTS_POLL_S", 30, 1, 3600, &poll_s, err, errlen) != 0)
        return -1;
    n = strlen(base_url);
    while (n > 0 && base_url[n - 1] == '/')
        base_url[--n] = '\0';
    if (strncmp(base_url, "http://", 7) != 0 && strncmp(base_url, "https://", 8) != 0) {
        snprintf(err, errlen, "KOERS_PUBLIC_BASE_URL must start with http:// or https://");
        return -1;
    }
    return 0;
}

kc_status intake_on_event(kc_db_conn *conn, const char *tenant_id, const kc_consumer_event *ev,
                          void *user, kc_problem *pb)
{
    return intake_service_apply(conn, (const char *)user, base_url, tenant_id, ev, pb);
}

/* The running sets (a NULL entry: that source stays off). */
typedef struct intake_sets {
    kc_consumer_set *sets[INTAKE_SOURCES];
} intake_sets;

kc_status intake_start(kc_db_pool *pool, void **handle)
{
    intake_sets *all = calloc(1, sizeof(*all));
    kc_status st = KC_OK;
    size_t i;

    *handle = NULL;
    if (all == NULL)
        return KC_INTERNAL;
    for (i = 0; st == KC_OK && i < INTAKE_SOURCES; i++) {
        kc_consumer_set_config cfg = {
            .what = intake_sources[i].what,
            .source = intake_sources[i].source,
            .source_url = source_urls[i],
            .keys = events_keys,
            .url_env = intake_sources[i].url_env,
            .keys_env = "KOERS_NOTIFICATIONS_EVENTS_KEY",
            .off_effect = "its events make no messages",
            .redis_url = redis_url,
            .poll_s = poll_s,
            .name_prefix = intake_sources[i].name_prefix,
            .schema = NOTIFICATIONS_SCHEMA,
            .pool = pool,
            .handler = intake_on_event,
            .user = (void *)intake_sources[i].source,
        };
        st = kc_consumer_set_start(&cfg, &all->sets[i]);
    }
    if (st != KC_OK) {
        intake_stop(all);
        return st;
    }
    *handle = all;
    return KC_OK;
}

void intake_stop(void *handle)
{
    intake_sets *all = handle;
    size_t i;

    if (all == NULL)
        return;
    for (i = 0; i < INTAKE_SOURCES; i++)
        kc_consumer_set_stop(all->sets[i]);
    free(all);
}
