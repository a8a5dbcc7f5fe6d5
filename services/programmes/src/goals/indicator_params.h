#ifndef KOERS_PROGRAMMES_INDICATOR_PARAMS_H
#define KOERS_PROGRAMMES_INDICATOR_PARAMS_H

#include <jansson.h>
#include "koers/problem.h"

/* The params of an indicator, per kind (pure):
 *   pulse_question     {seriesId (uuid), questionCode ([a-z0-9_]{1,40}),
 *                       audience? (citizens, employees, managers,
 *                       council_members)}
 *   attendance_rate    {activityKind? (an activity kind)}
 *   manifest_support   {manifestId? (uuid)}
 *   equal_party_share  {}
 * Nothing else is allowed. */

/* KC_OK, or KC_INVALID naming each fault as "params.<member>" (or
 * "params" itself) in pb. kind must be one of the four (the column's
 * enum checks it before). */
kc_status indicator_params_check(const char *kind, const json_t *params,
                                 kc_problem *pb) KC_MUST_CHECK;

#endif
