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
    {"GET", "/programmes/v1/approach-templates", "/programmes/v1/approach-templates",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), template_http_list, NULL},
    {"POST", "/programmes/v1/approach-templates", "/programmes/v1/approach-templates",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), template_http_create, NULL},
    {"GET", "/programmes/v1/approach-templates/:id", "/programmes/v1/approach-templates/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), template_http_get, NULL},
    {"PATCH", "/programmes/v1/approach-templates/:id", "/programmes/v1/approach-templates/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), template_http_update, NULL},
    {"DELETE", "/programmes/v1/approach-templates/:id", "/programmes/v1/approach-templates/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), template_http_delete, NULL},
    /* programmes: the kit serves list, get, PATCH and DELETE; the create
     * copies the approach */
    {"GET", "/programmes/v1/programmes", "/programmes/v1/programmes",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), kc_resource_http_list,
     &programme_resource},
    {"POST", "/programmes/v1/programmes", "/programmes/v1/programmes",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), programme_http_create, NULL},
    {"GET", "/programmes/v1/programmes/:id", "/programmes/v1/programmes/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), kc_resource_http_get,
     &programme_resource},
    {"PATCH", "/programmes/v1/programmes/:id", "/programmes/v1/programmes/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), kc_resource_http_update, &programme_resource},
    {"DELETE", "/programmes/v1/programmes/:id", "/programmes/v1/programmes/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), kc_resource_http_delete, &programme_resource},
    {"POST", "/programmes/v1/programmes/:id/transitions",
     "/programmes/v1/programmes/{id}/transitions", KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL),
     programme_http_move, NULL},
    {"GET", "/programmes/v1/programmes/:id/approach", "/programmes/v1/programmes/{id}/approach",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), approach_http_get, NULL},
    {"GET", "/programmes/v1/programmes/:id/approach/versions",
     "/programmes/v1/programmes/{id}/approach/versions",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), approach_http_versions, NULL},
    {"GET", "/programmes/v1/programmes/:id/approach/versions/:number",
     "/programmes/v1/programmes/{id}/approach/versions/{number}",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), approach_http_version, NULL},
    /* the data rule (project-group members or a lead) is in the service */
    {"POST", "/programmes/v1/programmes/:id/steps/:stepId/transitions",
     "/programmes/v1/programmes/{id}/steps/{stepId}/transitions",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), approach_http_move_step, NULL},
    {"GET", "/programmes/v1/programmes/:id/timeline", "/programmes/v1/programmes/{id}/timeline",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), programme_http_timeline, NULL},
    /* ---- routes: checkpoints ---- */
    /* a member decides by membership of the deciding group (access/) */
    {"POST", "/programmes/v1/programmes/:id/checkpoints",
     "/programmes/v1/programmes/{id}/checkpoints", KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL),
     checkpoint_http_create, NULL},
    {"GET", "/programmes/v1/programmes/:id/checkpoints",
     "/programmes/v1/programmes/{id}/checkpoints",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), checkpoint_http_list, NULL},
    {"GET", "/programmes/v1/checkpoints/:id", "/programmes/v1/checkpoints/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), checkpoint_http_get, NULL},
    /* ---- routes: governance ---- */
    /* people, their groups; groups (leads and coordinators write), their
     * members (a working group composes itself: the service decides);
     * building blocks (the route admits members: a working group's member
     * moves its status, building_block_service_check decides) */
    KC_RESOURCE_ROUTES("/programmes/v1/people", person_resource, PROGRAMMES_ROLES_READ,
                       PROGRAMMES_SCOPE_READ, PROGRAMMES_ROLES_MANAGE, NULL),
    {"GET", "/programmes/v1/people/:id/groups", "/programmes/v1/people/{id}/groups",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), person_http_groups, NULL},
    KC_RESOURCE_ROUTES("/programmes/v1/groups", group_resource, PROGRAMMES_ROLES_READ,
                       PROGRAMMES_SCOPE_READ, PROGRAMMES_ROLES_MANAGE, NULL),
    {"GET", "/programmes/v1/groups/:id/members", "/programmes/v1/groups/{id}/members",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), member_http_list, NULL},
    {"PUT", "/programmes/v1/groups/:id/members/:personId",
     "/programmes/v1/groups/{id}/members/{personId}", KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL),
     member_http_put, NULL},
    {"DELETE", "/programmes/v1/groups/:id/members/:personId",
     "/programmes/v1/groups/{id}/members/{personId}", KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL),
     member_http_remove, NULL},
    KC_RESOURCE_ROUTES("/programmes/v1/building-blocks", building_block_resource,
                       PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ, PROGRAMMES_ROLES_MEMBER, NULL),
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
    /* ---- routes: values and behaviour ---- */
    /* the catalogue copy (fed by the surveys service's events); a
     * programme's core values (leads write); example behaviour (a lead, or
     * a member of the named group: example_behaviour_service decides) */
    {"GET", "/programmes/v1/value-catalogue", "/programmes/v1/value-catalogue",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), value_catalogue_http_list, NULL},
    {"GET", "/programmes/v1/programmes/:id/values", "/programmes/v1/programmes/{id}/values",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), programme_value_http_list, NULL},
    {"POST", "/programmes/v1/programmes/:id/values", "/programmes/v1/programmes/{id}/values",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), programme_value_http_create, NULL},
    {"GET", "/programmes/v1/programme-values/:id", "/programmes/v1/programme-values/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), kc_resource_http_get,
     &programme_value_resource},
    {"PATCH", "/programmes/v1/programme-values/:id", "/programmes/v1/programme-values/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), kc_resource_http_update, &programme_value_resource},
    {"DELETE", "/programmes/v1/programme-values/:id", "/programmes/v1/programme-values/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), kc_resource_http_delete, &programme_value_resource},
    {"GET", "/programmes/v1/example-behaviours", "/programmes/v1/example-behaviours",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), kc_resource_http_list,
     &example_behaviour_resource},
    {"POST", "/programmes/v1/example-behaviours", "/programmes/v1/example-behaviours",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), example_behaviour_http_create, NULL},
    {"GET", "/programmes/v1/example-behaviours/:id", "/programmes/v1/example-behaviours/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), kc_resource_http_get,
     &example_behaviour_resource},
    {"PATCH", "/programmes/v1/example-behaviours/:id", "/programmes/v1/example-behaviours/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), kc_resource_http_update, &example_behaviour_resource},
    {"DELETE", "/programmes/v1/example-behaviours/:id", "/programmes/v1/example-behaviours/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), kc_resource_http_delete, &example_behaviour_resource},
    /* ---- routes: manifest ---- */
    /* ---- routes: activities and buddies ---- */
    /* ---- routes: goals ---- */
    /* ---- routes: coaching, lessons, monitor ---- */
    /* ---- routes: events ---- */
    /* the candidate core values from the surveys linked to a programme
     * (the surveys service's survey.closed events) */
    {"GET", "/programmes/v1/programmes/:id/candidate-values",
     "/programmes/v1/programmes/{id}/candidate-values",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), closed_survey_http_candidates, NULL},
    /* the events replay: the tenant's published events in order, for the
     * services that consume them (a key with events:read) */
    {"GET", "/programmes/v1/events", "/programmes/v1/events",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, PROGRAMMES_SCOPE_READ " " PROGRAMMES_SCOPE_EVENTS),
     kc_event_log_http_list, PROGRAMMES_SCHEMA},
};

const size_t programmes_routes_count = sizeof(programmes_routes) / sizeof(programmes_routes[0]);
