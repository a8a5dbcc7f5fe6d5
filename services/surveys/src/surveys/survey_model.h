#ifndef KOERS_SURVEYS_SURVEY_MODEL_H
#define KOERS_SURVEYS_SURVEY_MODEL_H

#include <stddef.h>
#include <jansson.h>

/* A section of a survey; title at most 200 characters. */
typedef struct section {
    char id[37];
    char title[804];
    int position;
} section;

/* A question. type is one of likert5, likert7, nps, single_choice,
 * multiple_choice, ranking, open_text, value_selection; options is the
 * normalised options object of its type (question_spec.h). text and
 * options are owned (question_clear frees them). */
typedef struct question {
    char id[37];
    char section_id[37]; /* "" when in no section */
    int position;
    char code[44];
    char type[20];
    int required;
    char *text;
    json_t *options;
} question;

/* A survey with (when read whole) its sections and questions in position
 * order. audiences is an owned JSON array of strings. */
typedef struct survey {
    char id[37];
    char title[804];
    char kind[24];
    json_t *audiences;
    char status[8];
    char series_id[37];
    int wave;
    char closes_at[32]; /* "" = none */
    char opened_at[32];
    char closed_at[32];
    int version;
    char created_at[32];
    char updated_at[32];
    section *sections;
    size_t nsections;
    question *questions;
    size_t nquestions;
} survey;

void question_clear(question *q);
/* Frees members, sections and questions; the struct itself is the caller's. */
void survey_clear(survey *s);
/* survey_clear on each, then free(list). NULL is fine. */
void survey_array_free(survey *list, size_t n);
/* 1 if audience is one of the survey's audiences. */
int survey_has_audience(const survey *s, const char *audience);

/* API representations (new references). with_content adds sections and
 * questions. */
json_t *question_to_json(const question *q);
json_t *section_to_json(const section *s);
json_t *survey_to_json(const survey *s, int with_content);

#endif
