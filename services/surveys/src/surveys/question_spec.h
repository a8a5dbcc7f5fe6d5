#ifndef KOERS_SURVEYS_QUESTION_SPEC_H
#define KOERS_SURVEYS_QUESTION_SPEC_H

#include <jansson.h>
#include "koers/problem.h"

/* The definition of a question, checked without a database (pure). A body
 * {sectionId?, position?, code?, text, type, required?, options?} is valid
 * when its members have the right types and its options fit its type:
 *   likert5/likert7  {labels?: [5|7 strings of 1..100]}
 *   nps              {}
 *   single_choice    {choices: [{value [a-z0-9_]{1,40}, label 1..200}] 2..50, unique values}
 *   multiple_choice  as single_choice + {maxChoices?: 1..n (default n)}
 *   ranking          as single_choice
 *   open_text        {maxLength?: 1..5000 (default 1000)}
 *   value_selection  {pick: 1..10}
 * Every fault is named in pb (e.g. "options.choices[2].value") with
 * KC_INVALID. On success *options (new reference, the caller's) is the
 * normalised options object: defaults filled in, nothing else. */
kc_status question_spec_check(const json_t *body, json_t **options, kc_problem *pb) KC_MUST_CHECK;

/* 1 if s is a valid question code / choice value: [a-z0-9_]{1,40}. */
int question_spec_is_code(const char *s);

#endif
