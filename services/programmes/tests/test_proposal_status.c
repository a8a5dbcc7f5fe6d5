/* LINK: proposals/proposal_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kt_states.h"
#include "proposals/proposal_status.h"

KT_ADAPT_STATES(proposal_status);

/* The table, written out again independently: draft -> submitted
 * -> approved | rejected | returned, returned -> submitted, draft |
 * submitted | returned -> split | merged. Decided (approved, rejected),
 * split and merged are final: a draft or a returned proposal is not
 * decided before it is submitted. */
static const char *const names[] = {"draft",    "submitted", "approved", "rejected",
                                    "returned", "split",     "merged"};
static const char *const others[] = {"decided", NULL};
static const char *const moves[] = {
    "draft -> submitted | split | merged",
    "submitted -> approved | rejected | returned | split | merged",
    "returned -> submitted | split | merged",
};
static const kt_machine proposal =
    KT_MACHINE(proposal_status, PROPOSAL_STATUS_COUNT, names, others, moves);

static void only_draft_and_returned_are_editable(void **state)
{
    int st;
    (void)state;

    for (st = 0; st < PROPOSAL_STATUS_COUNT; st++)
        assert_int_equal(proposal_status_editable((proposal_status)st),
                         st == PROPOSAL_STATUS_DRAFT || st == PROPOSAL_STATUS_RETURNED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        KT_STATES_TESTS(&proposal),
        cmocka_unit_test(only_draft_and_returned_are_editable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
