#ifndef KOERS_PROGRAMMES_HTTP_H
#define KOERS_PROGRAMMES_HTTP_H

#include "koers/http.h"
#include "programmes.h"

/* The hand-written handlers of routes.c (the plain resources are served by
 * the resource kit's handlers). Each decodes the request, calls its
 * service, and answers (KC_OK) or returns the problem for the server to
 * render. */
/* ---- handlers: programmes and approach ---- */
/* programmes/programme_http.c: POST /programmes (the approach copied),
 * POST /programmes/{id}/transitions, GET /programmes/{id}/timeline */
kc_status programme_http_create(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status programme_http_move(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status programme_http_timeline(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
/* approach/template_http.c: the approach templates */
kc_status template_http_list(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status template_http_create(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status template_http_get(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status template_http_update(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status template_http_delete(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
/* approach/approach_http.c: a programme's approach, its versions, its
 * steps' moves */
kc_status approach_http_get(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status approach_http_versions(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status approach_http_version(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status approach_http_move_step(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
/* ---- handlers: checkpoints ---- */
kc_status checkpoint_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status checkpoint_http_list(kc_ctx *ctx, kc_problem *pb);
kc_status checkpoint_http_get(kc_ctx *ctx, kc_problem *pb);
/* ---- handlers: governance ---- */
kc_status member_http_list(kc_ctx *ctx, kc_problem *pb);
kc_status member_http_put(kc_ctx *ctx, kc_problem *pb);
kc_status member_http_remove(kc_ctx *ctx, kc_problem *pb);
kc_status person_http_groups(kc_ctx *ctx, kc_problem *pb);
/* ---- handlers: proposals and actions ---- */
kc_status proposal_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status proposal_http_merge(kc_ctx *ctx, kc_problem *pb);
kc_status proposal_http_submit(kc_ctx *ctx, kc_problem *pb);
kc_status proposal_http_split(kc_ctx *ctx, kc_problem *pb);
kc_status proposal_http_decide(kc_ctx *ctx, kc_problem *pb);
kc_status proposal_http_decisions(kc_ctx *ctx, kc_problem *pb);
kc_status action_http_move(kc_ctx *ctx, kc_problem *pb);
kc_status action_http_trace(kc_ctx *ctx, kc_problem *pb);
/* ---- handlers: values and behaviour ---- */
/* values/values_http.c: GET /value-catalogue, GET|POST
 * /programmes/{id}/values, POST /example-behaviours */
kc_status value_catalogue_http_list(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status programme_value_http_list(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status programme_value_http_create(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status example_behaviour_http_create(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
/* ---- handlers: manifest ---- */
/* manifest/manifest_http.c: the tenant's settings, manifests, their
 * statements and revisions, consultation rounds, views, support and
 * comments */
kc_status manifest_http_get_settings(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status manifest_http_put_settings(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status manifest_http_create(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status manifest_http_list(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status manifest_http_move(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status manifest_http_support(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status manifest_http_comments(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status statement_http_create(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status statement_http_list(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status statement_http_change(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status statement_http_delete(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status statement_http_revisions(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status round_http_open(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status round_http_close(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status round_http_list(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status view_http_put(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
/* ---- handlers: activities and buddies ---- */
/* activities/activity_http.c: an activity's status moves, participants,
 * registration, own progress and attendance */
kc_status activity_http_move(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status activity_http_participants(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status activity_http_put_participant(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status activity_http_register(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status activity_http_unregister(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status activity_http_progress(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status activity_http_attendance(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
/* activities/cohort_http.c: a cohort's members, its buddy pairs and their
 * check-ins */
kc_status cohort_http_members(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status cohort_http_put_member(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status cohort_http_remove_member(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status buddy_http_create(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status buddy_http_propose(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status buddy_http_accept(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status buddy_http_list(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status buddy_http_end(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status buddy_http_checkins(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status buddy_http_add_checkin(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
/* ---- handlers: goals ---- */
kc_status goal_http_trend(kc_ctx *ctx, kc_problem *pb);
kc_status goal_http_relapse_signals(kc_ctx *ctx, kc_problem *pb);
/* ---- handlers: coaching, lessons, monitor ---- */
/* monitor/monitor_http.c: GET /lessons/search, GET /lessons/{id} (which
 * also serves the search, should the router pick it for /lessons/search),
 * GET /programmes/{id}/monitor */
kc_status lesson_http_search(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status lesson_http_get(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
kc_status monitor_http_get(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;
/* ---- handlers: events ---- */
/* GET /programmes/{id}/candidate-values: the top values of the closed
 * surveys among the programme's surveyIds (events/closed_survey_http.c). */
kc_status closed_survey_http_candidates(kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;

/* The endpoint table (routes.c). */
extern const kc_route programmes_routes[];
extern const size_t programmes_routes_count;

#endif
