#ifndef KOERS_PROCESSES_FLOW_PICTURE_H
#define KOERS_PROCESSES_FLOW_PICTURE_H

#include <stddef.h>

/* The most steps a flow version holds (flow_steps.position 1..200). */
#define FLOW_MAX_STEPS 200

/* What a picture of a flow shows, free of the database and of HTTP: the
 * steps in order, each with its responsible team and/or role and the open
 * bottlenecks of its activity, and the swimlanes the steps fall in. Every
 * string is borrowed from the caller and is UTF-8 as a person wrote it
 * (the renderers escape it). */
typedef struct flow_picture_step {
    const char *name;
    const char *team_id;   /* NULL or "": no team */
    const char *team_name; /* the team's name (NULL: show the id) */
    const char *role;      /* NULL or "": no role */
    int bottlenecks;       /* open (or proposed) bottlenecks; 0: no marker */
    double top_score;      /* the highest priority score among them */
    size_t lane;           /* set by flow_picture_assign_lanes */
} flow_picture_step;

/* A swimlane: a team, or a role for the steps that have no team. */
typedef struct flow_picture_lane {
    const char *label; /* borrowed from the first step in the lane */
    int is_role;
} flow_picture_lane;

typedef struct flow_picture {
    const char *process_name;
    int number; /* the version's number; 0: the draft */
    flow_picture_step *steps;
    size_t nsteps; /* at most FLOW_MAX_STEPS (more are not drawn) */
    flow_picture_lane lanes[FLOW_MAX_STEPS];
    size_t nlanes;
} flow_picture;

/* Puts each step in its lane: one lane per team (by id), and one per role
 * for the steps without a team, in the order of their first step; fills
 * pic->lanes, pic->nlanes and each step's lane. Deterministic: the same
 * steps give the same lanes. */
void flow_picture_assign_lanes(flow_picture *pic);

/* The priority band of a marker's top score: "high" (70 or more),
 * "medium" (50 or more) or "low". */
const char *flow_picture_band(double score);

#endif
