#include "activities/buddy_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "access/access.h"
#include "activities/buddy_pairing.h"
#include "activities/buddy_repo.h"
#include "activities/cohort_repo.h"
#include "koers/status.h"
#include "koers/validate.h"
#include "programmes_service.h"

/* ---- forming pairs ------------------------------------------------------------ */

/* The rules of one new pair a, b in the cohort; field names the pair in a
 * 422 ("personIds", "pairs[2]"). */
static kc_status check_pair(kc_db_conn *conn, const kc_principal *p, const char *cohort_id,
                            const char *a, const char *b, const char *field, kc_problem *pb)
{
    const char *ids[2] = {a, b};
    buddy_person_state ps;
    char name[48];
    int before = 0, i;
    kc_status st;

    if (strcasecmp(a, b) == 0) {
        snprintf(name, sizeof(name), "%s[1]", field);
        kc_problem_add_field(pb, name, "a buddy pair is two different people");
        return kc_problem_set(pb, KC_INVALID, "a buddy pair is two different people");
    }
    for (i = 0; i < 2; i++) {
        st = buddy_repo_person_state(conn, p->tenant_id, cohort_id, ids[i], &ps, pb);
        if (st != KC_OK)
            return st;
        if (!ps.member) {
            snprintf(name, sizeof(name), "%s[%d]", field, i);
            kc_problem_add_field(pb, name, "not a member of the cohort");
            return kc_problem_set(pb, KC_INVALID, "person %s is not a member of cohort %s", ids[i],
                                  cohort_id);
        }
        if (ps.active_pair)
            return kc_problem_set(pb, KC_CONFLICT, "person %s already has a buddy in cohort %s",
                                  ids[i], cohort_id);
    }
    st = buddy_repo_formed_before(conn, p->tenant_id, cohort_id, a, b, &before, pb);
    if (st == KC_OK && before)
        st = kc_problem_set(pb, KC_CONFLICT,
                            "%s and %s were buddies before in cohort %s: no repeated pairs", a, b,
                            cohort_id);
    return st;
}

/* The cohort locked (pairs of one cohort are formed one at a time) and
 * the caller a lead, in the open transaction. */
static kc_status open_cohort(kc_db_conn *conn, const kc_principal *p, const char *cohort_id,
                             kc_problem *pb)
{
    cohort_row c;
    kc_status st = access_require_lead(p, "forms buddy pairs", pb);

    if (st == KC_OK)
        st = cohort_repo_get(conn, p->tenant_id, cohort_id, 1, &c, pb);
    return st;
}

static const kc_field create_fields[] = {
    {.name = "personIds",
     .type = KC_T_ARRAY,
     .required = 1,
     .min_len = 2,
     .max_len = 2,
     .item_type = KC_T_STRING,
     .item_format = KC_FMT_UUID},
};

/* What a new pair asks (a programmes_write's arg). */
typedef struct pair_write {
    const char *cohort_id, *a, *b;
} pair_write;

static kc_status create_pair(kc_db_conn *conn, const kc_principal *p, void *arg, json_t **out,
                             kc_problem *pb)
{
    const pair_write *w = arg;
    kc_status st;

    st = open_cohort(conn, p, w->cohort_id, pb);
    if (st == KC_OK)
        st = check_pair(conn, p, w->cohort_id, w->a, w->b, "personIds", pb);
    if (st == KC_OK)
        st = buddy_repo_insert(conn, p->tenant_id, w->cohort_id, w->a, w->b, "hand", out, pb);
    return st;
}

kc_status buddy_service_create(kc_db_pool *pool, const kc_principal *p, const char *cohort_id,
                               const json_t *body, json_t **out, kc_problem *pb)
{
    const json_t *ids = json_object_get(body, "personIds");
    pair_write w = {cohort_id, NULL, NULL};
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", cohort_id, pb);
    if (st == KC_OK)
        st = kc_validate_json(body, create_fields, KC_NELEMS(create_fields), pb);
    if (st != KC_OK)
        return st;
    w.a = json_string_value(json_array_get(ids, 0));
    w.b = json_string_value(json_array_get(ids, 1));
    return programmes_write(pool, p, create_pair, &w, out, pb);
}

/* The proposal as the API shows it: ids for the algorithm's indices. */
static json_t *proposal_json(const buddy_candidate_row *c, const buddy_proposal *bp)
{
    json_t *doc, *pairs, *unpaired;
    size_t i;

    pairs = json_array();
    unpaired = json_array();
    for (i = 0; pairs != NULL && i < bp->npairs; i++)
        json_array_append_new(
            pairs, json_pack("[s, s]", c[bp->pairs[i][0]].person_id, c[bp->pairs[i][1]].person_id));
    for (i = 0; unpaired != NULL && i < bp->nunpaired; i++)
        json_array_append_new(unpaired, json_string(c[bp->unpaired[i]].person_id));
    doc = json_pack("{s:o?, s:o?}", "pairs", pairs, "unpaired", unpaired);
    if (doc != NULL && (pairs == NULL || unpaired == NULL)) {
        json_decref(doc);
        doc = NULL;
    }
    return doc;
}

/* The candidate index of person id; n when it is none. */
static size_t index_of(const buddy_candidate_row *c, size_t n, const char *id)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcasecmp(c[i].person_id, id) == 0)
            return i;
    return n;
}

/* Proposes pairs of the candidates c (n), with the pairs formed before. */
static kc_status propose(const buddy_candidate_row *c, size_t n, const buddy_formed_row *f,
                         size_t nf, json_t **out, kc_problem *pb)
{
    const char **dept = NULL;
    unsigned char *before = NULL;
    buddy_proposal bp = {0};
    size_t i, x, y;
    kc_status st = KC_INTERNAL;

    dept = calloc(n + 1, sizeof(*dept));
    before = calloc(n * n + 1, 1);
    if (dept == NULL || before == NULL)
        goto out;
    for (i = 0; i < n; i++)
        dept[i] = c[i].department;
    for (i = 0; i < nf; i++) {
        x = index_of(c, n, f[i].a);
        y = index_of(c, n, f[i].b);
        if (x < n && y < n)
            before[x * n + y] = before[y * n + x] = 1;
    }
    if (buddy_pairing_propose(dept, n, before, &bp) != 0)
        goto out;
    *out = proposal_json(c, &bp);
    if (*out != NULL)
        st = KC_OK;
out:
    buddy_proposal_free(&bp);
    free(before);
    free(dept);
    return st == KC_OK ? st : kc_problem_set(pb, KC_INTERNAL, "out of memory");
}

kc_status buddy_service_propose(kc_db_pool *pool, const kc_principal *p, const char *cohort_id,
                                json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    buddy_candidate_row *c = NULL;
    buddy_formed_row *f = NULL;
    size_t n = 0, nf = 0;
    cohort_row row;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", cohort_id, pb);
    if (st == KC_OK)
        st = access_require_lead(p, "asks for a proposal of buddy pairs", pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = cohort_repo_get(conn, p->tenant_id, cohort_id, 0, &row, pb);
    if (st == KC_OK)
        st = buddy_repo_candidates(conn, p->tenant_id, cohort_id, &c, &n, pb);
    if (st == KC_OK)
        st = buddy_repo_formed(conn, p->tenant_id, cohort_id, &f, &nf, pb);
    if (st == KC_OK)
        st = propose(c, n, f, nf, out, pb);
    free(c);
    free(f);
    kc_db_release(pool, conn);
    return st;
}

static const kc_field accept_fields[] = {
    {.name = "pairs",
     .type = KC_T_ARRAY,
     .required = 1,
     .min_len = 1,
     .max_len = 500,
     .item_type = KC_T_ARRAY},
};

/* Each pair two ids, nobody twice in the list. */
static kc_status check_accept_shape(const json_t *pairs, kc_problem *pb)
{
    const json_t *pair, *id;
    char name[96];
    size_t i, j, k, l;

    json_array_foreach(pairs, i, pair)
    {
        snprintf(name, sizeof(name), "pairs[%zu]", i);
        if (json_array_size(pair) != 2) {
            kc_problem_add_field(pb, name, "a pair is two person ids");
            continue;
        }
        json_array_foreach(pair, j, id)
        {
            if (!json_is_string(id) || !kc_is_uuid(json_string_value(id))) {
                snprintf(name, sizeof(name), "pairs[%zu][%zu]", i, j);
                kc_problem_add_field(pb, name, "a person id (UUID)");
                continue;
            }
            for (k = 0; k <= i; k++)
                for (l = 0; l < 2 && (k < i || l < j); l++)
                    if (json_is_string(json_array_get(json_array_get(pairs, k), l)) &&
                        strcasecmp(json_string_value(json_array_get(json_array_get(pairs, k), l)),
                                   json_string_value(id)) == 0) {
                        snprintf(name, sizeof(name), "pairs[%zu][%zu]", i, j);
                        kc_problem_add_field(pb, name, "this person is in another pair too");
                    }
        }
    }
    if (pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "the pairs are not valid");
    return KC_OK;
}

/* What an accepted proposal asks (a programmes_write's arg). */
typedef struct accept_write {
    const char *cohort_id;
    const json_t *pairs;
} accept_write;

static kc_status accept_pairs(kc_db_conn *conn, const kc_principal *p, void *arg, json_t **out,
                              kc_problem *pb)
{
    const accept_write *w = arg;
    const json_t *pair;
    json_t *items = NULL, *one = NULL;
    char name[32];
    size_t i;
    kc_status st;

    items = json_array();
    if (items == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = open_cohort(conn, p, w->cohort_id, pb);
    json_array_foreach(w->pairs, i, pair)
    {
        if (st != KC_OK)
            break;
        snprintf(name, sizeof(name), "pairs[%zu]", i);
        st = check_pair(conn, p, w->cohort_id, json_string_value(json_array_get(pair, 0)),
                        json_string_value(json_array_get(pair, 1)), name, pb);
        if (st == KC_OK)
            st = buddy_repo_insert(
                conn, p->tenant_id, w->cohort_id, json_string_value(json_array_get(pair, 0)),
                json_string_value(json_array_get(pair, 1)), "proposal", &one, pb);
        if (st == KC_OK)
            json_array_append_new(items, one);
        one = NULL;
    }
    if (st == KC_OK) {
        *out = json_pack("{s:o}", "items", items);
        items = NULL;
        if (*out == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    json_decref(items);
    return st;
}

kc_status buddy_service_accept(kc_db_pool *pool, const kc_principal *p, const char *cohort_id,
                               const json_t *body, json_t **out, kc_problem *pb)
{
    accept_write w = {cohort_id, json_object_get(body, "pairs")};
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", cohort_id, pb);
    if (st == KC_OK)
        st = kc_validate_json(body, accept_fields, KC_NELEMS(accept_fields), pb);
    if (st == KC_OK)
        st = check_accept_shape(w.pairs, pb);
    if (st == KC_OK)
        st = programmes_write(pool, p, accept_pairs, &w, out, pb);
    return st;
}

/* Cohort cohort_id's pairs (KC_NOT_FOUND when the tenant has no such
 * cohort): a kc_read_fn. */
static kc_status pairs_of(kc_db_conn *conn, const char *tenant_id, const char *cohort_id,
                          json_t **items, kc_problem *pb)
{
    cohort_row c;
    kc_status st;

    st = cohort_repo_get(conn, tenant_id, cohort_id, 0, &c, pb);
    if (st == KC_OK)
        st = buddy_repo_list(conn, tenant_id, cohort_id, items, pb);
    return st;
}

kc_status buddy_service_list(kc_db_pool *pool, const kc_principal *p, const char *cohort_id,
                             json_t **out, kc_problem *pb)
{
    return programmes_items_of(pool, p, cohort_id, pairs_of, out, pb);
}

/* Ends pair *arg (its id), in the open transaction. */
static kc_status end_pair(kc_db_conn *conn, const kc_principal *p, void *arg, json_t **out,
                          kc_problem *pb)
{
    const char *id = arg;
    buddy_pair_row pair;
    kc_status st;

    st = buddy_repo_pair(conn, p->tenant_id, id, 1, &pair, pb);
    if (st == KC_OK && pair.ended)
        st = kc_problem_set(pb, KC_CONFLICT, "buddy pair %s has ended already", id);
    if (st == KC_OK)
        st = buddy_repo_end(conn, p->tenant_id, id, out, pb);
    return st;
}

kc_status buddy_service_end(kc_db_pool *pool, const kc_principal *p, const char *id, json_t **out,
                            kc_problem *pb)
{
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = access_require_lead(p, "ends buddy pairs", pb);
    if (st == KC_OK)
        st = programmes_write(pool, p, end_pair, (void *)id, out, pb);
    return st;
}

/* ---- check-ins ---------------------------------------------------------------- */

/* A lead, or one of the two buddies; anyone else learns nothing (404). */
static kc_status may_see(const kc_principal *p, const buddy_pair_row *pair, kc_problem *pb)
{
    if (access_runs_programmes(p))
        return KC_OK;
    if (p->kind == KC_PRINCIPAL_STAFF && p->subject[0] != '\0' &&
        (strcmp(p->subject, pair->sub_a) == 0 || strcmp(p->subject, pair->sub_b) == 0))
        return KC_OK;
    return kc_problem_set(pb, KC_NOT_FOUND, "buddy pair %s not found", pair->id);
}

kc_status buddy_service_checkins(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *items = NULL;
    buddy_pair_row pair;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = buddy_repo_pair(conn, p->tenant_id, id, 0, &pair, pb);
    if (st == KC_OK)
        st = may_see(p, &pair, pb);
    if (st == KC_OK)
        st = buddy_repo_checkins(conn, p->tenant_id, id, &items, pb);
    if (st == KC_OK) {
        *out = json_pack("{s:o}", "items", items);
        if (*out == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    kc_db_release(pool, conn);
    return st;
}

typedef struct checkin_in {
    const char *held_on;
    const char *note;
} checkin_in;

static const kc_field checkin_fields[] = {
    {.name = "heldOn",
     .type = KC_T_STRING,
     .required = 1,
     .format = KC_FMT_DATE,
     .to = KC_TO(checkin_in, held_on)},
    {.name = "note", .type = KC_T_STRING, .max_len = 4000, .to = KC_TO(checkin_in, note)},
};

/* What a check-in asks (a programmes_write's arg). */
typedef struct checkin_write {
    const char *id;
    const json_t *body;
} checkin_write;

static kc_status add_checkin(kc_db_conn *conn, const kc_principal *p, void *arg, json_t **out,
                             kc_problem *pb)
{
    const checkin_write *w = arg;
    checkin_in in = {NULL, ""};
    buddy_pair_row pair;
    kc_status st;

    st = buddy_repo_pair(conn, p->tenant_id, w->id, 1, &pair, pb);
    if (st == KC_OK) /* before the body: a stranger learns nothing from a 422 */
        st = may_see(p, &pair, pb);
    if (st == KC_OK)
        st = kc_decode_json(w->body, checkin_fields, KC_NELEMS(checkin_fields), &in, pb);
    if (st == KC_OK && pair.ended)
        st = kc_problem_set(pb, KC_CONFLICT, "buddy pair %s has ended", w->id);
    if (st == KC_OK)
        st = buddy_repo_add_checkin(conn, p->tenant_id, w->id, in.held_on,
                                    in.note != NULL ? in.note : "",
                                    p->subject[0] != '\0' ? p->subject : "unknown", out, pb);
    return st;
}

kc_status buddy_service_add_checkin(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const json_t *body, json_t **out, kc_problem *pb)
{
    checkin_write w = {id, body};
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = programmes_write(pool, p, add_checkin, &w, out, pb);
    return st;
}
