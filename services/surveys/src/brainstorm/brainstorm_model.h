#ifndef KOERS_SURVEYS_BRAINSTORM_MODEL_H
#define KOERS_SURVEYS_BRAINSTORM_MODEL_H

#include <stddef.h>
#include <jansson.h>

/* An idea or candidate value of a brainstorm session; tags is an owned
 * JSON array of strings (brainstorm_item_clear). */
typedef struct brainstorm_item {
    char id[37];
    char kind[8];
    char text[2004];
    json_t *tags;
    int votes;
    char core_value_id[37]; /* "" until promoted */
    char created_at[32];
} brainstorm_item;

/* A session (date, group, facilitator) and, when read whole, its items. */
typedef struct brainstorm_session {
    char id[37];
    char title[804];
    char held_on[16];
    char group_name[804];
    char facilitator[804];
    char created_at[32];
    brainstorm_item *items;
    size_t nitems;
} brainstorm_session;

void brainstorm_item_clear(brainstorm_item *it);
void brainstorm_session_clear(brainstorm_session *s);

/* API representations (new references); with_items adds the items. */
json_t *brainstorm_item_to_json(const brainstorm_item *it);
json_t *brainstorm_session_to_json(const brainstorm_session *s, int with_items);

#endif
