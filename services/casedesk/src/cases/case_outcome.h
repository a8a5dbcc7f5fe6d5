#ifndef KOERS_CASEDESK_CASE_OUTCOME_H
#define KOERS_CASEDESK_CASE_OUTCOME_H

/* The outcome of a resolved case (pure): what was decided and the
 * explanation written for the citizen. */

typedef enum {
    CASE_OUTCOME_AGREED = 0,
    CASE_OUTCOME_PARTLY_AGREED,
    CASE_OUTCOME_REFUSED
} case_outcome;

#define CASE_OUTCOME_EXPLANATION_MAX 5000
/* A refusal must be explained: at least this many characters. */
#define CASE_OUTCOME_REFUSAL_MIN 40

/* Parses "agreed", "partly_agreed", "refused". 0, or -1 if unknown. */
int case_outcome_parse(const char *s, case_outcome *out);
/* The API spelling (static); "unknown" if out of range. */
const char *case_outcome_name(case_outcome o);

/* Checks the outcome and explanation of a resolution (NULL = absent). The
 * explanation counts in characters (UTF-8) without leading and trailing
 * white space: 1..5000, and at least CASE_OUTCOME_REFUSAL_MIN for a
 * refusal. Returns 0, or -1 with *field ("outcome" or "explanation") and
 * *reason (static strings) naming the first fault. */
int case_outcome_check(const char *outcome, const char *explanation, const char **field,
                       const char **reason);

#endif
