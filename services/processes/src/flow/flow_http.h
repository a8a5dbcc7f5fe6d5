#ifndef KOERS_PROCESSES_FLOW_HTTP_H
#define KOERS_PROCESSES_FLOW_HTTP_H

#include "koers/http.h"

/* The handlers of a process's flow (routes.c): the latest published
 * version, the versions, the draft and its publication, and the pictures
 * (SVG, Mermaid). Each decodes the request, calls flow_service and
 * answers (KC_OK) or returns the problem for the server to render. */
kc_status flow_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status flow_http_versions(kc_ctx *ctx, kc_problem *pb);
kc_status flow_http_version(kc_ctx *ctx, kc_problem *pb);
kc_status flow_http_start_draft(kc_ctx *ctx, kc_problem *pb);
kc_status flow_http_get_draft(kc_ctx *ctx, kc_problem *pb);
kc_status flow_http_put_draft(kc_ctx *ctx, kc_problem *pb);
kc_status flow_http_discard_draft(kc_ctx *ctx, kc_problem *pb);
kc_status flow_http_publish(kc_ctx *ctx, kc_problem *pb);
kc_status flow_http_svg(kc_ctx *ctx, kc_problem *pb);
kc_status flow_http_mermaid(kc_ctx *ctx, kc_problem *pb);

#endif
