#ifndef KOERS_CASEDESK_CATEGORY_MODEL_H
#define KOERS_CASEDESK_CATEGORY_MODEL_H

#include <jansson.h>

/* A case category; name is at most 100 characters (400 bytes of UTF-8). */
typedef struct category {
    char id[37];
    char name[404];
    int sla_days;
    int version;
    char created_at[32];
    char updated_at[32];
} category;

/* A PATCH: only members with has_* set change. */
typedef struct category_patch {
    int has_name;
    const char *name;
    int has_sla_days;
    int sla_days;
} category_patch;

/* The API representation (new reference). */
json_t *category_to_json(const category *c);

#endif
