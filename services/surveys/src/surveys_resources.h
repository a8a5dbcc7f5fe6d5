#ifndef KOERS_SURVEYS_RESOURCES_H
#define KOERS_SURVEYS_RESOURCES_H

/* The plain resources of the surveys service, served by the resource kit
 * (koers/resource.h): one file each, one line each in routes.c. */

#include "koers/resource.h"
#include "surveys.h"

extern const kc_resource core_value_resource;

#endif
