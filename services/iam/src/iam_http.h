#ifndef KOERS_IAM_HTTP_H
#define KOERS_IAM_HTTP_H

/* The handlers of the iam service and its route table. */

#include "koers/http.h"
#include "iam.h"

extern const kc_route iam_routes[];
extern const size_t iam_routes_count;

/* GET /iam/v1/sign-in/{tenant}: public; what the browser needs to sign a
 * tenant's staff in (signin/signin_http.c). */
kc_status signin_http_get(kc_ctx *ctx, kc_problem *pb);

/* GET /iam/v1/me: the caller as the services see them (me/me_http.c). */
kc_status me_http_get(kc_ctx *ctx, kc_problem *pb);

#endif
