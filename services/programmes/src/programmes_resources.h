#ifndef KOERS_PROGRAMMES_RESOURCES_H
#define KOERS_PROGRAMMES_RESOURCES_H

/* The plain resources of the programmes service, served by the resource
 * kit (koers/resource.h): one file each, one line each in routes.c. */

#include "koers/resource.h"
#include "programmes.h"

/* ---- resources: programmes and approach ---- */
extern const kc_resource programme_resource; /* programmes/programme_resource.c */
/* ---- resources: checkpoints ---- */
/* ---- resources: governance ---- */
extern const kc_resource person_resource;
extern const kc_resource group_resource;
extern const kc_resource building_block_resource;
/* ---- resources: proposals and actions ---- */
extern const kc_resource proposal_resource; /* proposals/proposal_resource.c */
extern const kc_resource action_resource;   /* actions/action_resource.c */
/* ---- resources: values and behaviour ---- */
extern const kc_resource programme_value_resource;   /* values/programme_value_resource.c */
extern const kc_resource example_behaviour_resource; /* values/example_behaviour_resource.c */
/* ---- resources: manifest ---- */
extern const kc_resource manifest_resource;            /* manifest/manifest_resource.c */
extern const kc_resource behaviour_agreement_resource; /* manifest/agreement_resource.c */
/* ---- resources: activities and buddies ---- */
extern const kc_resource activity_resource; /* activities/activity_resource.c */
extern const kc_resource cohort_resource;   /* activities/cohort_resource.c */
/* ---- resources: goals ---- */
extern const kc_resource goal_resource;      /* goals/goal_resource.c */
extern const kc_resource indicator_resource; /* goals/indicator_resource.c */
/* ---- resources: coaching, lessons, monitor ---- */
extern const kc_resource coaching_entry_resource; /* monitor/coaching_entry_resource.c */
extern const kc_resource lesson_resource;         /* monitor/lesson_resource.c */
/* ---- resources: events ---- */

#endif
