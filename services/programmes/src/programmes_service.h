#ifndef KOERS_PROGRAMMES_SERVICE_H
#define KOERS_PROGRAMMES_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/read_one.h"

/* What the services of every part of programmes do the same way. */

/* kc_read_one of a list (read answers a JSON array), answered as
 * {"items": [...]}. */
kc_status programmes_items_of(kc_db_pool *pool, const kc_principal *p, const char *id,
                              kc_read_fn read, json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* A write of a service inside the transaction open on conn: arg is the
 * service's own (what the request asked for, decoded), *out what the write
 * answers (a new reference; it may stay NULL for a write that answers
 * nothing). */
typedef kc_status (*programmes_write_fn)(kc_db_conn *conn, const kc_principal *p, void *arg,
                                         json_t **out, kc_problem *pb);

/* The whole of such a write: a connection of pool, begin, write, commit;
 * on failure everything is rolled back (kc_db_release) and *out is NULL.
 * *out (the caller's) is what write answered; out may be NULL when the
 * write answers nothing. */
kc_status programmes_write(kc_db_pool *pool, const kc_principal *p, programmes_write_fn write,
                           void *arg, json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* The ids of a write on one person under a row (a group's member, a
 * cohort's, an activity's participant): id (KC_BAD_REQUEST naming "id")
 * then person_id (naming "personId"). */
kc_status programmes_check_person_ids(const char *id, const char *person_id,
                                      kc_problem *pb) KC_MUST_CHECK;

/* Adds <noun>.members.changed {<noun>Id: id, programmeId} (noun "group",
 * "cohort") to the outbox in the transaction open on conn: the members of
 * row id of programme_id changed. */
kc_status programmes_members_changed(kc_db_conn *conn, const kc_principal *p, const char *noun,
                                     const char *id, const char *programme_id,
                                     kc_problem *pb) KC_MUST_CHECK;

/* The row an event of another service is about: its subject when that is
 * a UUID, else its data's member (a UUID). NULL when neither is, logged as
 * a warning "<type> event <event_id> names no <what>: skipped" (the
 * event is passed over). Borrowed from subject or data. */
const char *programmes_event_row(const char *type, const char *event_id, const char *subject,
                                 const json_t *data, const char *member, const char *what);

/* An event's publication instant when it is RFC 3339, else NULL (the
 * repository then takes now()). */
const char *programmes_event_instant(const char *published_at);

#endif
