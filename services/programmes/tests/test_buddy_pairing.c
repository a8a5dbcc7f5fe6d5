/* LINK: activities/buddy_pairing.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "activities/buddy_pairing.h"

#define MAXN 40

/* Every candidate at most once, pairs only of allowed partners, unpaired
 * the rest in order, across counted right. */
static void assert_sound(const char *const *dept, size_t n, const unsigned char *before,
                         const buddy_proposal *p)
{
    unsigned char seen[MAXN] = {0};
    size_t i, a, b, across = 0;

    for (i = 0; i < p->npairs; i++) {
        a = p->pairs[i][0];
        b = p->pairs[i][1];
        assert_true(a < b);
        assert_true(b < n);
        assert_false(seen[a]);
        assert_false(seen[b]);
        seen[a] = seen[b] = 1;
        if (before != NULL)
            assert_false(before[a * n + b]);
        if (dept[a][0] != '\0' && dept[b][0] != '\0' && strcmp(dept[a], dept[b]) != 0)
            across++;
    }
    for (i = 0; i < p->nunpaired; i++) {
        assert_true(p->unpaired[i] < n);
        assert_false(seen[p->unpaired[i]]);
        seen[p->unpaired[i]] = 1;
        if (i > 0)
            assert_true(p->unpaired[i - 1] < p->unpaired[i]);
    }
    for (i = 0; i < n; i++)
        assert_true(seen[i]);
    assert_int_equal(p->across, across);
}

/* Proposes pairs of the n candidates of dept (before: the pairs formed
 * before, n x n, or NULL) into *p (the caller frees it) and checks that the
 * proposal is sound and has npairs pairs, across of them across and
 * nunpaired candidates unpaired (a count of -1: not checked). */
static void propose(const char *const *dept, size_t n, const unsigned char *before,
                    buddy_proposal *p, int npairs, int across, int nunpaired)
{
    assert_int_equal(buddy_pairing_propose(dept, n, before, p), 0);
    assert_sound(dept, n, before, p);
    if (npairs >= 0)
        assert_int_equal(p->npairs, npairs);
    if (across >= 0)
        assert_int_equal(p->across, across);
    if (nunpaired >= 0)
        assert_int_equal(p->nunpaired, nunpaired);
}

static void mark(unsigned char *before, size_t n, size_t a, size_t b)
{
    before[a * n + b] = before[b * n + a] = 1;
}

/* Six from three departments: three pairs, all across. */
static void test_six_three_departments_all_across(void **state)
{
    static const char *const dept[] = {"Burgerzaken",    "Burgerzaken", "Sociaal domein",
                                       "Sociaal domein", "Ruimte",      "Ruimte"};
    buddy_proposal p;

    (void)state;
    propose(dept, 6, NULL, &p, 3, 3, 0);
    buddy_proposal_free(&p);
}

/* A greedy taking the first across partner (0 with 2) would leave 1 and
 * 3 in one department; the best proposal pairs both across. */
static void test_across_wherever_possible(void **state)
{
    static const char *const dept[] = {"A", "A", "B", "C"};
    unsigned char before[16] = {0};
    buddy_proposal p;

    (void)state;
    mark(before, 4, 1, 3); /* 1 and 3 were buddies: 1 must go with 2 */
    propose(dept, 4, before, &p, 2, 2, -1);
    assert_int_equal(p.pairs[0][0], 0);
    assert_int_equal(p.pairs[0][1], 3);
    assert_int_equal(p.pairs[1][0], 1);
    assert_int_equal(p.pairs[1][1], 2);
    buddy_proposal_free(&p);
}

/* An odd number: one stays unpaired, the rest paired across. */
static void test_odd_number_leaves_one(void **state)
{
    static const char *const dept[] = {"A", "B", "C", "A", "B"};
    buddy_proposal p;

    (void)state;
    propose(dept, 5, NULL, &p, 2, 2, 1);
    buddy_proposal_free(&p);
}

/* One department: pairs within it are better than no buddy at all. */
static void test_one_department_pairs_within(void **state)
{
    static const char *const dept[] = {"Ruimte", "Ruimte", "Ruimte", "Ruimte"};
    buddy_proposal p;

    (void)state;
    propose(dept, 4, NULL, &p, 2, 0, -1);
    buddy_proposal_free(&p);
}

/* Never a pair formed before: when every pair was, nobody is paired. */
static void test_never_a_repeated_pair(void **state)
{
    static const char *const dept[] = {"A", "B", "C"};
    unsigned char before[9] = {0};
    buddy_proposal p;

    (void)state;
    mark(before, 3, 0, 1);
    mark(before, 3, 0, 2);
    mark(before, 3, 1, 2);
    propose(dept, 3, before, &p, 0, -1, 3);
    buddy_proposal_free(&p);
}

/* More pairs beat more across: 1 with 2 (across) would leave 0 and 3
 * without a buddy; 0 may only go with 1, so both pairs are within. */
static void test_more_pairs_first(void **state)
{
    static const char *const dept[] = {"A", "A", "B", "B"};
    unsigned char before[16] = {0};
    buddy_proposal p;

    (void)state;
    mark(before, 4, 0, 2);
    mark(before, 4, 0, 3);
    propose(dept, 4, before, &p, 2, 0, -1);
    assert_int_equal(p.pairs[0][0], 0);
    assert_int_equal(p.pairs[0][1], 1);
    buddy_proposal_free(&p);
}

/* Unknown departments never count as across. */
static void test_unknown_department(void **state)
{
    static const char *const dept[] = {"", "", "A", "A"};
    buddy_proposal p;

    (void)state;
    propose(dept, 4, NULL, &p, 2, 0, -1);
    buddy_proposal_free(&p);
}

/* The same input, the same proposal. */
static void test_deterministic(void **state)
{
    static const char *const dept[] = {"A", "B", "C", "A", "B", "C", "A", "B"};
    buddy_proposal p, q;
    size_t i;

    (void)state;
    assert_int_equal(buddy_pairing_propose(dept, 8, NULL, &p), 0);
    assert_int_equal(buddy_pairing_propose(dept, 8, NULL, &q), 0);
    assert_int_equal(p.npairs, q.npairs);
    for (i = 0; i < p.npairs; i++) {
        assert_int_equal(p.pairs[i][0], q.pairs[i][0]);
        assert_int_equal(p.pairs[i][1], q.pairs[i][1]);
    }
    assert_int_equal(p.across, 4);
    buddy_proposal_free(&p);
    buddy_proposal_free(&q);
}

static void test_empty_and_one(void **state)
{
    static const char *const dept[] = {"A"};
    buddy_proposal p;

    (void)state;
    assert_int_equal(buddy_pairing_propose(dept, 0, NULL, &p), 0);
    assert_int_equal(p.npairs, 0);
    assert_int_equal(p.nunpaired, 0);
    buddy_proposal_free(&p);
    assert_int_equal(buddy_pairing_propose(dept, 1, NULL, &p), 0);
    assert_int_equal(p.npairs, 0);
    assert_int_equal(p.nunpaired, 1);
    assert_int_equal(p.unpaired[0], 0);
    buddy_proposal_free(&p);
    buddy_proposal_free(NULL);
}

/* A cohort past the exact search: 30 from three departments, with the
 * first round's pairs formed before: all paired, all across, none
 * repeated. */
static void test_large_cohort_greedy(void **state)
{
    static const char *const names[] = {"A", "B", "C"};
    const char *dept[30];
    static unsigned char before[30 * 30];
    buddy_proposal p, q;
    size_t i;

    (void)state;
    for (i = 0; i < 30; i++)
        dept[i] = names[i % 3];
    propose(dept, 30, NULL, &p, 15, 15, -1);
    for (i = 0; i < p.npairs; i++)
        mark(before, 30, p.pairs[i][0], p.pairs[i][1]);
    propose(dept, 30, before, &q, 15, 15, -1);
    buddy_proposal_free(&p);
    buddy_proposal_free(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_six_three_departments_all_across),
        cmocka_unit_test(test_across_wherever_possible),
        cmocka_unit_test(test_odd_number_leaves_one),
        cmocka_unit_test(test_one_department_pairs_within),
        cmocka_unit_test(test_never_a_repeated_pair),
        cmocka_unit_test(test_more_pairs_first),
        cmocka_unit_test(test_unknown_department),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_empty_and_one),
        cmocka_unit_test(test_large_cohort_greedy),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
