#ifndef KOERS_SURVEYS_HTTP_H
#define KOERS_SURVEYS_HTTP_H

#include "koers/http.h"
#include "koers/page.h"
#include "surveys.h"

/* The handlers of routes.c. Each decodes the request, calls its service,
 * and answers (KC_OK) or returns the problem for the server to render. */
kc_status settings_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status settings_http_put(kc_ctx *ctx, kc_problem *pb);

kc_status core_value_http_list(kc_ctx *ctx, kc_problem *pb);
kc_status core_value_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status core_value_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status core_value_http_update(kc_ctx *ctx, kc_problem *pb);
kc_status core_value_http_delete(kc_ctx *ctx, kc_problem *pb);

kc_status survey_http_list(kc_ctx *ctx, kc_problem *pb);
kc_status survey_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status survey_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status survey_http_update(kc_ctx *ctx, kc_problem *pb);
kc_status survey_http_delete(kc_ctx *ctx, kc_problem *pb);
kc_status survey_http_add_section(kc_ctx *ctx, kc_problem *pb);
kc_status survey_http_add_question(kc_ctx *ctx, kc_problem *pb);
kc_status survey_http_update_question(kc_ctx *ctx, kc_problem *pb);
kc_status survey_http_delete_question(kc_ctx *ctx, kc_problem *pb);
kc_status survey_http_open(kc_ctx *ctx, kc_problem *pb);
kc_status survey_http_close(kc_ctx *ctx, kc_problem *pb);
kc_status survey_http_new_wave(kc_ctx *ctx, kc_problem *pb);

kc_status response_http_invite(kc_ctx *ctx, kc_problem *pb);
kc_status response_http_invitation_survey(kc_ctx *ctx, kc_problem *pb);
kc_status response_http_submit_token(kc_ctx *ctx, kc_problem *pb);
kc_status response_http_submit_open(kc_ctx *ctx, kc_problem *pb);

kc_status brainstorm_http_list(kc_ctx *ctx, kc_problem *pb);
kc_status brainstorm_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status brainstorm_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status brainstorm_http_add_item(kc_ctx *ctx, kc_problem *pb);
kc_status brainstorm_http_vote(kc_ctx *ctx, kc_problem *pb);
kc_status brainstorm_http_promote(kc_ctx *ctx, kc_problem *pb);

/* The endpoint table (routes.c). */
extern const kc_route surveys_routes[];
extern const size_t surveys_routes_count;

/* Helpers shared by the *_http.c files. */

/* The service's connection pool. */
kc_db_pool *surveys_http_pool(const kc_ctx *ctx);

#endif
