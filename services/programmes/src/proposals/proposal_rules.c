#include "proposals/proposal_rules.h"

#include <stdio.h>
#include <string.h>
#include "proposals/proposal_status.h"

kc_status proposal_rules_decision(const char *outcome, const char *reason, int has_action,
                                  kc_problem *pb)
{
    int approved = strcmp(outcome, "approved") == 0;

    if (!approved && (reason == NULL || reason[0] == '\0'))
        kc_problem_add_field(pb, "reason", "required when a proposal is rejected or returned");
    if (!approved && has_action)
        kc_problem_add_field(pb, "action", "only an approved proposal becomes an action");
    if (pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "a decision to %s a proposal is not complete",
                              approved                           ? "approve"
                              : strcmp(outcome, "rejected") == 0 ? "reject"
                                                                 : "return");
    return KC_OK;
}

static const proposal_brief *find(const proposal_brief *found, size_t n, const char *id)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(found[i].id, id) == 0)
            return &found[i];
    return NULL;
}

/* Each id once, each the tenant's, all of one programme. */
static void check_ids(const json_t *ids, const proposal_brief *found, size_t n, kc_problem *pb)
{
    const proposal_brief *first = NULL, *p;
    char name[40];
    size_t i, j;

    for (i = 0; i < json_array_size(ids); i++) {
        const char *id = json_string_value(json_array_get(ids, i));

        snprintf(name, sizeof(name), "proposalIds[%zu]", i);
        for (j = 0; j < i; j++)
            if (strcmp(id, json_string_value(json_array_get(ids, j))) == 0)
                break;
        if (j < i) {
            kc_problem_add_field(pb, name, "names a proposal given before");
            continue;
        }
        p = find(found, n, id);
        if (p == NULL) {
            kc_problem_add_field(pb, name, "no such proposal");
            continue;
        }
        if (first == NULL)
            first = p;
        else if (strcmp(first->programme_id, p->programme_id) != 0)
            kc_problem_add_field(pb, name, "a proposal of another programme");
    }
}

kc_status proposal_rules_merge(const json_t *ids, const proposal_brief *found, size_t n,
                               const char *building_block_id, kc_problem *pb)
{
    proposal_status from;
    size_t i;
    int block_found = 0;

    check_ids(ids, found, n, pb);
    for (i = 0; i < n; i++)
        block_found |= strcmp(found[i].building_block_id, building_block_id) == 0;
    if (!block_found)
        kc_problem_add_field(pb, "buildingBlockId",
                             "must be the building block of one of the proposals");
    if (pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "these proposals cannot be merged");
    for (i = 0; i < n; i++) {
        if (proposal_status_parse(found[i].status, &from) != 0)
            return kc_problem_set(pb, KC_INTERNAL, "proposal %s has an unknown status",
                                  found[i].id);
        if (!proposal_status_can_move(from, PROPOSAL_STATUS_MERGED)) {
            (void)proposal_status_refuse(from, PROPOSAL_STATUS_MERGED, pb);
            return kc_problem_set(pb, KC_CONFLICT,
                                  "proposal %s is %s: only draft, submitted or returned proposals"
                                  " are merged",
                                  found[i].id, found[i].status);
        }
    }
    return KC_OK;
}
