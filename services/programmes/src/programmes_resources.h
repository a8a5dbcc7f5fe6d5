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
/* ---- resources: activities and buddies ---- */
/* ---- resources: goals ---- */
/* ---- resources: coaching, lessons, monitor ---- */
/* ---- resources: events ---- */

#endif
