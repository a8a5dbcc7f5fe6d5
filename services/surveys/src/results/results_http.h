#ifndef KOERS_SURVEYS_RESULTS_HTTP_H
#define KOERS_SURVEYS_RESULTS_HTTP_H

#include "koers/http.h"

/* Handlers of the results endpoints of a survey (routes.c):
 *   GET /surveys/v1/surveys/:id/results     results_http_get
 *   GET /surveys/v1/surveys/:id/gap         results_http_gap
 *   GET /surveys/v1/surveys/:id/comparison  results_http_comparison
 *   GET /surveys/v1/surveys/:id/export      results_http_export
 * ctx->app is the service's app state (surveys.h). */
kc_status results_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status results_http_gap(kc_ctx *ctx, kc_problem *pb);
kc_status results_http_comparison(kc_ctx *ctx, kc_problem *pb);
kc_status results_http_export(kc_ctx *ctx, kc_problem *pb);

#endif
