#ifndef NOTIFICATIONS_MAIL_H
#define NOTIFICATIONS_MAIL_H

#include <stddef.h>
#include "koers/status.h"

/* Alert mail through a configured SMTP relay (Ulfius'
 * ulfius_send_smtp_email): KOERS_SMTP_HOST (unset: no mail, the alert is
 * an event and a metric only), KOERS_SMTP_PORT (25), KOERS_SMTP_TLS (0),
 * KOERS_SMTP_USER and KOERS_SMTP_PASSWORD (optional, never logged),
 * KOERS_SMTP_FROM (koers-notifications@localhost). */

/* Reads the variables once at start. 0, or -1 with a message in err. */
int mail_configure(char *err, size_t errlen);

/* 1 when a relay is configured. */
int mail_enabled(void);

/* Sends a plain-text mail. KC_OK when the relay accepted it, KC_UNAVAILABLE
 * when it did not (or none is configured), KC_INVALID for an address with
 * CR/LF or without '@'. Thread-safe. */
kc_status mail_send(const char *to, const char *subject, const char *body) KC_MUST_CHECK;

#endif
