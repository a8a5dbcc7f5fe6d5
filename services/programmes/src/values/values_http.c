#include "programmes_http.h"

#include "koers/idempotency.h"
#include "koers/page.h"
#include "programmes_resources.h"
#include "values/example_behaviour_service.h"
#include "values/programme_value_service.h"
#include "values/value_catalogue_service.h"

static const char *const catalogue_active[] = {"true", "false", NULL};

kc_status value_catalogue_http_list(kc_ctx *ctx, kc_problem *pb)
{
    static const kc_field fields[] = {
        {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
        {.name = "cursor", .type = KC_T_STRING, .max_len = 512},
        {.name = "active", .type = KC_T_STRING, .enum_values = catalogue_active},
    };
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    json_t *items = NULL;
    kc_status st;

    st = kc_page_query(ctx, fields, KC_NELEMS(fields), &kp, &page, pb);
    if (st == KC_OK)
        st = value_catalogue_service_list(kc_ctx_pool(ctx), &ctx->principal,
                                          kc_query(ctx, "active"), &page, &items, &next, pb);
    if (st == KC_OK)
        st = kc_respond_page(ctx, items, &next);
    return st;
}

kc_status programme_value_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    json_t *items = NULL;
    kc_status st;

    st = kc_page_query(ctx, NULL, 0, &kp, &page, pb);
    if (st == KC_OK)
        st = programme_value_service_list(kc_ctx_pool(ctx), &ctx->principal,
                                          kc_path_param(ctx, "id"), &page, &items, &next, pb);
    if (st == KC_OK)
        st = kc_respond_page(ctx, items, &next);
    return st;
}

kc_status programme_value_http_create(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *answer = NULL;
    kc_idem idem;
    int replayed = 0;
    kc_status st;

    st = kc_idem_from_ctx(ctx, &idem, pb);
    if (st == KC_OK)
        st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = programme_value_service_create(kc_ctx_pool(ctx), &ctx->principal,
                                            kc_path_param(ctx, "id"), &idem, body, &answer,
                                            &replayed, pb);
    if (st != KC_OK)
        goto out;
    if (replayed)
        kc_set_header(ctx, "Idempotent-Replayed", "true");
    st = kc_respond_resource(ctx, 201, answer, 1, programme_value_resource.path,
                             json_string_value(json_object_get(answer, "id")));
    answer = NULL;
out:
    json_decref(answer);
    json_decref(body);
    return st;
}

kc_status example_behaviour_http_create(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create(ctx, kc_ctx_pool(ctx), example_behaviour_service_create,
                          example_behaviour_resource.path, pb);
}
