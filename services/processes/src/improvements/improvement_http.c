#include "processes_http.h"

#include "improvements/improvement_service.h"

kc_status improvement_http_move(kc_ctx *ctx, kc_problem *pb)
{
    return kc_respond_action(ctx, improvement_service_move, pb);
}
