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
/* ---- resources: proposals and actions ---- */
/* ---- resources: events ---- */

#endif
