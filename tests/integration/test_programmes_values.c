/* Integration: core values and example behaviour against a real
 * PostgreSQL. The surveys service's catalogue events applied through the
 * consumer's handler, each in a transaction of its own: applying an event
 * twice leaves what applying it once left. A programme value from each
 * source, with each source's check; example behaviour with its workshop
 * and group checks and who may write it; deletes refused while referred
 * to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "programmes_it.h"
#include "koers/idempotency.h"
#include "events/events_consumer.h"
#include "values/example_behaviour_service.h"
#include "values/programme_value_service.h"

#define TENANT   "6e1c2f4e-7777-4a2b-9c3d-00000000000a"
#define PROG     "00000000-0000-4000-8000-0000000011a1"
#define PROG2    "00000000-0000-4000-8000-0000000011a2"
#define GROUP1   "00000000-0000-4000-8000-0000000012a1"
#define GROUP2   "00000000-0000-4000-8000-0000000012a2"
#define PERSON   "00000000-0000-4000-8000-0000000013a1"
#define WORKSHOP "00000000-0000-4000-8000-0000000014a1"
#define WEBINAR  "00000000-0000-4000-8000-0000000014a2"
#define W_OTHER  "00000000-0000-4000-8000-0000000014a3"
#define SURVEY1  "00000000-0000-4000-8000-0000000015a1"
#define SURVEY2  "00000000-0000-4000-8000-0000000015a2"
#define SURVEY3  "00000000-0000-4000-8000-0000000015a3"
#define SESSION  "00000000-0000-4000-8000-0000000016a1"
#define SESSION2 "00000000-0000-4000-8000-0000000016a2"
#define VALUE1   "00000000-0000-4000-8000-0000000017a1"
#define VALUE2   "00000000-0000-4000-8000-0000000017a2"
#define VALUE3   "00000000-0000-4000-8000-0000000017a3"
#define VALUE4   "00000000-0000-4000-8000-0000000017a4"
#define VALUE5   "00000000-0000-4000-8000-0000000017a5"

static const kc_principal lead = {.kind = KC_PRINCIPAL_STAFF,
                                  .tenant_id = TENANT,
                                  .subject = "lead-1",
                                  .roles = "programme_lead"};
static const kc_principal member = {.kind = KC_PRINCIPAL_STAFF,
                                    .tenant_id = TENANT,
                                    .subject = "member-1",
                                    .roles = "programme_member"};

static int setup(void **state)
{
    (void)state;
    if (programmes_setup() != 0)
        return -1;
    if (kc_resource_prepare(&programme_value_resource) != KC_OK ||
        kc_resource_prepare(&example_behaviour_resource) != KC_OK)
        return -1;
    insert_programme(TENANT, PROG, "Programma", "draft");
    link_surveys(PROG, "{" SURVEY1 "," SURVEY2 "}");
    insert_programme(TENANT, PROG2, "Ander programma", "draft");
    insert_group(TENANT, PROG, GROUP1, "working", "Werkgroep");
    insert_group(TENANT, PROG, GROUP2, "project", "Projectgroep");
    insert_person(TENANT, PERSON, "Lid", "member-1", "employee");
    insert_member(TENANT, GROUP1, PERSON, "member");
    insert_activity(TENANT, PROG, WORKSHOP, "workshop", "Werkplaats", "planned", NULL, NULL);
    insert_activity(TENANT, PROG, WEBINAR, "webinar", "Webinar", "planned", NULL, NULL);
    insert_activity(TENANT, PROG2, W_OTHER, "workshop", "Elders", "planned", NULL, NULL);
    return 0;
}

/* Applies event id (data: its JSON) of the surveys service through the
 * consumer's handler, in a transaction of its own. */
static void apply(const char *id, const char *type, const char *subject, const char *data_json)
{
    it_apply_event(pool, programmes_events_on_survey, TENANT, id, type, subject, data_json, "");
}

/* The catalogue row of value as "name|active|count of rows". */
static void catalogue(const char *value, char *out, size_t n)
{
    it_sql_value(out, n,
                 "SELECT coalesce(max(name), '') || '|' || coalesce(bool_or(active)::text, '')\n"
                 "       || '|' || count(*)\n"
                 "  FROM programmes.value_catalogue\n"
                 " WHERE tenant_id = '%s'\n"
                 "   AND value_id = '%s'",
                 TENANT, value);
}
static void catalogue_events_applied_twice_are_applied_once(void **state)
{
    char v[256];

    (void)state;
    apply("ev-1", "core_value.created", VALUE1, "{\"id\": \"" VALUE1 "\", \"name\": \"Moed\"}");
    apply("ev-1", "core_value.created", VALUE1, "{\"id\": \"" VALUE1 "\", \"name\": \"Moed\"}");
    catalogue(VALUE1, v, sizeof(v));
    assert_string_equal(v, "Moed|true|1");
    apply("ev-2", "core_value.updated", VALUE1, "{\"id\": \"" VALUE1 "\", \"name\": \"Lef\"}");
    catalogue(VALUE1, v, sizeof(v));
    assert_string_equal(v, "Lef|true|1");
    apply("ev-3", "core_value.deleted", VALUE1, "{\"id\": \"" VALUE1 "\", \"name\": \"Lef\"}");
    apply("ev-3", "core_value.deleted", VALUE1, "{\"id\": \"" VALUE1 "\", \"name\": \"Lef\"}");
    catalogue(VALUE1, v, sizeof(v));
    assert_string_equal(v, "Lef|false|1");
    apply("ev-4", "core_value.created", VALUE2,
          "{\"id\": \"" VALUE2 "\", \"name\": \"Vertrouwen\"}");
    /* a promotion keeps the value and remembers its session, once */
    apply("ev-5", "brainstorm.value.promoted", VALUE3,
          "{\"sessionId\": \"" SESSION "\", \"itemId\": \"" SESSION2
          "\", \"coreValueId\": \"" VALUE3 "\", \"name\": \"Samen\"}");
    apply("ev-5", "brainstorm.value.promoted", VALUE3,
          "{\"sessionId\": \"" SESSION "\", \"itemId\": \"" SESSION2
          "\", \"coreValueId\": \"" VALUE3 "\", \"name\": \"Samen\"}");
    catalogue(VALUE3, v, sizeof(v));
    assert_string_equal(v, "Samen|true|1");
    it_sql_value(v, sizeof(v),
                 "SELECT count(*)\n"
                 "  FROM programmes.brainstorm_promotions\n"
                 " WHERE session_id = '%s'\n"
                 "   AND value_id = '%s'",
                 SESSION, VALUE3);
    assert_string_equal(v, "1");
    /* a survey closed with VALUE4 among its top values (the name its event carried) */
    apply("ev-6", "survey.closed", SURVEY1,
          "{\"topValues\": {\"all\": [{\"valueId\": \"" VALUE4
          "\", \"name\": \"Openheid\", \"count\": 4}]}}");
}

/* Creates a programme value of PROG as p; *row (the caller's) on KC_OK;
 * *field the first invalid field named ("" for none). */
static kc_status add_value(const kc_principal *p, const char *json, json_t **row, char *field,
                           size_t n)
{
    kc_idem none = {0};
    json_t *body = json_loads(json, 0, NULL);
    kc_problem pb;
    int replayed = 0;
    kc_status st;

    assert_non_null(body);
    *row = NULL;
    kc_problem_init(&pb);
    st = programme_value_service_create(pool, p, PROG, &none, body, row, &replayed, &pb);
    snprintf(field, n, "%s",
             pb.invalid_params != NULL && json_array_size(pb.invalid_params) > 0
                 ? json_string_value(json_object_get(json_array_get(pb.invalid_params, 0), "name"))
                 : "");
    kc_problem_clear(&pb);
    json_decref(body);
    return st;
}

static char pv_catalogue[37], pv_survey[37], pv_brainstorm[37];

static void each_source_is_checked(void **state)
{
    json_t *row = NULL;
    char f[64];

    (void)state;
    /* catalogue: an active value, no sourceRef */
    assert_int_equal(add_value(&lead, "{\"valueId\": \"" VALUE2 "\", \"source\": \"catalogue\"}",
                               &row, f, sizeof(f)),
                     KC_OK);
    assert_string_equal(json_string_value(json_object_get(row, "name")), "Vertrouwen");
    assert_string_equal(json_string_value(json_object_get(row, "programmeId")), PROG);
    assert_true(json_is_null(json_object_get(row, "sourceRef")));
    assert_int_equal(json_integer_value(json_object_get(row, "position")), 1);
    snprintf(pv_catalogue, sizeof(pv_catalogue), "%s",
             json_string_value(json_object_get(row, "id")));
    json_decref(row);
    assert_int_equal(add_value(&lead, "{\"valueId\": \"" VALUE2 "\", \"source\": \"catalogue\"}",
                               &row, f, sizeof(f)),
                     KC_CONFLICT);
    assert_int_equal(add_value(&lead, "{\"valueId\": \"" VALUE1 "\", \"source\": \"catalogue\"}",
                               &row, f, sizeof(f)),
                     KC_INVALID); /* deleted: not active */
    assert_string_equal(f, "valueId");
    assert_int_equal(add_value(&lead, "{\"valueId\": \"" VALUE5 "\", \"source\": \"catalogue\"}",
                               &row, f, sizeof(f)),
                     KC_INVALID); /* not in the catalogue */
    assert_int_equal(add_value(&lead,
                               "{\"valueId\": \"" VALUE3 "\", \"source\": \"catalogue\","
                               " \"sourceRef\": \"" SESSION "\"}",
                               &row, f, sizeof(f)),
                     KC_INVALID);
    assert_string_equal(f, "sourceRef");
    /* survey: a closed survey of the programme holding the value */
    assert_int_equal(add_value(&lead, "{\"valueId\": \"" VALUE4 "\", \"source\": \"survey\"}", &row,
                               f, sizeof(f)),
                     KC_INVALID);
    assert_string_equal(f, "sourceRef");
    assert_int_equal(add_value(&lead,
                               "{\"valueId\": \"" VALUE4 "\", \"source\": \"survey\","
                               " \"sourceRef\": \"" SURVEY3 "\"}",
                               &row, f, sizeof(f)),
                     KC_INVALID); /* not linked */
    assert_string_equal(f, "sourceRef");
    assert_int_equal(add_value(&lead,
                               "{\"valueId\": \"" VALUE4 "\", \"source\": \"survey\","
                               " \"sourceRef\": \"" SURVEY2 "\"}",
                               &row, f, sizeof(f)),
                     KC_INVALID); /* linked, not closed */
    assert_string_equal(f, "sourceRef");
    assert_int_equal(add_value(&lead,
                               "{\"valueId\": \"" VALUE5 "\", \"source\": \"survey\","
                               " \"sourceRef\": \"" SURVEY1 "\"}",
                               &row, f, sizeof(f)),
                     KC_INVALID); /* not among its results */
    assert_string_equal(f, "valueId");
    assert_int_equal(add_value(&lead,
                               "{\"valueId\": \"" VALUE4 "\", \"source\": \"survey\","
                               " \"sourceRef\": \"" SURVEY1 "\", \"position\": 7}",
                               &row, f, sizeof(f)),
                     KC_OK);
    assert_string_equal(json_string_value(json_object_get(row, "name")), "Openheid");
    assert_string_equal(json_string_value(json_object_get(row, "sourceRef")), SURVEY1);
    assert_int_equal(json_integer_value(json_object_get(row, "position")), 7);
    snprintf(pv_survey, sizeof(pv_survey), "%s", json_string_value(json_object_get(row, "id")));
    json_decref(row);
    /* brainstorm: a session that promoted the value */
    assert_int_equal(add_value(&lead,
                               "{\"valueId\": \"" VALUE3 "\", \"source\": \"brainstorm\","
                               " \"sourceRef\": \"" SESSION2 "\"}",
                               &row, f, sizeof(f)),
                     KC_INVALID);
    assert_string_equal(f, "sourceRef");
    assert_int_equal(add_value(&lead,
                               "{\"valueId\": \"" VALUE3 "\", \"source\": \"brainstorm\","
                               " \"sourceRef\": \"" SESSION "\"}",
                               &row, f, sizeof(f)),
                     KC_OK);
    assert_string_equal(json_string_value(json_object_get(row, "name")), "Samen");
    assert_int_equal(json_integer_value(json_object_get(row, "position")), 8); /* after the last */
    snprintf(pv_brainstorm, sizeof(pv_brainstorm), "%s",
             json_string_value(json_object_get(row, "id")));
    json_decref(row);
}

/* Writes an example behaviour as p; *id its id on KC_OK; *field the first
 * invalid field ("" for none). */
static kc_status add_behaviour(const kc_principal *p, const char *json, char *id, char *field,
                               size_t n)
{
    kc_idem none = {0};
    json_t *body = json_loads(json, 0, NULL), *row = NULL;
    kc_problem pb;
    int replayed = 0;
    kc_status st;

    assert_non_null(body);
    kc_problem_init(&pb);
    st = example_behaviour_service_create(pool, p, &none, body, &row, &replayed, &pb);
    if (st == KC_OK) {
        snprintf(id, 37, "%s", json_string_value(json_object_get(row, "id")));
        assert_string_equal(json_string_value(json_object_get(row, "programmeId")), PROG);
        assert_string_equal(json_string_value(json_object_get(row, "createdBy")), p->subject);
    }
    snprintf(field, n, "%s",
             pb.invalid_params != NULL && json_array_size(pb.invalid_params) > 0
                 ? json_string_value(json_object_get(json_array_get(pb.invalid_params, 0), "name"))
                 : "");
    kc_problem_clear(&pb);
    json_decref(row);
    json_decref(body);
    return st;
}

static void example_behaviour_names_a_workshop_and_a_group_of_the_programme(void **state)
{
    char body[512], id[37], id2[37], f[64];
    kc_problem pb;

    (void)state;
    snprintf(body, sizeof(body),
             "{\"programmeValueId\": \"%s\", \"statement\": \"Ik bel dezelfde dag terug.\","
             " \"workshopId\": \"" WORKSHOP "\", \"groupId\": \"" GROUP1 "\"}",
             pv_catalogue);
    assert_int_equal(add_behaviour(&lead, body, id, f, sizeof(f)), KC_OK);
    snprintf(body, sizeof(body),
             "{\"programmeValueId\": \"%s\", \"statement\": \"X\", \"workshopId\": \"" WEBINAR
             "\"}",
             pv_catalogue);
    assert_int_equal(add_behaviour(&lead, body, id2, f, sizeof(f)), KC_INVALID);
    assert_string_equal(f, "workshopId"); /* not a workshop */
    snprintf(body, sizeof(body),
             "{\"programmeValueId\": \"%s\", \"statement\": \"X\", \"workshopId\": \"" W_OTHER
             "\"}",
             pv_catalogue);
    assert_int_equal(add_behaviour(&lead, body, id2, f, sizeof(f)), KC_INVALID);
    assert_string_equal(f, "workshopId"); /* another programme's */
    snprintf(body, sizeof(body),
             "{\"programmeValueId\": \"%s\", \"statement\": \"X\", \"workshopId\": \"" VALUE5 "\"}",
             pv_catalogue);
    assert_int_equal(add_behaviour(&lead, body, id2, f, sizeof(f)), KC_INVALID);
    assert_int_equal(add_behaviour(&lead,
                                   "{\"programmeValueId\": \"" VALUE5 "\", \"statement\": \"X\"}",
                                   id2, f, sizeof(f)),
                     KC_INVALID);
    assert_string_equal(f, "programmeValueId");
    /* a member writes for their own group, not without one, not for another */
    snprintf(body, sizeof(body),
             "{\"programmeValueId\": \"%s\", \"statement\": \"Ik vraag door.\", \"groupId\": "
             "\"" GROUP1 "\"}",
             pv_survey);
    assert_int_equal(add_behaviour(&member, body, id2, f, sizeof(f)), KC_OK);
    snprintf(body, sizeof(body), "{\"programmeValueId\": \"%s\", \"statement\": \"X\"}", pv_survey);
    assert_int_equal(add_behaviour(&member, body, id2 + 0, f, sizeof(f)), KC_FORBIDDEN);
    snprintf(body, sizeof(body),
             "{\"programmeValueId\": \"%s\", \"statement\": \"X\", \"groupId\": \"" GROUP2 "\"}",
             pv_survey);
    assert_int_equal(add_behaviour(&member, body, id2 + 0, f, sizeof(f)), KC_FORBIDDEN);
    /* deletes refused while referred to: the value while behaviour names it */
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_delete(pool, &programme_value_resource, &lead, pv_catalogue, &pb),
                     KC_CONFLICT);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    /* a member of its group may delete the behaviour the lead wrote for the group */
    assert_int_equal(kc_resource_delete(pool, &example_behaviour_resource, &member, id, &pb),
                     KC_OK);
    assert_int_equal(kc_resource_delete(pool, &programme_value_resource, &lead, pv_catalogue, &pb),
                     KC_OK);
    kc_problem_clear(&pb);
}

static void a_programme_value_changes_only_its_position(void **state)
{
    json_t *body = json_pack("{s:i}", "position", 3), *row = NULL;
    json_t *bad = json_pack("{s:s}", "name", "Anders");
    long long version = 0;
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_update(pool, &programme_value_resource, &lead, pv_brainstorm, body,
                                        -1, &row, &version, &pb),
                     KC_OK);
    assert_int_equal(json_integer_value(json_object_get(row, "position")), 3);
    json_decref(row);
    row = NULL;
    assert_int_equal(kc_resource_update(pool, &programme_value_resource, &lead, pv_brainstorm, bad,
                                        -1, &row, &version, &pb),
                     KC_INVALID);
    kc_problem_clear(&pb);
    json_decref(bad);
    json_decref(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(catalogue_events_applied_twice_are_applied_once),
        cmocka_unit_test(each_source_is_checked),
        cmocka_unit_test(example_behaviour_names_a_workshop_and_a_group_of_the_programme),
        cmocka_unit_test(a_programme_value_changes_only_its_position),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
