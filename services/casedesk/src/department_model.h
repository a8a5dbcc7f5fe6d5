#ifndef KOERS_CASEDESK_DEPARTMENT_MODEL_H
#define KOERS_CASEDESK_DEPARTMENT_MODEL_H

#include <stddef.h>
#include <jansson.h>

/* A department of the municipality (the directory): referrals go to it or
 * to one of its officials; its team manager is the first rung of the
 * escalation ladder. team_manager_id is "" when it has none. */
typedef struct department {
    char id[37];
    char *name;
    char team_manager_id[37];
    int version;
    char created_at[32];
    char updated_at[32];
} department;

/* A new department or a PATCH (borrowed); has_* say which members are set;
 * team_manager_id NULL = none. */
typedef struct department_input {
    int has_name, has_team_manager_id;
    const char *name;
    const char *team_manager_id;
} department_input;

/* Releases what d holds (not d itself); NULL is fine. */
void department_clear(department *d);
void department_array_free(department *items, size_t n);

/* The API representation (new reference). */
json_t *department_to_json(const department *d);

#endif
