#ifndef KOERS_CASEDESK_RESOURCES_H
#define KOERS_CASEDESK_RESOURCES_H

/* The plain resources of the casedesk, served by the resource kit
 * (koers/resource.h): one file each, one line each in routes.c. */

#include "koers/resource.h"
#include "casedesk.h"

extern const kc_resource category_resource;
extern const kc_resource department_resource;
extern const kc_resource official_resource;
extern const kc_resource officer_resource;
extern const kc_resource routing_rule_resource;

#endif
