#include "flow/flow_http.h"
#include "processes_http.h"
#include "processes_resources.h"
#include "koers/event_log.h"

/* Every endpoint of processes: method, path (Ulfius :params), OpenAPI name,
 * who may call it, handler, the handler's argument. The server refuses a
 * caller the access does not admit before the handler runs; rules that
 * depend on the data (an owner or manager moves only their own processes)
 * stay in the services. Keep in step with api-spec/processes.yaml. */
const kc_route processes_routes[] = {
    /* the events replay: the tenant's published events in order, for the
     * services that consume them (a key with events:read) */
    {"GET", "/processes/v1/events", "/processes/v1/events",
     KC_ALLOW(PROCESSES_ROLES_MANAGE, PROCESSES_SCOPE_READ " " PROCESSES_SCOPE_EVENTS),
     kc_event_log_http_list, PROCESSES_SCHEMA},

    /* bottlenecks: the kit reads, changes and deletes them (with the check
     * of who may and of the data); raising one is hand-written (its event
     * carries the new id): the core team may raise (CONTRIBUTE), only
     * owners, managers and coordinators change, delete and decide (STEER);
     * the ranked backlog per process and tenant-wide */
    KC_RESOURCE_ROUTES_READ_PATCH("/processes/v1/bottlenecks", bottleneck_resource,
                                  PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ, PROCESSES_ROLES_STEER,
                                  NULL),
    {"POST", "/processes/v1/bottlenecks", "/processes/v1/bottlenecks",
     KC_ALLOW(PROCESSES_ROLES_CONTRIBUTE, NULL), bottleneck_http_create, NULL},
    KC_RESOURCE_ROUTE_DELETE("/processes/v1/bottlenecks", bottleneck_resource,
                             PROCESSES_ROLES_STEER, NULL),
    {"POST", "/processes/v1/bottlenecks/:id/decisions", "/processes/v1/bottlenecks/{id}/decisions",
     KC_ALLOW(PROCESSES_ROLES_STEER, NULL), bottleneck_http_decide, NULL},
    {"GET", "/processes/v1/processes/:id/backlog", "/processes/v1/processes/{id}/backlog",
     KC_ALLOW(PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ), backlog_http_process, NULL},
    {"GET", "/processes/v1/backlog", "/processes/v1/backlog",
     KC_ALLOW(PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ), backlog_http_tenant, NULL},

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
    /* the flow of a process: the latest published version, the versions,
     * the one draft and its publication, the pictures; who steers a
     * process is process_service_authorise's */
    {"GET", "/processes/v1/processes/:id/flow", "/processes/v1/processes/{id}/flow",
     KC_ALLOW(PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ), flow_http_get, NULL},
    {"GET", "/processes/v1/processes/:id/flow/versions",
     "/processes/v1/processes/{id}/flow/versions",
     KC_ALLOW(PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ), flow_http_versions, NULL},
    {"GET", "/processes/v1/processes/:id/flow/versions/:number",
     "/processes/v1/processes/{id}/flow/versions/{number}",
     KC_ALLOW(PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ), flow_http_version, NULL},
    {"POST", "/processes/v1/processes/:id/flow/draft", "/processes/v1/processes/{id}/flow/draft",
     KC_ALLOW(PROCESSES_ROLES_STEER, NULL), flow_http_start_draft, NULL},
    {"GET", "/processes/v1/processes/:id/flow/draft", "/processes/v1/processes/{id}/flow/draft",
     KC_ALLOW(PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ), flow_http_get_draft, NULL},
    {"PUT", "/processes/v1/processes/:id/flow/draft", "/processes/v1/processes/{id}/flow/draft",
     KC_ALLOW(PROCESSES_ROLES_STEER, NULL), flow_http_put_draft, NULL},
    {"DELETE", "/processes/v1/processes/:id/flow/draft", "/processes/v1/processes/{id}/flow/draft",
     KC_ALLOW(PROCESSES_ROLES_STEER, NULL), flow_http_discard_draft, NULL},
    {"POST", "/processes/v1/processes/:id/flow/draft/publish",
     "/processes/v1/processes/{id}/flow/draft/publish", KC_ALLOW(PROCESSES_ROLES_STEER, NULL),
     flow_http_publish, NULL},
    {"GET", "/processes/v1/processes/:id/flow.svg", "/processes/v1/processes/{id}/flow.svg",
     KC_ALLOW(PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ), flow_http_svg, NULL},
    {"GET", "/processes/v1/processes/:id/flow.mmd", "/processes/v1/processes/{id}/flow.mmd",
     KC_ALLOW(PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ), flow_http_mermaid, NULL},
    {"POST", "/processes/v1/processes/:id/transitions", "/processes/v1/processes/{id}/transitions",
     KC_ALLOW(PROCESSES_ROLES_MOVE, NULL), process_http_move, NULL},

    /* interviews and working sessions (the resource kit) */
    KC_RESOURCE_ROUTES("/processes/v1/sessions", session_resource, PROCESSES_ROLES_READ,
                       PROCESSES_SCOPE_READ, PROCESSES_ROLES_MANAGE, NULL),

    /* improvements (the kit, with the steering check) and their status
     * moves through the transition table */
    KC_RESOURCE_ROUTES("/processes/v1/improvements", improvement_resource, PROCESSES_ROLES_READ,
                       PROCESSES_SCOPE_READ, PROCESSES_ROLES_STEER, NULL),
    {"POST", "/processes/v1/improvements/:id/transitions",
     "/processes/v1/improvements/{id}/transitions", KC_ALLOW(PROCESSES_ROLES_STEER, NULL),
     improvement_http_move, NULL},

    /* KPIs (the kit, with the steering check) and their measurements */
    KC_RESOURCE_ROUTES("/processes/v1/kpis", kpi_resource, PROCESSES_ROLES_READ,
                       PROCESSES_SCOPE_READ, PROCESSES_ROLES_STEER, NULL),
    {"GET", "/processes/v1/kpis/:id/measurements", "/processes/v1/kpis/{id}/measurements",
     KC_ALLOW(PROCESSES_ROLES_READ, PROCESSES_SCOPE_READ), measurement_http_list, NULL},
    {"POST", "/processes/v1/kpis/:id/measurements", "/processes/v1/kpis/{id}/measurements",
     KC_ALLOW(PROCESSES_ROLES_STEER, NULL), measurement_http_create, NULL},
    {"DELETE", "/processes/v1/kpis/:id/measurements/:measurementId",
     "/processes/v1/kpis/{id}/measurements/{measurementId}", KC_ALLOW(PROCESSES_ROLES_STEER, NULL),
     measurement_http_delete, NULL},

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
