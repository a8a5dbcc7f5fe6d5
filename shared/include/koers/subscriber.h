#ifndef KOERS_SUBSCRIBER_H
#define KOERS_SUBSCRIBER_H

#include <jansson.h>
#include "koers/status.h"

/* Subscribes to a Redis channel pattern (e.g. "koers.casedesk.*") in a
 * thread, reconnecting with backoff, and calls cb once per event id: a
 * redelivered envelope whose id was seen recently is dropped. The envelope
 * is borrowed for the duration of the call. */
typedef void (*kc_event_cb)(const json_t *envelope, void *user);
typedef struct kc_subscriber kc_subscriber;

kc_status kc_subscriber_start(const char *redis_url, const char *pattern, kc_event_cb cb,
                              void *user, kc_subscriber **out) KC_MUST_CHECK;
/* As kc_subscriber_start, and calls on_subscribed(user) on the subscriber's
 * thread each time the subscription is (re)established, before any message
 * of it is delivered: what was published while it was not subscribed was
 * missed, and a durable consumer (koers/consumer.h) catches up then. */
kc_status kc_subscriber_start_notify(const char *redis_url, const char *pattern, kc_event_cb cb,
                                     void (*on_subscribed)(void *user), void *user,
                                     kc_subscriber **out) KC_MUST_CHECK;
void kc_subscriber_stop(kc_subscriber *s);

#endif
