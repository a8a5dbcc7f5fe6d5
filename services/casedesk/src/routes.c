#include "casedesk_http.h"
#include "case_http.h"
#include "privacy_http.h"
#include "settings_http.h"
#include "event_http.h"
#include "statistics_http.h"
#include "worklist_http.h"
#include "tracking_http.h"

/* Every endpoint of casedesk: method, path (Ulfius :params), OpenAPI name,
 * authentication, handler. Keep in step with api-spec/casedesk.yaml. */
const kc_route casedesk_routes[] = {
    {"GET", "/casedesk/v1/categories", "/casedesk/v1/categories", KC_ROUTE_AUTH,
     category_http_list},
    {"POST", "/casedesk/v1/categories", "/casedesk/v1/categories", KC_ROUTE_AUTH,
     category_http_create},
    {"GET", "/casedesk/v1/categories/:id", "/casedesk/v1/categories/{id}", KC_ROUTE_AUTH,
     category_http_get},
    {"PATCH", "/casedesk/v1/categories/:id", "/casedesk/v1/categories/{id}", KC_ROUTE_AUTH,
     category_http_update},
    {"DELETE", "/casedesk/v1/categories/:id", "/casedesk/v1/categories/{id}", KC_ROUTE_AUTH,
     category_http_delete},

    {"GET", "/casedesk/v1/liaison-officers", "/casedesk/v1/liaison-officers", KC_ROUTE_AUTH,
     officer_http_list},
    {"POST", "/casedesk/v1/liaison-officers", "/casedesk/v1/liaison-officers", KC_ROUTE_AUTH,
     officer_http_create},
    {"GET", "/casedesk/v1/liaison-officers/:id", "/casedesk/v1/liaison-officers/{id}",
     KC_ROUTE_AUTH, officer_http_get},
    {"PATCH", "/casedesk/v1/liaison-officers/:id", "/casedesk/v1/liaison-officers/{id}",
     KC_ROUTE_AUTH, officer_http_update},

    {"GET", "/casedesk/v1/routing-rules", "/casedesk/v1/routing-rules", KC_ROUTE_AUTH,
     routing_rule_http_list},
    {"POST", "/casedesk/v1/routing-rules", "/casedesk/v1/routing-rules", KC_ROUTE_AUTH,
     routing_rule_http_create},
    {"GET", "/casedesk/v1/routing-rules/:id", "/casedesk/v1/routing-rules/{id}", KC_ROUTE_AUTH,
     routing_rule_http_get},
    {"PATCH", "/casedesk/v1/routing-rules/:id", "/casedesk/v1/routing-rules/{id}", KC_ROUTE_AUTH,
     routing_rule_http_update},
    {"DELETE", "/casedesk/v1/routing-rules/:id", "/casedesk/v1/routing-rules/{id}", KC_ROUTE_AUTH,
     routing_rule_http_delete},

    {"GET", "/casedesk/v1/cases", "/casedesk/v1/cases", KC_ROUTE_AUTH, case_http_list},
    {"POST", "/casedesk/v1/cases", "/casedesk/v1/cases", KC_ROUTE_AUTH, case_http_create},
    {"GET", "/casedesk/v1/cases/:id", "/casedesk/v1/cases/{id}", KC_ROUTE_AUTH, case_http_get},
    {"POST", "/casedesk/v1/cases/:id/transitions", "/casedesk/v1/cases/{id}/transitions",
     KC_ROUTE_AUTH, case_http_transition},
    {"PUT", "/casedesk/v1/cases/:id/assignment", "/casedesk/v1/cases/{id}/assignment",
     KC_ROUTE_AUTH, case_http_assign},
    {"GET", "/casedesk/v1/cases/:id/timeline", "/casedesk/v1/cases/{id}/timeline", KC_ROUTE_AUTH,
     case_http_timeline},

    /* ---- issue 3: each part adds its routes in its own section ---- */
    /* settings, calendar (A) */
    {"GET", "/casedesk/v1/settings", "/casedesk/v1/settings", KC_ROUTE_AUTH, settings_http_get},
    {"PUT", "/casedesk/v1/settings", "/casedesk/v1/settings", KC_ROUTE_AUTH, settings_http_put},
    {"GET", "/casedesk/v1/calendar", "/casedesk/v1/calendar", KC_ROUTE_AUTH, calendar_http_get},
    /* cases: lead times, notes, messages (C1) */
    {"GET", "/casedesk/v1/cases/:id/lead-times", "/casedesk/v1/cases/{id}/lead-times",
     KC_ROUTE_AUTH, case_http_lead_times},
    {"POST", "/casedesk/v1/cases/:id/notes", "/casedesk/v1/cases/{id}/notes", KC_ROUTE_AUTH,
     case_message_http_add_note},
    {"GET", "/casedesk/v1/cases/:id/notes", "/casedesk/v1/cases/{id}/notes", KC_ROUTE_AUTH,
     case_message_http_list_notes},
    {"POST", "/casedesk/v1/cases/:id/messages", "/casedesk/v1/cases/{id}/messages",
     KC_ROUTE_AUTH, case_message_http_add_message},
    {"GET", "/casedesk/v1/cases/:id/messages", "/casedesk/v1/cases/{id}/messages",
     KC_ROUTE_AUTH, case_message_http_list_messages},
    /* tracking, reopen requests (C2) */
    {"GET", "/casedesk/v1/tracking/:token", "/casedesk/v1/tracking/{token}", KC_ROUTE_PUBLIC,
     tracking_http_view},
    {"POST", "/casedesk/v1/tracking/:token/messages", "/casedesk/v1/tracking/{token}/messages",
     KC_ROUTE_PUBLIC, tracking_http_message},
    {"POST", "/casedesk/v1/tracking/:token/feedback", "/casedesk/v1/tracking/{token}/feedback",
     KC_ROUTE_PUBLIC, tracking_http_feedback},
    {"GET", "/casedesk/v1/reopen-requests", "/casedesk/v1/reopen-requests", KC_ROUTE_AUTH,
     reopen_request_http_list},
    {"GET", "/casedesk/v1/reopen-requests/:id", "/casedesk/v1/reopen-requests/{id}", KC_ROUTE_AUTH,
     reopen_request_http_get},
    {"POST", "/casedesk/v1/reopen-requests/:id/acceptance",
     "/casedesk/v1/reopen-requests/{id}/acceptance", KC_ROUTE_AUTH, reopen_request_http_accept},
    {"POST", "/casedesk/v1/reopen-requests/:id/decline", "/casedesk/v1/reopen-requests/{id}/decline",
     KC_ROUTE_AUTH, reopen_request_http_decline},
    /* directory, referrals, referral links, scheduler runs (D) */
    /* data subject requests (B) */
    {"GET", "/casedesk/v1/data-subject-requests", "/casedesk/v1/data-subject-requests",
     KC_ROUTE_AUTH, privacy_http_list},
    {"POST", "/casedesk/v1/data-subject-requests/exports",
     "/casedesk/v1/data-subject-requests/exports", KC_ROUTE_AUTH, privacy_http_export},
    {"POST", "/casedesk/v1/data-subject-requests/erasures",
     "/casedesk/v1/data-subject-requests/erasures", KC_ROUTE_AUTH, privacy_http_erase},
    /* work lists, triage, overview, statistics, events, Open311 (E) */
    {"GET", "/casedesk/v1/work-list", "/casedesk/v1/work-list", KC_ROUTE_AUTH, worklist_http_mine},
    {"GET", "/casedesk/v1/liaison-officers/:id/work-list",
     "/casedesk/v1/liaison-officers/{id}/work-list", KC_ROUTE_AUTH, worklist_http_officer},
    {"GET", "/casedesk/v1/triage-queue", "/casedesk/v1/triage-queue", KC_ROUTE_AUTH,
     worklist_http_triage},
    {"GET", "/casedesk/v1/overview", "/casedesk/v1/overview", KC_ROUTE_AUTH,
     worklist_http_overview},
    {"GET", "/casedesk/v1/statistics", "/casedesk/v1/statistics", KC_ROUTE_AUTH,
     statistics_http_get},
    {"GET", "/casedesk/v1/events", "/casedesk/v1/events", KC_ROUTE_AUTH, event_http_list},
};

const size_t casedesk_routes_count = sizeof(casedesk_routes) / sizeof(casedesk_routes[0]);
