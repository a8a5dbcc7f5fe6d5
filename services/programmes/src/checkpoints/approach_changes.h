#ifndef KOERS_PROGRAMMES_APPROACH_CHANGES_H
#define KOERS_PROGRAMMES_APPROACH_CHANGES_H

#include <stddef.h>
#include <jansson.h>
#include "checkpoints/approach_model.h"
#include "koers/problem.h"

/* The changes an "adjust" checkpoint makes to a programme's approach and
 * governance: parsed from the request, checked and applied one after the
 * other to the programme's model in memory (a later change sees the
 * earlier ones), so that one invalid change rejects the whole decision
 * before anything is written. Pure: no database, no HTTP. */

#define APPROACH_CHANGES_MAX 50
#define APPROACH_MEMBERS_MAX 100 /* addMembers / removeMembers of one change */

typedef enum approach_op {
    APPROACH_ADD_PHASE,
    APPROACH_ADD_STEP,
    APPROACH_REMOVE_STEP,
    APPROACH_MOVE_STEP,
    APPROACH_REDATE_STEP,
    APPROACH_RESCOPE_BUILDING_BLOCK,
    APPROACH_CHANGE_GROUP
} approach_op;

/* One change as sent; strings and arrays are borrowed from the request
 * body, which must outlive it. has_* say that a member was present (JSON
 * null included: a date or id given as null clears it). */
typedef struct approach_change {
    approach_op op;
    const json_t *source; /* the change object */
    const char *op_name;
    const char *name, *description, *kind, *title;
    const char *phase_id, *step_id, *building_block_id, *working_group_id, *group_id;
    const char *starts_on, *due_on;
    long long position;
    int has_name, has_description, has_kind, has_title, has_position, has_phase_id, has_step_id,
        has_building_block_id, has_working_group_id, has_group_id, has_starts_on, has_due_on,
        has_add_members, has_remove_members;
    const json_t *add_members;    /* [{personId, role}] */
    const json_t *remove_members; /* [personId] */
    size_t created;               /* add_phase / add_step: the new item's index in the model */
    char to_phase[37];            /* move_step: the phase the step moved to */
} approach_change;

/* Parses the request's changes (a JSON array of 1..APPROACH_CHANGES_MAX
 * change objects) into *out (n of them, the caller's: free()). Checks
 * each change's shape against its op (members, types, lengths, formats,
 * enums; a change of redate_step, rescope_building_block or change_group
 * that changes nothing; dueOn before startsOn within one change). KC_OK,
 * or KC_INVALID naming every fault as changes[i].<member> (the array
 * itself as changes); *out is NULL then. */
kc_status approach_changes_parse(const json_t *changes, approach_change **out, size_t *n,
                                 kc_problem *pb) KC_MUST_CHECK;

/* The ids of the persons the changes add to groups (a new JSON array of
 * strings, each once; NULL when out of memory), for the repository to
 * learn which of them are the tenant's (approach_model_add_person). */
json_t *approach_changes_people(const approach_change *c, size_t n);

/* Checks and applies the changes c[0..n) to m in order, each against the
 * model as the earlier ones left it:
 * - add_phase: position 1..phases+1 (default: last), at most
 *   APPROACH_PHASES_MAX phases; the phases from there move one down;
 * - add_step: phaseId a phase of the programme, position 1..steps+1
 *   (default: last), at most APPROACH_STEPS_MAX steps a phase;
 * - remove_step: stepId a step of the programme, not removed, not
 *   completed, not the checkpoint's own step (m->decided_step_id); it
 *   gets status removed and position 0, the steps after it close ranks;
 * - move_step: a step not removed, to position 1..steps of its phase, or
 *   1..steps+1 of another phase (phaseId) of the programme;
 * - redate_step: a step not removed; the dates given replace (null
 *   clears), and dueOn must not be before startsOn;
 * - rescope_building_block: a building block of the programme; stepId a
 *   step of it not removed, workingGroupId a working group of it (null
 *   clears either);
 * - change_group: a group of the programme; addMembers persons of the
 *   tenant (a member already gets the new role), removeMembers members
 *   of the group at that point, no person in both.
 * New phases and steps get id "" (the caller gives them ids) and
 * c[i].created their index. An invalid change is not applied and the
 * others are still checked: KC_OK, or KC_INVALID naming every fault as
 * changes[i].<member>, after which m is of no further use. KC_INTERNAL
 * when out of memory. */
kc_status approach_changes_apply(approach_model *m, approach_change *c, size_t n,
                                 kc_problem *pb) KC_MUST_CHECK;

/* The changes as the checkpoint and the approach version keep them (a new
 * JSON array; NULL when out of memory): each change as sent, add_phase
 * with the new phaseId and its position, add_step with the new stepId
 * and its position. After approach_changes_apply and ids given. */
json_t *approach_changes_record(const approach_model *m, const approach_change *c, size_t n);

/* The changes as the checkpoint.decided event carries them (a new JSON
 * array; NULL when out of memory): op with the ids, positions and dates
 * of each change only, never names or descriptions. */
json_t *approach_changes_event(const approach_model *m, const approach_change *c, size_t n);

#endif
