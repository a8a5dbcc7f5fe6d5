/* LINK: actions/action_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "actions/action_status.h"
#include "kt_states.h"

KT_ADAPT_STATES(action_status);

/* The contract's table, written out again independently: planned ->
 * in_progress -> done, planned | in_progress -> cancelled; done and
 * cancelled are final. */
static const char *const names[] = {"planned", "in_progress", "done", "cancelled"};
static const char *const others[] = {"finished", NULL};
static const char *const moves[] = {
    "planned -> in_progress | cancelled",
    "in_progress -> done | cancelled",
};
static const kt_machine action =
    KT_MACHINE(action_status, ACTION_STATUS_COUNT, names, others, moves);

int main(void)
{
    const struct CMUnitTest tests[] = {
        KT_STATES_TESTS(&action),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
