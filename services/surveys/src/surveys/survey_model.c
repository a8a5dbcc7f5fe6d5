#include "surveys/survey_model.h"

#include <stdlib.h>
#include <string.h>

void question_clear(question *q)
{
    if (q == NULL)
        return;
    free(q->text);
    json_decref(q->options);
    q->text = NULL;
    q->options = NULL;
}

void survey_clear(survey *s)
{
    size_t i;

    if (s == NULL)
        return;
    json_decref(s->audiences);
    s->audiences = NULL;
    for (i = 0; i < s->nquestions; i++)
        question_clear(&s->questions[i]);
    free(s->questions);
    free(s->sections);
    s->questions = NULL;
    s->sections = NULL;
    s->nquestions = 0;
    s->nsections = 0;
}

void survey_array_free(survey *list, size_t n)
{
    size_t i;

    for (i = 0; list != NULL && i < n; i++)
        survey_clear(&list[i]);
    free(list);
}

int survey_has_audience(const survey *s, const char *audience)
{
    size_t i;
    const json_t *a;

    json_array_foreach(s->audiences, i, a)
    {
        if (audience != NULL && json_is_string(a) && strcmp(json_string_value(a), audience) == 0)
            return 1;
    }
    return 0;
}

static json_t *str_or_null(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

json_t *question_to_json(const question *q)
{
    return json_pack("{s:s, s:o, s:i, s:s, s:s, s:s, s:b, s:o}", "id", q->id, "sectionId",
                     str_or_null(q->section_id), "position", q->position, "code", q->code, "text",
                     q->text ? q->text : "", "type", q->type, "required", q->required, "options",
                     q->options ? json_incref(q->options) : json_object());
}

json_t *section_to_json(const section *s)
{
    return json_pack("{s:s, s:s, s:i}", "id", s->id, "title", s->title, "position", s->position);
}

json_t *survey_to_json(const survey *s, int with_content)
{
    json_t *o, *arr;
    size_t i;

    o = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:i, s:o, s:o, s:o, s:s, s:s}", "id", s->id,
                  "title", s->title, "kind", s->kind, "audiences",
                  s->audiences ? json_incref(s->audiences) : json_array(), "status", s->status,
                  "seriesId", s->series_id, "wave", s->wave, "closesAt", str_or_null(s->closes_at),
                  "openedAt", str_or_null(s->opened_at), "closedAt", str_or_null(s->closed_at),
                  "createdAt", s->created_at, "updatedAt", s->updated_at);
    if (o == NULL || !with_content)
        return o;
    arr = json_array();
    for (i = 0; arr != NULL && i < s->nsections; i++)
        json_array_append_new(arr, section_to_json(&s->sections[i]));
    json_object_set_new(o, "sections", arr);
    arr = json_array();
    for (i = 0; arr != NULL && i < s->nquestions; i++)
        json_array_append_new(arr, question_to_json(&s->questions[i]));
    json_object_set_new(o, "questions", arr);
    return o;
}
