#include "flow/flow_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void flow_text_put(flow_text *t, const char *s, size_t n)
{
    size_t cap;
    char *p;

    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        p = realloc(t->buf, cap);
        if (p == NULL) {
            t->failed = 1;
            return;
        }
        t->buf = p;
        t->cap = cap;
    }
    if (n > 0)
        memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

void flow_text_str(flow_text *t, const char *s)
{
    if (s != NULL)
        flow_text_put(t, s, strlen(s));
}

void flow_text_printf(flow_text *t, const char *fmt, ...)
{
    char small[256];
    char *big = NULL;
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        t->failed = 1;
        return;
    }
    if ((size_t)n < sizeof(small)) {
        flow_text_put(t, small, (size_t)n);
        return;
    }
    big = malloc((size_t)n + 1);
    if (big == NULL) {
        t->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    flow_text_put(t, big, (size_t)n);
    free(big);
}

size_t flow_text_utf8_next(const char *s, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n, i;

    if (u[0] == 0) {
        *cp = 0;
        return 0;
    }
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if ((u[0] & 0xE0) == 0xC0) {
        n = 2;
        *cp = u[0] & 0x1F;
    } else if ((u[0] & 0xF0) == 0xE0) {
        n = 3;
        *cp = u[0] & 0x0F;
    } else if ((u[0] & 0xF8) == 0xF0) {
        n = 4;
        *cp = u[0] & 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    for (i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        *cp = (*cp << 6) | (u[i] & 0x3F);
    }
    return n;
}

char *flow_text_take(flow_text *t, size_t *len)
{
    char *out = NULL;

    if (!t->failed && t->buf == NULL)
        flow_text_put(t, "", 0);
    if (!t->failed) {
        out = t->buf;
        *len = t->len;
        t->buf = NULL;
    }
    flow_text_clear(t);
    return out;
}

void flow_text_clear(flow_text *t)
{
    free(t->buf);
    memset(t, 0, sizeof(*t));
}
