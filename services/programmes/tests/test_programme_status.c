/* LINK: programmes/programme_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kt_states.h"
#include "programmes/programme_status.h"

KT_ADAPT_STATES(programme_status);

/* The contract's table, written out again independently: completed and
 * stopped are final. */
static const char *const names[] = {"draft", "running", "completed", "stopped"};
static const char *const others[] = {"paused", NULL};
static const char *const moves[] = {
    "draft -> running | stopped",
    "running -> completed | stopped",
};
static const kt_machine programme =
    KT_MACHINE(programme_status, PROGRAMME_STATUS_COUNT, names, others, moves);

int main(void)
{
    const struct CMUnitTest tests[] = {
        KT_STATES_TESTS(&programme),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
