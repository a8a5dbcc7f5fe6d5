/* Whether a callback URL may be called (SSRF; see delivery/url_safety.h).
 * The URL is parsed strictly, so that what is checked here is what libcurl
 * will call: anything this parser does not understand exactly (blanks,
 * backslashes, user info, percent signs or non-ASCII in the host, zone ids,
 * empty ports) is refused rather than guessed at. */
#include "delivery/url_safety.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "koers/config.h"

#define URL_MAX   2048
#define HOST_MAX  253
#define NETS_MAX  32
#define NETS_TEXT 1024

/* One CIDR of the allow-list: a family, 16 bytes (IPv4 in the first 4)
 * and the prefix length. */
typedef struct net {
    int family;
    unsigned char addr[16];
    int prefix;
} net;

/* Written by url_safety_configure at start, before any worker or request
 * runs; read only after (a configure in tests must not race with
 * checks). Until then: https only, no exceptions. */
static int allow_http;
static net allow_nets[NETS_MAX];
static size_t nallow;

/* ---- the allow-list ----------------------------------------------------- */

/* Parses "addr[/prefix]" into n. 0, or -1 when it is not a CIDR. */
static int net_parse(const char *text, net *n)
{
    char buf[64], *slash, *end = NULL;
    long prefix;
    int max;

    if (strlen(text) >= sizeof(buf))
        return -1;
    strcpy(buf, text);
    memset(n, 0, sizeof(*n));
    slash = strchr(buf, '/');
    if (slash != NULL)
        *slash = '\0';
    if (inet_pton(AF_INET, buf, n->addr) == 1) {
        n->family = AF_INET;
        max = 32;
    } else if (inet_pton(AF_INET6, buf, n->addr) == 1) {
        n->family = AF_INET6;
        max = 128;
    } else {
        return -1;
    }
    n->prefix = max;
    if (slash != NULL) {
        if (slash[1] < '0' || slash[1] > '9')
            return -1;
        prefix = strtol(slash + 1, &end, 10);
        if (*end != '\0' || prefix < 0 || prefix > max || end - (slash + 1) > 3)
            return -1;
        n->prefix = (int)prefix;
    }
    return 0;
}

/* 1 when the first prefix bits of a and b agree. */
static int prefix_equal(const unsigned char *a, const unsigned char *b, int prefix)
{
    int full = prefix / 8, rest = prefix % 8;

    if (memcmp(a, b, (size_t)full) != 0)
        return 0;
    if (rest == 0)
        return 1;
    return ((a[full] ^ b[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

static int allowed(int family, const unsigned char *addr)
{
    size_t i;

    for (i = 0; i < nallow; i++)
        if (allow_nets[i].family == family &&
            prefix_equal(allow_nets[i].addr, addr, allow_nets[i].prefix))
            return 1;
    return 0;
}

int url_safety_configure(char *err, size_t errlen)
{
    char text[NETS_TEXT], *entry, *save = NULL;
    net nets[NETS_MAX];
    size_t n = 0, i = 0;
    int http;

    if (kc_env_int("KOERS_NOTIFICATIONS_ALLOW_HTTP", 0, 0, 1, &http, err, errlen) != 0 ||
        kc_env_str("KOERS_NOTIFICATIONS_ALLOW_NETS", "", text, sizeof(text), err, errlen) != 0)
        return -1;
    for (entry = strtok_r(text, ",", &save); entry != NULL; entry = strtok_r(NULL, ",", &save)) {
        char *e = entry + strlen(entry);
        i++;
        while (*entry == ' ')
            entry++;
        while (e > entry && e[-1] == ' ')
            *--e = '\0';
        if (*entry == '\0')
            continue;
        if (n == NETS_MAX) {
            snprintf(err, errlen, "KOERS_NOTIFICATIONS_ALLOW_NETS: at most %d entries", NETS_MAX);
            return -1;
        }
        if (net_parse(entry, &nets[n]) != 0) {
            snprintf(err, errlen,
                     "KOERS_NOTIFICATIONS_ALLOW_NETS: entry %zu (\"%.60s\") is not an address or "
                     "CIDR (e.g. 127.0.0.0/8, ::1/128)",
                     i, entry);
            return -1;
        }
        n++;
    }
    allow_http = http;
    memcpy(allow_nets, nets, n * sizeof(nets[0]));
    nallow = n;
    return 0;
}

/* ---- forbidden ranges ---------------------------------------------------- */

/* Why an IPv4 address (host order) may not be called, NULL when it may. */
static const char *v4_forbidden(uint32_t a)
{
    static const struct {
        uint32_t base;
        int prefix;
        const char *why;
    } ranges[] = {
        {0x00000000u, 8, "resolves to an unspecified address"},    /* 0/8 "this network" */
        {0x0a000000u, 8, "resolves to a private address"},         /* 10/8 */
        {0x64400000u, 10, "resolves to a shared (CGNAT) address"}, /* 100.64/10 */
        {0x7f000000u, 8, "resolves to a loopback address"},        /* 127/8 */
        {0xa9fe0000u, 16, "resolves to a link-local address"},     /* 169.254/16, metadata */
        {0xac100000u, 12, "resolves to a private address"},        /* 172.16/12 */
        {0xc0000000u, 24, "resolves to a reserved address"},       /* 192.0.0/24 IETF */
        {0xc0000200u, 24, "resolves to a reserved address"},       /* 192.0.2/24 TEST-NET-1 */
        {0xc0a80000u, 16, "resolves to a private address"},        /* 192.168/16 */
        {0xc6120000u, 15, "resolves to a reserved address"},       /* 198.18/15 benchmarking */
        {0xc6336400u, 24, "resolves to a reserved address"},       /* 198.51.100/24 TEST-NET-2 */
        {0xcb007100u, 24, "resolves to a reserved address"},       /* 203.0.113/24 TEST-NET-3 */
        {0xe0000000u, 4, "resolves to a multicast address"},       /* 224/4 */
        {0xf0000000u, 4, "resolves to a reserved address"},        /* 240/4, broadcast */
    };
    size_t i;

    for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
        uint32_t mask = ranges[i].prefix == 0 ? 0 : 0xffffffffu << (32 - ranges[i].prefix);
        if ((a & mask) == ranges[i].base)
            return ranges[i].why;
    }
    return NULL;
}

static uint32_t v4_at(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Why an IPv4 address (network order bytes) may not be called, NULL when
 * it may (the allow-list wins). */
static const char *v4_check(const unsigned char *b)
{
    if (allowed(AF_INET, b))
        return NULL;
    return v4_forbidden(v4_at(b));
}

/* Why an IPv6 address may not be called, NULL when it may. An IPv4 address
 * carried inside one (mapped, NAT64, 6to4) is judged as that address. */
static const char *v6_check(const unsigned char *b)
{
    static const unsigned char zero[16] = {0};
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    static const unsigned char nat64_local[6] = {0, 0x64, 0xff, 0x9b, 0, 0x01};

    if (allowed(AF_INET6, b))
        return NULL;
    if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0)
        return v4_check(b + 12);
    if (b[0] == 0x20 && b[1] == 0x02) /* 2002::/16 6to4: the IPv4 in bits 16..47 */
        return v4_check(b + 2);
    if (memcmp(b, zero, 15) == 0 && b[15] == 0)
        return "resolves to an unspecified address"; /* :: */
    if (memcmp(b, zero, 15) == 0 && b[15] == 1)
        return "resolves to a loopback address"; /* ::1 */
    if (memcmp(b, zero, 12) == 0)
        return "resolves to a reserved address"; /* ::/96, IPv4-compatible (deprecated) */
    if (memcmp(b, nat64_local, 6) == 0)
        return "resolves to a private address"; /* 64:ff9b:1::/48, local-use NAT64 */
    if ((b[0] & 0xfe) == 0xfc)
        return "resolves to a private address"; /* fc00::/7 */
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        return "resolves to a link-local address"; /* fe80::/10 */
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
        return "resolves to a private address"; /* fec0::/10, site-local (deprecated) */
    if (b[0] == 0xff)
        return "resolves to a multicast address"; /* ff00::/8 */
    if (b[0] == 0x01 && b[1] == 0x00 && memcmp(b + 2, zero, 6) == 0)
        return "resolves to a reserved address"; /* 100::/64, discard-only */
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
        return "resolves to a reserved address"; /* 2001:db8::/32, documentation */
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)
        return "resolves to a reserved address"; /* 2001::/32, Teredo */
    return NULL;
}

/* ---- the URL --------------------------------------------------------------- */

static kc_status why_set(char *why, size_t whylen, const char *text)
{
    if (why != NULL && whylen > 0)
        snprintf(why, whylen, "%s", text);
    return KC_INVALID;
}

static int host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_';
}

/* Splits url into its host (without brackets) and whether it is an IPv6
 * literal. KC_OK, or KC_INVALID with why. */
static kc_status url_parse(const char *url, char host[HOST_MAX + 1], char *why, size_t whylen)
{
    const char *p, *auth, *auth_end, *h, *h_end, *port = NULL;
    size_t len, hlen;

    if (url == NULL || (len = strlen(url)) == 0)
        return why_set(why, whylen, "is not a URL");
    if (len > URL_MAX)
        return why_set(why, whylen, "is too long");
    for (p = url; *p != '\0'; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || *p == '\\')
            return why_set(why, whylen,
                           "is not a URL (blanks, backslashes and non-ASCII "
                           "characters must be percent-encoded)");
    if (strncasecmp(url, "https://", 8) == 0) {
        auth = url + 8;
    } else if (strncasecmp(url, "http://", 7) == 0) {
        if (!allow_http)
            return why_set(why, whylen, "must use https");
        auth = url + 7;
    } else if (strstr(url, "://") != NULL) {
        return why_set(why, whylen, "must use https");
    } else {
        return why_set(why, whylen, "is not a URL");
    }
    auth_end = auth + strcspn(auth, "/?#");
    if (memchr(auth, '@', (size_t)(auth_end - auth)) != NULL)
        return why_set(why, whylen, "must not contain a user name or password");
    if (auth == auth_end)
        return why_set(why, whylen, "is not a URL (no host)");
    if (*auth == '[') {
        unsigned char v6[16];
        h = auth + 1;
        h_end = memchr(h, ']', (size_t)(auth_end - h));
        if (h_end == NULL)
            return why_set(why, whylen, "is not a URL (unclosed IPv6 address)");
        hlen = (size_t)(h_end - h);
        if (hlen == 0 || hlen > 45) /* no zone ids ("%25eth0"): '%' is refused below */
            return why_set(why, whylen, "is not a URL (bad IPv6 address)");
        memcpy(host, h, hlen);
        host[hlen] = '\0';
        if (inet_pton(AF_INET6, host, v6) != 1)
            return why_set(why, whylen, "is not a URL (bad IPv6 address)");
        p = h_end + 1;
        if (p < auth_end && *p != ':')
            return why_set(why, whylen, "is not a URL (bad port)");
        if (p < auth_end)
            port = p + 1;
    } else {
        h = auth;
        h_end = memchr(h, ':', (size_t)(auth_end - h));
        if (h_end == NULL)
            h_end = auth_end;
        else
            port = h_end + 1;
        hlen = (size_t)(h_end - h);
        if (hlen == 0)
            return why_set(why, whylen, "is not a URL (no host)");
        if (hlen > HOST_MAX)
            return why_set(why, whylen, "is not a URL (host too long)");
        for (p = h; p < h_end; p++)
            if (!host_char(*p))
                return why_set(why, whylen, "is not a URL (bad host name)");
        memcpy(host, h, hlen);
        host[hlen] = '\0';
    }
    if (port != NULL) {
        long n = 0;
        if (port == auth_end || auth_end - port > 5)
            return why_set(why, whylen, "is not a URL (bad port)");
        for (p = port; p < auth_end; p++) {
            if (*p < '0' || *p > '9')
                return why_set(why, whylen, "is not a URL (bad port)");
            n = n * 10 + (*p - '0');
        }
        if (n < 1 || n > 65535)
            return why_set(why, whylen, "is not a URL (bad port)");
    }
    return KC_OK;
}

kc_status url_safety_check(const char *url, char *why, size_t whylen)
{
    char host[HOST_MAX + 1];
    struct addrinfo hints, *res = NULL, *ai;
    const char *bad = NULL;
    kc_status st;
    int rc;

    if (why != NULL && whylen > 0)
        why[0] = '\0';
    st = url_parse(url, host, why, whylen);
    if (st != KC_OK)
        return st;
    /* every address the name gives is checked: libcurl may connect to any */
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    rc = getaddrinfo(host, NULL, &hints, &res);
    if (rc != 0 || res == NULL) {
        if (res != NULL)
            freeaddrinfo(res);
        return why_set(why, whylen, "cannot be resolved");
    }
    for (ai = res; ai != NULL && bad == NULL; ai = ai->ai_next) {
        if (ai->ai_family == AF_INET && ai->ai_addrlen >= sizeof(struct sockaddr_in)) {
            const struct sockaddr_in *sa = (const struct sockaddr_in *)(const void *)ai->ai_addr;
            bad = v4_check((const unsigned char *)&sa->sin_addr);
        } else if (ai->ai_family == AF_INET6 && ai->ai_addrlen >= sizeof(struct sockaddr_in6)) {
            const struct sockaddr_in6 *sa = (const struct sockaddr_in6 *)(const void *)ai->ai_addr;
            bad = v6_check(sa->sin6_addr.s6_addr);
        } else {
            bad = "resolves to an address that is not IPv4 or IPv6";
        }
    }
    freeaddrinfo(res);
    if (bad != NULL)
        return why_set(why, whylen, bad);
    return KC_OK;
}
