#include "iam_http.h"
#include "iam_resources.h"
#include "koers/event_log.h"

/* Every endpoint of iam: method, path (Ulfius :params), OpenAPI name, who
 * may call it, handler, the handler's argument. The server refuses a
 * caller the access does not admit before the handler runs. Keep in step
 * with api-spec/iam.yaml. */
const kc_route iam_routes[] = {
    /* ---- routes: providers ---- */
    KC_RESOURCE_ROUTES("/iam/v1/identity-providers", identity_provider_resource, IAM_ROLES_MANAGE,
                       NULL, IAM_ROLES_MANAGE, NULL),
    KC_RESOURCE_ROUTE_PUT("/iam/v1/identity-providers", identity_provider_resource,
                          IAM_ROLES_MANAGE, NULL),
    /* ---- routes: signin ---- */
    /* public: the tenant's slug is all the browser knows before sign-in */
    {"GET", "/iam/v1/sign-in/:tenant", "/iam/v1/sign-in/{tenant}", KC_PUBLIC, signin_http_get,
     NULL},
    /* ---- routes: me ---- */
    {"GET", "/iam/v1/me", "/iam/v1/me", KC_ALLOW(IAM_ROLES_STAFF, NULL), me_http_get, NULL},
    /* the events replay: the tenant's published events in order */
    {"GET", "/iam/v1/events", "/iam/v1/events", KC_ALLOW(IAM_ROLES_MANAGE, IAM_SCOPE_EVENTS),
     kc_event_log_http_list, IAM_SCHEMA},
};

const size_t iam_routes_count = sizeof(iam_routes) / sizeof(iam_routes[0]);
