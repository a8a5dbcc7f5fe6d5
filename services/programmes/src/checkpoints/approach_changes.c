#include "checkpoints/approach_changes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/validate.h"

static const char *const op_names[] = {"add_phase",    "add_step",    "remove_step",
                                       "move_step",    "redate_step", "rescope_building_block",
                                       "change_group", NULL};

static const char *const step_kinds[] = {
    "work",    "survey",      "brainstorm", "workshop", "staff_meeting", "group_session",
    "webinar", "intervision", "e_learning", "coaching", "setup",         NULL};

static const char *const member_roles[] = {"chair",   "secretary",   "member",
                                           "advisor", "facilitator", NULL};

#define AC(m)  KC_TO(approach_change, m)
#define ACH(m) KC_HAS(approach_change, m)

#define F_OP                                                                                       \
    {                                                                                              \
        .name = "op", .type = KC_T_STRING, .required = 1, .enum_values = op_names                  \
    }
#define F_NAME(req)                                                                                \
    {                                                                                              \
        .name = "name", .type = KC_T_STRING, .required = (req), .min_len = 1, .max_len = 200,      \
        .to = AC(name), .has = ACH(has_name)                                                       \
    }
#define F_DESCRIPTION                                                                              \
    {                                                                                              \
        .name = "description", .type = KC_T_STRING, .max_len = 4000, .to = AC(description),        \
        .has = ACH(has_description)                                                                \
    }
#define F_ID(wire, m, hm, req)                                                                     \
    {                                                                                              \
        .name = (wire), .type = KC_T_STRING, .required = (req), .format = KC_FMT_UUID,             \
        .to = AC(m), .has = ACH(hm)                                                                \
    }
#define F_NULLABLE_ID(wire, m, hm)                                                                 \
    {                                                                                              \
        .name = (wire), .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID, .to = AC(m),    \
        .has = ACH(hm)                                                                             \
    }
#define F_DATE(wire, m, hm)                                                                        \
    {                                                                                              \
        .name = (wire), .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATE, .to = AC(m),    \
        .has = ACH(hm)                                                                             \
    }
#define F_POSITION(req, top)                                                                       \
    {                                                                                              \
        .name = "position", .type = KC_T_INT, .required = (req), .min = 1, .max = (top),           \
        .to = AC(position), .has = ACH(has_position)                                               \
    }

static const kc_field add_phase_fields[] = {
    F_OP,
    F_NAME(1),
    F_DESCRIPTION,
    F_POSITION(0, APPROACH_PHASES_MAX),
};

static const kc_field add_step_fields[] = {
    F_OP,
    F_ID("phaseId", phase_id, has_phase_id, 1),
    F_NAME(1),
    F_DESCRIPTION,
    {.name = "kind",
     .type = KC_T_STRING,
     .enum_values = step_kinds,
     .to = AC(kind),
     .has = ACH(has_kind)},
    F_POSITION(0, APPROACH_STEPS_MAX),
    F_DATE("startsOn", starts_on, has_starts_on),
    F_DATE("dueOn", due_on, has_due_on),
};

static const kc_field remove_step_fields[] = {
    F_OP,
    F_ID("stepId", step_id, has_step_id, 1),
};

static const kc_field move_step_fields[] = {
    F_OP,
    F_ID("stepId", step_id, has_step_id, 1),
    F_POSITION(1, APPROACH_STEPS_MAX),
    F_ID("phaseId", phase_id, has_phase_id, 0),
};

static const kc_field redate_step_fields[] = {
    F_OP,
    F_ID("stepId", step_id, has_step_id, 1),
    F_DATE("startsOn", starts_on, has_starts_on),
    F_DATE("dueOn", due_on, has_due_on),
};

static const kc_field rescope_fields[] = {
    F_OP,
    F_ID("buildingBlockId", building_block_id, has_building_block_id, 1),
    {.name = "title",
     .type = KC_T_STRING,
     .min_len = 1,
     .max_len = 200,
     .to = AC(title),
     .has = ACH(has_title)},
    F_DESCRIPTION,
    F_NULLABLE_ID("stepId", step_id, has_step_id),
    F_NULLABLE_ID("workingGroupId", working_group_id, has_working_group_id),
    F_DATE("dueOn", due_on, has_due_on),
};

static const kc_field change_group_fields[] = {
    F_OP,
    F_ID("groupId", group_id, has_group_id, 1),
    F_NAME(0),
    {.name = "addMembers",
     .type = KC_T_ARRAY,
     .max_len = APPROACH_MEMBERS_MAX,
     .item_type = KC_T_OBJECT,
     .to = AC(add_members),
     .has = ACH(has_add_members)},
    {.name = "removeMembers",
     .type = KC_T_ARRAY,
     .max_len = APPROACH_MEMBERS_MAX,
     .item_type = KC_T_STRING,
     .item_format = KC_FMT_UUID,
     .to = AC(remove_members),
     .has = ACH(has_remove_members)},
};

static const kc_field member_fields[] = {
    {.name = "personId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
    {.name = "role", .type = KC_T_STRING, .required = 1, .enum_values = member_roles},
};

static const struct {
    const kc_field *fields;
    size_t n;
} op_fields[] = {
    [APPROACH_ADD_PHASE] = {add_phase_fields, KC_NELEMS(add_phase_fields)},
    [APPROACH_ADD_STEP] = {add_step_fields, KC_NELEMS(add_step_fields)},
    [APPROACH_REMOVE_STEP] = {remove_step_fields, KC_NELEMS(remove_step_fields)},
    [APPROACH_MOVE_STEP] = {move_step_fields, KC_NELEMS(move_step_fields)},
    [APPROACH_REDATE_STEP] = {redate_step_fields, KC_NELEMS(redate_step_fields)},
    [APPROACH_RESCOPE_BUILDING_BLOCK] = {rescope_fields, KC_NELEMS(rescope_fields)},
    [APPROACH_CHANGE_GROUP] = {change_group_fields, KC_NELEMS(change_group_fields)},
};

/* One fault of change i: changes[i].<member> (member NULL: changes[i]). */
static void fault(kc_problem *pb, size_t i, const char *member, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void fault(kc_problem *pb, size_t i, const char *member, const char *fmt, ...)
{
    char name[128], reason[256];
    va_list ap;

    if (member != NULL)
        snprintf(name, sizeof(name), "changes[%zu].%s", i, member);
    else
        snprintf(name, sizeof(name), "changes[%zu]", i);
    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    kc_problem_add_field(pb, name, reason);
}

static size_t faults(const kc_problem *pb)
{
    return pb->invalid_params != NULL ? json_array_size(pb->invalid_params) : 0;
}

/* Copies the faults of a local problem into pb under changes[i].<prefix>. */
static void copy_faults(kc_problem *pb, size_t i, const char *prefix, const kc_problem *local)
{
    const json_t *f;
    char member[96];
    size_t k;

    json_array_foreach(local->invalid_params, k, f)
    {
        snprintf(member, sizeof(member), "%s%s", prefix,
                 json_string_value(json_object_get(f, "name")));
        fault(pb, i, member, "%s", json_string_value(json_object_get(f, "reason")));
    }
}

/* The members of change_group's addMembers: objects of member_fields,
 * no person twice, none also in removeMembers. */
static void parse_members(const approach_change *c, size_t i, kc_problem *pb)
{
    const json_t *item, *other;
    const char *person;
    char prefix[48];
    kc_problem local;
    size_t j, k;

    json_array_foreach(c->add_members, j, item)
    {
        kc_problem_init(&local);
        snprintf(prefix, sizeof(prefix), "addMembers[%zu].", j);
        if (kc_validate_json(item, member_fields, KC_NELEMS(member_fields), &local) != KC_OK) {
            copy_faults(pb, i, prefix, &local);
            kc_problem_clear(&local);
            continue;
        }
        kc_problem_clear(&local);
        person = json_string_value(json_object_get(item, "personId"));
        for (k = 0; k < j; k++) {
            other = json_object_get(json_array_get(c->add_members, k), "personId");
            if (json_is_string(other) && strcmp(json_string_value(other), person) == 0) {
                snprintf(prefix, sizeof(prefix), "addMembers[%zu].personId", j);
                fault(pb, i, prefix, "is added twice (see addMembers[%zu])", k);
                break;
            }
        }
        json_array_foreach(c->remove_members, k, other)
        {
            if (json_is_string(other) && strcmp(json_string_value(other), person) == 0) {
                snprintf(prefix, sizeof(prefix), "addMembers[%zu].personId", j);
                fault(pb, i, prefix, "is also in removeMembers[%zu]", k);
            }
        }
    }
    json_array_foreach(c->remove_members, j, item)
    {
        for (k = 0; k < j; k++) {
            if (json_equal(item, json_array_get(c->remove_members, k))) {
                snprintf(prefix, sizeof(prefix), "removeMembers[%zu]", j);
                fault(pb, i, prefix, "is removed twice (see removeMembers[%zu])", k);
                break;
            }
        }
    }
}

/* The shape rules of change i beyond its fields. */
static void parse_rules(const approach_change *c, size_t i, kc_problem *pb)
{
    switch (c->op) {
    case APPROACH_ADD_STEP:
        if (c->starts_on != NULL && c->due_on != NULL && strcmp(c->due_on, c->starts_on) < 0)
            fault(pb, i, "dueOn", "is before startsOn (%s)", c->starts_on);
        break;
    case APPROACH_REDATE_STEP:
        if (!c->has_starts_on && !c->has_due_on)
            fault(pb, i, "startsOn", "give startsOn, dueOn or both (null clears a date)");
        break;
    case APPROACH_RESCOPE_BUILDING_BLOCK:
        if (!c->has_title && !c->has_description && !c->has_step_id && !c->has_working_group_id &&
            !c->has_due_on)
            fault(pb, i, "buildingBlockId",
                  "say what changes: title, description, stepId, workingGroupId or dueOn");
        break;
    case APPROACH_CHANGE_GROUP:
        if (!c->has_name && json_array_size(c->add_members) == 0 &&
            json_array_size(c->remove_members) == 0)
            fault(pb, i, "groupId", "say what changes: name, addMembers or removeMembers");
        parse_members(c, i, pb);
        break;
    default:
        break;
    }
}

/* Parses change i (an object) into *c; faults go to pb. */
static void parse_one(const json_t *item, size_t i, approach_change *c, kc_problem *pb)
{
    const char *op = json_string_value(json_object_get(item, "op"));
    kc_problem local;
    size_t k;

    memset(c, 0, sizeof(*c));
    c->source = item;
    if (!json_is_object(item)) {
        fault(pb, i, NULL, "must be an object");
        return;
    }
    for (k = 0; op != NULL && op_names[k] != NULL; k++)
        if (strcmp(op_names[k], op) == 0)
            break;
    if (op == NULL || op_names[k] == NULL) {
        fault(pb, i, "op",
              "is required: add_phase, add_step, remove_step, move_step, redate_step,"
              " rescope_building_block or change_group");
        return;
    }
    c->op = (approach_op)k;
    kc_problem_init(&local);
    if (kc_decode_json(item, op_fields[k].fields, op_fields[k].n, c, &local) != KC_OK) {
        copy_faults(pb, i, "", &local);
        kc_problem_clear(&local);
        return;
    }
    kc_problem_clear(&local);
    c->op_name = op_names[k];
    c->source = item;
    parse_rules(c, i, pb);
}

kc_status approach_changes_parse(const json_t *changes, approach_change **out, size_t *n,
                                 kc_problem *pb)
{
    approach_change *list = NULL;
    const json_t *item;
    size_t i, count = json_array_size(changes);

    *out = NULL;
    *n = 0;
    if (!json_is_array(changes) || count == 0 || count > APPROACH_CHANGES_MAX) {
        kc_problem_add_field(pb, "changes", "an adjust carries 1 to 50 changes");
        return kc_problem_set(pb, KC_INVALID, "an adjust carries 1 to %d changes",
                              APPROACH_CHANGES_MAX);
    }
    list = calloc(count, sizeof(*list));
    if (list == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    json_array_foreach(changes, i, item)
    {
        parse_one(item, i, &list[i], pb);
    }
    if (faults(pb) > 0) {
        free(list);
        return kc_problem_set(pb, KC_INVALID,
                              "%zu field%s of the changes %s invalid: nothing applied", faults(pb),
                              faults(pb) == 1 ? "" : "s", faults(pb) == 1 ? "is" : "are");
    }
    *out = list;
    *n = count;
    return KC_OK;
}

/* Appends s to the array when it is not in it yet; -1 when out of memory. */
static int add_once(json_t *list, const char *s)
{
    const json_t *v;
    size_t i;

    json_array_foreach(list, i, v)
    {
        if (strcmp(json_string_value(v), s) == 0)
            return 0;
    }
    return json_array_append_new(list, json_string(s));
}

json_t *approach_changes_people(const approach_change *c, size_t n)
{
    json_t *ids = json_array();
    const json_t *item;
    size_t i, j;

    for (i = 0; ids != NULL && i < n; i++) {
        json_array_foreach(c[i].add_members, j, item)
        {
            if (add_once(ids, json_string_value(json_object_get(item, "personId"))) != 0) {
                json_decref(ids);
                return NULL;
            }
        }
    }
    return ids;
}

static void copy_id(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src != NULL ? src : "");
}

/* Steps of phase_id at or after position from move by delta. */
static void shift_steps(approach_model *m, const char *phase_id, int from, int delta)
{
    size_t k;

    for (k = 0; k < m->nsteps; k++) {
        am_step *s = &m->steps[k];

        if (s->position >= from && strcmp(s->phase_id, phase_id) == 0) {
            s->position += delta;
            s->dirty = 1;
        }
    }
}

static int apply_add_phase(approach_model *m, approach_change *c, size_t i, kc_problem *pb)
{
    am_phase phase = {0};
    int count = (int)m->nphases;
    size_t k;

    if (count >= APPROACH_PHASES_MAX) {
        fault(pb, i, "op", "the programme has %d phases, the most it may have", count);
        return 0;
    }
    phase.position = c->has_position ? (int)c->position : count + 1;
    if (phase.position > count + 1) {
        fault(pb, i, "position", "must be from 1 to %d (the programme has %d phases)", count + 1,
              count);
        return 0;
    }
    for (k = 0; k < m->nphases; k++)
        if (m->phases[k].position >= phase.position)
            m->phases[k].position++;
    phase.is_new = 1;
    phase.name = c->name;
    phase.description = c->description;
    if (approach_model_add_phase(m, &phase) != 0)
        return -1;
    c->created = m->nphases - 1;
    return 0;
}

static int apply_add_step(approach_model *m, approach_change *c, size_t i, kc_problem *pb)
{
    am_phase *phase = approach_model_phase(m, c->phase_id);
    am_step step = {0};
    int count;

    if (phase == NULL) {
        fault(pb, i, "phaseId", "is not a phase of the programme");
        return 0;
    }
    count = approach_model_steps_in(m, phase->id);
    if (count >= APPROACH_STEPS_MAX) {
        fault(pb, i, "phaseId", "the phase has %d steps, the most it may have", count);
        return 0;
    }
    step.position = c->has_position ? (int)c->position : count + 1;
    if (step.position > count + 1) {
        fault(pb, i, "position", "must be from 1 to %d (the phase has %d steps)", count + 1, count);
        return 0;
    }
    shift_steps(m, phase->id, step.position, 1);
    copy_id(step.phase_id, sizeof(step.phase_id), phase->id);
    copy_id(step.status, sizeof(step.status), "planned");
    copy_id(step.starts_on, sizeof(step.starts_on), c->starts_on);
    copy_id(step.due_on, sizeof(step.due_on), c->due_on);
    step.is_new = 1;
    step.name = c->name;
    step.description = c->description;
    step.kind = c->kind;
    if (approach_model_add_step(m, &step) != 0)
        return -1;
    c->created = m->nsteps - 1;
    return 0;
}

/* The step of change i (stepId), not removed; NULL after a fault. */
static am_step *live_step(approach_model *m, const approach_change *c, size_t i, kc_problem *pb)
{
    am_step *step = approach_model_step(m, c->step_id);

    if (step == NULL)
        fault(pb, i, "stepId", "is not a step of the programme");
    else if (step->position == 0)
        fault(pb, i, "stepId", "is a removed step");
    else
        return step;
    return NULL;
}

static int apply_remove_step(approach_model *m, approach_change *c, size_t i, kc_problem *pb)
{
    am_step *step = live_step(m, c, i, pb);
    int at;

    if (step == NULL)
        return 0;
    if (strcmp(step->status, "completed") == 0) {
        fault(pb, i, "stepId", "is completed: a completed step stays in the approach");
        return 0;
    }
    if (strcmp(step->id, m->decided_step_id) == 0) {
        fault(pb, i, "stepId", "is the step this checkpoint decides on");
        return 0;
    }
    at = step->position;
    step->position = 0;
    copy_id(step->status, sizeof(step->status), "removed");
    step->dirty = 1;
    shift_steps(m, step->phase_id, at + 1, -1);
    return 0;
}

static int apply_move_step(approach_model *m, approach_change *c, size_t i, kc_problem *pb)
{
    am_step *step = live_step(m, c, i, pb);
    am_phase *to;
    int count, same;

    if (step == NULL)
        return 0;
    to = approach_model_phase(m, c->phase_id != NULL ? c->phase_id : step->phase_id);
    if (to == NULL) {
        fault(pb, i, "phaseId", "is not a phase of the programme");
        return 0;
    }
    same = strcmp(to->id, step->phase_id) == 0;
    count = approach_model_steps_in(m, to->id);
    if (!same && count >= APPROACH_STEPS_MAX) {
        fault(pb, i, "phaseId", "the phase has %d steps, the most it may have", count);
        return 0;
    }
    if (c->position > (same ? count : count + 1)) {
        fault(pb, i, "position", "must be from 1 to %d (the phase has %d steps%s)",
              same ? count : count + 1, count, same ? ", this one among them" : "");
        return 0;
    }
    shift_steps(m, step->phase_id, step->position + 1, -1);
    step->position = 0; /* out of both phases while the others shift */
    shift_steps(m, to->id, (int)c->position, 1);
    copy_id(step->phase_id, sizeof(step->phase_id), to->id);
    copy_id(c->to_phase, sizeof(c->to_phase), to->id);
    step->position = (int)c->position;
    step->dirty = 1;
    return 0;
}

static int apply_redate_step(approach_model *m, approach_change *c, size_t i, kc_problem *pb)
{
    am_step *step = live_step(m, c, i, pb);
    char starts[11], due[11];

    if (step == NULL)
        return 0;
    copy_id(starts, sizeof(starts), c->has_starts_on ? c->starts_on : step->starts_on);
    copy_id(due, sizeof(due), c->has_due_on ? c->due_on : step->due_on);
    if (starts[0] != '\0' && due[0] != '\0' && strcmp(due, starts) < 0) {
        fault(pb, i, c->has_due_on ? "dueOn" : "startsOn",
              "the step would be due (%s) before it starts (%s)", due, starts);
        return 0;
    }
    memcpy(step->starts_on, starts, sizeof(starts));
    memcpy(step->due_on, due, sizeof(due));
    step->dirty = 1;
    return 0;
}

static int apply_rescope(approach_model *m, approach_change *c, size_t i, kc_problem *pb)
{
    am_block *block = approach_model_block(m, c->building_block_id);
    am_step *step = NULL;
    am_group *group = NULL;
    size_t before = faults(pb);

    if (block == NULL) {
        fault(pb, i, "buildingBlockId", "is not a building block of the programme");
        return 0;
    }
    if (c->step_id != NULL) {
        step = approach_model_step(m, c->step_id);
        if (step == NULL)
            fault(pb, i, "stepId", "is not a step of the programme");
        else if (step->position == 0)
            fault(pb, i, "stepId", "is a removed step");
    }
    if (c->working_group_id != NULL) {
        group = approach_model_group(m, c->working_group_id);
        if (group == NULL || strcmp(group->kind, "working") != 0)
            fault(pb, i, "workingGroupId", "is not a working group of the programme");
    }
    if (faults(pb) > before)
        return 0;
    if (c->has_title)
        block->title = c->title;
    if (c->has_description)
        block->description = c->description;
    if (c->has_step_id)
        copy_id(block->step_id, sizeof(block->step_id), c->step_id);
    if (c->has_working_group_id)
        copy_id(block->working_group_id, sizeof(block->working_group_id), c->working_group_id);
    if (c->has_due_on)
        copy_id(block->due_on, sizeof(block->due_on), c->due_on);
    block->dirty = 1;
    return 0;
}

static int apply_change_group(approach_model *m, approach_change *c, size_t i, kc_problem *pb)
{
    am_group *group = approach_model_group(m, c->group_id);
    am_member row, *member;
    const json_t *item;
    const char *person;
    char name[48];
    size_t j, before = faults(pb);

    if (group == NULL) {
        fault(pb, i, "groupId", "is not a group of the programme");
        return 0;
    }
    json_array_foreach(c->add_members, j, item)
    {
        person = json_string_value(json_object_get(item, "personId"));
        if (!approach_model_has_person(m, person)) {
            snprintf(name, sizeof(name), "addMembers[%zu].personId", j);
            fault(pb, i, name, "is not a person of the tenant");
        }
    }
    json_array_foreach(c->remove_members, j, item)
    {
        member = approach_model_member(m, group->id, json_string_value(item));
        if (member == NULL || member->role[0] == '\0') {
            snprintf(name, sizeof(name), "removeMembers[%zu]", j);
            fault(pb, i, name, "is not a member of the group");
        }
    }
    if (faults(pb) > before)
        return 0;
    json_array_foreach(c->add_members, j, item)
    {
        person = json_string_value(json_object_get(item, "personId"));
        member = approach_model_member(m, group->id, person);
        if (member == NULL) {
            memset(&row, 0, sizeof(row));
            copy_id(row.group_id, sizeof(row.group_id), group->id);
            copy_id(row.person_id, sizeof(row.person_id), person);
            if (approach_model_add_member(m, &row) != 0)
                return -1;
            member = &m->members[m->nmembers - 1];
        }
        copy_id(member->role, sizeof(member->role),
                json_string_value(json_object_get(item, "role")));
    }
    json_array_foreach(c->remove_members, j, item)
    {
        approach_model_member(m, group->id, json_string_value(item))->role[0] = '\0';
    }
    if (c->has_name)
        group->name = c->name;
    group->dirty = 1;
    return 0;
}

kc_status approach_changes_apply(approach_model *m, approach_change *c, size_t n, kc_problem *pb)
{
    static int (*const apply[])(approach_model *, approach_change *, size_t, kc_problem *) = {
        [APPROACH_ADD_PHASE] = apply_add_phase,
        [APPROACH_ADD_STEP] = apply_add_step,
        [APPROACH_REMOVE_STEP] = apply_remove_step,
        [APPROACH_MOVE_STEP] = apply_move_step,
        [APPROACH_REDATE_STEP] = apply_redate_step,
        [APPROACH_RESCOPE_BUILDING_BLOCK] = apply_rescope,
        [APPROACH_CHANGE_GROUP] = apply_change_group,
    };
    size_t i;

    for (i = 0; i < n; i++)
        if (apply[c[i].op](m, &c[i], i, pb) != 0)
            return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (faults(pb) == 0)
        return KC_OK;
    return kc_problem_set(pb, KC_INVALID,
                          "%zu field%s of the changes %s invalid: the decision is refused and"
                          " nothing is applied",
                          faults(pb), faults(pb) == 1 ? "" : "s", faults(pb) == 1 ? "is" : "are");
}

/* "" as JSON null, else the string. */
static json_t *text_or_null(const char *s)
{
    return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

json_t *approach_changes_record(const approach_model *m, const approach_change *c, size_t n)
{
    json_t *list = json_array(), *item;
    size_t i;

    for (i = 0; list != NULL && i < n; i++) {
        item = json_deep_copy(c[i].source);
        if (item != NULL && c[i].op == APPROACH_ADD_PHASE) {
            json_object_set_new(item, "phaseId", json_string(m->phases[c[i].created].id));
            json_object_set_new(item, "position", json_integer(m->phases[c[i].created].position));
        } else if (item != NULL && c[i].op == APPROACH_ADD_STEP) {
            json_object_set_new(item, "stepId", json_string(m->steps[c[i].created].id));
            json_object_set_new(item, "position", json_integer(m->steps[c[i].created].position));
        }
        if (item == NULL || json_array_append_new(list, item) != 0) {
            json_decref(list);
            list = NULL;
        }
    }
    return list;
}

/* The persons of a change's member list (addMembers objects or
 * removeMembers ids) as an array of ids. */
static json_t *person_ids(const json_t *list)
{
    json_t *ids = json_array();
    const json_t *item;
    size_t j;

    json_array_foreach(list, j, item)
    {
        const json_t *id = json_is_object(item) ? json_object_get(item, "personId") : item;

        if (ids != NULL && json_array_append_new(ids, json_string(json_string_value(id))) != 0) {
            json_decref(ids);
            ids = NULL;
        }
    }
    return ids;
}

/* The event form of change c (ids, positions and dates only). */
static json_t *event_change(const approach_model *m, const approach_change *c)
{
    const am_phase *phase;
    const am_step *step;
    json_t *e = json_pack("{s:s}", "op", c->op_name);

    if (e == NULL)
        return NULL;
    switch (c->op) {
    case APPROACH_ADD_PHASE:
        phase = &m->phases[c->created];
        json_object_set_new(e, "phaseId", json_string(phase->id));
        json_object_set_new(e, "position", json_integer(phase->position));
        break;
    case APPROACH_ADD_STEP:
        step = &m->steps[c->created];
        json_object_set_new(e, "stepId", json_string(step->id));
        json_object_set_new(e, "phaseId", json_string(step->phase_id));
        json_object_set_new(e, "position", json_integer(step->position));
        json_object_set_new(e, "startsOn", text_or_null(c->starts_on));
        json_object_set_new(e, "dueOn", text_or_null(c->due_on));
        break;
    case APPROACH_MOVE_STEP:
        json_object_set_new(e, "phaseId", json_string(c->to_phase));
        json_object_set_new(e, "position", json_integer(c->position));
        /* fall through */
    case APPROACH_REMOVE_STEP:
        json_object_set_new(e, "stepId", json_string(c->step_id));
        break;
    case APPROACH_REDATE_STEP:
        json_object_set_new(e, "stepId", json_string(c->step_id));
        if (c->has_starts_on)
            json_object_set_new(e, "startsOn", text_or_null(c->starts_on));
        if (c->has_due_on)
            json_object_set_new(e, "dueOn", text_or_null(c->due_on));
        break;
    case APPROACH_RESCOPE_BUILDING_BLOCK:
        json_object_set_new(e, "buildingBlockId", json_string(c->building_block_id));
        if (c->has_step_id)
            json_object_set_new(e, "stepId", text_or_null(c->step_id));
        if (c->has_working_group_id)
            json_object_set_new(e, "workingGroupId", text_or_null(c->working_group_id));
        if (c->has_due_on)
            json_object_set_new(e, "dueOn", text_or_null(c->due_on));
        break;
    case APPROACH_CHANGE_GROUP:
        json_object_set_new(e, "groupId", json_string(c->group_id));
        json_object_set_new(e, "addMembers", person_ids(c->add_members));
        json_object_set_new(e, "removeMembers", person_ids(c->remove_members));
        break;
    }
    return e;
}

json_t *approach_changes_event(const approach_model *m, const approach_change *c, size_t n)
{
    json_t *list = json_array(), *item;
    size_t i;

    for (i = 0; list != NULL && i < n; i++) {
        item = event_change(m, &c[i]);
        if (item == NULL || json_array_append_new(list, item) != 0) {
            json_decref(list);
            list = NULL;
        }
    }
    return list;
}
