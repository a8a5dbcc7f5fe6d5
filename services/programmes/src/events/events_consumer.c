#include "events/events_consumer.h"

#include <string.h>
#include "koers/config.h"
#include "koers/consumer_set.h"
#include "events/closed_survey_service.h"
#include "events/linked_action_service.h"
#include "goals/goal_service.h"
#include "programmes.h"
#include "values/value_catalogue_service.h"

static char surveys_url[512];
static char processes_url[512];
static char casedesk_url[512];
static char events_keys[KC_CONSUMER_SET_MAX_KEYS * 72];
static char redis_url[256];
/* Catch up at least this often (KOERS_PROGRAMMES_EVENTS_POLL_S): a safety
 * net behind the pub/sub wake-ups, for a wake-up lost with Redis. */
static int poll_s = 5;

int programmes_events_configure(char *err, size_t errlen)
{
    if (kc_env_str("KOERS_PROGRAMMES_SURVEYS_URL", "", surveys_url, sizeof(surveys_url), err,
                   errlen) != 0 ||
        kc_env_str("KOERS_PROGRAMMES_PROCESSES_URL", "", processes_url, sizeof(processes_url), err,
                   errlen) != 0 ||
        kc_env_str("KOERS_PROGRAMMES_CASEDESK_URL", "", casedesk_url, sizeof(casedesk_url), err,
                   errlen) != 0 ||
        kc_env_str("KOERS_PROGRAMMES_EVENTS_KEY", "", events_keys, sizeof(events_keys), err,
                   errlen) != 0 ||
        kc_env_str("KOERS_REDIS_URL", "redis://127.0.0.1:6379/0", redis_url, sizeof(redis_url), err,
                   errlen) != 0 ||
        kc_env_int("KOERS_PROGRAMMES_EVENTS_POLL_S", 5, 1, 3600, &poll_s, err, errlen) != 0)
        return -1;
    return 0;
}

kc_status programmes_events_on_survey(kc_db_conn *conn, const char *tenant_id,
                                      const kc_consumer_event *ev, void *user, kc_problem *pb)
{
    kc_status st;

    (void)user;
    if (strncmp(ev->type, "core_value.", 11) == 0 ||
        strcmp(ev->type, "brainstorm.value.promoted") == 0)
        return value_catalogue_service_apply(conn, tenant_id, ev->id, ev->type, ev->subject,
                                             ev->data, pb);
    if (strcmp(ev->type, "survey.closed") != 0)
        return KC_OK;
    st = closed_survey_service_apply(conn, tenant_id, ev->id, ev->subject, ev->data, ev->time, pb);
    if (st == KC_OK) /* the numeric questions' means: goals' pulse indicators */
        st = goal_service_apply_survey_closed(conn, tenant_id, ev->id, ev->subject, ev->data,
                                              ev->time, pb);
    return st;
}

kc_status programmes_events_on_process(kc_db_conn *conn, const char *tenant_id,
                                       const kc_consumer_event *ev, void *user, kc_problem *pb)
{
    (void)user;
    if (strcmp(ev->type, "improvement.completed") != 0)
        return KC_OK;
    return linked_action_service_apply(conn, tenant_id, ev->id, ev->subject, ev->data, ev->time,
                                       pb);
}

kc_status programmes_events_on_case(kc_db_conn *conn, const char *tenant_id,
                                    const kc_consumer_event *ev, void *user, kc_problem *pb)
{
    (void)user;
    if (strcmp(ev->type, "case.feedback.received") != 0)
        return KC_OK;
    return goal_service_apply_feedback(conn, tenant_id, ev->id, ev->subject, ev->data, ev->time,
                                       pb);
}

/* Starts a set for one source with the common settings. */
static kc_status start_set(kc_consumer_set_config *cfg, kc_db_pool *pool, void **handle)
{
    kc_consumer_set *set = NULL;
    kc_status st;

    cfg->keys = events_keys;
    cfg->keys_env = "KOERS_PROGRAMMES_EVENTS_KEY";
    cfg->redis_url = redis_url;
    cfg->poll_s = poll_s;
    cfg->schema = PROGRAMMES_SCHEMA;
    cfg->pool = pool;
    st = kc_consumer_set_start(cfg, &set);
    *handle = set;
    return st;
}

kc_status programmes_surveys_consumer_start(kc_db_pool *pool, void **handle)
{
    kc_consumer_set_config cfg = {
        .what = "survey results",
        .source = "surveys",
        .source_url = surveys_url,
        .url_env = "KOERS_PROGRAMMES_SURVEYS_URL",
        .off_effect = "the programmes' candidate values and value catalogue stay empty",
        .name_prefix = "survey-results",
        .handler = programmes_events_on_survey,
    };

    return start_set(&cfg, pool, handle);
}

kc_status programmes_processes_consumer_start(kc_db_pool *pool, void **handle)
{
    kc_consumer_set_config cfg = {
        .what = "process improvements",
        .source = "processes",
        .source_url = processes_url,
        .url_env = "KOERS_PROGRAMMES_PROCESSES_URL",
        .off_effect = "actions linked to a process improvement are not completed by it",
        .name_prefix = "process-improvements",
        .handler = programmes_events_on_process,
    };

    return start_set(&cfg, pool, handle);
}

kc_status programmes_casedesk_consumer_start(kc_db_pool *pool, void **handle)
{
    kc_consumer_set_config cfg = {
        .what = "case feedback",
        .source = "casedesk",
        .source_url = casedesk_url,
        .url_env = "KOERS_PROGRAMMES_CASEDESK_URL",
        .off_effect = "equal-party shares of the goals stay empty",
        .name_prefix = "case-feedback",
        .handler = programmes_events_on_case,
    };

    return start_set(&cfg, pool, handle);
}

void programmes_events_consumer_stop(void *handle)
{
    kc_consumer_set_stop(handle);
}
