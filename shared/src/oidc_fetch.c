/* An identity provider's keys fetched (see oidc_fetch.h): discovery, then
 * the JWK Set, each one GET through Ulfius' client (libcurl underneath),
 * TLS verified, no redirect followed, the answer capped. */
#include "oidc_fetch.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <ulfius.h>

#define USER_AGENT    "Koers-Auth/0.1"
#define WELL_KNOWN    "/.well-known/openid-configuration"
#define URL_MAX       2048
#define ORIGIN_MAX    300
#define TIMEOUT_MAX_S 60

static pthread_once_t client_once = PTHREAD_ONCE_INIT;
static int client_ok;

static void client_init(void)
{
    client_ok = ulfius_global_init() == U_OK;
}

/* See oidc_fetch.h. The port is always written, the default one too, so
 * that two spellings of one origin compare equal. */
int kc_oidc_origin(const char *url, char *out, size_t outlen, const char **rest)
{
    const char *host, *end, *colon;
    int https, port;
    size_t hostlen, i;
    char hostbuf[256];

    if (strncasecmp(url, "https://", 8) == 0) {
        https = 1;
        host = url + 8;
    } else if (strncasecmp(url, "http://", 7) == 0) {
        https = 0;
        host = url + 7;
    } else {
        return -1;
    }
    end = host + strcspn(host, "/?#");
    if (memchr(host, '@', (size_t)(end - host)) != NULL)
        return -1; /* no credentials in a provider's URL */
    colon = NULL;
    if (*host == '[') { /* an IPv6 literal */
        const char *close = memchr(host, ']', (size_t)(end - host));
        if (close == NULL)
            return -1;
        if (close + 1 < end && close[1] == ':')
            colon = close + 1;
        else if (close + 1 != end)
            return -1;
        hostlen = (size_t)((colon ? colon : end) - host);
    } else {
        colon = memchr(host, ':', (size_t)(end - host));
        hostlen = (size_t)((colon ? colon : end) - host);
    }
    if (hostlen == 0 || hostlen >= sizeof(hostbuf))
        return -1;
    for (i = 0; i < hostlen; i++)
        hostbuf[i] = (char)tolower((unsigned char)host[i]);
    hostbuf[hostlen] = '\0';
    port = https ? 443 : 80;
    if (colon != NULL) {
        const char *p = colon + 1;
        if (p == end || end - p > 5)
            return -1;
        port = 0;
        for (; p < end; p++) {
            if (!isdigit((unsigned char)*p))
                return -1;
            port = port * 10 + (*p - '0');
        }
        if (port < 1 || port > 65535)
            return -1;
    }
    if ((size_t)snprintf(out, outlen, "%s://%s:%d", https ? "https" : "http", hostbuf, port) >=
        outlen)
        return -1;
    if (rest != NULL)
        *rest = end;
    return 0;
}

/* See oidc_fetch.h. */
int kc_oidc_jwks_url(const char *jwks_uri, const char *issuer, const char *discovery_url, char *out,
                     size_t outlen)
{
    char jwks_origin[ORIGIN_MAX], iss_origin[ORIGIN_MAX], disc_origin[ORIGIN_MAX];
    const char *path = NULL, *disc_rest = NULL;

    if (kc_oidc_origin(jwks_uri, jwks_origin, sizeof(jwks_origin), &path) != 0)
        return -1;
    if (discovery_url != NULL && discovery_url[0] != '\0' &&
        kc_oidc_origin(issuer, iss_origin, sizeof(iss_origin), NULL) == 0 &&
        kc_oidc_origin(discovery_url, disc_origin, sizeof(disc_origin), &disc_rest) == 0 &&
        strcmp(iss_origin, disc_origin) != 0 && strcmp(jwks_origin, iss_origin) == 0) {
        /* the back channel: the discovery URL's scheme and authority as
         * written, then the jwks_uri's path */
        int n = (int)(disc_rest - discovery_url);
        if ((size_t)snprintf(out, outlen, "%.*s%s", n, discovery_url, path) >= outlen)
            return -1;
        return 0;
    }
    if ((size_t)snprintf(out, outlen, "%s", jwks_uri) >= outlen)
        return -1;
    return 0;
}

/* What an answer's body came to: at most KC_OIDC_FETCH_MAX_BYTES. */
typedef struct body_buf {
    char *data;
    size_t len;
    int cut;
} body_buf;

static size_t body_write(void *contents, size_t size, size_t nmemb, void *user_data)
{
    body_buf *b = user_data;
    size_t n = size * nmemb;
    char *grown;

    if (n > KC_OIDC_FETCH_MAX_BYTES - b->len) {
        b->cut = 1;
        return 0; /* libcurl aborts the transfer */
    }
    grown = realloc(b->data, b->len + n + 1);
    if (grown == NULL)
        return 0;
    b->data = grown;
    memcpy(b->data + b->len, contents, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

static int url_allowed(const char *url, const kc_oidc_fetch_opts *opts)
{
    if (strncasecmp(url, "https://", 8) == 0)
        return 1;
    return opts->allow_http && strncasecmp(url, "http://", 7) == 0;
}

/* One GET of url: the 200 answer's body into *b (the caller frees
 * b->data). KC_UNAVAILABLE with why ("<what>: <reason>") otherwise. */
static kc_status http_get(const char *what, const char *url, const kc_oidc_fetch_opts *opts,
                          body_buf *b, char *why, size_t whylen)
{
    struct _u_request req;
    struct _u_response resp;
    kc_status st = KC_UNAVAILABLE;
    int rc;

    memset(b, 0, sizeof(*b));
    ulfius_init_request(&req);
    ulfius_init_response(&resp);
    if (!url_allowed(url, opts)) {
        snprintf(why, whylen, "%s: URL is not https", what);
        goto out;
    }
    pthread_once(&client_once, client_init);
    if (!client_ok) {
        snprintf(why, whylen, "%s: the HTTP client cannot be initialised", what);
        goto out;
    }
    if (ulfius_set_request_properties(
            &req, U_OPT_HTTP_VERB, "GET", U_OPT_HTTP_URL, url, U_OPT_TIMEOUT,
            (unsigned long)opts->timeout_s, U_OPT_FOLLOW_REDIRECT, 0,
            U_OPT_CHECK_SERVER_CERTIFICATE, 1, U_OPT_HEADER_PARAMETER, "Accept", "application/json",
            U_OPT_HEADER_PARAMETER, "User-Agent", USER_AGENT, U_OPT_NONE) != U_OK) {
        snprintf(why, whylen, "%s: request not made", what);
        goto out;
    }
    rc = ulfius_send_http_streaming_request(&req, &resp, body_write, b);
    if (b->cut) {
        snprintf(why, whylen, "%s: answer larger than %d bytes", what, KC_OIDC_FETCH_MAX_BYTES);
    } else if (rc != U_OK) {
        snprintf(why, whylen, "%s: connection failed or timed out", what);
    } else if (resp.status != 200) {
        snprintf(why, whylen, "%s: HTTP %ld", what, resp.status);
    } else {
        st = KC_OK;
    }
out:
    if (st != KC_OK) {
        free(b->data);
        memset(b, 0, sizeof(*b));
    }
    ulfius_clean_request(&req);
    ulfius_clean_response(&resp);
    return st;
}

/* The discovery document's URL for the provider into out. */
static int discovery_url_of(const char *issuer, const char *discovery_url, char *out, size_t outlen)
{
    size_t n;

    if (discovery_url != NULL && discovery_url[0] != '\0')
        return (size_t)snprintf(out, outlen, "%s", discovery_url) < outlen ? 0 : -1;
    n = strlen(issuer);
    if (n > 0 && issuer[n - 1] == '/')
        n--; /* OpenID Connect Discovery 1.0, section 4 */
    return (size_t)snprintf(out, outlen, "%.*s%s", (int)n, issuer, WELL_KNOWN) < outlen ? 0 : -1;
}

/* See oidc_fetch.h. */
kc_status kc_oidc_fetch_keys(const char *issuer, const char *discovery_url,
                             const kc_oidc_fetch_opts *opts, kc_jwks **out, char *why,
                             size_t whylen)
{
    char disc[URL_MAX], jwks_url[URL_MAX];
    body_buf body = {NULL, 0, 0};
    json_t *doc = NULL;
    const json_t *v;
    kc_problem pb;
    kc_status st = KC_UNAVAILABLE;

    *out = NULL;
    kc_problem_init(&pb);
    if (issuer == NULL || opts == NULL || opts->timeout_s < 1 || opts->timeout_s > TIMEOUT_MAX_S) {
        snprintf(why, whylen, "bad arguments");
        goto out;
    }
    if (discovery_url_of(issuer, discovery_url, disc, sizeof(disc)) != 0) {
        snprintf(why, whylen, "discovery: URL too long");
        goto out;
    }
    if (http_get("discovery", disc, opts, &body, why, whylen) != KC_OK)
        goto out;
    doc = json_loadb(body.data, body.len, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(doc)) {
        snprintf(why, whylen, "discovery: not a JSON object");
        goto out;
    }
    v = json_object_get(doc, "issuer");
    if (!json_is_string(v) || strcmp(json_string_value(v), issuer) != 0) {
        /* a document of another issuer must never lend its keys */
        snprintf(why, whylen, "discovery issuer mismatch");
        goto out;
    }
    v = json_object_get(doc, "jwks_uri");
    if (!json_is_string(v) || kc_oidc_jwks_url(json_string_value(v), issuer, discovery_url,
                                               jwks_url, sizeof(jwks_url)) != 0) {
        snprintf(why, whylen, "discovery: no usable jwks_uri");
        goto out;
    }
    free(body.data);
    if (http_get("jwks", jwks_url, opts, &body, why, whylen) != KC_OK)
        goto out;
    if (kc_jwks_parse(body.data, body.len, out, NULL, &pb) != KC_OK) {
        snprintf(why, whylen, "jwks: not a JWK Set");
        goto out;
    }
    st = KC_OK;
out:
    json_decref(doc);
    free(body.data);
    kc_problem_clear(&pb);
    return st;
}
