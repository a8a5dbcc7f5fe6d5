/* The authenticator's OpenID Connect path against a real PostgreSQL and a
 * real HTTP provider: an Ulfius server started here on 127.0.0.1 (a port
 * the test picks) serves discovery documents and JWK Sets of keys made
 * here, per "realm" (the first path segment), and counts the requests.
 * Providers are rows of koers_iam.identity_providers; tokens are signed
 * here (shared/tests/support/jwt_sign.h). */
#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>
#include <ulfius.h>

#include "it.h"
#include "jwt_sign.h"
#include "koers/auth.h"
#include "koers/jwks.h"
#include "koers/metrics.h"

#define SECRET      "it-auth-oidc-secret-0123456789abcdef0123"
#define ISSUER      "koers"
#define AUDIENCE    "koers"
#define AUD_A       "koers-workplace-a"
#define AUD_B       "koers-workplace-b"
#define REFRESH_MIN 1 /* seconds: the test waits it out */
#define JWKS_TTL    2
#define WAIT_MS     5000
#define NO_ROLE     "your identity provider grants you no Koers role"

/* ---- the provider: realms of one HTTP server ---------------------------- */

/* What one realm serves: its discovery document names doc_issuer and
 * jwks_uri; its JWK Set is keys (the text); down: every answer is 500. */
typedef struct realm {
    const char *name;
    char doc_issuer[256];
    char jwks_uri[256];
    char *keys;
    int down;
    int discoveries; /* requests counted */
    int jwks;
} realm;

enum { R_A, R_B, R_EVIL, R_BC, R_BC_OTHER, R_COUNT };

static realm realms[R_COUNT] = {
    {.name = "a"}, {.name = "b"}, {.name = "evil"}, {.name = "bc"}, {.name = "bc-other"},
};
static pthread_mutex_t realms_lock = PTHREAD_MUTEX_INITIALIZER;
static struct _u_instance server;
static int port, closed_port;
static char base[64];

static realm *realm_named(const char *name)
{
    for (int i = 0; i < R_COUNT; i++)
        if (name != NULL && strcmp(realms[i].name, name) == 0)
            return &realms[i];
    return NULL;
}

static int on_discovery(const struct _u_request *req, struct _u_response *resp, void *user)
{
    realm *r;
    char body[700];

    (void)user;
    pthread_mutex_lock(&realms_lock);
    r = realm_named(u_map_get(req->map_url, "realm"));
    if (r == NULL) {
        ulfius_set_string_body_response(resp, 404, "no such realm");
    } else {
        r->discoveries++;
        if (r->down) {
            ulfius_set_string_body_response(resp, 500, "down");
        } else {
            snprintf(body, sizeof(body), "{\"issuer\":\"%s\",\"jwks_uri\":\"%s\"}", r->doc_issuer,
                     r->jwks_uri);
            ulfius_set_string_body_response(resp, 200, body);
        }
    }
    pthread_mutex_unlock(&realms_lock);
    return U_CALLBACK_CONTINUE;
}

static int on_jwks(const struct _u_request *req, struct _u_response *resp, void *user)
{
    realm *r;

    (void)user;
    pthread_mutex_lock(&realms_lock);
    r = realm_named(u_map_get(req->map_url, "realm"));
    if (r == NULL || r->keys == NULL) {
        ulfius_set_string_body_response(resp, 404, "no such realm");
    } else {
        r->jwks++;
        if (r->down)
            ulfius_set_string_body_response(resp, 500, "down");
        else
            ulfius_set_string_body_response(resp, 200, r->keys);
    }
    pthread_mutex_unlock(&realms_lock);
    return U_CALLBACK_CONTINUE;
}

static int free_port(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0), p = 0;

    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        p = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return p;
}

/* Serves keys[0..n) in realm i from now on (a rotation). */
static void realm_serve(int i, kt_key *const *keys, size_t n)
{
    char *text = kt_jwks_text(keys, n);

    assert_non_null(text);
    pthread_mutex_lock(&realms_lock);
    free(realms[i].keys);
    realms[i].keys = text;
    pthread_mutex_unlock(&realms_lock);
}

static void realm_down(int i, int down)
{
    pthread_mutex_lock(&realms_lock);
    realms[i].down = down;
    pthread_mutex_unlock(&realms_lock);
}

static int realm_jwks_count(int i)
{
    int n;

    pthread_mutex_lock(&realms_lock);
    n = realms[i].jwks;
    pthread_mutex_unlock(&realms_lock);
    return n;
}

/* ---- the platform -------------------------------------------------------- */

static kc_db_pool *pool;
static kc_auth *auth;     /* service tokens on */
static kc_auth *auth_off; /* service tokens off */
static kt_key *rsa1, *rsa_ps, *ec1, *rsa2;
static char tenant_a[37], tenant_b[37];
static char iss_a[128], iss_b[128], iss_evil[128], iss_bc[128], iss_bc_other[128];
static char iss_dead[128], iss_disabled[128];
static char idp_a[37];

static void new_tenant(char tenant[37])
{
    char slug[48];
    assert_int_equal(kc_uuid_v4(tenant), KC_OK);
    snprintf(slug, sizeof(slug), "it-oidc-%.8s", tenant);
    IT_SQL("INSERT INTO koers_iam.tenants (id, name, slug)\n"
           "VALUES ($1, 'it oidc', $2)",
           tenant, slug);
}

/* A provider row (its id into id when not NULL). */
static void new_provider(const char *tenant, const char *issuer, const char *discovery_url,
                         const char *audience, const char *roles_claim, const char *role_map,
                         int enabled, char *id)
{
    char my_id[37];

    assert_int_equal(kc_uuid_v4(my_id), KC_OK);
    IT_SQL("INSERT INTO koers_iam.identity_providers\n"
           "(id, tenant_id, name, issuer, discovery_url, audience, client_id, roles_claim,\n"
           "role_map, name_claim, email_claim, enabled)\n"
           "VALUES ($1, $2, 'it provider', $3, $4, $5, 'workplace', $6, $7::jsonb, 'name',\n"
           "'email', $8::boolean)",
           my_id, tenant, issuer, discovery_url, audience, roles_claim, role_map,
           enabled ? "true" : "false");
    if (id != NULL)
        memcpy(id, my_id, sizeof(my_id));
}

static int setup(void **state)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    kc_auth_options o;
    char err[256], url[256];
    kt_key *a_keys[3];

    (void)state;
    if (kc_migrate(it_env("KOERS_DATABASE_URL"), NULL, NULL, 0, err, sizeof(err)) != KC_OK) {
        fprintf(stderr, "migrate: %s\n", err);
        return -1;
    }
    if (kc_db_pool_create(it_env("KOERS_DATABASE_URL"), IT_POOL_SIZE, &pool, err, sizeof(err)) !=
        KC_OK)
        return -1;
    rsa1 = kt_key_rsa("rsa-1", "RS256", 2048);
    rsa_ps = kt_key_rsa("rsa-ps", "PS256", 2048);
    ec1 = kt_key_ec("ec-1", "ES256");
    rsa2 = kt_key_rsa("rsa-2", "RS256", 2048);
    if (!rsa1 || !rsa_ps || !ec1 || !rsa2)
        return -1;

    /* the provider */
    port = free_port();
    closed_port = free_port(); /* nothing listens there */
    if (port <= 0 || closed_port <= 0 || port == closed_port)
        return -1;
    snprintf(base, sizeof(base), "http://127.0.0.1:%d", port);
    snprintf(iss_a, sizeof(iss_a), "%s/a", base);
    snprintf(iss_b, sizeof(iss_b), "%s/b", base);
    snprintf(iss_evil, sizeof(iss_evil), "%s/evil", base);
    /* the back channel: the issuer's origin is not reachable from here
     * (as the browser's name of a provider is not from a container) */
    snprintf(iss_bc, sizeof(iss_bc), "http://127.0.0.2:%d/bc", closed_port);
    snprintf(iss_bc_other, sizeof(iss_bc_other), "http://127.0.0.2:%d/bc-other", closed_port);
    snprintf(iss_dead, sizeof(iss_dead), "http://127.0.0.1:%d/dead", closed_port);
    snprintf(iss_disabled, sizeof(iss_disabled), "%s/disabled", base);
    snprintf(realms[R_A].doc_issuer, 256, "%s", iss_a);
    snprintf(realms[R_A].jwks_uri, 256, "%s/a/jwks", base);
    snprintf(realms[R_B].doc_issuer, 256, "%s", iss_b);
    snprintf(realms[R_B].jwks_uri, 256, "%s/b/jwks", base);
    /* evil: a document (and keys) of provider A's issuer */
    snprintf(realms[R_EVIL].doc_issuer, 256, "%s", iss_a);
    snprintf(realms[R_EVIL].jwks_uri, 256, "%s/a/jwks", base);
    snprintf(realms[R_BC].doc_issuer, 256, "%s", iss_bc);
    snprintf(realms[R_BC].jwks_uri, 256, "http://127.0.0.2:%d/bc/jwks", closed_port);
    /* a jwks_uri at a third origin: fetched as announced (and unreachable) */
    snprintf(realms[R_BC_OTHER].doc_issuer, 256, "%s", iss_bc_other);
    snprintf(realms[R_BC_OTHER].jwks_uri, 256, "http://127.0.0.3:%d/bc-other/jwks", closed_port);
    a_keys[0] = rsa1;
    a_keys[1] = rsa_ps;
    a_keys[2] = ec1;
    realm_serve(R_A, a_keys, 3);
    realm_serve(R_B, a_keys, 3);
    realm_serve(R_BC, a_keys, 3);
    realm_serve(R_BC_OTHER, a_keys, 3);
    addr.sin_port = htons((uint16_t)port);
    if (ulfius_init_instance(&server, (unsigned int)port, &addr, NULL) != U_OK)
        return -1;
    ulfius_add_endpoint_by_val(&server, "GET", NULL, "/:realm/.well-known/openid-configuration", 0,
                               on_discovery, NULL);
    ulfius_add_endpoint_by_val(&server, "GET", NULL, "/:realm/jwks", 0, on_jwks, NULL);
    if (ulfius_start_framework(&server) != U_OK)
        return -1;

    /* the tenants and their providers */
    new_tenant(tenant_a);
    new_tenant(tenant_b);
    new_provider(tenant_a, iss_a, NULL, AUD_A, "realm_access.roles",
                 "{\"koers-coord\": \"coordinator\", \"koers-liaison\": "
                 "[\"liaison_officer\", \"employee\"]}",
                 1, idp_a);
    new_provider(tenant_b, iss_b, NULL, AUD_B, "groups", "{\"g-officials\": \"official\"}", 1,
                 NULL);
    new_provider(tenant_b, iss_evil, NULL, AUD_A, "realm_access.roles",
                 "{\"koers-coord\": \"coordinator\"}", 1, NULL);
    snprintf(url, sizeof(url), "%s/bc/.well-known/openid-configuration", base);
    new_provider(tenant_a, iss_bc, url, AUD_A, "realm_access.roles",
                 "{\"koers-coord\": \"coordinator\"}", 1, NULL);
    snprintf(url, sizeof(url), "%s/bc-other/.well-known/openid-configuration", base);
    new_provider(tenant_a, iss_bc_other, url, AUD_A, "realm_access.roles",
                 "{\"koers-coord\": \"coordinator\"}", 1, NULL);
    new_provider(tenant_a, iss_dead, NULL, AUD_A, "realm_access.roles",
                 "{\"koers-coord\": \"coordinator\"}", 1, NULL);
    new_provider(tenant_a, iss_disabled, NULL, AUD_A, "realm_access.roles",
                 "{\"koers-coord\": \"coordinator\"}", 0, NULL);

    kc_auth_options_init(&o, SECRET, ISSUER, AUDIENCE);
    o.oidc_allow_http = 1;
    o.oidc_refresh_min_s = REFRESH_MIN;
    o.oidc_jwks_ttl_s = JWKS_TTL;
    o.oidc_fetch_timeout_s = 2;
    if (kc_auth_create(pool, &o, &auth) != KC_OK ||
        kc_auth_listen(auth, it_env("KOERS_DATABASE_URL")) != KC_OK)
        return -1;
    o.service_tokens = 0;
    if (kc_auth_create(pool, &o, &auth_off) != KC_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kc_auth_free(auth);
    kc_auth_free(auth_off);
    ulfius_stop_framework(&server);
    ulfius_clean_instance(&server);
    for (int i = 0; i < R_COUNT; i++)
        free(realms[i].keys);
    kt_key_free(rsa1);
    kt_key_free(rsa_ps);
    kt_key_free(ec1);
    kt_key_free(rsa2);
    kc_db_pool_free(pool);
    return 0;
}

/* ---- tokens -------------------------------------------------------------- */

/* A token of iss for aud, signed with k by alg under kid, carrying the
 * provider role `role` (NULL: none) in realm_access.roles and groups and
 * a "tenant" claim of tenant B; expiring in exp_in seconds. malloc'd. */
static char *token(const kt_key *k, const char *alg, const char *kid, const char *iss,
                   const char *aud, const char *role, long long exp_in)
{
    json_t *c = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "iss", iss, "aud", aud, "sub",
                          "user-7f3a", "tenant", tenant_b, "iat", (json_int_t)time(NULL), "exp",
                          (json_int_t)(time(NULL) + exp_in), "name", "Jan Jansen", "email",
                          "jan@demodorp.example");
    char header[200], *claims, *tok;

    assert_non_null(c);
    if (role != NULL) {
        json_object_set_new(c, "realm_access", json_pack("{s:[s]}", "roles", role));
        json_object_set_new(c, "groups", json_pack("[s]", role));
    }
    claims = json_dumps(c, JSON_COMPACT);
    snprintf(header, sizeof(header), "{\"alg\":\"%s\",\"typ\":\"JWT\",\"kid\":\"%s\"}", alg, kid);
    tok = k != NULL ? kt_jwt_sign(k, alg, header, claims) : NULL;
    if (k == NULL) { /* alg none: no signature */
        char *h = kt_b64url(header, strlen(header));
        char *b = kt_b64url(claims, strlen(claims));
        size_t n = strlen(h) + strlen(b) + 3;
        tok = malloc(n);
        assert_non_null(tok);
        snprintf(tok, n, "%s.%s.", h, b);
        free(h);
        free(b);
    }
    assert_non_null(tok);
    free(claims);
    json_decref(c);
    return tok;
}

/* Authenticates "Bearer tok" (freed here) with a: the outcome, and the
 * principal and problem in p and pb. */
static kc_status authn_with(kc_auth *a, char *tok, kc_principal *p, kc_problem *pb)
{
    char hdr[8300];
    kc_status st;

    snprintf(hdr, sizeof(hdr), "Bearer %s", tok);
    free(tok);
    kc_problem_clear(pb);
    st = kc_auth_authenticate(a, hdr, NULL, p, pb);
    if (st != KC_OK)
        assert_int_equal(p->kind, KC_PRINCIPAL_NONE);
    return st;
}

static kc_status authn(char *tok, kc_principal *p, kc_problem *pb)
{
    return authn_with(auth, tok, p, pb);
}

/* The value of the metric line "<series> <value>", 0 when absent. */
static double metric(const char *series)
{
    char *text = kc_metrics_render(NULL);
    char want[200];
    double v = 0;
    const char *at;

    assert_non_null(text);
    snprintf(want, sizeof(want), "\n%s ", series);
    at = strstr(text, want);
    if (at != NULL)
        v = strtod(at + strlen(want), NULL);
    free(text);
    return v;
}

/* ---- tests --------------------------------------------------------------- */

/* RS256, PS256 and ES256 tokens of provider A act in tenant A (their
 * "tenant" claim names B) with the mapped roles and the name and e-mail;
 * B's token in B; the keys fetched once per provider. */
static void test_accepted(void **state)
{
    kc_principal p;
    kc_problem pb;
    int before = realm_jwks_count(R_A);
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(
        authn(token(rsa1, "RS256", "rsa-1", iss_a, AUD_A, "koers-coord", 300), &p, &pb), KC_OK);
    assert_int_equal(p.kind, KC_PRINCIPAL_STAFF);
    assert_string_equal(p.tenant_id, tenant_a);
    assert_string_equal(p.subject, "user-7f3a");
    assert_string_equal(p.roles, "coordinator");
    assert_string_equal(p.name, "Jan Jansen");
    assert_string_equal(p.email, "jan@demodorp.example");
    assert_int_equal(
        authn(token(rsa_ps, "PS256", "rsa-ps", iss_a, AUD_A, "koers-liaison", 300), &p, &pb),
        KC_OK);
    assert_string_equal(p.roles, "liaison_officer employee");
    assert_string_equal(p.tenant_id, tenant_a);
    assert_int_equal(authn(token(ec1, "ES256", "ec-1", iss_a, AUD_A, "koers-coord", 300), &p, &pb),
                     KC_OK);
    assert_string_equal(p.tenant_id, tenant_a);
    assert_int_equal(realm_jwks_count(R_A) - before, 1);
    assert_int_equal(
        authn(token(rsa1, "RS256", "rsa-1", iss_b, AUD_B, "g-officials", 300), &p, &pb), KC_OK);
    assert_string_equal(p.tenant_id, tenant_b);
    assert_string_equal(p.roles, "official");
    /* service tokens of the platform's issuer, as before */
    {
        json_t *c = json_pack("{s:s, s:s, s:s, s:s, s:I, s:[s]}", "iss", ISSUER, "aud", AUDIENCE,
                              "sub", "svc", "tenant", tenant_a, "exp", (json_int_t)time(NULL) + 300,
                              "roles", "admin");
        char *t = kc_jwt_sign(c, SECRET);
        json_decref(c);
        assert_int_equal(authn(t, &p, &pb), KC_OK);
        assert_string_equal(p.roles, "admin");
    }
    kc_problem_clear(&pb);
}

/* Every refusal a client can meet, each a 401 but the role-less user's
 * 403. */
static void test_refused(void **state)
{
    kc_principal p;
    kc_problem pb;
    char claims[600], *pem;
    int before_a;
    (void)state;
    kc_problem_init(&pb);
    /* a valid token of a user without any mapped role */
    assert_int_equal(
        authn(token(rsa1, "RS256", "rsa-1", iss_a, AUD_A, "other-group", 300), &p, &pb),
        KC_FORBIDDEN);
    assert_string_equal(pb.detail, NO_ROLE);
    assert_int_equal(authn(token(rsa1, "RS256", "rsa-1", iss_a, AUD_A, NULL, 300), &p, &pb),
                     KC_FORBIDDEN);
    /* unknown issuer; a disabled provider's */
    assert_int_equal(authn(token(rsa1, "RS256", "rsa-1", "https://nobody.example/realm", AUD_A,
                                 "koers-coord", 300),
                           &p, &pb),
                     KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "unknown token issuer");
    assert_int_equal(
        authn(token(rsa1, "RS256", "rsa-1", iss_disabled, AUD_A, "koers-coord", 300), &p, &pb),
        KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "unknown token issuer");
    /* the audience of another provider; expired */
    assert_int_equal(
        authn(token(rsa1, "RS256", "rsa-1", iss_a, AUD_B, "koers-coord", 300), &p, &pb),
        KC_UNAUTHENTICATED);
    assert_int_equal(
        authn(token(rsa1, "RS256", "rsa-1", iss_a, AUD_A, "koers-coord", -600), &p, &pb),
        KC_UNAUTHENTICATED);
    /* alg none */
    assert_int_equal(authn(token(NULL, "none", "rsa-1", iss_a, AUD_A, "koers-coord", 300), &p, &pb),
                     KC_UNAUTHENTICATED);
    /* HS256 keyed with the provider's public key (PEM) */
    pem = kt_key_public_pem(rsa1);
    assert_non_null(pem);
    snprintf(claims, sizeof(claims),
             "{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"x\",\"exp\":%lld,"
             "\"realm_access\":{\"roles\":[\"koers-coord\"]}}",
             iss_a, AUD_A, (long long)time(NULL) + 300);
    assert_int_equal(
        authn(kt_jwt_sign_hs256(pem, strlen(pem), "{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}", claims),
              &p, &pb),
        KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "token algorithm not accepted");
    free(pem);
    /* an unexpected typ */
    {
        char *t = kt_jwt_sign(rsa1, "RS256",
                              "{\"alg\":\"RS256\",\"typ\":\"dpop+jwt\",\"kid\":\"rsa-1\"}", claims);
        assert_int_equal(authn(t, &p, &pb), KC_UNAUTHENTICATED);
    }
    /* provider "evil" serves a discovery document (and keys) of A's issuer:
     * A's key does not make evil's token */
    before_a = realm_jwks_count(R_A);
    assert_int_equal(
        authn(token(rsa1, "RS256", "rsa-1", iss_evil, AUD_A, "koers-coord", 300), &p, &pb),
        KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail,
                        "the identity provider's discovery document names another issuer");
    assert_int_equal(realm_jwks_count(R_A), before_a); /* no keys fetched for it */
    kc_problem_clear(&pb);
}

/* The provider rotates its keys: the new kid is fetched without a
 * restart; then 200 tokens with random bogus kids, sent over about 3 s,
 * cost it at most one fetch per refresh interval (1 s here). */
static void test_rotation_and_bogus_kids(void **state)
{
    kc_principal p;
    kc_problem pb;
    kt_key *rotated[2] = {rsa2, ec1};
    long long start;
    int before, fetches;
    double elapsed_s;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(
        authn(token(rsa1, "RS256", "rsa-1", iss_a, AUD_A, "koers-coord", 300), &p, &pb), KC_OK);
    realm_serve(R_A, rotated, 2);
    it_sleep_ms(REFRESH_MIN * 1000 + 100);
    assert_int_equal(
        authn(token(rsa2, "RS256", "rsa-2", iss_a, AUD_A, "koers-coord", 300), &p, &pb), KC_OK);
    assert_string_equal(p.tenant_id, tenant_a);
    /* rsa-1 is gone */
    assert_int_equal(
        authn(token(rsa1, "RS256", "rsa-1", iss_a, AUD_A, "koers-coord", 300), &p, &pb),
        KC_UNAUTHENTICATED);

    before = realm_jwks_count(R_A);
    start = it_now_ms();
    for (int i = 0; i < 200; i++) {
        char kid[40];
        snprintf(kid, sizeof(kid), "bogus-%08x%08x", (unsigned)rand(), (unsigned)rand());
        assert_int_equal(
            authn(token(rsa2, "RS256", kid, iss_a, AUD_A, "koers-coord", 300), &p, &pb),
            KC_UNAUTHENTICATED);
        assert_string_equal(pb.detail, "token signing key unknown");
        it_sleep_ms(15); /* spread over a few refresh intervals */
    }
    elapsed_s = (double)(it_now_ms() - start) / 1000.0;
    fetches = realm_jwks_count(R_A) - before;
    fprintf(stderr, "200 bogus kids in %.2f s: %d JWKS fetches (refresh every %d s)\n", elapsed_s,
            fetches, REFRESH_MIN);
    /* the provider is asked again once an interval has passed, never per token */
    assert_true(fetches >= 1);
    assert_true(fetches <= (int)ceil(elapsed_s / REFRESH_MIN) + 1);
    assert_true(metric("koers_oidc_jwks_fetches_total{result=\"rate_limited\"}") > 0);
    /* the real key still works */
    assert_int_equal(authn(token(ec1, "ES256", "ec-1", iss_a, AUD_A, "koers-coord", 300), &p, &pb),
                     KC_OK);
    kc_problem_clear(&pb);
}

/* The provider unreachable: a cached set keeps serving past its time to
 * live; a provider whose keys were never fetched is 503. */
static void test_unreachable(void **state)
{
    kc_principal p;
    kc_problem pb;
    int before;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(
        authn(token(rsa1, "RS256", "rsa-1", iss_b, AUD_B, "g-officials", 300), &p, &pb), KC_OK);
    realm_down(R_B, 1);
    it_sleep_ms(JWKS_TTL * 1000 + 200);
    pthread_mutex_lock(&realms_lock);
    before = realms[R_B].discoveries;
    pthread_mutex_unlock(&realms_lock);
    assert_int_equal(
        authn(token(rsa1, "RS256", "rsa-1", iss_b, AUD_B, "g-officials", 300), &p, &pb), KC_OK);
    assert_string_equal(p.tenant_id, tenant_b);
    pthread_mutex_lock(&realms_lock);
    assert_int_equal(realms[R_B].discoveries, before + 1); /* it did try */
    pthread_mutex_unlock(&realms_lock);
    realm_down(R_B, 0);

    assert_int_equal(
        authn(token(rsa1, "RS256", "rsa-1", iss_dead, AUD_A, "koers-coord", 300), &p, &pb),
        KC_UNAVAILABLE);
    assert_string_equal(pb.detail, "the identity provider cannot be reached");
    kc_problem_clear(&pb);
}

/* A role map changed by an administrator counts as soon as its
 * announcement arrives (the provider row was cached before). */
static void test_role_map_change_heard(void **state)
{
    kc_principal p;
    kc_problem pb;
    long long until;
    (void)state;
    kc_problem_init(&pb);
    /* the listener up: the row is cached */
    until = it_now_ms() + WAIT_MS;
    while (metric("koers_auth_listener_up") != 1 && it_now_ms() < until)
        it_sleep_ms(5);
    assert_true(metric("koers_auth_listener_up") == 1);
    assert_int_equal(authn(token(ec1, "ES256", "ec-1", iss_a, AUD_A, "koers-coord", 300), &p, &pb),
                     KC_OK);
    assert_string_equal(p.roles, "coordinator");
    IT_SQL("UPDATE koers_iam.identity_providers\n"
           "SET role_map = '{\"koers-coord\": [\"coordinator\", \"process_owner\"]}',\n"
           "version = version + 1\n"
           "WHERE id = $1",
           idp_a);
    until = it_now_ms() + WAIT_MS;
    do {
        assert_int_equal(
            authn(token(ec1, "ES256", "ec-1", iss_a, AUD_A, "koers-coord", 300), &p, &pb), KC_OK);
        if (strcmp(p.roles, "coordinator process_owner") == 0)
            break;
        it_sleep_ms(5);
    } while (it_now_ms() < until);
    assert_string_equal(p.roles, "coordinator process_owner");
    /* disabled: refused once heard */
    IT_SQL("UPDATE koers_iam.identity_providers\n"
           "SET enabled = false\n"
           "WHERE id = $1",
           idp_a);
    until = it_now_ms() + WAIT_MS;
    while (authn(token(ec1, "ES256", "ec-1", iss_a, AUD_A, "koers-coord", 300), &p, &pb) == KC_OK &&
           it_now_ms() < until)
        it_sleep_ms(5);
    assert_string_equal(pb.detail, "unknown token issuer");
    IT_SQL("UPDATE koers_iam.identity_providers\n"
           "SET enabled = true\n"
           "WHERE id = $1",
           idp_a);
    kc_problem_clear(&pb);
}

/* KOERS_AUTH_SERVICE_TOKENS=off: the platform's own HS256 tokens are
 * refused; a provider's are accepted. */
static void test_service_tokens_off(void **state)
{
    kc_principal p;
    kc_problem pb;
    json_t *c =
        json_pack("{s:s, s:s, s:s, s:s, s:I, s:[s]}", "iss", ISSUER, "aud", AUDIENCE, "sub", "svc",
                  "tenant", tenant_a, "exp", (json_int_t)time(NULL) + 300, "roles", "admin");
    char *t = kc_jwt_sign(c, SECRET);
    (void)state;
    json_decref(c);
    kc_problem_init(&pb);
    assert_int_equal(authn_with(auth_off, t, &p, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "service tokens are switched off");
    assert_int_equal(authn_with(auth_off,
                                token(ec1, "ES256", "ec-1", iss_b, AUD_B, "g-officials", 300), &p,
                                &pb),
                     KC_OK);
    assert_string_equal(p.tenant_id, tenant_b);
    kc_problem_clear(&pb);
}

/* The back channel: a provider found through a discovery URL at another
 * origin than its issuer's has a jwks_uri at the issuer's origin fetched
 * at the discovery URL's; a jwks_uri at a third origin is fetched as
 * announced. */
static void test_back_channel(void **state)
{
    kc_principal p;
    kc_problem pb;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(
        authn(token(rsa1, "RS256", "rsa-1", iss_bc, AUD_A, "koers-coord", 300), &p, &pb), KC_OK);
    assert_string_equal(p.tenant_id, tenant_a);
    assert_int_equal(realm_jwks_count(R_BC), 1);
    assert_int_equal(
        authn(token(rsa1, "RS256", "rsa-1", iss_bc_other, AUD_A, "koers-coord", 300), &p, &pb),
        KC_UNAVAILABLE);
    assert_int_equal(realm_jwks_count(R_BC_OTHER), 0);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_rotation_and_bogus_kids),
        cmocka_unit_test(test_unreachable),
        cmocka_unit_test(test_role_map_change_heard),
        cmocka_unit_test(test_service_tokens_off),
        cmocka_unit_test(test_back_channel),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
