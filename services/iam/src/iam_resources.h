#ifndef KOERS_IAM_RESOURCES_H
#define KOERS_IAM_RESOURCES_H

/* The plain resources of the iam service, served by the resource kit
 * (koers/resource.h): one file each, one line each in routes.c. */

#include <stddef.h>
#include "koers/resource.h"
#include "iam.h"

/* A tenant's identity provider (providers/identity_provider_resource.c). */
extern const kc_resource identity_provider_resource;

/* Reads KOERS_OIDC_ALLOW_HTTP (0|1, default 0: a provider's issuer and
 * discovery URL are https only; 1: http on a loopback host too). Returns
 * 0, or -1 with a message in err. */
int identity_provider_configure(char *err, size_t errlen);

#endif
