#include "citizen/tracking_model.h"

#include <stdlib.h>
#include <string.h>

void tracking_case_clear(tracking_case *c)
{
    if (c == NULL)
        return;
    free(c->category_name);
    free(c->suspension_reason);
    free(c->outcome_explanation);
    memset(c, 0, sizeof(*c));
}

void tracking_message_clear(tracking_message *m)
{
    if (m == NULL)
        return;
    free(m->text);
    memset(m, 0, sizeof(*m));
}

void tracking_feedback_clear(tracking_feedback *f)
{
    if (f == NULL)
        return;
    free(f->comment);
    memset(f, 0, sizeof(*f));
}

void tracking_reopen_clear(tracking_reopen *r)
{
    if (r == NULL)
        return;
    free(r->decline_reason);
    memset(r, 0, sizeof(*r));
}

void tracking_message_array_free(tracking_message *items, size_t n)
{
    size_t i;

    if (items == NULL)
        return;
    for (i = 0; i < n; i++)
        tracking_message_clear(&items[i]);
    free(items);
}

void tracking_view_clear(tracking_view *v)
{
    if (v == NULL)
        return;
    tracking_case_clear(&v->c);
    free(v->timeline);
    tracking_message_array_free(v->messages, v->nmessages);
    tracking_feedback_clear(&v->feedback);
    tracking_reopen_clear(&v->reopen);
    memset(v, 0, sizeof(*v));
}

int tracking_can_give_feedback(const tracking_case *c, const tracking_feedback *current)
{
    return (strcmp(c->status, "resolved") == 0 || strcmp(c->status, "closed") == 0) &&
           !current->present;
}

int tracking_can_send_message(const tracking_case *c)
{
    return strcmp(c->status, "closed") != 0;
}

/* A string, or JSON null for "" / NULL. */
static json_t *tracking_str(const char *s)
{
    return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

json_t *tracking_message_to_json(const tracking_message *m)
{
    return json_pack("{s:s, s:o, s:o}", "direction", m->direction, "text", tracking_str(m->text),
                     "at", tracking_str(m->at));
}

json_t *tracking_feedback_to_json(const tracking_feedback *f)
{
    return json_pack("{s:i, s:b, s:o, s:o}", "satisfaction", f->satisfaction, "equalParty",
                     f->equal_party, "comment", tracking_str(f->comment), "at",
                     tracking_str(f->at));
}

static json_t *tracking_timeline_to_json(const tracking_view *v)
{
    json_t *arr = json_array(), *e;
    size_t i;

    for (i = 0; arr != NULL && i < v->ntimeline; i++) {
        e = json_pack("{s:s, s:s}", "at", v->timeline[i].at, "action", v->timeline[i].action);
        if (e != NULL && v->timeline[i].status[0] != '\0')
            json_object_set_new(e, "status", json_string(v->timeline[i].status));
        if (e == NULL || json_array_append_new(arr, e) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

static json_t *tracking_messages_to_json(const tracking_view *v)
{
    json_t *arr = json_array(), *m;
    size_t i;

    for (i = 0; arr != NULL && i < v->nmessages; i++) {
        m = tracking_message_to_json(&v->messages[i]);
        if (m == NULL || json_array_append_new(arr, m) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

json_t *tracking_view_to_json(const tracking_view *v)
{
    const tracking_case *c = &v->c;
    json_t *doc, *suspension, *outcome, *feedback, *reopen, *timeline, *messages;

    /* the suspension shows only while the case waits on the citizen */
    suspension = strcmp(c->status, "waiting") == 0 && c->suspended_since[0] != '\0'
                     ? json_pack("{s:o, s:s}", "reason", tracking_str(c->suspension_reason),
                                 "since", c->suspended_since)
                     : json_null();
    outcome = c->outcome[0] != '\0' ? json_pack("{s:s, s:o, s:o}", "result", c->outcome,
                                                "explanation", tracking_str(c->outcome_explanation),
                                                "resolvedAt", tracking_str(c->resolved_at))
                                    : json_null();
    feedback = v->feedback.present ? tracking_feedback_to_json(&v->feedback) : json_null();
    reopen = v->reopen.present ? json_pack("{s:s, s:o}", "status", v->reopen.status,
                                           "declineReason", tracking_str(v->reopen.decline_reason))
                               : json_null();
    timeline = tracking_timeline_to_json(v);
    messages = tracking_messages_to_json(v);
    if (suspension == NULL || outcome == NULL || feedback == NULL || reopen == NULL ||
        timeline == NULL || messages == NULL) {
        json_decref(suspension);
        json_decref(outcome);
        json_decref(feedback);
        json_decref(reopen);
        json_decref(timeline);
        json_decref(messages);
        return NULL;
    }
    doc = json_pack(
        "{s:s, s:s, s:{s:s, s:o}, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
        "s:b, s:b}",
        "reference", c->reference, "status", c->status, "category", "id", c->category_id, "name",
        tracking_str(c->category_name), "createdAt", tracking_str(c->created_at), "firstContactDue",
        tracking_str(c->first_contact_due), "resolutionDue", tracking_str(c->resolution_due),
        "firstContactAt", tracking_str(c->first_contact_at), "suspension", suspension, "outcome",
        outcome, "timeline", timeline, "messages", messages, "feedback", feedback, "reopenRequest",
        reopen, "canGiveFeedback", tracking_can_give_feedback(c, &v->feedback), "canSendMessage",
        tracking_can_send_message(c));
    return doc;
}
