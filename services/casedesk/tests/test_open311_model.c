/* The pure parts of Open311: a path's format, attribute definitions and
 * the values a filing sends for them, dates and the 90-day window, lists.
 * Links the model alone. */
/* LINK: open311/open311_model.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "open311/open311_model.h"

/* The first fault's name in pb. */
static const char *fault(const kc_problem *pb)
{
    return json_string_value(json_object_get(json_array_get(pb->invalid_params, 0), "name"));
}

static void file_names_and_formats(void **state)
{
    char name[32];
    open311_format fmt;
    (void)state;
    assert_int_equal(open311_file_parse("services.xml", name, sizeof(name), &fmt), 0);
    assert_string_equal(name, "services");
    assert_int_equal(fmt, OPEN311_XML);
    assert_int_equal(open311_file_parse("BV-2026-000001.json", name, sizeof(name), &fmt), 0);
    assert_string_equal(name, "BV-2026-000001");
    assert_int_equal(fmt, OPEN311_JSON);
    assert_int_equal(open311_file_parse("requests", name, sizeof(name), &fmt), 0);
    assert_string_equal(name, "requests");
    assert_int_equal(fmt, OPEN311_JSON);
    assert_int_equal(open311_file_parse(".xml", name, sizeof(name), &fmt), -1);
    assert_int_equal(open311_file_parse("", name, sizeof(name), &fmt), -1);
    assert_int_equal(open311_file_parse(NULL, name, sizeof(name), &fmt), -1);
    assert_int_equal(
        open311_file_parse("a-name-longer-than-thirty-two-bytes.xml", name, sizeof(name), &fmt),
        -1);
    assert_int_equal(open311_path_format("/casedesk/v1/open311/v2/requests.xml"), OPEN311_XML);
    assert_int_equal(open311_path_format("/casedesk/v1/open311/v2/requests.json"), OPEN311_JSON);
    assert_int_equal(open311_path_format("/casedesk/v1/open311/v2/requests"), OPEN311_JSON);
}

static json_t *defs_of(const char *text)
{
    json_t *in = json_loads(text, 0, NULL), *stored = NULL;
    kc_problem pb;

    assert_non_null(in);
    kc_problem_init(&pb);
    assert_int_equal(open311_attrs_define(in, &stored, &pb), KC_OK);
    kc_problem_clear(&pb);
    json_decref(in);
    return stored;
}

static const char *const DEFS =
    "[{\"code\": \"AANTAL\", \"datatype\": \"number\", \"description\": \"Aantal\", \"order\": 3},"
    " {\"code\": \"SOORT\", \"datatype\": \"multivaluelist\", \"required\": true,"
    "  \"description\": \"Soort\", \"order\": 1,"
    "  \"values\": [{\"key\": \"glas\", \"name\": \"Glas\"}, {\"key\": \"rest\", \"name\": \"Rest\"}]},"
    " {\"code\": \"KEUS\", \"datatype\": \"singlevaluelist\", \"description\": \"Keus\", \"order\": 2,"
    "  \"values\": [{\"key\": \"a\", \"name\": \"A\"}]},"
    " {\"code\": \"WANNEER\", \"datatype\": \"datetime\", \"description\": \"Wanneer\", \"order\": 4},"
    " {\"code\": \"OPM\", \"datatype\": \"string\", \"description\": \"Opmerking\", \"order\": 5},"
    " {\"code\": \"INFO\", \"datatype\": \"text\", \"variable\": false, \"required\": true,"
    "  \"description\": \"Alleen uitleg\", \"order\": 6, \"datatypeDescription\": \"lees dit\"}]";

static void definitions_are_stored_as_the_standard_shapes_them(void **state)
{
    json_t *stored = defs_of(DEFS), *api;
    const json_t *a;
    (void)state;
    assert_int_equal(json_array_size(stored), 6);
    /* sorted by order */
    assert_string_equal(json_string_value(json_object_get(json_array_get(stored, 0), "code")),
                        "SOORT");
    assert_string_equal(json_string_value(json_object_get(json_array_get(stored, 2), "code")),
                        "AANTAL");
    a = json_array_get(stored, 2);
    assert_true(json_is_true(json_object_get(a, "variable")));  /* default */
    assert_true(json_is_false(json_object_get(a, "required"))); /* default */
    assert_int_equal(json_array_size(json_object_get(a, "values")), 0);
    a = json_array_get(stored, 5);
    assert_string_equal(json_string_value(json_object_get(a, "datatype_description")), "lees dit");
    assert_true(json_is_false(json_object_get(a, "variable")));
    api = open311_attrs_to_api(stored);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(api, 5), "datatypeDescription")),
        "lees dit");
    assert_null(json_object_get(json_array_get(api, 5), "datatype_description"));
    assert_true(json_is_null(json_object_get(json_array_get(api, 0), "datatypeDescription")));
    json_decref(api);
    json_decref(stored);
}

static void definitions_faults_are_named(void **state)
{
    static const struct {
        const char *text, *name;
    } cases[] = {
        {"[{\"code\": \"a b\", \"datatype\": \"string\", \"description\": \"x\"}]",
         "attributes[0].code"},
        {"[{\"code\": \"L\", \"datatype\": \"singlevaluelist\", \"description\": \"x\"}]",
         "attributes[0].values"},
        {"[{\"code\": \"N\", \"datatype\": \"number\", \"description\": \"x\","
         " \"values\": [{\"key\": \"1\", \"name\": \"een\"}]}]",
         "attributes[0].values"},
        {"[{\"code\": \"D\", \"datatype\": \"string\", \"description\": \"x\"},"
         " {\"code\": \"D\", \"datatype\": \"text\", \"description\": \"y\"}]",
         "attributes[1].code"},
        {"[{\"code\": \"T\", \"datatype\": \"colour\", \"description\": \"x\"}]",
         "attributes[0].datatype"},
        {"[{\"code\": \"T\", \"datatype\": \"string\"}]", "attributes[0].description"},
        {"[{\"code\": \"L\", \"datatype\": \"multivaluelist\", \"description\": \"x\","
         " \"values\": [{\"key\": \"k\", \"name\": \"a\"}, {\"key\": \"k\", \"name\": \"b\"}]}]",
         "attributes[0].values[1]"},
        {"[\"not an object\"]", "attributes[0]"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *in = json_loads(cases[i].text, 0, NULL), *stored = NULL;
        kc_problem pb;
        kc_problem_init(&pb);
        assert_non_null(in);
        assert_int_equal(open311_attrs_define(in, &stored, &pb), KC_INVALID);
        assert_null(stored);
        assert_string_equal(fault(&pb), cases[i].name);
        kc_problem_clear(&pb);
        json_decref(in);
    }
}

/* Checks form (JSON text) against DEFS: the status, and the first fault's
 * name or the values kept (as compact JSON with sorted keys). */
static void values_case(const char *form_text, kc_status want, const char *expect)
{
    json_t *defs = defs_of(DEFS), *form = json_loads(form_text, 0, NULL), *values = NULL;
    kc_problem pb;
    char *text;

    assert_non_null(form);
    kc_problem_init(&pb);
    assert_int_equal(open311_attrs_values(defs, form, &values, &pb), want);
    if (want == KC_OK) {
        text = values ? json_dumps(values, JSON_COMPACT | JSON_SORT_KEYS) : strdup("null");
        assert_string_equal(text, expect);
        free(text);
    } else {
        assert_null(values);
        assert_string_equal(fault(&pb), expect);
    }
    kc_problem_clear(&pb);
    json_decref(values);
    json_decref(form);
    json_decref(defs);
}

static void values_are_checked_against_their_datatype(void **state)
{
    (void)state;
    /* the multi-value list from attribute[CODE][] (repeats dropped), a
     * single value of it from attribute[CODE]; the information-only
     * attribute (not variable) is not asked even though required */
    values_case("{\"attribute[SOORT][]\": [\"glas\", \"rest\", \"glas\"], \"attribute[AANTAL]\": "
                "\"-2.5e1\", \"attribute[WANNEER]\": \"2026-03-01T08:15:00+01:00\"}",
                KC_OK,
                "{\"AANTAL\":\"-2.5e1\",\"SOORT\":[\"glas\",\"rest\"],"
                "\"WANNEER\":\"2026-03-01T08:15:00+01:00\"}");
    values_case("{\"attribute[SOORT]\": \"glas\", \"attribute[KEUS]\": \"a\"}", KC_OK,
                "{\"KEUS\":\"a\",\"SOORT\":[\"glas\"]}");
    /* a JSON body's object form */
    values_case("{\"attribute\": {\"SOORT\": [\"rest\"], \"OPM\": \"prima\"}}", KC_OK,
                "{\"OPM\":\"prima\",\"SOORT\":[\"rest\"]}");
    /* faults */
    values_case("{}", KC_INVALID, "attribute[SOORT]");
    values_case("{\"attribute[SOORT]\": \"\"}", KC_INVALID, "attribute[SOORT]");
    values_case("{\"attribute[SOORT][]\": [\"hout\"]}", KC_INVALID, "attribute[SOORT]");
    values_case("{\"attribute[SOORT]\": \"glas\", \"attribute[KEUS][]\": [\"a\", \"a2\"]}",
                KC_INVALID, "attribute[KEUS]");
    values_case("{\"attribute[SOORT]\": \"glas\", \"attribute[AANTAL]\": \"veel\"}", KC_INVALID,
                "attribute[AANTAL]");
    values_case("{\"attribute[SOORT]\": \"glas\", \"attribute[AANTAL]\": \"0x10\"}", KC_INVALID,
                "attribute[AANTAL]");
    values_case("{\"attribute[SOORT]\": \"glas\", \"attribute[AANTAL]\": \"nan\"}", KC_INVALID,
                "attribute[AANTAL]");
    values_case("{\"attribute[SOORT]\": \"glas\", \"attribute[WANNEER]\": \"gisteren\"}",
                KC_INVALID, "attribute[WANNEER]");
    values_case("{\"attribute[SOORT]\": \"glas\", \"attribute[OPM]\": \"twee\\nregels\"}",
                KC_INVALID, "attribute[OPM]");
    values_case("{\"attribute[SOORT]\": \"glas\", \"attribute[ONBEKEND]\": \"x\"}", KC_INVALID,
                "attribute[ONBEKEND]");
}

static void a_service_without_definitions_ignores_attributes(void **state)
{
    json_t *defs = json_array(), *form, *values = NULL;
    kc_problem pb;
    (void)state;
    form = json_pack("{s:s, s:[s]}", "attribute[WAT]", "x", "attribute[Y][]", "z");
    kc_problem_init(&pb);
    assert_int_equal(open311_attrs_values(defs, form, &values, &pb), KC_OK);
    assert_null(values);
    assert_null(pb.invalid_params);
    kc_problem_clear(&pb);
    json_decref(form);
    json_decref(defs);
}

static void times_as_clients_send_them(void **state)
{
    long long t;
    (void)state;
    assert_int_equal(open311_parse_time("2026-03-01T08:15:00Z", &t), 0);
    assert_int_equal(t, 1772352900LL);
    assert_int_equal(open311_parse_time("2026-03-01T09:15:00+01:00", &t), 0);
    assert_int_equal(t, 1772352900LL);
    assert_int_equal(open311_parse_time("2026-03-01T03:15:00-0500", &t), 0);
    assert_int_equal(t, 1772352900LL);
    assert_int_equal(open311_parse_time("2026-03-01T08:15:00.123Z", &t), 0);
    assert_int_equal(t, 1772352900LL);
    assert_int_equal(open311_parse_time("2026-03-01T08:15", &t), 0); /* no zone: UTC */
    assert_int_equal(t, 1772352900LL);
    assert_int_equal(open311_parse_time("2026-03-01", &t), 0);
    assert_int_equal(t, 1772323200LL);
    assert_int_equal(open311_parse_time("2024-02-29", &t), 0);
    assert_int_equal(open311_parse_time("2026-02-29", &t), -1);
    assert_int_equal(open311_parse_time("2026-13-01", &t), -1);
    assert_int_equal(open311_parse_time("2026-03-01T25:00:00Z", &t), -1);
    assert_int_equal(open311_parse_time("2026-03-01T08:15:00Q", &t), -1);
    assert_int_equal(open311_parse_time("2026-03-01T08", &t), -1);
    assert_int_equal(open311_parse_time("gisteren", &t), -1);
    assert_int_equal(open311_parse_time("", &t), -1);
    assert_int_equal(open311_parse_time(NULL, &t), -1);
}

static void the_window_is_at_most_ninety_days(void **state)
{
    const long long day = 86400, now = 1772352900LL;
    long long from, to;
    (void)state;
    assert_int_equal(open311_window(0, 0, 0, 0, now, &from, &to), 0);
    assert_int_equal(from, now - 90 * day);
    assert_int_equal(to, now);
    assert_int_equal(open311_window(1, now - 200 * day, 0, 0, now, &from, &to), 0);
    assert_int_equal(to, now - 110 * day);
    assert_int_equal(open311_window(0, 0, 1, now - 10 * day, now, &from, &to), 0);
    assert_int_equal(from, now - 100 * day);
    assert_int_equal(open311_window(1, now - 90 * day, 1, now, now, &from, &to), 0);
    assert_int_equal(open311_window(1, now - 91 * day, 1, now, now, &from, &to), -1);
    assert_int_equal(open311_window(1, now, 1, now - 1, now, &from, &to), -1);
}

static void lists_split_on_commas(void **state)
{
    json_t *l;
    (void)state;
    l = open311_split_list(" open , closed,", 2, 6);
    assert_non_null(l);
    assert_int_equal(json_array_size(l), 2);
    assert_string_equal(json_string_value(json_array_get(l, 1)), "closed");
    json_decref(l);
    assert_null(open311_split_list("a,b,c", 2, 6));
    assert_null(open311_split_list("toolongitem", 2, 6));
    l = open311_split_list(",,", 2, 6);
    assert_int_equal(json_array_size(l), 0);
    json_decref(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(file_names_and_formats),
        cmocka_unit_test(definitions_are_stored_as_the_standard_shapes_them),
        cmocka_unit_test(definitions_faults_are_named),
        cmocka_unit_test(values_are_checked_against_their_datatype),
        cmocka_unit_test(a_service_without_definitions_ignores_attributes),
        cmocka_unit_test(times_as_clients_send_them),
        cmocka_unit_test(the_window_is_at_most_ninety_days),
        cmocka_unit_test(lists_split_on_commas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
