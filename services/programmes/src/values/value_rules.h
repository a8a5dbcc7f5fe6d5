#ifndef KOERS_PROGRAMMES_VALUE_RULES_H
#define KOERS_PROGRAMMES_VALUE_RULES_H

#include <jansson.h>
#include "koers/problem.h"

/* The pure rules of core values: what the surveys service's catalogue
 * events mean for the copy programmes keeps, and which sources a
 * programme value may name. No database, no HTTP (unit-tested). */

/* A catalogue name: 1..200 characters, as value_catalogue holds it (the
 * surveys service allows 100; a longer or empty one is not kept). */
#define VALUE_NAME_MAX 200

typedef enum value_event_kind {
    VALUE_EVENT_IGNORED,    /* a type the copy does not follow */
    VALUE_EVENT_MALFORMED,  /* a followed type without a usable id or name */
    VALUE_EVENT_UPSERT,     /* core_value.created|updated: name, active */
    VALUE_EVENT_DEACTIVATE, /* core_value.deleted: active false (name when carried) */
    VALUE_EVENT_PROMOTED    /* brainstorm.value.promoted: name, active, session */
} value_event_kind;

/* One catalogue event as the copy applies it. Strings borrow from the
 * event (data and subject), which must outlive it; name is NULL when the
 * event carried none (only a deletion may lack it). */
typedef struct value_event {
    value_event_kind kind;
    const char *value_id;
    const char *name;
    const char *session_id; /* VALUE_EVENT_PROMOTED only */
} value_event;

/* Reads an event of the surveys service (type, subject, data) into *out:
 * core_value.created|updated|deleted name the value by data.id (else the
 * subject) and carry data.name; brainstorm.value.promoted carries
 * data.coreValueId (else the subject), data.sessionId and data.name. A
 * value id or session id that is no UUID, or a missing or unusable name
 * (0 or more than VALUE_NAME_MAX characters, or not UTF-8) where one is
 * needed, is VALUE_EVENT_MALFORMED; another type VALUE_EVENT_IGNORED. */
value_event_kind value_event_read(const char *type, const char *subject, const json_t *data,
                                  value_event *out);

/* The sources of a programme value. */
typedef enum value_source {
    VALUE_SOURCE_CATALOGUE,
    VALUE_SOURCE_SURVEY,
    VALUE_SOURCE_BRAINSTORM
} value_source;

/* Parses a source name ("catalogue", "survey", "brainstorm"): 0, or -1. */
int value_source_parse(const char *name, value_source *out);

/* Whether a source and its reference go together: a catalogue value names
 * no sourceRef, a survey's or a brainstorm session's value names the
 * survey or the session. KC_OK, or KC_INVALID naming sourceRef. */
kc_status value_source_check(value_source source, const char *source_ref,
                             kc_problem *pb) KC_MUST_CHECK;

#endif
