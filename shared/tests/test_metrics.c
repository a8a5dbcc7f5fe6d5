/* koers/metrics.h: the named series a service adds besides the HTTP ones,
 * as /metrics renders them (kc_metrics_render). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "koers/metrics.h"

/* The rendered text; the caller frees. */
static char *render(void)
{
    char *text = kc_metrics_render(NULL);

    assert_non_null(text);
    return text;
}

static void test_counters_by_label_under_one_type_line(void **state)
{
    char *text;
    const char *first, *second;

    (void)state;
    kc_metrics_counter_add("t_deliveries_total", "result=\"delivered\"", 2);
    kc_metrics_counter_add("t_other_total", NULL, 1);
    kc_metrics_counter_add("t_deliveries_total", "result=\"failed\"", 1);
    kc_metrics_counter_add("t_deliveries_total", "result=\"delivered\"", 1);
    text = render();
    assert_non_null(strstr(text, "# TYPE t_deliveries_total counter\n"
                                 "t_deliveries_total{result=\"delivered\"} 3\n"
                                 "t_deliveries_total{result=\"failed\"} 1\n"));
    assert_non_null(strstr(text, "# TYPE t_other_total counter\nt_other_total 1\n"));
    /* one TYPE line per name */
    first = strstr(text, "# TYPE t_deliveries_total");
    second = strstr(first + 1, "# TYPE t_deliveries_total");
    assert_null(second);
    free(text);
}

static void test_gauge_is_set_not_added(void **state)
{
    char *text;

    (void)state;
    kc_metrics_gauge_set("t_failing", NULL, 4);
    kc_metrics_gauge_set("t_failing", NULL, 2);
    text = render();
    assert_non_null(strstr(text, "# TYPE t_failing gauge\nt_failing 2\n"));
    free(text);
}

static void test_summary_sum_and_count(void **state)
{
    char *text;

    (void)state;
    kc_metrics_summary_observe("t_attempt_seconds", NULL, 0.25);
    kc_metrics_summary_observe("t_attempt_seconds", NULL, 1.5);
    text = render();
    assert_non_null(strstr(text, "# TYPE t_attempt_seconds summary\n"
                                 "t_attempt_seconds_sum 1.75\n"
                                 "t_attempt_seconds_count 2\n"));
    free(text);
}

static void test_wrong_kind_negative_and_oversized_are_dropped(void **state)
{
    char name[200];
    char *text;

    (void)state;
    kc_metrics_counter_add("t_kind", NULL, 1);
    kc_metrics_gauge_set("t_kind", NULL, 99);   /* another kind: dropped */
    kc_metrics_counter_add("t_kind", NULL, -5); /* a counter never goes down */
    memset(name, 'x', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    kc_metrics_counter_add(name, NULL, 1);
    kc_metrics_counter_add(NULL, NULL, 1);
    text = render();
    assert_non_null(strstr(text, "# TYPE t_kind counter\nt_kind 1\n"));
    assert_null(strstr(text, "t_kind 99"));
    assert_null(strstr(text, "xxxxxxxxxx"));
    free(text);
}

static void test_extra_comes_after_the_named_series(void **state)
{
    char *text;

    (void)state;
    kc_metrics_counter_add("t_before_extra", NULL, 1);
    text = kc_metrics_render("extra_gauge 7\n");
    assert_non_null(text);
    assert_true(strstr(text, "t_before_extra 1") < strstr(text, "extra_gauge 7\n"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counters_by_label_under_one_type_line),
        cmocka_unit_test(test_gauge_is_set_not_added),
        cmocka_unit_test(test_summary_sum_and_count),
        cmocka_unit_test(test_wrong_kind_negative_and_oversized_are_dropped),
        cmocka_unit_test(test_extra_comes_after_the_named_series),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
