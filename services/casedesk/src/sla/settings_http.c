#include "sla/settings_http.h"

#include <stdlib.h>
#include "casedesk_http.h"
#include "sla/settings_service.h"

kc_status settings_http_get(kc_ctx *ctx, kc_problem *pb)
{
    casedesk_settings *s = NULL;
    kc_status st;

    s = malloc(sizeof(*s));
    if (s == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st != KC_OK)
        goto out;
    st = settings_service_get(casedesk_http_pool(ctx), &ctx->principal, s, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_resource(ctx, 200, casedesk_settings_to_json(s), s->version, NULL, NULL);
out:
    free(s);
    return st;
}

kc_status settings_http_put(kc_ctx *ctx, kc_problem *pb)
{
    casedesk_settings *s = NULL;
    json_t *body = NULL;
    long long if_match = -1;
    kc_status st;

    s = malloc(sizeof(*s));
    if (s == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = kc_read_patch(ctx, &if_match, &body, pb);
    if (st != KC_OK)
        goto out;
    st = settings_service_put(casedesk_http_pool(ctx), &ctx->principal, body, if_match, s, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_resource(ctx, 200, casedesk_settings_to_json(s), s->version, NULL, NULL);
out:
    json_decref(body);
    free(s);
    return st;
}

static const kc_field calendar_query[] = {
    {.name = "from", .type = KC_T_STRING, .format = KC_FMT_DATE},
    {.name = "to", .type = KC_T_STRING, .format = KC_FMT_DATE},
};

kc_status calendar_http_get(kc_ctx *ctx, kc_problem *pb)
{
    calendar_day_off *items = NULL;
    size_t n = 0, i;
    int from = 0, to = 0;
    char date[11], from_s[11], to_s[11];
    json_t *arr = NULL, *body = NULL;
    kc_status st;

    st = kc_validate_query(ctx, calendar_query, KC_NELEMS(calendar_query), pb);
    if (st != KC_OK)
        goto out;
    st = settings_service_calendar(casedesk_http_pool(ctx), &ctx->principal, kc_query(ctx, "from"),
                                   kc_query(ctx, "to"), &from, &to, &items, &n, pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++) {
        casedesk_date_format(items[i].day, date);
        json_array_append_new(arr, json_pack("{s:s, s:s}", "date", date, "name", items[i].name));
    }
    casedesk_date_format(from, from_s);
    casedesk_date_format(to, to_s);
    body =
        arr != NULL ? json_pack("{s:s, s:s, s:o}", "from", from_s, "to", to_s, "items", arr) : NULL;
    arr = NULL;
    st = kc_respond_json(ctx, 200, body);
out:
    json_decref(arr);
    free(items);
    return st;
}
