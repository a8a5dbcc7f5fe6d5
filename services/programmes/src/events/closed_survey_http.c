#include "programmes_http.h"

#include <stdlib.h>
#include "events/closed_survey_service.h"

kc_status closed_survey_http_candidates(kc_ctx *ctx, kc_problem *pb)
{
    const programmes_app *app = ctx->app;
    json_t *out = NULL;
    char *self = NULL;
    kc_status st;

    st = closed_survey_service_candidates(app->pool, &ctx->principal, kc_path_param(ctx, "id"),
                                          &out, pb);
    if (st == KC_OK) {
        self = kc_self_url(ctx, NULL);
        json_object_set_new(out, "_links",
                            json_pack("{s:{s:s}}", "self", "href", self != NULL ? self : ""));
        free(self);
    }
    return kc_respond_doc(ctx, st, out);
}
