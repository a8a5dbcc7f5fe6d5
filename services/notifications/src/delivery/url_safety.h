#ifndef NOTIFICATIONS_URL_SAFETY_H
#define NOTIFICATIONS_URL_SAFETY_H

#include <stddef.h>
#include "koers/status.h"

/* Whether a callback URL may be called (SSRF): https only, unless
 * KOERS_NOTIFICATIONS_ALLOW_HTTP=1 (local use); no user:password in it;
 * and the host (a name is resolved, every address it gives is checked)
 * must not be loopback, private (RFC 1918, fc00::/7), link-local
 * (169.254/16, fe80::/10, so the metadata address too), unspecified,
 * CGNAT (100.64/10), multicast, reserved, or an IPv4-mapped/-translated
 * form of any of these, unless an address falls in
 * KOERS_NOTIFICATIONS_ALLOW_NETS (comma-separated CIDRs, e.g.
 * "127.0.0.0/8,::1/128" for tests and local receivers). */

/* Reads the two variables once at start. 0, or -1 with a message in err
 * (a malformed CIDR names the entry). */
int url_safety_configure(char *err, size_t errlen);

/* KC_OK when url may be called; KC_INVALID with a reason for the
 * subscriber in why ("must use https", "resolves to a private address",
 * "cannot be resolved", "is not a URL", ...; never the whole URL) when
 * not. Thread-safe (resolves with getaddrinfo). */
kc_status url_safety_check(const char *url, char *why, size_t whylen) KC_MUST_CHECK;

#endif
