#include "open311/open311_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casedesk_http.h"
#include "koers/idempotency.h"
#include "koers/log.h"
#include "open311/open311_model.h"
#include "open311/open311_service.h"
#include "open311/open311_xml.h"

#define OPEN311_BASE     "/casedesk/v1/open311/v2"
#define OPEN311_XML_TYPE "text/xml; charset=utf-8"

/* Answers doc (stolen) in fmt: JSON as it is, XML under root. */
static kc_status open311_answer(kc_ctx *ctx, int http_status, open311_format fmt, const char *root,
                                json_t *doc, kc_problem *pb)
{
    char *xml;

    if (fmt == OPEN311_JSON)
        return kc_respond_json(ctx, http_status, doc);
    xml = open311_xml_write(doc, root);
    json_decref(doc);
    if (xml == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "open311: the XML answer could not be written");
    ulfius_set_binary_body_response(ctx->resp, (unsigned int)http_status, xml, strlen(xml));
    u_map_put(ctx->resp->map_header, "Content-Type", OPEN311_XML_TYPE);
    free(xml);
    return KC_OK;
}

/* The path parameter `file` split into name and format; an empty or
 * overlong name is KC_NOT_FOUND. */
static kc_status open311_file(const kc_ctx *ctx, char *name, size_t n, open311_format *fmt,
                              kc_problem *pb)
{
    if (open311_file_parse(kc_path_param(ctx, "file"), name, n, fmt) != 0)
        return kc_problem_set(pb, KC_NOT_FOUND, "no Open311 resource at %s", ctx->req->url_path);
    return KC_OK;
}

/* The tenant a read is for: the caller's when an api_key (query) or the
 * usual headers are sent, else jurisdiction_id's (open311_service_reader). */
static kc_status open311_read_tenant(kc_ctx *ctx, char tenant_id[37], kc_problem *pb)
{
    const char *key = kc_query(ctx, "api_key");
    int credential = (key != NULL && key[0] != '\0') || kc_header(ctx, "Authorization") != NULL ||
                     kc_header(ctx, "X-API-Key") != NULL;
    kc_status st = KC_OK;

    if (credential)
        st = kc_authenticate_key(ctx, key, pb);
    if (st == KC_OK)
        st = open311_service_reader(casedesk_http_pool(ctx), credential ? &ctx->principal : NULL,
                                    kc_query(ctx, "jurisdiction_id"), tenant_id, pb);
    return st;
}

/* GET services */
static kc_status open311_services(kc_ctx *ctx, open311_format fmt, kc_problem *pb)
{
    char tenant[37];
    json_t *doc = NULL;
    kc_status st = open311_read_tenant(ctx, tenant, pb);

    if (st == KC_OK)
        st = open311_service_services(casedesk_http_pool(ctx), tenant, &doc, pb);
    if (st == KC_OK)
        return open311_answer(ctx, 200, fmt, "services", doc, pb);
    return st;
}

/* GET requests: the standard's arguments; others (a cache-buster) are
 * ignored. */
static kc_status open311_requests(kc_ctx *ctx, open311_format fmt, kc_problem *pb)
{
    char tenant[37];
    json_t *doc = NULL;
    open311_query q;
    kc_status st = open311_read_tenant(ctx, tenant, pb);

    q.ids = kc_query(ctx, "service_request_id");
    q.service_code = kc_query(ctx, "service_code");
    q.status = kc_query(ctx, "status");
    q.start_date = kc_query(ctx, "start_date");
    q.end_date = kc_query(ctx, "end_date");
    if (st == KC_OK)
        st = open311_service_requests(casedesk_http_pool(ctx), tenant, &q, &doc, pb);
    if (st == KC_OK)
        return open311_answer(ctx, 200, fmt, "service_requests", doc, pb);
    return st;
}

/* GET discovery: no tenant needed; the endpoint's URL is this one's
 * folder. */
static kc_status open311_discovery(kc_ctx *ctx, open311_format fmt, kc_problem *pb)
{
    char *self = kc_self_url(ctx, NULL), *slash;
    json_t *doc;

    if (self == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    slash = strrchr(self, '/');
    if (slash != NULL)
        *slash = '\0';
    doc = open311_service_discovery(self);
    free(self);
    if (doc == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return open311_answer(ctx, 200, fmt, "discovery", doc, pb);
}

kc_status open311_http_get(kc_ctx *ctx, kc_problem *pb)
{
    char name[32];
    open311_format fmt;
    kc_status st = open311_file(ctx, name, sizeof(name), &fmt, pb);

    if (st != KC_OK)
        return st;
    if (strcmp(name, "services") == 0)
        return open311_services(ctx, fmt, pb);
    if (strcmp(name, "requests") == 0)
        return open311_requests(ctx, fmt, pb);
    if (strcmp(name, "discovery") == 0)
        return open311_discovery(ctx, fmt, pb);
    return kc_problem_set(pb, KC_NOT_FOUND, "no Open311 resource at %s", ctx->req->url_path);
}

/* A read for the tenant of the one thing the path's file names (a service
 * code, a request's reference, a tracking token). */
typedef kc_status (*open311_read_fn)(kc_db_pool *pool, const char *tenant_id, const char *name,
                                     json_t **out, kc_problem *pb);

/* The GET of such a thing: the file's name (shorter than name_size, at
 * most 160, else KC_NOT_FOUND) and format, the tenant, read, and 200 with the answer
 * under root; no_store when the name is a credential. */
static kc_status open311_read_file(kc_ctx *ctx, size_t name_size, open311_read_fn read,
                                   const char *root, int no_store, kc_problem *pb)
{
    char name[160], tenant[37];
    open311_format fmt;
    json_t *doc = NULL;
    kc_status st;

    st = open311_file(ctx, name, name_size, &fmt, pb);
    if (st == KC_OK)
        st = open311_read_tenant(ctx, tenant, pb);
    if (st == KC_OK)
        st = read(casedesk_http_pool(ctx), tenant, name, &doc, pb);
    if (st != KC_OK)
        return st;
    if (no_store)
        kc_set_no_store(ctx);
    return open311_answer(ctx, 200, fmt, root, doc, pb);
}

kc_status open311_http_service(kc_ctx *ctx, kc_problem *pb)
{
    return open311_read_file(ctx, 64, open311_service_definition, "service_definition", 0, pb);
}

kc_status open311_http_request(kc_ctx *ctx, kc_problem *pb)
{
    return open311_read_file(ctx, 64, open311_service_request, "service_requests", 0, pb);
}

kc_status open311_http_token(kc_ctx *ctx, kc_problem *pb)
{
    /* the token is a credential */
    return open311_read_file(ctx, 160, open311_service_token, "service_requests", 1, pb);
}

kc_status open311_http_post(kc_ctx *ctx, kc_problem *pb)
{
    json_t *form = NULL, *doc = NULL;
    kc_idem idem;
    char name[32], reference[32] = "", location[128];
    const char *key, *query_key = kc_query(ctx, "api_key");
    open311_format fmt;
    int replayed = 0;
    kc_status st;

    memset(&idem, 0, sizeof(idem));
    st = open311_file(ctx, name, sizeof(name), &fmt, pb);
    if (st == KC_OK && strcmp(name, "requests") != 0) {
        st =
            strcmp(name, "services") == 0 || strcmp(name, "discovery") == 0
                ? kc_problem_set(pb, KC_METHOD_NOT_ALLOWED, "POST is not allowed on %s",
                                 ctx->req->url_path)
                : kc_problem_set(pb, KC_NOT_FOUND, "no Open311 resource at %s", ctx->req->url_path);
        if (st == KC_METHOD_NOT_ALLOWED)
            snprintf(pb->allow, sizeof(pb->allow), "GET");
    }
    if (st != KC_OK)
        goto out;
    if (kc_media_type_is(kc_header(ctx, "Content-Type"), "application/json"))
        st = kc_read_json_body(ctx, &form, pb);
    else
        st = kc_read_form_body(ctx, &form, pb);
    if (st != KC_OK)
        goto out;
    key = json_string_value(json_object_get(form, "api_key"));
    if (key == NULL || key[0] == '\0')
        key = query_key;
    if ((key == NULL || key[0] == '\0') && kc_header(ctx, "Authorization") == NULL &&
        kc_header(ctx, "X-API-Key") == NULL) {
        st = kc_problem_set(pb, KC_UNAUTHENTICATED, "api_key is required to file a request");
        goto out;
    }
    st = kc_authenticate_key(ctx, key, pb);
    if (st == KC_UNAUTHENTICATED)
        st = kc_problem_set(pb, KC_UNAUTHENTICATED, "invalid api_key");
    if (st != KC_OK)
        goto out;
    st = kc_idem_from_ctx(ctx, &idem, pb);
    if (st != KC_OK)
        goto out;
    st = open311_service_create(casedesk_http_pool(ctx), &ctx->principal, &idem, form, &doc,
                                reference, &replayed, pb);
    if (st != KC_OK)
        goto out;
    snprintf(location, sizeof(location), "%s/requests/%s%s", OPEN311_BASE, reference,
             fmt == OPEN311_XML ? ".xml" : ".json");
    kc_set_header(ctx, "Location", location);
    if (replayed)
        kc_set_header(ctx, "Idempotent-Replayed", "true");
    kc_set_no_store(ctx); /* the request's token */
    st = open311_answer(ctx, 201, fmt, "service_requests", doc, pb);
    doc = NULL;
out:
    json_decref(doc);
    json_decref(form);
    return st;
}

kc_status open311_http_attributes_get(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_get_on(ctx, open311_service_attributes_get, pb);
}

kc_status open311_http_attributes_put(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_post_on(ctx, 200, open311_service_attributes_put, pb);
}

/* The standard's status code of a failure. */
static int open311_http_status(kc_status st)
{
    switch (st) {
    case KC_UNAUTHENTICATED:
    case KC_FORBIDDEN:
        return 403;
    case KC_NOT_FOUND:
        return 404;
    case KC_METHOD_NOT_ALLOWED:
    case KC_TOO_LARGE:
    case KC_TOO_MANY_REQUESTS:
    case KC_INTERNAL:
    case KC_UNAVAILABLE:
        return kc_status_http(st);
    default:
        return 400;
    }
}

int open311_http_render_problem(const struct _u_request *req, struct _u_response *resp,
                                const kc_problem *pb)
{
    const char *path = req->url_path != NULL ? req->url_path : "";
    int code = open311_http_status(pb->status);
    json_t *errors = json_array(), *item;
    const char *accept = u_map_get_case(req->map_header, "Accept");
    char *text = NULL, description[640];
    size_t i;

    if (strncmp(path, OPEN311_BASE "/", strlen(OPEN311_BASE) + 1) != 0 &&
        strcmp(path, OPEN311_BASE) != 0) {
        json_decref(errors);
        return 0;
    }
    if (errors == NULL)
        goto fail;
    /* a client that asks for RFC 9457 (Accept: application/problem+json)
     * gets the house's problem document, with Open311's status code */
    if (accept != NULL && strstr(accept, "application/problem+json") != NULL) {
        json_t *doc = kc_problem_to_json(pb, path);

        if (doc == NULL)
            goto fail;
        json_object_set_new(doc, "status", json_integer(code));
        text = json_dumps(doc, JSON_COMPACT);
        json_decref(doc);
        if (text == NULL)
            goto fail;
        ulfius_set_binary_body_response(resp, (unsigned int)code, text, strlen(text));
        u_map_put(resp->map_header, "Content-Type", "application/problem+json");
        goto done;
    }
    /* a 5xx tells nothing internal (its cause is in the log) */
    json_array_foreach(code < 500 ? pb->invalid_params : NULL, i, item)
    {
        snprintf(description, sizeof(description), "%s: %s",
                 json_string_value(json_object_get(item, "name")),
                 json_string_value(json_object_get(item, "reason")));
        json_array_append_new(errors,
                              json_pack("{s:i, s:s}", "code", code, "description", description));
    }
    if (json_array_size(errors) == 0)
        json_array_append_new(
            errors,
            json_pack("{s:i, s:s}", "code", code, "description",
                      code < 500 && pb->detail[0] ? pb->detail : kc_status_title(pb->status)));
    if (open311_path_format(path) == OPEN311_XML) {
        text = open311_xml_write(errors, "errors");
        if (text == NULL)
            goto fail;
        ulfius_set_binary_body_response(resp, (unsigned int)code, text, strlen(text));
        u_map_put(resp->map_header, "Content-Type", OPEN311_XML_TYPE);
    } else {
        text = json_dumps(errors, JSON_COMPACT);
        if (text == NULL)
            goto fail;
        ulfius_set_binary_body_response(resp, (unsigned int)code, text, strlen(text));
        u_map_put(resp->map_header, "Content-Type", "application/json");
    }
done:
    free(text);
    json_decref(errors);
    return 1;
fail:
    json_decref(errors);
    return 0;
}
