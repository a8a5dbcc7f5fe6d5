#ifndef KOERS_KT_STATES_H
#define KOERS_KT_STATES_H

/* The checks every status table's unit test makes, once: a service's
 * status module (its typed enum and functions: parse, name, can_move,
 * allowed_from, refuse, as koers/states.h wraps them) against the table
 * the test writes out again, independently, in the API's names:
 *
 *     KT_ADAPT_STATES(programme_status);
 *     static const char *const names[] = {"draft", "running", "completed", "stopped"};
 *     static const char *const others[] = {"paused", NULL};
 *     static const char *const moves[] = {
 *         "draft -> running | stopped",
 *         "running -> completed | stopped",
 *     };
 *     static const kt_machine machine =
 *         KT_MACHINE(programme_status, PROGRAMME_STATUS_COUNT, names, others, moves);
 *     ... cmocka tests: KT_STATES_TESTS(&machine), and what is special to the module
 *
 * A line of moves is "from -> to | to ..."; a state without a line allows
 * no move. Include after <cmocka.h>. */

#include <stddef.h>
#include "koers/problem.h"
#include "koers/status.h"

/* The most states (or decisions) a checked module may have. */
#define KT_STATES_MAX 32

/* A set of names (the states of a machine, or its decisions): the module's
 * parse and name behind int adapters, and the names the test expects. */
typedef struct kt_names {
    int count;                 /* the module's *_COUNT */
    const char *const *names;  /* the API name of each value, in the enum's order */
    size_t nnames;             /* how many the test wrote (must be count) */
    const char *const *others; /* strings that name no value, NULL-terminated */
    int (*parse)(const char *s, int *out);
    const char *(*name)(int value);
} kt_names;

/* A status machine: its names, the moves the test expects, and the
 * module's functions behind int adapters (allowed_from and refuse are
 * NULL when the module has none; their checks then fail). */
typedef struct kt_machine {
    kt_names states;
    const char *const *moves; /* "from -> to | to" lines */
    size_t nmoves;
    int (*can_move)(int from, int to);
    size_t (*allowed_from)(int from, int *out, size_t max);
    kc_status (*refuse)(int from, int to, kc_problem *pb);
} kt_machine;

/* cmocka tests of a machine, run with it as their state
 * (cmocka_unit_test_prestate; KT_STATES_TESTS lists the four). Each fails
 * naming the states it was checking. */

/* can_move answers 1 for exactly the moves of the table, for every pair
 * of states. */
void kt_states_exactly_the_table_is_allowed(void **state);
/* allowed_from lists the table's moves from each state in the order of
 * the states, and counts them even with no room to write them. */
void kt_states_allowed_from_follows_the_table(void **state);
/* Every move the table does not allow is refused: KC_CONFLICT, a detail
 * naming both states, and allowedTransitions the names of the table's
 * moves from there (none: an empty array). */
void kt_states_a_refusal_names_the_allowed_moves(void **state);
/* The state of *state is a kt_names (for a machine: &machine.states):
 * each value's name is the expected one and parses back to it; NULL, ""
 * and the others parse to -1; the name of count is "unknown". */
void kt_names_round_trip(void **state);

#define KT_STATES_TESTS(m)                                                                         \
    cmocka_unit_test_prestate(kt_states_exactly_the_table_is_allowed, (void *)(m)),                \
        cmocka_unit_test_prestate(kt_states_allowed_from_follows_the_table, (void *)(m)),          \
        cmocka_unit_test_prestate(kt_states_a_refusal_names_the_allowed_moves, (void *)(m)),       \
        cmocka_unit_test_prestate(kt_names_round_trip, (void *)&(m)->states)

/* ---- adapters: static kt_<type>_<fn> taking and giving ints ---------------- */

/* kt_<type>_parse and kt_<type>_name of parse_fn and name_fn. */
#define KT_ADAPT_NAMES(type, parse_fn, name_fn)                                                    \
    static int kt_##type##_parse(const char *s, int *out)                                          \
    {                                                                                              \
        type v;                                                                                    \
        int r = parse_fn(s, &v);                                                                   \
        if (r == 0)                                                                                \
            *out = (int)v;                                                                         \
        return r;                                                                                  \
    }                                                                                              \
    static const char *kt_##type##_name(int v)                                                     \
    {                                                                                              \
        return name_fn((type)v);                                                                   \
    }                                                                                              \
    static const char *kt_##type##_name(int v)

#define KT_ADAPT_CAN_MOVE(type, fn)                                                                \
    static int kt_##type##_can_move(int from, int to)                                              \
    {                                                                                              \
        return fn((type)from, (type)to);                                                           \
    }                                                                                              \
    static int kt_##type##_can_move(int from, int to)

#define KT_ADAPT_ALLOWED_FROM(type, fn)                                                            \
    static size_t kt_##type##_allowed_from(int from, int *out, size_t max)                         \
    {                                                                                              \
        type to[KT_STATES_MAX];                                                                    \
        size_t n, i;                                                                               \
        n = fn((type)from, to, max < KT_STATES_MAX ? max : KT_STATES_MAX);                         \
        for (i = 0; i < n && i < max && i < KT_STATES_MAX; i++)                                    \
            out[i] = (int)to[i];                                                                   \
        return n;                                                                                  \
    }                                                                                              \
    static size_t kt_##type##_allowed_from(int from, int *out, size_t max)

#define KT_ADAPT_REFUSE(type, fn)                                                                  \
    static kc_status kt_##type##_refuse(int from, int to, kc_problem *pb)                          \
    {                                                                                              \
        return fn((type)from, (type)to, pb);                                                       \
    }                                                                                              \
    static kc_status kt_##type##_refuse(int from, int to, kc_problem *pb)

/* All five for a module named after its type: <type>_parse, _name,
 * _can_move, _allowed_from and _refuse. */
#define KT_ADAPT_STATES(type)                                                                      \
    KT_ADAPT_NAMES(type, type##_parse, type##_name);                                               \
    KT_ADAPT_CAN_MOVE(type, type##_can_move);                                                      \
    KT_ADAPT_ALLOWED_FROM(type, type##_allowed_from);                                              \
    KT_ADAPT_REFUSE(type, type##_refuse)

/* Initializers: the names of type (KT_ADAPT_NAMES); a machine of type
 * with its can_move adapter and the allowed_from and refuse given (an
 * adapter, or NULL when the module has none); a machine with all five
 * adapters (KT_ADAPT_STATES). names and moves are arrays. */
#define KT_NAMES(type, count, names, others)                                                       \
    {                                                                                              \
        (count), (names), KC_NELEMS(names), (others), kt_##type##_parse, kt_##type##_name          \
    }
#define KT_MACHINE_OF(type, count, names, others, moves, allowed_from, refuse)                     \
    {                                                                                              \
        KT_NAMES(type, count, names, others), (moves), KC_NELEMS(moves), kt_##type##_can_move,     \
            (allowed_from), (refuse)                                                               \
    }
#define KT_MACHINE(type, count, names, others, moves)                                              \
    KT_MACHINE_OF(type, count, names, others, moves, kt_##type##_allowed_from, kt_##type##_refuse)

#endif
