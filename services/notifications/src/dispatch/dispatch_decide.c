#include "dispatch/dispatch_decide.h"

#include <stdio.h>
#include <string.h>
#include "delivery/backoff.h"

dispatch_decision dispatch_decide(int status, int attempts, int retries, double u)
{
    dispatch_decision d = {DISPATCH_FAILED, 0};

    if (status >= 200 && status <= 299)
        d.outcome = DISPATCH_DELIVERED;
    else if (status == 410)
        d.outcome = DISPATCH_GONE;
    else if (attempts <= retries) {
        d.outcome = DISPATCH_RETRYING;
        d.delay_ms = backoff_delay_ms(attempts - 1, u);
    }
    return d;
}

const char *dispatch_outcome_state(dispatch_outcome outcome)
{
    switch (outcome) {
    case DISPATCH_DELIVERED:
        return "delivered";
    case DISPATCH_RETRYING:
        return "retrying";
    case DISPATCH_FAILED:
    case DISPATCH_GONE:
        break;
    }
    return "failed";
}

void dispatch_callback_host(const char *url, char *out, size_t outlen)
{
    const char *p = strstr(url, "://");
    const char *end, *at;
    size_t n;

    if (outlen == 0)
        return;
    out[0] = '\0';
    if (p == NULL)
        return;
    p += 3;
    end = p + strcspn(p, "/?#");
    at = memchr(p, '@', (size_t)(end - p));
    while (at != NULL) { /* the last '@' ends the user:password */
        p = at + 1;
        at = memchr(p, '@', (size_t)(end - p));
    }
    if (*p == '[') { /* an IPv6 literal: up to ']' */
        p++;
        n = strcspn(p, "]");
        if (p + n > end)
            return;
    } else {
        n = strcspn(p, ":/?#");
        if (p + n > end)
            n = (size_t)(end - p);
    }
    snprintf(out, outlen, "%.*s", (int)n, p);
}
