#include "open311/open311_xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing text buffer; on allocation failure it keeps failed = 1 and
 * stops growing. */
typedef struct xml_buf {
    char *s;
    size_t len, cap;
    int failed;
} xml_buf;

static void xml_put(xml_buf *b, const char *s, size_t n)
{
    char *grown;
    size_t cap;

    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        grown = realloc(b->s, cap);
        if (grown == NULL) {
            b->failed = 1;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void xml_puts(xml_buf *b, const char *s)
{
    xml_put(b, s, strlen(s));
}

static const struct {
    const char *container, *item;
} xml_items[] = {
    {"services", "service"}, {"service_requests", "request"},
    {"errors", "error"},     {"attributes", "attribute"},
    {"values", "value"},     {"endpoints", "endpoint"},
    {"formats", "format"},
};

const char *open311_xml_item_name(const char *container)
{
    size_t i;

    for (i = 0; i < sizeof(xml_items) / sizeof(xml_items[0]); i++) {
        if (strcmp(xml_items[i].container, container) == 0)
            return xml_items[i].item;
    }
    return "item";
}

/* An XML name of ASCII letters, digits, '_', '-' and '.', not starting
 * with a digit, '-' or '.' (the standard's names are all of this kind). */
static int xml_is_name(const char *s)
{
    size_t i;

    if (s == NULL || s[0] == '\0' || (s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '.')
        return 0;
    for (i = 0; s[i] != '\0'; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

/* Text as character data: the five markup characters as entities, what
 * XML 1.0 forbids (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF) as
 * U+FFFD. s is valid UTF-8 (jansson's strings are). */
static void xml_text(xml_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    for (; *p != '\0'; p++) {
        switch (*p) {
        case '&':
            xml_puts(b, "&amp;");
            break;
        case '<':
            xml_puts(b, "&lt;");
            break;
        case '>':
            xml_puts(b, "&gt;");
            break;
        case '"':
            xml_puts(b, "&quot;");
            break;
        case '\'':
            xml_puts(b, "&apos;");
            break;
        default:
            if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
                xml_puts(b, "\xef\xbf\xbd");
            } else if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)) {
                xml_puts(b, "\xef\xbf\xbd");
                p += 2;
            } else {
                xml_put(b, (const char *)p, 1);
            }
        }
    }
}

/* A number as a plain decimal (xs:decimal: no exponent), the shortest of
 * up to 17 significant digits that reads back the same. */
static void xml_real(xml_buf *b, double d)
{
    char num[400];
    int prec;
    size_t len;

    for (prec = 15; prec <= 17; prec++) {
        snprintf(num, sizeof(num), "%.*g", prec, d);
        if (strtod(num, NULL) == d)
            break;
    }
    if (strpbrk(num, "eE") != NULL) {
        snprintf(num, sizeof(num), "%.20f", d);
        len = strlen(num);
        while (len > 1 && num[len - 1] == '0' && num[len - 2] != '.')
            num[--len] = '\0';
    }
    xml_puts(b, num);
}

static void xml_element(xml_buf *b, const char *name, const json_t *v, int depth);

/* The content of element `name` holding v. */
static void xml_content(xml_buf *b, const char *name, const json_t *v, int depth)
{
    const char *key;
    const json_t *item;
    size_t i;
    char num[32];

    switch (json_typeof(v)) {
    case JSON_OBJECT:
        json_object_foreach((json_t *)v, key, item)
        {
            xml_element(b, key, item, depth + 1);
        }
        break;
    case JSON_ARRAY:
        json_array_foreach(v, i, item)
        {
            xml_element(b, open311_xml_item_name(name), item, depth + 1);
        }
        break;
    case JSON_STRING:
        xml_text(b, json_string_value(v));
        break;
    case JSON_INTEGER:
        snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        xml_puts(b, num);
        break;
    case JSON_REAL:
        xml_real(b, json_real_value(v));
        break;
    case JSON_TRUE:
        xml_puts(b, "true");
        break;
    case JSON_FALSE:
        xml_puts(b, "false");
        break;
    case JSON_NULL:
        break;
    }
}

static void xml_element(xml_buf *b, const char *name, const json_t *v, int depth)
{
    if (json_is_null(v))
        return;
    if (!xml_is_name(name) || depth > 32) {
        b->failed = 1;
        return;
    }
    xml_puts(b, "<");
    xml_puts(b, name);
    xml_puts(b, ">");
    xml_content(b, name, v, depth);
    xml_puts(b, "</");
    xml_puts(b, name);
    xml_puts(b, ">");
}

char *open311_xml_write(const json_t *doc, const char *root)
{
    xml_buf b = {0};

    if (doc == NULL || !xml_is_name(root))
        return NULL;
    xml_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<");
    xml_puts(&b, root);
    xml_puts(&b, ">");
    xml_content(&b, root, doc, 0);
    xml_puts(&b, "</");
    xml_puts(&b, root);
    xml_puts(&b, ">\n");
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
