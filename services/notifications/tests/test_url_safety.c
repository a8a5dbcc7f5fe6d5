/* Unit tests of delivery/url_safety.c: every forbidden IPv4 range (at its
 * edges), IPv6 and the IPv4 carried in IPv6 (mapped, NAT64, 6to4), names
 * and odd numeric spellings that resolve to them, the allow-list, http
 * only when allowed, and malformed URLs. Needs no DNS: names are localhost
 * (/etc/hosts) and .invalid. */
/* LINK: delivery/url_safety.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "delivery/url_safety.h"

static void configure(const char *http, const char *nets)
{
    char err[256];

    if (http != NULL)
        setenv("KOERS_NOTIFICATIONS_ALLOW_HTTP", http, 1);
    else
        unsetenv("KOERS_NOTIFICATIONS_ALLOW_HTTP");
    if (nets != NULL)
        setenv("KOERS_NOTIFICATIONS_ALLOW_NETS", nets, 1);
    else
        unsetenv("KOERS_NOTIFICATIONS_ALLOW_NETS");
    assert_int_equal(url_safety_configure(err, sizeof(err)), 0);
}

static int strict(void **state)
{
    (void)state;
    configure(NULL, NULL);
    return 0;
}

/* The reason url is refused with ("" when it is not). */
static const char *why_of(const char *url)
{
    static char why[128];
    kc_status st = url_safety_check(url, why, sizeof(why));

    if (st == KC_OK) {
        assert_string_equal(why, "");
        return "";
    }
    assert_int_equal(st, KC_INVALID);
    assert_true(why[0] != '\0');
    return why;
}

static void refused(const char *url, const char *why)
{
    const char *got = why_of(url);
    if (strcmp(got, why) != 0)
        fail_msg("%s: got \"%s\", want \"%s\"", url, got, why);
}

static void accepted(const char *url)
{
    const char *got = why_of(url);
    if (got[0] != '\0')
        fail_msg("%s: refused: %s", url, got);
}

#define LOOPBACK  "resolves to a loopback address"
#define PRIVATE   "resolves to a private address"
#define LINKLOCAL "resolves to a link-local address"
#define UNSPEC    "resolves to an unspecified address"
#define CGNAT     "resolves to a shared (CGNAT) address"
#define MULTICAST "resolves to a multicast address"
#define RESERVED  "resolves to a reserved address"

static void every_ipv4_range_at_its_edges(void **state)
{
    static const struct {
        const char *host, *why;
    } cases[] = {
        {"0.0.0.0", UNSPEC},        {"0.255.255.255", UNSPEC},
        {"10.0.0.0", PRIVATE},      {"10.255.255.255", PRIVATE},
        {"100.64.0.0", CGNAT},      {"100.127.255.255", CGNAT},
        {"127.0.0.1", LOOPBACK},    {"127.255.255.254", LOOPBACK},
        {"169.254.0.1", LINKLOCAL}, {"169.254.169.254", LINKLOCAL},
        {"172.16.0.0", PRIVATE},    {"172.31.255.255", PRIVATE},
        {"192.168.0.1", PRIVATE},   {"192.168.255.255", PRIVATE},
        {"192.0.0.170", RESERVED},  {"192.0.2.1", RESERVED},
        {"198.18.0.1", RESERVED},   {"198.19.255.255", RESERVED},
        {"198.51.100.7", RESERVED}, {"203.0.113.9", RESERVED},
        {"224.0.0.1", MULTICAST},   {"239.255.255.255", MULTICAST},
        {"240.0.0.1", RESERVED},    {"255.255.255.255", RESERVED},
    };
    static const char *const fine[] = {
        "1.1.1.1",         "9.255.255.255",   "11.0.0.0",        "100.63.255.255", "100.128.0.0",
        "126.255.255.255", "128.0.0.0",       "169.253.255.255", "169.255.0.0",    "172.15.255.255",
        "172.32.0.0",      "192.167.255.255", "192.169.0.0",     "198.17.255.255", "198.20.0.0",
        "223.255.255.255", "93.184.215.14",
    };
    char url[128];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(url, sizeof(url), "https://%s/hook", cases[i].host);
        refused(url, cases[i].why);
    }
    for (i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
        snprintf(url, sizeof(url), "https://%s/hook", fine[i]);
        accepted(url);
    }
}

static void ipv6_and_the_ipv4_inside_it(void **state)
{
    static const struct {
        const char *host, *why;
    } cases[] = {
        {"::1", LOOPBACK},
        {"::", UNSPEC},
        {"fc00::1", PRIVATE},
        {"fdff:ffff::1", PRIVATE},
        {"fe80::1", LINKLOCAL},
        {"febf::1", LINKLOCAL},
        {"fec0::1", PRIVATE},
        {"ff02::1", MULTICAST},
        {"ff05::2", MULTICAST},
        {"::ffff:127.0.0.1", LOOPBACK},
        {"::ffff:7f00:1", LOOPBACK},
        {"::ffff:10.1.2.3", PRIVATE},
        {"::ffff:169.254.169.254", LINKLOCAL},
        {"::ffff:0.0.0.0", UNSPEC},
        {"64:ff9b::127.0.0.1", LOOPBACK},
        {"64:ff9b::a9fe:a9fe", LINKLOCAL},
        {"64:ff9b::192.168.1.1", PRIVATE},
        {"64:ff9b:1::1", PRIVATE},
        {"2002:7f00:1::", LOOPBACK},
        {"2002:a00:1::1", PRIVATE},
        {"2002:a9fe:a9fe::", LINKLOCAL},
        {"::127.0.0.1", RESERVED},
        {"2001:db8::1", RESERVED},
        {"2001::1", RESERVED},
        {"100::1", RESERVED},
    };
    static const char *const fine[] = {
        "2606:4700:4700::1111",   "2a00:1450:4001::200e", "::ffff:93.184.215.14",
        "64:ff9b::93.184.215.14", "2002:5db8:d70e::1",
    };
    char url[128];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(url, sizeof(url), "https://[%s]:8443/hook", cases[i].host);
        refused(url, cases[i].why);
    }
    for (i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
        snprintf(url, sizeof(url), "https://[%s]/hook", fine[i]);
        accepted(url);
    }
}

static void names_and_odd_spellings_are_resolved(void **state)
{
    (void)state;
    refused("https://localhost/hook", LOOPBACK);
    refused("https://LOCALHOST:8443/hook", LOOPBACK);
    /* getaddrinfo (and libcurl) read these as 127.0.0.1 */
    refused("https://2130706433/hook", LOOPBACK);
    refused("https://0x7f.1/hook", LOOPBACK);
    refused("https://127.1/hook", LOOPBACK);
    refused("https://0177.0.0.1/hook", LOOPBACK);
    refused("https://0x7f000001/hook", LOOPBACK);
    refused("https://0/hook", UNSPEC);
    refused("https://167772161/hook", PRIVATE);    /* 10.0.0.1 */
    refused("https://2852039166/hook", LINKLOCAL); /* 169.254.169.254 */
    refused("https://no-such-host.invalid/hook", "cannot be resolved");
}

static void http_only_when_allowed(void **state)
{
    (void)state;
    refused("http://93.184.215.14/hook", "must use https");
    refused("ftp://93.184.215.14/hook", "must use https");
    refused("file:///etc/passwd", "must use https");
    refused("gopher://93.184.215.14:70/", "must use https");
    accepted("HTTPS://93.184.215.14/hook");
    configure("1", NULL);
    accepted("http://93.184.215.14/hook");
    refused("http://127.0.0.1:8080/hook", LOOPBACK); /* http is not an allow-list */
    refused("ftp://93.184.215.14/hook", "must use https");
}

static void the_allow_list_makes_exceptions(void **state)
{
    char err[256];

    (void)state;
    configure("1", "127.0.0.0/8, ::1/128,10.1.0.0/16,fd00:1::/32,192.168.1.7");
    accepted("http://127.0.0.1:8080/hook");
    accepted("http://127.9.9.9/hook");
    accepted("http://localhost:8080/hook");
    accepted("http://[::1]:8080/hook");
    accepted("http://[::ffff:127.0.0.1]/hook"); /* the IPv4 inside is allowed */
    accepted("http://10.1.255.255/hook");
    refused("http://10.2.0.0/hook", PRIVATE);
    accepted("http://[fd00:1:ffff::1]/hook");
    refused("http://[fd00:2::1]/hook", PRIVATE);
    accepted("http://192.168.1.7/hook");
    refused("http://192.168.1.8/hook", PRIVATE);
    refused("http://169.254.169.254/latest/meta-data/", LINKLOCAL);
    /* bad entries are named */
    setenv("KOERS_NOTIFICATIONS_ALLOW_NETS", "127.0.0.0/8,10.0.0.0/33", 1);
    assert_int_equal(url_safety_configure(err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_NOTIFICATIONS_ALLOW_NETS: entry 2 (\"10.0.0.0/33\")"));
    setenv("KOERS_NOTIFICATIONS_ALLOW_NETS", "localhost", 1);
    assert_int_equal(url_safety_configure(err, sizeof(err)), -1);
    assert_non_null(strstr(err, "entry 1"));
    setenv("KOERS_NOTIFICATIONS_ALLOW_NETS", "::1/129", 1);
    assert_int_equal(url_safety_configure(err, sizeof(err)), -1);
    setenv("KOERS_NOTIFICATIONS_ALLOW_NETS", "10.0.0.0/", 1);
    assert_int_equal(url_safety_configure(err, sizeof(err)), -1);
    setenv("KOERS_NOTIFICATIONS_ALLOW_NETS", "10.0.0.0/8x", 1);
    assert_int_equal(url_safety_configure(err, sizeof(err)), -1);
    setenv("KOERS_NOTIFICATIONS_ALLOW_HTTP", "yes", 1);
    unsetenv("KOERS_NOTIFICATIONS_ALLOW_NETS");
    assert_int_equal(url_safety_configure(err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_NOTIFICATIONS_ALLOW_HTTP"));
    /* a failed configure keeps what was in force */
    accepted("http://127.0.0.1:8080/hook");
}

static void malformed_urls_are_refused(void **state)
{
    static const char *const bad[] = {
        "",
        "hook",
        "93.184.215.14/hook",
        "//93.184.215.14/hook",
        "https://",
        "https:///hook",
        "https://:443/hook",
        "https://93.184.215.14:/hook",
        "https://93.184.215.14:0/hook",
        "https://93.184.215.14:65536/hook",
        "https://93.184.215.14:443x/hook",
        "https://93.184.215.14:-1/hook",
        "https://93.184.215.14 /hook",
        "https://93.184.215.14/ho ok",
        "https://93.184.215.14/hook\n",
        "https://93.184.215.14\\@127.0.0.1/hook",
        "https://exa%6dple.org/hook",
        "https://ex\xc3\xa4mple.org/hook",
        "https://[::1/hook",
        "https://[]/hook",
        "https://[fe80::1%25eth0]/hook",
        "https://[2606:4700::1111]x/hook",
        "https://[93.184.215.14]/hook",
        "https://2606:4700::1111/hook",
        "https://exa$mple.org/hook",
    };
    char why[128], url[2100];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        why[0] = 'x';
        if (url_safety_check(bad[i], why, sizeof(why)) != KC_INVALID)
            fail_msg("accepted: %s", bad[i]);
        assert_int_equal(strncmp(why, "is not a URL", 12), 0);
    }
    assert_int_equal(url_safety_check(NULL, why, sizeof(why)), KC_INVALID);
    /* user info, anywhere in the authority */
    refused("https://user:pass@93.184.215.14/hook", "must not contain a user name or password");
    refused("https://93.184.215.14@127.0.0.1/hook", "must not contain a user name or password");
    refused("https://@93.184.215.14/hook", "must not contain a user name or password");
    /* an '@' in the path or query is no user info */
    accepted("https://93.184.215.14/hook?by=a@b");
    accepted("https://93.184.215.14:8443");
    accepted("https://93.184.215.14?x=1");
    accepted("https://93.184.215.14#frag");
    memset(url, 'a', sizeof(url) - 1);
    url[sizeof(url) - 1] = '\0';
    memcpy(url, "https://93.184.215.14/", 22);
    refused(url, "is too long");
    /* the reason never repeats the URL */
    assert_int_equal(url_safety_check("https://secret-token@93.184.215.14/", why, sizeof(why)),
                     KC_INVALID);
    assert_null(strstr(why, "secret-token"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(every_ipv4_range_at_its_edges, strict),
        cmocka_unit_test_setup(ipv6_and_the_ipv4_inside_it, strict),
        cmocka_unit_test_setup(names_and_odd_spellings_are_resolved, strict),
        cmocka_unit_test_setup(http_only_when_allowed, strict),
        cmocka_unit_test_setup(the_allow_list_makes_exceptions, strict),
        cmocka_unit_test_setup(malformed_urls_are_refused, strict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
