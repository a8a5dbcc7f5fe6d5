#include "intake/event_map.h"

/* The mapping from every event type the services publish to the message's
 * kanaal, resource, resourceUrl, hoofdObject and kenmerken (event_map.h).
 * Checked against each service's event data (kc_outbox_add calls, the
 * resource kit's event prefixes, kc_status_move_event) and its routes:
 * every path below is a GET endpoint of the service. Kept in step with
 * services/notifications/README.md ("intake") and the Notificatie schema of
 * api-spec/notifications.yaml. */

#define SUBJECT                                                                                    \
    {                                                                                              \
        .from = EVENT_FROM_SUBJECT                                                                 \
    }
#define DATA(m)                                                                                    \
    {                                                                                              \
        .from = EVENT_FROM_DATA, .text = (m)                                                       \
    }
#define FIXED(v)                                                                                   \
    {                                                                                              \
        .from = EVENT_FROM_FIXED, .text = (v)                                                      \
    }
#define STATE                                                                                      \
    {                                                                                              \
        .from = EVENT_FROM_STATE                                                                   \
    }
#define NOWHERE                                                                                    \
    {                                                                                              \
        .from = EVENT_FROM_NONE                                                                    \
    }
#define K(n, ...)                                                                                  \
    {                                                                                              \
        .name = (n), .value = __VA_ARGS__                                                          \
    }
#define PROGRAMME "/programmes/v1/programmes/{id}"
#define PROCESS   "/processes/v1/processes/{id}"

/* cases: the case's data as every case event carries it (case_event_data:
 * categoryId, status, district, priority; never the citizen) */
#define CASE_KENMERKEN                                                                             \
    {                                                                                              \
        K("category", DATA("categoryId")), K("status", DATA("status")),                            \
            K("district", DATA("district")), K("priority", DATA("priority"))                       \
    }

/* referrals: the referral's own status, which its event type fixes where
 * it does (data "status" is the case's), and its department; the
 * resource is the referral (data referralId), the hoofdObject its case
 * (the subject) */
#define REFERRAL(t, ...)                                                                           \
    {                                                                                              \
        .source = "casedesk", .type = (t), .kanaal = "referrals", .resource = "referral",          \
        .resource_path = "/casedesk/v1/referrals/{id}", .resource_id = DATA("referralId"),         \
        .main_path = "/casedesk/v1/cases/{id}", .main_id = SUBJECT, .kenmerken = {                 \
            K("status", __VA_ARGS__),                                                              \
            K("departmentId", DATA("departmentId"))                                                \
        }                                                                                          \
    }

/* processes and programmes: a resource (the subject) of the process or
 * programme the event names in data processId / programmeId (the
 * hoofdObject when it does), and the status a move went to */
#define IN_PROCESS(t, res, path)                                                                   \
    {                                                                                              \
        .source = "processes", .type = (t), .kanaal = "processes", .resource = (res),              \
        .resource_path = (path), .resource_id = SUBJECT, .main_path = PROCESS,                     \
        .main_id = DATA("processId"), .kenmerken = {                                               \
            K("processId", DATA("processId")),                                                     \
            K("status", STATE)                                                                     \
        }                                                                                          \
    }
#define PROGRAMME_KENMERKEN                                                                        \
    {                                                                                              \
        K("programmeId", DATA("programmeId")), K("status", STATE)                                  \
    }
#define IN_PROGRAMME(t, res, path)                                                                 \
    {                                                                                              \
        .source = "programmes", .type = (t), .kanaal = "programmes", .resource = (res),            \
        .resource_path = (path), .resource_id = SUBJECT, .main_path = PROGRAMME,                   \
        .main_id = DATA("programmeId"), .kenmerken = PROGRAMME_KENMERKEN                           \
    }

static const event_rule rules[] = {
    /* ---- casedesk ---- */
    {.source = "casedesk",
     .type = "case.",
     .kanaal = "cases",
     .resource = "case",
     .resource_path = "/casedesk/v1/cases/{id}",
     .resource_id = SUBJECT,
     .kenmerken = CASE_KENMERKEN},
    REFERRAL("referral.created", FIXED("open")),
    REFERRAL("referral.acknowledged", FIXED("acknowledged")),
    REFERRAL("referral.answered", FIXED("answered")),
    REFERRAL("referral.withdrawn", FIXED("withdrawn")),
    /* reminder, overdue, escalated: the referral is still open or
     * acknowledged, which the event does not say */
    REFERRAL("referral.", NOWHERE),

    /* ---- surveys ---- */
    {.source = "surveys",
     .type = "survey.",
     .kanaal = "surveys",
     .resource = "survey",
     .resource_path = "/surveys/v1/surveys/{id}",
     .resource_id = SUBJECT,
     .kenmerken = {K("kind", DATA("kind")), K("status", DATA("status"))}},
    {.source = "surveys",
     .type = "core_value.",
     .kanaal = "surveys",
     .resource = "core_value",
     .resource_path = "/surveys/v1/core-values/{id}",
     .resource_id = SUBJECT},
    /* brainstorm.value.promoted: the subject is the new core value; the
     * session is the resource */
    {.source = "surveys",
     .type = "brainstorm.",
     .kanaal = "surveys",
     .resource = "brainstorm",
     .resource_path = "/surveys/v1/brainstorm-sessions/{id}",
     .resource_id = DATA("sessionId")},

    /* ---- processes ---- */
    {.source = "processes",
     .type = "process.",
     .kanaal = "processes",
     .resource = "process",
     .resource_path = PROCESS,
     .resource_id = SUBJECT,
     .kenmerken = {K("processId", SUBJECT), K("status", STATE)}},
    IN_PROCESS("bottleneck.", "bottleneck", "/processes/v1/bottlenecks/{id}"),
    IN_PROCESS("improvement.", "improvement", "/processes/v1/improvements/{id}"),
    IN_PROCESS("kpi.", "kpi", "/processes/v1/kpis/{id}"),
    IN_PROCESS("category_mapping.", "category_mapping", "/processes/v1/category-mappings/{id}"),

    /* ---- programmes ---- */
    {.source = "programmes",
     .type = "programme.",
     .kanaal = "programmes",
     .resource = "programme",
     .resource_path = PROGRAMME,
     .resource_id = SUBJECT,
     .kenmerken = {K("programmeId", SUBJECT), K("status", STATE)}},
    /* the subject is the step; the programme's approach holds it */
    {.source = "programmes",
     .type = "programme.step.completed",
     .kanaal = "programmes",
     .resource = "programme",
     .resource_path = "/programmes/v1/programmes/{id}/approach",
     .resource_id = DATA("programmeId"),
     .main_path = PROGRAMME,
     .main_id = DATA("programmeId"),
     .kenmerken = {K("programmeId", DATA("programmeId"))}},
    /* the subject is the goal; the programme's relapse signals list it */
    {.source = "programmes",
     .type = "relapse.",
     .kanaal = "programmes",
     .resource = "relapse",
     .resource_path = "/programmes/v1/programmes/{id}/relapse-signals",
     .resource_id = DATA("programmeId"),
     .main_path = PROGRAMME,
     .main_id = DATA("programmeId"),
     .kenmerken = PROGRAMME_KENMERKEN},
    /* the subject is the round; the manifest's rounds list it */
    {.source = "programmes",
     .type = "consultation.",
     .kanaal = "programmes",
     .resource = "consultation",
     .resource_path = "/programmes/v1/manifests/{id}/rounds",
     .resource_id = DATA("manifestId"),
     .main_path = PROGRAMME,
     .main_id = DATA("programmeId"),
     .kenmerken = PROGRAMME_KENMERKEN},
    IN_PROGRAMME("activity.", "activity", "/programmes/v1/activities/{id}"),
    IN_PROGRAMME("cohort.", "cohort", "/programmes/v1/cohorts/{id}"),
    IN_PROGRAMME("goal.", "goal", "/programmes/v1/goals/{id}"),
    IN_PROGRAMME("indicator.", "indicator", "/programmes/v1/indicators/{id}"),
    IN_PROGRAMME("coaching_entry.", "coaching_entry", "/programmes/v1/coaching-entries/{id}"),
    IN_PROGRAMME("lesson.", "lesson", "/programmes/v1/lessons/{id}"),
    IN_PROGRAMME("manifest.", "manifest", "/programmes/v1/manifests/{id}"),
    IN_PROGRAMME("behaviour_agreement.", "behaviour_agreement",
                 "/programmes/v1/behaviour-agreements/{id}"),
    IN_PROGRAMME("programme_value.", "programme_value", "/programmes/v1/programme-values/{id}"),
    IN_PROGRAMME("example_behaviour.", "example_behaviour",
                 "/programmes/v1/example-behaviours/{id}"),
    IN_PROGRAMME("group.", "group", "/programmes/v1/groups/{id}"),
    IN_PROGRAMME("building_block.", "building_block", "/programmes/v1/building-blocks/{id}"),
    IN_PROGRAMME("checkpoint.", "checkpoint", "/programmes/v1/checkpoints/{id}"),
    IN_PROGRAMME("proposal.", "proposal", "/programmes/v1/proposals/{id}"),
    IN_PROGRAMME("action.", "action", "/programmes/v1/actions/{id}"),
};

static const event_source sources[] = {
    {"casedesk", "cases", "/casedesk/v1"},
    {"surveys", "surveys", "/surveys/v1"},
    {"processes", "processes", "/processes/v1"},
    {"programmes", "programmes", "/programmes/v1"},
};

const event_rule *event_map_rules(size_t *n)
{
    *n = sizeof(rules) / sizeof(rules[0]);
    return rules;
}

const event_source *event_map_sources(size_t *n)
{
    *n = sizeof(sources) / sizeof(sources[0]);
    return sources;
}
