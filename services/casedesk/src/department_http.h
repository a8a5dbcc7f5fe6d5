#ifndef KOERS_CASEDESK_DEPARTMENT_HTTP_H
#define KOERS_CASEDESK_DEPARTMENT_HTTP_H

#include "koers/http.h"

/* The handlers of the directory's departments (routes.c). */
kc_status department_http_list(kc_ctx *ctx, kc_problem *pb);
kc_status department_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status department_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status department_http_update(kc_ctx *ctx, kc_problem *pb);
kc_status department_http_delete(kc_ctx *ctx, kc_problem *pb);

#endif
