#ifndef KOERS_PROGRAMMES_ACTIVITY_STATUS_H
#define KOERS_PROGRAMMES_ACTIVITY_STATUS_H

#include "koers/states.h"

/* The statuses of an activity: planned, then completed (attendance is
 * known) or cancelled; both are final. */
typedef enum {
    ACTIVITY_STATUS_PLANNED = 0,
    ACTIVITY_STATUS_COMPLETED,
    ACTIVITY_STATUS_CANCELLED,
    ACTIVITY_STATUS_COUNT
} activity_status;

/* The status table as data (koers/status_move.h runs on it). */
extern const kc_states activity_lifecycle;

#endif
