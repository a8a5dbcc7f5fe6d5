/* Integration: proposals, decisions and actions of the programmes service
 * against a real PostgreSQL — a working group writes and submits its
 * proposals (the programme and group derived from the building block;
 * another group's member refused), the project group decides each outcome
 * (an approval makes exactly one action, in the decision's transaction; a
 * decided proposal is not decided again), a returned proposal is changed
 * and submitted again, splits and merges keep derived_from and their
 * decisions, and the trace of an action whose proposal was merged from a
 * part of a split reaches back to the first proposal, the building block,
 * its step and phase, the working group and the programme. The
 * programme, people, groups, members and building blocks are rows put in
 * with SQL (their API is other parts'). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "programmes_it.h"
#include "koers/idempotency.h"
#include "actions/action_service.h"
#include "proposals/decision_service.h"
#include "proposals/proposal_service.h"

#define TENANT  "6e1c2f4e-6666-4a2b-9c3d-00000000000a"
#define TENANT2 "6e1c2f4e-6666-4a2b-9c3d-00000000000b"
#define PROG    "00000000-0000-4000-8000-0000000002a1"
#define PHASE   "00000000-0000-4000-8000-0000000002b1"
#define STEP    "00000000-0000-4000-8000-0000000002c1"
#define PG      "00000000-0000-4000-8000-0000000002d1" /* the project group */
#define WG1     "00000000-0000-4000-8000-0000000002d2"
#define WG2     "00000000-0000-4000-8000-0000000002d3"
#define ANNA    "00000000-0000-4000-8000-0000000002e1" /* WG1 */
#define BRAM    "00000000-0000-4000-8000-0000000002e2" /* the project group */
#define CEES    "00000000-0000-4000-8000-0000000002e3" /* WG2 */
#define DINA    "00000000-0000-4000-8000-0000000002e4" /* no group, no sign-in */
#define BB1     "00000000-0000-4000-8000-0000000002f1" /* WG1, with a step */
#define BB2     "00000000-0000-4000-8000-0000000002f2" /* WG1 */
#define BB3     "00000000-0000-4000-8000-0000000002f3" /* no working group */

static kc_principal lead, anna, bram, cees, stranger;
static const kc_idem no_key;

static int setup(void **state)
{
    (void)state;
    if (programmes_setup() != 0)
        return -1;
    lead = kt_staff(TENANT, "lead-1", "programme_lead");
    anna = kt_staff(TENANT, "anna-sub", "programme_member");
    bram = kt_staff(TENANT, "bram-sub", "programme_member");
    cees = kt_staff(TENANT, "cees-sub", "programme_member");
    stranger = kt_staff(TENANT2, "lead-2", "programme_lead");
    insert_programme(TENANT, PROG, "Houden wat goed is", "running");
    insert_phase(TENANT, PROG, PHASE, 2, "Building blocks");
    insert_step(TENANT, PROG, PHASE, STEP, 2, "Work out the building blocks", "planned",
                "group_session");
    insert_person(TENANT, ANNA, "Anna", "anna-sub", "employee");
    insert_person(TENANT, BRAM, "Bram", "bram-sub", "manager");
    insert_person(TENANT, CEES, "Cees", "cees-sub", "policy_officer");
    insert_person(TENANT, DINA, "Dina", NULL, "external");
    insert_group(TENANT, PROG, PG, "project", "Projectgroep");
    insert_group(TENANT, PROG, WG1, "working", "Werkgroep dienstverlening");
    insert_group(TENANT, PROG, WG2, "working", "Werkgroep buitendienst");
    insert_member(TENANT, WG1, ANNA, "chair");
    insert_member(TENANT, PG, BRAM, "member");
    insert_member(TENANT, WG2, CEES, "member");
    insert_building_block(TENANT, PROG, BB1, STEP, WG1, "Klantcontact");
    insert_building_block(TENANT, PROG, BB2, NULL, WG1, "Samenwerking");
    insert_building_block(TENANT, PROG, BB3, NULL, NULL, "Nog niet verdeeld");
    return 0;
}

/* ---- helpers ------------------------------------------------------------ */

/* A new proposal for block by p (KC_OK expected); its id into id. */
static void propose(const kc_principal *p, const char *block, const char *title, char *id)
{
    kc_problem pb;
    json_t *body, *row = NULL;
    int replayed;

    kc_problem_init(&pb);
    body = json_pack("{s:s, s:s, s:s, s:i}", "buildingBlockId", block, "title", title, "reasoning",
                     "De burger wacht te lang", "costEuros", 1500);
    assert_int_equal(proposal_service_create(pool, p, &no_key, body, &row, &replayed, &pb), KC_OK);
    snprintf(id, 37, "%s", json_string_value(json_object_get(row, "id")));
    assert_string_equal(json_string_value(json_object_get(row, "status")), "draft");
    json_decref(row);
    json_decref(body);
    kc_problem_clear(&pb);
}

static kc_status submit(const kc_principal *p, const char *id)
{
    kc_problem pb;
    json_t *body = json_pack("{s:s}", "to", "submitted"), *out = NULL;
    long long version;
    kc_status st;

    kc_problem_init(&pb);
    st = proposal_service_submit(pool, p, id, body, -1, &out, &version, &pb);
    if (st == KC_OK)
        assert_string_equal(json_string_value(json_object_get(out, "status")), "submitted");
    json_decref(out);
    json_decref(body);
    kc_problem_clear(&pb);
    return st;
}

/* Decides id with body (stolen); the answer into *answer when wanted. */
static kc_status decide(const kc_principal *p, const char *id, json_t *body, json_t **answer,
                        kc_problem *pb)
{
    json_t *out = NULL;
    int replayed;
    kc_status st;

    st = decision_service_decide(pool, p, id, &no_key, body, &out, &replayed, pb);
    json_decref(body);
    if (answer != NULL)
        *answer = out;
    else
        json_decref(out);
    return st;
}

static const char *status_of(const char *id, char *out)
{
    kc_problem pb;
    json_t *row = NULL;
    long long version;

    kc_problem_init(&pb);
    assert_int_equal(kc_resource_get(pool, &proposal_resource, TENANT, id, &row, &version, &pb),
                     KC_OK);
    snprintf(out, 16, "%s", json_string_value(json_object_get(row, "status")));
    json_decref(row);
    kc_problem_clear(&pb);
    return out;
}

/* ---- tests ------------------------------------------------------------------ */

static void a_working_group_writes_its_own_proposals(void **state)
{
    kc_problem pb;
    json_t *body, *row = NULL;
    int replayed;
    char id[37];
    (void)state;

    kc_problem_init(&pb);
    body = json_pack("{s:s, s:s}", "buildingBlockId", BB1, "title", "Eén loket");
    assert_int_equal(proposal_service_create(pool, &anna, &no_key, body, &row, &replayed, &pb),
                     KC_OK);
    assert_string_equal(json_string_value(json_object_get(row, "programmeId")), PROG);
    assert_string_equal(json_string_value(json_object_get(row, "workingGroupId")), WG1);
    assert_string_equal(json_string_value(json_object_get(row, "createdBy")), "anna-sub");
    assert_int_equal(json_array_size(json_object_get(row, "derivedFrom")), 0);
    snprintf(id, sizeof(id), "%s", json_string_value(json_object_get(row, "id")));
    json_decref(row);
    row = NULL;
    /* another working group's member: refused, nothing made */
    assert_int_equal(proposal_service_create(pool, &cees, &no_key, body, &row, &replayed, &pb),
                     KC_FORBIDDEN);
    assert_null(row);
    kc_problem_clear(&pb);
    json_decref(body);
    /* a block without a working group */
    body = json_pack("{s:s, s:s}", "buildingBlockId", BB3, "title", "Wie?");
    assert_int_equal(proposal_service_create(pool, &lead, &no_key, body, &row, &replayed, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "buildingBlockId"));
    kc_problem_clear(&pb);
    json_decref(body);
    /* the programme is not the client's to choose */
    body = json_pack("{s:s, s:s, s:s}", "buildingBlockId", BB1, "title", "x", "programmeId", PROG);
    assert_int_equal(proposal_service_create(pool, &lead, &no_key, body, &row, &replayed, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "programmeId"));
    kc_problem_clear(&pb);
    json_decref(body);
    /* another group's member cannot submit it either */
    assert_int_equal(submit(&cees, id), KC_FORBIDDEN);
    assert_int_equal(submit(&anna, id), KC_OK);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.outbox\n"
                                  " WHERE type = 'proposal.submitted'\n"
                                  "   AND subject = '%s'",
                                  id),
                     1);
}

static void an_approval_makes_exactly_one_action(void **state)
{
    kc_problem pb;
    json_t *answer = NULL;
    char id[37], action_id[37], st[16];
    (void)state;

    propose(&anna, BB1, "Terugbelafspraak binnen een dag", id);
    kc_problem_init(&pb);
    /* a draft is not decided */
    assert_int_equal(decide(&bram, id, json_pack("{s:s}", "outcome", "approved"), NULL, &pb),
                     KC_CONFLICT);
    assert_non_null(json_object_get(pb.extra, "allowedTransitions"));
    kc_problem_clear(&pb);
    assert_int_equal(submit(&anna, id), KC_OK);
    /* a working-group member does not decide */
    assert_int_equal(decide(&anna, id, json_pack("{s:s}", "outcome", "approved"), NULL, &pb),
                     KC_FORBIDDEN);
    kc_problem_clear(&pb);
    /* present: members of the project group only */
    assert_int_equal(
        decide(&bram, id,
               json_pack("{s:s, s:[s, s]}", "outcome", "approved", "presentIds", BRAM, ANNA), NULL,
               &pb),
        KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "presentIds[1]"));
    kc_problem_clear(&pb);
    assert_int_equal(
        decide(&bram, id,
               json_pack("{s:s, s:[s], s:{s:s, s:s}}", "outcome", "approved", "presentIds", BRAM,
                         "action", "ownerId", ANNA, "dueOn", "2027-03-01"),
               &answer, &pb),
        KC_OK);
    assert_string_equal(json_string_value(json_object_get(answer, "outcome")), "approved");
    assert_string_equal(json_string_value(json_object_get(answer, "groupId")), PG);
    assert_string_equal(json_string_value(json_object_get(answer, "decidedBy")), "bram-sub");
    snprintf(action_id, sizeof(action_id), "%s",
             json_string_value(json_object_get(answer, "actionId")));
    json_decref(answer);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.actions\n"
                                  " WHERE proposal_id = '%s'",
                                  id),
                     1);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.actions\n"
                                  " WHERE id = '%s'\n"
                                  "   AND title = 'Terugbelafspraak binnen een dag'\n"
                                  "   AND status = 'planned'",
                                  action_id),
                     1);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.outbox\n"
                                  " WHERE type = 'proposal.decided'\n"
                                  "   AND data->>'actionId' = '%s'",
                                  action_id),
                     1);
    assert_string_equal(status_of(id, st), "approved");
    /* decided once */
    assert_int_equal(decide(&lead, id,
                            json_pack("{s:s, s:s}", "outcome", "rejected", "reason", "toch niet"),
                            NULL, &pb),
                     KC_CONFLICT);
    kc_problem_clear(&pb);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.actions\n"
                                  " WHERE proposal_id = '%s'",
                                  id),
                     1);
}

static void rejected_and_returned_need_a_reason(void **state)
{
    kc_problem pb;
    json_t *patch, *row = NULL, *items = NULL;
    long long version;
    char id[37], other[37], st[16];
    (void)state;

    propose(&anna, BB2, "Gedeelde agenda", id);
    propose(&anna, BB2, "Nieuwe koffiemachine", other);
    assert_int_equal(submit(&anna, id), KC_OK);
    assert_int_equal(submit(&anna, other), KC_OK);
    kc_problem_init(&pb);
    assert_int_equal(decide(&bram, other, json_pack("{s:s}", "outcome", "rejected"), NULL, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "reason"));
    kc_problem_clear(&pb);
    assert_int_equal(decide(&bram, other,
                            json_pack("{s:s, s:s}", "outcome", "rejected", "reason",
                                      "Valt buiten het programma"),
                            NULL, &pb),
                     KC_OK);
    assert_string_equal(status_of(other, st), "rejected");
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.actions\n"
                                  " WHERE proposal_id = '%s'",
                                  other),
                     0);
    /* returned, changed, submitted again, approved */
    assert_int_equal(
        decide(&bram, id, json_pack("{s:s, s:s}", "outcome", "returned", "reason", "Wat kost het?"),
               NULL, &pb),
        KC_OK);
    assert_string_equal(status_of(id, st), "returned");
    /* only the working group changes it, not another group's member */
    patch = json_pack("{s:i, s:s}", "costEuros", 800, "effort", "small");
    assert_int_equal(
        kc_resource_update(pool, &proposal_resource, &cees, id, patch, -1, &row, &version, &pb),
        KC_FORBIDDEN);
    kc_problem_clear(&pb);
    assert_int_equal(
        kc_resource_update(pool, &proposal_resource, &anna, id, patch, -1, &row, &version, &pb),
        KC_OK);
    assert_string_equal(json_string_value(json_object_get(row, "effort")), "small");
    json_decref(row);
    row = NULL;
    json_decref(patch);
    patch = json_pack("{s:s}", "status", "approved");
    assert_int_equal(
        kc_resource_update(pool, &proposal_resource, &anna, id, patch, -1, &row, &version, &pb),
        KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "status"));
    kc_problem_clear(&pb);
    json_decref(patch);
    assert_int_equal(submit(&anna, id), KC_OK);
    /* submitted: no longer changed */
    patch = json_pack("{s:s}", "title", "Gedeelde agenda voor alle teams");
    assert_int_equal(
        kc_resource_update(pool, &proposal_resource, &anna, id, patch, -1, &row, &version, &pb),
        KC_CONFLICT);
    kc_problem_clear(&pb);
    json_decref(patch);
    assert_int_equal(decide(&lead, id, json_pack("{s:s}", "outcome", "approved"), NULL, &pb),
                     KC_OK);
    assert_int_equal(decision_service_list(pool, &anna, id, &items, &pb), KC_OK);
    assert_int_equal(json_array_size(json_object_get(items, "items")), 2);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(items, "items"), 0), "outcome")),
                        "returned");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(items, "items"), 1), "outcome")),
                        "approved");
    json_decref(items);
    kc_problem_clear(&pb);
}

/* The id of the proposal's action ("" when none). */
static void action_of(const char *proposal, char *out)
{
    kc_problem pb;
    json_t *row = NULL;
    long long version;

    kc_problem_init(&pb);
    assert_int_equal(
        kc_resource_get(pool, &proposal_resource, TENANT, proposal, &row, &version, &pb), KC_OK);
    snprintf(out, 37, "%s",
             json_string_value(json_object_get(row, "actionId"))
                 ? json_string_value(json_object_get(row, "actionId"))
                 : "");
    json_decref(row);
    kc_problem_clear(&pb);
}

static void split_merge_and_the_trace_back(void **state)
{
    kc_problem pb;
    json_t *answer = NULL, *body, *trace = NULL, *anc, *first, *history;
    int replayed;
    char whole[37], other[37], part1[37], part2[37], merged[37], action_id[37], st[16];
    (void)state;

    propose(&anna, BB1, "Digitaal en telefonisch klantcontact", whole);
    propose(&anna, BB2, "Wijkteams bellen terug", other);
    assert_int_equal(submit(&anna, whole), KC_OK);
    kc_problem_init(&pb);
    /* a split needs 2..10 valid parts */
    body = json_pack("{s:s, s:[{s:s}, {s:s}]}", "reason", "Twee onderwerpen", "parts", "title",
                     "Digitaal klantcontact", "title", "");
    assert_int_equal(
        proposal_service_split(pool, &anna, whole, &no_key, body, &answer, &replayed, &pb),
        KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "parts[1].title"));
    kc_problem_clear(&pb);
    json_decref(body);
    /* another group's member does not split it */
    body =
        json_pack("{s:s, s:[{s:s}, {s:s, s:s}]}", "reason", "Twee onderwerpen", "parts", "title",
                  "Digitaal klantcontact", "title", "Telefonisch klantcontact", "effort", "medium");
    assert_int_equal(
        proposal_service_split(pool, &cees, whole, &no_key, body, &answer, &replayed, &pb),
        KC_FORBIDDEN);
    kc_problem_clear(&pb);
    assert_int_equal(
        proposal_service_split(pool, &anna, whole, &no_key, body, &answer, &replayed, &pb), KC_OK);
    json_decref(body);
    assert_int_equal(json_array_size(json_object_get(answer, "items")), 2);
    first = json_array_get(json_object_get(answer, "items"), 0);
    snprintf(part1, sizeof(part1), "%s", json_string_value(json_object_get(first, "id")));
    snprintf(part2, sizeof(part2), "%s",
             json_string_value(
                 json_object_get(json_array_get(json_object_get(answer, "items"), 1), "id")));
    assert_string_equal(json_string_value(json_object_get(first, "status")), "draft");
    assert_string_equal(json_string_value(json_object_get(first, "buildingBlockId")), BB1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(first, "derivedFrom"), 0)),
                        whole);
    json_decref(answer);
    answer = NULL;
    assert_string_equal(status_of(whole, st), "split");
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.proposal_decisions\n"
                                  " WHERE proposal_id = '%s'\n"
                                  "   AND outcome = 'split'\n"
                                  "   AND cardinality(result_ids) = 2",
                                  whole),
                     1);
    /* a split proposal is not split again, nor merged */
    body = json_pack("{s:[s, s], s:s, s:s, s:s}", "proposalIds", whole, other, "buildingBlockId",
                     BB1, "title", "x", "reason", "y");
    assert_int_equal(proposal_service_merge(pool, &lead, &no_key, body, &answer, &replayed, &pb),
                     KC_CONFLICT);
    kc_problem_clear(&pb);
    json_decref(body);
    /* the first part merged with the other proposal */
    body = json_pack("{s:[s, s], s:s, s:s, s:s}", "proposalIds", part1, other, "buildingBlockId",
                     BB2, "title", "Klantcontact in de wijk", "reason", "Hetzelfde doel");
    assert_int_equal(proposal_service_merge(pool, &cees, &no_key, body, &answer, &replayed, &pb),
                     KC_FORBIDDEN);
    kc_problem_clear(&pb);
    assert_int_equal(proposal_service_merge(pool, &anna, &no_key, body, &answer, &replayed, &pb),
                     KC_OK);
    json_decref(body);
    snprintf(merged, sizeof(merged), "%s", json_string_value(json_object_get(answer, "id")));
    assert_string_equal(json_string_value(json_object_get(answer, "buildingBlockId")), BB2);
    assert_int_equal(json_array_size(json_object_get(answer, "derivedFrom")), 2);
    json_decref(answer);
    answer = NULL;
    assert_string_equal(status_of(part1, st), "merged");
    assert_string_equal(status_of(other, st), "merged");
    assert_string_equal(status_of(part2, st), "draft");
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.proposal_decisions\n"
                                  " WHERE outcome = 'merged'\n"
                                  "   AND result_ids = ARRAY['%s'::uuid]",
                                  merged),
                     2);
    /* a proposal a merge made is kept: not deleted */
    assert_int_equal(kc_resource_delete(pool, &proposal_resource, &anna, merged, &pb), KC_CONFLICT);
    kc_problem_clear(&pb);
    /* the merged proposal submitted and approved; its action traced back */
    assert_int_equal(submit(&anna, merged), KC_OK);
    assert_int_equal(decide(&bram, merged, json_pack("{s:s}", "outcome", "approved"), NULL, &pb),
                     KC_OK);
    action_of(merged, action_id);
    assert_int_equal(action_service_trace(pool, &anna, action_id, &trace, &pb), KC_OK);
    assert_string_equal(json_string_value(json_object_get(json_object_get(trace, "action"), "id")),
                        action_id);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(trace, "proposal"), "id")), merged);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(trace, "decision"), "outcome")),
        "approved");
    anc = json_object_get(trace, "derivedFrom");
    assert_int_equal(json_array_size(anc), 3); /* part1 and other, then whole */
    assert_int_equal(json_integer_value(json_object_get(json_array_get(anc, 0), "depth")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(anc, 1), "depth")), 1);
    first = json_array_get(anc, 2);
    assert_string_equal(json_string_value(json_object_get(first, "id")), whole);
    assert_int_equal(json_integer_value(json_object_get(first, "depth")), 2);
    history = json_object_get(first, "decisions");
    assert_int_equal(json_array_size(history), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(history, 0), "outcome")),
                        "split");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(trace, "buildingBlock"), "id")), BB2);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(trace, "workingGroup"), "id")), WG1);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(trace, "programme"), "name")),
        "Houden wat goed is");
    assert_true(json_is_null(json_object_get(trace, "step"))); /* BB2 has no step */
    json_decref(trace);
    trace = NULL;
    /* another tenant sees no such action */
    assert_int_equal(action_service_trace(pool, &stranger, action_id, &trace, &pb), KC_NOT_FOUND);
    assert_null(trace);
    kc_problem_clear(&pb);
}

static void the_trace_reaches_the_step_and_phase(void **state)
{
    kc_problem pb;
    json_t *trace = NULL;
    char id[37], action_id[37];
    (void)state;

    propose(&anna, BB1, "Klantreis in kaart", id);
    assert_int_equal(submit(&anna, id), KC_OK);
    kc_problem_init(&pb);
    assert_int_equal(decide(&lead, id, json_pack("{s:s}", "outcome", "approved"), NULL, &pb),
                     KC_OK);
    action_of(id, action_id);
    assert_int_equal(action_service_trace(pool, &lead, action_id, &trace, &pb), KC_OK);
    assert_string_equal(json_string_value(json_object_get(json_object_get(trace, "step"), "id")),
                        STEP);
    assert_string_equal(json_string_value(json_object_get(json_object_get(trace, "phase"), "name")),
                        "Building blocks");
    assert_int_equal(json_array_size(json_object_get(trace, "derivedFrom")), 0);
    json_decref(trace);
    kc_problem_clear(&pb);
}

static kc_status move(const kc_principal *p, const char *action_id, const char *to)
{
    kc_problem pb;
    json_t *body = json_pack("{s:s, s:s}", "to", to, "result", "Gedaan"), *out = NULL;
    long long version;
    kc_status st;

    kc_problem_init(&pb);
    st = action_service_move(pool, p, action_id, body, -1, &out, &version, &pb);
    if (st == KC_OK)
        assert_string_equal(json_string_value(json_object_get(out, "status")), to);
    json_decref(out);
    json_decref(body);
    kc_problem_clear(&pb);
    return st;
}

static void the_owner_carries_the_action_out(void **state)
{
    kc_problem pb;
    json_t *patch, *row = NULL;
    long long version;
    char id[37], action_id[37];
    (void)state;

    propose(&anna, BB1, "Vaste belmomenten", id);
    assert_int_equal(submit(&anna, id), KC_OK);
    kc_problem_init(&pb);
    assert_int_equal(
        decide(&bram, id,
               json_pack("{s:s, s:{s:s}}", "outcome", "approved", "action", "ownerId", CEES), NULL,
               &pb),
        KC_OK);
    action_of(id, action_id);
    /* not the owner (Anna wrote it, Cees owns the action) */
    assert_int_equal(move(&anna, action_id, "in_progress"), KC_FORBIDDEN);
    assert_int_equal(move(&cees, action_id, "done"), KC_CONFLICT); /* planned: a step at a time */
    assert_int_equal(move(&cees, action_id, "in_progress"), KC_OK);
    patch = json_pack("{s:s}", "dueOn", "2027-06-30");
    assert_int_equal(kc_resource_update(pool, &action_resource, &cees, action_id, patch, -1, &row,
                                        &version, &pb),
                     KC_OK);
    json_decref(row);
    row = NULL;
    json_decref(patch);
    patch = json_pack("{s:s}", "status", "done");
    assert_int_equal(kc_resource_update(pool, &action_resource, &cees, action_id, patch, -1, &row,
                                        &version, &pb),
                     KC_INVALID);
    kc_problem_clear(&pb);
    json_decref(patch);
    assert_int_equal(move(&cees, action_id, "done"), KC_OK);
    assert_int_equal(move(&lead, action_id, "cancelled"), KC_CONFLICT);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.actions\n"
                                  " WHERE id = '%s'\n"
                                  "   AND completed_at IS NOT NULL\n"
                                  "   AND result = 'Gedaan'",
                                  action_id),
                     1);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.outbox\n"
                                  " WHERE type = 'action.status.changed'\n"
                                  "   AND subject = '%s'",
                                  action_id),
                     2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_working_group_writes_its_own_proposals),
        cmocka_unit_test(an_approval_makes_exactly_one_action),
        cmocka_unit_test(rejected_and_returned_need_a_reason),
        cmocka_unit_test(split_merge_and_the_trace_back),
        cmocka_unit_test(the_trace_reaches_the_step_and_phase),
        cmocka_unit_test(the_owner_carries_the_action_out),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
