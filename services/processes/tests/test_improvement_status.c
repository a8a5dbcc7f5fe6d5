/* LINK: improvements/improvement_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "improvements/improvement_status.h"
#include "kt_states.h"

KT_ADAPT_STATES(improvement_status);

/* The README's table, written out again independently: done is final,
 * no move skips a step. */
static const char *const names[] = {"proposed", "planned", "in_progress", "done", "dropped"};
static const char *const others[] = {"in progress", NULL};
static const char *const moves[] = {
    "proposed -> planned | dropped",
    "planned -> in_progress | dropped",
    "in_progress -> done | dropped",
    "dropped -> proposed",
};
static const kt_machine improvement =
    KT_MACHINE(improvement_status, IMPROVEMENT_STATUS_COUNT, names, others, moves);

int main(void)
{
    const struct CMUnitTest tests[] = {
        KT_STATES_TESTS(&improvement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
