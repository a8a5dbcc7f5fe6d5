#include "koers/states.h"

#include <stdio.h>
#include <string.h>
#include <jansson.h>

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

kc_status kc_states_refuse(const kc_states *m, int from, int to, kc_problem *pb)
{
    char list[256] = "";
    json_t *allowed = json_array();
    size_t len = 0;
    int st;

    for (st = 0; (size_t)st < m->nstates; st++) {
        if (!kc_states_can_move(m, from, st))
            continue;
        json_array_append_new(allowed, json_string(m->names[st]));
        len += (size_t)snprintf(list + len, len < sizeof(list) ? sizeof(list) - len : 0, "%s%s",
                                len ? ", " : "", m->names[st]);
        if (len >= sizeof(list))
            len = sizeof(list) - 1;
    }
    kc_problem_set(pb, KC_CONFLICT, "cannot go from %s to %s; allowed: %s", kc_states_name(m, from),
                   kc_states_name(m, to), list[0] ? list : "none");
    kc_problem_set_extra(pb, "allowedTransitions", allowed);
    return KC_CONFLICT;
}
