/* LINK: intake/event_map.c intake/event_rules.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "intake/event_map.h"

#define BASE "http://gw.example"
#define ID1  "11111111-1111-4111-8111-111111111111"
#define ID2  "22222222-2222-4222-8222-222222222222"
#define ID3  "33333333-3333-4333-8333-333333333333"
#define EVID "99999999-9999-4999-8999-999999999999"
#define WHEN "2026-11-23T10:55:40.123Z"

/* What a citizen or a member of staff wrote: must never reach a message. */
static const char *const personal[] = {"Jan Jansen", "jan@example.nl", "Kerkstraat 1",
                                       "my neighbour's dog barks all night", NULL};

/* The message of (source, type, subject, data JSON) at WHEN, into *m. */
static void map(const char *source, const char *type, const char *subject, const char *data_json,
                event_message *m)
{
    json_error_t jerr;
    json_t *data = json_loads(data_json, 0, &jerr);
    kc_consumer_event ev = {0};
    kc_problem pb;

    assert_non_null(data);
    ev.id = EVID;
    ev.type = type;
    ev.subject = subject;
    ev.data = data;
    ev.time = WHEN;
    kc_problem_init(&pb);
    assert_int_equal(event_map_message(source, BASE, &ev, m, &pb), KC_OK);
    kc_problem_clear(&pb);
    json_decref(data);
}

static void assert_no_personal_data(const char *body)
{
    size_t i;

    for (i = 0; personal[i] != NULL; i++)
        if (strstr(body, personal[i]) != NULL)
            fail_msg("personal data \"%s\" in %s", personal[i], body);
}

static void cases_kanaal(void **state)
{
    event_message m;

    (void)state;
    map("casedesk", "case.status.changed", ID1,
        "{\"caseId\": \"" ID1 "\", \"reference\": \"KS-2026-000123\", \"categoryId\": \"" ID2 "\","
        " \"district\": \"Noord\", \"status\": \"in_progress\", \"priority\": \"high\","
        " \"officerId\": \"" ID3 "\", \"fromStatus\": \"received\","
        " \"citizenName\": \"Jan Jansen\", \"email\": \"jan@example.nl\"}",
        &m);
    assert_string_equal(
        m.body, "{\"kanaal\":\"cases\",\"hoofdObject\":\"" BASE "/casedesk/v1/cases/" ID1 "\","
                "\"resource\":\"case\",\"resourceUrl\":\"" BASE "/casedesk/v1/cases/" ID1 "\","
                "\"actie\":\"status.changed\",\"aanmaakdatum\":\"" WHEN "\","
                "\"kenmerken\":{\"eventType\":\"case.status.changed\",\"category\":\"" ID2 "\","
                "\"status\":\"in_progress\",\"district\":\"Noord\",\"priority\":\"high\"}}");
    assert_string_equal(m.hoofd_object, BASE "/casedesk/v1/cases/" ID1);
    assert_no_personal_data(m.body);
    event_message_clear(&m);
}

static void referrals_kanaal(void **state)
{
    event_message m;

    (void)state;
    map("casedesk", "referral.created", ID1,
        "{\"caseId\": \"" ID1 "\", \"status\": \"in_progress\", \"referralId\": \"" ID2 "\","
        " \"departmentId\": \"" ID3 "\", \"officialId\": null, \"escalationLevel\": 0,"
        " \"question\": \"my neighbour's dog barks all night\"}",
        &m);
    assert_string_equal(
        m.body,
        "{\"kanaal\":\"referrals\",\"hoofdObject\":\"" BASE "/casedesk/v1/cases/" ID1 "\","
        "\"resource\":\"referral\",\"resourceUrl\":\"" BASE "/casedesk/v1/referrals/" ID2 "\","
        "\"actie\":\"create\",\"aanmaakdatum\":\"" WHEN "\","
        "\"kenmerken\":{\"eventType\":\"referral.created\",\"status\":\"open\","
        "\"departmentId\":\"" ID3 "\"}}");
    event_message_clear(&m);

    /* a reminder does not say the referral's status: no status kenmerk
     * (the case's status in data is not the referral's) */
    map("casedesk", "referral.reminder", ID1,
        "{\"caseId\": \"" ID1 "\", \"status\": \"in_progress\", \"referralId\": \"" ID2 "\","
        " \"deadline\": \"answer\"}",
        &m);
    assert_string_equal(m.kanaal, "referrals");
    assert_string_equal(m.actie, "reminder");
    assert_string_equal(m.resource, "referral");
    assert_int_equal(json_object_size(m.kenmerken), 1);
    assert_string_equal(json_string_value(json_object_get(m.kenmerken, "eventType")),
                        "referral.reminder");
    event_message_clear(&m);
}

static void surveys_kanaal(void **state)
{
    event_message m;

    (void)state;
    map("surveys", "survey.closed", ID1,
        "{\"surveyId\": \"" ID1 "\", \"title\": \"Jan Jansen asks\", \"kind\": \"climate\","
        " \"audiences\": [\"staff\"], \"seriesId\": \"" ID2 "\", \"wave\": 2,"
        " \"status\": \"closed\", \"topValues\": {}}",
        &m);
    assert_string_equal(
        m.body, "{\"kanaal\":\"surveys\",\"hoofdObject\":\"" BASE "/surveys/v1/surveys/" ID1 "\","
                "\"resource\":\"survey\",\"resourceUrl\":\"" BASE "/surveys/v1/surveys/" ID1 "\","
                "\"actie\":\"closed\",\"aanmaakdatum\":\"" WHEN "\","
                "\"kenmerken\":{\"eventType\":\"survey.closed\",\"kind\":\"climate\","
                "\"status\":\"closed\"}}");
    assert_no_personal_data(m.body);
    event_message_clear(&m);

    /* the promoted item's session is the resource, not the core value */
    map("surveys", "brainstorm.value.promoted", ID3,
        "{\"sessionId\": \"" ID1 "\", \"itemId\": \"" ID2 "\", \"coreValueId\": \"" ID3 "\","
        " \"name\": \"Kerkstraat 1\"}",
        &m);
    assert_string_equal(m.resource, "brainstorm");
    assert_string_equal(m.resource_url, BASE "/surveys/v1/brainstorm-sessions/" ID1);
    assert_string_equal(m.hoofd_object, m.resource_url);
    assert_string_equal(m.actie, "value.promoted");
    assert_no_personal_data(m.body);
    event_message_clear(&m);

    map("surveys", "core_value.created", ID1, "{\"id\": \"" ID1 "\", \"name\": \"Trust\"}", &m);
    assert_string_equal(m.resource_url, BASE "/surveys/v1/core-values/" ID1);
    assert_string_equal(m.actie, "create");
    assert_null(strstr(m.body, "Trust"));
    event_message_clear(&m);
}

static void processes_kanaal(void **state)
{
    event_message m;

    (void)state;
    map("processes", "bottleneck.raised", ID1,
        "{\"id\": \"" ID1 "\", \"processId\": \"" ID2 "\", \"stepId\": \"" ID3 "\","
        " \"source\": \"citizens\", \"impact\": 4, \"effort\": 2, \"score\": 8,"
        " \"quadrant\": \"quick_win\", \"status\": \"proposed\"}",
        &m);
    assert_string_equal(
        m.body,
        "{\"kanaal\":\"processes\",\"hoofdObject\":\"" BASE "/processes/v1/processes/" ID2 "\","
        "\"resource\":\"bottleneck\",\"resourceUrl\":\"" BASE "/processes/v1/bottlenecks/" ID1
        "\",\"actie\":\"raised\",\"aanmaakdatum\":\"" WHEN "\","
        "\"kenmerken\":{\"eventType\":\"bottleneck.raised\",\"processId\":\"" ID2 "\","
        "\"status\":\"proposed\"}}");
    event_message_clear(&m);

    /* a status move: the state it went to; the process is its own */
    map("processes", "process.status.changed", ID2,
        "{\"id\": \"" ID2 "\", \"from\": \"draft\", \"to\": \"active\","
        " \"reason\": \"my neighbour's dog barks all night\"}",
        &m);
    assert_string_equal(m.hoofd_object, BASE "/processes/v1/processes/" ID2);
    assert_string_equal(m.resource_url, m.hoofd_object);
    assert_string_equal(json_string_value(json_object_get(m.kenmerken, "processId")), ID2);
    assert_string_equal(json_string_value(json_object_get(m.kenmerken, "status")), "active");
    assert_no_personal_data(m.body);
    event_message_clear(&m);

    /* a kit event carries only the id: the resource is its own hoofdObject */
    map("processes", "kpi.deleted", ID3, "{\"id\": \"" ID3 "\"}", &m);
    assert_string_equal(m.resource_url, BASE "/processes/v1/kpis/" ID3);
    assert_string_equal(m.hoofd_object, m.resource_url);
    assert_string_equal(m.actie, "destroy");
    assert_int_equal(json_object_size(m.kenmerken), 1);
    event_message_clear(&m);
}

static void programmes_kanaal(void **state)
{
    event_message m;

    (void)state;
    map("programmes", "proposal.decided", ID1,
        "{\"id\": \"" ID1 "\", \"programmeId\": \"" ID2 "\", \"decisionId\": \"" ID3 "\","
        " \"outcome\": \"approved\"}",
        &m);
    assert_string_equal(
        m.body,
        "{\"kanaal\":\"programmes\",\"hoofdObject\":\"" BASE "/programmes/v1/programmes/" ID2
        "\",\"resource\":\"proposal\",\"resourceUrl\":\"" BASE "/programmes/v1/proposals/" ID1
        "\",\"actie\":\"decided\",\"aanmaakdatum\":\"" WHEN "\","
        "\"kenmerken\":{\"eventType\":\"proposal.decided\",\"programmeId\":\"" ID2 "\"}}");
    event_message_clear(&m);

    /* the subject is the step: the programme's approach is the resource */
    map("programmes", "programme.step.completed", ID3,
        "{\"programmeId\": \"" ID2 "\", \"stepId\": \"" ID3 "\", \"phaseId\": \"" ID1 "\"}", &m);
    assert_string_equal(m.resource, "programme");
    assert_string_equal(m.resource_url, BASE "/programmes/v1/programmes/" ID2 "/approach");
    assert_string_equal(m.hoofd_object, BASE "/programmes/v1/programmes/" ID2);
    assert_string_equal(m.actie, "step.completed");
    event_message_clear(&m);

    map("programmes", "programme.status.changed", ID2,
        "{\"id\": \"" ID2 "\", \"from\": \"draft\", \"to\": \"running\"}", &m);
    assert_string_equal(m.resource_url, BASE "/programmes/v1/programmes/" ID2);
    assert_string_equal(json_string_value(json_object_get(m.kenmerken, "programmeId")), ID2);
    assert_string_equal(json_string_value(json_object_get(m.kenmerken, "status")), "running");
    event_message_clear(&m);

    /* programme_value.* is its own family, not programme.* */
    map("programmes", "programme_value.updated", ID1, "{\"id\": \"" ID1 "\"}", &m);
    assert_string_equal(m.resource, "programme_value");
    assert_string_equal(m.resource_url, BASE "/programmes/v1/programme-values/" ID1);
    assert_string_equal(m.actie, "update");
    assert_null(json_object_get(m.kenmerken, "programmeId"));
    event_message_clear(&m);
}

/* An event type not in the table still makes a message on its source's
 * kanaal, pointing at the source's replay. */
static void unknown_type_fallback(void **state)
{
    event_message m;

    (void)state;
    map("casedesk", "department.created", ID1, "{\"id\": \"" ID1 "\", \"name\": \"Jan Jansen\"}",
        &m);
    assert_string_equal(
        m.body, "{\"kanaal\":\"cases\",\"hoofdObject\":\"" BASE "/casedesk/v1/events\","
                "\"resource\":\"department\",\"resourceUrl\":\"" BASE "/casedesk/v1/events\","
                "\"actie\":\"create\",\"aanmaakdatum\":\"" WHEN "\","
                "\"kenmerken\":{\"eventType\":\"department.created\"}}");
    event_message_clear(&m);

    map("programmes", "buddy_pair.formed", ID1, "{}", &m);
    assert_string_equal(m.kanaal, "programmes");
    assert_string_equal(m.resource, "buddy_pair");
    assert_string_equal(m.resource_url, BASE "/programmes/v1/events");
    event_message_clear(&m);

    /* a known family whose id is missing: the replay as well */
    map("casedesk", "referral.answered", ID1, "{\"status\": \"in_progress\"}", &m);
    assert_string_equal(m.kanaal, "referrals");
    assert_string_equal(m.resource_url, BASE "/casedesk/v1/events");
    assert_string_equal(m.hoofd_object, BASE "/casedesk/v1/cases/" ID1);
    event_message_clear(&m);

    /* an id that cannot stand in a path is not put in one */
    map("processes", "improvement.created", "../../admin", "{}", &m);
    assert_string_equal(m.resource_url, BASE "/processes/v1/events");
    event_message_clear(&m);
}

/* Numbers and booleans as text; null, objects and arrays left out. */
static void kenmerk_values_are_text(void **state)
{
    event_message m;

    (void)state;
    map("casedesk", "case.assigned", ID1,
        "{\"categoryId\": 7, \"status\": true, \"district\": null, \"priority\": [\"high\"]}", &m);
    assert_string_equal(json_string_value(json_object_get(m.kenmerken, "category")), "7");
    assert_string_equal(json_string_value(json_object_get(m.kenmerken, "status")), "true");
    assert_null(json_object_get(m.kenmerken, "district"));
    assert_null(json_object_get(m.kenmerken, "priority"));
    event_message_clear(&m);
}

/* The kanalen of sql/001 with their filters (eventType first). */
static const char *const kanaal_filters[][6] = {
    {"cases", "eventType", "category", "status", "district", "priority"},
    {"referrals", "eventType", "status", "departmentId", NULL, NULL},
    {"surveys", "eventType", "kind", "status", NULL, NULL},
    {"processes", "eventType", "processId", "status", NULL, NULL},
    {"programmes", "eventType", "programmeId", "status", NULL, NULL},
};

static int allowed_kenmerk(const char *kanaal, const char *key)
{
    size_t i, j;

    for (i = 0; i < sizeof(kanaal_filters) / sizeof(kanaal_filters[0]); i++)
        for (j = 1; strcmp(kanaal_filters[i][0], kanaal) == 0 && j < 6; j++)
            if (kanaal_filters[i][j] != NULL && strcmp(kanaal_filters[i][j], key) == 0)
                return 1;
    return 0;
}

/* Every line of the table, fed an event whose data holds every member
 * the table reads (and numbers, booleans, personal data besides): the
 * kenmerken are strings under the kanaal's filters only, the paths are
 * under the source's base path, and nothing personal passes. */
static void every_rule_is_safe(void **state)
{
    static const char data[] =
        "{\"id\": \"" ID1 "\", \"categoryId\": \"" ID2 "\", \"status\": \"open\","
        " \"district\": \"Zuid\", \"priority\": 3, \"referralId\": \"" ID2 "\","
        " \"departmentId\": \"" ID3 "\", \"kind\": \"climate\", \"processId\": \"" ID2 "\","
        " \"programmeId\": \"" ID2 "\", \"sessionId\": \"" ID3 "\", \"manifestId\": \"" ID3 "\","
        " \"to\": \"done\", \"value\": 2.5, \"attended\": true,"
        " \"name\": \"Jan Jansen\", \"email\": \"jan@example.nl\", \"address\": \"Kerkstraat 1\","
        " \"text\": \"my neighbour's dog barks all night\","
        " \"title\": \"Jan Jansen\", \"question\": \"jan@example.nl\"}";
    const event_rule *rules;
    const event_source *sources;
    size_t nrules, nsources, i, j;
    char type[96], base_path[32];
    event_message m;
    const char *key;
    json_t *v;

    (void)state;
    rules = event_map_rules(&nrules);
    sources = event_map_sources(&nsources);
    assert_true(nrules > 30);
    for (i = 0; i < nrules; i++) {
        snprintf(type, sizeof(type), "%s%s", rules[i].type,
                 rules[i].type[strlen(rules[i].type) - 1] == '.' ? "updated" : "");
        map(rules[i].source, type, ID1, data, &m);
        assert_string_equal(m.kanaal, rules[i].kanaal);
        assert_ptr_equal(event_map_rule(rules[i].source, type), &rules[i]);
        json_object_foreach(m.kenmerken, key, v)
        {
            assert_true(json_is_string(v));
            if (!allowed_kenmerk(m.kanaal, key))
                fail_msg("kenmerk %s of %s is not a filter of %s", key, type, m.kanaal);
        }
        assert_string_equal(json_string_value(json_object_get(m.kenmerken, "eventType")), type);
        for (j = 0; j < nsources; j++)
            if (strcmp(sources[j].source, rules[i].source) == 0)
                snprintf(base_path, sizeof(base_path), "%s%s/", BASE, sources[j].base_path);
        assert_int_equal(strncmp(m.resource_url, base_path, strlen(base_path)), 0);
        assert_int_equal(strncmp(m.hoofd_object, base_path, strlen(base_path)), 0);
        assert_null(strstr(m.resource_url, "{id}"));
        assert_null(strstr(m.hoofd_object, "{id}"));
        assert_no_personal_data(m.body);
        event_message_clear(&m);
    }
    assert_true(event_map_is_kanaal("referrals"));
    assert_false(event_map_is_kanaal("test"));
    assert_false(event_map_is_kanaal("case"));
}

static void aanmaakdatum_and_base(void **state)
{
    kc_consumer_event ev = {0};
    event_message m;
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    ev.id = EVID;
    ev.type = "case.closed";
    ev.subject = ID1;
    ev.data = NULL;
    ev.time = "yesterday";
    assert_int_equal(event_map_message("casedesk", BASE "//", &ev, &m, &pb), KC_OK);
    assert_int_equal(strlen(m.aanmaakdatum), strlen(WHEN));
    assert_int_equal(m.aanmaakdatum[10], 'T');
    assert_int_equal(m.aanmaakdatum[23], 'Z');
    assert_string_equal(m.resource_url, BASE "/casedesk/v1/cases/" ID1);
    assert_int_equal(json_object_size(m.kenmerken), 1);
    event_message_clear(&m);

    ev.time = "2026-11-23T10:55:40Z";
    assert_int_equal(event_map_message("casedesk", BASE, &ev, &m, &pb), KC_OK);
    assert_string_equal(m.aanmaakdatum, "2026-11-23T10:55:40Z");
    event_message_clear(&m);

    assert_int_equal(event_map_message("nowhere", BASE, &ev, &m, &pb), KC_INVALID);
    assert_null(m.body);
    kc_problem_clear(&pb);
}

/* The test message of a new subscription, from its parts. */
static void body_of_parts(void **state)
{
    char *body;

    (void)state;
    body = event_map_body("test", BASE "/notifications/v1/kanaal", "test",
                          BASE "/notifications/v1/kanaal", "create", WHEN, NULL);
    assert_string_equal(body, "{\"kanaal\":\"test\",\"hoofdObject\":\"" BASE
                              "/notifications/v1/kanaal\",\"resource\":\"test\",\"resourceUrl\":"
                              "\"" BASE "/notifications/v1/kanaal\",\"actie\":\"create\","
                              "\"aanmaakdatum\":\"" WHEN "\",\"kenmerken\":{}}");
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cases_kanaal),
        cmocka_unit_test(referrals_kanaal),
        cmocka_unit_test(surveys_kanaal),
        cmocka_unit_test(processes_kanaal),
        cmocka_unit_test(programmes_kanaal),
        cmocka_unit_test(unknown_type_fallback),
        cmocka_unit_test(kenmerk_values_are_text),
        cmocka_unit_test(every_rule_is_safe),
        cmocka_unit_test(aanmaakdatum_and_base),
        cmocka_unit_test(body_of_parts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
