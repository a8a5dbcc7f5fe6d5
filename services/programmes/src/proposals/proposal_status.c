#include "proposals/proposal_status.h"

#include "koers/states.h"
#include "koers/status.h"

static const char *const proposal_status_names[PROPOSAL_STATUS_COUNT] = {
    "draft", "submitted", "approved", "rejected", "returned", "split", "merged",
};

/* The table of the issue, as data: a draft goes to the project group; the
 * project group approves, rejects or returns it; a returned proposal comes
 * back after changes. Until it is decided a proposal may be split or
 * merged, which ends it (its history stays in derived_from of the new
 * ones and in its decisions). */
static const kc_move proposal_transitions[] = {
    {PROPOSAL_STATUS_DRAFT, PROPOSAL_STATUS_SUBMITTED},
    {PROPOSAL_STATUS_DRAFT, PROPOSAL_STATUS_SPLIT},
    {PROPOSAL_STATUS_DRAFT, PROPOSAL_STATUS_MERGED},
    {PROPOSAL_STATUS_SUBMITTED, PROPOSAL_STATUS_APPROVED},
    {PROPOSAL_STATUS_SUBMITTED, PROPOSAL_STATUS_REJECTED},
    {PROPOSAL_STATUS_SUBMITTED, PROPOSAL_STATUS_RETURNED},
    {PROPOSAL_STATUS_SUBMITTED, PROPOSAL_STATUS_SPLIT},
    {PROPOSAL_STATUS_SUBMITTED, PROPOSAL_STATUS_MERGED},
    {PROPOSAL_STATUS_RETURNED, PROPOSAL_STATUS_SUBMITTED},
    {PROPOSAL_STATUS_RETURNED, PROPOSAL_STATUS_SPLIT},
    {PROPOSAL_STATUS_RETURNED, PROPOSAL_STATUS_MERGED},
};

const kc_states proposal_lifecycle = {proposal_status_names, PROPOSAL_STATUS_COUNT,
                                      proposal_transitions, KC_NELEMS(proposal_transitions)};

int proposal_status_parse(const char *s, proposal_status *out)
{
    int st;

    if (kc_states_parse(&proposal_lifecycle, s, &st) != 0)
        return -1;
    *out = (proposal_status)st;
    return 0;
}

const char *proposal_status_name(proposal_status st)
{
    return kc_states_name(&proposal_lifecycle, (int)st);
}

int proposal_status_can_move(proposal_status from, proposal_status to)
{
    return kc_states_can_move(&proposal_lifecycle, (int)from, (int)to);
}

int proposal_status_editable(proposal_status st)
{
    return st == PROPOSAL_STATUS_DRAFT || st == PROPOSAL_STATUS_RETURNED;
}

size_t proposal_status_allowed_from(proposal_status from, proposal_status *out, size_t max)
{
    int to[PROPOSAL_STATUS_COUNT];
    size_t n, i;

    n = kc_states_allowed_from(&proposal_lifecycle, (int)from, to, PROPOSAL_STATUS_COUNT);
    for (i = 0; i < n && i < max; i++)
        out[i] = (proposal_status)to[i];
    return n;
}

kc_status proposal_status_refuse(proposal_status from, proposal_status to, kc_problem *pb)
{
    return kc_states_refuse(&proposal_lifecycle, (int)from, (int)to, pb);
}
