#include "processes_http.h"

#include "processes/process_service.h"

kc_status process_http_move(kc_ctx *ctx, kc_problem *pb)
{
    return kc_respond_action(ctx, process_service_move, pb);
}
