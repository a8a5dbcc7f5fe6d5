#include "responses/answer_validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "koers/validate.h"

/* The member an answer to a question of `type` carries. */
static const char *answer_member(const char *type)
{
    if (strcmp(type, "likert5") == 0 || strcmp(type, "likert7") == 0 || strcmp(type, "nps") == 0)
        return "value";
    if (strcmp(type, "single_choice") == 0)
        return "choice";
    if (strcmp(type, "multiple_choice") == 0)
        return "choices";
    if (strcmp(type, "ranking") == 0)
        return "ranking";
    if (strcmp(type, "open_text") == 0)
        return "text";
    return "valueIds";
}

static void fault(kc_problem *pb, int *faults, size_t i, const char *member, const char *reason)
{
    char name[96];

    if (member != NULL)
        snprintf(name, sizeof(name), "answers[%zu].%.60s", i, member);
    else
        snprintf(name, sizeof(name), "answers[%zu]", i);
    kc_problem_add_field(pb, name, reason);
    (*faults)++;
}

static int is_choice(const question *q, const char *v)
{
    const json_t *choices = json_object_get(q->options, "choices"), *c;
    size_t i;

    json_array_foreach(choices, i, c)
    {
        if (strcmp(json_string_value(json_object_get(c, "value")), v) == 0)
            return 1;
    }
    return 0;
}

/* An array of unique strings, each passing ok(); returns 0 with a fault. */
static int unique_strings(const json_t *arr, const question *q, size_t i, const char *member,
                          const char *const *value_ids, size_t n_values, kc_problem *pb,
                          int *faults)
{
    const json_t *x, *y;
    size_t k, j, m;
    char reason[128];
    int known;

    json_array_foreach(arr, k, x)
    {
        if (!json_is_string(x)) {
            fault(pb, faults, i, member, "must hold only strings");
            return 0;
        }
        if (value_ids != NULL || strcmp(q->type, "value_selection") == 0) {
            known = 0;
            if (kc_is_uuid(json_string_value(x)))
                for (m = 0; m < n_values; m++)
                    if (strcasecmp(value_ids[m], json_string_value(x)) == 0)
                        known = 1;
            if (!known) {
                snprintf(reason, sizeof(reason), "%.40s is not a core value of this organisation",
                         json_string_value(x));
                fault(pb, faults, i, member, reason);
                return 0;
            }
        } else if (!is_choice(q, json_string_value(x))) {
            snprintf(reason, sizeof(reason), "%.60s is not one of the choices",
                     json_string_value(x));
            fault(pb, faults, i, member, reason);
            return 0;
        }
        for (j = 0; j < k; j++) {
            y = json_array_get(arr, j);
            if (strcasecmp(json_string_value(y), json_string_value(x)) == 0) {
                fault(pb, faults, i, member, "must not repeat a value");
                return 0;
            }
        }
    }
    return 1;
}

/* Checks the one answer member v of question q (answer i). */
static void check_value(const question *q, const json_t *v, size_t i, const char *member,
                        const char *const *value_ids, size_t n_values, kc_problem *pb, int *faults)
{
    char reason[128];
    long long lo = 1, hi = 5, max;
    size_t n, len;

    if (strcmp(member, "value") == 0) {
        if (strcmp(q->type, "likert7") == 0)
            hi = 7;
        else if (strcmp(q->type, "nps") == 0) {
            lo = 0;
            hi = 10;
        }
        if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
            snprintf(reason, sizeof(reason), "must be an integer from %lld to %lld", lo, hi);
            fault(pb, faults, i, member, reason);
        }
    } else if (strcmp(member, "choice") == 0) {
        if (!json_is_string(v))
            fault(pb, faults, i, member, "must be a string");
        else if (!is_choice(q, json_string_value(v)))
            fault(pb, faults, i, member, "is not one of the choices");
    } else if (strcmp(member, "choices") == 0) {
        max = json_integer_value(json_object_get(q->options, "maxChoices"));
        n = json_is_array(v) ? json_array_size(v) : 0;
        if (!json_is_array(v) || n < 1 || (long long)n > max) {
            snprintf(reason, sizeof(reason), "must be an array of 1 to %lld choices", max);
            fault(pb, faults, i, member, reason);
        } else {
            unique_strings(v, q, i, member, NULL, 0, pb, faults);
        }
    } else if (strcmp(member, "ranking") == 0) {
        n = json_array_size(json_object_get(q->options, "choices"));
        if (!json_is_array(v) || json_array_size(v) != n) {
            snprintf(reason, sizeof(reason), "must rank every one of the %zu choices once", n);
            fault(pb, faults, i, member, reason);
        } else {
            unique_strings(v, q, i, member, NULL, 0, pb, faults);
        }
    } else if (strcmp(member, "text") == 0) {
        max = json_integer_value(json_object_get(q->options, "maxLength"));
        len = json_is_string(v) ? kc_utf8_len(json_string_value(v)) : 0;
        if (!json_is_string(v) || len == (size_t)-1 || len < 1 || (long long)len > max) {
            snprintf(reason, sizeof(reason), "must be a text of 1 to %lld characters", max);
            fault(pb, faults, i, member, reason);
        }
    } else { /* valueIds */
        max = json_integer_value(json_object_get(q->options, "pick"));
        if (!json_is_array(v) || (long long)json_array_size(v) != max) {
            snprintf(reason, sizeof(reason), "must pick exactly %lld core value(s)", max);
            fault(pb, faults, i, member, reason);
        } else {
            unique_strings(v, q, i, member, value_ids, n_values, pb, faults);
        }
    }
}

kc_status answer_validate(const question *questions, size_t n_questions,
                          const char *const *value_ids, size_t n_values, const json_t *answers,
                          kc_problem *pb)
{
    unsigned char *seen = NULL;
    const json_t *a, *qid, *v;
    const question *q;
    const char *key, *member;
    char name[96], reason[160];
    size_t i, k;
    int faults = 0;
    kc_status st = KC_OK;

    if (!json_is_array(answers)) {
        kc_problem_add_field(pb, "answers", "must be an array");
        st = kc_problem_set(pb, KC_INVALID, "the answers are not valid");
        goto out;
    }
    seen = calloc(n_questions > 0 ? n_questions : 1, 1);
    if (seen == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    json_array_foreach(answers, i, a)
    {
        if (!json_is_object(a)) {
            fault(pb, &faults, i, NULL, "must be an object {questionId, ...}");
            continue;
        }
        qid = json_object_get(a, "questionId");
        if (!json_is_string(qid) || !kc_is_uuid(json_string_value(qid))) {
            fault(pb, &faults, i, "questionId", "required: the UUID of a question");
            continue;
        }
        q = NULL;
        for (k = 0; k < n_questions; k++)
            if (strcasecmp(questions[k].id, json_string_value(qid)) == 0) {
                q = &questions[k];
                break;
            }
        if (q == NULL) {
            fault(pb, &faults, i, "questionId", "is not a question of this survey");
            continue;
        }
        if (seen[k]) {
            fault(pb, &faults, i, "questionId", "is answered more than once");
            continue;
        }
        seen[k] = 1;
        member = answer_member(q->type);
        json_object_foreach((json_t *)a, key, v)
        {
            if (strcmp(key, "questionId") != 0 && strcmp(key, member) != 0) {
                snprintf(reason, sizeof(reason), "not allowed for a %s question (use %s)", q->type,
                         member);
                snprintf(name, sizeof(name), "%.60s", key);
                fault(pb, &faults, i, name, reason);
            }
        }
        v = json_object_get(a, member);
        if (v == NULL || json_is_null(v)) {
            snprintf(reason, sizeof(reason), "required for a %s question", q->type);
            fault(pb, &faults, i, member, reason);
            continue;
        }
        check_value(q, v, i, member, value_ids, n_values, pb, &faults);
    }
    for (k = 0; k < n_questions; k++) {
        if (questions[k].required && !seen[k]) {
            snprintf(name, sizeof(name), "answers[questionId=%s]", questions[k].id);
            snprintf(reason, sizeof(reason), "question %s is required and not answered",
                     questions[k].code);
            kc_problem_add_field(pb, name, reason);
            faults++;
        }
    }
    if (faults > 0)
        st = kc_problem_set(pb, KC_INVALID, "%d answer fault(s)", faults);
out:
    free(seen);
    return st;
}
