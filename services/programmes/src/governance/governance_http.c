#include "programmes_http.h"

#include "governance/member_service.h"

kc_status member_http_list(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_items_on(ctx, member_service_list, pb);
}

kc_status member_http_put(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_put_member(ctx, "personId", member_service_put, pb);
}

kc_status member_http_remove(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_remove_member(ctx, "personId", member_service_remove, pb);
}

kc_status person_http_groups(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_items_on(ctx, member_service_person_groups, pb);
}
