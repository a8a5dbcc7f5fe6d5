/* LINK: approach/approach_shape.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "approach/approach_shape.h"
#include <string.h>
#include "koers/status.h"

/* 1 when pb names the field name. */
static int has_fault(const kc_problem *pb, const char *name)
{
    size_t i;
    json_t *f;

    json_array_foreach(pb->invalid_params, i, f)
    {
        if (strcmp(json_string_value(json_object_get(f, "name")), name) == 0)
            return 1;
    }
    return 0;
}

static kc_status check(const char *text, int with_dates, kc_problem *pb)
{
    json_t *phases = json_loads(text, 0, NULL);
    kc_status st;

    assert_non_null(phases);
    kc_problem_init(pb);
    st = approach_shape_check(phases, "phases", with_dates, pb);
    json_decref(phases);
    return st;
}

static void a_good_approach_passes(void **state)
{
    kc_problem pb;
    (void)state;

    assert_int_equal(check("[{\"name\": \"Start\", \"steps\": [{\"name\": \"Kick-off\"},"
                           " {\"name\": \"Werksessie\", \"kind\": \"workshop\","
                           " \"description\": \"Met de teams\"}]}]",
                           0, &pb),
                     KC_OK);
    assert_null(pb.invalid_params);
    kc_problem_clear(&pb);
}

static void each_fault_is_named_by_its_path(void **state)
{
    kc_problem pb;
    (void)state;

    assert_int_equal(check("[{\"name\": \"\", \"steps\": [{\"name\": \"A\", \"kind\": \"party\"},"
                           " {\"nme\": \"B\"}]}, {\"name\": \"Twee\", \"steps\": []},"
                           " {\"name\": \"Drie\"}, 7]",
                           0, &pb),
                     KC_INVALID);
    assert_true(has_fault(&pb, "phases[0].name"));
    assert_true(has_fault(&pb, "phases[0].steps[0].kind"));
    assert_true(has_fault(&pb, "phases[0].steps[1].name"));
    assert_true(has_fault(&pb, "phases[0].steps[1].nme"));
    assert_true(has_fault(&pb, "phases[1].steps"));
    assert_true(has_fault(&pb, "phases[2].steps"));
    assert_true(has_fault(&pb, "phases[3]"));
    assert_false(has_fault(&pb, "phases[0].steps[0].name"));
    kc_problem_clear(&pb);
}

static void dates_only_where_a_programme_gives_them(void **state)
{
    static const char text[] = "[{\"name\": \"Fase\", \"steps\": [{\"name\": \"A\","
                               " \"startsOn\": \"2026-03-01\", \"dueOn\": \"2026-02-01\"},"
                               " {\"name\": \"B\", \"dueOn\": \"2026-02-30\"}]}]";
    kc_problem pb;
    (void)state;

    /* a template's steps have no dates */
    assert_int_equal(check(text, 0, &pb), KC_INVALID);
    assert_true(has_fault(&pb, "phases[0].steps[0].startsOn"));
    kc_problem_clear(&pb);
    /* a programme's own: a due date before the start, a date that does not exist */
    assert_int_equal(check(text, 1, &pb), KC_INVALID);
    assert_true(has_fault(&pb, "phases[0].steps[0].dueOn"));
    assert_true(has_fault(&pb, "phases[0].steps[1].dueOn"));
    assert_false(has_fault(&pb, "phases[0].steps[0].startsOn"));
    kc_problem_clear(&pb);
}

static void limits_on_phases_and_steps(void **state)
{
    json_t *phases = json_array(), *steps = json_array();
    kc_problem pb;
    int i;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(approach_shape_check(phases, "phases", 0, &pb), KC_INVALID);
    assert_true(has_fault(&pb, "phases"));
    kc_problem_clear(&pb);
    for (i = 0; i < APPROACH_MAX_STEPS + 1; i++)
        json_array_append_new(steps, json_pack("{s:s}", "name", "Stap"));
    json_array_append_new(phases, json_pack("{s:s, s:o}", "name", "Fase", "steps", steps));
    kc_problem_init(&pb);
    assert_int_equal(approach_shape_check(phases, "phases", 0, &pb), KC_INVALID);
    assert_true(has_fault(&pb, "phases[0].steps"));
    kc_problem_clear(&pb);
    json_decref(phases);
}

static void normalise_fills_the_optional_members(void **state)
{
    json_t *phases =
        json_loads("[{\"name\": \"Fase\", \"steps\": [{\"name\": \"A\"},"
                   " {\"name\": \"B\", \"kind\": \"webinar\", \"dueOn\": \"2026-05-01\"}]}]",
                   0, NULL);
    json_t *out = approach_shape_normalise(phases, 1);
    json_t *a, *b;
    (void)state;

    assert_non_null(out);
    assert_string_equal(json_string_value(json_object_get(json_array_get(out, 0), "description")),
                        "");
    a = json_array_get(json_object_get(json_array_get(out, 0), "steps"), 0);
    b = json_array_get(json_object_get(json_array_get(out, 0), "steps"), 1);
    assert_string_equal(json_string_value(json_object_get(a, "kind")), "work");
    assert_string_equal(json_string_value(json_object_get(a, "description")), "");
    assert_true(json_is_null(json_object_get(a, "startsOn")));
    assert_string_equal(json_string_value(json_object_get(b, "kind")), "webinar");
    assert_string_equal(json_string_value(json_object_get(b, "dueOn")), "2026-05-01");
    /* the input is left as it was */
    assert_null(json_object_get(json_array_get(phases, 0), "description"));
    json_decref(out);
    out = approach_shape_normalise(phases, 0);
    assert_null(json_object_get(json_array_get(json_object_get(json_array_get(out, 0), "steps"), 0),
                                "startsOn"));
    json_decref(out);
    json_decref(phases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_good_approach_passes),
        cmocka_unit_test(each_fault_is_named_by_its_path),
        cmocka_unit_test(dates_only_where_a_programme_gives_them),
        cmocka_unit_test(limits_on_phases_and_steps),
        cmocka_unit_test(normalise_fills_the_optional_members),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
