#ifndef KOERS_CASEDESK_ROUTING_RULE_MODEL_H
#define KOERS_CASEDESK_ROUTING_RULE_MODEL_H

#include <jansson.h>

/* A routing rule: criteria (category, district, keywords; unset = any) and
 * the pool of officers it routes to. */
typedef struct routing_rule {
    char id[37];
    char *name;
    int position;
    char category_id[37]; /* "" = any */
    char *district;       /* NULL = any */
    json_t *keywords;     /* array of strings */
    json_t *officer_ids;  /* array of uuids */
    int active;
    int version;
    char created_at[32];
    char updated_at[32];
} routing_rule;

/* A new rule or a PATCH (borrowed); has_* say which members are set. A set
 * category_id or district may be NULL (= any). */
typedef struct routing_rule_input {
    int has_name, has_position, has_category_id, has_district, has_keywords, has_officer_ids,
        has_active;
    const char *name;
    int position;
    const char *category_id;
    const char *district;
    const json_t *keywords;
    const json_t *officer_ids;
    int active;
} routing_rule_input;

void routing_rule_clear(routing_rule *r);
void routing_rule_array_free(routing_rule *items, size_t n);

/* The API representation (new reference). */
json_t *routing_rule_to_json(const routing_rule *r);

#endif
