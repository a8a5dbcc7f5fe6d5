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
