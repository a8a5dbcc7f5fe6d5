/* Test helpers: see koers_test.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "koers_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/routes_spec.h"

#define KT_PROBLEM_CONTENT "application/problem+json"

void kt_request_init(kt_request *t, const char *method, const char *route_path,
                     const char *url_path)
{
    memset(t, 0, sizeof(*t));
    ulfius_init_request(&t->req);
    ulfius_init_response(&t->resp);
    o_free(t->req.http_verb);
    t->req.http_verb = o_strdup(method);
    o_free(t->req.url_path);
    t->req.url_path = o_strdup(url_path);
    t->route.method = method;
    t->route.path = route_path;
    t->route.name = route_path;
    t->ctx.req = &t->req;
    t->ctx.resp = &t->resp;
    t->ctx.route = &t->route;
    snprintf(t->ctx.request_id, sizeof(t->ctx.request_id), "unit-test");
    kc_problem_init(&t->pb);
}

void kt_request_param(kt_request *t, const char *name, const char *value)
{
    u_map_put(t->req.map_url, name, value);
}

void kt_request_header(kt_request *t, const char *name, const char *value)
{
    u_map_put(t->req.map_header, name, value);
}

void kt_request_json(kt_request *t, const char *json_text)
{
    o_free(t->req.binary_body);
    t->req.binary_body = o_strdup(json_text);
    t->req.binary_body_length = json_text ? strlen(json_text) : 0;
    kt_request_header(t, "Content-Type", "application/json");
}

kc_principal kt_staff(const char *tenant_id, const char *subject, const char *roles)
{
    kc_principal p;

    memset(&p, 0, sizeof(p));
    p.kind = KC_PRINCIPAL_STAFF;
    snprintf(p.tenant_id, sizeof(p.tenant_id), "%s", tenant_id);
    snprintf(p.subject, sizeof(p.subject), "%s", subject);
    snprintf(p.roles, sizeof(p.roles), "%s", roles);
    return p;
}

void kt_request_staff(kt_request *t, const char *tenant_id, const char *subject, const char *roles)
{
    t->ctx.principal = kt_staff(tenant_id, subject, roles);
}

/* The problem document as the server renders it (koers/http.c). */
static void kt_render_problem(kt_request *t)
{
    json_t *doc = kc_problem_to_json(&t->pb, t->req.url_path);
    char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;

    if (text == NULL) {
        ulfius_set_string_body_response(&t->resp, 500, "");
        goto out;
    }
    ulfius_set_binary_body_response(&t->resp, (unsigned int)kc_status_http(t->pb.status), text,
                                    strlen(text));
    u_map_put(t->resp.map_header, "Content-Type", KT_PROBLEM_CONTENT);
    if (t->pb.status == KC_METHOD_NOT_ALLOWED && t->pb.allow[0] != '\0')
        u_map_put(t->resp.map_header, "Allow", t->pb.allow);
    if (t->pb.status == KC_UNAUTHENTICATED)
        u_map_put(t->resp.map_header, "WWW-Authenticate", "Bearer");
out:
    free(text);
    json_decref(doc);
}

kc_status kt_request_run(kt_request *t, kc_handler handler)
{
    t->status = handler(&t->ctx, &t->pb);
    if (t->status != KC_OK) {
        t->pb.status = t->status;
        kt_render_problem(t);
    }
    json_decref(t->body);
    t->body = NULL;
    if (t->resp.binary_body != NULL && t->resp.binary_body_length > 0)
        t->body = json_loadb(t->resp.binary_body, t->resp.binary_body_length, 0, NULL);
    return t->status;
}

int kt_status(const kt_request *t)
{
    return (int)t->resp.status;
}

const char *kt_header(const kt_request *t, const char *name)
{
    return u_map_get_case(t->resp.map_header, name);
}

void kt_request_clear(kt_request *t)
{
    ulfius_clean_request(&t->req);
    ulfius_clean_response(&t->resp);
    kc_problem_clear(&t->pb);
    json_decref(t->body);
    t->body = NULL;
}

int kt_invalid_param(const json_t *invalid_params, const char *name)
{
    const json_t *item;
    size_t i;

    json_array_foreach(invalid_params, i, item)
    {
        const char *n = json_string_value(json_object_get(item, "name"));
        if (n != NULL && strcmp(n, name) == 0)
            return 1;
    }
    return 0;
}

void kt_routes_agree(const kc_route *routes, size_t n, const char *openapi_json, const char *spec)
{
    char *report = NULL;
    kc_status st;

    assert_true(n > 0);
    st = kc_routes_spec_check(routes, n, openapi_json, &report);
    if (st != KC_OK)
        print_error("routes.c and %s differ:\n%s", spec, report ? report : "(out of memory)\n");
    free(report);
    assert_int_equal(st, KC_OK);
}
