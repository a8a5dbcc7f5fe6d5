#include "governance/building_block_status.h"

#include "koers/states.h"
#include "koers/status.h"

static const char *const building_block_status_names[BUILDING_BLOCK_STATUS_COUNT] = {
    "open",
    "in_progress",
    "done",
    "dropped",
};

/* The transition table of the contract, as data: open -> in_progress ->
 * done; open or in progress -> dropped. Nothing leaves done or dropped. */
static const kc_move building_block_transitions[] = {
    {BUILDING_BLOCK_OPEN, BUILDING_BLOCK_IN_PROGRESS},
    {BUILDING_BLOCK_OPEN, BUILDING_BLOCK_DROPPED},
    {BUILDING_BLOCK_IN_PROGRESS, BUILDING_BLOCK_DONE},
    {BUILDING_BLOCK_IN_PROGRESS, BUILDING_BLOCK_DROPPED},
};

static const kc_states building_block_lifecycle = {
    building_block_status_names, BUILDING_BLOCK_STATUS_COUNT, building_block_transitions,
    KC_NELEMS(building_block_transitions)};

int building_block_status_parse(const char *s, building_block_status *out)
{
    int st;

    if (kc_states_parse(&building_block_lifecycle, s, &st) != 0)
        return -1;
    *out = (building_block_status)st;
    return 0;
}

const char *building_block_status_name(building_block_status st)
{
    return kc_states_name(&building_block_lifecycle, (int)st);
}

int building_block_status_can_move(building_block_status from, building_block_status to)
{
    return kc_states_can_move(&building_block_lifecycle, (int)from, (int)to);
}

kc_status building_block_status_refuse(building_block_status from, building_block_status to,
                                       kc_problem *pb)
{
    return kc_states_refuse(&building_block_lifecycle, (int)from, (int)to, pb);
}
