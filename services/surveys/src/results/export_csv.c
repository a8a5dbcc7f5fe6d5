#include "results/export_csv.h"

#include <stdlib.h>
#include <string.h>

static void export_csv_put(export_csv *c, const char *s, size_t n)
{
    size_t cap;
    char *p;

    if (c->failed)
        return;
    if (c->len + n + 1 > c->cap) {
        cap = c->cap ? c->cap : 4096;
        while (cap < c->len + n + 1)
            cap *= 2;
        p = realloc(c->buf, cap);
        if (p == NULL) {
            c->failed = 1;
            return;
        }
        c->buf = p;
        c->cap = cap;
    }
    memcpy(c->buf + c->len, s, n);
    c->len += n;
    c->buf[c->len] = '\0';
}

static void export_csv_write(export_csv *c, const char *prefix, const char *s)
{
    const char *p, *q;

    if (c->fields > 0)
        export_csv_put(c, ",", 1);
    c->fields++;
    if (s == NULL)
        s = "";
    if (strpbrk(s, ",\"\r\n") == NULL) {
        export_csv_put(c, prefix, strlen(prefix));
        export_csv_put(c, s, strlen(s));
        return;
    }
    export_csv_put(c, "\"", 1);
    export_csv_put(c, prefix, strlen(prefix));
    for (p = s; (q = strchr(p, '"')) != NULL; p = q + 1) {
        export_csv_put(c, p, (size_t)(q - p));
        export_csv_put(c, "\"\"", 2);
    }
    export_csv_put(c, p, strlen(p));
    export_csv_put(c, "\"", 1);
}

void export_csv_field(export_csv *c, const char *s)
{
    export_csv_write(c, "", s);
}

void export_csv_text(export_csv *c, const char *s)
{
    int formula = s != NULL && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;

    export_csv_write(c, formula ? "'" : "", s);
}

void export_csv_end_row(export_csv *c)
{
    export_csv_put(c, "\r\n", 2);
    c->fields = 0;
}

char *export_csv_take(export_csv *c, size_t *len)
{
    char *out = NULL;

    if (!c->failed) {
        if (c->buf == NULL)
            export_csv_put(c, "", 0);
        out = c->buf;
        *len = c->len;
        c->buf = NULL;
    }
    export_csv_clear(c);
    return out;
}

void export_csv_clear(export_csv *c)
{
    free(c->buf);
    memset(c, 0, sizeof(*c));
}
