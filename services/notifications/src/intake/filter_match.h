#ifndef NOTIFICATIONS_FILTER_MATCH_H
#define NOTIFICATIONS_FILTER_MATCH_H

#include <jansson.h>

/* Whether a message is for a subscription, as the Notificaties API says:
 * the subscription's kanalen is [{"naam", "filters": {kenmerk: value}}];
 * a message on kanaal with kenmerken (an object of strings) matches when
 * some entry has naam == kanaal and every filter (k, v) holds: v is "*",
 * or the message has no kenmerk k (ignored), or kenmerken[k] == v (exact
 * string). An entry without filters (or with an empty object) takes every
 * message of its kanaal. Pure; everything borrowed. */

/* 1 when the message matches kanalen, else 0 (also for a kanalen that is
 * not an array, entries that are not objects, a filter value that is not a
 * string: such an entry matches nothing). */
int filter_match(const json_t *kanalen, const char *kanaal, const json_t *kenmerken);

#endif
