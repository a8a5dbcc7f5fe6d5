#ifndef KOERS_PROGRAMMES_ACTIVITY_SERVICE_H
#define KOERS_PROGRAMMES_ACTIVITY_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The rules of activities (the kit serves their plain reads and writes),
 * their status moves, participants and attendance. Ids are checked (400
 * naming "id" or "personId"); another tenant's activity or person is
 * KC_NOT_FOUND. */

/* The kit's check of an activity write (activity_resource): a lead or
 * coordinator writes; stepId a step of the programme that was not removed,
 * materials [{title, url (http or https)}], endsAt not before startsAt
 * (422 naming the member); programmeId and status read-only (422); a
 * completed or cancelled activity is not changed or deleted (409); the
 * capacity not below those registered (409). */
kc_status activity_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                 const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* POST /activities/{id}/transitions {to: completed | cancelled}, from
 * planned only (409 with allowedTransitions); publishes
 * activity.status.changed {id, from, to, programmeId} and, on completion,
 * activity.completed {id, programmeId, kind, invited, registered,
 * attended}. *out the activity at *version. */
kc_status activity_service_move(kc_db_pool *pool, const kc_principal *p, const char *id,
                                const json_t *body, long long if_match, json_t **out,
                                long long *version, kc_problem *pb) KC_MUST_CHECK;

/* *out {"items": participants} of activity id (activity_repo.h). */
kc_status activity_service_participants(kc_db_pool *pool, const kc_principal *p, const char *id,
                                        json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* A lead invites person_id, records their attendance or (e_learning only,
 * 422 naming progress otherwise) their progress: body {invited?,
 * attended? (null clears), progress? (not_started, in_progress, done;
 * null clears)}. Not on a cancelled activity (409). *added 1 when the
 * person was no participant before; *out the participant. */
kc_status activity_service_put_participant(kc_db_pool *pool, const kc_principal *p, const char *id,
                                           const char *person_id, const json_t *body, json_t **out,
                                           int *added, kc_problem *pb) KC_MUST_CHECK;

/* The caller registers for a planned activity (409 otherwise) as the
 * person of the directory whose userSub is theirs (403 when there is
 * none); 409 when the activity is full. *added 0 when they were already
 * registered; *out their participation. */
kc_status activity_service_register(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    json_t **out, int *added, kc_problem *pb) KC_MUST_CHECK;

/* The caller withdraws their registration of a planned activity (404 when
 * not registered). */
kc_status activity_service_unregister(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      kc_problem *pb) KC_MUST_CHECK;

/* The caller sets their own progress {progress} in an e_learning theme
 * (422 naming progress for another kind); 409 when they are no
 * participant yet or the activity was cancelled. */
kc_status activity_service_progress(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const json_t *body, json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* *out the attendance figures of activity id (activity_repo_attendance). */
kc_status activity_service_attendance(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
