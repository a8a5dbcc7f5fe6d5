#include "proposals/proposal_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "access/access.h"
#include "governance/building_block_repo.h"
#include "koers/outbox.h"
#include "koers/resource.h"
#include "koers/status_move.h"
#include "koers/validate.h"
#include "programmes_resources.h"
#include "proposals/decision_repo.h"
#include "proposals/decision_service.h"
#include "proposals/proposal_repo.h"
#include "proposals/proposal_status.h"

static const char *const proposal_efforts[] = {"small", "medium", "large", NULL};
static const char *const proposal_submit_targets[] = {"submitted", NULL};

#define PROPOSAL_COST_LIMIT 999999999999LL

/* The members a working group writes (a create, a split's part, a merge). */
/* clang-format off */
#define PROPOSAL_TEXT_FIELDS                                                                    \
    {.name = "title", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},       \
    {.name = "proposal", .type = KC_T_STRING, .max_len = 8000},                                \
    {.name = "reasoning", .type = KC_T_STRING, .max_len = 8000},                               \
    {.name = "expectedEffect", .type = KC_T_STRING, .max_len = 4000},                          \
    {.name = "costEuros", .type = KC_T_NUMBER, .nullable = 1, .min = 0,                        \
     .max = PROPOSAL_COST_LIMIT},                                                              \
    {.name = "effort", .type = KC_T_STRING, .nullable = 1, .enum_values = proposal_efforts}
/* clang-format on */

static const kc_field proposal_create_fields[] = {
    {.name = "buildingBlockId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
    PROPOSAL_TEXT_FIELDS,
};

static const kc_field proposal_part_fields[] = {PROPOSAL_TEXT_FIELDS};

static const kc_field proposal_split_fields[] = {
    {.name = "reason", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 4000},
    {.name = "parts",
     .type = KC_T_ARRAY,
     .required = 1,
     .min_len = PROPOSAL_SPLIT_MIN,
     .max_len = PROPOSAL_SPLIT_MAX,
     .item_type = KC_T_OBJECT},
};

static const kc_field proposal_merge_fields[] = {
    {.name = "proposalIds",
     .type = KC_T_ARRAY,
     .required = 1,
     .min_len = PROPOSAL_MERGE_MIN,
     .max_len = PROPOSAL_MERGE_MAX,
     .item_type = KC_T_STRING,
     .item_format = KC_FMT_UUID},
    {.name = "buildingBlockId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
    {.name = "reason", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 4000},
    PROPOSAL_TEXT_FIELDS,
};

static const kc_field proposal_submit_fields[] = {
    {.name = "to", .type = KC_T_STRING, .required = 1, .enum_values = proposal_submit_targets},
};

/* ---- the kit's check ---------------------------------------------------- */

/* A member the check keeps as it is: absent, or equal to the stored one. */
static void keep(const json_t *body, const char *name, const char *stored, const char *why,
                 kc_problem *pb)
{
    const char *v = json_string_value(json_object_get(body, name));

    if (v != NULL && strcmp(v, stored) != 0)
        kc_problem_add_field(pb, name, why);
}

static kc_status check_members(const json_t *body, const proposal_brief *cur, kc_problem *pb)
{
    keep(body, "programmeId", cur->programme_id, "a proposal stays with its programme", pb);
    keep(body, "buildingBlockId", cur->building_block_id,
         "a proposal stays with its building block (split or merge it instead)", pb);
    keep(body, "workingGroupId", cur->working_group_id, "a proposal stays with its working group",
         pb);
    keep(body, "status", cur->status,
         "moves only through POST /proposals/{id}/transitions and /decisions", pb);
    if (json_object_get(body, "createdBy") != NULL)
        kc_problem_add_field(pb, "createdBy", "set when the proposal is made");
    if (json_object_get(body, "derivedFrom") != NULL)
        kc_problem_add_field(pb, "derivedFrom", "set by a split or a merge");
    if (pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "these members of proposal %s are read-only",
                              cur->id);
    return KC_OK;
}

kc_status proposal_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                 const json_t *body, kc_problem *pb)
{
    proposal_brief cur;
    proposal_status status;
    kc_status st;

    if (id == NULL)
        return KC_OK; /* made only by the functions below, which authorise */
    st = proposal_repo_lock(conn, p->tenant_id, id, &cur, pb);
    if (st == KC_OK)
        st = access_require_member(conn, p, cur.programme_id, ACCESS_WORKING, cur.working_group_id,
                                   "change the working group's proposals", pb);
    if (st != KC_OK)
        return st;
    if (proposal_status_parse(cur.status, &status) != 0)
        return kc_problem_set(pb, KC_INTERNAL, "proposal %s has an unknown status", id);
    if (body == NULL) {
        if (status != PROPOSAL_STATUS_DRAFT)
            return kc_problem_set(pb, KC_CONFLICT,
                                  "proposal %s is %s: only a draft is deleted (its decisions stay)",
                                  id, cur.status);
        if (cur.derived)
            return kc_problem_set(pb, KC_CONFLICT,
                                  "proposal %s was made by a split or a merge: it is kept for"
                                  " the history",
                                  id);
        return KC_OK;
    }
    if (!proposal_status_editable(status))
        return kc_problem_set(pb, KC_CONFLICT,
                              "proposal %s is %s: only a draft or returned proposal is changed", id,
                              cur.status);
    return check_members(body, &cur, pb);
}

kc_status proposal_service_run(kc_db_pool *pool, const kc_principal *p, const char *id,
                               const kc_idem *idem, const json_t *body,
                               kc_status (*check)(const json_t *body, kc_problem *pb),
                               kc_idem_create_fn fn, json_t **answer, int *replayed, kc_problem *pb)
{
    proposal_job job = {p, id, body};
    kc_status st = KC_OK;

    *answer = NULL;
    *replayed = 0;
    if (id != NULL)
        st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = check(body, pb);
    if (st == KC_OK)
        st = kc_idem_run(pool, PROGRAMMES_SCHEMA, idem, NULL, fn, &job, answer, replayed, pb);
    return st;
}

/* ---- making proposals ------------------------------------------------------ */

/* A new draft of programme, block and group from the members the working
 * group wrote (text: borrowed; copied), made by the kit in the caller's
 * transaction (proposal.created). *row (the caller's) is the proposal. */
static kc_status insert_draft(kc_db_conn *conn, const kc_principal *p, const json_t *text,
                              const char *programme_id, const char *block_id, const char *group_id,
                              const json_t *derived_from, json_t **row, kc_problem *pb)
{
    static const char *const written[] = {"title",          "proposal",  "reasoning",
                                          "expectedEffect", "costEuros", "effort"};
    json_t *body = json_object();
    long long version = 0;
    size_t i;
    kc_status st;

    *row = NULL;
    for (i = 0; body != NULL && i < KC_NELEMS(written); i++)
        if (json_object_get(text, written[i]) != NULL)
            json_object_set(body, written[i], json_object_get(text, written[i]));
    if (body == NULL || json_object_set_new(body, "programmeId", json_string(programme_id)) != 0 ||
        json_object_set_new(body, "buildingBlockId", json_string(block_id)) != 0 ||
        json_object_set_new(body, "workingGroupId", json_string(group_id)) != 0 ||
        json_object_set_new(body, "createdBy", json_string(p->subject)) != 0 ||
        json_object_set_new(body, "derivedFrom",
                            derived_from ? json_deep_copy(derived_from) : json_array()) != 0) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = kc_resource_create_in(conn, &proposal_resource, p, body, row, &version, pb);
out:
    json_decref(body);
    return st;
}

static kc_status create_fn(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    proposal_job *a = arg;
    const char *block_id = json_string_value(json_object_get(a->body, "buildingBlockId"));
    building_block_lock block;
    kc_status st;

    *answer = NULL;
    st = building_block_repo_lock(conn, a->p->tenant_id, block_id, BUILDING_BLOCK_FOR_SHARE, &block,
                                  pb);
    if (st == KC_NOT_FOUND) {
        kc_problem_add_field(pb, "buildingBlockId", "no such building block");
        return kc_problem_set(pb, KC_INVALID, "building block %s not found", block_id);
    }
    if (st != KC_OK)
        return st;
    if (block.working_group_id[0] == '\0') {
        kc_problem_add_field(pb, "buildingBlockId", "has no working group");
        return kc_problem_set(pb, KC_INVALID,
                              "building block %s has no working group yet: a lead gives it one"
                              " first",
                              block_id);
    }
    st = access_require_member(conn, a->p, block.programme_id, ACCESS_WORKING,
                               block.working_group_id, "write its proposals", pb);
    if (st == KC_OK)
        st = insert_draft(conn, a->p, a->body, block.programme_id, block_id, block.working_group_id,
                          NULL, answer, pb);
    return st;
}

static kc_status check_create(const json_t *body, kc_problem *pb)
{
    return kc_validate_json(body, proposal_create_fields, KC_NELEMS(proposal_create_fields), pb);
}

kc_status proposal_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                  const json_t *body, json_t **answer, int *replayed,
                                  kc_problem *pb)
{
    return proposal_service_run(pool, p, NULL, idem, body, check_create, create_fn, answer,
                                replayed, pb);
}

/* ---- submitting ---------------------------------------------------------- */

static kc_status submitted_event(kc_db_conn *conn, const kc_principal *p, const proposal_brief *cur,
                                 kc_problem *pb)
{
    json_t *data = json_pack("{s:s, s:s, s:s, s:s}", "id", cur->id, "programmeId",
                             cur->programme_id, "buildingBlockId", cur->building_block_id,
                             "workingGroupId", cur->working_group_id);
    kc_status st;

    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(conn, PROGRAMMES_SCHEMA, "proposal.submitted", p->tenant_id, cur->id, data,
                       pb);
    json_decref(data);
    return st;
}

static kc_status lock_proposal(kc_move_ctx *m, kc_problem *pb)
{
    proposal_brief *cur = m->arg;
    kc_status st;

    st = proposal_repo_lock(m->conn, m->p->tenant_id, m->id, cur, pb);
    if (st == KC_OK)
        st = access_require_member(m->conn, m->p, cur->programme_id, ACCESS_WORKING,
                                   cur->working_group_id, "submit the working group's proposals",
                                   pb);
    if (st == KC_OK) {
        m->status = cur->status;
        m->version = cur->version;
    }
    return st;
}

static kc_status write_submit(kc_move_ctx *m, kc_problem *pb)
{
    kc_status st;

    st = proposal_repo_set_status(m->conn, m->p->tenant_id, m->id, "submitted", NULL, pb);
    if (st == KC_OK)
        st = submitted_event(m->conn, m->p, m->arg, pb);
    return st;
}

static const kc_status_move proposal_submit = {
    .noun = "proposal",
    .states = &proposal_lifecycle,
    .fields = proposal_submit_fields,
    .nfields = KC_NELEMS(proposal_submit_fields),
    .lock = lock_proposal,
    .write = write_submit,
    .resource = &proposal_resource,
};

kc_status proposal_service_submit(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const json_t *body, long long if_match, json_t **out,
                                  long long *version, kc_problem *pb)
{
    proposal_brief cur;

    return kc_status_move_run(&proposal_submit, pool, p, id, body, if_match, &cur, out, version,
                              pb);
}

/* ---- splitting and merging ------------------------------------------------- */

kc_status proposal_service_may_reshape(kc_db_conn *conn, const kc_principal *p,
                                       const char *programme_id, const char *const *groups,
                                       size_t n, const char *what, kc_problem *pb)
{
    kc_status st;
    size_t i;

    st = access_require_member(conn, p, programme_id, ACCESS_PROJECT, NULL, what, pb);
    if (st != KC_FORBIDDEN)
        return st;
    for (i = 0; i < n; i++) {
        kc_problem_clear(pb);
        st = access_require_member(conn, p, programme_id, ACCESS_WORKING, groups[i], what, pb);
        if (st != KC_OK)
            break;
    }
    if (n > 0 && st == KC_OK)
        return KC_OK;
    if (st != KC_FORBIDDEN)
        return st;
    kc_problem_clear(pb);
    return kc_problem_set(pb, KC_FORBIDDEN,
                          "only a programme lead, a member of the project group or of the"
                          " proposals' working groups may %s",
                          what);
}

/* The decision that ends proposal cur as split or merged (the proposals
 * it became: result_ids) and its proposal.decided event. */
static kc_status record_end(kc_db_conn *conn, const kc_principal *p, const proposal_brief *cur,
                            const char *outcome, const char *reason, const json_t *result_ids,
                            kc_problem *pb)
{
    decision_new d = {cur->id, outcome, reason, NULL, NULL, result_ids, p->subject};
    char decision_id[37];
    kc_status st;

    st = proposal_repo_set_status(conn, p->tenant_id, cur->id, outcome, NULL, pb);
    if (st == KC_OK)
        st = decision_repo_insert(conn, p->tenant_id, &d, decision_id, pb);
    if (st == KC_OK)
        st = decision_service_decided_event(conn, p, cur, decision_id, outcome, NULL, pb);
    return st;
}

/* Validates each part, naming its faults parts[i].<member>. */
static kc_status check_parts(const json_t *parts, kc_problem *pb)
{
    char name[32];
    size_t i;

    for (i = 0; i < json_array_size(parts); i++) {
        snprintf(name, sizeof(name), "parts[%zu]", i);
        (void)kc_validate_nested(json_array_get(parts, i), name, proposal_part_fields,
                                 KC_NELEMS(proposal_part_fields), pb);
    }
    if (pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "the parts of the split are not valid");
    return KC_OK;
}

static kc_status split_fn(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    proposal_job *a = arg;
    const json_t *parts = json_object_get(a->body, "parts");
    const char *groups[1];
    json_t *items = NULL, *ids = NULL, *from_ids = NULL, *row = NULL;
    proposal_brief cur;
    proposal_status from;
    size_t i;
    kc_status st;

    *answer = NULL;
    st = proposal_repo_lock(conn, a->p->tenant_id, a->id, &cur, pb);
    if (st != KC_OK)
        goto out;
    groups[0] = cur.working_group_id;
    st = proposal_service_may_reshape(conn, a->p, cur.programme_id, groups, 1, "split proposals",
                                      pb);
    if (st != KC_OK)
        goto out;
    if (proposal_status_parse(cur.status, &from) != 0) {
        st = kc_problem_set(pb, KC_INTERNAL, "proposal %s has an unknown status", a->id);
        goto out;
    }
    if (!proposal_status_can_move(from, PROPOSAL_STATUS_SPLIT)) {
        st = proposal_status_refuse(from, PROPOSAL_STATUS_SPLIT, pb);
        goto out;
    }
    items = json_array();
    ids = json_array();
    from_ids = json_pack("[s]", cur.id);
    if (items == NULL || ids == NULL || from_ids == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    for (i = 0; st == KC_OK && i < json_array_size(parts); i++) {
        st = insert_draft(conn, a->p, json_array_get(parts, i), cur.programme_id,
                          cur.building_block_id, cur.working_group_id, from_ids, &row, pb);
        if (st == KC_OK) {
            json_array_append(ids, json_object_get(row, "id"));
            json_array_append_new(items, row);
            row = NULL;
        }
    }
    if (st == KC_OK)
        st = record_end(conn, a->p, &cur, "split",
                        json_string_value(json_object_get(a->body, "reason")), ids, pb);
    if (st == KC_OK) {
        *answer = json_pack("{s:O}", "items", items);
        if (*answer == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
out:
    json_decref(items);
    json_decref(ids);
    json_decref(from_ids);
    return st;
}

static kc_status check_split(const json_t *body, kc_problem *pb)
{
    kc_status st;

    st = kc_validate_json(body, proposal_split_fields, KC_NELEMS(proposal_split_fields), pb);
    if (st == KC_OK)
        st = check_parts(json_object_get(body, "parts"), pb);
    return st;
}

kc_status proposal_service_split(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 const kc_idem *idem, const json_t *body, json_t **answer,
                                 int *replayed, kc_problem *pb)
{
    return proposal_service_run(pool, p, id, idem, body, check_split, split_fn, answer, replayed,
                                pb);
}

/* The working group of the new proposal: the block's now, else (the
 * block lost it) that of the original of that block. */
static const char *merged_group(const building_block_lock *block, const proposal_brief *found,
                                size_t n, const char *block_id)
{
    size_t i;

    if (block->working_group_id[0] != '\0')
        return block->working_group_id;
    for (i = 0; i < n; i++)
        if (strcmp(found[i].building_block_id, block_id) == 0)
            return found[i].working_group_id;
    return "";
}

static kc_status merge_fn(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    proposal_job *a = arg;
    const json_t *ids = json_object_get(a->body, "proposalIds");
    const char *block_id = json_string_value(json_object_get(a->body, "buildingBlockId"));
    const char *reason = json_string_value(json_object_get(a->body, "reason"));
    const char **groups = NULL;
    proposal_brief *found = NULL;
    building_block_lock block;
    json_t *row = NULL, *result = NULL;
    size_t n = 0, i;
    kc_status st;

    *answer = NULL;
    st = proposal_repo_lock_many(conn, a->p->tenant_id, ids, &found, &n, pb);
    if (st == KC_OK)
        st = proposal_rules_merge(ids, found, n, block_id, pb);
    if (st != KC_OK)
        goto out;
    groups = calloc(n, sizeof(*groups));
    if (groups == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    for (i = 0; i < n; i++)
        groups[i] = found[i].working_group_id;
    st = proposal_service_may_reshape(conn, a->p, found[0].programme_id, groups, n,
                                      "merge proposals", pb);
    if (st == KC_OK)
        st = building_block_repo_lock(conn, a->p->tenant_id, block_id, BUILDING_BLOCK_FOR_SHARE,
                                      &block, pb);
    if (st == KC_OK)
        st = insert_draft(conn, a->p, a->body, found[0].programme_id, block_id,
                          merged_group(&block, found, n, block_id), ids, &row, pb);
    if (st != KC_OK)
        goto out;
    result = json_pack("[O]", json_object_get(row, "id"));
    if (result == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    for (i = 0; st == KC_OK && i < n; i++)
        st = record_end(conn, a->p, &found[i], "merged", reason, result, pb);
    if (st == KC_OK) {
        *answer = row;
        row = NULL;
    }
out:
    json_decref(row);
    json_decref(result);
    free(groups);
    free(found);
    return st;
}

static kc_status check_merge(const json_t *body, kc_problem *pb)
{
    return kc_validate_json(body, proposal_merge_fields, KC_NELEMS(proposal_merge_fields), pb);
}

kc_status proposal_service_merge(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                 const json_t *body, json_t **answer, int *replayed, kc_problem *pb)
{
    return proposal_service_run(pool, p, NULL, idem, body, check_merge, merge_fn, answer, replayed,
                                pb);
}
