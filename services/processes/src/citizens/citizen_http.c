#include "processes_http.h"

#include <stdlib.h>
#include "citizens/citizen_service.h"

static const char *const citizen_group_by[] = {"month", NULL};

static const kc_field figures_query[] = {
    {.name = "from", .type = KC_T_STRING, .format = KC_FMT_DATE},
    {.name = "to", .type = KC_T_STRING, .format = KC_FMT_DATE},
    {.name = "groupBy", .type = KC_T_STRING, .enum_values = citizen_group_by},
};

static const kc_field root_causes_query[] = {
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
};

kc_status citizen_http_figures(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, figures_query, KC_NELEMS(figures_query), pb);
    if (st == KC_OK)
        st = citizen_service_figures(processes_http_pool(ctx), &ctx->principal,
                                     kc_path_param(ctx, "id"), kc_query(ctx, "from"),
                                     kc_query(ctx, "to"), kc_query(ctx, "groupBy"), &out, pb);
    return kc_respond_doc(ctx, st, out);
}

kc_status citizen_http_root_causes(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    char *self = NULL;
    kc_status st;

    st = kc_validate_query(ctx, root_causes_query, KC_NELEMS(root_causes_query), pb);
    if (st == KC_OK)
        st =
            citizen_service_root_causes(processes_http_pool(ctx), &ctx->principal,
                                        kc_path_param(ctx, "id"), kc_query(ctx, "limit"), &out, pb);
    if (st == KC_OK) {
        self = kc_self_url(ctx, NULL);
        json_object_set_new(out, "_links",
                            json_pack("{s:{s:s}}", "self", "href", self != NULL ? self : ""));
        free(self);
    }
    return kc_respond_doc(ctx, st, out);
}
