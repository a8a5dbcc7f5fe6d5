#include "programmes_http.h"

#include "koers/idempotency.h"
#include "programmes_resources.h"
#include "proposals/decision_service.h"
#include "proposals/proposal_service.h"

/* The service's pool (programmes_app). */
static kc_db_pool *pool_of(const kc_ctx *ctx)
{
    return ((const programmes_app *)ctx->app)->pool;
}

kc_status proposal_http_create(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create(ctx, pool_of(ctx), proposal_service_create, proposal_resource.path, pb);
}

kc_status proposal_http_merge(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create(ctx, pool_of(ctx), proposal_service_merge, proposal_resource.path, pb);
}

kc_status proposal_http_submit(kc_ctx *ctx, kc_problem *pb)
{
    return kc_respond_action(ctx, proposal_service_submit, pb);
}

/* A POST on the proposal of the path that records something (a split, a
 * decision) once per Idempotency-Key: 201 with the service's answer. */
typedef kc_status (*proposal_post_fn)(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      const kc_idem *idem, const json_t *body, json_t **answer,
                                      int *replayed, kc_problem *pb);

static kc_status post_on_proposal(kc_ctx *ctx, proposal_post_fn fn, kc_problem *pb)
{
    kc_idem idem;
    json_t *body = NULL, *answer = NULL;
    int replayed = 0;
    kc_status st;

    st = kc_idem_from_ctx(ctx, &idem, pb);
    if (st == KC_OK)
        st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = fn(pool_of(ctx), &ctx->principal, kc_path_param(ctx, "id"), &idem, body, &answer,
                &replayed, pb);
    if (st != KC_OK)
        goto out;
    if (replayed)
        kc_set_header(ctx, "Idempotent-Replayed", "true");
    st = kc_respond_resource(ctx, 201, answer, -1, NULL, NULL);
    answer = NULL;
out:
    json_decref(answer);
    json_decref(body);
    return st;
}

kc_status proposal_http_split(kc_ctx *ctx, kc_problem *pb)
{
    return post_on_proposal(ctx, proposal_service_split, pb);
}

kc_status proposal_http_decide(kc_ctx *ctx, kc_problem *pb)
{
    return post_on_proposal(ctx, decision_service_decide, pb);
}

kc_status proposal_http_decisions(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = decision_service_list(pool_of(ctx), &ctx->principal, kc_path_param(ctx, "id"), &out, pb);
    return kc_respond_doc(ctx, st, out);
}
