#include "surveys_http.h"
#include "results/results_http.h"
#include "surveys_resources.h"
#include "koers/event_log.h"

/* Every endpoint of surveys: method, path (Ulfius :params), OpenAPI name,
 * who may call it, handler, the handler's argument. The server refuses a
 * caller the access does not admit before the handler runs; rules that
 * depend on the data stay in the services. Keep in step with
 * api-spec/surveys.yaml. */
const kc_route surveys_routes[] = {
    /* the events replay: the tenant's published events in order, for the
     * services that consume them (a key with events:read) */
    {"GET", "/surveys/v1/events", "/surveys/v1/events",
     KC_ALLOW(SURVEYS_ROLES_MANAGE, SURVEYS_SCOPE_READ " " SURVEYS_SCOPE_EVENTS),
     kc_event_log_http_list, SURVEYS_SCHEMA},

    /* the tenant's settings (staff only: a dashboard key reads surveys and results, not these) */
    {"GET", "/surveys/v1/settings", "/surveys/v1/settings", KC_ALLOW(SURVEYS_ROLES_READ, NULL),
     settings_http_get, NULL},
    {"PUT", "/surveys/v1/settings", "/surveys/v1/settings", KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL),
     settings_http_put, NULL},

    /* core values (the resource kit) */
    KC_RESOURCE_ROUTES("/surveys/v1/core-values", core_value_resource, SURVEYS_ROLES_READ,
                       SURVEYS_SCOPE_READ, SURVEYS_ROLES_MANAGE, NULL),

    /* surveys, their sections and questions, their life cycle and waves; a key that may only
     * respond reads only open surveys (survey_service.c) */
    {"GET", "/surveys/v1/surveys", "/surveys/v1/surveys",
     KC_ALLOW(SURVEYS_ROLES_READ, SURVEYS_SCOPE_READ), survey_http_list, NULL},
    {"POST", "/surveys/v1/surveys", "/surveys/v1/surveys", KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL),
     survey_http_create, NULL},
    {"GET", "/surveys/v1/surveys/:id", "/surveys/v1/surveys/{id}",
     KC_ALLOW(SURVEYS_ROLES_READ, SURVEYS_SCOPE_READ " " SURVEYS_SCOPE_RESPOND), survey_http_get,
     NULL},
    {"PATCH", "/surveys/v1/surveys/:id", "/surveys/v1/surveys/{id}",
     KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL), survey_http_update, NULL},
    {"DELETE", "/surveys/v1/surveys/:id", "/surveys/v1/surveys/{id}",
     KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL), survey_http_delete, NULL},
    {"POST", "/surveys/v1/surveys/:id/sections", "/surveys/v1/surveys/{id}/sections",
     KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL), survey_http_add_section, NULL},
    {"POST", "/surveys/v1/surveys/:id/questions", "/surveys/v1/surveys/{id}/questions",
     KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL), survey_http_add_question, NULL},
    {"PATCH", "/surveys/v1/surveys/:id/questions/:questionId",
     "/surveys/v1/surveys/{id}/questions/{questionId}", KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL),
     survey_http_update_question, NULL},
    {"DELETE", "/surveys/v1/surveys/:id/questions/:questionId",
     "/surveys/v1/surveys/{id}/questions/{questionId}", KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL),
     survey_http_delete_question, NULL},
    {"POST", "/surveys/v1/surveys/:id/open", "/surveys/v1/surveys/{id}/open",
     KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL), survey_http_open, NULL},
    {"POST", "/surveys/v1/surveys/:id/close", "/surveys/v1/surveys/{id}/close",
     KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL), survey_http_close, NULL},
    {"POST", "/surveys/v1/surveys/:id/waves", "/surveys/v1/surveys/{id}/waves",
     KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL), survey_http_new_wave, NULL},

    /* invitations and responses; the invitation token is the credential of the two public routes */
    {"POST", "/surveys/v1/surveys/:id/invitations", "/surveys/v1/surveys/{id}/invitations",
     KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL), response_http_invite, NULL},
    {"POST", "/surveys/v1/surveys/:id/responses", "/surveys/v1/surveys/{id}/responses",
     KC_ALLOW(NULL, SURVEYS_SCOPE_RESPOND), response_http_submit_open, NULL},
    {"POST", "/surveys/v1/responses", "/surveys/v1/responses", KC_PUBLIC,
     response_http_submit_token, NULL},
    {"GET", "/surveys/v1/invitations/:token/survey", "/surveys/v1/invitations/{token}/survey",
     KC_PUBLIC, response_http_invitation_survey, NULL},

    /* results, gap analysis, comparison of waves, export (staff only) */
    {"GET", "/surveys/v1/surveys/:id/results", "/surveys/v1/surveys/{id}/results",
     KC_ALLOW(SURVEYS_ROLES_READ, SURVEYS_SCOPE_READ), results_http_get, NULL},
    {"GET", "/surveys/v1/surveys/:id/gap", "/surveys/v1/surveys/{id}/gap",
     KC_ALLOW(SURVEYS_ROLES_READ, SURVEYS_SCOPE_READ), results_http_gap, NULL},
    {"GET", "/surveys/v1/surveys/:id/comparison", "/surveys/v1/surveys/{id}/comparison",
     KC_ALLOW(SURVEYS_ROLES_READ, SURVEYS_SCOPE_READ), results_http_comparison, NULL},
    {"GET", "/surveys/v1/surveys/:id/export", "/surveys/v1/surveys/{id}/export",
     KC_ALLOW(SURVEYS_ROLES_READ, NULL), results_http_export, NULL},

    /* brainstorm sessions */
    {"GET", "/surveys/v1/brainstorm-sessions", "/surveys/v1/brainstorm-sessions",
     KC_ALLOW(SURVEYS_ROLES_READ, NULL), brainstorm_http_list, NULL},
    {"POST", "/surveys/v1/brainstorm-sessions", "/surveys/v1/brainstorm-sessions",
     KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL), brainstorm_http_create, NULL},
    {"GET", "/surveys/v1/brainstorm-sessions/:id", "/surveys/v1/brainstorm-sessions/{id}",
     KC_ALLOW(SURVEYS_ROLES_READ, NULL), brainstorm_http_get, NULL},
    {"POST", "/surveys/v1/brainstorm-sessions/:id/items",
     "/surveys/v1/brainstorm-sessions/{id}/items", KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL),
     brainstorm_http_add_item, NULL},
    {"POST", "/surveys/v1/brainstorm-sessions/:id/items/:itemId/votes",
     "/surveys/v1/brainstorm-sessions/{id}/items/{itemId}/votes",
     KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL), brainstorm_http_vote, NULL},
    {"POST", "/surveys/v1/brainstorm-sessions/:id/items/:itemId/promote",
     "/surveys/v1/brainstorm-sessions/{id}/items/{itemId}/promote",
     KC_ALLOW(SURVEYS_ROLES_MANAGE, NULL), brainstorm_http_promote, NULL},
};

const size_t surveys_routes_count = sizeof(surveys_routes) / sizeof(surveys_routes[0]);
