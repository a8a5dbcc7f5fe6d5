/* The checks of a status table: see kt_states.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kt_states.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* want[from][to]: 1 where the test's table allows the move. */
typedef struct kt_table {
    unsigned char want[KT_STATES_MAX][KT_STATES_MAX];
} kt_table;

static int index_of(const kt_names *n, const char *name)
{
    size_t i;

    for (i = 0; i < n->nnames; i++)
        if (strcmp(n->names[i], name) == 0)
            return (int)i;
    return -1;
}

/* The state a word of a moves line names; fails the test on a word that
 * is none of the expected names (a slip in the test's table). */
static int state_of(const kt_names *n, const char *line, const char *word)
{
    int st = index_of(n, word);

    if (st < 0)
        fail_msg("moves \"%s\": \"%s\" is no state of the test's names", line, word);
    return st;
}

/* The test's names, checked for shape, and its moves as a table. */
static void read_table(const kt_machine *m, kt_table *t)
{
    char buf[256], *save = NULL, *word;
    size_t i;
    int from, k;

    if (m->states.count < 1 || m->states.count > KT_STATES_MAX)
        fail_msg("%d states: the checks take 1 to %d", m->states.count, KT_STATES_MAX);
    if ((int)m->states.nnames != m->states.count)
        fail_msg("the test names %zu states, the module counts %d", m->states.nnames,
                 m->states.count);
    memset(t, 0, sizeof(*t));
    for (i = 0; i < m->nmoves; i++) {
        snprintf(buf, sizeof(buf), "%s", m->moves[i]);
        from = -1;
        k = 0;
        for (word = strtok_r(buf, " ", &save); word != NULL; word = strtok_r(NULL, " ", &save)) {
            if (k == 0)
                from = state_of(&m->states, m->moves[i], word);
            else if (k % 2 == 1 && strcmp(word, k == 1 ? "->" : "|") != 0)
                fail_msg("moves \"%s\": \"%s\" where \"%s\" belongs", m->moves[i], word,
                         k == 1 ? "->" : "|");
            else if (k % 2 == 0)
                t->want[from][state_of(&m->states, m->moves[i], word)] = 1;
            k++;
        }
        if (k < 3 || k % 2 == 0)
            fail_msg("moves \"%s\": not \"from -> to | to ...\"", m->moves[i]);
    }
}

/* The moves of the table from `from`, in the order of the states. */
static size_t wanted_from(const kt_machine *m, const kt_table *t, int from, int *out)
{
    size_t n = 0;
    int to;

    for (to = 0; to < m->states.count; to++)
        if (t->want[from][to])
            out[n++] = to;
    return n;
}

void kt_states_exactly_the_table_is_allowed(void **state)
{
    const kt_machine *m = *state;
    const char *const *names = m->states.names;
    kt_table t;
    int from, to, got;

    read_table(m, &t);
    for (from = 0; from < m->states.count; from++)
        for (to = 0; to < m->states.count; to++) {
            got = m->can_move(from, to);
            if (got != t.want[from][to])
                fail_msg("%s -> %s: can_move answers %d, the table %d", names[from], names[to], got,
                         t.want[from][to]);
        }
}

void kt_states_allowed_from_follows_the_table(void **state)
{
    const kt_machine *m = *state;
    const char *const *names = m->states.names;
    int want[KT_STATES_MAX], got[KT_STATES_MAX], none = -1;
    size_t nwant, ngot, i;
    kt_table t;
    int from;

    if (m->allowed_from == NULL)
        fail_msg("the machine has no allowed_from adapter");
    read_table(m, &t);
    for (from = 0; from < m->states.count; from++) {
        nwant = wanted_from(m, &t, from, want);
        memset(got, 0xff, sizeof(got));
        ngot = m->allowed_from(from, got, KT_STATES_MAX);
        if (ngot != nwant)
            fail_msg("from %s: allowed_from lists %zu moves, the table %zu", names[from], ngot,
                     nwant);
        for (i = 0; i < nwant; i++)
            if (got[i] != want[i])
                fail_msg("from %s: allowed_from's move %zu is to %d, the table's to %s",
                         names[from], i, got[i], names[want[i]]);
        /* it counts even when out has no room, and writes nothing there */
        ngot = m->allowed_from(from, &none, 0);
        if (ngot != nwant || none != -1)
            fail_msg("from %s with no room: allowed_from counts %zu (the table %zu)", names[from],
                     ngot, nwant);
    }
}

/* 1 if allowed (a JSON value) is the array of the names of want[0..n). */
static int names_the_moves(const kt_machine *m, const json_t *allowed, const int *want, size_t n)
{
    const char *name;
    size_t i;

    if (!json_is_array(allowed) || json_array_size(allowed) != n)
        return 0;
    for (i = 0; i < n; i++) {
        name = json_string_value(json_array_get(allowed, i));
        if (name == NULL || strcmp(name, m->states.names[want[i]]) != 0)
            return 0;
    }
    return 1;
}

void kt_states_a_refusal_names_the_allowed_moves(void **state)
{
    const kt_machine *m = *state;
    const char *const *names = m->states.names;
    int want[KT_STATES_MAX], named, listed;
    char detail[sizeof(((kc_problem *)0)->detail)], *allowed;
    kc_status st, pb_status;
    kc_problem pb;
    size_t nwant;
    kt_table t;
    int from, to;

    if (m->refuse == NULL)
        fail_msg("the machine has no refuse adapter");
    read_table(m, &t);
    for (from = 0; from < m->states.count; from++) {
        nwant = wanted_from(m, &t, from, want);
        for (to = 0; to < m->states.count; to++) {
            if (t.want[from][to])
                continue;
            kc_problem_init(&pb);
            st = m->refuse(from, to, &pb);
            pb_status = pb.status;
            snprintf(detail, sizeof(detail), "%s", pb.detail);
            named = strstr(detail, names[from]) != NULL && strstr(detail, names[to]) != NULL;
            listed =
                names_the_moves(m, json_object_get(pb.extra, "allowedTransitions"), want, nwant);
            allowed = json_dumps(json_object_get(pb.extra, "allowedTransitions"), JSON_ENCODE_ANY);
            kc_problem_clear(&pb);
            if (st != KC_CONFLICT || pb_status != KC_CONFLICT || !named || !listed) {
                fprintf(stderr,
                        "%s -> %s: refused with %d (problem %d), \"%s\",\n"
                        "allowedTransitions %s; the table allows %zu moves from %s\n",
                        names[from], names[to], (int)st, (int)pb_status, detail,
                        allowed != NULL ? allowed : "(none)", nwant, names[from]);
                free(allowed);
                fail_msg("%s -> %s: not the 409 naming the table's moves", names[from], names[to]);
            }
            free(allowed);
        }
    }
}

void kt_names_round_trip(void **state)
{
    const kt_names *n = *state;
    const char *const *other;
    int i, v;

    if ((int)n->nnames != n->count)
        fail_msg("the test names %zu values, the module counts %d", n->nnames, n->count);
    for (i = 0; i < n->count; i++) {
        assert_string_equal(n->name(i), n->names[i]);
        v = -1;
        assert_int_equal(n->parse(n->names[i], &v), 0);
        assert_int_equal(v, i);
    }
    assert_string_equal(n->name(n->count), "unknown");
    assert_int_equal(n->parse(NULL, &v), -1);
    assert_int_equal(n->parse("", &v), -1);
    for (other = n->others; other != NULL && *other != NULL; other++)
        if (n->parse(*other, &v) != -1)
            fail_msg("\"%s\" parses as a value; it names none", *other);
}
