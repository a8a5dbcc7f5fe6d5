#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "koers/outbox.h"
#include "redis_internal.h"

static int parse_int(const char *s, size_t len, int min, int max, int *out)
{
    long v = 0;
    if (len == 0 || len > 9)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (v < min || v > max)
        return -1;
    *out = (int)v;
    return 0;
}

int kc_redis_parse_url(const char *url, kc_redis_addr *out)
{
    const char *p = url, *at = NULL, *host = NULL, *slash = NULL, *colon = NULL;
    size_t hlen = 0;

    if (url == NULL || out == NULL)
        return -1;
    memset(out, 0, sizeof(*out));
    out->port = 6379;
    if (strncmp(p, "redis://", 8) == 0)
        p += 8;
    slash = strchr(p, '/');
    at = strchr(p, '@');
    if (at != NULL && (slash == NULL || at < slash)) {
        const char *pw = p, *pc = memchr(p, ':', (size_t)(at - p));
        if (pc != NULL)
            pw = pc + 1; /* "user:password@": only the password is used */
        if ((size_t)(at - pw) >= sizeof(out->password))
            return -1;
        memcpy(out->password, pw, (size_t)(at - pw));
        p = at + 1;
    }
    host = p;
    hlen = slash != NULL ? (size_t)(slash - host) : strlen(host);
    colon = memchr(host, ':', hlen);
    if (colon != NULL) {
        if (parse_int(colon + 1, hlen - (size_t)(colon + 1 - host), 1, 65535, &out->port) != 0)
            return -1;
        hlen = (size_t)(colon - host);
    }
    if (hlen == 0 || hlen >= sizeof(out->host))
        return -1;
    memcpy(out->host, host, hlen);
    if (slash != NULL && slash[1] != '\0' &&
        parse_int(slash + 1, strlen(slash + 1), 0, 15, &out->db) != 0)
        return -1;
    return 0;
}

static int simple_ok(redisContext *c, redisReply *r)
{
    int ok = r != NULL && c->err == 0 && r->type != REDIS_REPLY_ERROR;
    if (r != NULL)
        freeReplyObject(r);
    return ok;
}

redisContext *kc_redis_connect(const kc_redis_addr *a, int timeout_ms)
{
    struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    redisContext *c = redisConnectWithTimeout(a->host, a->port, tv);

    if (c == NULL || c->err != 0)
        goto fail;
    if (redisSetTimeout(c, tv) != REDIS_OK)
        goto fail;
    if (a->password[0] != '\0' && !simple_ok(c, redisCommand(c, "AUTH %s", a->password)))
        goto fail;
    if (a->db != 0 && !simple_ok(c, redisCommand(c, "SELECT %d", a->db)))
        goto fail;
    return c;
fail:
    if (c != NULL)
        redisFree(c);
    return NULL;
}

kc_status kc_redis_ping(const char *redis_url)
{
    kc_redis_addr a;
    redisContext *c = NULL;
    redisReply *r = NULL;
    kc_status st = KC_UNAVAILABLE;

    if (kc_redis_parse_url(redis_url, &a) != 0)
        goto out;
    c = kc_redis_connect(&a, 1000);
    if (c == NULL)
        goto out;
    r = redisCommand(c, "PING");
    if (r != NULL && r->type == REDIS_REPLY_STATUS && strcmp(r->str, "PONG") == 0)
        st = KC_OK;
out:
    if (r != NULL)
        freeReplyObject(r);
    if (c != NULL)
        redisFree(c);
    return st;
}
