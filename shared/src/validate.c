#include "koers/validate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Characters of a UTF-8 string; (size_t)-1 when it is not valid UTF-8
 * (overlong forms, surrogates and code points above U+10FFFF included). */
size_t kc_utf8_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    unsigned int cp;
    int extra, i;

    if (s == NULL)
        return (size_t)-1;
    while (*p != '\0') {
        if (*p < 0x80) {
            p++;
            n++;
            continue;
        }
        if ((*p & 0xE0) == 0xC0) {
            extra = 1;
            cp = *p & 0x1F;
        } else if ((*p & 0xF0) == 0xE0) {
            extra = 2;
            cp = *p & 0x0F;
        } else if ((*p & 0xF8) == 0xF0) {
            extra = 3;
            cp = *p & 0x07;
        } else {
            return (size_t)-1;
        }
        for (i = 1; i <= extra; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return (size_t)-1;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
            (extra == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return (size_t)-1;
        p += extra + 1;
        n++;
    }
    return n;
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads exactly n digits at s into *out; 0 if any is not a digit. */
static int read_digits(const char *s, int n, int *out)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

/* 8-4-4-4-12 hex digits, either case. */
int kc_is_uuid(const char *s)
{
    int i;

    if (s == NULL || strlen(s) != 36)
        return 0;
    for (i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return 0;
        } else if (!is_hex(s[i])) {
            return 0;
        }
    }
    return 1;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return (m == 2 && leap) ? 29 : days[m - 1];
}

/* Checks the YYYY-MM-DD prefix of s (10 characters). */
static int date_prefix_ok(const char *s)
{
    int y, m, d;

    if (!read_digits(s, 4, &y) || s[4] != '-' || !read_digits(s + 5, 2, &m) || s[7] != '-' ||
        !read_digits(s + 8, 2, &d))
        return 0;
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= days_in_month(y, m);
}

/* YYYY-MM-DD, a real calendar date (leap years included). */
int kc_is_date(const char *s)
{
    if (s == NULL || strlen(s) != 10)
        return 0;
    return date_prefix_ok(s);
}

/* RFC 3339 date-time: full-date "T" HH:MM:SS[.frac] then Z or +-HH:MM. */
int kc_is_datetime(const char *s)
{
    int hh, mm, ss;
    const char *p;

    if (s == NULL || strlen(s) < 20 || !date_prefix_ok(s))
        return 0;
    if (s[10] != 'T' && s[10] != 't')
        return 0;
    if (!read_digits(s + 11, 2, &hh) || s[13] != ':' || !read_digits(s + 14, 2, &mm) ||
        s[16] != ':' || !read_digits(s + 17, 2, &ss))
        return 0;
    if (hh > 23 || mm > 59 || ss > 60)
        return 0;
    p = s + 19;
    if (*p == '.') {
        p++;
        if (!is_digit(*p))
            return 0;
        while (is_digit(*p))
            p++;
    }
    if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
        return 1;
    if (*p != '+' && *p != '-')
        return 0;
    if (!read_digits(p + 1, 2, &hh) || p[3] != ':' || !read_digits(p + 4, 2, &mm) || p[6] != '\0')
        return 0;
    return hh <= 23 && mm <= 59;
}

/* Pragmatic e-mail check: at most 254 bytes, exactly one '@', a local part
 * of 1..64 bytes, a domain with a dot that neither starts nor ends with a
 * dot nor holds "..", and no spaces or control characters anywhere. */
int kc_is_email(const char *s)
{
    const char *at, *dom, *p;
    size_t len;

    if (s == NULL)
        return 0;
    len = strlen(s);
    if (len == 0 || len > 254)
        return 0;
    for (p = s; *p != '\0'; p++) {
        if ((unsigned char)*p <= 0x20 || *p == 0x7f)
            return 0;
    }
    at = strchr(s, '@');
    if (at == NULL || strchr(at + 1, '@') != NULL)
        return 0;
    if (at == s || (size_t)(at - s) > 64)
        return 0;
    dom = at + 1;
    if (dom[0] == '\0' || dom[0] == '.' || s[len - 1] == '.' || strchr(dom, '.') == NULL ||
        strstr(dom, "..") != NULL)
        return 0;
    return 1;
}

static const char *format_name(kc_format f)
{
    switch (f) {
    case KC_FMT_UUID:
        return "a UUID";
    case KC_FMT_DATE:
        return "a date (YYYY-MM-DD)";
    case KC_FMT_DATETIME:
        return "an RFC 3339 date-time with offset";
    case KC_FMT_EMAIL:
        return "an e-mail address";
    case KC_FMT_NONE:
    default:
        return "text";
    }
}

static int format_ok(kc_format f, const char *s)
{
    switch (f) {
    case KC_FMT_UUID:
        return kc_is_uuid(s);
    case KC_FMT_DATE:
        return kc_is_date(s);
    case KC_FMT_DATETIME:
        return kc_is_datetime(s);
    case KC_FMT_EMAIL:
        return kc_is_email(s);
    case KC_FMT_NONE:
    default:
        return 1;
    }
}

/* Writes "must be one of: a, b, c" (truncated to fit). */
static void enum_reason(const char *const *values, char *reason, size_t len)
{
    size_t used;
    int i;

    if (reason == NULL || len == 0)
        return;
    used = (size_t)snprintf(reason, len, "must be one of:");
    for (i = 0; values[i] != NULL && used < len; i++)
        used += (size_t)snprintf(reason + used, len - used, "%s %s", i == 0 ? "" : ",", values[i]);
}

/* Length, enum and format rules of a string field (max_len / min_len in
 * characters; fmt and max_len given separately so array items can reuse). */
static int check_string(const char *s, size_t min_len, size_t max_len,
                        const char *const *enum_values, kc_format fmt, char *reason, size_t len)
{
    size_t chars = kc_utf8_len(s);
    int i;

    if (chars == (size_t)-1) {
        snprintf(reason, len, "must be valid UTF-8");
        return 0;
    }
    if (min_len > 0 && chars < min_len) {
        snprintf(reason, len, "must be at least %zu characters long", min_len);
        return 0;
    }
    if (max_len > 0 && chars > max_len) {
        snprintf(reason, len, "must be at most %zu characters long", max_len);
        return 0;
    }
    if (enum_values != NULL) {
        for (i = 0; enum_values[i] != NULL; i++) {
            if (strcmp(enum_values[i], s) == 0)
                break;
        }
        if (enum_values[i] == NULL) {
            enum_reason(enum_values, reason, len);
            return 0;
        }
    }
    if (!format_ok(fmt, s)) {
        snprintf(reason, len, "must be %s", format_name(fmt));
        return 0;
    }
    return 1;
}

static int check_range(const kc_field *f, long long v, char *reason, size_t len)
{
    if (f->min == 0 && f->max == 0)
        return 1;
    if (v < f->min || v > f->max) {
        snprintf(reason, len, "must be between %lld and %lld", f->min, f->max);
        return 0;
    }
    return 1;
}

/* Strict decimal integer: optional '-', digits, nothing else, no overflow. */
static int parse_ll(const char *s, long long *out)
{
    char *end = NULL;
    long long v;

    if (s == NULL || s[0] == '\0' || (s[0] != '-' && !is_digit(s[0])))
        return 0;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0')
        return 0;
    *out = v;
    return 1;
}

/* Validates one textual value (query parameter, path id). */
int kc_validate_value(const kc_field *f, const char *value, char *reason, size_t reason_len)
{
    char scratch[8];
    long long iv;
    double dv;
    char *end = NULL;

    if (reason == NULL || reason_len == 0) {
        reason = scratch;
        reason_len = sizeof(scratch);
    }
    reason[0] = '\0';
    if (f == NULL || value == NULL) {
        snprintf(reason, reason_len, "is required");
        return 0;
    }
    switch (f->type) {
    case KC_T_STRING:
        return check_string(value, f->min_len, f->max_len, f->enum_values, f->format, reason,
                            reason_len);
    case KC_T_INT:
        if (!parse_ll(value, &iv)) {
            snprintf(reason, reason_len, "must be an integer");
            return 0;
        }
        return check_range(f, iv, reason, reason_len);
    case KC_T_NUMBER:
        errno = 0;
        dv = strtod(value, &end);
        if (value[0] == '\0' || end == value || *end != '\0' || errno != 0 || dv != dv) {
            snprintf(reason, reason_len, "must be a number");
            return 0;
        }
        return 1;
    case KC_T_BOOL:
        if (strcmp(value, "true") == 0 || strcmp(value, "false") == 0)
            return 1;
        snprintf(reason, reason_len, "must be true or false");
        return 0;
    case KC_T_ARRAY:
    case KC_T_OBJECT:
    default:
        snprintf(reason, reason_len, "is not accepted here");
        return 0;
    }
}

static const char *type_reason(kc_type t)
{
    switch (t) {
    case KC_T_STRING:
        return "must be a string";
    case KC_T_INT:
        return "must be an integer";
    case KC_T_NUMBER:
        return "must be a number";
    case KC_T_BOOL:
        return "must be a boolean";
    case KC_T_ARRAY:
        return "must be an array";
    case KC_T_OBJECT:
    default:
        return "must be an object";
    }
}

static int type_ok(kc_type t, const json_t *v)
{
    switch (t) {
    case KC_T_STRING:
        return json_is_string(v);
    case KC_T_INT:
        return json_is_integer(v);
    case KC_T_NUMBER:
        return json_is_number(v);
    case KC_T_BOOL:
        return json_is_boolean(v);
    case KC_T_ARRAY:
        return json_is_array(v);
    case KC_T_OBJECT:
    default:
        return json_is_object(v);
    }
}

/* A JSON string with an embedded NUL cannot be checked (nor stored) as C
 * text: it is a fault. */
static int json_string_ok(const json_t *v, size_t min_len, size_t max_len,
                          const char *const *enum_values, kc_format fmt, char *reason, size_t len)
{
    const char *s = json_string_value(v);

    if (strlen(s) != json_string_length(v)) {
        snprintf(reason, len, "must not contain NUL characters");
        return 0;
    }
    return check_string(s, min_len, max_len, enum_values, fmt, reason, len);
}

/* Checks one present, non-null member; adds faults to pb. */
static void check_member(const kc_field *f, const json_t *v, kc_problem *pb)
{
    char reason[256];
    char name[160];
    size_t i, count;
    const json_t *item;
    double dv;

    if (!type_ok(f->type, v)) {
        kc_problem_add_field(pb, f->name, type_reason(f->type));
        return;
    }
    switch (f->type) {
    case KC_T_STRING:
        if (!json_string_ok(v, f->min_len, f->max_len, f->enum_values, f->format, reason,
                            sizeof(reason)))
            kc_problem_add_field(pb, f->name, reason);
        break;
    case KC_T_INT:
        if (!check_range(f, json_integer_value(v), reason, sizeof(reason)))
            kc_problem_add_field(pb, f->name, reason);
        break;
    case KC_T_NUMBER:
        dv = json_number_value(v);
        if ((f->min != 0 || f->max != 0) && (dv < (double)f->min || dv > (double)f->max)) {
            snprintf(reason, sizeof(reason), "must be between %lld and %lld", f->min, f->max);
            kc_problem_add_field(pb, f->name, reason);
        }
        break;
    case KC_T_ARRAY:
        count = json_array_size(v);
        if (f->min_len > 0 && count < f->min_len) {
            snprintf(reason, sizeof(reason), "must have at least %zu items", f->min_len);
            kc_problem_add_field(pb, f->name, reason);
        }
        if (f->max_len > 0 && count > f->max_len) {
            snprintf(reason, sizeof(reason), "must have at most %zu items", f->max_len);
            kc_problem_add_field(pb, f->name, reason);
            break; /* do not report item faults of an oversized array */
        }
        for (i = 0; i < count; i++) {
            item = json_array_get(v, i);
            snprintf(name, sizeof(name), "%s[%zu]", f->name, i);
            if (!type_ok(f->item_type, item)) {
                kc_problem_add_field(pb, name, type_reason(f->item_type));
            } else if (f->item_type == KC_T_STRING &&
                       !json_string_ok(item, f->item_min_len, f->item_max_len, f->enum_values,
                                       f->item_format, reason, sizeof(reason))) {
                kc_problem_add_field(pb, name, reason);
            }
        }
        break;
    case KC_T_BOOL:
    case KC_T_OBJECT:
    default:
        break;
    }
}

/* Validates an object against fields, collecting every fault. */
kc_status kc_validate_json(const json_t *body, const kc_field *fields, size_t n, kc_problem *pb)
{
    const char *key;
    const json_t *v;
    size_t i, faults;
    kc_problem local;
    kc_problem *p = pb;

    if (p == NULL) {
        kc_problem_init(&local);
        p = &local;
    }
    if (!json_is_object(body))
        return kc_problem_set(pb, KC_BAD_REQUEST, "the request body must be a JSON object");

    for (i = 0; i < n; i++) {
        v = json_object_get(body, fields[i].name);
        if (v == NULL) {
            if (fields[i].required)
                kc_problem_add_field(p, fields[i].name, "is required");
        } else if (json_is_null(v)) {
            if (!fields[i].nullable)
                kc_problem_add_field(p, fields[i].name, "must not be null");
        } else {
            check_member(&fields[i], v, p);
        }
    }
    json_object_foreach((json_t *)body, key, v)
    {
        for (i = 0; i < n; i++) {
            if (strcmp(fields[i].name, key) == 0)
                break;
        }
        if (i == n)
            kc_problem_add_field(p, key, "unknown property");
    }
    faults = p->invalid_params ? json_array_size(p->invalid_params) : 0;
    if (faults == 0) {
        if (p == &local)
            kc_problem_clear(&local);
        return KC_OK;
    }
    p->status = KC_INVALID;
    snprintf(p->detail, sizeof(p->detail), "%zu field%s of the request %s invalid", faults,
             faults == 1 ? "" : "s", faults == 1 ? "is" : "are");
    if (p == &local)
        kc_problem_clear(&local);
    return KC_INVALID;
}

/* Writes one present member into its destination (see KC_TO). */
static void decode_member(const kc_field *f, const json_t *v, char *in)
{
    void *to = in + f->to - 1;
    int null = json_is_null(v);

    switch (f->type) {
    case KC_T_STRING:
        *(const char **)to = null ? NULL : json_string_value(v);
        break;
    case KC_T_INT:
        *(long long *)to = null ? 0 : (long long)json_integer_value(v);
        break;
    case KC_T_NUMBER:
        *(double *)to = null ? 0.0 : json_number_value(v);
        break;
    case KC_T_BOOL:
        *(int *)to = !null && json_is_true(v);
        break;
    case KC_T_ARRAY:
    case KC_T_OBJECT:
    default:
        *(const json_t **)to = null ? NULL : v;
        break;
    }
}

/* Validates, then decodes into in (see validate.h). */
kc_status kc_decode_json(const json_t *body, const kc_field *fields, size_t n, void *in,
                         kc_problem *pb)
{
    const json_t *v;
    size_t i;
    kc_status st;

    st = kc_validate_json(body, fields, n, pb);
    if (st != KC_OK)
        return st;
    for (i = 0; i < n; i++) {
        v = json_object_get(body, fields[i].name);
        if (v == NULL)
            continue;
        if (fields[i].to != 0)
            decode_member(&fields[i], v, in);
        if (fields[i].has != 0)
            *(int *)((char *)in + fields[i].has - 1) = 1;
    }
    return KC_OK;
}

kc_status kc_check_id(const char *name, const char *id, kc_problem *pb)
{
    if (id != NULL && kc_is_uuid(id))
        return KC_OK;
    kc_problem_set(pb, KC_BAD_REQUEST, "%s is not a UUID", name);
    kc_problem_add_field(pb, name, "must be a UUID");
    return KC_BAD_REQUEST;
}

int kc_validate_nested(const json_t *obj, const char *prefix, const kc_field *fields, size_t n,
                       kc_problem *pb)
{
    kc_problem sub;
    const json_t *f;
    char name[256];
    size_t i;
    int ok;

    if (!json_is_object(obj)) {
        kc_problem_add_field(pb, prefix, "must be an object");
        return 0;
    }
    kc_problem_init(&sub);
    ok = kc_validate_json(obj, fields, n, &sub) == KC_OK;
    json_array_foreach(sub.invalid_params, i, f)
    {
        snprintf(name, sizeof(name), "%s.%s", prefix,
                 json_string_value(json_object_get(f, "name")));
        kc_problem_add_field(pb, name, json_string_value(json_object_get(f, "reason")));
    }
    kc_problem_clear(&sub);
    return ok;
}
