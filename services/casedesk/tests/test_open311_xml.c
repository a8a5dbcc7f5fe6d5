/* The Open311 XML writer: the standard's element names, escaping, what
 * XML 1.0 forbids, numbers, nulls and a refused name. Links the writer
 * alone (pure). */
/* LINK: open311/open311_xml.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "open311/open311_xml.h"

static void write_and_expect(json_t *doc, const char *root, const char *body)
{
    char *xml = open311_xml_write(doc, root);
    char *want = NULL;

    assert_non_null(xml);
    assert_true(asprintf(&want, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n%s\n", body) > 0);
    assert_string_equal(xml, want);
    free(want);
    free(xml);
    json_decref(doc);
}

static void services_and_items_are_named_by_the_standard(void **state)
{
    (void)state;
    write_and_expect(json_pack("[{s:s, s:b, s:s}, {s:s, s:b, s:s}]", "service_code", "a",
                               "metadata", 1, "type", "realtime", "service_code", "b", "metadata",
                               0, "type", "batch"),
                     "services",
                     "<services><service><service_code>a</service_code><metadata>true</metadata>"
                     "<type>realtime</type></service><service><service_code>b</service_code>"
                     "<metadata>false</metadata><type>batch</type></service></services>");
    write_and_expect(
        json_pack("{s:s, s:[{s:s, s:i, s:[{s:s, s:s}]}]}", "service_code", "x", "attributes",
                  "code", "SOORT", "order", 1, "values", "key", "glas", "name", "Glas"),
        "service_definition",
        "<service_definition><service_code>x</service_code><attributes><attribute>"
        "<code>SOORT</code><order>1</order><values><value><key>glas</key><name>Glas</name>"
        "</value></values></attribute></attributes></service_definition>");
    write_and_expect(json_pack("[{s:i, s:s}]", "code", 404, "description", "not found"), "errors",
                     "<errors><error><code>404</code><description>not found</description></error>"
                     "</errors>");
    write_and_expect(
        json_pack("{s:[{s:[s, s]}]}", "endpoints", "formats", "text/xml", "application/json"),
        "discovery",
        "<discovery><endpoints><endpoint><formats><format>text/xml</format>"
        "<format>application/json</format></formats></endpoint></endpoints>"
        "</discovery>");
    assert_string_equal(open311_xml_item_name("service_requests"), "request");
    assert_string_equal(open311_xml_item_name("whatever"), "item");
}

static void text_is_escaped(void **state)
{
    (void)state;
    write_and_expect(json_pack("[{s:s}]", "description", "a<b & c>d \"q\" 'a' ]]> <!-- x -->"),
                     "service_requests",
                     "<service_requests><request><description>a&lt;b &amp; c&gt;d &quot;q&quot; "
                     "&apos;a&apos; ]]&gt; &lt;!-- x --&gt;</description></request>"
                     "</service_requests>");
}

static void forbidden_characters_become_the_replacement_character(void **state)
{
    (void)state;
    /* tab, LF and CR stay; other C0 controls and U+FFFE/U+FFFF do not;
     * other UTF-8 passes unchanged */
    write_and_expect(json_pack("[{s:s}]", "description",
                               "a\x01"
                               "b\tc\nd\re\x1f"
                               "f\xef\xbf\xbeg\xef\xbf\xbfh Jos\xc3\xa9 \xe2\x82\xac"),
                     "service_requests",
                     "<service_requests><request><description>a\xef\xbf\xbd"
                     "b\tc\nd\re\xef\xbf\xbd"
                     "f\xef\xbf\xbdg\xef\xbf\xbdh Jos\xc3\xa9 \xe2\x82\xac</description></request>"
                     "</service_requests>");
}

static void numbers_nulls_and_booleans(void **state)
{
    (void)state;
    write_and_expect(json_pack("[{s:f, s:f, s:n, s:I, s:f}]", "lat", 52.0907, "long", 0.00001,
                               "address", "id", (json_int_t)-12, "zero", 0.0),
                     "service_requests",
                     "<service_requests><request><lat>52.0907</lat><long>0.00001</long>"
                     "<id>-12</id><zero>0</zero></request></service_requests>");
    write_and_expect(json_array(), "service_requests", "<service_requests></service_requests>");
}

static void bad_names_are_refused(void **state)
{
    json_t *doc = json_pack("[{s:s}]", "a b", "x");
    (void)state;
    assert_null(open311_xml_write(doc, "service_requests"));
    json_decref(doc);
    doc = json_pack("[{s:s}]", "1st", "x");
    assert_null(open311_xml_write(doc, "service_requests"));
    json_decref(doc);
    doc = json_array();
    assert_null(open311_xml_write(doc, "bad root"));
    assert_null(open311_xml_write(NULL, "errors"));
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(services_and_items_are_named_by_the_standard),
        cmocka_unit_test(text_is_escaped),
        cmocka_unit_test(forbidden_characters_become_the_replacement_character),
        cmocka_unit_test(numbers_nulls_and_booleans),
        cmocka_unit_test(bad_names_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
