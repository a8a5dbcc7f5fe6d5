#include "dispatch/dispatch_work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <openssl/rand.h>

#include "delivery/backoff.h"
#include "delivery/mail.h"
#include "delivery/webhook.h"
#include "dispatch/dispatch_decide.h"
#include "dispatch/dispatch_repo.h"
#include "koers/log.h"
#include "koers/metrics.h"
#include "koers/outbox.h"
#include "notifications.h"
#include "subscriptions/subscription_creds.h"

#define DELIVERIES_TOTAL "notifications_deliveries_total"

/* A uniform draw in [0, 1) for the jitter. */
static double dispatch_draw(void)
{
    unsigned int r = 0;

    if (RAND_bytes((unsigned char *)&r, sizeof(r)) != 1)
        return 0.5;
    return (double)r / 4294967296.0;
}

/* Now as RFC 3339 UTC with milliseconds. */
static void dispatch_now(char out[64])
{
    struct timespec ts;
    struct tm tm;

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000L);
}

/* What one delivery's attempt came to, carried into the transaction that
 * records it and out again for the alert and the metrics. */
typedef struct dispatch_job {
    const dispatch_work_config *cfg;
    const dispatch_claim *claim;
    dispatch_decision decision;
    dispatch_result result;
    int recovered, disabled, cancelled, alert;
    dispatch_alert alert_info;
} dispatch_job;

/* An event about a subscription: {"id", ...more}. Steals more (may be
 * NULL). */
static kc_status dispatch_event(kc_db_conn *conn, const char *type, const dispatch_claim *c,
                                json_t *more, kc_problem *pb)
{
    json_t *data = more != NULL ? more : json_object();
    kc_status st;

    if (data == NULL || json_object_set_new(data, "id", json_string(c->subscription_id)) != 0) {
        json_decref(data);
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    st =
        kc_outbox_add(conn, NOTIFICATIONS_SCHEMA, type, c->tenant_id, c->subscription_id, data, pb);
    json_decref(data);
    return st;
}

static kc_status dispatch_record_tx(kc_db_conn *conn, void *arg, kc_problem *pb)
{
    dispatch_job *j = arg;
    const dispatch_claim *c = j->claim;
    kc_status st;

    st = dispatch_repo_finish(conn, c, j->cfg->leased_by, &j->result, pb);
    if (st != KC_OK)
        return st;
    switch (j->decision.outcome) {
    case DISPATCH_DELIVERED:
        st = dispatch_repo_recovered(conn, c->tenant_id, c->subscription_id, &j->recovered, pb);
        if (st == KC_OK && j->recovered)
            st = dispatch_event(conn, "subscription.recovered", c, NULL, pb);
        break;
    case DISPATCH_GONE:
        st = dispatch_repo_gone(conn, c->tenant_id, c->subscription_id, &j->disabled, &j->cancelled,
                                pb);
        if (st == KC_OK && j->disabled)
            st = dispatch_event(conn, "subscription.disabled", c,
                                json_pack("{s:s}", "reason", "gone"), pb);
        break;
    case DISPATCH_FAILED:
        st = dispatch_repo_failing(conn, c->tenant_id, c->subscription_id, j->cfg->alert_every_s,
                                   &j->alert, &j->alert_info, pb);
        if (st == KC_OK && j->alert)
            st = dispatch_event(conn, "subscription.failing", c,
                                json_pack("{s:s, s:i}", "failingSince", j->alert_info.failing_since,
                                          "failedDeliveries", j->alert_info.failed_deliveries),
                                pb);
        break;
    case DISPATCH_RETRYING:
        break;
    }
    return st;
}

kc_status dispatch_alert_mail(const char *public_base_url, const char *subscription_id,
                              const char *callback_url, const char *failing_since,
                              int failed_deliveries, char **subject, char **body)
{
    char host[256];
    kc_status st = KC_INTERNAL;

    *subject = NULL;
    *body = NULL;
    dispatch_callback_host(callback_url != NULL ? callback_url : "", host, sizeof(host));
    if (asprintf(subject, "Koers notifications: subscription %s is failing", subscription_id) < 0) {
        *subject = NULL;
        goto out;
    }
    if (asprintf(body,
                 "Messages to the subscription %s (callback host %s) cannot be delivered.\n"
                 "\n"
                 "Failing since: %s\n"
                 "Failed deliveries since then: %d (every retry was spent)\n"
                 "\n"
                 "The failed deliveries, with every attempt:\n"
                 "%s/notifications/v1/abonnement/%s/deliveries?state=failed\n"
                 "\n"
                 "Once the receiver answers again, re-send them with\n"
                 "POST %s/notifications/v1/abonnement/%s/replay\n"
                 "\n"
                 "You receive at most one such mail per subscription a day.\n",
                 subscription_id, host[0] != '\0' ? host : "unknown", failing_since,
                 failed_deliveries, public_base_url, subscription_id, public_base_url,
                 subscription_id) < 0) {
        *body = NULL;
        goto out;
    }
    st = KC_OK;
out:
    if (st != KC_OK) {
        free(*subject);
        *subject = NULL;
    }
    return st;
}

/* After the commit: the alert mail to the tenant's address, when it set
 * one and a relay is configured. A mail that does not go is logged; the
 * event and the metric have told already. */
static void dispatch_send_alert(const dispatch_job *j)
{
    char *subject = NULL, *body = NULL;
    kc_status st;

    kc_metrics_counter_add("notifications_alerts_total", NULL, 1);
    if (j->alert_info.alert_email == NULL || !mail_enabled())
        return;
    if (dispatch_alert_mail(j->cfg->public_base_url, j->claim->subscription_id,
                            j->alert_info.callback_url, j->alert_info.failing_since,
                            j->alert_info.failed_deliveries, &subject, &body) != KC_OK)
        goto out;
    st = mail_send(j->alert_info.alert_email, subject, body);
    if (st != KC_OK)
        kc_log(KC_LOG_WARN, NULL, "dispatch: the alert mail about subscription %s did not go (%s)",
               j->claim->subscription_id, kc_status_title(st));
out:
    free(subject);
    free(body);
}

/* Sends claim c with its subscription's credentials into *res (the error
 * stays in err). The credentials are read on a connection given back
 * before the network is used, and wiped right after the attempt. */
static void dispatch_send(kc_db_pool *pool, const dispatch_claim *c, webhook_result *res)
{
    subscription_creds creds;
    webhook_request rq;
    kc_db_conn *conn = NULL;
    kc_problem pb;
    kc_status st;

    memset(res, 0, sizeof(*res));
    memset(&creds, 0, sizeof(creds));
    kc_problem_init(&pb);
    st = kc_db_acquire(pool, &conn, &pb);
    if (st == KC_OK)
        st = subscription_credentials(conn, c->tenant_id, c->subscription_id, &creds, &pb);
    kc_db_release(pool, conn);
    if (st != KC_OK) {
        snprintf(res->error, sizeof(res->error), "%s",
                 st == KC_INTERNAL ? "the subscription's secrets do not open"
                                   : "the subscription cannot be read");
        goto out;
    }
    if (!creds.active) { /* disabled since the claim: its deliveries are cancelled */
        snprintf(res->error, sizeof(res->error), "%s", "the subscription is disabled");
        goto out;
    }
    memset(&rq, 0, sizeof(rq));
    rq.url = creds.callback_url;
    rq.authorization = creds.auth;
    rq.message_id = c->message_id;
    rq.timestamp = (long long)time(NULL);
    rq.body = c->body != NULL ? c->body : "";
    rq.body_len = strlen(rq.body);
    rq.secrets = (const char *const *)creds.secrets;
    rq.nsecrets = creds.nsecrets;
    rq.timeout_s = backoff_timeout_s();
    if (webhook_send(&rq, res) != KC_OK && res->status == 0 && res->error[0] == '\0')
        snprintf(res->error, sizeof(res->error), "%s", "the request could not be made");
out:
    subscription_creds_free(&creds);
    kc_problem_clear(&pb);
}

/* Works one claimed delivery: send, decide, record, then alert and count. */
static void dispatch_one(kc_db_pool *pool, const dispatch_work_config *cfg, const dispatch_claim *c)
{
    dispatch_job j;
    webhook_result res;
    char started[64];
    kc_problem pb;
    kc_status st;

    memset(&j, 0, sizeof(j));
    kc_problem_init(&pb);
    j.cfg = cfg;
    j.claim = c;
    dispatch_now(started);
    dispatch_send(pool, c, &res);
    j.decision = dispatch_decide(res.status, c->attempts + 1, backoff_retries(), dispatch_draw());
    j.result.state = dispatch_outcome_state(j.decision.outcome);
    j.result.delay_ms = j.decision.delay_ms;
    j.result.started_at = started;
    j.result.duration_ms = res.duration_ms;
    j.result.status_code = res.status;
    j.result.error = res.status == 0 ? (res.error[0] != '\0' ? res.error : "no answer") : NULL;
    kc_metrics_summary_observe("notifications_attempt_seconds", NULL,
                               (double)res.duration_ms / 1000.0);
    st = kc_db_run_tx(pool, dispatch_record_tx, &j, &pb);
    if (st == KC_NOT_FOUND) {
        kc_log(KC_LOG_INFO, NULL, "dispatch: delivery %s changed hands during its attempt", c->id);
        goto out;
    }
    if (st != KC_OK) {
        /* the lease runs out and the delivery is tried again */
        kc_log(KC_LOG_ERROR, NULL, "dispatch: the attempt of delivery %s was not recorded (%s: %s)",
               c->id, kc_status_title(st), pb.detail);
        goto out;
    }
    {
        char label[32];

        snprintf(label, sizeof(label), "result=\"%s\"", j.result.state);
        kc_metrics_counter_add(DELIVERIES_TOTAL, label, 1);
    }
    if (j.cancelled > 0)
        kc_metrics_counter_add(DELIVERIES_TOTAL, "result=\"cancelled\"", j.cancelled);
    if (j.disabled)
        kc_log(KC_LOG_WARN, NULL, "dispatch: subscription %s answered 410 Gone: disabled",
               c->subscription_id);
    if (j.alert)
        dispatch_send_alert(&j);
out:
    dispatch_alert_clear(&j.alert_info);
    kc_problem_clear(&pb);
}

/* Whole seconds of a lease of lease_s taken at *since that are left. */
static long dispatch_lease_left(const struct timespec *since, int lease_s)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)lease_s - (long)(now.tv_sec - since->tv_sec) - 1;
}

/* Gives n claims back unworked; one that cannot be is taken up again when
 * its lease runs out. */
static void dispatch_release(kc_db_pool *pool, const dispatch_work_config *cfg,
                             const dispatch_claim *claims, size_t n)
{
    kc_db_conn *conn = NULL;
    kc_problem pb;
    kc_status st;
    size_t i;

    kc_problem_init(&pb);
    st = kc_db_acquire(pool, &conn, &pb);
    for (i = 0; st == KC_OK && i < n; i++)
        st = dispatch_repo_release(conn, claims + i, cfg->leased_by, &pb);
    kc_db_release(pool, conn);
    if (st != KC_OK)
        kc_log(KC_LOG_WARN, NULL, "dispatch: unworked deliveries not given back (%s: %s)",
               kc_status_title(st), pb.detail);
    kc_problem_clear(&pb);
}

kc_status dispatch_work_round(kc_db_pool *pool, const dispatch_work_config *cfg, int batch,
                              int *worked)
{
    dispatch_claim *claims = NULL;
    size_t n = 0, i;
    int lease_s = backoff_timeout_s() + 30;
    struct timespec claimed;
    kc_db_conn *conn = NULL;
    kc_problem pb;
    kc_status st;

    *worked = 0;
    kc_problem_init(&pb);
    st = kc_db_acquire(pool, &conn, &pb);
    if (st == KC_OK)
        st = dispatch_repo_claim(conn, cfg->leased_by, lease_s, cfg->max_in_flight, batch, &claims,
                                 &n, &pb);
    kc_db_release(pool, conn);
    if (st != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "dispatch: claiming deliveries failed (%s: %s)",
               kc_status_title(st), pb.detail);
        goto out;
    }
    clock_gettime(CLOCK_MONOTONIC, &claimed);
    for (i = 0; i < n; i++) {
        /* a delivery is sent only while its lease outlasts the attempt;
         * the rest of the batch goes back for another worker to take */
        if (dispatch_lease_left(&claimed, lease_s) <= backoff_timeout_s() + 5) {
            dispatch_release(pool, cfg, claims + i, n - i);
            break;
        }
        dispatch_one(pool, cfg, &claims[i]);
    }
    *worked = (int)n;
out:
    dispatch_claims_free(claims, n);
    kc_problem_clear(&pb);
    return st;
}
