#include "open311/open311_model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "koers/validate.h"

int open311_file_parse(const char *file, char *name, size_t n, open311_format *fmt)
{
    size_t len = file != NULL ? strlen(file) : 0;

    *fmt = OPEN311_JSON;
    if (len >= 4 && strcmp(file + len - 4, ".xml") == 0) {
        *fmt = OPEN311_XML;
        len -= 4;
    } else if (len >= 5 && strcmp(file + len - 5, ".json") == 0) {
        len -= 5;
    }
    if (len == 0 || len >= n)
        return -1;
    memcpy(name, file, len);
    name[len] = '\0';
    return 0;
}

open311_format open311_path_format(const char *path)
{
    size_t len = path != NULL ? strcspn(path, "?") : 0;

    return len > 4 && strncmp(path + len - 4, ".xml", 4) == 0 ? OPEN311_XML : OPEN311_JSON;
}

/* ---- attribute definitions ---------------------------------------------- */

static const char *const open311_datatypes[] = {
    "string", "number", "datetime", "text", "singlevaluelist", "multivaluelist", NULL};

static const kc_field open311_attr_fields[] = {
    {.name = "code", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 100},
    {.name = "datatype", .type = KC_T_STRING, .required = 1, .enum_values = open311_datatypes},
    {.name = "required", .type = KC_T_BOOL},
    {.name = "variable", .type = KC_T_BOOL},
    {.name = "description", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 500},
    {.name = "datatypeDescription", .type = KC_T_STRING, .nullable = 1, .max_len = 500},
    {.name = "order", .type = KC_T_INT, .min = 1, .max = 1000},
    {.name = "values", .type = KC_T_ARRAY, .max_len = OPEN311_MAX_VALUES, .item_type = KC_T_OBJECT},
};

static const kc_field open311_value_fields[] = {
    {.name = "key", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 100},
    {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
};

static int open311_is_list(const char *datatype)
{
    return datatype != NULL && strstr(datatype, "valuelist") != NULL;
}

/* A code fits in a form field name attribute[CODE]. */
static int open311_code_ok(const char *code)
{
    size_t i;

    for (i = 0; code[i] != '\0'; i++) {
        char c = code[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return 0;
    }
    return i > 0;
}

static void open311_fault(kc_problem *pb, const char *prefix, size_t i, const char *member,
                          const char *reason)
{
    char name[160];

    snprintf(name, sizeof(name), "%.40s[%zu]%s%.60s", prefix, i, member[0] ? "." : "", member);
    kc_problem_add_field(pb, name, reason);
}

/* Sorts by "order", ties in the order sent (insertion sort: at most 50). */
static void open311_sort_by_order(json_t *arr)
{
    size_t i, j, n = json_array_size(arr);

    for (i = 1; i < n; i++) {
        json_t *item = json_incref(json_array_get(arr, i));
        json_int_t o = json_integer_value(json_object_get(item, "order"));
        for (j = i;
             j > 0 && json_integer_value(json_object_get(json_array_get(arr, j - 1), "order")) > o;
             j--)
            json_array_set(arr, j, json_array_get(arr, j - 1));
        json_array_set_new(arr, j, item);
    }
}

kc_status open311_attrs_define(const json_t *attributes, json_t **stored, kc_problem *pb)
{
    json_t *out = json_array();
    const json_t *a, *v;
    size_t i, k, m;

    *stored = NULL;
    if (out == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (!json_is_array(attributes) || json_array_size(attributes) > OPEN311_MAX_ATTRIBUTES) {
        kc_problem_add_field(pb, "attributes", "must be an array of at most 50 attributes");
        goto invalid;
    }
    json_array_foreach(attributes, i, a)
    {
        char prefix[48];
        const char *code, *datatype;
        const json_t *values;
        json_t *def, *vals;

        snprintf(prefix, sizeof(prefix), "attributes[%zu]", i);
        if (!kc_validate_nested(a, prefix, open311_attr_fields,
                                sizeof(open311_attr_fields) / sizeof(open311_attr_fields[0]), pb))
            continue;
        code = json_string_value(json_object_get(a, "code"));
        datatype = json_string_value(json_object_get(a, "datatype"));
        values = json_object_get(a, "values");
        if (!open311_code_ok(code)) {
            open311_fault(pb, "attributes", i, "code", "letters, digits and . _ - only");
            continue;
        }
        for (k = 0; k < i; k++) {
            if (json_equal(json_object_get(json_array_get(attributes, k), "code"),
                           json_object_get(a, "code")))
                break;
        }
        if (k < i) {
            open311_fault(pb, "attributes", i, "code", "is the code of another attribute");
            continue;
        }
        if (open311_is_list(datatype) && json_array_size(values) == 0) {
            open311_fault(pb, "attributes", i, "values", "a list datatype needs its values");
            continue;
        }
        if (!open311_is_list(datatype) && json_array_size(values) > 0) {
            open311_fault(pb, "attributes", i, "values", "only list datatypes take values");
            continue;
        }
        vals = json_array();
        if (vals == NULL)
            goto oom;
        json_array_foreach(values, k, v)
        {
            char vprefix[96];
            snprintf(vprefix, sizeof(vprefix), "attributes[%zu].values[%zu]", i, k);
            if (!kc_validate_nested(v, vprefix, open311_value_fields,
                                    sizeof(open311_value_fields) / sizeof(open311_value_fields[0]),
                                    pb))
                continue;
            for (m = 0; m < k; m++) {
                if (json_equal(json_object_get(json_array_get(values, m), "key"),
                               json_object_get(v, "key")))
                    break;
            }
            if (m < k) {
                kc_problem_add_field(pb, vprefix, "repeats a key");
                continue;
            }
            json_array_append_new(vals, json_pack("{s:O, s:O}", "key", json_object_get(v, "key"),
                                                  "name", json_object_get(v, "name")));
        }
        def = json_pack(
            "{s:b, s:s, s:s, s:b, s:O?, s:I, s:O, s:o}", "variable",
            json_object_get(a, "variable") == NULL || json_is_true(json_object_get(a, "variable")),
            "code", code, "datatype", datatype, "required",
            json_is_true(json_object_get(a, "required")), "datatype_description",
            json_object_get(a, "datatypeDescription"), "order",
            json_object_get(a, "order") != NULL ? json_integer_value(json_object_get(a, "order"))
                                                : (json_int_t)(i + 1),
            "description", json_object_get(a, "description"), "values", vals);
        if (def == NULL || json_array_append_new(out, def) != 0)
            goto oom;
    }
    if (pb->invalid_params != NULL)
        goto invalid;
    open311_sort_by_order(out);
    *stored = out;
    return KC_OK;
invalid:
    json_decref(out);
    return kc_problem_set(pb, KC_INVALID, "the Open311 attributes are invalid");
oom:
    json_decref(out);
    return kc_problem_set(pb, KC_INTERNAL, "out of memory");
}

json_t *open311_attrs_to_api(const json_t *stored)
{
    json_t *out = json_array(), *a;
    const json_t *d;
    size_t i;

    if (out == NULL)
        return NULL;
    json_array_foreach(stored, i, d)
    {
        a = json_deep_copy(d);
        if (a == NULL || json_array_append_new(out, a) != 0) {
            json_decref(out);
            return NULL;
        }
        json_object_set(a, "datatypeDescription", json_object_get(d, "datatype_description"));
        json_object_del(a, "datatype_description");
        if (json_is_null(json_object_get(a, "datatypeDescription")) ||
            json_object_get(a, "datatypeDescription") == NULL)
            json_object_set_new(a, "datatypeDescription", json_null());
    }
    return out;
}

/* ---- attribute values ---------------------------------------------------- */

/* The value(s) the form gave for code: a string, an array of strings, or
 * NULL. */
static const json_t *open311_given(const json_t *form, const char *code)
{
    char name[128];
    const json_t *v, *obj = json_object_get(form, "attribute");

    snprintf(name, sizeof(name), "attribute[%s][]", code);
    if ((v = json_object_get(form, name)) != NULL)
        return v;
    snprintf(name, sizeof(name), "attribute[%s]", code);
    if ((v = json_object_get(form, name)) != NULL)
        return v;
    if (json_is_object(obj))
        return json_object_get(obj, code);
    return NULL;
}

/* Is one value of the attribute d acceptable? Writes the reason if not. */
static int open311_value_ok(const json_t *d, const char *value, const char **reason)
{
    const char *datatype = json_string_value(json_object_get(d, "datatype"));
    const json_t *item;
    size_t i, len = kc_utf8_len(value);
    long long t;

    if (len == (size_t)-1) {
        *reason = "must be UTF-8 text";
        return 0;
    }
    if (strcmp(datatype, "string") == 0) {
        *reason = "must be one line of at most 1000 characters";
        return len <= 1000 && strpbrk(value, "\r\n") == NULL;
    }
    if (strcmp(datatype, "text") == 0) {
        *reason = "must be at most 5000 characters";
        return len <= 5000;
    }
    if (strcmp(datatype, "number") == 0) {
        char *end = NULL;
        double d_;
        errno = 0;
        d_ = strtod(value, &end);
        *reason = "must be a number";
        return errno == 0 && end != value && *end == '\0' && isfinite(d_) &&
               strpbrk(value, "xXnN") == NULL; /* no hex floats, nan, inf */
    }
    if (strcmp(datatype, "datetime") == 0) {
        *reason = "must be a date-time (ISO 8601, e.g. 2026-03-01T08:15:00+01:00)";
        return open311_parse_time(value, &t) == 0;
    }
    *reason = "must be one of the keys of the attribute's values";
    json_array_foreach(json_object_get(d, "values"), i, item)
    {
        if (strcmp(json_string_value(json_object_get(item, "key")), value) == 0)
            return 1;
    }
    return 0;
}

/* Checks and keeps the value(s) given for the definition d (code) into
 * values; faults go to pb. */
static void open311_take(const json_t *d, const char *code, const json_t *given, json_t *values,
                         kc_problem *pb)
{
    const char *datatype = json_string_value(json_object_get(d, "datatype"));
    int multi = strcmp(datatype, "multivaluelist") == 0;
    const char *reason = NULL;
    const json_t *item;
    json_t *list;
    size_t i, k;
    char name[128];

    snprintf(name, sizeof(name), "attribute[%s]", code);
    if (json_is_string(given)) {
        if (json_string_value(given)[0] == '\0')
            given = NULL; /* an empty field is no answer */
    } else if (json_is_array(given)) {
        if (json_array_size(given) == 0 ||
            (json_array_size(given) == 1 && json_string_value(json_array_get(given, 0)) != NULL &&
             json_string_value(json_array_get(given, 0))[0] == '\0'))
            given = NULL;
    } else if (given != NULL) {
        kc_problem_add_field(pb, name, "must be a string or a list of strings");
        return;
    }
    if (given == NULL) {
        if (json_is_true(json_object_get(d, "required")))
            kc_problem_add_field(pb, name, "is required");
        return;
    }
    if (json_is_string(given)) {
        if (!open311_value_ok(d, json_string_value(given), &reason)) {
            kc_problem_add_field(pb, name, reason);
            return;
        }
        json_object_set_new(values, code, multi ? json_pack("[O]", given) : json_deep_copy(given));
        return;
    }
    if (!multi && json_array_size(given) > 1) {
        kc_problem_add_field(pb, name, "takes one value");
        return;
    }
    list = json_array();
    if (list == NULL)
        return;
    json_array_foreach(given, i, item)
    {
        if (!json_is_string(item) || !open311_value_ok(d, json_string_value(item), &reason)) {
            kc_problem_add_field(pb, name, reason ? reason : "must be a list of strings");
            json_decref(list);
            return;
        }
        for (k = 0; k < json_array_size(list); k++) {
            if (json_equal(json_array_get(list, k), item))
                break;
        }
        if (k == json_array_size(list))
            json_array_append(list, (json_t *)item);
    }
    if (multi)
        json_object_set_new(values, code, list);
    else {
        json_object_set(values, code, json_array_get(list, 0));
        json_decref(list);
    }
}

/* The code of a form field "attribute[CODE]" or "attribute[CODE][]"
 * (written into code), or -1 when name is no attribute field. */
static int open311_field_code(const char *name, char *code, size_t n)
{
    size_t len;

    if (strncmp(name, "attribute[", 10) != 0)
        return -1;
    name += 10;
    len = strcspn(name, "]");
    if (name[len] != ']' || (strcmp(name + len, "]") != 0 && strcmp(name + len, "][]") != 0) ||
        len == 0 || len >= n)
        return -1;
    memcpy(code, name, len);
    code[len] = '\0';
    return 0;
}

/* Is code one of defs? */
static const json_t *open311_def(const json_t *defs, const char *code)
{
    const json_t *d;
    size_t i;

    json_array_foreach(defs, i, d)
    {
        if (strcmp(json_string_value(json_object_get(d, "code")), code) == 0)
            return d;
    }
    return NULL;
}

kc_status open311_attrs_values(const json_t *defs, const json_t *form, json_t **values,
                               kc_problem *pb)
{
    json_t *out = NULL;
    const json_t *d, *v, *obj;
    const char *key;
    char code[128], name[160];
    size_t i;

    *values = NULL;
    if (json_array_size(defs) == 0)
        return KC_OK; /* a service without definitions: attributes are ignored */
    out = json_object();
    if (out == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    /* codes the service does not define */
    json_object_foreach((json_t *)form, key, v)
    {
        if (open311_field_code(key, code, sizeof(code)) == 0 && open311_def(defs, code) == NULL) {
            snprintf(name, sizeof(name), "attribute[%s]", code);
            kc_problem_add_field(pb, name, "is not an attribute of this service");
        }
    }
    obj = json_object_get(form, "attribute");
    if (json_is_object(obj)) {
        json_object_foreach((json_t *)obj, key, v)
        {
            if (open311_def(defs, key) == NULL) {
                snprintf(name, sizeof(name), "attribute[%.100s]", key);
                kc_problem_add_field(pb, name, "is not an attribute of this service");
            }
        }
    }
    json_array_foreach(defs, i, d)
    {
        const char *c = json_string_value(json_object_get(d, "code"));
        if (json_is_false(json_object_get(d, "variable")))
            continue; /* information for the client, not a question */
        open311_take(d, c, open311_given(form, c), out, pb);
    }
    if (pb->invalid_params != NULL) {
        json_decref(out);
        return kc_problem_set(pb, KC_INVALID, "the service request's attributes are invalid");
    }
    if (json_object_size(out) > 0)
        *values = out;
    else
        json_decref(out);
    return KC_OK;
}

/* ---- dates ----------------------------------------------------------------- */

/* n digits at s as a number, or -1. */
static int open311_digits(const char *s, int n)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int open311_parse_time(const char *s, long long *epoch)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, off = 0, oh, om;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    struct tm tm;
    const char *p;

    if (s == NULL || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
        return -1;
    y = open311_digits(s, 4);
    mo = open311_digits(s + 5, 2);
    d = open311_digits(s + 8, 2);
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
        (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
        return -1;
    p = s + 10;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        h = open311_digits(p + 1, 2);
        if (h < 0 || p[3] != ':' || (mi = open311_digits(p + 4, 2)) < 0 || h > 23 || mi > 59)
            return -1;
        p += 6;
        if (*p == ':') {
            sec = open311_digits(p + 1, 2);
            if (sec < 0 || sec > 60)
                return -1;
            p += 3;
            if (*p == '.' || *p == ',') {
                p++;
                if (*p < '0' || *p > '9')
                    return -1;
                while (*p >= '0' && *p <= '9')
                    p++;
            }
        }
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int sign = *p == '-' ? -1 : 1;
            oh = open311_digits(p + 1, 2);
            if (oh < 0 || oh > 23)
                return -1;
            if (p[3] == ':') {
                om = open311_digits(p + 4, 2);
                p += 6;
            } else if (p[3] >= '0' && p[3] <= '9') {
                om = open311_digits(p + 3, 2);
                p += 5;
            } else {
                om = 0;
                p += 3;
            }
            if (om < 0 || om > 59)
                return -1;
            off = sign * (oh * 60 + om) * 60;
        }
    }
    if (*p != '\0')
        return -1;
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    *epoch = (long long)timegm(&tm) - off;
    return 0;
}

int open311_window(int has_start, long long start, int has_end, long long end, long long now,
                   long long *from, long long *to)
{
    const long long span = (long long)OPEN311_WINDOW_DAYS * 86400;

    if (has_start && has_end) {
        *from = start;
        *to = end;
    } else if (has_start) {
        *from = start;
        *to = start + span;
    } else if (has_end) {
        *from = end - span;
        *to = end;
    } else {
        *from = now - span;
        *to = now;
    }
    return *to < *from || *to - *from > span ? -1 : 0;
}

json_t *open311_split_list(const char *s, size_t max, size_t max_len)
{
    json_t *out = json_array();

    while (out != NULL && s != NULL && *s != '\0') {
        size_t len = strcspn(s, ",");
        const char *item = s;
        while (len > 0 && (*item == ' ' || *item == '\t')) {
            item++;
            len--;
        }
        while (len > 0 && (item[len - 1] == ' ' || item[len - 1] == '\t'))
            len--;
        if (len > max_len || (len > 0 && json_array_size(out) >= max)) {
            json_decref(out);
            return NULL;
        }
        if (len > 0)
            json_array_append_new(out, json_stringn(item, len));
        s += strcspn(s, ",");
        if (*s == ',')
            s++;
    }
    return out;
}
