/* LINK: governance/building_block_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "governance/building_block_status.h"
#include "kt_states.h"

KT_ADAPT_NAMES(building_block_status, building_block_status_parse, building_block_status_name);
KT_ADAPT_CAN_MOVE(building_block_status, building_block_status_can_move);
KT_ADAPT_REFUSE(building_block_status, building_block_status_refuse);

/* The contract's table, written out again independently: open ->
 * in_progress -> done; open | in_progress -> dropped; nothing leaves done
 * or dropped (the 409 allows nothing). The module has no allowed_from. */
static const char *const names[] = {"open", "in_progress", "done", "dropped"};
static const char *const others[] = {"in progress", NULL};
static const char *const moves[] = {
    "open -> in_progress | dropped",
    "in_progress -> done | dropped",
};
static const kt_machine block =
    KT_MACHINE_OF(building_block_status, BUILDING_BLOCK_STATUS_COUNT, names, others, moves, NULL,
                  kt_building_block_status_refuse);

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate(kt_states_exactly_the_table_is_allowed, (void *)&block),
        cmocka_unit_test_prestate(kt_states_a_refusal_names_the_allowed_moves, (void *)&block),
        cmocka_unit_test_prestate(kt_names_round_trip, (void *)&block.states),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
