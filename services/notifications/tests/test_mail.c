/* Unit tests of delivery/mail.c against an SMTP sink written here (a
 * thread accepting one connection on 127.0.0.1 and speaking just enough
 * SMTP): the mail arrives with its recipient, subject and body; CR/LF in
 * the recipient or subject (header injection) and addresses without '@'
 * are refused; no relay configured is KC_UNAVAILABLE; a relay that is not
 * there is KC_UNAVAILABLE; bad settings are refused naming the variable. */
/* LINK: delivery/mail.c delivery/webhook.c delivery/url_safety.c delivery/signature.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <cmocka.h>

#include "delivery/mail.h"

/* One SMTP session: everything the client sent. */
typedef struct sink {
    int listen_fd;
    int port;
    pthread_t thread;
    char got[16384];
    size_t len;
} sink;

static void say(int fd, const char *line)
{
    size_t n = strlen(line);
    if (write(fd, line, n) != (ssize_t)n)
        return;
}

/* Reads one line (up to LF) into the session's record; its start in
 * s->got, or NULL when the peer is gone. */
static const char *read_line(sink *s, int fd)
{
    size_t start = s->len;
    char c;

    while (s->len + 1 < sizeof(s->got)) {
        if (read(fd, &c, 1) != 1)
            return NULL;
        s->got[s->len++] = c;
        s->got[s->len] = '\0';
        if (c == '\n')
            return s->got + start;
    }
    return NULL;
}

static void *sink_run(void *arg)
{
    sink *s = arg;
    struct timeval tv = {.tv_sec = 5};
    const char *line;
    int fd = accept(s->listen_fd, NULL, NULL), in_data = 0;

    if (fd < 0)
        return NULL;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    say(fd, "220 sink ESMTP\r\n");
    while ((line = read_line(s, fd)) != NULL) {
        if (in_data) {
            if (strcmp(line, ".\r\n") == 0) {
                in_data = 0;
                say(fd, "250 queued\r\n");
            }
        } else if (strncasecmp(line, "EHLO", 4) == 0 || strncasecmp(line, "HELO", 4) == 0) {
            say(fd, "250 sink\r\n");
        } else if (strncasecmp(line, "MAIL FROM:", 10) == 0 ||
                   strncasecmp(line, "RCPT TO:", 8) == 0) {
            say(fd, "250 ok\r\n");
        } else if (strncasecmp(line, "DATA", 4) == 0) {
            in_data = 1;
            say(fd, "354 go ahead\r\n");
        } else if (strncasecmp(line, "QUIT", 4) == 0) {
            say(fd, "221 bye\r\n");
            break;
        } else {
            say(fd, "502 not here\r\n");
        }
    }
    close(fd);
    return NULL;
}

static void sink_start(sink *s)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof(a);

    memset(s, 0, sizeof(*s));
    s->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s->listen_fd >= 0);
    assert_int_equal(bind(s->listen_fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(s->listen_fd, 1), 0);
    assert_int_equal(getsockname(s->listen_fd, (struct sockaddr *)&a, &alen), 0);
    s->port = ntohs(a.sin_port);
    assert_int_equal(pthread_create(&s->thread, NULL, sink_run, s), 0);
}

static void sink_join(sink *s)
{
    pthread_join(s->thread, NULL);
    close(s->listen_fd);
}

static void relay(const char *host, int port)
{
    char err[256], p[16];

    snprintf(p, sizeof(p), "%d", port);
    if (host != NULL)
        setenv("KOERS_SMTP_HOST", host, 1);
    else
        unsetenv("KOERS_SMTP_HOST");
    setenv("KOERS_SMTP_PORT", p, 1);
    unsetenv("KOERS_SMTP_TLS");
    unsetenv("KOERS_SMTP_USER");
    unsetenv("KOERS_SMTP_PASSWORD");
    setenv("KOERS_SMTP_FROM", "alerts@koers.example", 1);
    assert_int_equal(mail_configure(err, sizeof(err)), 0);
}

static void the_mail_arrives(void **state)
{
    sink s;

    (void)state;
    sink_start(&s);
    relay("127.0.0.1", s.port);
    assert_true(mail_enabled());
    assert_int_equal(mail_send("beheer@gemeente.example", "Koers: deliveries to a portal failed",
                               "Subscription 42 failed.\n.\nSee the deliveries log.\n"),
                     KC_OK);
    sink_join(&s);
    assert_non_null(strstr(s.got, "MAIL FROM:<alerts@koers.example>"));
    assert_non_null(strstr(s.got, "RCPT TO:<beheer@gemeente.example>\r\n"));
    assert_non_null(strstr(s.got, "\r\nTo: beheer@gemeente.example\r\n"));
    assert_non_null(strstr(s.got, "\r\nFrom: alerts@koers.example\r\n"));
    assert_non_null(strstr(s.got, "\r\nSubject: Koers: deliveries to a portal failed\r\n"));
    /* the body with CRLF line ends, its lone dot escaped (not the end) */
    assert_non_null(strstr(s.got, "\r\n\r\nSubscription 42 failed.\r\n..\r\nSee the deliveries "
                                  "log.\r\n"));
    assert_non_null(strstr(s.got, "QUIT"));
}

static void a_non_ascii_subject_is_encoded(void **state)
{
    sink s;

    (void)state;
    sink_start(&s);
    relay("127.0.0.1", s.port);
    assert_int_equal(mail_send("beheer@gemeente.example", "\xc3\xa9\xc3\xa9n", "body"), KC_OK);
    sink_join(&s);
    assert_non_null(strstr(s.got, "\r\nSubject: =?UTF-8?B?w6nDqW4=?=\r\n"));
}

static void injection_and_bad_addresses_are_refused(void **state)
{
    static const char *const bad_to[] = {
        "beheer@gemeente.example\r\nBcc: all@example.org",
        "beheer@gemeente.example\nX: y",
        "beheer.gemeente.example",
        "@gemeente.example",
        "beheer@",
        "a@b@c",
        "beheer @gemeente.example",
        "Beheer <beheer@gemeente.example>",
        "a@b.example,c@d.example",
        "",
    };
    size_t i;

    (void)state;
    relay("127.0.0.1", 1); /* nothing is sent: refused before */
    for (i = 0; i < sizeof(bad_to) / sizeof(bad_to[0]); i++)
        assert_int_equal(mail_send(bad_to[i], "subject", "body"), KC_INVALID);
    assert_int_equal(mail_send(NULL, "subject", "body"), KC_INVALID);
    assert_int_equal(mail_send("beheer@gemeente.example", "subject\r\nBcc: all@example.org", "b"),
                     KC_INVALID);
    assert_int_equal(mail_send("beheer@gemeente.example", "subject\nX: y", "b"), KC_INVALID);
    assert_int_equal(mail_send("beheer@gemeente.example", NULL, "b"), KC_INVALID);
    assert_int_equal(mail_send("beheer@gemeente.example", "s", NULL), KC_INVALID);
}

static void no_relay_is_unavailable(void **state)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof(a);
    int fd, port;

    (void)state;
    relay(NULL, 25);
    assert_false(mail_enabled());
    assert_int_equal(mail_send("beheer@gemeente.example", "subject", "body"), KC_UNAVAILABLE);
    /* configured, but nobody listens there */
    fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    port = ntohs(a.sin_port);
    close(fd);
    relay("127.0.0.1", port);
    assert_int_equal(mail_send("beheer@gemeente.example", "subject", "body"), KC_UNAVAILABLE);
}

static void bad_settings_are_refused(void **state)
{
    static const struct {
        const char *var, *value;
    } bad[] = {
        {"KOERS_SMTP_PORT", "0"},           {"KOERS_SMTP_PORT", "65536"},
        {"KOERS_SMTP_TLS", "yes"},          {"KOERS_SMTP_FROM", "koers"},
        {"KOERS_SMTP_FROM", "a@b\r\nX: y"}, {"KOERS_SMTP_HOST", "relay.example/x"},
    };
    char err[256];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        relay("relay.example", 25);
        setenv(bad[i].var, bad[i].value, 1);
        assert_int_equal(mail_configure(err, sizeof(err)), -1);
        assert_non_null(strstr(err, bad[i].var));
    }
    /* the password is never in a message */
    relay("relay.example", 25);
    setenv("KOERS_SMTP_PASSWORD", "s3cret-relay-password", 1);
    setenv("KOERS_SMTP_PORT", "x", 1);
    assert_int_equal(mail_configure(err, sizeof(err)), -1);
    assert_null(strstr(err, "s3cret"));
    unsetenv("KOERS_SMTP_PASSWORD");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_mail_arrives),
        cmocka_unit_test(a_non_ascii_subject_is_encoded),
        cmocka_unit_test(injection_and_bad_addresses_are_refused),
        cmocka_unit_test(no_relay_is_unavailable),
        cmocka_unit_test(bad_settings_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
