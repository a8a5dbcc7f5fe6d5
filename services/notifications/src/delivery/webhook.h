#ifndef NOTIFICATIONS_WEBHOOK_H
#define NOTIFICATIONS_WEBHOOK_H

#include <stddef.h>
#include "koers/status.h"

/* One POST of a message to a subscriber's callback URL: Content-Type
 * application/json, the subscription's auth value verbatim as the
 * Authorization header (when not empty), the Standard Webhooks headers
 * webhook-id and webhook-timestamp (when a message id is given: a
 * receiver deduplicates retries by it, signed or not) and, when secrets
 * are given, webhook-signature ("v1,<sig>" per secret, space-separated;
 * see delivery/signature.h). Before connecting, the URL is checked again
 * (delivery/url_safety.h: a name may resolve elsewhere than when the
 * subscription was made). Redirects are not followed (a 3xx is an
 * answer, not delivered); the attempt is cut off after timeout_s seconds
 * and the answer's body after WEBHOOK_BODY_MAX bytes (it is not kept). */

#define WEBHOOK_BODY_MAX 65536

typedef struct webhook_request {
    const char *url;           /* the callback URL                          */
    const char *authorization; /* the auth value, sent verbatim; NULL or "" */
    const char *message_id;    /* webhook-id: the message id                */
    long long timestamp;       /* webhook-timestamp: seconds since the epoch */
    const char *body;          /* the exact bytes to send (and sign)        */
    size_t body_len;
    const char *const *secrets; /* "whsec_..." (0..2 of them): sign with each */
    size_t nsecrets;
    int timeout_s; /* 1..60                                                  */
} webhook_request;

typedef struct webhook_result {
    int status;       /* the answer's HTTP status; 0 when none came         */
    char error[128];  /* when status is 0: "timeout", "connection refused",
                         "unsafe address: ...", "cannot resolve", ...;
                         never the URL, the auth value or the answer        */
    long duration_ms; /* how long the attempt took                          */
} webhook_result;

/* Initialises the HTTP client once (libcurl's global state, through
 * ulfius_global_init, which is not thread-safe): call it at start, before
 * any thread sends; webhook_send and mail_send call it too, guarded, for
 * tests and tools. 0, or -1 with a message in err. */
int webhook_configure(char *err, size_t errlen);

/* Sends rq, filling *out. KC_OK when an answer came (any status: see
 * webhook_delivered) or the attempt failed on the network or the safety
 * check (out->status 0, out->error says why); KC_INVALID for a malformed
 * rq; KC_INTERNAL when out of memory. Thread-safe. */
kc_status webhook_send(const webhook_request *rq, webhook_result *out) KC_MUST_CHECK;

/* 1 when the answer counts as delivered (any 2xx), else 0. */
int webhook_delivered(const webhook_result *r);

#endif
