#include "flow/flow_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void flow_step_clear(flow_step *s)
{
    if (s == NULL)
        return;
    free(s->name);
    free(s->team_name);
    free(s->role);
    json_decref(s->inputs);
    json_decref(s->outputs);
    memset(s, 0, sizeof(*s));
}

void flow_version_clear(flow_version *v)
{
    size_t i;

    if (v == NULL)
        return;
    for (i = 0; i < v->nsteps; i++)
        flow_step_clear(&v->steps[i]);
    free(v->steps);
    free(v->note);
    free(v->published_by);
    memset(v, 0, sizeof(*v));
}

void flow_version_array_free(flow_version *v, size_t n)
{
    size_t i;

    for (i = 0; v != NULL && i < n; i++)
        flow_version_clear(&v[i]);
    free(v);
}

static json_t *str_or_null(const char *s)
{
    return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

static json_t *step_to_json(const flow_step *s)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_string(s->id));
    json_object_set_new(o, "stepKey", json_string(s->step_key));
    json_object_set_new(o, "position", json_integer(s->position));
    json_object_set_new(o, "name", json_string(s->name ? s->name : ""));
    json_object_set_new(o, "teamId", str_or_null(s->team_id));
    json_object_set_new(o, "teamName", str_or_null(s->team_name));
    json_object_set_new(o, "role", str_or_null(s->role));
    json_object_set_new(o, "inputs", s->inputs ? json_incref(s->inputs) : json_array());
    json_object_set_new(o, "outputs", s->outputs ? json_incref(s->outputs) : json_array());
    json_object_set_new(o, "normHours",
                        s->norm_hours[0] ? json_real(strtod(s->norm_hours, NULL)) : json_null());
    return o;
}

static void add_link(json_t *links, const char *rel, const char *href)
{
    json_object_set_new(links, rel, json_pack("{s:s}", "href", href));
}

json_t *flow_version_to_json(const flow_version *v, int with_steps, int draft_exists)
{
    json_t *o = json_object(), *steps, *links = json_object();
    char base[128], href[192];
    size_t i;

    if (o == NULL || links == NULL) {
        json_decref(o);
        json_decref(links);
        return NULL;
    }
    snprintf(base, sizeof(base), FLOW_PROCESSES_BASE "/%s/flow", v->process_id);
    json_object_set_new(o, "id", json_string(v->id));
    json_object_set_new(o, "processId", json_string(v->process_id));
    json_object_set_new(o, "state", json_string(v->published ? "published" : "draft"));
    json_object_set_new(o, "number", v->published ? json_integer(v->number) : json_null());
    json_object_set_new(o, "basedOnNumber",
                        v->based_on_number > 0 ? json_integer(v->based_on_number) : json_null());
    json_object_set_new(o, "note", json_string(v->note ? v->note : ""));
    json_object_set_new(o, "publishedBy", str_or_null(v->published_by));
    json_object_set_new(o, "publishedAt", str_or_null(v->published_at));
    json_object_set_new(o, "stepsCount", json_integer(v->steps_count));
    json_object_set_new(o, "createdAt", json_string(v->created_at));
    json_object_set_new(o, "updatedAt", json_string(v->updated_at));
    if (with_steps) {
        steps = json_array();
        for (i = 0; i < v->nsteps; i++)
            json_array_append_new(steps, step_to_json(&v->steps[i]));
        json_object_set_new(o, "steps", steps);
    }
    if (v->published) {
        snprintf(href, sizeof(href), "%s/versions/%d", base, v->number);
        add_link(links, "self", href);
        snprintf(href, sizeof(href), "%s.svg?version=%d", base, v->number);
        add_link(links, "svg", href);
        snprintf(href, sizeof(href), "%s.mmd?version=%d", base, v->number);
        add_link(links, "mermaid", href);
    } else {
        snprintf(href, sizeof(href), "%s/draft", base);
        add_link(links, "self", href);
        snprintf(href, sizeof(href), "%s.svg?draft=true", base);
        add_link(links, "svg", href);
        snprintf(href, sizeof(href), "%s.mmd?draft=true", base);
        add_link(links, "mermaid", href);
    }
    snprintf(href, sizeof(href), "%s/versions", base);
    add_link(links, "versions", href);
    if (draft_exists) {
        snprintf(href, sizeof(href), "%s/draft", base);
        add_link(links, "draft", href);
    }
    json_object_set_new(o, "_links", links);
    return o;
}
