#ifndef KOERS_PROCESSES_RESOURCES_H
#define KOERS_PROCESSES_RESOURCES_H

/* The plain resources of the processes service, served by the resource kit
 * (koers/resource.h): one file each, one line each in routes.c. The
 * process itself is on the kit too (its plain members), with a check for
 * its owner and manager; its status moves through processes/. */

#include "koers/resource.h"
#include "processes.h"

extern const kc_resource team_resource;
extern const kc_resource staff_resource;
extern const kc_resource process_resource;
extern const kc_resource session_resource;
extern const kc_resource improvement_resource;
extern const kc_resource kpi_resource;
extern const kc_resource bottleneck_resource;
extern const kc_resource category_mapping_resource;

#endif
