#include "flow/flow_picture.h"

#include <string.h>

static int has(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* 1 when step s belongs in lane l (same team, or same role without team). */
static int in_lane(const flow_picture *pic, const flow_picture_step *s, size_t l)
{
    const flow_picture_step *first = NULL;
    size_t i;

    for (i = 0; i < pic->nsteps && &pic->steps[i] != s; i++) {
        if (pic->steps[i].lane == l) {
            first = &pic->steps[i];
            break;
        }
    }
    if (first == NULL)
        return 0;
    if (has(first->team_id))
        return has(s->team_id) && strcmp(first->team_id, s->team_id) == 0;
    return !has(s->team_id) && has(s->role) && has(first->role) &&
           strcmp(first->role, s->role) == 0;
}

void flow_picture_assign_lanes(flow_picture *pic)
{
    flow_picture_step *s;
    size_t i, l;

    pic->nlanes = 0;
    if (pic->nsteps > FLOW_MAX_STEPS)
        pic->nsteps = FLOW_MAX_STEPS;
    for (i = 0; i < pic->nsteps; i++) {
        s = &pic->steps[i];
        for (l = 0; l < pic->nlanes; l++) {
            if (in_lane(pic, s, l))
                break;
        }
        s->lane = l;
        if (l == pic->nlanes) {
            pic->lanes[l].is_role = !has(s->team_id);
            if (has(s->team_id))
                pic->lanes[l].label = has(s->team_name) ? s->team_name : s->team_id;
            else
                pic->lanes[l].label = has(s->role) ? s->role : "(nobody)";
            pic->nlanes++;
        }
    }
}

const char *flow_picture_band(double score)
{
    if (score >= 70.0)
        return "high";
    if (score >= 50.0)
        return "medium";
    return "low";
}
