#include "casedesk_http.h"

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
    /* cases: lead times, notes, messages (C1) */
    /* tracking, reopen requests (C2) */
    /* directory, referrals, referral links, scheduler runs (D) */
    /* data subject requests (B) */
    /* work lists, triage, overview, statistics, events, Open311 (E) */
};

const size_t casedesk_routes_count = sizeof(casedesk_routes) / sizeof(casedesk_routes[0]);
