#ifndef KOERS_CASEDESK_OFFICER_MODEL_H
#define KOERS_CASEDESK_OFFICER_MODEL_H

#include <jansson.h>

/* A liaison officer (verbindingsofficier). category_ids and districts are
 * JSON arrays of strings. open_cases is derived: cases assigned to the
 * officer whose status is not resolved or closed. */
typedef struct officer {
    char id[37];
    char *name;
    char *email;
    json_t *category_ids;
    json_t *districts;
    int capacity;
    int active;
    int open_cases;
    char *user_sub; /* the JWT "sub" of the officer; NULL = none */
    int version;
    char created_at[32];
    char updated_at[32];
} officer;

/* A new officer or a PATCH (borrowed); has_* say which members are set. */
typedef struct officer_input {
    int has_name, has_email, has_category_ids, has_districts, has_capacity, has_active;
    int has_user_sub;
    const char *name;
    const char *email;
    const json_t *category_ids;
    const json_t *districts;
    int capacity;
    int active;
    const char *user_sub; /* NULL = null */
} officer_input;

/* Releases what o holds (not o itself); NULL is fine. */
void officer_clear(officer *o);
void officer_array_free(officer *items, size_t n);

/* The API representation (new reference). */
json_t *officer_to_json(const officer *o);

#endif
