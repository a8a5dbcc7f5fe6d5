#ifndef NOTIFICATIONS_EVENT_MAP_H
#define NOTIFICATIONS_EVENT_MAP_H

#include <stddef.h>
#include <jansson.h>
#include "koers/consumer.h"
#include "koers/problem.h"

/* From a Koers event to the Notificaties API 1.0 message (`Notificatie`):
 * {"kanaal", "hoofdObject", "resource", "resourceUrl", "actie",
 * "aanmaakdatum", "kenmerken"}, compact JSON in that order. Pure: no
 * database, no clock except for an event without a time.
 *
 * The table (event_rules.c) says, per source and event type (an exact
 * type, or a prefix "case." for every type of a resource family), the
 * kanaal, the resource, where the resource's id is (the subject or a data
 * member) and the path of its GET endpoint, the hoofdObject (the object
 * the resource belongs to: a referral's case, a bottleneck's process) and
 * the kenmerken with where each comes from. Only the data members the
 * table names are ever read, so nothing else of an event (names, text
 * people wrote) can reach a message. An event type not in the table still
 * makes a message on its source's kanaal: resource the type's first
 * segment, resourceUrl (and hoofdObject) the source's events replay.
 *
 * actie: the type after its first segment, with created -> create,
 * updated -> update, deleted -> destroy ("case.status.changed" ->
 * "status.changed"). kenmerken: strings only (numbers and booleans as
 * text; null, absent and other values left out), eventType (the Koers
 * type) first, then the kanaal's filters in the table's order. */

/* Where a value of the table comes from. */
typedef enum event_from {
    EVENT_FROM_NONE = 0, /* nowhere: the entry is unused                    */
    EVENT_FROM_SUBJECT,  /* the event's subject                             */
    EVENT_FROM_DATA,     /* the data member named by text                   */
    EVENT_FROM_FIXED,    /* text itself                                     */
    EVENT_FROM_STATE     /* data "to" (a status move) or else data "status" */
} event_from;

typedef struct event_value {
    event_from from;
    const char *text;
} event_value;

/* A kenmerk: its name (one of the kanaal's filters) and its value. */
typedef struct event_kenmerk {
    const char *name;
    event_value value;
} event_kenmerk;

#define EVENT_MAP_MAX_KENMERKEN 4

/* One line of the table. Paths are the services' own (e.g.
 * "/casedesk/v1/cases/{id}"), "{id}" standing for the id; the public base
 * URL goes in front. */
typedef struct event_rule {
    const char *source;        /* "casedesk", "surveys", "processes", "programmes"  */
    const char *type;          /* "case.closed", or "case." for every case.* type   */
    const char *kanaal;        /* "cases"                                          */
    const char *resource;      /* "case"                                           */
    const char *resource_path; /* "/casedesk/v1/cases/{id}"                        */
    event_value resource_id;   /* the {id} of resource_path                        */
    const char *main_path;     /* hoofdObject; NULL: the resourceUrl               */
    event_value main_id;       /* the {id} of main_path; missing: the resourceUrl  */
    event_kenmerk kenmerken[EVENT_MAP_MAX_KENMERKEN];
} event_rule;

/* A source service: its kanaal for types not in the table, and its base
 * path ("/casedesk/v1"). */
typedef struct event_source {
    const char *source;
    const char *kanaal;
    const char *base_path;
} event_source;

/* The table and the sources (static; for the tests and the README). */
const event_rule *event_map_rules(size_t *n);
const event_source *event_map_sources(size_t *n);

/* The rule for type of source: an exact line first, else the line of
 * its prefix; NULL when none (the fallback applies). */
const event_rule *event_map_rule(const char *source, const char *type);

/* 1 when naam is a kanaal of a source (the pull endpoint's filter). */
int event_map_is_kanaal(const char *naam);

/* The message of an event, everything owned by it (event_message_clear). */
typedef struct event_message {
    char kanaal[51];
    char resource[64];
    char actie[128];
    char aanmaakdatum[40];
    char *hoofd_object; /* absolute URL; also the order key of deliveries */
    char *resource_url; /* absolute URL                                   */
    json_t *kenmerken;  /* object of strings                              */
    char *body;         /* the compact JSON text sent to subscribers      */
} event_message;

/* Makes the message of ev, an event of source, into *out (zeroed first;
 * the caller clears it with event_message_clear, also on failure).
 * base_url: the public base URL ("http://127.0.0.1:8080", a trailing "/"
 * is ignored). aanmaakdatum is ev->time when it is an RFC 3339 UTC time,
 * else now. KC_INVALID for an unknown source or an event without a type;
 * KC_INTERNAL when out of memory. */
kc_status event_map_message(const char *source, const char *base_url, const kc_consumer_event *ev,
                            event_message *out, kc_problem *pb) KC_MUST_CHECK;

/* Frees what m holds and zeroes it; NULL is fine. */
void event_message_clear(event_message *m);

/* The compact JSON text of a message from its parts, members in the
 * standard's order (kenmerken borrowed; NULL: {}). A new string, the
 * caller's to free; NULL when out of memory. For the test message too. */
char *event_map_body(const char *kanaal, const char *hoofd_object, const char *resource,
                     const char *resource_url, const char *actie, const char *aanmaakdatum,
                     const json_t *kenmerken);

#endif
