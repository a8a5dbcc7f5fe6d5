#ifndef KOERS_SURVEYS_ANSWER_VALIDATE_H
#define KOERS_SURVEYS_ANSWER_VALIDATE_H

#include <stddef.h>
#include <jansson.h>
#include "koers/problem.h"
#include "surveys/survey_model.h"

/* Checks a response's answers against the survey's questions, without a
 * database (pure). answers must be an array of objects
 * {questionId, <member>} where the one member depends on the type:
 *   likert5/likert7/nps  value     integer 1..5 / 1..7 / 0..10
 *   single_choice        choice    one of the choice values
 *   multiple_choice      choices   unique values, 1..maxChoices of them
 *   ranking              ranking   every choice value exactly once
 *   open_text            text      1..maxLength characters
 *   value_selection      valueIds  exactly pick distinct ids out of value_ids
 * value_ids (n_values of them) are the tenant's core values. Every fault is
 * named in pb: "answers[i].<member>" for a bad answer, "answers[i]
 * .questionId" for an unknown or repeated question, and
 * "answers[questionId=<id>]" for a required question left unanswered.
 * Returns KC_OK or KC_INVALID. */
kc_status answer_validate(const question *questions, size_t n_questions,
                          const char *const *value_ids, size_t n_values, const json_t *answers,
                          kc_problem *pb) KC_MUST_CHECK;

#endif
