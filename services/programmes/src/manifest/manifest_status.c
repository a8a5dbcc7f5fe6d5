#include "manifest/manifest_status.h"

#include "koers/states.h"
#include "koers/status.h"

static const char *const manifest_status_names[MANIFEST_STATUS_COUNT] = {
    "draft",
    "consultation",
    "adopted",
    "superseded",
};

/* Forward one step at a time; superseded only by the adoption of a later
 * manifest (manifest_service moves it, never a client). */
static const kc_move manifest_transitions[] = {
    {MANIFEST_STATUS_DRAFT, MANIFEST_STATUS_CONSULTATION},
    {MANIFEST_STATUS_CONSULTATION, MANIFEST_STATUS_ADOPTED},
    {MANIFEST_STATUS_ADOPTED, MANIFEST_STATUS_SUPERSEDED},
};

const kc_states manifest_lifecycle = {manifest_status_names, MANIFEST_STATUS_COUNT,
                                      manifest_transitions, KC_NELEMS(manifest_transitions)};

int manifest_status_parse(const char *s, manifest_status *out)
{
    int st;

    if (kc_states_parse(&manifest_lifecycle, s, &st) != 0)
        return -1;
    *out = (manifest_status)st;
    return 0;
}

const char *manifest_status_name(manifest_status st)
{
    return kc_states_name(&manifest_lifecycle, (int)st);
}

int manifest_status_can_move(manifest_status from, manifest_status to)
{
    return kc_states_can_move(&manifest_lifecycle, (int)from, (int)to);
}

size_t manifest_status_allowed_from(manifest_status from, manifest_status *out, size_t max)
{
    int to[MANIFEST_STATUS_COUNT];
    size_t n, i;

    n = kc_states_allowed_from(&manifest_lifecycle, (int)from, to, MANIFEST_STATUS_COUNT);
    for (i = 0; i < n && i < max; i++)
        out[i] = (manifest_status)to[i];
    return n;
}

kc_status manifest_status_refuse(manifest_status from, manifest_status to, kc_problem *pb)
{
    return kc_states_refuse(&manifest_lifecycle, (int)from, (int)to, pb);
}
