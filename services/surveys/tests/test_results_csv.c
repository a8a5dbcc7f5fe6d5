/* Unit tests of export_csv.c: RFC 4180 quoting and the formula guard of
 * respondents' text. */
/* LINK: results/export_csv.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "results/export_csv.h"

static void test_plain_and_quoted_fields(void **state)
{
    export_csv c = {0};
    char *doc;
    size_t len = 0;
    (void)state;
    export_csv_field(&c, "audience");
    export_csv_field(&c, "q1");
    export_csv_end_row(&c);
    export_csv_field(&c, "citizens");
    export_csv_text(&c, "Meer \"groen\", graag");
    export_csv_text(&c, "twee\nregels");
    export_csv_field(&c, NULL);
    export_csv_field(&c, "");
    export_csv_end_row(&c);
    doc = export_csv_take(&c, &len);
    assert_non_null(doc);
    assert_string_equal(doc, "audience,q1\r\n"
                             "citizens,\"Meer \"\"groen\"\", graag\",\"twee\nregels\",,\r\n");
    assert_int_equal(len, strlen(doc));
    free(doc);
}

/* = + - @ and tab at the start of a respondent's text get an apostrophe;
 * a value of ours (a negative NPS) does not. */
static void test_formula_guard(void **state)
{
    export_csv c = {0};
    char *doc;
    size_t len = 0;
    (void)state;
    export_csv_text(&c, "=1+1");
    export_csv_text(&c, "+31 6");
    export_csv_text(&c, "-x");
    export_csv_text(&c, "@SUM(A1)");
    export_csv_text(&c, "=\"a\",b");
    export_csv_text(&c, "gewoon");
    export_csv_field(&c, "-33.3333");
    export_csv_end_row(&c);
    doc = export_csv_take(&c, &len);
    assert_string_equal(doc, "'=1+1,'+31 6,'-x,'@SUM(A1),\"'=\"\"a\"\",b\",gewoon,-33.3333\r\n");
    free(doc);
}

static void test_empty_document(void **state)
{
    export_csv c = {0};
    char *doc;
    size_t len = 7;
    (void)state;
    doc = export_csv_take(&c, &len);
    assert_non_null(doc);
    assert_string_equal(doc, "");
    assert_int_equal(len, 0);
    free(doc);
    export_csv_clear(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_quoted_fields),
        cmocka_unit_test(test_formula_guard),
        cmocka_unit_test(test_empty_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
