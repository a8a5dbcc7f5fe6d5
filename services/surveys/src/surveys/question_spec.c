#include "surveys/question_spec.h"

#include <stdio.h>
#include <string.h>
#include "koers/validate.h"

static const char *const question_types[] = {"likert5",       "likert7",         "nps",
                                             "single_choice", "multiple_choice", "ranking",
                                             "open_text",     "value_selection", NULL};

static const kc_field question_fields[] = {
    {.name = "sectionId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
    {.name = "position", .type = KC_T_INT, .min = 0, .max = 10000},
    {.name = "code", .type = KC_T_STRING, .min_len = 1, .max_len = 40},
    {.name = "text", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 1000},
    {.name = "type", .type = KC_T_STRING, .required = 1, .enum_values = question_types},
    {.name = "required", .type = KC_T_BOOL},
    {.name = "options", .type = KC_T_OBJECT},
};

#define CHOICES_MIN 2
#define CHOICES_MAX 50

int question_spec_is_code(const char *s)
{
    size_t i, n;

    if (s == NULL)
        return 0;
    n = strlen(s);
    if (n < 1 || n > 40)
        return 0;
    for (i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    return 1;
}

static void fault(kc_problem *pb, const char *name, const char *reason)
{
    kc_problem_add_field(pb, name, reason);
}

/* Only the listed members may appear in options. */
static void only_members(const json_t *options, const char *const *allowed, kc_problem *pb)
{
    const char *key;
    const json_t *v;
    char name[128];
    size_t i;
    int ok;

    json_object_foreach((json_t *)options, key, v)
    {
        ok = 0;
        for (i = 0; allowed[i] != NULL; i++)
            if (strcmp(key, allowed[i]) == 0)
                ok = 1;
        if (!ok) {
            snprintf(name, sizeof(name), "options.%.100s", key);
            fault(pb, name, "not an option of this question type");
        }
    }
}

/* An optional integer option in [min, max]; *out keeps def when absent.
 * Returns 0 on a fault. */
static int int_option(const json_t *options, const char *key, long long min, long long max,
                      long long def, long long *out, kc_problem *pb)
{
    const json_t *v = json_object_get(options, key);
    char name[64], reason[96];

    *out = def;
    if (v == NULL)
        return 1;
    snprintf(name, sizeof(name), "options.%s", key);
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        snprintf(reason, sizeof(reason), "must be an integer from %lld to %lld", min, max);
        fault(pb, name, reason);
        return 0;
    }
    *out = json_integer_value(v);
    return 1;
}

static void check_labels(const json_t *options, size_t want, json_t *out, kc_problem *pb)
{
    const json_t *labels = json_object_get(options, "labels"), *l;
    char name[64], reason[64];
    size_t i, len;
    int ok = 1;

    if (labels == NULL)
        return;
    if (!json_is_array(labels) || json_array_size(labels) != want) {
        snprintf(reason, sizeof(reason), "must be an array of %zu labels", want);
        fault(pb, "options.labels", reason);
        return;
    }
    json_array_foreach(labels, i, l)
    {
        len = json_is_string(l) ? kc_utf8_len(json_string_value(l)) : 0;
        if (len < 1 || len > 100) {
            snprintf(name, sizeof(name), "options.labels[%zu]", i);
            fault(pb, name, "must be a string of 1 to 100 characters");
            ok = 0;
        }
    }
    if (ok)
        json_object_set(out, "labels", (json_t *)labels);
}

/* options.choices; returns how many there are (0 on a fault). */
static size_t check_choices(const json_t *options, json_t *out, kc_problem *pb)
{
    const json_t *choices = json_object_get(options, "choices"), *c, *v, *l;
    json_t *copy;
    char name[80];
    size_t i, j, len, n;
    int ok = 1;

    if (choices == NULL) {
        fault(pb, "options.choices", "required for this question type");
        return 0;
    }
    n = json_is_array(choices) ? json_array_size(choices) : 0;
    if (n < CHOICES_MIN || n > CHOICES_MAX) {
        fault(pb, "options.choices", "must be an array of 2 to 50 choices");
        return 0;
    }
    copy = json_array();
    json_array_foreach(choices, i, c)
    {
        v = json_object_get(c, "value");
        l = json_object_get(c, "label");
        if (!json_is_object(c) || json_object_size(c) != 2 || v == NULL || l == NULL) {
            snprintf(name, sizeof(name), "options.choices[%zu]", i);
            fault(pb, name, "must be an object {value, label}");
            ok = 0;
            continue;
        }
        if (!json_is_string(v) || !question_spec_is_code(json_string_value(v))) {
            snprintf(name, sizeof(name), "options.choices[%zu].value", i);
            fault(pb, name, "must match [a-z0-9_]{1,40}");
            ok = 0;
        } else {
            for (j = 0; j < i; j++) {
                const json_t *o = json_object_get(json_array_get(choices, j), "value");
                if (json_is_string(o) && strcmp(json_string_value(o), json_string_value(v)) == 0) {
                    snprintf(name, sizeof(name), "options.choices[%zu].value", i);
                    fault(pb, name, "must be unique");
                    ok = 0;
                    break;
                }
            }
        }
        len = json_is_string(l) ? kc_utf8_len(json_string_value(l)) : 0;
        if (len < 1 || len > 200) {
            snprintf(name, sizeof(name), "options.choices[%zu].label", i);
            fault(pb, name, "must be a string of 1 to 200 characters");
            ok = 0;
        }
        json_array_append_new(copy, json_pack("{s:O, s:O}", "value", v, "label", l));
    }
    json_object_set_new(out, "choices", copy);
    return ok ? n : 0;
}

kc_status question_spec_check(const json_t *body, json_t **options, kc_problem *pb)
{
    static const char *const only_labels[] = {"labels", NULL};
    static const char *const only_none[] = {NULL};
    static const char *const only_choices[] = {"choices", NULL};
    static const char *const only_multi[] = {"choices", "maxChoices", NULL};
    static const char *const only_len[] = {"maxLength", NULL};
    static const char *const only_pick[] = {"pick", NULL};
    const json_t *opts, *code;
    json_t *out = NULL, *empty = NULL;
    const char *type;
    long long v;
    size_t n;
    kc_status st;

    *options = NULL;
    st = kc_validate_json(body, question_fields, KC_NELEMS(question_fields), pb);
    if (st != KC_OK)
        return st;
    code = json_object_get(body, "code");
    if (code != NULL && !question_spec_is_code(json_string_value(code)))
        fault(pb, "code", "must match [a-z0-9_]{1,40}");
    type = json_string_value(json_object_get(body, "type"));
    opts = json_object_get(body, "options");
    if (opts == NULL)
        opts = empty = json_object();
    out = json_object();
    if (strcmp(type, "likert5") == 0 || strcmp(type, "likert7") == 0) {
        only_members(opts, only_labels, pb);
        check_labels(opts, type[6] == '5' ? 5 : 7, out, pb);
    } else if (strcmp(type, "nps") == 0) {
        only_members(opts, only_none, pb);
    } else if (strcmp(type, "single_choice") == 0 || strcmp(type, "ranking") == 0) {
        only_members(opts, only_choices, pb);
        check_choices(opts, out, pb);
    } else if (strcmp(type, "multiple_choice") == 0) {
        only_members(opts, only_multi, pb);
        n = check_choices(opts, out, pb);
        if (n > 0 && int_option(opts, "maxChoices", 1, (long long)n, (long long)n, &v, pb))
            json_object_set_new(out, "maxChoices", json_integer(v));
    } else if (strcmp(type, "open_text") == 0) {
        only_members(opts, only_len, pb);
        if (int_option(opts, "maxLength", 1, 5000, 1000, &v, pb))
            json_object_set_new(out, "maxLength", json_integer(v));
    } else { /* value_selection */
        only_members(opts, only_pick, pb);
        if (json_object_get(opts, "pick") == NULL)
            fault(pb, "options.pick", "required for a value_selection question");
        else if (int_option(opts, "pick", 1, 10, 1, &v, pb))
            json_object_set_new(out, "pick", json_integer(v));
    }
    if (pb != NULL && pb->invalid_params != NULL) {
        if (pb->detail[0] == '\0')
            kc_problem_set(pb, KC_INVALID, "the question is not valid");
        st = KC_INVALID;
        goto out;
    }
    *options = out;
    out = NULL;
out:
    json_decref(out);
    json_decref(empty);
    return st;
}
