#include "koers/states.h"

#include <string.h>

int kc_states_parse(const kc_states *m, const char *s, int *out)
{
    size_t i;

    if (s == NULL)
        return -1;
    for (i = 0; i < m->nstates; i++) {
        if (strcmp(s, m->names[i]) == 0) {
            *out = (int)i;
            return 0;
        }
    }
    return -1;
}

const char *kc_states_name(const kc_states *m, int st)
{
    if (st < 0 || (size_t)st >= m->nstates)
        return "unknown";
    return m->names[st];
}

int kc_states_can_move(const kc_states *m, int from, int to)
{
    size_t i;

    for (i = 0; i < m->nmoves; i++)
        if (m->moves[i].from == from && m->moves[i].to == to)
            return 1;
    return 0;
}

size_t kc_states_allowed_from(const kc_states *m, int from, int *out, size_t max)
{
    size_t n = 0;
    int to;

    for (to = 0; (size_t)to < m->nstates; to++) {
        if (!kc_states_can_move(m, from, to))
            continue;
        if (n < max)
            out[n] = to;
        n++;
    }
    return n;
}
