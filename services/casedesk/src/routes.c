#include "casedesk_http.h"
#include "casedesk_resources.h"
#include "referrals/referral_http.h"
#include "sla/scheduler_http.h"
#include "cases/case_http.h"
#include "privacy/privacy_http.h"
#include "sla/settings_http.h"
#include "koers/event_log.h"
#include "open311/open311_http.h"
#include "reports/statistics_http.h"
#include "reports/worklist_http.h"
#include "citizen/tracking_http.h"

/* Every endpoint of casedesk: method, path (Ulfius :params), OpenAPI name,
 * who may call it, handler, the handler's argument. The server refuses a
 * caller the access does not admit before the handler runs; rules that
 * depend on the data stay in the services. Keep in step with
 * api-spec/casedesk.yaml. */
const kc_route casedesk_routes[] = {
    /* the catalogue: categories, liaison officers, routing rules (the resource kit) */
    KC_RESOURCE_ROUTES("/casedesk/v1/categories", category_resource, CASEDESK_ROLES_READ,
                       CASEDESK_SCOPE_READ, CASEDESK_ROLES_MANAGE, NULL),
    /* a category's Open311 attribute definitions (GeoReport v2 service definition) */
    {"GET", "/casedesk/v1/categories/:id/open311-attributes",
     "/casedesk/v1/categories/{id}/open311-attributes",
     KC_ALLOW(CASEDESK_ROLES_READ, CASEDESK_SCOPE_READ), open311_http_attributes_get, NULL},
    {"PUT", "/casedesk/v1/categories/:id/open311-attributes",
     "/casedesk/v1/categories/{id}/open311-attributes", KC_ALLOW(CASEDESK_ROLES_MANAGE, NULL),
     open311_http_attributes_put, NULL},
    KC_RESOURCE_ROUTES_NO_DELETE("/casedesk/v1/liaison-officers", officer_resource,
                                 CASEDESK_ROLES_READ, CASEDESK_SCOPE_READ, CASEDESK_ROLES_MANAGE,
                                 NULL),
    /* routing rules are the bureau's own arrangement (which officer gets what): coordinators
     * read and write them; liaison officers and portals have no need */
    KC_RESOURCE_ROUTES("/casedesk/v1/routing-rules", routing_rule_resource, CASEDESK_ROLES_MANAGE,
                       NULL, CASEDESK_ROLES_MANAGE, NULL),

    /* cases: filing, reading, the life cycle, notes and messages to the citizen */
    {"GET", "/casedesk/v1/cases", "/casedesk/v1/cases",
     KC_ALLOW(CASEDESK_ROLES_READ, CASEDESK_SCOPE_READ), case_http_list, NULL},
    {"POST", "/casedesk/v1/cases", "/casedesk/v1/cases",
     KC_ALLOW(CASEDESK_ROLES_WORK, CASEDESK_SCOPE_WRITE), case_http_create, NULL},
    {"GET", "/casedesk/v1/cases/:id", "/casedesk/v1/cases/{id}",
     KC_ALLOW(CASEDESK_ROLES_READ, CASEDESK_SCOPE_READ), case_http_get, NULL},
    {"POST", "/casedesk/v1/cases/:id/transitions", "/casedesk/v1/cases/{id}/transitions",
     KC_ALLOW(CASEDESK_ROLES_WORK, NULL), case_http_transition, NULL},
    {"PUT", "/casedesk/v1/cases/:id/assignment", "/casedesk/v1/cases/{id}/assignment",
     KC_ALLOW(CASEDESK_ROLES_MANAGE, NULL), case_http_assign, NULL},
    {"GET", "/casedesk/v1/cases/:id/timeline", "/casedesk/v1/cases/{id}/timeline",
     KC_ALLOW(CASEDESK_ROLES_READ, CASEDESK_SCOPE_READ), case_http_timeline, NULL},
    {"GET", "/casedesk/v1/cases/:id/lead-times", "/casedesk/v1/cases/{id}/lead-times",
     KC_ALLOW(CASEDESK_ROLES_READ, CASEDESK_SCOPE_READ), case_http_lead_times, NULL},
    {"POST", "/casedesk/v1/cases/:id/notes", "/casedesk/v1/cases/{id}/notes",
     KC_ALLOW(CASEDESK_ROLES_WORK, NULL), case_message_http_add_note, NULL},
    {"GET", "/casedesk/v1/cases/:id/notes", "/casedesk/v1/cases/{id}/notes",
     KC_ALLOW(CASEDESK_ROLES_WORK, NULL), case_message_http_list_notes, NULL},
    {"POST", "/casedesk/v1/cases/:id/messages", "/casedesk/v1/cases/{id}/messages",
     KC_ALLOW(CASEDESK_ROLES_WORK, NULL), case_message_http_add_message, NULL},
    {"GET", "/casedesk/v1/cases/:id/messages", "/casedesk/v1/cases/{id}/messages",
     KC_ALLOW(CASEDESK_ROLES_WORK, NULL), case_message_http_list_messages, NULL},

    /* the citizen's tracking page (the token is the credential) and reopen requests */
    {"GET", "/casedesk/v1/tracking/:token", "/casedesk/v1/tracking/{token}", KC_PUBLIC,
     tracking_http_view, NULL},
    {"POST", "/casedesk/v1/tracking/:token/messages", "/casedesk/v1/tracking/{token}/messages",
     KC_PUBLIC, tracking_http_message, NULL},
    {"POST", "/casedesk/v1/tracking/:token/feedback", "/casedesk/v1/tracking/{token}/feedback",
     KC_PUBLIC, tracking_http_feedback, NULL},
    {"GET", "/casedesk/v1/reopen-requests", "/casedesk/v1/reopen-requests",
     KC_ALLOW(CASEDESK_ROLES_MANAGE, NULL), reopen_request_http_list, NULL},
    {"GET", "/casedesk/v1/reopen-requests/:id", "/casedesk/v1/reopen-requests/{id}",
     KC_ALLOW(CASEDESK_ROLES_MANAGE, NULL), reopen_request_http_get, NULL},
    {"POST", "/casedesk/v1/reopen-requests/:id/acceptance",
     "/casedesk/v1/reopen-requests/{id}/acceptance", KC_ALLOW(CASEDESK_ROLES_MANAGE, NULL),
     reopen_request_http_accept, NULL},
    {"POST", "/casedesk/v1/reopen-requests/:id/decline",
     "/casedesk/v1/reopen-requests/{id}/decline", KC_ALLOW(CASEDESK_ROLES_MANAGE, NULL),
     reopen_request_http_decline, NULL},

    /* the tenant's settings and working-day calendar */
    {"GET", "/casedesk/v1/settings", "/casedesk/v1/settings", KC_ALLOW(CASEDESK_ROLES_MANAGE, NULL),
     settings_http_get, NULL},
    {"PUT", "/casedesk/v1/settings", "/casedesk/v1/settings", KC_ALLOW(CASEDESK_ROLES_MANAGE, NULL),
     settings_http_put, NULL},
    {"GET", "/casedesk/v1/calendar", "/casedesk/v1/calendar",
     KC_ALLOW(CASEDESK_ROLES_READ, CASEDESK_SCOPE_READ), calendar_http_get, NULL},

    /* the directory: departments and officials (the resource kit); staff only */
    KC_RESOURCE_ROUTES("/casedesk/v1/departments", department_resource, CASEDESK_ROLES_READ, NULL,
                       CASEDESK_ROLES_MANAGE, NULL),
    KC_RESOURCE_ROUTES_NO_DELETE("/casedesk/v1/officials", official_resource, CASEDESK_ROLES_READ,
                                 NULL, CASEDESK_ROLES_MANAGE, NULL),

    /* referrals to officials and departments; an official reads and acts on only those sent to
     * them (referral_service.c). The links officials answer through are public: the
     * token is the credential */
    {"GET", "/casedesk/v1/cases/:id/referrals", "/casedesk/v1/cases/{id}/referrals",
     KC_ALLOW(CASEDESK_ROLES_REFERRAL, NULL), referral_http_list_case, NULL},
    {"POST", "/casedesk/v1/cases/:id/referrals", "/casedesk/v1/cases/{id}/referrals",
     KC_ALLOW(CASEDESK_ROLES_WORK, NULL), referral_http_create, NULL},
    {"GET", "/casedesk/v1/referrals", "/casedesk/v1/referrals",
     KC_ALLOW(CASEDESK_ROLES_REFERRAL, NULL), referral_http_list, NULL},
    {"GET", "/casedesk/v1/referrals/:id", "/casedesk/v1/referrals/{id}",
     KC_ALLOW(CASEDESK_ROLES_REFERRAL, NULL), referral_http_get, NULL},
    {"POST", "/casedesk/v1/referrals/:id/acknowledgement",
     "/casedesk/v1/referrals/{id}/acknowledgement", KC_ALLOW(CASEDESK_ROLES_REFERRAL, NULL),
     referral_http_acknowledge, NULL},
    {"POST", "/casedesk/v1/referrals/:id/answer", "/casedesk/v1/referrals/{id}/answer",
     KC_ALLOW(CASEDESK_ROLES_REFERRAL, NULL), referral_http_answer, NULL},
    {"POST", "/casedesk/v1/referrals/:id/withdrawal", "/casedesk/v1/referrals/{id}/withdrawal",
     KC_ALLOW(CASEDESK_ROLES_WORK, NULL), referral_http_withdraw, NULL},
    {"GET", "/casedesk/v1/referral-links/:token", "/casedesk/v1/referral-links/{token}", KC_PUBLIC,
     referral_link_http_get, NULL},
    {"POST", "/casedesk/v1/referral-links/:token/acknowledgement",
     "/casedesk/v1/referral-links/{token}/acknowledgement", KC_PUBLIC,
     referral_link_http_acknowledge, NULL},
    {"POST", "/casedesk/v1/referral-links/:token/answer",
     "/casedesk/v1/referral-links/{token}/answer", KC_PUBLIC, referral_link_http_answer, NULL},

    /* a scheduler pass on demand */
    {"POST", "/casedesk/v1/scheduler-runs", "/casedesk/v1/scheduler-runs",
     KC_ALLOW(CASEDESK_ROLES_ADMIN, NULL), scheduler_http_run, NULL},

    /* data subject requests (GDPR export and erasure) */
    {"GET", "/casedesk/v1/data-subject-requests", "/casedesk/v1/data-subject-requests",
     KC_ALLOW(CASEDESK_ROLES_PRIVACY, NULL), privacy_http_list, NULL},
    {"POST", "/casedesk/v1/data-subject-requests/exports",
     "/casedesk/v1/data-subject-requests/exports", KC_ALLOW(CASEDESK_ROLES_PRIVACY, NULL),
     privacy_http_export, NULL},
    {"POST", "/casedesk/v1/data-subject-requests/erasures",
     "/casedesk/v1/data-subject-requests/erasures", KC_ALLOW(CASEDESK_ROLES_PRIVACY, NULL),
     privacy_http_erase, NULL},

    /* work lists, the triage queue, the coordinator's overview, statistics, the event log */
    {"GET", "/casedesk/v1/work-list", "/casedesk/v1/work-list", KC_ALLOW(CASEDESK_ROLES_WORK, NULL),
     worklist_http_mine, NULL},
    {"GET", "/casedesk/v1/liaison-officers/:id/work-list",
     "/casedesk/v1/liaison-officers/{id}/work-list", KC_ALLOW(CASEDESK_ROLES_MANAGE, NULL),
     worklist_http_officer, NULL},
    {"GET", "/casedesk/v1/triage-queue", "/casedesk/v1/triage-queue",
     KC_ALLOW(CASEDESK_ROLES_WORK, NULL), worklist_http_triage, NULL},
    {"GET", "/casedesk/v1/overview", "/casedesk/v1/overview", KC_ALLOW(CASEDESK_ROLES_MANAGE, NULL),
     worklist_http_overview, NULL},
    {"GET", "/casedesk/v1/statistics", "/casedesk/v1/statistics",
     KC_ALLOW(CASEDESK_ROLES_MANAGE, NULL), statistics_http_get, NULL},
    {"GET", "/casedesk/v1/events", "/casedesk/v1/events",
     KC_ALLOW(CASEDESK_ROLES_MANAGE, CASEDESK_SCOPE_READ " " CASEDESK_SCOPE_EVENTS),
     kc_event_log_http_list, CASEDESK_SCHEMA},

    /* Open311 GeoReport v2 (open311_http.h): reads are public, the tenant named by
     * jurisdiction_id, or by an api_key (query or headers) the handler authenticates and
     * kc_authenticate_key admits as declared here; filing needs the api_key. {file} is
     * services, requests or discovery with .xml, .json or no suffix. */
    {"GET", "/casedesk/v1/open311/v2/:file", "/casedesk/v1/open311/v2/{file}",
     KC_SELF_AUTH(CASEDESK_ROLES_READ, CASEDESK_SCOPE_READ), open311_http_get, NULL},
    {"POST", "/casedesk/v1/open311/v2/:file", "/casedesk/v1/open311/v2/{file}",
     KC_SELF_AUTH(CASEDESK_ROLES_WORK, CASEDESK_SCOPE_WRITE), open311_http_post, NULL},
    {"GET", "/casedesk/v1/open311/v2/services/:file", "/casedesk/v1/open311/v2/services/{file}",
     KC_SELF_AUTH(CASEDESK_ROLES_READ, CASEDESK_SCOPE_READ), open311_http_service, NULL},
    {"GET", "/casedesk/v1/open311/v2/requests/:file", "/casedesk/v1/open311/v2/requests/{file}",
     KC_SELF_AUTH(CASEDESK_ROLES_READ, CASEDESK_SCOPE_READ), open311_http_request, NULL},
    {"GET", "/casedesk/v1/open311/v2/tokens/:file", "/casedesk/v1/open311/v2/tokens/{file}",
     KC_SELF_AUTH(CASEDESK_ROLES_READ, CASEDESK_SCOPE_READ), open311_http_token, NULL},
};

const size_t casedesk_routes_count = sizeof(casedesk_routes) / sizeof(casedesk_routes[0]);
