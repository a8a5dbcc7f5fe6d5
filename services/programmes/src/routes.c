#include "programmes_http.h"
#include "programmes_resources.h"
#include "koers/event_log.h"

/* Every endpoint of programmes: method, path (Ulfius :params), OpenAPI
 * name, who may call it, handler, the handler's argument. The server
 * refuses a caller the access does not admit before the handler runs;
 * rules that depend on the data (a working group's member proposes for its
 * own building blocks, a project group's member decides) stay in the
 * services (access/access.h). Keep in step with api-spec/programmes.yaml. */
const kc_route programmes_routes[] = {
    /* ---- routes: programmes and approach ---- */
    /* ---- routes: checkpoints ---- */
    /* ---- routes: governance ---- */
    /* ---- routes: proposals and actions ---- */
    /* proposals: a working group's members write and submit them (for
     * their own group), the project group decides (access/ by membership) */
    {"GET", "/programmes/v1/proposals", "/programmes/v1/proposals",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), kc_resource_http_list,
     &proposal_resource},
    {"POST", "/programmes/v1/proposals", "/programmes/v1/proposals",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), proposal_http_create, NULL},
    {"POST", "/programmes/v1/proposals/merge", "/programmes/v1/proposals/merge",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), proposal_http_merge, NULL},
    {"GET", "/programmes/v1/proposals/:id", "/programmes/v1/proposals/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), kc_resource_http_get,
     &proposal_resource},
    {"PATCH", "/programmes/v1/proposals/:id", "/programmes/v1/proposals/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), kc_resource_http_update, &proposal_resource},
    {"DELETE", "/programmes/v1/proposals/:id", "/programmes/v1/proposals/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), kc_resource_http_delete, &proposal_resource},
    {"POST", "/programmes/v1/proposals/:id/transitions",
     "/programmes/v1/proposals/{id}/transitions", KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL),
     proposal_http_submit, NULL},
    {"POST", "/programmes/v1/proposals/:id/decisions", "/programmes/v1/proposals/{id}/decisions",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), proposal_http_decide, NULL},
    {"GET", "/programmes/v1/proposals/:id/decisions", "/programmes/v1/proposals/{id}/decisions",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), proposal_http_decisions, NULL},
    {"POST", "/programmes/v1/proposals/:id/split", "/programmes/v1/proposals/{id}/split",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), proposal_http_split, NULL},
    /* actions: made by approvals; a lead or the owner carries one out */
    {"GET", "/programmes/v1/actions", "/programmes/v1/actions",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), kc_resource_http_list,
     &action_resource},
    {"GET", "/programmes/v1/actions/:id", "/programmes/v1/actions/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), kc_resource_http_get,
     &action_resource},
    {"PATCH", "/programmes/v1/actions/:id", "/programmes/v1/actions/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), kc_resource_http_update, &action_resource},
    {"POST", "/programmes/v1/actions/:id/transitions", "/programmes/v1/actions/{id}/transitions",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), action_http_move, NULL},
    {"GET", "/programmes/v1/actions/:id/trace", "/programmes/v1/actions/{id}/trace",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), action_http_trace, NULL},
    /* ---- routes: events ---- */
    /* the events replay: the tenant's published events in order, for the
     * services that consume them (a key with events:read) */
    {"GET", "/programmes/v1/events", "/programmes/v1/events",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, PROGRAMMES_SCOPE_READ " " PROGRAMMES_SCOPE_EVENTS),
     kc_event_log_http_list, PROGRAMMES_SCHEMA},
};

const size_t programmes_routes_count = sizeof(programmes_routes) / sizeof(programmes_routes[0]);
