#ifndef KOERS_PROGRAMMES_ACTIVITY_REPO_H
#define KOERS_PROGRAMMES_ACTIVITY_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* The SQL of activities' rules, participants and attendance (the kit holds
 * their plain reads and writes). Every function filters on the tenant. */

/* An activity as its rules need it, locked (FOR UPDATE) in the caller's
 * transaction. capacity -1: none; starts_at/ends_at "" when not set. */
typedef struct activity_lock {
    char id[37];
    char programme_id[37];
    char kind[24];
    char status[16];
    char starts_at[40];
    char ends_at[40];
    int capacity;
    int version;
} activity_lock;

/* Locks activity id into *out. KC_NOT_FOUND ("activity <id> not found")
 * when the tenant has none. */
kc_status activity_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                             activity_lock *out, kc_problem *pb) KC_MUST_CHECK;

/* *ok 1 when ends_at is not before starts_at (either NULL: 1). */
kc_status activity_repo_period_ok(kc_db_conn *conn, const char *starts_at, const char *ends_at,
                                  int *ok, kc_problem *pb) KC_MUST_CHECK;

/* The person whose userSub is sub, its id into id (37 bytes).
 * KC_NOT_FOUND when the tenant has none. */
kc_status activity_repo_person_of(kc_db_conn *conn, const char *tenant_id, const char *sub,
                                  char *id, kc_problem *pb) KC_MUST_CHECK;

/* How many are registered for activity id, not counting person_id (NULL:
 * everybody). */
kc_status activity_repo_registered(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   const char *person_id, int *n, kc_problem *pb) KC_MUST_CHECK;

/* Sets the status (completed_at now when completed), bumps the version. */
kc_status activity_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   const char *status, kc_problem *pb) KC_MUST_CHECK;

/* The attendance figures of activity id, a new object in *out:
 * {activityId, kind, status, invited, registered, attended, rate (attended
 * / invited, 4 decimals; null when nobody was invited), progress
 * ({notStarted, inProgress, done} for an e_learning theme, else null)}. */
kc_status activity_repo_attendance(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* The participants of activity id, a new array in *out, each {personId,
 * name, organisation, invited, registeredAt, attended, progress,
 * updatedAt}, by name then person id. */
kc_status activity_repo_participants(kc_db_conn *conn, const char *tenant_id, const char *id,
                                     json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* What a lead sets of a participant: each has_* says the member was sent;
 * attended -1 clears it (null); progress NULL clears it. dflt_progress is
 * the progress of a new participant (NULL: none). */
typedef struct activity_participant_set {
    int has_invited, invited;
    int has_attended, attended;
    int has_progress;
    const char *progress;
    const char *dflt_progress;
} activity_participant_set;

/* Adds (invited unless said otherwise) or changes person_id's
 * participation; *added 1 when new; *out the participant (new object). */
kc_status activity_repo_put_participant(kc_db_conn *conn, const char *tenant_id,
                                        const char *activity_id, const char *person_id,
                                        const activity_participant_set *set, int *added,
                                        json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Registers person_id (a participant not invited when new, with
 * dflt_progress); *added 1 when they were not registered before; *out the
 * participant. */
kc_status activity_repo_register(kc_db_conn *conn, const char *tenant_id, const char *activity_id,
                                 const char *person_id, const char *dflt_progress, int *added,
                                 json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Withdraws person_id's registration; a participant who was not invited
 * and has no attendance is removed. KC_NOT_FOUND when not registered. */
kc_status activity_repo_unregister(kc_db_conn *conn, const char *tenant_id, const char *activity_id,
                                   const char *person_id, kc_problem *pb) KC_MUST_CHECK;

/* Sets person_id's progress; *out the participant. KC_NOT_FOUND when they
 * are no participant. */
kc_status activity_repo_set_progress(kc_db_conn *conn, const char *tenant_id,
                                     const char *activity_id, const char *person_id,
                                     const char *progress, json_t **out,
                                     kc_problem *pb) KC_MUST_CHECK;

#endif
