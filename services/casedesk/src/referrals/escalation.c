#include "referrals/escalation.h"

#include <stdio.h>
#include <string.h>
#include "koers/status.h"

static const char *const escalation_rungs[] = {"official", "team_manager", "process_owner"};

int escalation_rung_rank(const char *rung)
{
    size_t i;

    if (rung == NULL)
        return -1;
    for (i = 0; i < KC_NELEMS(escalation_rungs); i++)
        if (strcmp(rung, escalation_rungs[i]) == 0)
            return (int)i;
    return -1;
}

static int escalation_empty(const char *s)
{
    return s == NULL || s[0] == '\0';
}

int escalation_next(const escalation_input *in, escalation_step *out)
{
    int current = escalation_rung_rank(in->rung);
    int rank;
    const char *who;
    size_t i;

    if (current < 0)
        current = 0;
    for (i = 0; i < in->nladder; i++) {
        rank = escalation_rung_rank(in->ladder[i]);
        if (rank <= current) /* the addressee, an unknown name, or a rung passed */
            continue;
        who = rank == 1 ? in->team_manager_id : in->process_owner_id;
        if (escalation_empty(who))
            continue;
        if (!escalation_empty(in->holder_id) && strcmp(who, in->holder_id) == 0)
            continue;
        out->level = in->level + 1;
        out->rung = escalation_rungs[rank];
        snprintf(out->official_id, sizeof(out->official_id), "%s", who);
        return 1;
    }
    return 0;
}
