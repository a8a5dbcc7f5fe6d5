/* One POST of a message to a subscriber's callback (see
 * delivery/webhook.h), through Ulfius' client (libcurl underneath).
 *
 * What Ulfius 2.7 gives back on a failure is U_ERROR_LIBCURL only, not
 * libcurl's code, so the error text is what can be told apart without it:
 * "cannot resolve" and "unsafe address: ..." come from the check before
 * connecting, "timeout" when the attempt used its whole time, "answer too
 * large" when the body was cut, else "connection failed" (refused, reset,
 * TLS, not HTTP). An answer whose body passes WEBHOOK_BODY_MAX is cut off
 * (the write callback refuses more, libcurl aborts); its status line had
 * come before any of the body, so the status counts: a 200 with a huge
 * body is delivered. */
#include "delivery/webhook.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ulfius.h>

#include "delivery/signature.h"
#include "delivery/url_safety.h"

#define USER_AGENT  "Koers-Notifications/0.1"
#define SECRETS_MAX 2
#define WHY_MAX     96

static pthread_once_t client_once = PTHREAD_ONCE_INIT;
static int client_ok;

static void client_init(void)
{
    client_ok = ulfius_global_init() == U_OK;
}

int webhook_configure(char *err, size_t errlen)
{
    pthread_once(&client_once, client_init);
    if (!client_ok) {
        snprintf(err, errlen, "the HTTP client (libcurl) cannot be initialised");
        return -1;
    }
    return 0;
}

int webhook_delivered(const webhook_result *r)
{
    return r != NULL && r->status >= 200 && r->status <= 299;
}

/* What the answer's body did: bytes seen, and whether it was cut. */
typedef struct body_sink {
    size_t seen;
    int cut;
} body_sink;

static size_t body_write(void *contents, size_t size, size_t nmemb, void *user_data)
{
    body_sink *sink = user_data;
    size_t n = size * nmemb;

    (void)contents;
    if (n > WEBHOOK_BODY_MAX - sink->seen) {
        sink->cut = 1;
        return 0; /* libcurl aborts the transfer */
    }
    sink->seen += n;
    return n;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The status of a status line "HTTP/1.1 200 OK" ("HTTP/2 200"), 0 when
 * there is none. */
static int status_of(const char *line)
{
    const char *p;
    int st = 0, i;

    if (line == NULL || strncmp(line, "HTTP/", 5) != 0 || (p = strchr(line, ' ')) == NULL)
        return 0;
    for (i = 1; i <= 3; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        st = st * 10 + (p[i] - '0');
    }
    return (p[4] == ' ' || p[4] == '\r' || p[4] == '\n' || p[4] == '\0') && st >= 100 ? st : 0;
}

/* 1 when s may be sent as a header value: no CR, LF or other control
 * character (header injection). */
static int header_safe(const char *s)
{
    for (; *s != '\0'; s++)
        if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
            return 0;
    return 1;
}

static int request_valid(const webhook_request *rq)
{
    size_t i;

    if (rq == NULL || rq->url == NULL || (rq->body == NULL && rq->body_len > 0) ||
        rq->timeout_s < 1 || rq->timeout_s > 60 || rq->nsecrets > SECRETS_MAX ||
        (rq->nsecrets > 0 && (rq->secrets == NULL || rq->message_id == NULL)))
        return 0;
    if (rq->authorization != NULL && !header_safe(rq->authorization))
        return 0;
    if (rq->message_id != NULL && (!header_safe(rq->message_id) || rq->message_id[0] == '\0'))
        return 0;
    for (i = 0; i < rq->nsecrets; i++)
        if (rq->secrets[i] == NULL)
            return 0;
    return 1;
}

kc_status webhook_send(const webhook_request *rq, webhook_result *out)
{
    struct _u_request req;
    struct _u_response resp;
    char why[WHY_MAX], ts[24];
    char sigs[SECRETS_MAX * SIGNATURE_MAX + 1];
    body_sink sink = {0, 0};
    long long start = now_ms();
    kc_status st;
    size_t i;
    int rc;

    if (out == NULL)
        return KC_INVALID;
    memset(out, 0, sizeof(*out));
    if (!request_valid(rq))
        return KC_INVALID;
    ulfius_init_request(&req);
    ulfius_init_response(&resp);
    pthread_once(&client_once, client_init);
    if (!client_ok) {
        st = KC_INTERNAL;
        goto out;
    }
    /* the name may resolve elsewhere now than when the subscription was
     * made; libcurl resolves it once more (see README: DNS rebinding) */
    if (url_safety_check(rq->url, why, sizeof(why)) != KC_OK) {
        if (strcmp(why, "cannot be resolved") == 0)
            snprintf(out->error, sizeof(out->error), "cannot resolve");
        else
            snprintf(out->error, sizeof(out->error), "unsafe address: %s", why);
        st = KC_OK;
        goto out;
    }
    sigs[0] = '\0';
    for (i = 0; i < rq->nsecrets; i++) {
        char one[SIGNATURE_MAX];
        st = signature_sign(rq->secrets[i], rq->message_id, rq->timestamp, rq->body, rq->body_len,
                            one);
        if (st != KC_OK)
            goto out; /* KC_INVALID: a malformed secret is a malformed request */
        if (i > 0)
            strcat(sigs, " ");
        strcat(sigs, one);
    }
    snprintf(ts, sizeof(ts), "%lld", rq->timestamp);
    st = KC_INTERNAL;
    if (ulfius_set_request_properties(
            &req, U_OPT_HTTP_VERB, "POST", U_OPT_HTTP_URL, rq->url, U_OPT_TIMEOUT,
            (unsigned long)rq->timeout_s, U_OPT_FOLLOW_REDIRECT, 0, U_OPT_HEADER_PARAMETER,
            "Content-Type", "application/json", U_OPT_HEADER_PARAMETER, "User-Agent", USER_AGENT,
            /* "Expect:" with no value: no 100-continue round trip */
            U_OPT_HEADER_PARAMETER, "Expect", "", U_OPT_BINARY_BODY, rq->body ? rq->body : "",
            rq->body_len, U_OPT_NONE) != U_OK)
        goto out;
    if (rq->authorization != NULL && rq->authorization[0] != '\0' &&
        ulfius_set_request_properties(&req, U_OPT_HEADER_PARAMETER, "Authorization",
                                      rq->authorization, U_OPT_NONE) != U_OK)
        goto out;
    if (rq->message_id != NULL &&
        ulfius_set_request_properties(&req, U_OPT_HEADER_PARAMETER, "webhook-id", rq->message_id,
                                      U_OPT_HEADER_PARAMETER, "webhook-timestamp", ts,
                                      U_OPT_NONE) != U_OK)
        goto out;
    if (rq->nsecrets > 0 &&
        ulfius_set_request_properties(&req, U_OPT_HEADER_PARAMETER, "webhook-signature", sigs,
                                      U_OPT_NONE) != U_OK)
        goto out;
    rc = ulfius_send_http_streaming_request(&req, &resp, body_write, &sink);
    st = KC_OK;
    if (rc == U_OK) {
        out->status = (int)resp.status;
    } else if (rc == U_ERROR_MEMORY) {
        st = KC_INTERNAL;
    } else if (sink.cut && (out->status = status_of(resp.protocol)) != 0) {
        snprintf(out->error, sizeof(out->error), "answer cut off after %d bytes", WEBHOOK_BODY_MAX);
    } else if (now_ms() - start >= (long long)rq->timeout_s * 1000 - 50) {
        snprintf(out->error, sizeof(out->error), "timeout");
    } else {
        snprintf(out->error, sizeof(out->error), "connection failed");
    }
out:
    out->duration_ms = (long)(now_ms() - start);
    ulfius_clean_request(&req);
    ulfius_clean_response(&resp);
    return st;
}
