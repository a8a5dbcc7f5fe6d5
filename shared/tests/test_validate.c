#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "koers/validate.h"

static const char *const channels[] = {"web", "app", "phone", NULL};

static const kc_field case_fields[] = {
    {.name = "description", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 5},
    {.name = "channel", .type = KC_T_STRING, .required = 1, .enum_values = channels},
    {.name = "categoryId", .type = KC_T_STRING, .format = KC_FMT_UUID},
    {.name = "capacity", .type = KC_T_INT, .min = 1, .max = 1000},
    {.name = "active", .type = KC_T_BOOL},
    {.name = "district", .type = KC_T_STRING, .nullable = 1, .max_len = 100},
    {.name = "email", .type = KC_T_STRING, .format = KC_FMT_EMAIL},
    {.name = "on", .type = KC_T_STRING, .format = KC_FMT_DATE},
    {.name = "at", .type = KC_T_STRING, .format = KC_FMT_DATETIME},
    {.name = "latitude", .type = KC_T_NUMBER},
    {.name = "location", .type = KC_T_OBJECT, .nullable = 1},
    {.name = "officerIds",
     .type = KC_T_ARRAY,
     .max_len = 3,
     .item_type = KC_T_STRING,
     .item_format = KC_FMT_UUID},
    {.name = "districts", .type = KC_T_ARRAY, .item_type = KC_T_STRING, .item_max_len = 4},
    {.name = "channels", .type = KC_T_ARRAY, .item_type = KC_T_STRING, .enum_values = channels},
};

/* The reason given for `name`, or NULL if it is not at fault. */
static const char *reason_of(const kc_problem *pb, const char *name)
{
    size_t i;
    json_t *item;

    for (i = 0; pb->invalid_params && i < json_array_size(pb->invalid_params); i++) {
        item = json_array_get(pb->invalid_params, i);
        if (strcmp(json_string_value(json_object_get(item, "name")), name) == 0)
            return json_string_value(json_object_get(item, "reason"));
    }
    return NULL;
}

static kc_status check(const char *text, kc_problem *pb)
{
    json_error_t err;
    json_t *body = json_loads(text, 0, &err);
    kc_status st;

    assert_non_null(body);
    kc_problem_init(pb);
    st = kc_validate_json(body, case_fields, KC_NELEMS(case_fields), pb);
    json_decref(body);
    return st;
}

static void valid_body_passes(void **state)
{
    kc_problem pb;

    (void)state;
    assert_int_equal(check("{\"description\":\"héé\",\"channel\":\"web\","
                           "\"categoryId\":\"6F9619FF-8B86-D011-B42D-00C04FC964FF\","
                           "\"capacity\":10,\"active\":false,\"district\":null,"
                           "\"email\":\"a.b@gemeente.nl\",\"on\":\"2024-02-29\","
                           "\"at\":\"2024-02-29T23:59:60.5+01:00\",\"latitude\":52,"
                           "\"location\":null,\"officerIds\":[],\"districts\":[\"Oost\"]}",
                           &pb),
                     KC_OK);
    assert_null(pb.invalid_params);
    kc_problem_clear(&pb);
}

static void missing_and_unknown_all_reported(void **state)
{
    kc_problem pb;

    (void)state;
    assert_int_equal(check("{\"desciption\":\"typo\"}", &pb), KC_INVALID);
    assert_string_equal(reason_of(&pb, "description"), "is required");
    assert_string_equal(reason_of(&pb, "channel"), "is required");
    assert_string_equal(reason_of(&pb, "desciption"), "unknown property");
    assert_int_equal(json_array_size(pb.invalid_params), 3);
    assert_non_null(strstr(pb.detail, "3 fields"));
    kc_problem_clear(&pb);
}

static void wrong_types(void **state)
{
    kc_problem pb;

    (void)state;
    assert_int_equal(check("{\"description\":1,\"channel\":\"web\",\"capacity\":1.5,"
                           "\"active\":\"true\",\"latitude\":\"1\",\"location\":[],"
                           "\"officerIds\":\"x\"}",
                           &pb),
                     KC_INVALID);
    assert_string_equal(reason_of(&pb, "description"), "must be a string");
    assert_string_equal(reason_of(&pb, "capacity"), "must be an integer");
    assert_string_equal(reason_of(&pb, "active"), "must be a boolean");
    assert_string_equal(reason_of(&pb, "latitude"), "must be a number");
    assert_string_equal(reason_of(&pb, "location"), "must be an object");
    assert_string_equal(reason_of(&pb, "officerIds"), "must be an array");
    kc_problem_clear(&pb);

    assert_int_equal(check("{\"description\":\"a\",\"channel\":\"web\",\"capacity\":\"1\"}", &pb),
                     KC_INVALID);
    assert_string_equal(reason_of(&pb, "capacity"), "must be an integer");
    kc_problem_clear(&pb);
}

static void null_only_when_nullable(void **state)
{
    kc_problem pb;

    (void)state;
    assert_int_equal(check("{\"description\":null,\"channel\":\"web\",\"district\":null}", &pb),
                     KC_INVALID);
    assert_string_equal(reason_of(&pb, "description"), "must not be null");
    assert_null(reason_of(&pb, "district"));
    kc_problem_clear(&pb);
}

static void string_length_in_characters(void **state)
{
    kc_problem pb;
    json_t *body;

    (void)state;
    /* five 2-byte characters: 10 bytes, 5 characters: fits max_len 5 */
    assert_int_equal(check("{\"description\":\"ééééé\",\"channel\":\"web\"}", &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(check("{\"description\":\"éééééé\",\"channel\":\"web\"}", &pb), KC_INVALID);
    assert_string_equal(reason_of(&pb, "description"), "must be at most 5 characters long");
    kc_problem_clear(&pb);
    assert_int_equal(check("{\"description\":\"\",\"channel\":\"web\"}", &pb), KC_INVALID);
    assert_string_equal(reason_of(&pb, "description"), "must be at least 1 characters long");
    kc_problem_clear(&pb);
    body = json_pack("{s:s%, s:s}", "description", "a\0b", (size_t)3, "channel", "web");
    kc_problem_init(&pb);
    assert_int_equal(kc_validate_json(body, case_fields, KC_NELEMS(case_fields), &pb), KC_INVALID);
    assert_string_equal(reason_of(&pb, "description"), "must not contain NUL characters");
    json_decref(body);
    kc_problem_clear(&pb);
}

static void utf8_length(void **state)
{
    (void)state;
    assert_int_equal(kc_utf8_len("abc"), 3);
    assert_int_equal(kc_utf8_len("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), 3); /* é € 😀 */
    assert_int_equal(kc_utf8_len("\xc3"), (size_t)-1);                        /* truncated */
    assert_int_equal(kc_utf8_len("\xc0\xaf"), (size_t)-1);                    /* overlong */
    assert_int_equal(kc_utf8_len("\xed\xa0\x80"), (size_t)-1);                /* surrogate */
    assert_int_equal(kc_utf8_len("\xf4\x90\x80\x80"), (size_t)-1);            /* > U+10FFFF */
    assert_int_equal(kc_utf8_len("\xff"), (size_t)-1);
}

static void enum_lists_allowed_values(void **state)
{
    kc_problem pb;

    (void)state;
    assert_int_equal(check("{\"description\":\"a\",\"channel\":\"fax\"}", &pb), KC_INVALID);
    assert_string_equal(reason_of(&pb, "channel"), "must be one of: web, app, phone");
    kc_problem_clear(&pb);
}

static void int_range(void **state)
{
    kc_problem pb;

    (void)state;
    assert_int_equal(check("{\"description\":\"a\",\"channel\":\"web\",\"capacity\":0}", &pb),
                     KC_INVALID);
    assert_string_equal(reason_of(&pb, "capacity"), "must be between 1 and 1000");
    kc_problem_clear(&pb);
    assert_int_equal(check("{\"description\":\"a\",\"channel\":\"web\",\"capacity\":1001}", &pb),
                     KC_INVALID);
    kc_problem_clear(&pb);
    assert_int_equal(check("{\"description\":\"a\",\"channel\":\"web\",\"capacity\":1000}", &pb),
                     KC_OK);
    kc_problem_clear(&pb);
}

static void formats(void **state)
{
    (void)state;
    assert_true(kc_is_uuid("123e4567-e89b-12d3-a456-426614174000"));
    assert_true(kc_is_uuid("123E4567-E89B-12D3-A456-426614174000"));
    assert_false(kc_is_uuid("123e4567e89b12d3a456426614174000"));
    assert_false(kc_is_uuid("123e4567-e89b-12d3-a456-42661417400g"));
    assert_false(kc_is_uuid("123e4567-e89b-12d3-a456-4266141740001"));
    assert_false(kc_is_uuid(""));

    assert_true(kc_is_date("2024-02-29"));
    assert_true(kc_is_date("2000-02-29"));
    assert_false(kc_is_date("1900-02-29"));
    assert_false(kc_is_date("2023-02-29"));
    assert_false(kc_is_date("2024-04-31"));
    assert_false(kc_is_date("2024-13-01"));
    assert_false(kc_is_date("2024-1-01"));
    assert_false(kc_is_date("2024-01-01T00:00:00Z"));

    assert_true(kc_is_datetime("2024-05-01T12:30:00Z"));
    assert_true(kc_is_datetime("2024-05-01t12:30:00.123456-05:30"));
    assert_false(kc_is_datetime("2024-05-01T12:30:00"));  /* no offset */
    assert_false(kc_is_datetime("2024-05-01 12:30:00Z")); /* space */
    assert_false(kc_is_datetime("2024-05-01T24:00:00Z"));
    assert_false(kc_is_datetime("2024-05-01T12:30:00.Z"));
    assert_false(kc_is_datetime("2024-05-01T12:30:00+0100"));
    assert_false(kc_is_datetime("2024-02-30T12:30:00Z"));

    assert_true(kc_is_email("jan.jansen@utrecht.nl"));
    assert_true(kc_is_email("a+b@x.co"));
    assert_false(kc_is_email("jan@localhost"));
    assert_false(kc_is_email("@utrecht.nl"));
    assert_false(kc_is_email("jan@@utrecht.nl"));
    assert_false(kc_is_email("j@n@utrecht.nl"));
    assert_false(kc_is_email("jan jansen@utrecht.nl"));
    assert_false(kc_is_email("jan@utrecht.nl."));
    assert_false(kc_is_email("jan@.utrecht.nl"));
    assert_false(kc_is_email("jan@utrecht..nl"));
}

static void format_faults_in_body(void **state)
{
    kc_problem pb;

    (void)state;
    assert_int_equal(check("{\"description\":\"a\",\"channel\":\"web\",\"categoryId\":\"x\","
                           "\"email\":\"nope\",\"on\":\"2023-02-29\",\"at\":\"2024-01-01\"}",
                           &pb),
                     KC_INVALID);
    assert_string_equal(reason_of(&pb, "categoryId"), "must be a UUID");
    assert_string_equal(reason_of(&pb, "email"), "must be an e-mail address");
    assert_string_equal(reason_of(&pb, "on"), "must be a date (YYYY-MM-DD)");
    assert_string_equal(reason_of(&pb, "at"), "must be an RFC 3339 date-time with offset");
    assert_int_equal(json_array_size(pb.invalid_params), 4);
    kc_problem_clear(&pb);
}

static void arrays(void **state)
{
    kc_problem pb;

    (void)state;
    assert_int_equal(check("{\"description\":\"a\",\"channel\":\"web\","
                           "\"officerIds\":[\"123e4567-e89b-12d3-a456-426614174000\",\"bad\",3],"
                           "\"districts\":[\"Oost\",\"Noordwest\"]}",
                           &pb),
                     KC_INVALID);
    assert_string_equal(reason_of(&pb, "officerIds[1]"), "must be a UUID");
    assert_string_equal(reason_of(&pb, "officerIds[2]"), "must be a string");
    assert_string_equal(reason_of(&pb, "districts[1]"), "must be at most 4 characters long");
    assert_null(reason_of(&pb, "officerIds[0]"));
    kc_problem_clear(&pb);

    assert_int_equal(check("{\"description\":\"a\",\"channel\":\"web\","
                           "\"officerIds\":[\"a\",\"b\",\"c\",\"d\"]}",
                           &pb),
                     KC_INVALID);
    assert_string_equal(reason_of(&pb, "officerIds"), "must have at most 3 items");
    kc_problem_clear(&pb);
}

/* enum_values on an array of strings: each item must be one of them */
static void array_items_from_a_list(void **state)
{
    kc_problem pb;

    (void)state;
    assert_int_equal(check("{\"description\":\"a\",\"channel\":\"web\","
                           "\"channels\":[\"app\",\"fax\",\"phone\"]}",
                           &pb),
                     KC_INVALID);
    assert_non_null(reason_of(&pb, "channels[1]"));
    assert_non_null(strstr(reason_of(&pb, "channels[1]"), "phone"));
    assert_null(reason_of(&pb, "channels[0]"));
    assert_null(reason_of(&pb, "channels[2]"));
    kc_problem_clear(&pb);

    assert_int_equal(check("{\"description\":\"a\",\"channel\":\"web\",\"channels\":[]}", &pb),
                     KC_OK);
    kc_problem_clear(&pb);
}

static void not_an_object(void **state)
{
    kc_problem pb;
    json_t *arr = json_array();

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_validate_json(arr, case_fields, KC_NELEMS(case_fields), &pb),
                     KC_BAD_REQUEST);
    json_decref(arr);
    kc_problem_clear(&pb);
}

static void nested_faults_are_named_under_the_prefix(void **state)
{
    json_t *ok = json_pack("{s:s, s:s}", "description", "leak", "channel", "web");
    json_t *bad = json_pack("{s:s, s:s}", "description", "too long", "colour", "red");
    json_t *arr = json_array();
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_validate_nested(ok, "parts[0]", case_fields, KC_NELEMS(case_fields), &pb),
                     1);
    assert_null(pb.invalid_params);
    assert_int_equal(kc_validate_nested(bad, "parts[1]", case_fields, KC_NELEMS(case_fields), &pb),
                     0);
    assert_int_equal(kc_validate_nested(arr, "parts[2]", case_fields, KC_NELEMS(case_fields), &pb),
                     0);
    assert_non_null(reason_of(&pb, "parts[1].description"));
    assert_string_equal(reason_of(&pb, "parts[1].channel"), "is required");
    assert_string_equal(reason_of(&pb, "parts[1].colour"), "unknown property");
    assert_string_equal(reason_of(&pb, "parts[2]"), "must be an object");
    assert_int_equal(json_array_size(pb.invalid_params), 4);
    json_decref(ok);
    json_decref(bad);
    json_decref(arr);
    kc_problem_clear(&pb);
}

static void values_from_query(void **state)
{
    static const kc_field limit = {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100};
    static const kc_field flag = {.name = "unassigned", .type = KC_T_BOOL};
    static const kc_field from = {
        .name = "createdFrom", .type = KC_T_STRING, .format = KC_FMT_DATETIME};
    static const kc_field chan = {.name = "channel", .type = KC_T_STRING, .enum_values = channels};
    char reason[128];

    (void)state;
    assert_true(kc_validate_value(&limit, "100", reason, sizeof(reason)));
    assert_false(kc_validate_value(&limit, "101", reason, sizeof(reason)));
    assert_string_equal(reason, "must be between 1 and 100");
    assert_false(kc_validate_value(&limit, "1.5", reason, sizeof(reason)));
    assert_string_equal(reason, "must be an integer");
    assert_false(kc_validate_value(&limit, "10abc", reason, sizeof(reason)));
    assert_false(kc_validate_value(&limit, " 10", reason, sizeof(reason)));
    assert_false(kc_validate_value(&limit, "", reason, sizeof(reason)));
    assert_false(kc_validate_value(&limit, "99999999999999999999999", reason, sizeof(reason)));
    assert_true(kc_validate_value(&flag, "true", reason, sizeof(reason)));
    assert_false(kc_validate_value(&flag, "1", reason, sizeof(reason)));
    assert_true(kc_validate_value(&from, "2024-01-01T00:00:00Z", reason, sizeof(reason)));
    assert_false(kc_validate_value(&from, "yesterday", reason, sizeof(reason)));
    assert_false(kc_validate_value(&chan, "fax", reason, sizeof(reason)));
    assert_non_null(strstr(reason, "web, app, phone"));
}

/* ---- kc_decode_json ------------------------------------------------------ */

/* The input struct a service decodes a body into. */
typedef struct thing_in {
    const char *name;
    const char *note; /* nullable */
    long long count;
    double weight;
    int active;
    const json_t *tags;
    const json_t *place; /* nullable */
    int has_name, has_note, has_count, has_tags;
} thing_in;

static const kc_field thing_fields[] = {
    {.name = "name",
     .type = KC_T_STRING,
     .required = 1,
     .max_len = 20,
     .to = KC_TO(thing_in, name),
     .has = KC_HAS(thing_in, has_name)},
    {.name = "note",
     .type = KC_T_STRING,
     .nullable = 1,
     .to = KC_TO(thing_in, note),
     .has = KC_HAS(thing_in, has_note)},
    {.name = "count",
     .type = KC_T_INT,
     .min = 0,
     .max = 10,
     .to = KC_TO(thing_in, count),
     .has = KC_HAS(thing_in, has_count)},
    {.name = "weight", .type = KC_T_NUMBER, .to = KC_TO(thing_in, weight)},
    {.name = "active", .type = KC_T_BOOL, .to = KC_TO(thing_in, active)},
    {.name = "tags",
     .type = KC_T_ARRAY,
     .item_type = KC_T_STRING,
     .to = KC_TO(thing_in, tags),
     .has = KC_HAS(thing_in, has_tags)},
    {.name = "place", .type = KC_T_OBJECT, .nullable = 1, .to = KC_TO(thing_in, place)},
    {.name = "checkedOnly", .type = KC_T_STRING},
};

static json_t *parse(const char *text)
{
    json_error_t err;
    json_t *body = json_loads(text, 0, &err);

    assert_non_null(body);
    return body;
}

static void decode_fills_every_type(void **state)
{
    json_t *body = parse("{\"name\": \"lamp\", \"note\": \"kapot\", \"count\": 7, "
                         "\"weight\": 2.5, \"active\": true, \"tags\": [\"a\", \"b\"], "
                         "\"place\": {\"x\": 1}, \"checkedOnly\": \"x\"}");
    thing_in in = {0};
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_decode_json(body, thing_fields, KC_NELEMS(thing_fields), &in, &pb), KC_OK);
    assert_string_equal(in.name, "lamp");
    assert_ptr_equal(in.name, json_string_value(json_object_get(body, "name"))); /* borrowed */
    assert_string_equal(in.note, "kapot");
    assert_int_equal(in.count, 7);
    assert_true(in.weight > 2.49 && in.weight < 2.51);
    assert_int_equal(in.active, 1);
    assert_ptr_equal(in.tags, json_object_get(body, "tags"));
    assert_ptr_equal(in.place, json_object_get(body, "place"));
    assert_int_equal(in.has_name + in.has_note + in.has_count + in.has_tags, 4);
    kc_problem_clear(&pb);
    json_decref(body);
}

static void decode_keeps_defaults_of_absent_members(void **state)
{
    json_t *body = parse("{\"name\": \"lamp\"}");
    thing_in in = {.note = "default", .count = -1, .weight = 1.0, .active = 1};
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_decode_json(body, thing_fields, KC_NELEMS(thing_fields), &in, &pb), KC_OK);
    assert_string_equal(in.name, "lamp");
    assert_string_equal(in.note, "default");
    assert_int_equal(in.count, -1);
    assert_true(in.weight > 0.99 && in.weight < 1.01);
    assert_int_equal(in.active, 1);
    assert_null(in.tags);
    assert_int_equal(in.has_name, 1);
    assert_int_equal(in.has_note + in.has_count + in.has_tags, 0);
    kc_problem_clear(&pb);
    json_decref(body);
}

static void decode_null_is_present_and_empty(void **state)
{
    json_t *body = parse("{\"name\": \"lamp\", \"note\": null, \"place\": null}");
    thing_in in = {.note = "default"};
    json_t *place = json_object();
    kc_problem pb;

    (void)state;
    in.place = place;
    kc_problem_init(&pb);
    assert_int_equal(kc_decode_json(body, thing_fields, KC_NELEMS(thing_fields), &in, &pb), KC_OK);
    /* a PATCH tells "clear the note" (present, NULL) from "leave it" */
    assert_null(in.note);
    assert_int_equal(in.has_note, 1);
    assert_null(in.place);
    kc_problem_clear(&pb);
    json_decref(place);
    json_decref(body);
}

static void decode_writes_nothing_when_invalid(void **state)
{
    json_t *body = parse("{\"name\": \"lamp\", \"count\": 11, \"colour\": \"red\"}");
    thing_in in = {.count = -1};
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_decode_json(body, thing_fields, KC_NELEMS(thing_fields), &in, &pb),
                     KC_INVALID);
    assert_string_equal(reason_of(&pb, "count"), "must be between 0 and 10");
    assert_string_equal(reason_of(&pb, "colour"), "unknown property");
    assert_null(in.name);
    assert_int_equal(in.count, -1);
    assert_int_equal(in.has_name, 0);
    kc_problem_clear(&pb);
    json_decref(body);

    body = json_array();
    kc_problem_init(&pb);
    assert_int_equal(kc_decode_json(body, thing_fields, KC_NELEMS(thing_fields), &in, &pb),
                     KC_BAD_REQUEST);
    assert_null(in.name);
    kc_problem_clear(&pb);
    json_decref(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_body_passes),
        cmocka_unit_test(missing_and_unknown_all_reported),
        cmocka_unit_test(wrong_types),
        cmocka_unit_test(null_only_when_nullable),
        cmocka_unit_test(string_length_in_characters),
        cmocka_unit_test(utf8_length),
        cmocka_unit_test(enum_lists_allowed_values),
        cmocka_unit_test(int_range),
        cmocka_unit_test(formats),
        cmocka_unit_test(format_faults_in_body),
        cmocka_unit_test(arrays),
        cmocka_unit_test(array_items_from_a_list),
        cmocka_unit_test(not_an_object),
        cmocka_unit_test(nested_faults_are_named_under_the_prefix),
        cmocka_unit_test(values_from_query),
        cmocka_unit_test(decode_fills_every_type),
        cmocka_unit_test(decode_keeps_defaults_of_absent_members),
        cmocka_unit_test(decode_null_is_present_and_empty),
        cmocka_unit_test(decode_writes_nothing_when_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
