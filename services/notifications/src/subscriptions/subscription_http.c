/* The handlers of the kanalen, the abonnementen and the settings: decode
 * the request, call the service, answer. The public base URL of the
 * answers' links comes from the request (kc_public_url). */
#include <stdlib.h>
#include "koers/idempotency.h"
#include "notifications_http.h"
#include "subscriptions/kanaal_service.h"
#include "subscriptions/settings_service.h"
#include "subscriptions/subscription_service.h"

static notifications_app *app_of(kc_ctx *ctx)
{
    return ctx->app;
}

/* The public base URL, or KC_INTERNAL. */
static kc_status base_of(kc_ctx *ctx, char **base, kc_problem *pb)
{
    *base = kc_public_url(ctx, "");
    return *base != NULL ? KC_OK : kc_problem_set(pb, KC_INTERNAL, "out of memory");
}

/* The path's uuid, checked. */
static kc_status uuid_of(kc_ctx *ctx, const char **id, kc_problem *pb)
{
    *id = kc_path_param(ctx, "uuid");
    return kc_check_id("uuid", *id, pb);
}

/* What a GET of one kanaal or abonnement reads: no query, the path's uuid
 * (checked) and the public base (the caller frees *base). */
static kc_status get_one_of(kc_ctx *ctx, const char **id, char **base, kc_problem *pb)
{
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = uuid_of(ctx, id, pb);
    if (st == KC_OK)
        st = base_of(ctx, base, pb);
    return st;
}

static const kc_field kanaal_query[] = {
    {.name = "naam", .type = KC_T_STRING, .min_len = 1, .max_len = 50},
};

kc_status notifications_kanaal_list(kc_ctx *ctx, kc_problem *pb)
{
    json_t *items = NULL;
    char *base = NULL;
    kc_status st;

    st = kc_validate_query(ctx, kanaal_query, KC_NELEMS(kanaal_query), pb);
    if (st == KC_OK)
        st = base_of(ctx, &base, pb);
    if (st == KC_OK)
        st = kanaal_service_list(app_of(ctx)->pool, base, kc_query(ctx, "naam"), &items, pb);
    free(base);
    return kc_respond_doc(ctx, st, items);
}

kc_status notifications_kanaal_get(kc_ctx *ctx, kc_problem *pb)
{
    const char *id = NULL;
    json_t *doc = NULL;
    char *base = NULL;
    kc_status st;

    st = get_one_of(ctx, &id, &base, pb);
    if (st == KC_OK)
        st = kanaal_service_get(app_of(ctx)->pool, base, id, &doc, pb);
    free(base);
    return kc_respond_doc(ctx, st, doc);
}

kc_status notifications_abonnement_list(kc_ctx *ctx, kc_problem *pb)
{
    json_t *items = NULL;
    char *base = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = base_of(ctx, &base, pb);
    if (st == KC_OK)
        st = abonnement_service_list(app_of(ctx)->pool, &ctx->principal, base, &items, pb);
    free(base);
    return kc_respond_doc(ctx, st, items);
}

/* 201 or 200 with the abonnement, its ETag and, for 201, Location: its url. */
static kc_status respond_abonnement(kc_ctx *ctx, int http_status, json_t *doc, long long version)
{
    const char *url = json_string_value(json_object_get(doc, "url"));

    if (http_status == 201 && url != NULL)
        kc_set_header(ctx, "Location", url);
    kc_set_no_store(ctx);
    return kc_respond_resource(ctx, http_status, doc, version, NULL, NULL);
}

kc_status notifications_abonnement_create(kc_ctx *ctx, kc_problem *pb)
{
    kc_idem idem;
    json_t *body = NULL, *answer = NULL;
    char *base = NULL;
    long long version = 1;
    int replayed = 0;
    kc_status st;

    st = kc_idem_from_ctx(ctx, &idem, pb);
    if (st == KC_OK)
        st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = base_of(ctx, &base, pb);
    if (st == KC_OK)
        st = abonnement_service_create(app_of(ctx)->pool, &ctx->principal, base, &idem, body,
                                       &answer, &version, &replayed, pb);
    json_decref(body);
    free(base);
    if (st != KC_OK) {
        json_decref(answer);
        return st;
    }
    if (replayed)
        kc_set_header(ctx, "Idempotent-Replayed", "true");
    return respond_abonnement(ctx, 201, answer, version);
}

kc_status notifications_abonnement_get(kc_ctx *ctx, kc_problem *pb)
{
    const char *id = NULL;
    json_t *doc = NULL;
    char *base = NULL;
    long long version = -1;
    kc_status st;

    st = get_one_of(ctx, &id, &base, pb);
    if (st == KC_OK)
        st = abonnement_service_get(app_of(ctx)->pool, &ctx->principal, base, id, &doc, &version,
                                    pb);
    free(base);
    if (st != KC_OK)
        return st;
    return respond_abonnement(ctx, 200, doc, version);
}

/* PUT (replace) and PATCH. */
static kc_status change(kc_ctx *ctx, int replace, kc_problem *pb)
{
    const char *id = NULL;
    json_t *body = NULL, *doc = NULL;
    char *base = NULL;
    long long if_match = -1, version = -1;
    kc_status st;

    st = uuid_of(ctx, &id, pb);
    if (st == KC_OK)
        st = kc_read_patch(ctx, &if_match, &body, pb);
    if (st == KC_OK)
        st = base_of(ctx, &base, pb);
    if (st == KC_OK)
        st = abonnement_service_change(app_of(ctx)->pool, &ctx->principal, base, id, body, replace,
                                       if_match, &doc, &version, pb);
    json_decref(body);
    free(base);
    if (st != KC_OK)
        return st;
    return respond_abonnement(ctx, 200, doc, version);
}

kc_status notifications_abonnement_put(kc_ctx *ctx, kc_problem *pb)
{
    return change(ctx, 1, pb);
}

kc_status notifications_abonnement_patch(kc_ctx *ctx, kc_problem *pb)
{
    return change(ctx, 0, pb);
}

kc_status notifications_abonnement_delete(kc_ctx *ctx, kc_problem *pb)
{
    const char *id = NULL;
    long long if_match = -1;
    kc_status st;

    st = uuid_of(ctx, &id, pb);
    if (st == KC_OK)
        st = kc_if_match(ctx, &if_match, pb);
    if (st == KC_OK)
        st = abonnement_service_delete(app_of(ctx)->pool, &ctx->principal, id, if_match, pb);
    if (st != KC_OK)
        return st;
    return kc_respond_empty(ctx, 204);
}

kc_status notifications_abonnement_secret(kc_ctx *ctx, kc_problem *pb)
{
    const char *id = NULL;
    json_t *body = NULL, *answer = NULL;
    kc_status st;

    st = uuid_of(ctx, &id, pb);
    if (st == KC_OK)
        st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = abonnement_service_rotate(app_of(ctx)->pool, &ctx->principal, id, body, &answer, pb);
    json_decref(body);
    if (st != KC_OK)
        return st;
    kc_set_no_store(ctx);
    return kc_respond_json(ctx, 201, answer);
}

kc_status notifications_settings_get(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    long long version = 0;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = settings_service_get(app_of(ctx)->pool, &ctx->principal, &doc, &version, pb);
    if (st != KC_OK)
        return st;
    return kc_respond_resource(ctx, 200, doc, version, NULL, NULL);
}

kc_status notifications_settings_put(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *doc = NULL;
    long long if_match = -1, version = 0;
    kc_status st;

    st = kc_read_patch(ctx, &if_match, &body, pb);
    if (st == KC_OK)
        st = settings_service_put(app_of(ctx)->pool, &ctx->principal, body, if_match, &doc,
                                  &version, pb);
    json_decref(body);
    if (st != KC_OK)
        return st;
    return kc_respond_resource(ctx, 200, doc, version, NULL, NULL);
}
