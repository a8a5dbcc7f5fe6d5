/* LINK: approach/step_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "approach/step_status.h"
#include "kt_states.h"

KT_ADAPT_STATES(step_status);

/* The contract's table of a step, written out again independently: no
 * move removes a step (an approach change does) or reopens one. */
static const char *const names[] = {"planned", "active", "completed", "removed"};
static const char *const others[] = {"done", NULL};
static const char *const moves[] = {
    "planned -> active | completed",
    "active -> completed",
};
static const kt_machine step = KT_MACHINE(step_status, STEP_STATUS_COUNT, names, others, moves);

int main(void)
{
    const struct CMUnitTest tests[] = {
        KT_STATES_TESTS(&step),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
