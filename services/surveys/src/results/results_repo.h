#ifndef KOERS_SURVEYS_RESULTS_REPO_H
#define KOERS_SURVEYS_RESULTS_REPO_H

#include <stddef.h>
#include <jansson.h>
#include "koers/db.h"

/* SQL of the results, gap analysis, wave comparison and export of a survey:
 * the figures are read from the running tallies of the answers
 * (surveys.answer_tallies, kept by triggers on surveys.answers: see
 * sql/002_result_tallies.sql), the open texts and the export from the
 * answers themselves; a few statements per request, never one per
 * question, scoped to tenant_id everywhere. The rows come back as plain
 * structs; the small-group rule and the statistics are the service's
 * (results_service.c, stats.c). Out params are the caller's, freed with
 * the matching *_free (NULL is fine). */

#define RESULTS_MAX_AUDIENCES 4

/* A survey as the results need it, with the tenant's minimum group size
 * (settings.min_group_size, 5 when the tenant has no settings row). */
typedef struct results_survey {
    char id[37];
    char series_id[37];
    char status[8];
    int wave;
    char audiences[RESULTS_MAX_AUDIENCES][16];
    size_t naudiences;
    int min_group_size;
} results_survey;

/* One question, in survey order (position, code). */
typedef struct results_question {
    char id[37];
    char code[41];
    char type[16];
    int position;
    json_t *options; /* owned */
} results_question;

void results_question_array_free(results_question *qs, size_t n);

/* One aggregate row. `kind` says what it holds:
 *   'g'  a group (question x audience): n answers; for numeric questions
 *        sum and sumsq of the values
 *   'd'  distribution: key = the value (likert/nps) or choice, count
 *   'm'  multiple choice: key = one option, count of answers that chose it
 *   'r'  ranking: key = one option, count, sum and sumsq of its positions
 *        (1 = first)
 *   'v'  value selection: key = core value id, label = its name, count of
 *        answers that picked it; in the gap analysis n = respondents of the
 *        audience's value_selection answers, count = those who picked it
 *   'l'  gap analysis, a Likert question: key = question id, label = code,
 *        n, sum, sumsq
 *   'o'  comparison, a share: key = choice/option/value id, label = name
 *        (values only), count
 * side (comparison only) is 0 for the survey compared from, 1 for `with`. */
typedef struct results_row {
    char kind;
    int side;
    char question_id[37];
    char code[41];
    char type[16];
    char audience[16];
    char *key;   /* owned; NULL when none */
    char *label; /* owned; NULL when none */
    long long n, count;
    double sum, sumsq;
} results_row;

void results_row_array_free(results_row *rows, size_t n);

/* One anonymous response for the export: answers is a JSON array aligned
 * with the question list (null where unanswered): a number, a string, an
 * array of strings (choices, ranking, value ids). */
typedef struct results_response {
    char audience[16];
    char submitted_on[11];
    json_t *answers; /* owned */
} results_response;

void results_response_array_free(results_response *rs, size_t n);

/* The survey with the tenant's minimum group size; KC_NOT_FOUND when the
 * tenant has no such survey. */
kc_status results_repo_survey(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                              results_survey *out, kc_problem *pb) KC_MUST_CHECK;

/* The survey's questions in order. */
kc_status results_repo_questions(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                 results_question **out, size_t *n, kc_problem *pb) KC_MUST_CHECK;

/* Every aggregate of the survey's results in one statement: 'g', 'd', 'm',
 * 'r' and 'v' rows, of one audience (NULL = all). Groups without any
 * answer have no row. */
kc_status results_repo_aggregates(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                  const char *audience, results_row **out, size_t *n,
                                  kc_problem *pb) KC_MUST_CHECK;

/* Called by results_repo_texts for each open text: the strings are
 * borrowed for the call only. */
typedef void (*results_text_fn)(void *arg, const char *question_id, const char *audience,
                                const char *text);

/* The open texts of the survey, of one audience (NULL = all): each(arg,
 * ...) for every answer with a text_value, in the order of question,
 * audience and text (so the order says nothing about who answered when).
 * Texts of questions of any type: the caller keeps those of its open_text
 * questions. The texts are not copied into rows: at 100,000 responses
 * that copy cost more than the query. */
kc_status results_repo_texts(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                             const char *audience, results_text_fn each, void *arg,
                             kc_problem *pb) KC_MUST_CHECK;

/* The gap analysis between audiences a and b in one statement: a 'v' row
 * per core value of the tenant and audience (only when the survey has a
 * value_selection question; values never picked have count 0), and an 'l'
 * row per Likert question and audience that has answers. */
kc_status results_repo_gap(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                           const char *a, const char *b, results_row **out, size_t *n,
                           kc_problem *pb) KC_MUST_CHECK;

/* The comparison of two surveys (from_id side 0, to_id side 1) over the
 * question codes both have with the same type, in one statement: a 'g' row
 * per side, code and audience; 'o' rows with the counts per choice, option
 * and core value; 'r' rows with the positions of ranking options. One
 * audience, or all (NULL). */
kc_status results_repo_comparison(kc_db_conn *conn, const char *tenant_id, const char *from_id,
                                  const char *to_id, const char *audience, results_row **out,
                                  size_t *n, kc_problem *pb) KC_MUST_CHECK;

/* The survey's responses, answers aligned with results_repo_questions'
 * order, sorted by audience and then by the random response id (never in
 * the order they came in). */
kc_status results_repo_responses(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                 results_response **out, size_t *n, kc_problem *pb) KC_MUST_CHECK;

#endif
