#ifndef KOERS_IAM_ME_SERVICE_H
#define KOERS_IAM_ME_SERVICE_H

/* Who the caller is, as every service takes them. */

#include <jansson.h>
#include "koers/auth.h"

/* The staff caller p as a new document (*out, the caller's): sub, tenant
 * (its id), roles (an array), and name and email when the caller's
 * identity provider gave them (absent otherwise). KC_FORBIDDEN for an API
 * key (the route table refuses it first). */
kc_status me_service_describe(const kc_principal *p, json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
