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
    KC_RESOURCE_ROUTES_READ_PATCH("/programmes/v1/programmes", programme_resource,
                                  PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ,
                                  PROGRAMMES_ROLES_MANAGE, NULL),
    {"POST", "/programmes/v1/programmes", "/programmes/v1/programmes",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), programme_http_create, NULL},
    KC_RESOURCE_ROUTE_DELETE("/programmes/v1/programmes", programme_resource,
                             PROGRAMMES_ROLES_MANAGE, NULL),
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
    KC_RESOURCE_ROUTES_READ_PATCH("/programmes/v1/proposals", proposal_resource,
                                  PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ,
                                  PROGRAMMES_ROLES_MEMBER, NULL),
    {"POST", "/programmes/v1/proposals", "/programmes/v1/proposals",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), proposal_http_create, NULL},
    {"POST", "/programmes/v1/proposals/merge", "/programmes/v1/proposals/merge",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), proposal_http_merge, NULL},
    KC_RESOURCE_ROUTE_DELETE("/programmes/v1/proposals", proposal_resource, PROGRAMMES_ROLES_MEMBER,
                             NULL),
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
    KC_RESOURCE_ROUTES_READ_PATCH("/programmes/v1/actions", action_resource, PROGRAMMES_ROLES_READ,
                                  PROGRAMMES_SCOPE_READ, PROGRAMMES_ROLES_MEMBER, NULL),
    {"POST", "/programmes/v1/actions/:id/transitions", "/programmes/v1/actions/{id}/transitions",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), action_http_move, NULL},
    {"GET", "/programmes/v1/actions/:id/trace", "/programmes/v1/actions/{id}/trace",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), action_http_trace, NULL},
    /* ---- routes: values and behaviour ---- */
    /* ---- routes: manifest ---- */
    /* the tenant's settings; manifests (leads write; every employee reads
     * them, their statements and rounds to give views), statements and
     * revisions, rounds, views (every employee: PARTICIPATE), the support
     * and the comments (readers); behaviour agreements on the kit */
    {"GET", "/programmes/v1/settings", "/programmes/v1/settings",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), manifest_http_get_settings, NULL},
    {"PUT", "/programmes/v1/settings", "/programmes/v1/settings",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), manifest_http_put_settings, NULL},
    {"GET", "/programmes/v1/programmes/:id/manifests", "/programmes/v1/programmes/{id}/manifests",
     KC_ALLOW(PROGRAMMES_ROLES_PARTICIPATE, PROGRAMMES_SCOPE_READ), manifest_http_list, NULL},
    {"POST", "/programmes/v1/programmes/:id/manifests", "/programmes/v1/programmes/{id}/manifests",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), manifest_http_create, NULL},
    {"GET", "/programmes/v1/manifests/:id", "/programmes/v1/manifests/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_PARTICIPATE, PROGRAMMES_SCOPE_READ), kc_resource_http_get,
     &manifest_resource},
    {"PATCH", "/programmes/v1/manifests/:id", "/programmes/v1/manifests/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), kc_resource_http_update, &manifest_resource},
    {"DELETE", "/programmes/v1/manifests/:id", "/programmes/v1/manifests/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), kc_resource_http_delete, &manifest_resource},
    {"POST", "/programmes/v1/manifests/:id/transitions",
     "/programmes/v1/manifests/{id}/transitions", KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL),
     manifest_http_move, NULL},
    {"GET", "/programmes/v1/manifests/:id/statements", "/programmes/v1/manifests/{id}/statements",
     KC_ALLOW(PROGRAMMES_ROLES_PARTICIPATE, PROGRAMMES_SCOPE_READ), statement_http_list, NULL},
    {"POST", "/programmes/v1/manifests/:id/statements", "/programmes/v1/manifests/{id}/statements",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), statement_http_create, NULL},
    {"PATCH", "/programmes/v1/manifest-statements/:id", "/programmes/v1/manifest-statements/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), statement_http_change, NULL},
    {"DELETE", "/programmes/v1/manifest-statements/:id", "/programmes/v1/manifest-statements/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), statement_http_delete, NULL},
    {"GET", "/programmes/v1/manifest-statements/:id/revisions",
     "/programmes/v1/manifest-statements/{id}/revisions",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), statement_http_revisions, NULL},
    {"GET", "/programmes/v1/manifests/:id/rounds", "/programmes/v1/manifests/{id}/rounds",
     KC_ALLOW(PROGRAMMES_ROLES_PARTICIPATE, PROGRAMMES_SCOPE_READ), round_http_list, NULL},
    {"POST", "/programmes/v1/manifests/:id/rounds", "/programmes/v1/manifests/{id}/rounds",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), round_http_open, NULL},
    {"POST", "/programmes/v1/consultation-rounds/:id/close",
     "/programmes/v1/consultation-rounds/{id}/close", KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL),
     round_http_close, NULL},
    {"PUT", "/programmes/v1/consultation-rounds/:id/statements/:statementId/view",
     "/programmes/v1/consultation-rounds/{id}/statements/{statementId}/view",
     KC_ALLOW(PROGRAMMES_ROLES_PARTICIPATE, NULL), view_http_put, NULL},
    {"GET", "/programmes/v1/manifests/:id/support", "/programmes/v1/manifests/{id}/support",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), manifest_http_support, NULL},
    {"GET", "/programmes/v1/manifests/:id/comments", "/programmes/v1/manifests/{id}/comments",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), manifest_http_comments, NULL},
    KC_RESOURCE_ROUTES("/programmes/v1/behaviour-agreements", behaviour_agreement_resource,
                       PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ, PROGRAMMES_ROLES_MANAGE, NULL),
    /* ---- routes: activities and buddies ---- */
    /* activities: every employee reads them (to register), leads and
     * coordinators plan and move them (activity_service_check) */
    KC_RESOURCE_ROUTES("/programmes/v1/activities", activity_resource, PROGRAMMES_ROLES_PARTICIPATE,
                       PROGRAMMES_SCOPE_READ, PROGRAMMES_ROLES_MANAGE, NULL),
    {"POST", "/programmes/v1/activities/:id/transitions",
     "/programmes/v1/activities/{id}/transitions", KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL),
     activity_http_move, NULL},
    {"GET", "/programmes/v1/activities/:id/participants",
     "/programmes/v1/activities/{id}/participants",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), activity_http_participants, NULL},
    {"PUT", "/programmes/v1/activities/:id/participants/:personId",
     "/programmes/v1/activities/{id}/participants/{personId}",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), activity_http_put_participant, NULL},
    /* the caller as a person of the directory (the service finds them) */
    {"POST", "/programmes/v1/activities/:id/registration",
     "/programmes/v1/activities/{id}/registration", KC_ALLOW(PROGRAMMES_ROLES_PARTICIPATE, NULL),
     activity_http_register, NULL},
    {"DELETE", "/programmes/v1/activities/:id/registration",
     "/programmes/v1/activities/{id}/registration", KC_ALLOW(PROGRAMMES_ROLES_PARTICIPATE, NULL),
     activity_http_unregister, NULL},
    {"PUT", "/programmes/v1/activities/:id/progress", "/programmes/v1/activities/{id}/progress",
     KC_ALLOW(PROGRAMMES_ROLES_PARTICIPATE, NULL), activity_http_progress, NULL},
    {"GET", "/programmes/v1/activities/:id/attendance", "/programmes/v1/activities/{id}/attendance",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), activity_http_attendance, NULL},
    /* cohorts, their members (change agents marked) and buddy pairs;
     * check-ins: the two buddies and leads only (404 to anyone else) */
    KC_RESOURCE_ROUTES("/programmes/v1/cohorts", cohort_resource, PROGRAMMES_ROLES_READ,
                       PROGRAMMES_SCOPE_READ, PROGRAMMES_ROLES_MANAGE, NULL),
    {"GET", "/programmes/v1/cohorts/:id/members", "/programmes/v1/cohorts/{id}/members",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), cohort_http_members, NULL},
    {"PUT", "/programmes/v1/cohorts/:id/members/:personId",
     "/programmes/v1/cohorts/{id}/members/{personId}", KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL),
     cohort_http_put_member, NULL},
    {"DELETE", "/programmes/v1/cohorts/:id/members/:personId",
     "/programmes/v1/cohorts/{id}/members/{personId}", KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL),
     cohort_http_remove_member, NULL},
    {"GET", "/programmes/v1/cohorts/:id/buddy-pairs", "/programmes/v1/cohorts/{id}/buddy-pairs",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), buddy_http_list, NULL},
    {"POST", "/programmes/v1/cohorts/:id/buddy-pairs", "/programmes/v1/cohorts/{id}/buddy-pairs",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), buddy_http_create, NULL},
    {"POST", "/programmes/v1/cohorts/:id/buddy-pairs/proposal",
     "/programmes/v1/cohorts/{id}/buddy-pairs/proposal", KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL),
     buddy_http_propose, NULL},
    {"POST", "/programmes/v1/cohorts/:id/buddy-pairs/proposal/accept",
     "/programmes/v1/cohorts/{id}/buddy-pairs/proposal/accept",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), buddy_http_accept, NULL},
    {"POST", "/programmes/v1/buddy-pairs/:id/end", "/programmes/v1/buddy-pairs/{id}/end",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), buddy_http_end, NULL},
    {"GET", "/programmes/v1/buddy-pairs/:id/checkins", "/programmes/v1/buddy-pairs/{id}/checkins",
     KC_ALLOW(PROGRAMMES_ROLES_PARTICIPATE, NULL), buddy_http_checkins, NULL},
    {"POST", "/programmes/v1/buddy-pairs/:id/checkins", "/programmes/v1/buddy-pairs/{id}/checkins",
     KC_ALLOW(PROGRAMMES_ROLES_PARTICIPATE, NULL), buddy_http_add_checkin, NULL},
    /* ---- routes: goals ---- */
    /* goals and indicators: leads and coordinators write; the trend
     * refreshes the values before it answers */
    KC_RESOURCE_ROUTES("/programmes/v1/goals", goal_resource, PROGRAMMES_ROLES_READ,
                       PROGRAMMES_SCOPE_READ, PROGRAMMES_ROLES_MANAGE, NULL),
    {"GET", "/programmes/v1/goals/:id/trend", "/programmes/v1/goals/{id}/trend",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), goal_http_trend, NULL},
    KC_RESOURCE_ROUTES("/programmes/v1/indicators", indicator_resource, PROGRAMMES_ROLES_READ,
                       PROGRAMMES_SCOPE_READ, PROGRAMMES_ROLES_MANAGE, NULL),
    {"GET", "/programmes/v1/programmes/:id/relapse-signals",
     "/programmes/v1/programmes/{id}/relapse-signals",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), goal_http_relapse_signals, NULL},
    /* ---- routes: coaching, lessons, monitor ---- */
    /* the coaching log: leads and coordinators; the kit serves all but the
     * create (createdBy is the caller) */
    {"GET", "/programmes/v1/coaching-entries", "/programmes/v1/coaching-entries",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), kc_resource_http_list,
     &coaching_entry_resource},
    {"POST", "/programmes/v1/coaching-entries", "/programmes/v1/coaching-entries",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), coaching_http_create, NULL},
    {"GET", "/programmes/v1/coaching-entries/:id", "/programmes/v1/coaching-entries/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), kc_resource_http_get,
     &coaching_entry_resource},
    {"PATCH", "/programmes/v1/coaching-entries/:id", "/programmes/v1/coaching-entries/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), kc_resource_http_update, &coaching_entry_resource},
    {"DELETE", "/programmes/v1/coaching-entries/:id", "/programmes/v1/coaching-entries/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MANAGE, NULL), kc_resource_http_delete, &coaching_entry_resource},
    /* lessons and norms: a lead or a member of the programme's groups
     * writes (lesson_service_check); the search is the tenant's */
    {"GET", "/programmes/v1/lessons", "/programmes/v1/lessons",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), kc_resource_http_list,
     &lesson_resource},
    {"POST", "/programmes/v1/lessons", "/programmes/v1/lessons",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), lesson_http_create, NULL},
    {"GET", "/programmes/v1/lessons/search", "/programmes/v1/lessons/search",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), lesson_http_search, NULL},
    {"GET", "/programmes/v1/lessons/:id", "/programmes/v1/lessons/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), lesson_http_get, &lesson_resource},
    {"PATCH", "/programmes/v1/lessons/:id", "/programmes/v1/lessons/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), kc_resource_http_update, &lesson_resource},
    {"DELETE", "/programmes/v1/lessons/:id", "/programmes/v1/lessons/{id}",
     KC_ALLOW(PROGRAMMES_ROLES_MEMBER, NULL), kc_resource_http_delete, &lesson_resource},
    /* the monitor: one document, computed in one query (sql/015) */
    {"GET", "/programmes/v1/programmes/:id/monitor", "/programmes/v1/programmes/{id}/monitor",
     KC_ALLOW(PROGRAMMES_ROLES_READ, PROGRAMMES_SCOPE_READ), monitor_http_get, NULL},
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
