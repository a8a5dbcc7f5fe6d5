#ifndef KOERS_PROGRAMMES_APPROACH_MODEL_H
#define KOERS_PROGRAMMES_APPROACH_MODEL_H

#include <stddef.h>

/* A programme's approach and governance as a checkpoint's changes see them:
 * its phases and steps (positions, dates, status), its groups and their
 * members, its building blocks, and the people the changes name. Loaded
 * from the database at the start of a decision (checkpoint_repo_load),
 * changed in memory by approach_changes_apply, written back as the
 * difference (the dirty and is_new flags). Strings of new items (names,
 * descriptions) are borrowed from the request body. */

#define APPROACH_PHASES_MAX 100 /* phases.position BETWEEN 1 AND 100 */
#define APPROACH_STEPS_MAX  200 /* steps.position BETWEEN 1 AND 200 per phase */

typedef struct am_phase {
    char id[37]; /* "" for a new phase until the service gives it one */
    int position;
    int orig_position;
    int is_new;
    const char *name; /* new phases only */
    const char *description;
} am_phase;

typedef struct am_step {
    char id[37]; /* "" for a new step until the service gives it one */
    char phase_id[37];
    int position;                   /* 0 once removed */
    char status[12];                /* planned | active | completed | removed */
    char starts_on[11], due_on[11]; /* "" for none */
    int is_new, dirty;
    const char *name, *description, *kind; /* new steps only */
} am_step;

typedef struct am_block {
    char id[37];
    char step_id[37];          /* "" for none */
    char working_group_id[37]; /* "" for none */
    char due_on[11];           /* "" for none */
    const char *title;         /* NULL: unchanged */
    const char *description;   /* NULL: unchanged */
    int dirty;
} am_block;

typedef struct am_group {
    char id[37];
    char kind[12];    /* steering | project | working */
    const char *name; /* NULL: unchanged */
    int dirty;        /* renamed or members changed */
} am_group;

typedef struct am_member {
    char group_id[37];
    char person_id[37];
    char role[16];      /* the role now ("" when not a member now) */
    char orig_role[16]; /* the role when loaded ("" when not a member then) */
} am_member;

typedef struct approach_model {
    am_phase *phases;
    size_t nphases;
    am_step *steps;
    size_t nsteps;
    am_block *blocks;
    size_t nblocks;
    am_group *groups;
    size_t ngroups;
    am_member *members;
    size_t nmembers;
    char (*people)[37]; /* persons of the tenant the changes name */
    size_t npeople;
    char decided_step_id[37]; /* the checkpoint's own step */
} approach_model;

/* Appends a copy of item to the model's list; 0, or -1 when out of
 * memory (the model unchanged). */
int approach_model_add_phase(approach_model *m, const am_phase *item);
int approach_model_add_step(approach_model *m, const am_step *item);
int approach_model_add_block(approach_model *m, const am_block *item);
int approach_model_add_group(approach_model *m, const am_group *item);
int approach_model_add_member(approach_model *m, const am_member *item);
int approach_model_add_person(approach_model *m, const char *person_id);

/* The item with this id, or NULL. */
am_phase *approach_model_phase(approach_model *m, const char *id);
am_step *approach_model_step(approach_model *m, const char *id);
am_block *approach_model_block(approach_model *m, const char *id);
am_group *approach_model_group(approach_model *m, const char *id);
/* The membership row of person in group (current or past), or NULL. */
am_member *approach_model_member(approach_model *m, const char *group_id, const char *person_id);
/* 1 when the tenant has person_id (among those loaded). */
int approach_model_has_person(const approach_model *m, const char *person_id);
/* How many steps phase_id holds now (removed ones not counted). */
int approach_model_steps_in(const approach_model *m, const char *phase_id);

/* Frees what the model holds and zeroes it; NULL is fine. */
void approach_model_clear(approach_model *m);

#endif
