#ifndef KOERS_CASEDESK_OFFICIAL_MODEL_H
#define KOERS_CASEDESK_OFFICIAL_MODEL_H

#include <stddef.h>
#include <jansson.h>

/* A responsible civil servant (the directory): referrals are addressed to
 * them; user_sub is the JWT "sub" with which they sign in (role
 * "official"). department_id is "" and user_sub NULL when none. */
typedef struct official {
    char id[37];
    char *name;
    char *email;
    char department_id[37];
    char *user_sub;
    int active;
    int version;
    char created_at[32];
    char updated_at[32];
} official;

/* A new official or a PATCH (borrowed); has_* say which members are set;
 * department_id and user_sub NULL = none. */
typedef struct official_input {
    int has_name, has_email, has_department_id, has_user_sub, has_active;
    const char *name;
    const char *email;
    const char *department_id;
    const char *user_sub;
    int active;
} official_input;

/* Releases what o holds (not o itself); NULL is fine. */
void official_clear(official *o);
void official_array_free(official *items, size_t n);

/* The API representation (new reference). */
json_t *official_to_json(const official *o);

#endif
