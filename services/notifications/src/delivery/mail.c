/* Alert mail through a configured SMTP relay (see delivery/mail.h), on
 * Ulfius' ulfius_send_smtp_email (libcurl). Ulfius sets no timeout on the
 * SMTP transfer, so a relay that accepts the connection and then stalls
 * holds the calling thread: call mail_send where that does no harm (the
 * alerting, not the delivery path). */
#include "delivery/mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ulfius.h>

#include "delivery/webhook.h"
#include "koers/config.h"
#include "koers/crypto.h"
#include "koers/log.h"

#define HOST_MAX    254
#define CRED_MAX    256
#define ADDRESS_MAX 254
#define SUBJECT_MAX 200
#define BODY_MAX    65536

/* Written by mail_configure at start, before any worker runs; read only
 * after. No host until then: no mail. */
static struct mail_config {
    char host[HOST_MAX + 1];
    int port;
    int tls;
    char user[CRED_MAX];
    char password[CRED_MAX];
    char from[ADDRESS_MAX + 1];
} cfg = {.port = 25, .from = "koers-notifications@localhost"};

/* 1 when s is a plain mail address: one '@' with text on both sides, no
 * blanks, control characters (CR/LF: header injection) or the characters
 * that would make it a list or a display name. */
static int address_ok(const char *s)
{
    const char *at;
    size_t len;

    if (s == NULL || (len = strlen(s)) == 0 || len > ADDRESS_MAX)
        return 0;
    at = strchr(s, '@');
    if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@') != NULL)
        return 0;
    for (; *s != '\0'; s++)
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s == 0x7f || strchr("<>,;:\"()[]\\", *s))
            return 0;
    return 1;
}

/* 1 when a host name or address may go into "smtp://<host>:<port>". */
static int host_ok(const char *s)
{
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '.' || *s == '_'))
            return 0;
    return 1;
}

int mail_configure(char *err, size_t errlen)
{
    struct mail_config c;

    memset(&c, 0, sizeof(c));
    if (kc_env_str("KOERS_SMTP_HOST", "", c.host, sizeof(c.host), err, errlen) != 0 ||
        kc_env_int("KOERS_SMTP_PORT", 25, 1, 65535, &c.port, err, errlen) != 0 ||
        kc_env_int("KOERS_SMTP_TLS", 0, 0, 1, &c.tls, err, errlen) != 0 ||
        kc_env_str("KOERS_SMTP_USER", "", c.user, sizeof(c.user), err, errlen) != 0 ||
        kc_env_str("KOERS_SMTP_PASSWORD", "", c.password, sizeof(c.password), err, errlen) != 0 ||
        kc_env_str("KOERS_SMTP_FROM", "koers-notifications@localhost", c.from, sizeof(c.from), err,
                   errlen) != 0)
        return -1;
    if (!host_ok(c.host)) {
        snprintf(err, errlen, "KOERS_SMTP_HOST must be a host name or IPv4 address");
        return -1;
    }
    if (!address_ok(c.from)) {
        snprintf(err, errlen, "KOERS_SMTP_FROM must be a plain mail address (name@domain)");
        return -1;
    }
    if (c.host[0] != '\0' && webhook_configure(err, errlen) != 0)
        return -1;
    cfg = c;
    return 0;
}

int mail_enabled(void)
{
    return cfg.host[0] != '\0';
}

/* The subject as a header value: as it is when ASCII, else RFC 2047
 * "=?UTF-8?B?...?=". NULL when out of memory. */
static char *subject_header(const char *subject)
{
    size_t len = strlen(subject), i, cap;
    char *out;

    for (i = 0; i < len; i++)
        if ((unsigned char)subject[i] >= 0x80)
            break;
    if (i == len)
        return strdup(subject);
    cap = sizeof("=?UTF-8?B?") + (len + 2) / 3 * 4 + sizeof("?=");
    out = malloc(cap);
    if (out == NULL)
        return NULL;
    strcpy(out, "=?UTF-8?B?");
    if (kc_base64_encode(subject, len, out + 10, cap - 10) != 0) {
        free(out);
        return NULL;
    }
    strcat(out, "?=");
    return out;
}

/* The body with every line ending as CRLF (SMTP has no bare LF). NULL when
 * out of memory. */
static char *body_crlf(const char *body)
{
    size_t len = strlen(body), i, o = 0;
    char *out = malloc(2 * len + 1);

    if (out == NULL)
        return NULL;
    for (i = 0; i < len; i++) {
        if (body[i] == '\n' && (i == 0 || body[i - 1] != '\r'))
            out[o++] = '\r';
        else if (body[i] == '\r' && body[i + 1] != '\n') {
            out[o++] = '\r';
            out[o++] = '\n';
            continue;
        }
        out[o++] = body[i];
    }
    out[o] = '\0';
    return out;
}

kc_status mail_send(const char *to, const char *subject, const char *body)
{
    char *subj = NULL, *text = NULL;
    kc_status st = KC_INVALID;
    const char *p;
    int rc;

    if (!address_ok(to) || subject == NULL || body == NULL || strlen(subject) > SUBJECT_MAX ||
        strlen(body) > BODY_MAX)
        goto out;
    for (p = subject; *p != '\0'; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) /* CR/LF: header injection */
            goto out;
    st = KC_UNAVAILABLE;
    if (!mail_enabled())
        goto out;
    st = KC_INTERNAL;
    if (webhook_configure(NULL, 0) != 0 || (subj = subject_header(subject)) == NULL ||
        (text = body_crlf(body)) == NULL)
        goto out;
    rc = ulfius_send_smtp_email(cfg.host, cfg.port, cfg.tls, 1, cfg.user[0] ? cfg.user : NULL,
                                cfg.password[0] ? cfg.password : NULL, cfg.from, to, NULL, NULL,
                                subj, text);
    if (rc == U_OK) {
        st = KC_OK;
    } else {
        /* the relay, never the address or the credentials */
        kc_log(KC_LOG_WARN, NULL, "alert mail not accepted by the SMTP relay %s:%d", cfg.host,
               cfg.port);
        st = rc == U_ERROR_MEMORY ? KC_INTERNAL : KC_UNAVAILABLE;
    }
out:
    free(subj);
    free(text);
    return st;
}
