#include "processes_http.h"
#include "processes_resources.h"

/* Every endpoint of processes: method, path (Ulfius :params), OpenAPI name,
 * who may call it, handler, the handler's argument. The server refuses a
 * caller the access does not admit before the handler runs; rules that
 * depend on the data (an owner or manager moves only their own processes)
 * stay in the services. Keep in step with api-spec/processes.yaml. */
const kc_route processes_routes[] = {
    /* the tenant's settings (the coverage target) */
    {"GET", "/processes/v1/settings", "/processes/v1/settings",
     KC_ALLOW(PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ), settings_http_get, NULL},
    {"PUT", "/processes/v1/settings", "/processes/v1/settings",
     KC_ALLOW(PROCESSES_ROLES_MANAGE, NULL), settings_http_put, NULL},

    /* the directory: teams and staff (the resource kit) */
    KC_RESOURCE_ROUTES("/processes/v1/teams", team_resource, PROCESSES_ROLES_READ,
                       PROCESSES_SCOPE_READ, PROCESSES_ROLES_MANAGE, NULL),
    KC_RESOURCE_ROUTES("/processes/v1/staff", staff_resource, PROCESSES_ROLES_READ,
                       PROCESSES_SCOPE_READ, PROCESSES_ROLES_MANAGE, NULL),

    /* processes: the plain members on the kit (with the people check), the
     * status through the transition table */
    KC_RESOURCE_ROUTES("/processes/v1/processes", process_resource, PROCESSES_ROLES_READ,
                       PROCESSES_SCOPE_READ, PROCESSES_ROLES_MANAGE, NULL),
    {"POST", "/processes/v1/processes/:id/transitions", "/processes/v1/processes/{id}/transitions",
     KC_ALLOW(PROCESSES_ROLES_MOVE, NULL), process_http_move, NULL},

    /* interviews and working sessions (the resource kit) */
    KC_RESOURCE_ROUTES("/processes/v1/sessions", session_resource, PROCESSES_ROLES_READ,
                       PROCESSES_SCOPE_READ, PROCESSES_ROLES_MANAGE, NULL),

    /* coverage: which team managers own a process in a year */
    {"GET", "/processes/v1/coverage", "/processes/v1/coverage",
     KC_ALLOW(PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ), coverage_http_get, NULL},

    /* citizens' cases: casedesk categories mapped to processes (the
     * resource kit), the citizens' figures of a process and the bottlenecks
     * its root causes propose */
    KC_RESOURCE_ROUTES("/processes/v1/category-mappings", category_mapping_resource,
                       PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ, PROCESSES_ROLES_MANAGE, NULL),
    {"GET", "/processes/v1/processes/:id/citizen-figures",
     "/processes/v1/processes/{id}/citizen-figures",
     KC_ALLOW(PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ), citizen_http_figures, NULL},
    {"GET", "/processes/v1/processes/:id/root-causes", "/processes/v1/processes/{id}/root-causes",
     KC_ALLOW(PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ), citizen_http_root_causes, NULL},
};

const size_t processes_routes_count = sizeof(processes_routes) / sizeof(processes_routes[0]);
