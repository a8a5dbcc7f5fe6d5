/* The rules of core values (values/value_rules.c) and the catalogue copy
 * they drive (values/value_catalogue_service.c, its repository faked):
 * which surveys events change the copy and how, which are skipped, and
 * which sources a programme value may name. */
/* LINK: values/value_rules.c values/value_catalogue_service.c */
/* WRAP: value_catalogue_repo_upsert value_catalogue_repo_deactivate */
/* WRAP: value_catalogue_repo_promotion value_catalogue_repo_list */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "koers_test.h"
#include "values/value_catalogue_repo.h"
#include "values/value_catalogue_service.h"
#include "values/value_rules.h"

#define TENANT  "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define VALUE   "00000000-0000-4000-8000-0000000000b1"
#define SESSION "00000000-0000-4000-8000-0000000000c1"

/* the fake copy: what the service asked of it */
static struct {
    int upserts, deactivations, promotions, fail;
    char value[40], name[256], active[8], session[40];
} db;

static int reset(void **state)
{
    (void)state;
    memset(&db, 0, sizeof(db));
    return 0;
}

KT_FAKE(value_catalogue_repo_upsert);
kc_status __wrap_value_catalogue_repo_upsert(kc_db_conn *conn, const char *tenant_id,
                                             const char *value_id, const char *name,
                                             const char *active, const char *event_id,
                                             kc_problem *pb)
{
    (void)conn, (void)event_id;
    assert_string_equal(tenant_id, TENANT);
    if (db.fail)
        return kc_problem_set(pb, KC_UNAVAILABLE, "database gone");
    db.upserts++;
    snprintf(db.value, sizeof(db.value), "%s", value_id);
    snprintf(db.name, sizeof(db.name), "%s", name);
    snprintf(db.active, sizeof(db.active), "%s", active);
    return KC_OK;
}

KT_FAKE(value_catalogue_repo_deactivate);
kc_status __wrap_value_catalogue_repo_deactivate(kc_db_conn *conn, const char *tenant_id,
                                                 const char *value_id, const char *event_id,
                                                 kc_problem *pb)
{
    (void)conn, (void)tenant_id, (void)event_id, (void)pb;
    db.deactivations++;
    snprintf(db.value, sizeof(db.value), "%s", value_id);
    return KC_OK;
}

KT_FAKE(value_catalogue_repo_promotion);
kc_status __wrap_value_catalogue_repo_promotion(kc_db_conn *conn, const char *tenant_id,
                                                const char *session_id, const char *value_id,
                                                const char *name, const char *event_id,
                                                kc_problem *pb)
{
    (void)conn, (void)tenant_id, (void)value_id, (void)name, (void)event_id, (void)pb;
    db.promotions++;
    snprintf(db.session, sizeof(db.session), "%s", session_id);
    return KC_OK;
}

KT_FAKE(value_catalogue_repo_list);
kc_status __wrap_value_catalogue_repo_list(kc_db_conn *conn, const char *tenant_id,
                                           const char *active, const kc_keyset *page,
                                           json_t **items, kc_keyset_next *next, kc_problem *pb)
{
    (void)conn, (void)tenant_id, (void)active, (void)page, (void)next;
    *items = NULL;
    return kc_problem_set(pb, KC_INTERNAL, "not in this test");
}

/* Applies an event whose data is the JSON text data_json. */
static kc_status apply(const char *type, const char *subject, const char *data_json)
{
    json_t *data = json_loads(data_json, 0, NULL);
    kc_problem pb;
    kc_status st;

    assert_non_null(data);
    kc_problem_init(&pb);
    st = value_catalogue_service_apply(NULL, TENANT, "ev-1", type, subject, data, &pb);
    kc_problem_clear(&pb);
    json_decref(data);
    return st;
}

static void a_created_or_updated_value_is_kept_active_with_its_name(void **state)
{
    (void)state;
    assert_int_equal(
        apply("core_value.created", VALUE, "{\"id\": \"" VALUE "\", \"name\": \"Vertrouwen\"}"),
        KC_OK);
    assert_int_equal(db.upserts, 1);
    assert_string_equal(db.value, VALUE);
    assert_string_equal(db.name, "Vertrouwen");
    assert_string_equal(db.active, "true");
    /* the id may come from the subject alone */
    assert_int_equal(apply("core_value.updated", VALUE, "{\"name\": \"Vertrouwen geven\"}"), KC_OK);
    assert_int_equal(db.upserts, 2);
    assert_string_equal(db.name, "Vertrouwen geven");
}

static void a_deleted_value_stays_known_but_not_active(void **state)
{
    (void)state;
    assert_int_equal(
        apply("core_value.deleted", VALUE, "{\"id\": \"" VALUE "\", \"name\": \"Moed\"}"), KC_OK);
    assert_int_equal(db.upserts, 1);
    assert_string_equal(db.active, "false");
    assert_string_equal(db.name, "Moed");
    /* without a name (an event from before names were carried): only marked */
    assert_int_equal(apply("core_value.deleted", VALUE, "{\"id\": \"" VALUE "\"}"), KC_OK);
    assert_int_equal(db.deactivations, 1);
    assert_int_equal(db.upserts, 1);
}

static void a_promotion_keeps_the_value_and_its_session(void **state)
{
    (void)state;
    assert_int_equal(apply("brainstorm.value.promoted", VALUE,
                           "{\"sessionId\": \"" SESSION "\", \"itemId\": \"" SESSION
                           "\", \"coreValueId\": \"" VALUE "\", \"name\": \"Lef\"}"),
                     KC_OK);
    assert_int_equal(db.upserts, 1);
    assert_string_equal(db.active, "true");
    assert_int_equal(db.promotions, 1);
    assert_string_equal(db.session, SESSION);
}

static void malformed_and_other_events_change_nothing(void **state)
{
    static const char *const bad[][3] = {
        {"core_value.created", "not-a-uuid", "{\"name\": \"X\"}"},
        {"core_value.created", VALUE, "{\"id\": \"" VALUE "\"}"},
        {"core_value.updated", VALUE, "{\"id\": \"" VALUE "\", \"name\": \"\"}"},
        {"brainstorm.value.promoted", VALUE, "{\"coreValueId\": \"" VALUE "\", \"name\": \"X\"}"},
        {"brainstorm.value.promoted", "x", "{\"sessionId\": \"" SESSION "\", \"name\": \"X\"}"},
        {"survey.opened", VALUE, "{\"id\": \"" VALUE "\", \"name\": \"X\"}"},
        {"core_values.created", VALUE, "{\"id\": \"" VALUE "\", \"name\": \"X\"}"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(apply(bad[i][0], bad[i][1], bad[i][2]), KC_OK);
    assert_int_equal(db.upserts + db.deactivations + db.promotions, 0);
}

static void a_name_is_one_to_two_hundred_characters(void **state)
{
    char name[420], data[460];
    value_event ev;
    json_t *j;

    (void)state;
    memset(name, 'a', 200);
    name[200] = '\0';
    snprintf(data, sizeof(data), "{\"name\": \"%s\"}", name);
    j = json_loads(data, 0, NULL);
    assert_int_equal(value_event_read("core_value.created", VALUE, j, &ev), VALUE_EVENT_UPSERT);
    json_decref(j);
    /* 200 characters of two bytes each are still 200 */
    memset(name, 0, sizeof(name));
    for (int i = 0; i < 200; i++)
        memcpy(name + 2 * i, "\xc3\xa9", 2);
    j = json_pack("{s:s}", "name", name);
    assert_int_equal(value_event_read("core_value.created", VALUE, j, &ev), VALUE_EVENT_UPSERT);
    json_decref(j);
    memset(name, 'a', 201);
    name[201] = '\0';
    j = json_pack("{s:s}", "name", name);
    assert_int_equal(value_event_read("core_value.created", VALUE, j, &ev), VALUE_EVENT_MALFORMED);
    json_decref(j);
}

static void a_database_failure_fails_the_event(void **state)
{
    (void)state;
    db.fail = 1;
    assert_int_equal(apply("core_value.created", VALUE, "{\"name\": \"Vertrouwen\"}"),
                     KC_UNAVAILABLE);
}

static void each_source_goes_with_its_reference(void **state)
{
    value_source s;
    kc_problem pb;

    (void)state;
    assert_int_equal(value_source_parse("catalogue", &s), 0);
    assert_int_equal(s, VALUE_SOURCE_CATALOGUE);
    assert_int_equal(value_source_parse("brainstorm", &s), 0);
    assert_int_equal(s, VALUE_SOURCE_BRAINSTORM);
    assert_int_equal(value_source_parse("Survey", &s), -1);
    assert_int_equal(value_source_parse(NULL, &s), -1);
    kc_problem_init(&pb);
    assert_int_equal(value_source_check(VALUE_SOURCE_CATALOGUE, NULL, &pb), KC_OK);
    assert_int_equal(value_source_check(VALUE_SOURCE_SURVEY, VALUE, &pb), KC_OK);
    assert_int_equal(value_source_check(VALUE_SOURCE_BRAINSTORM, SESSION, &pb), KC_OK);
    assert_int_equal(value_source_check(VALUE_SOURCE_CATALOGUE, VALUE, &pb), KC_INVALID);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(pb.invalid_params, 0), "name")),
        "sourceRef");
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(value_source_check(VALUE_SOURCE_SURVEY, NULL, &pb), KC_INVALID);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(value_source_check(VALUE_SOURCE_BRAINSTORM, NULL, &pb), KC_INVALID);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(a_created_or_updated_value_is_kept_active_with_its_name, reset),
        cmocka_unit_test_setup(a_deleted_value_stays_known_but_not_active, reset),
        cmocka_unit_test_setup(a_promotion_keeps_the_value_and_its_session, reset),
        cmocka_unit_test_setup(malformed_and_other_events_change_nothing, reset),
        cmocka_unit_test_setup(a_name_is_one_to_two_hundred_characters, reset),
        cmocka_unit_test_setup(a_database_failure_fails_the_event, reset),
        cmocka_unit_test_setup(each_source_goes_with_its_reference, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
