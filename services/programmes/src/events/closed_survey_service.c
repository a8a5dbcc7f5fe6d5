#include "events/closed_survey_service.h"

#include <stdlib.h>
#include <string.h>
#include "koers/validate.h"
#include "programmes_service.h"
#include "events/closed_survey_repo.h"

#define AUDIENCE_MAX 64
#define NAME_MAX_LEN 200
#define VALUES_MAX   50
#define COUNT_MAX    1000000000LL

/* One {valueId, name, count} as kept, or NULL when it is not one. */
static json_t *top_value(const json_t *item)
{
    const char *id = json_string_value(json_object_get(item, "valueId"));
    const char *name = json_string_value(json_object_get(item, "name"));
    const json_t *count = json_object_get(item, "count");
    size_t len = name != NULL ? strlen(name) : 0;

    if (id == NULL || !kc_is_uuid(id) || len < 1 || len > NAME_MAX_LEN || !json_is_integer(count) ||
        json_integer_value(count) < 0 || json_integer_value(count) > COUNT_MAX)
        return NULL;
    return json_pack("{s:s, s:s, s:I}", "valueId", id, "name", name, "count",
                     json_integer_value(count));
}

json_t *closed_survey_top_values(const json_t *top_values)
{
    json_t *out = json_object(), *list = NULL, *v;
    const json_t *items, *item;
    const char *audience;
    size_t i, len;

    if (out == NULL || !json_is_object(top_values))
        return out;
    json_object_foreach((json_t *)top_values, audience, items)
    {
        len = strlen(audience);
        if (len < 1 || len > AUDIENCE_MAX || !json_is_array(items))
            continue;
        list = json_array();
        if (list == NULL)
            goto oom;
        json_array_foreach(items, i, item)
        {
            if (json_array_size(list) == VALUES_MAX)
                break;
            v = top_value(item);
            if (v != NULL && json_array_append_new(list, v) != 0)
                goto oom;
        }
        if (json_array_size(list) == 0)
            json_decref(list);
        else if (json_object_set_new(out, audience, list) != 0)
            goto oom;
        list = NULL;
    }
    return out;
oom:
    json_decref(list);
    json_decref(out);
    return NULL;
}

kc_status closed_survey_service_apply(kc_db_conn *conn, const char *tenant_id, const char *event_id,
                                      const char *subject, const json_t *data,
                                      const char *published_at, kc_problem *pb)
{
    const char *survey_id =
        programmes_event_row("survey.closed", event_id, subject, data, "surveyId", "survey");
    json_t *top = NULL;
    char *text = NULL;
    kc_status st = KC_OK;

    if (survey_id == NULL)
        goto out;
    top = closed_survey_top_values(json_object_get(data, "topValues"));
    text = top != NULL ? json_dumps(top, JSON_COMPACT) : NULL;
    if (text == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = closed_survey_repo_upsert(conn, tenant_id, survey_id, text,
                                   programmes_event_instant(published_at), event_id, pb);
out:
    free(text);
    json_decref(top);
    return st;
}

kc_status closed_survey_service_candidates(kc_db_pool *pool, const kc_principal *p, const char *id,
                                           json_t **out, kc_problem *pb)
{
    return programmes_items_of(pool, p, id, closed_survey_repo_candidates, out, pb);
}
