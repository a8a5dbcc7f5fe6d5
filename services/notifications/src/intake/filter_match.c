#include "intake/filter_match.h"

#include <string.h>

/* 1 when every filter of the entry holds for kenmerken. */
static int filters_hold(const json_t *filters, const json_t *kenmerken)
{
    const char *key;
    const json_t *want, *have;

    if (filters == NULL || json_is_null(filters))
        return 1;
    if (!json_is_object(filters))
        return 0;
    json_object_foreach((json_t *)filters, key, want)
    {
        if (!json_is_string(want))
            return 0;
        if (strcmp(json_string_value(want), "*") == 0)
            continue;
        have = json_is_object(kenmerken) ? json_object_get(kenmerken, key) : NULL;
        if (have == NULL)
            continue; /* a kenmerk the message lacks is ignored */
        if (!json_is_string(have) || strcmp(json_string_value(have), json_string_value(want)) != 0)
            return 0;
    }
    return 1;
}

int filter_match(const json_t *kanalen, const char *kanaal, const json_t *kenmerken)
{
    const json_t *entry, *naam;
    size_t i;

    if (!json_is_array(kanalen) || kanaal == NULL)
        return 0;
    json_array_foreach(kanalen, i, entry)
    {
        if (!json_is_object(entry))
            continue;
        naam = json_object_get(entry, "naam");
        if (json_is_string(naam) && strcmp(json_string_value(naam), kanaal) == 0 &&
            filters_hold(json_object_get(entry, "filters"), kenmerken))
            return 1;
    }
    return 0;
}
