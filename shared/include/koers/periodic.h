#ifndef KOERS_PERIODIC_H
#define KOERS_PERIODIC_H

#include "koers/status.h"

/* A background thread that does one thing every so many seconds (surveys'
 * scheduled close, casedesk's scheduler) and stops at once when asked, even
 * in the middle of its wait. */

typedef struct kc_periodic kc_periodic;

typedef void (*kc_periodic_fn)(void *arg);

/* Starts the thread: fn(arg) every every_s seconds (>= 1), the first call
 * at once when first_now is set, else after every_s. arg is borrowed until
 * kc_periodic_stop returns. */
kc_status kc_periodic_start(int every_s, int first_now, kc_periodic_fn fn, void *arg,
                            kc_periodic **out) KC_MUST_CHECK;

/* Wakes the thread, waits for a call in progress to end, frees p. NULL is
 * fine. */
void kc_periodic_stop(kc_periodic *p);

#endif
