/* LINK: processes/process_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kt_states.h"
#include "processes/process_status.h"

KT_ADAPT_STATES(process_status);

/* The README's table, written out again independently, in the method's
 * order: no status moves to itself, none skips a step. */
static const char *const names[] = {"selected", "analysing", "improving", "monitoring", "archived"};
static const char *const others[] = {"Selected", NULL};
static const char *const moves[] = {
    "selected -> analysing | archived",
    "analysing -> improving | archived",
    "improving -> monitoring | archived",
    "monitoring -> improving | archived",
    "archived -> selected",
};
static const kt_machine process =
    KT_MACHINE(process_status, PROCESS_STATUS_COUNT, names, others, moves);

int main(void)
{
    const struct CMUnitTest tests[] = {
        KT_STATES_TESTS(&process),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
