/* Authentication and authorisation: staff JWTs (a service token, HS256,
 * of the platform's own issuer, or a token of the tenant's identity
 * provider: oidc.c), API keys for portals and systems, all refused once
 * their tenant is deactivated. Keys, tenant states and providers are
 * cached in the process; the cache is trusted only while the listener
 * (auth_listen_repo.c) hears every revocation. */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "koers/auth.h"
#include "koers/jwks.h"
#include "koers/metrics.h"
#include "auth_listen_repo.h"
#include "auth_repo.h"
#include "b64url.h"
#include "oidc.h"

#define JWT_LEEWAY_S     60
#define JWT_MAX_LEN      8192
#define ROLE_MAX_LEN     32
#define SCOPE_MAX_LEN    64 /* longer than any role or scope we name */
#define SUB_MAX_LEN      127
#define API_KEY_PREFIX   "kk_"
#define API_KEY_B64_LEN  43
#define API_KEY_LEN      (3 + API_KEY_B64_LEN)
#define CACHE_WAYS       4
#define CACHE_SETS       1024  /* 4096 entries, ~1.5 MB */
#define CACHE_TTL_MS     30000 /* a safety net: revocations are announced */
#define CACHE_NEG_TTL_MS 5000
#define TENANT_WAYS      4
#define TENANT_SETS      256 /* 1024 tenants */
/* The listener's heartbeat; the cache is trusted for LISTEN_LEASE_MS after
 * the server last answered, and the connection given up after
 * LISTEN_DEAD_MS without an answer. */
#define LISTEN_HEARTBEAT_MS 1000
#define LISTEN_LEASE_MS     3000
#define LISTEN_DEAD_MS      5000

#define METRIC_LOOKUPS       "koers_auth_db_lookups_total"
#define METRIC_INVALIDATIONS "koers_auth_invalidations_total"
#define METRIC_LISTENER_UP   "koers_auth_listener_up"
#define METRIC_TOKENS        "koers_auth_tokens_total"

/* ---- small helpers ----------------------------------------------------- */

static int hs256(const char *secret, const char *data, size_t len, unsigned char mac[32])
{
    unsigned int maclen = 0;
    if (!HMAC(EVP_sha256(), secret, (int)strlen(secret), (const unsigned char *)data, len, mac,
              &maclen))
        return -1;
    return maclen == 32 ? 0 : -1;
}

static void hex_encode(const unsigned char *in, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[in[i] >> 4];
        out[2 * i + 1] = hex[in[i] & 15];
    }
    out[2 * n] = '\0';
}

/* SHA256() rather than EVP_Digest(): it runs on every API key request and
 * needs no context allocation. */
static int sha256_raw(const void *data, size_t len, unsigned char md[32])
{
    return SHA256(data, len, md) ? 0 : -1;
}

/* A UUID in its 36-character text form (any case); writes it lowercased. */
static int uuid_normalise(const char *s, char out[37])
{
    if (strlen(s) != 36)
        return -1;
    for (int i = 0; i < 36; i++) {
        unsigned char c = (unsigned char)s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return -1;
        } else if (!isxdigit(c)) {
            return -1;
        }
        out[i] = (char)tolower(c);
    }
    out[36] = '\0';
    return 0;
}

static int role_valid(const char *r)
{
    size_t n = strlen(r);
    if (n < 1 || n > ROLE_MAX_LEN)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((r[i] >= 'a' && r[i] <= 'z') || r[i] == '_'))
            return 0;
    return 1;
}

/* Is `tok` one of the space-separated tokens of `list`? */
static int list_has(const char *list, const char *tok)
{
    size_t n;
    const char *p = list;
    if (!list || !tok || !*tok)
        return 0;
    n = strlen(tok);
    while (*p) {
        const char *end;
        while (*p == ' ')
            p++;
        end = p;
        while (*end && *end != ' ')
            end++;
        if ((size_t)(end - p) == n && memcmp(p, tok, n) == 0)
            return 1;
        p = end;
    }
    return 0;
}

static long long mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- public helpers ---------------------------------------------------- */

/* Writes 64 lowercase hex digits and a NUL; an empty string only if OpenSSL
 * itself fails. */
void kc_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char md[32];
    if (sha256_raw(data, len, md) != 0) {
        /* Only on a broken OpenSSL; an empty hash matches no stored key. */
        out[0] = '\0';
        return;
    }
    hex_encode(md, sizeof(md), out);
}

/* A random (version 4, RFC 9562) UUID from OpenSSL's CSPRNG; KC_INTERNAL
 * when the generator cannot be used. */
kc_status kc_uuid_v4(char out[37])
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof(b)) != 1) {
        out[0] = '\0';
        return KC_INTERNAL;
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
    return KC_OK;
}

/* 32 random bytes as "kk_" + base64url (46 characters); hash_hex is the
 * SHA-256 of that whole string, the only form ever stored. */
kc_status kc_token_generate(const char *prefix, char token[64], char hash_hex[65])
{
    unsigned char raw[32];
    size_t plen = prefix != NULL ? strlen(prefix) : 0;
    kc_status st = KC_OK;

    token[0] = '\0';
    hash_hex[0] = '\0';
    if (plen > 63 - API_KEY_B64_LEN) {
        st = KC_INTERNAL;
        goto out;
    }
    if (RAND_bytes(raw, sizeof(raw)) != 1) {
        st = KC_INTERNAL;
        goto out;
    }
    memcpy(token, prefix, plen);
    kc_b64url_encode(raw, sizeof(raw), token + plen);
    kc_sha256_hex(token, strlen(token), hash_hex);
    if (!hash_hex[0]) {
        token[0] = '\0';
        st = KC_INTERNAL;
    }
out:
    OPENSSL_cleanse(raw, sizeof(raw));
    return st;
}

kc_status kc_api_key_generate(char key[64], char hash_hex[65])
{
    return kc_token_generate(API_KEY_PREFIX, key, hash_hex);
}

/* Exact token match: "liaison" is not "liaison_officer". Roles count only
 * for staff, scopes only for API keys. */
int kc_principal_has_role(const kc_principal *p, const char *role)
{
    return p && p->kind == KC_PRINCIPAL_STAFF && list_has(p->roles, role);
}

int kc_principal_has_scope(const kc_principal *p, const char *scope)
{
    return p && p->kind == KC_PRINCIPAL_API_KEY && list_has(p->scopes, scope);
}

/* Does `held` hold one of the space-separated tokens of `wanted`? */
static int list_meets(const char *held, const char *wanted)
{
    char one[SCOPE_MAX_LEN + 1];
    const char *w = wanted;
    size_t n;

    while (w != NULL && *w) {
        while (*w == ' ')
            w++;
        n = strcspn(w, " ");
        if (n > 0 && n <= SCOPE_MAX_LEN) {
            memcpy(one, w, n);
            one[n] = '\0';
            if (list_has(held, one))
                return 1;
        }
        w += n;
    }
    return 0;
}

/* The one access rule of every endpoint; see auth.h. The problem detail
 * names what would have been needed. */
kc_status kc_authorize(const kc_principal *p, const char *roles, const char *scope, kc_problem *pb)
{
    if (!p || p->kind == KC_PRINCIPAL_NONE)
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "credentials required");

    if (p->kind == KC_PRINCIPAL_STAFF) {
        /* admin may do what any staff role may, never what only a key may
         * (a respondent's anonymous answers are not staff work) */
        if (!roles || !*roles)
            return kc_problem_set(pb, KC_FORBIDDEN,
                                  "staff tokens may not do this; an API key "
                                  "is needed");
        if (kc_principal_has_role(p, "admin") || list_meets(p->roles, roles))
            return KC_OK;
        return kc_problem_set(pb, KC_FORBIDDEN, "requires one of the roles: %s", roles);
    }

    if (p->kind == KC_PRINCIPAL_API_KEY) {
        if (!scope || !*scope)
            return kc_problem_set(pb, KC_FORBIDDEN,
                                  "API keys may not do this; a staff token is needed");
        if (list_meets(p->scopes, scope))
            return KC_OK;
        if (strchr(scope, ' ') != NULL)
            return kc_problem_set(pb, KC_FORBIDDEN, "requires one of the API key scopes: %s",
                                  scope);
        return kc_problem_set(pb, KC_FORBIDDEN, "requires the API key scope %s", scope);
    }
    return kc_problem_set(pb, KC_UNAUTHENTICATED, "credentials required");
}

/* ---- JWT --------------------------------------------------------------- */

/* Header {"alg":"HS256","typ":"JWT"}; claims are serialised compactly.
 * NULL on bad arguments or allocation failure; caller frees. */
char *kc_jwt_sign(const json_t *claims, const char *secret)
{
    static const char header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    char *payload = NULL;
    char *token = NULL;
    size_t hlen, plen, siglen, len;
    unsigned char mac[32];

    if (!claims || !json_is_object(claims) || !secret)
        goto out;
    payload = json_dumps(claims, JSON_COMPACT);
    if (!payload)
        goto out;
    hlen = kc_b64url_encoded_len(sizeof(header) - 1);
    plen = kc_b64url_encoded_len(strlen(payload));
    siglen = kc_b64url_encoded_len(sizeof(mac));
    token = malloc(hlen + 1 + plen + 1 + siglen + 1);
    if (!token)
        goto out;
    kc_b64url_encode((const unsigned char *)header, sizeof(header) - 1, token);
    token[hlen] = '.';
    kc_b64url_encode((const unsigned char *)payload, strlen(payload), token + hlen + 1);
    len = hlen + 1 + plen;
    if (hs256(secret, token, len, mac) != 0) {
        free(token);
        token = NULL;
        goto out;
    }
    token[len] = '.';
    kc_b64url_encode(mac, sizeof(mac), token + len + 1);
out:
    free(payload);
    return token;
}

/* Decodes one base64url JSON segment into an object (duplicate members are
 * refused: two "sub"s must not mean whichever a parser picks). */
static json_t *decode_json_segment(const char *seg, size_t n)
{
    size_t len = 0;
    unsigned char *raw = kc_b64url_decode(seg, n, &len);
    json_t *j = NULL;
    if (!raw)
        return NULL;
    j = json_loadb((const char *)raw, len, JSON_REJECT_DUPLICATES, NULL);
    free(raw);
    if (j && !json_is_object(j)) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

static int json_time(const json_t *v, double *out)
{
    if (json_is_integer(v)) {
        *out = (double)json_integer_value(v);
        return 0;
    }
    if (json_is_real(v)) {
        *out = json_real_value(v);
        return 0;
    }
    return -1;
}

static int aud_matches(const json_t *aud, const char *audience)
{
    size_t i;
    json_t *v;
    if (json_is_string(aud))
        return strcmp(json_string_value(aud), audience) == 0;
    if (json_is_array(aud)) {
        json_array_foreach(aud, i, v)
        {
            if (json_is_string(v) && strcmp(json_string_value(v), audience) == 0)
                return 1;
        }
    }
    return 0;
}

static int sub_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > SUB_MAX_LEN)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    return 1;
}

/* Checks in order: shape, header (alg HS256 only, typ JWT if present, no
 * crit), signature (constant time, before the claims are even parsed), then
 * iss, aud, exp, nbf, tenant, sub, roles. *out is zeroed unless KC_OK; every
 * failure is KC_UNAUTHENTICATED with a detail saying which check failed.
 * An empty secret verifies nothing. */
kc_status kc_jwt_verify(const char *token, const char *secret, const char *issuer,
                        const char *audience, long long now, kc_principal *out, kc_problem *pb)
{
    json_t *header = NULL;
    json_t *claims = NULL;
    unsigned char *sig = NULL;
    size_t siglen = 0;
    unsigned char mac[32];
    const char *dot1, *dot2, *v;
    json_t *j;
    double t;
    kc_principal p;
    kc_status st = KC_UNAUTHENTICATED;

    memset(&p, 0, sizeof(p));
    if (out)
        memset(out, 0, sizeof(*out));
    if (!token || !*token) {
        kc_problem_set(pb, st, "token missing");
        goto out;
    }
    if (!secret || !*secret || !issuer || !audience || !out) {
        st = kc_problem_set(pb, KC_UNAUTHENTICATED, "staff tokens are not accepted here");
        goto out;
    }
    if (strnlen(token, JWT_MAX_LEN + 1) > JWT_MAX_LEN) {
        kc_problem_set(pb, st, "token too long");
        goto out;
    }
    dot1 = strchr(token, '.');
    dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    if (!dot1 || !dot2 || strchr(dot2 + 1, '.') || dot1 == token || dot2 == dot1 + 1 ||
        dot2[1] == '\0') {
        kc_problem_set(pb, st, "malformed token: expected header.payload.signature");
        goto out;
    }

    header = decode_json_segment(token, (size_t)(dot1 - token));
    if (!header) {
        kc_problem_set(pb, st, "malformed token header");
        goto out;
    }
    j = json_object_get(header, "alg");
    if (!json_is_string(j) || strcmp(json_string_value(j), "HS256") != 0) {
        kc_problem_set(pb, st, "unsupported token algorithm (HS256 required)");
        goto out;
    }
    j = json_object_get(header, "typ");
    if (j && (!json_is_string(j) || strcasecmp(json_string_value(j), "JWT") != 0)) {
        kc_problem_set(pb, st, "unsupported token type");
        goto out;
    }
    if (json_object_get(header, "crit")) {
        /* RFC 7515 4.1.11: extensions we do not understand must fail. */
        kc_problem_set(pb, st, "unsupported critical token header");
        goto out;
    }

    sig = kc_b64url_decode(dot2 + 1, strlen(dot2 + 1), &siglen);
    if (!sig || siglen != sizeof(mac) || hs256(secret, token, (size_t)(dot2 - token), mac) != 0 ||
        CRYPTO_memcmp(sig, mac, sizeof(mac)) != 0) {
        kc_problem_set(pb, st, "bad signature");
        goto out;
    }

    /* From here on the content is the issuer's: check it says what we need. */
    claims = decode_json_segment(dot1 + 1, (size_t)(dot2 - dot1 - 1));
    if (!claims) {
        kc_problem_set(pb, st, "malformed token payload");
        goto out;
    }
    j = json_object_get(claims, "iss");
    if (!json_is_string(j) || strcmp(json_string_value(j), issuer) != 0) {
        kc_problem_set(pb, st, "wrong issuer");
        goto out;
    }
    if (!aud_matches(json_object_get(claims, "aud"), audience)) {
        kc_problem_set(pb, st, "wrong audience");
        goto out;
    }
    if (json_time(json_object_get(claims, "exp"), &t) != 0) {
        kc_problem_set(pb, st, "token has no expiry (exp)");
        goto out;
    }
    if (!(t > (double)(now - JWT_LEEWAY_S))) {
        kc_problem_set(pb, st, "token expired");
        goto out;
    }
    j = json_object_get(claims, "nbf");
    if (j) {
        if (json_time(j, &t) != 0) {
            kc_problem_set(pb, st, "malformed nbf claim");
            goto out;
        }
        if (!(t <= (double)(now + JWT_LEEWAY_S))) {
            kc_problem_set(pb, st, "token not yet valid");
            goto out;
        }
    }
    j = json_object_get(claims, "tenant");
    if (!j) {
        kc_problem_set(pb, st, "token has no tenant claim");
        goto out;
    }
    if (!json_is_string(j) || uuid_normalise(json_string_value(j), p.tenant_id) != 0) {
        kc_problem_set(pb, st, "tenant claim is not a UUID");
        goto out;
    }
    j = json_object_get(claims, "sub");
    if (!j) {
        kc_problem_set(pb, st, "token has no subject (sub)");
        goto out;
    }
    if (!json_is_string(j) || !sub_valid(json_string_value(j))) {
        kc_problem_set(pb, st, "subject (sub) must be 1..%d printable characters", SUB_MAX_LEN);
        goto out;
    }
    memcpy(p.subject, json_string_value(j), strlen(json_string_value(j)) + 1);
    j = json_object_get(claims, "roles");
    if (j) {
        size_t i, used = 0;
        json_t *r;
        if (!json_is_array(j)) {
            kc_problem_set(pb, st, "roles claim must be an array of strings");
            goto out;
        }
        json_array_foreach(j, i, r)
        {
            size_t n;
            if (!json_is_string(r) || !role_valid(json_string_value(r))) {
                kc_problem_set(pb, st, "roles claim holds an invalid role");
                goto out;
            }
            v = json_string_value(r);
            if (list_has(p.roles, v))
                continue;
            n = strlen(v);
            if (used + (used ? 1 : 0) + n >= sizeof(p.roles)) {
                kc_problem_set(pb, st, "roles claim holds too many roles");
                goto out;
            }
            if (used)
                p.roles[used++] = ' ';
            memcpy(p.roles + used, v, n + 1);
            used += n;
        }
    }
    p.kind = KC_PRINCIPAL_STAFF;
    *out = p;
    st = KC_OK;
out:
    json_decref(header);
    json_decref(claims);
    free(sig);
    return st;
}

/* ---- authenticator ----------------------------------------------------- */

/* The caches are trusted only while the listener (auth_listen_repo.h)
 * holds its connection and the server answered a heartbeat within the
 * lease; otherwise every lookup asks the database, as on a miss. */

/* An entry is live while its epoch is the authenticator's: a flush moves
 * the epoch on instead of writing the tables, so pages no lookup ever
 * touched stay untouched (unmapped zero pages, no resident memory). */
typedef struct cache_entry {
    unsigned char hash[32];
    unsigned long long epoch;
    int found;          /* 0: a negative (unknown key) entry */
    long long expires;  /* monotonic ms */
    long long inserted; /* monotonic ms, for eviction */
    kc_api_key_record rec;
} cache_entry;

typedef struct tenant_entry {
    char id[37];
    unsigned long long epoch;
    int deactivated;
    long long expires; /* monotonic ms */
} tenant_entry;

struct kc_auth {
    struct kc_db_pool *pool;
    char *secret;
    char *issuer;
    char *audience;
    int service_tokens;
    kc_oidc *oidc; /* NULL without a database */
    pthread_rwlock_t lock;
    cache_entry *cache;    /* CACHE_SETS * CACHE_WAYS */
    tenant_entry *tenants; /* TENANT_SETS * TENANT_WAYS */
    kc_auth_listener *listener;
    /* under lock */
    unsigned long long gen;   /* bumped by every invalidation */
    unsigned long long epoch; /* of the live entries; 1 and up */
    int listening;            /* the listener holds its connection */
    long long alive_at;       /* monotonic ms of its last sign of life */
};

/* See auth.h. */
void kc_auth_options_init(kc_auth_options *o, const char *jwt_secret, const char *issuer,
                          const char *audience)
{
    memset(o, 0, sizeof(*o));
    o->jwt_secret = jwt_secret;
    o->issuer = issuer;
    o->audience = audience;
    o->service_tokens = 1;
    o->oidc_allow_http = 0;
    o->oidc_clock_skew_s = 60;
    o->oidc_refresh_min_s = 30;
    o->oidc_fetch_timeout_s = 5;
    o->oidc_jwks_ttl_s = 3600;
}

/* Copies the strings; the pool is borrowed and must outlive the
 * authenticator. KC_INTERNAL on bad arguments or memory. */
kc_status kc_auth_create(struct kc_db_pool *pool, const kc_auth_options *opts, kc_auth **out)
{
    kc_auth *a = NULL;
    kc_oidc_settings s;
    kc_status st = KC_INTERNAL;

    *out = NULL;
    if (!opts || !opts->jwt_secret || !opts->issuer || !opts->audience)
        goto out;
    a = calloc(1, sizeof(*a));
    if (!a)
        goto out;
    a->pool = pool;
    a->secret = strdup(opts->jwt_secret);
    a->issuer = strdup(opts->issuer);
    a->audience = strdup(opts->audience);
    a->service_tokens = opts->service_tokens != 0;
    a->cache = calloc((size_t)CACHE_SETS * CACHE_WAYS, sizeof(cache_entry));
    a->tenants = calloc((size_t)TENANT_SETS * TENANT_WAYS, sizeof(tenant_entry));
    if (!a->secret || !a->issuer || !a->audience || !a->cache || !a->tenants)
        goto out;
    s.allow_http = opts->oidc_allow_http != 0;
    s.clock_skew_s = opts->oidc_clock_skew_s;
    s.refresh_min_s = opts->oidc_refresh_min_s;
    s.fetch_timeout_s = opts->oidc_fetch_timeout_s;
    s.jwks_ttl_s = opts->oidc_jwks_ttl_s;
    if (pool && kc_oidc_create(pool, &s, &a->oidc) != KC_OK)
        goto out;
    if (pthread_rwlock_init(&a->lock, NULL) != 0)
        goto out;
    a->epoch = 1;
    *out = a;
    a = NULL;
    st = KC_OK;
out:
    if (a) {
        kc_oidc_free(a->oidc);
        free(a->secret);
        free(a->issuer);
        free(a->audience);
        free(a->cache);
        free(a->tenants);
        free(a);
    }
    return st;
}

/* Accepts NULL; stops the listener, wipes the secret. */
void kc_auth_free(kc_auth *a)
{
    if (!a)
        return;
    kc_auth_listener_stop(a->listener);
    kc_oidc_free(a->oidc);
    pthread_rwlock_destroy(&a->lock);
    if (a->secret) {
        OPENSSL_cleanse(a->secret, strlen(a->secret));
        free(a->secret);
    }
    free(a->issuer);
    free(a->audience);
    free(a->cache);
    free(a->tenants);
    free(a);
}

/* Under a->lock: may a cached answer be used at `now`? */
static int cache_trusted(const kc_auth *a, long long now)
{
    return a->listening && now - a->alive_at <= LISTEN_LEASE_MS;
}

/* The invalidation generation, read before a database lookup: the answer
 * is cached only if no invalidation came in between (it may predate it). */
static unsigned long long cache_gen(kc_auth *a)
{
    unsigned long long g;
    pthread_rwlock_rdlock(&a->lock);
    g = a->gen;
    pthread_rwlock_unlock(&a->lock);
    return g;
}

static cache_entry *cache_set(kc_auth *a, const unsigned char hash[32])
{
    size_t idx = ((size_t)hash[0] << 8 | hash[1]) % CACHE_SETS;
    return a->cache + idx * CACHE_WAYS;
}

/* 1: hit (rec and *found filled), 0: miss (also while untrusted). */
static int cache_get(kc_auth *a, const unsigned char hash[32], long long now, int *found,
                     kc_api_key_record *rec)
{
    int hit = 0;
    cache_entry *set = cache_set(a, hash);
    pthread_rwlock_rdlock(&a->lock);
    for (int i = 0; i < CACHE_WAYS && cache_trusted(a, now); i++) {
        cache_entry *e = &set[i];
        if (e->epoch == a->epoch && e->expires > now && memcmp(e->hash, hash, 32) == 0) {
            *found = e->found;
            if (e->found)
                *rec = e->rec;
            hit = 1;
            break;
        }
    }
    pthread_rwlock_unlock(&a->lock);
    return hit;
}

/* FNV-1a of a tenant id, for its set. */
static tenant_entry *tenant_set(kc_auth *a, const char *id)
{
    uint32_t h = 2166136261u;
    for (const char *p = id; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return a->tenants + (size_t)(h % TENANT_SETS) * TENANT_WAYS;
}

/* Under the write lock: remembers the tenant's state, evicting the same
 * tenant, a free or expired slot, or the entry that expires first. */
static void tenant_put_locked(kc_auth *a, const char *id, int deactivated, long long now)
{
    tenant_entry *set = tenant_set(a, id);
    tenant_entry *victim = NULL;

    for (int i = 0; i < TENANT_WAYS && !victim; i++)
        if (set[i].epoch == a->epoch && strcmp(set[i].id, id) == 0)
            victim = &set[i];
    for (int i = 0; i < TENANT_WAYS && !victim; i++)
        if (set[i].epoch != a->epoch || set[i].expires <= now)
            victim = &set[i];
    if (!victim) {
        victim = &set[0];
        for (int i = 1; i < TENANT_WAYS; i++)
            if (set[i].expires < victim->expires)
                victim = &set[i];
    }
    snprintf(victim->id, sizeof(victim->id), "%s", id);
    victim->epoch = a->epoch;
    victim->deactivated = deactivated;
    victim->expires = now + CACHE_TTL_MS;
}

/* Evicts, in this order: the same key, a free or expired slot, the oldest
 * negative entry, the oldest entry. Garbage keys thus push out each other
 * before they push out real ones. A found key's tenant state is cached
 * too. Nothing is cached when an invalidation came after `gen`. */
static void cache_put(kc_auth *a, const unsigned char hash[32], long long now, int found,
                      const kc_api_key_record *rec, unsigned long long gen)
{
    cache_entry *set = cache_set(a, hash);
    cache_entry *victim = NULL;
    pthread_rwlock_wrlock(&a->lock);
    if (a->gen != gen)
        goto out;
    for (int i = 0; i < CACHE_WAYS && !victim; i++)
        if (set[i].epoch == a->epoch && memcmp(set[i].hash, hash, 32) == 0)
            victim = &set[i];
    for (int i = 0; i < CACHE_WAYS && !victim; i++)
        if (set[i].epoch != a->epoch || set[i].expires <= now)
            victim = &set[i];
    if (!victim) {
        cache_entry *oldest_neg = NULL;
        cache_entry *oldest = &set[0];
        for (int i = 0; i < CACHE_WAYS; i++) {
            if (!set[i].found && (!oldest_neg || set[i].inserted < oldest_neg->inserted))
                oldest_neg = &set[i];
            if (set[i].inserted < oldest->inserted)
                oldest = &set[i];
        }
        victim = oldest_neg ? oldest_neg : oldest;
    }
    memcpy(victim->hash, hash, 32);
    victim->epoch = a->epoch;
    victim->found = found;
    victim->inserted = now;
    victim->expires = now + (found ? CACHE_TTL_MS : CACHE_NEG_TTL_MS);
    if (found) {
        victim->rec = *rec;
        tenant_put_locked(a, rec->tenant_id, rec->tenant_deactivated, now);
    } else {
        memset(&victim->rec, 0, sizeof(victim->rec));
    }
out:
    pthread_rwlock_unlock(&a->lock);
}

/* Is the tenant deactivated? From the cache when it may be trusted, else
 * from the database (and then cached). Without a database (pool NULL) no
 * tenant is. KC_UNAVAILABLE when the database cannot say. */
static kc_status tenant_deactivated(kc_auth *a, const char *id, long long now, int *deactivated,
                                    kc_problem *pb)
{
    tenant_entry *set;
    unsigned long long gen;
    int hit = 0;
    kc_status st = KC_OK;

    *deactivated = 0;
    if (!a->pool)
        goto out;
    set = tenant_set(a, id);
    pthread_rwlock_rdlock(&a->lock);
    for (int i = 0; i < TENANT_WAYS && cache_trusted(a, now); i++) {
        if (set[i].epoch == a->epoch && set[i].expires > now && strcmp(set[i].id, id) == 0) {
            *deactivated = set[i].deactivated;
            hit = 1;
            break;
        }
    }
    pthread_rwlock_unlock(&a->lock);
    if (hit)
        goto out;
    gen = cache_gen(a);
    kc_metrics_counter_add(METRIC_LOOKUPS, "kind=\"tenant\"", 1);
    st = kc_auth_lookup_tenant(a->pool, id, deactivated, pb);
    if (st != KC_OK)
        goto out;
    pthread_rwlock_wrlock(&a->lock);
    if (a->gen == gen)
        tenant_put_locked(a, id, *deactivated, now);
    pthread_rwlock_unlock(&a->lock);
out:
    return st;
}

/* ---- invalidation: what the listener hears ------------------------------ */

/* Under the write lock: forgets everything (a new epoch; the tables are
 * not written, so their untouched pages stay unmapped). */
static void cache_flush_locked(kc_auth *a)
{
    a->epoch++;
    a->gen++;
}

static void on_listener_up(void *user)
{
    kc_auth *a = user;
    /* announcements made while nobody listened are lost: start afresh */
    pthread_rwlock_wrlock(&a->lock);
    cache_flush_locked(a);
    a->listening = 1;
    a->alive_at = mono_ms();
    pthread_rwlock_unlock(&a->lock);
    kc_oidc_forget(a->oidc, NULL);
    kc_metrics_gauge_set(METRIC_LISTENER_UP, NULL, 1);
    kc_metrics_counter_add(METRIC_INVALIDATIONS, "kind=\"all\"", 1);
}

static void on_listener_down(void *user)
{
    kc_auth *a = user;
    pthread_rwlock_wrlock(&a->lock);
    a->listening = 0;
    cache_flush_locked(a);
    pthread_rwlock_unlock(&a->lock);
    kc_oidc_forget(a->oidc, NULL);
    kc_metrics_gauge_set(METRIC_LISTENER_UP, NULL, 0);
}

static void on_listener_alive(void *user)
{
    kc_auth *a = user;
    pthread_rwlock_wrlock(&a->lock);
    a->alive_at = mono_ms();
    pthread_rwlock_unlock(&a->lock);
}

/* "api_key:<id>" drops that key and every negative entry (a key revoked by
 * mistake and restored must not stay unknown); "tenant:<id>" that tenant's
 * state; "identity_provider:<id>" that provider's row and every issuer
 * cached as unknown; anything else everything. */
static void on_listener_changed(void *user, const char *payload)
{
    kc_auth *a = user;
    const char *kind = "all";
    char id[37];

    if (strncmp(payload, "identity_provider:", 18) == 0 && uuid_normalise(payload + 18, id) == 0) {
        kc_oidc_forget(a->oidc, id);
        kc_metrics_counter_add(METRIC_INVALIDATIONS, "kind=\"identity_provider\"", 1);
        return;
    }
    pthread_rwlock_wrlock(&a->lock);
    if (strncmp(payload, "api_key:", 8) == 0 && uuid_normalise(payload + 8, id) == 0) {
        kind = "api_key";
        for (size_t i = 0; i < (size_t)CACHE_SETS * CACHE_WAYS; i++) {
            cache_entry *e = &a->cache[i];
            if (e->epoch == a->epoch && (!e->found || strcmp(e->rec.key_id, id) == 0))
                e->epoch = 0;
        }
        a->gen++;
    } else if (strncmp(payload, "tenant:", 7) == 0 && uuid_normalise(payload + 7, id) == 0) {
        tenant_entry *set = tenant_set(a, id);
        kind = "tenant";
        for (int i = 0; i < TENANT_WAYS; i++)
            if (set[i].epoch == a->epoch && strcmp(set[i].id, id) == 0)
                set[i].epoch = 0;
        a->gen++;
    } else {
        cache_flush_locked(a);
    }
    pthread_rwlock_unlock(&a->lock);
    if (strcmp(kind, "api_key") == 0) {
        kc_metrics_counter_add(METRIC_INVALIDATIONS, "kind=\"api_key\"", 1);
    } else if (strcmp(kind, "tenant") == 0) {
        kc_metrics_counter_add(METRIC_INVALIDATIONS, "kind=\"tenant\"", 1);
    } else {
        kc_oidc_forget(a->oidc, NULL);
        kc_metrics_counter_add(METRIC_INVALIDATIONS, "kind=\"all\"", 1);
    }
}

/* See auth.h. */
kc_status kc_auth_listen(kc_auth *a, const char *database_url)
{
    const kc_auth_listen_events ev = {
        .up = on_listener_up,
        .down = on_listener_down,
        .alive = on_listener_alive,
        .changed = on_listener_changed,
        .user = a,
    };

    if (!a || !database_url || a->listener)
        return KC_INTERNAL;
    kc_metrics_gauge_set(METRIC_LISTENER_UP, NULL, 0);
    return kc_auth_listener_start(database_url, &ev, LISTEN_HEARTBEAT_MS, LISTEN_DEAD_MS,
                                  &a->listener);
}

/* ---- authentication ----------------------------------------------------- */

static int api_key_well_formed(const char *key)
{
    if (strncmp(key, API_KEY_PREFIX, 3) != 0 || strnlen(key, API_KEY_LEN + 1) != API_KEY_LEN)
        return 0;
    for (size_t i = 3; i < API_KEY_LEN; i++)
        if (kc_b64url_value((unsigned char)key[i]) < 0)
            return 0;
    return 1;
}

/* A revoked key, an unknown one and one of a deactivated tenant get the
 * same answer: the holder of a key learns nothing about the others. */
static kc_status authenticate_key(kc_auth *a, const char *key, kc_principal *out, kc_problem *pb)
{
    unsigned char hash[32];
    char hash_hex[65];
    kc_api_key_record rec;
    unsigned long long gen;
    int found = 0, deactivated = 0;
    long long now;
    kc_status st;

    /* A malformed key cannot exist in the table: no need to ask. */
    if (!api_key_well_formed(key))
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "invalid API key");
    if (!a->pool)
        return kc_problem_set(pb, KC_UNAVAILABLE, "API keys are not accepted here");
    if (sha256_raw(key, API_KEY_LEN, hash) != 0)
        return kc_problem_set(pb, KC_INTERNAL, "hashing failed");
    kc_auth_listener_drain(a->listener);
    now = mono_ms();
    if (cache_get(a, hash, now, &found, &rec)) {
        if (found) {
            st = tenant_deactivated(a, rec.tenant_id, now, &deactivated, pb);
            if (st != KC_OK)
                return st;
        }
    } else {
        gen = cache_gen(a);
        hex_encode(hash, sizeof(hash), hash_hex);
        kc_metrics_counter_add(METRIC_LOOKUPS, "kind=\"api_key\"", 1);
        st = kc_auth_lookup_key(a->pool, hash_hex, &rec, &found, pb);
        if (st != KC_OK)
            return st; /* an outage is not cached */
        cache_put(a, hash, now, found, &rec, gen);
        deactivated = found && rec.tenant_deactivated;
    }
    if (!found || deactivated)
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "invalid API key");
    out->kind = KC_PRINCIPAL_API_KEY;
    memcpy(out->tenant_id, rec.tenant_id, sizeof(out->tenant_id));
    snprintf(out->subject, sizeof(out->subject), "apikey:%s", rec.key_id);
    memcpy(out->scopes, rec.scopes, sizeof(out->scopes));
    out->roles[0] = '\0';
    return KC_OK;
}

/* Counts a token's outcome: kind "service" or "oidc", by what the client
 * gets. */
static void count_token(const char *kind, kc_status st)
{
    char labels[64];
    const char *result = st == KC_OK            ? "ok"
                         : st == KC_FORBIDDEN   ? "forbidden"
                         : st == KC_UNAVAILABLE ? "unavailable"
                                                : "refused";

    snprintf(labels, sizeof(labels), "kind=\"%s\",result=\"%s\"", kind, result);
    kc_metrics_counter_add(METRIC_TOKENS, labels, 1);
}

/* A staff token: routed by its issuer (auth.h) to the service tokens'
 * check or the identity provider's, and then counted only while its tenant
 * is active. The detail names the failed check, never a value. */
static kc_status authenticate_jwt(kc_auth *a, const char *token, kc_principal *out, kc_problem *pb)
{
    kc_jwt jwt;
    int deactivated = 0, trusted;
    const char *kind = "service";
    long long now;
    kc_status st;

    memset(&jwt, 0, sizeof(jwt));
    st = kc_jwt_decode(token, &jwt, pb);
    if (st != KC_OK) {
        kind = "unknown";
        goto out;
    }
    if (jwt.iss != NULL && strcmp(jwt.iss, a->issuer) == 0) {
        if (!a->service_tokens) {
            st = kc_problem_set(pb, KC_UNAUTHENTICATED, "service tokens are switched off");
            goto out;
        }
        st =
            kc_jwt_verify(token, a->secret, a->issuer, a->audience, (long long)time(NULL), out, pb);
    } else {
        kind = "oidc";
        if (!a->oidc) {
            st = kc_problem_set(pb, KC_UNAUTHENTICATED, "unknown token issuer");
            goto out;
        }
        kc_auth_listener_drain(a->listener);
        now = mono_ms();
        pthread_rwlock_rdlock(&a->lock);
        trusted = cache_trusted(a, now);
        pthread_rwlock_unlock(&a->lock);
        st = kc_oidc_authenticate(a->oidc, &jwt, trusted, (long long)time(NULL), out, pb);
    }
    if (st != KC_OK)
        goto out;
    kc_auth_listener_drain(a->listener);
    st = tenant_deactivated(a, out->tenant_id, mono_ms(), &deactivated, pb);
    if (st == KC_OK && deactivated)
        st = kc_problem_set(pb, KC_UNAUTHENTICATED, "the token's tenant is deactivated");
out:
    if (strcmp(kind, "unknown") != 0)
        count_token(kind, st);
    kc_jwt_clear(&jwt);
    if (st != KC_OK)
        memset(out, 0, sizeof(*out));
    return st;
}

/* Authorization wins over X-API-Key when both are sent. An API key is
 * hashed and looked up in the cache first (hit: no SQL, no allocation); a
 * miss asks the database once and remembers the answer (30 s, unknown keys
 * 5 s) unless a revocation is announced first. *out is zeroed unless
 * KC_OK. */
kc_status kc_auth_authenticate(kc_auth *a, const char *authorization, const char *x_api_key,
                               kc_principal *out, kc_problem *pb)
{
    const char *cred = NULL;
    char buf[JWT_MAX_LEN + 1];
    size_t n;
    int dots = 0;

    memset(out, 0, sizeof(*out));
    if (!a)
        return kc_problem_set(pb, KC_INTERNAL, "no authenticator");

    if (authorization && *authorization) {
        const char *p = authorization;
        while (*p == ' ')
            p++;
        if (strncasecmp(p, "Bearer", 6) != 0 || (p[6] != ' ' && p[6] != '\t' && p[6] != '\0'))
            return kc_problem_set(pb, KC_UNAUTHENTICATED, "unsupported authorization scheme");
        cred = p + 6;
    } else if (x_api_key && *x_api_key) {
        cred = x_api_key;
    } else {
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "credentials required");
    }

    while (*cred == ' ' || *cred == '\t')
        cred++;
    n = strnlen(cred, sizeof(buf));
    if (n >= sizeof(buf))
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "credentials too long");
    while (n > 0 && (cred[n - 1] == ' ' || cred[n - 1] == '\t'))
        n--;
    if (n == 0)
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "credentials required");
    memcpy(buf, cred, n);
    buf[n] = '\0';

    for (size_t i = 0; i < n; i++)
        dots += buf[i] == '.';
    if (dots == 2 && x_api_key != cred)
        return authenticate_jwt(a, buf, out, pb);
    return authenticate_key(a, buf, out, pb);
}
