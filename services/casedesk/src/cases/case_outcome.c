#include "cases/case_outcome.h"

#include <stddef.h>
#include <string.h>
#include "koers/status.h"

static const char *const case_outcome_names[] = {"agreed", "partly_agreed", "refused"};

int case_outcome_parse(const char *s, case_outcome *out)
{
    size_t i;

    if (s == NULL)
        return -1;
    for (i = 0; i < KC_NELEMS(case_outcome_names); i++) {
        if (strcmp(s, case_outcome_names[i]) == 0) {
            *out = (case_outcome)i;
            return 0;
        }
    }
    return -1;
}

const char *case_outcome_name(case_outcome o)
{
    if ((int)o < 0 || (size_t)o >= KC_NELEMS(case_outcome_names))
        return "unknown";
    return case_outcome_names[o];
}

static int case_outcome_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Characters (UTF-8 lead bytes) of s without surrounding ASCII white space. */
static size_t case_outcome_chars(const char *s)
{
    const unsigned char *b = (const unsigned char *)s;
    size_t len = strlen(s), start = 0, end = len, i, n = 0;

    while (start < end && case_outcome_is_space(b[start]))
        start++;
    while (end > start && case_outcome_is_space(b[end - 1]))
        end--;
    for (i = start; i < end; i++) {
        if ((b[i] & 0xC0) != 0x80)
            n++;
    }
    return n;
}

int case_outcome_check(const char *outcome, const char *explanation, const char **field,
                       const char **reason)
{
    case_outcome o;
    size_t n;

    if (outcome == NULL) {
        *field = "outcome";
        *reason = "required when resolving: agreed, partly_agreed or refused";
        return -1;
    }
    if (case_outcome_parse(outcome, &o) != 0) {
        *field = "outcome";
        *reason = "must be one of agreed, partly_agreed, refused";
        return -1;
    }
    if (explanation == NULL) {
        *field = "explanation";
        *reason = "required when resolving: the explanation for the citizen";
        return -1;
    }
    n = case_outcome_chars(explanation);
    if (n == 0) {
        *field = "explanation";
        *reason = "must not be empty";
        return -1;
    }
    if (n > CASE_OUTCOME_EXPLANATION_MAX) {
        *field = "explanation";
        *reason = "must be at most 5000 characters";
        return -1;
    }
    if (o == CASE_OUTCOME_REFUSED && n < CASE_OUTCOME_REFUSAL_MIN) {
        *field = "explanation";
        *reason = "a refusal must be explained in at least 40 characters";
        return -1;
    }
    return 0;
}
