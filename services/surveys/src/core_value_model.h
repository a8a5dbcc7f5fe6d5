#ifndef KOERS_SURVEYS_CORE_VALUE_MODEL_H
#define KOERS_SURVEYS_CORE_VALUE_MODEL_H

#include <jansson.h>

/* A value of the tenant's catalogue; name at most 100 characters,
 * description at most 1000 (4 bytes of UTF-8 each at most). */
typedef struct core_value {
    char id[37];
    char name[404];
    char description[4004];
    int version;
    char created_at[32];
    char updated_at[32];
} core_value;

/* The API representation (new reference). */
json_t *core_value_to_json(const core_value *v);

#endif
