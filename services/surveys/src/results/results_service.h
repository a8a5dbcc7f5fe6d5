#ifndef KOERS_SURVEYS_RESULTS_SERVICE_H
#define KOERS_SURVEYS_RESULTS_SERVICE_H

#include <stddef.h>
#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The results of a survey: per question and audience, the gap analysis
 * between two audiences, the comparison of two waves, and the export.
 * Callers: staff admin, survey_manager, coordinator; a portal key with
 * surveys:read (not the export). The small-group rule is applied here to
 * every group before anything leaves this file: a group with fewer
 * respondents than the tenant's minimum gets `withheld: true` and a reason,
 * and no numbers or texts beyond its n. Arguments are borrowed; *out is
 * the caller's. */

/* Results of every question for one audience (NULL = each of the survey's
 * audiences): {surveyId, minGroupSize, results: [...]}. An audience that
 * is not the survey's is KC_INVALID naming "audience". */
kc_status results_service_get(kc_db_pool *pool, const kc_principal *p, const char *survey_id,
                              const char *audience, json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Gap analysis between audiences a and b (NULL: citizens, employees):
 * {surveyId, audienceA, audienceB, minGroupSize, items: [...]}, items
 * sorted by |difference| descending, withheld items last. a == b is
 * KC_INVALID naming "audienceB". */
kc_status results_service_gap(kc_db_pool *pool, const kc_principal *p, const char *survey_id,
                              const char *a, const char *b, json_t **out,
                              kc_problem *pb) KC_MUST_CHECK;

/* Wave comparison of survey_id (from) with with_id (to), same series, per
 * question code of both: {surveyId, with, minGroupSize, items: [...]}
 * with the change to - from and its 95% interval. `with` missing, unknown
 * in the tenant, the survey itself, or of another series is KC_INVALID
 * naming "with". */
kc_status results_service_comparison(kc_db_pool *pool, const kc_principal *p, const char *survey_id,
                                     const char *with_id, const char *audience, json_t **out,
                                     kc_problem *pb) KC_MUST_CHECK;

typedef enum { RESULTS_EXPORT_RESPONSES, RESULTS_EXPORT_RESULTS } results_export_what;
typedef enum { RESULTS_FORMAT_CSV, RESULTS_FORMAT_JSON } results_export_format;

/* The export (staff only). CSV: *csv and *csv_len (free()). JSON: *json.
 * Responses: one per response of the groups that are large enough
 * (audience, submittedOn, one column per question code; several values
 * joined with ';'); audiences withheld by the small-group rule are left out
 * (and named in the JSON). Results: as results_service_get, CSV in long
 * form (one record per group and per item). */
kc_status results_service_export(kc_db_pool *pool, const kc_principal *p, const char *survey_id,
                                 results_export_what what, results_export_format format, char **csv,
                                 size_t *csv_len, json_t **json, kc_problem *pb) KC_MUST_CHECK;

#endif
