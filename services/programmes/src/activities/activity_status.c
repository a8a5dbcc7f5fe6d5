#include "activities/activity_status.h"

#include "koers/status.h"

static const char *const activity_status_names[ACTIVITY_STATUS_COUNT] = {
    "planned",
    "completed",
    "cancelled",
};

static const kc_move activity_transitions[] = {
    {ACTIVITY_STATUS_PLANNED, ACTIVITY_STATUS_COMPLETED},
    {ACTIVITY_STATUS_PLANNED, ACTIVITY_STATUS_CANCELLED},
};

const kc_states activity_lifecycle = {activity_status_names, ACTIVITY_STATUS_COUNT,
                                      activity_transitions, KC_NELEMS(activity_transitions)};
