#ifndef KOERS_PROCESSES_FLOW_MODEL_H
#define KOERS_PROCESSES_FLOW_MODEL_H

#include <stddef.h>
#include <jansson.h>

/* The base of a process's flow in the API: /processes/v1/processes/<id>/flow */
#define FLOW_PROCESSES_BASE "/processes/v1/processes"

/* One step (main activity) of a flow version. */
typedef struct flow_step {
    char id[37];
    char step_key[37];
    int position;
    char *name;
    char team_id[37]; /* "" when none */
    char *team_name;  /* NULL when none */
    char *role;       /* NULL when none */
    json_t *inputs;   /* array of strings (a reference the step holds) */
    json_t *outputs;
    char norm_hours[24]; /* numeric text; "" when none */
} flow_step;

/* A version of a process's flow: the draft (number 0) or a published one. */
typedef struct flow_version {
    char id[37];
    char process_id[37];
    int published;
    int number;            /* 0 for the draft */
    int based_on_number;   /* 0: started from nothing */
    char *note;            /* "" until published */
    char *published_by;    /* NULL for the draft */
    char published_at[40]; /* "" for the draft */
    int version;           /* the ETag */
    char created_at[40];
    char updated_at[40];
    int steps_count;
    flow_step *steps; /* NULL in a list */
    size_t nsteps;
} flow_version;

/* Frees what the step holds (not the step itself); NULL is fine. */
void flow_step_clear(flow_step *s);
/* Frees what the version holds, its steps too; NULL is fine. */
void flow_version_clear(flow_version *v);
/* Clears n versions and frees the array; NULL is fine. */
void flow_version_array_free(flow_version *v, size_t n);

/* The JSON of a version (new reference): its members, with its steps when
 * with_steps, and _links (self, svg, mermaid, versions; draft when
 * draft_exists is 1) as paths. NULL when out of memory. */
json_t *flow_version_to_json(const flow_version *v, int with_steps, int draft_exists);

#endif
