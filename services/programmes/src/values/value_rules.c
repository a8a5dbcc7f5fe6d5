#include "values/value_rules.h"

#include <string.h>
#include "koers/validate.h"

/* name when it is one the catalogue keeps, else NULL. */
static const char *usable_name(const json_t *v)
{
    const char *name = json_string_value(v);
    size_t len;

    if (name == NULL)
        return NULL;
    len = kc_utf8_len(name);
    return len >= 1 && len <= VALUE_NAME_MAX ? name : NULL;
}

/* The first of a and b that is a UUID, else NULL. */
static const char *uuid_of(const char *a, const char *b)
{
    if (a != NULL && kc_is_uuid(a))
        return a;
    if (b != NULL && kc_is_uuid(b))
        return b;
    return NULL;
}

value_event_kind value_event_read(const char *type, const char *subject, const json_t *data,
                                  value_event *out)
{
    memset(out, 0, sizeof(*out));
    out->kind = VALUE_EVENT_IGNORED;
    if (type == NULL)
        return out->kind;
    if (strcmp(type, "core_value.created") == 0 || strcmp(type, "core_value.updated") == 0 ||
        strcmp(type, "core_value.deleted") == 0) {
        out->value_id = uuid_of(json_string_value(json_object_get(data, "id")), subject);
        out->name = usable_name(json_object_get(data, "name"));
        if (strcmp(type, "core_value.deleted") == 0)
            out->kind = VALUE_EVENT_DEACTIVATE;
        else
            out->kind = out->name != NULL ? VALUE_EVENT_UPSERT : VALUE_EVENT_MALFORMED;
    } else if (strcmp(type, "brainstorm.value.promoted") == 0) {
        out->value_id = uuid_of(json_string_value(json_object_get(data, "coreValueId")), subject);
        out->session_id = uuid_of(json_string_value(json_object_get(data, "sessionId")), NULL);
        out->name = usable_name(json_object_get(data, "name"));
        out->kind = out->name != NULL && out->session_id != NULL ? VALUE_EVENT_PROMOTED
                                                                 : VALUE_EVENT_MALFORMED;
    } else {
        return out->kind;
    }
    if (out->value_id == NULL)
        out->kind = VALUE_EVENT_MALFORMED;
    return out->kind;
}

int value_source_parse(const char *name, value_source *out)
{
    static const char *const names[] = {"catalogue", "survey", "brainstorm"};
    size_t i;

    for (i = 0; name != NULL && i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (value_source)i;
            return 0;
        }
    }
    return -1;
}

kc_status value_source_check(value_source source, const char *source_ref, kc_problem *pb)
{
    if (source == VALUE_SOURCE_CATALOGUE && source_ref != NULL) {
        kc_problem_add_field(pb, "sourceRef", "a value from the catalogue names no sourceRef");
        return kc_problem_set(pb, KC_INVALID, "a value from the catalogue names no sourceRef");
    }
    if (source != VALUE_SOURCE_CATALOGUE && source_ref == NULL) {
        kc_problem_add_field(pb, "sourceRef",
                             source == VALUE_SOURCE_SURVEY ? "required: the survey"
                                                           : "required: the brainstorm session");
        return kc_problem_set(pb, KC_INVALID, "a value from a %s names the %s in sourceRef",
                              source == VALUE_SOURCE_SURVEY ? "survey" : "brainstorm session",
                              source == VALUE_SOURCE_SURVEY ? "survey" : "session");
    }
    return KC_OK;
}
