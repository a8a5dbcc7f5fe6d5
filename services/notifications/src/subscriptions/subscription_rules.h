#ifndef NOTIFICATIONS_SUBSCRIPTION_RULES_H
#define NOTIFICATIONS_SUBSCRIPTION_RULES_H

#include <stddef.h>
#include <jansson.h>
#include "koers/problem.h"
#include "delivery/webhook.h"

/* The rules of an abonnement that need no database and no network: pure,
 * unit-tested. Each check adds one fault per member at fault to pb
 * (kc_problem_add_field, the invalidParams of a 422) and returns 1 when
 * all was well, else 0; the caller sets the detail once all is checked. */

#define SUB_KANALEN_MAX      20
#define SUB_FILTER_VALUE_MAX 200
#define SUB_AUTH_MAX         1000
#define SUB_OVERLAP_MAX      604800 /* a week, in seconds */
#define SUB_OVERLAP_DEFAULT  86400

/* kanalen as a subscriber gives them: 1..20 objects {naam, filters?};
 * naam one of the catalogue's ([{naam, filters: [kenmerk, ...]}]);
 * filters an object whose keys are among that kanaal's filters (or
 * eventType) with string values of 1..200 characters. Faults are named
 * "kanalen", "kanalen[i]", "kanalen[i].naam", "kanalen[i].filters" and
 * "kanalen[i].filters.<key>". */
int sub_rules_check_kanalen(const json_t *kanalen, const json_t *catalogue, kc_problem *pb);

/* The auth value: 1..1000 characters, no control characters (it is sent
 * verbatim as a header). Faults are named "auth". */
int sub_rules_check_auth(const char *auth, kc_problem *pb);

/* The kanalen as stored: each entry {naam, filters} with filters an object
 * ({} when the subscriber gave none). A new reference; NULL when out of
 * memory. kanalen must have passed sub_rules_check_kanalen. */
json_t *sub_rules_normal_kanalen(const json_t *kanalen);

/* The test message of the Notificaties API sent to a new or changed
 * callback, as compact JSON text in the standard's key order (heap, the
 * caller frees; NULL when out of memory): kanaal "test", hoofdObject and
 * resourceUrl <base>/notifications/v1/kanaal, resource "test", actie
 * "create", aanmaakdatum now_rfc3339, kenmerken {}. */
char *sub_rules_test_message(const char *base, const char *now_rfc3339);

/* Whether the answer to the test message accepts the callback: 1 for a
 * 2xx; else 0 with why, for the subscriber ("answered 500 to the test
 * message", "did not answer the test message within 10 s", "could not be
 * reached: connection refused", ...). */
int sub_rules_test_accepted(const webhook_result *r, int timeout_s, char *why, size_t whylen);

/* An alert address: an e-mail address of 3..254 characters without CR or
 * LF (it goes into a mail header). 1 when it is one, else 0. */
int sub_rules_alert_email_ok(const char *s);

#endif
