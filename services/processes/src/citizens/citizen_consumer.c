#include "citizens/citizen_consumer.h"

#include "koers/config.h"
#include "koers/consumer_set.h"
#include "citizens/citizen_service.h"
#include "processes.h"

static char casedesk_url[512];
static char events_keys[KC_CONSUMER_SET_MAX_KEYS * 72];
static char redis_url[256];
/* Catch up at least this often (KOERS_PROCESSES_CASEDESK_POLL_S): a safety
 * net behind the pub/sub wake-ups, for a wake-up lost with Redis. */
static int poll_s = 5;

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

static kc_status apply_event(kc_db_conn *conn, const char *tenant_id, const kc_consumer_event *ev,
                             void *user, kc_problem *pb)
{
    (void)user;
    return citizen_service_apply_event(conn, tenant_id, ev->id, ev->type, ev->subject, ev->data,
                                       ev->time, pb);
}

void citizen_consumer_stop(void *handle)
{
    kc_consumer_set_stop(handle);
}

kc_status citizen_consumer_start(kc_db_pool *pool, void **handle)
{
    const kc_consumer_set_config cfg = {
        .what = "citizens' cases",
        .source = "casedesk",
        .source_url = casedesk_url,
        .keys = events_keys,
        .url_env = "KOERS_PROCESSES_CASEDESK_URL",
        .keys_env = "KOERS_PROCESSES_CASEDESK_EVENTS_KEY",
        .off_effect = "the citizens' figures stay empty",
        .redis_url = redis_url,
        .poll_s = poll_s,
        .name_prefix = "citizen-cases",
        .schema = PROCESSES_SCHEMA,
        .pool = pool,
        .handler = apply_event,
    };
    kc_consumer_set *set = NULL;
    kc_status st = kc_consumer_set_start(&cfg, &set);

    *handle = set;
    return st;
}
