/* The authenticator's OpenID Connect path (see oidc.h): providers cached
 * by issuer, their key sets cached per provider and fetched again when
 * they are old or a token names an unknown kid, at most once per
 * refresh_min_s; concurrent requests that need a fetch share one. */
#include "oidc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "koers/log.h"
#include "koers/metrics.h"
#include "auth_repo.h"
#include "oidc_fetch.h"

#define PROVIDER_SLOTS      64
#define PROVIDER_TTL_MS     30000 /* a safety net: changes are announced */
#define PROVIDER_NEG_TTL_MS 5000
#define KEYSET_SLOTS        64
#define ISSUER_MIN          8 /* the table's CHECK */
#define ISSUER_MAX          500

#define METRIC_FETCHES "koers_oidc_jwks_fetches_total"
#define METRIC_LOOKUPS "koers_auth_db_lookups_total"

#define NO_ROLE "your identity provider grants you no Koers role"

/* A provider row, immutable once made, shared by the cache and the
 * requests using it (refs under o->lock). */
typedef struct provider {
    int refs;
    kc_identity_provider_record rec;
    json_t *role_map;
} provider;

/* An issuer's cached answer: its provider, or none (p NULL: a negative
 * entry). Free when issuer is NULL. */
typedef struct provider_slot {
    char *issuer;
    provider *p;
    long long expires;  /* monotonic ms */
    long long inserted; /* monotonic ms, for eviction */
} provider_slot;

/* A fetched key set, shared like a provider. */
typedef struct keys {
    int refs;
    kc_jwks *set;
} keys;

/* The keys of one provider (by issuer and discovery URL). Free when issuer
 * is NULL; never evicted while a fetch runs for it. */
typedef struct keyset_slot {
    char *issuer;
    char *discovery_url;   /* "" when the provider has none */
    keys *k;               /* NULL until a fetch succeeded */
    unsigned long version; /* bumped by every set installed */
    long long fetched_at;  /* monotonic ms of the set's fetch */
    long long attempt_at;  /* monotonic ms of the last fetch begun */
    long long used_at;     /* monotonic ms, for eviction */
    int attempted;
    int fetching;
    int mismatch; /* the last fetch found a discovery of another issuer */
} keyset_slot;

struct kc_oidc {
    struct kc_db_pool *pool;
    kc_oidc_settings s;
    pthread_mutex_t lock;
    pthread_cond_t fetched; /* a fetch ended */
    /* under lock */
    unsigned long long gen; /* bumped by every kc_oidc_forget */
    provider_slot providers[PROVIDER_SLOTS];
    keyset_slot keysets[KEYSET_SLOTS];
};

static long long mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- life ---------------------------------------------------------------- */

static int settings_valid(const kc_oidc_settings *s)
{
    return s->clock_skew_s >= 0 && s->clock_skew_s <= 3600 && s->refresh_min_s >= 1 &&
           s->refresh_min_s <= 86400 && s->fetch_timeout_s >= 1 && s->fetch_timeout_s <= 60 &&
           s->jwks_ttl_s >= 1 && s->jwks_ttl_s <= 7 * 86400;
}

kc_status kc_oidc_create(struct kc_db_pool *pool, const kc_oidc_settings *s, kc_oidc **out)
{
    kc_oidc *o = NULL;
    kc_status st = KC_INTERNAL;

    *out = NULL;
    if (s == NULL || !settings_valid(s))
        goto out;
    o = calloc(1, sizeof(*o));
    if (o == NULL)
        goto out;
    o->pool = pool;
    o->s = *s;
    if (pthread_mutex_init(&o->lock, NULL) != 0) {
        free(o);
        o = NULL;
        goto out;
    }
    if (pthread_cond_init(&o->fetched, NULL) != 0) {
        pthread_mutex_destroy(&o->lock);
        free(o);
        o = NULL;
        goto out;
    }
    *out = o;
    st = KC_OK;
out:
    return st;
}

/* Under o->lock (or alone): drops one reference. */
static void provider_unref_locked(provider *p)
{
    if (p != NULL && --p->refs == 0) {
        kc_identity_provider_record_clear(&p->rec);
        json_decref(p->role_map);
        free(p);
    }
}

static void keys_unref_locked(keys *k)
{
    if (k != NULL && --k->refs == 0) {
        kc_jwks_free(k->set);
        free(k);
    }
}

static void provider_slot_clear_locked(provider_slot *ps)
{
    free(ps->issuer);
    provider_unref_locked(ps->p);
    memset(ps, 0, sizeof(*ps));
}

static void keyset_slot_clear_locked(keyset_slot *ks)
{
    free(ks->issuer);
    free(ks->discovery_url);
    keys_unref_locked(ks->k);
    memset(ks, 0, sizeof(*ks));
}

void kc_oidc_free(kc_oidc *o)
{
    if (o == NULL)
        return;
    for (size_t i = 0; i < PROVIDER_SLOTS; i++)
        provider_slot_clear_locked(&o->providers[i]);
    for (size_t i = 0; i < KEYSET_SLOTS; i++)
        keyset_slot_clear_locked(&o->keysets[i]);
    pthread_cond_destroy(&o->fetched);
    pthread_mutex_destroy(&o->lock);
    free(o);
}

/* ---- providers ----------------------------------------------------------- */

void kc_oidc_forget(kc_oidc *o, const char *provider_id)
{
    if (o == NULL)
        return;
    pthread_mutex_lock(&o->lock);
    for (size_t i = 0; i < PROVIDER_SLOTS; i++) {
        provider_slot *ps = &o->providers[i];
        if (ps->issuer == NULL)
            continue;
        /* a new provider is announced by its id: the issuer it claims may
         * be cached as unknown, so every negative entry goes too */
        if (provider_id == NULL || ps->p == NULL || strcmp(ps->p->rec.id, provider_id) == 0)
            provider_slot_clear_locked(ps);
    }
    o->gen++;
    pthread_mutex_unlock(&o->lock);
}

static void provider_release(kc_oidc *o, provider *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&o->lock);
    provider_unref_locked(p);
    pthread_mutex_unlock(&o->lock);
}

/* Under o->lock: remembers issuer's answer p (a reference is taken; NULL:
 * unknown), evicting the same issuer, a free or expired slot, the oldest
 * negative entry, the oldest entry. */
static void provider_put_locked(kc_oidc *o, const char *issuer, provider *p, long long now)
{
    provider_slot *victim = NULL, *oldest_neg = NULL, *oldest = NULL;
    char *copy = strdup(issuer);

    if (copy == NULL)
        return;
    for (size_t i = 0; i < PROVIDER_SLOTS && victim == NULL; i++)
        if (o->providers[i].issuer != NULL && strcmp(o->providers[i].issuer, issuer) == 0)
            victim = &o->providers[i];
    for (size_t i = 0; i < PROVIDER_SLOTS && victim == NULL; i++)
        if (o->providers[i].issuer == NULL || o->providers[i].expires <= now)
            victim = &o->providers[i];
    for (size_t i = 0; i < PROVIDER_SLOTS && victim == NULL; i++) {
        provider_slot *ps = &o->providers[i];
        if (ps->p == NULL && (oldest_neg == NULL || ps->inserted < oldest_neg->inserted))
            oldest_neg = ps;
        if (oldest == NULL || ps->inserted < oldest->inserted)
            oldest = ps;
    }
    if (victim == NULL)
        victim = oldest_neg != NULL ? oldest_neg : oldest;
    provider_slot_clear_locked(victim);
    victim->issuer = copy;
    victim->p = p;
    if (p != NULL)
        p->refs++;
    victim->inserted = now;
    victim->expires = now + (p != NULL ? PROVIDER_TTL_MS : PROVIDER_NEG_TTL_MS);
}

/* A provider made from its row (taken over: rec is emptied). NULL when its
 * role map is not a JSON object (the table's CHECK keeps it one). */
static provider *provider_make(kc_identity_provider_record *rec)
{
    provider *p = calloc(1, sizeof(*p));
    json_t *map = json_loads(rec->role_map ? rec->role_map : "", 0, NULL);

    if (p == NULL || !json_is_object(map)) {
        free(p);
        json_decref(map);
        return NULL;
    }
    p->refs = 1;
    p->rec = *rec;
    p->role_map = map;
    memset(rec, 0, sizeof(*rec));
    return p;
}

/* The enabled provider of issuer into *out (a reference: provider_release
 * it), or *out NULL when there is none. From the cache when trusted, else
 * from the database (then cached unless a change was heard meanwhile).
 * KC_UNAVAILABLE when the database cannot say. */
static kc_status provider_get(kc_oidc *o, const char *issuer, int trusted, provider **out,
                              kc_problem *pb)
{
    kc_identity_provider_record rec;
    unsigned long long gen;
    long long now = mono_ms();
    provider *p = NULL;
    int found = 0, hit = 0;
    kc_status st = KC_OK;

    *out = NULL;
    if (strlen(issuer) < ISSUER_MIN || strlen(issuer) > ISSUER_MAX || o->pool == NULL)
        goto out; /* cannot be in the table */
    pthread_mutex_lock(&o->lock);
    for (size_t i = 0; i < PROVIDER_SLOTS && trusted; i++) {
        provider_slot *ps = &o->providers[i];
        if (ps->issuer != NULL && ps->expires > now && strcmp(ps->issuer, issuer) == 0) {
            hit = 1;
            if (ps->p != NULL) {
                ps->p->refs++;
                *out = ps->p;
            }
            break;
        }
    }
    gen = o->gen;
    pthread_mutex_unlock(&o->lock);
    if (hit)
        goto out;
    kc_metrics_counter_add(METRIC_LOOKUPS, "kind=\"identity_provider\"", 1);
    st = kc_auth_lookup_provider(o->pool, issuer, &rec, &found, pb);
    if (st != KC_OK)
        goto out; /* an outage is not cached */
    if (found) {
        p = provider_make(&rec);
        kc_identity_provider_record_clear(&rec);
        if (p == NULL) {
            kc_log(KC_LOG_ERROR, NULL,
                   "identity provider row with a role map that is not an object");
            st = kc_problem_set(pb, KC_UNAVAILABLE, "authentication is temporarily unavailable");
            goto out;
        }
    }
    pthread_mutex_lock(&o->lock);
    if (o->gen == gen)
        provider_put_locked(o, issuer, p, now);
    pthread_mutex_unlock(&o->lock);
    *out = p; /* the reference provider_make gave */
out:
    return st;
}

/* ---- key sets ------------------------------------------------------------ */

/* Under o->lock: the slot of p's keys, made (evicting the least recently
 * used slot that no fetch holds) when there is none; NULL when every slot
 * is fetching. */
static keyset_slot *keyset_slot_of_locked(kc_oidc *o, const provider *p, long long now)
{
    keyset_slot *victim = NULL;
    char *issuer, *disc;

    for (size_t i = 0; i < KEYSET_SLOTS; i++) {
        keyset_slot *ks = &o->keysets[i];
        if (ks->issuer != NULL && strcmp(ks->issuer, p->rec.issuer) == 0 &&
            strcmp(ks->discovery_url, p->rec.discovery_url) == 0) {
            ks->used_at = now;
            return ks;
        }
    }
    for (size_t i = 0; i < KEYSET_SLOTS; i++) {
        keyset_slot *ks = &o->keysets[i];
        if (ks->issuer == NULL) {
            victim = ks;
            break;
        }
        if (!ks->fetching && (victim == NULL || ks->used_at < victim->used_at))
            victim = ks;
    }
    if (victim == NULL)
        return NULL;
    issuer = strdup(p->rec.issuer);
    disc = strdup(p->rec.discovery_url);
    if (issuer == NULL || disc == NULL) {
        free(issuer);
        free(disc);
        return NULL;
    }
    keyset_slot_clear_locked(victim);
    victim->issuer = issuer;
    victim->discovery_url = disc;
    victim->used_at = now;
    return victim;
}

/* Under o->lock, which it lets go meanwhile: fetches ks's keys (ks is
 * marked fetching, so it stays ks), installs them when the fetch worked,
 * and wakes whoever waits. p says whose keys, for the log. */
static void keyset_fetch_locked(kc_oidc *o, keyset_slot *ks, const provider *p)
{
    kc_oidc_fetch_opts fo = {o->s.allow_http, o->s.fetch_timeout_s};
    kc_jwks *set = NULL;
    keys *k = NULL;
    char why[160] = "";
    long long started = mono_ms();
    int had_keys = ks->k != NULL;
    kc_status st;

    ks->fetching = 1;
    ks->attempted = 1;
    ks->attempt_at = started;
    pthread_mutex_unlock(&o->lock);
    st = kc_oidc_fetch_keys(ks->issuer, ks->discovery_url, &fo, &set, why, sizeof(why));
    if (st == KC_OK && (k = calloc(1, sizeof(*k))) == NULL) {
        kc_jwks_free(set);
        snprintf(why, sizeof(why), "out of memory");
        st = KC_INTERNAL;
    }
    if (st == KC_OK) {
        k->refs = 1;
        k->set = set;
        kc_metrics_counter_add(METRIC_FETCHES, "result=\"ok\"", 1);
        kc_log(KC_LOG_INFO, NULL, "identity provider %s: %zu signing keys fetched", p->rec.id,
               kc_jwks_count(set));
    } else {
        kc_metrics_counter_add(METRIC_FETCHES, "result=\"error\"", 1);
        /* one attempt per refresh_min_s at most: so one line per interval */
        kc_log(KC_LOG_WARN, NULL, "identity provider %s: keys not fetched (%s); %s", p->rec.id, why,
               had_keys ? "the keys fetched before stay in use" : "no keys yet");
    }
    pthread_mutex_lock(&o->lock);
    if (k != NULL) {
        keys_unref_locked(ks->k);
        ks->k = k;
        ks->version++;
        ks->fetched_at = mono_ms();
    }
    ks->mismatch = st == KC_CONFLICT;
    ks->fetching = 0;
    pthread_cond_broadcast(&o->fetched);
}

/* Under o->lock: waits (bounded) until the fetch running ends. 0, or -1
 * when it did not end in time. */
static int keyset_wait_locked(kc_oidc *o, const keyset_slot *ks)
{
    struct timespec until;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 2 * o->s.fetch_timeout_s + 2;
    while (ks->fetching)
        if (pthread_cond_timedwait(&o->fetched, &o->lock, &until) != 0)
            return ks->fetching ? -1 : 0;
    return 0;
}

/* p's keys into *out (a reference: keys_release) and their version.
 * refresh: the caller found no key of its token's kid in the set of
 * version seen, so a newer one is wanted: one fetched since, or a fetch
 * now unless one was begun within refresh_min_s (then KC_NOT_FOUND).
 * Otherwise the cached set serves while younger than jwks_ttl_s; older, it
 * is fetched again (this request fetches; others meanwhile use the old
 * one, which also stays when the fetch fails). KC_UNAVAILABLE when no set
 * was ever fetched and none can be now; KC_CONFLICT when the last fetch
 * found the discovery document of another issuer. */
static kc_status keys_get(kc_oidc *o, const provider *p, int refresh, unsigned long seen,
                          keys **out, unsigned long *version)
{
    keyset_slot *ks;
    long long now;
    kc_status st = KC_UNAVAILABLE;
    int fetched = 0;

    *out = NULL;
    pthread_mutex_lock(&o->lock);
    for (int round = 0; round < 4; round++) {
        now = mono_ms();
        ks = keyset_slot_of_locked(o, p, now);
        if (ks == NULL)
            break;
        if (ks->fetching) {
            if (ks->k != NULL && !refresh)
                goto found; /* the old set serves while it is renewed */
            if (keyset_wait_locked(o, ks) != 0)
                break;
            fetched = 1;
            continue;
        }
        if (refresh && ks->k != NULL && ks->version != seen)
            goto found; /* someone fetched since */
        if (ks->k != NULL && !refresh && now - ks->fetched_at < (long long)o->s.jwks_ttl_s * 1000)
            goto found;
        if (fetched ||
            (ks->attempted && now - ks->attempt_at < (long long)o->s.refresh_min_s * 1000)) {
            if (refresh) {
                if (!fetched)
                    kc_metrics_counter_add(METRIC_FETCHES, "result=\"rate_limited\"", 1);
                st = KC_NOT_FOUND;
                break;
            }
            if (ks->k != NULL)
                goto found; /* old, but tried again recently */
            if (ks->mismatch)
                st = KC_CONFLICT;
            break;
        }
        keyset_fetch_locked(o, ks, p);
        fetched = 1;
    }
    pthread_mutex_unlock(&o->lock);
    return st;
found:
    ks->k->refs++;
    *out = ks->k;
    *version = ks->version;
    pthread_mutex_unlock(&o->lock);
    return KC_OK;
}

static void keys_release(kc_oidc *o, keys *k)
{
    if (k == NULL)
        return;
    pthread_mutex_lock(&o->lock);
    keys_unref_locked(k);
    pthread_mutex_unlock(&o->lock);
}

/* ---- the token ----------------------------------------------------------- */

static int alg_accepted(const char *alg)
{
    return strcmp(alg, "RS256") == 0 || strcmp(alg, "PS256") == 0 || strcmp(alg, "ES256") == 0;
}

/* Copies a claim for the principal, cut at a character boundary (UTF-8)
 * when it does not fit. */
static void copy_claim(char *dst, size_t cap, const char *src)
{
    size_t n;

    dst[0] = '\0';
    if (src == NULL)
        return;
    n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Verifies jwt's signature with p's keys, fetching them again once when
 * its kid is unknown. */
static kc_status verify_signature(kc_oidc *o, const provider *p, const kc_jwt *jwt, kc_problem *pb)
{
    keys *k = NULL, *newer = NULL;
    unsigned long version = 0, newer_version = 0;
    kc_status st;

    st = keys_get(o, p, 0, 0, &k, &version);
    if (st == KC_CONFLICT) {
        /* keys of another issuer's discovery never verify this one's */
        st = kc_problem_set(pb, KC_UNAUTHENTICATED,
                            "the identity provider's discovery document names another issuer");
        goto out;
    }
    if (st != KC_OK) {
        st = kc_problem_set(pb, KC_UNAVAILABLE, "the identity provider cannot be reached");
        goto out;
    }
    st = kc_jwt_verify_jwks(jwt, k->set, pb);
    if (st != KC_NOT_FOUND)
        goto out;
    if (keys_get(o, p, 1, version, &newer, &newer_version) == KC_OK)
        st = kc_jwt_verify_jwks(jwt, newer->set, pb);
    if (st == KC_NOT_FOUND)
        st = kc_problem_set(pb, KC_UNAUTHENTICATED, "token signing key unknown");
out:
    keys_release(o, k);
    keys_release(o, newer);
    return st;
}

kc_status kc_oidc_authenticate(kc_oidc *o, const kc_jwt *jwt, int cache_trusted, long long now,
                               kc_principal *out, kc_problem *pb)
{
    provider *p = NULL;
    kc_principal pr;
    kc_status st;

    memset(out, 0, sizeof(*out));
    memset(&pr, 0, sizeof(pr));
    if (o == NULL || jwt == NULL || jwt->iss == NULL) {
        st = kc_problem_set(pb, KC_UNAUTHENTICATED, "token has no issuer");
        goto out;
    }
    st = provider_get(o, jwt->iss, cache_trusted, &p, pb);
    if (st != KC_OK)
        goto out;
    if (p == NULL) {
        st = kc_problem_set(pb, KC_UNAUTHENTICATED, "unknown token issuer");
        goto out;
    }
    /* before any key is fetched: HS256 with the public key as its secret,
     * none, anything else never costs the provider a request */
    if (!alg_accepted(jwt->alg)) {
        st = kc_problem_set(pb, KC_UNAUTHENTICATED, "token algorithm not accepted");
        goto out;
    }
    st = verify_signature(o, p, jwt, pb);
    if (st != KC_OK)
        goto out;
    st = kc_jwt_check_claims(jwt, p->rec.issuer, p->rec.audience, now, o->s.clock_skew_s, pb);
    if (st != KC_OK)
        goto out;
    if (kc_claims_map_roles(jwt->claims, p->rec.roles_claim, p->role_map, pr.roles,
                            sizeof(pr.roles)) == 0) {
        st = kc_problem_set(pb, KC_FORBIDDEN, NO_ROLE);
        goto out;
    }
    pr.kind = KC_PRINCIPAL_STAFF;
    memcpy(pr.tenant_id, p->rec.tenant_id, sizeof(pr.tenant_id));
    copy_claim(pr.subject, sizeof(pr.subject), kc_claims_string(jwt->claims, "sub"));
    if (p->rec.name_claim[0] != '\0')
        copy_claim(pr.name, sizeof(pr.name), kc_claims_string(jwt->claims, p->rec.name_claim));
    if (p->rec.email_claim[0] != '\0')
        copy_claim(pr.email, sizeof(pr.email), kc_claims_string(jwt->claims, p->rec.email_claim));
    *out = pr;
out:
    provider_release(o, p);
    return st;
}
