#include "manifest/consultation_service.h"

#include <stdlib.h>
#include <string.h>
#include "access/access.h"
#include "koers/crypto.h"
#include "koers/idempotency.h"
#include "koers/outbox.h"
#include "koers/validate.h"
#include "manifest/consultation_repo.h"
#include "manifest/consultation_support.h"
#include "manifest/consultation_voter.h"
#include "manifest/manifest_repo.h"
#include "manifest/manifest_service.h"
#include "programmes.h"
#include "programmes_service.h"

/* ---- rounds ---- */

typedef struct open_arg {
    const kc_principal *p;
    const char *manifest_id;
    const char *step_id;
} open_arg;

static const kc_field open_fields[] = {
    {.name = "stepId",
     .type = KC_T_STRING,
     .nullable = 1,
     .format = KC_FMT_UUID,
     .to = KC_TO(open_arg, step_id)},
};

static kc_status open_in(kc_db_conn *conn, void *varg, json_t **answer, kc_problem *pb)
{
    open_arg *a = varg;
    manifest_lock m;
    unsigned char salt[CONSULTATION_SALT_LEN];
    char id[37], *salt_hex = NULL;
    int n = 0;
    kc_status st;

    st = manifest_repo_lock(conn, a->p->tenant_id, a->manifest_id, &m, pb);
    if (st != KC_OK)
        return st;
    if (strcmp(m.status, "consultation") != 0)
        return kc_problem_set(pb, KC_CONFLICT,
                              "manifest %s is in %s: rounds are held in consultation",
                              a->manifest_id, m.status);
    st = manifest_repo_has_open_round(conn, a->p->tenant_id, a->manifest_id, &n, pb);
    if (st == KC_OK && n > 0)
        st = kc_problem_set(pb, KC_CONFLICT,
                            "manifest %s has an open round: close it before the next",
                            a->manifest_id);
    if (st == KC_OK && a->step_id != NULL) {
        st = round_repo_step_ok(conn, a->p->tenant_id, m.programme_id, a->step_id, &n, pb);
        if (st == KC_OK && n == 0) {
            kc_problem_add_field(pb, "stepId", "must be a step of the manifest's programme");
            st = kc_problem_set(pb, KC_INVALID, "the round's step is not the programme's");
        }
    }
    if (st != KC_OK)
        return st;
    if (kc_uuid_v4(id) != KC_OK || consultation_voter_salt(salt) != 0 ||
        (salt_hex = kc_bytea_hex(salt, sizeof(salt))) == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "no id or salt");
    st = round_repo_open(conn, a->p->tenant_id, id, a->manifest_id, a->step_id, salt_hex,
                         manifest_service_actor(a->p), answer, pb);
    memset(salt, 0, sizeof(salt));
    free(salt_hex);
    return st;
}

kc_status consultation_service_open(kc_db_pool *pool, const kc_principal *p,
                                    const char *manifest_id, const struct kc_idem *idem,
                                    const json_t *body, json_t **answer, int *replayed,
                                    kc_problem *pb)
{
    open_arg arg = {.p = p, .manifest_id = manifest_id};
    kc_status st;

    *answer = NULL;
    *replayed = 0;
    st = kc_check_id("id", manifest_id, pb);
    if (st == KC_OK)
        st = kc_decode_json(body, open_fields, KC_NELEMS(open_fields), &arg, pb);
    if (st == KC_OK)
        st = access_require_lead(p, "open consultation rounds", pb);
    if (st == KC_OK)
        st = kc_idem_run(pool, PROGRAMMES_SCHEMA, idem, NULL, open_in, &arg, answer, replayed, pb);
    return st;
}

/* The counts of a manifest (of one round when round > 0) as the pure
 * module reads them, borrowing from the rows. */
typedef struct tallies {
    view_count_row *count_rows;
    view_cell_row *cell_rows;
    consultation_count *counts;
    consultation_cell *cells;
    size_t ncounts, ncells;
    int min_group_size;
} tallies;

static void tallies_clear(tallies *t)
{
    free(t->count_rows);
    free(t->cell_rows);
    free(t->counts);
    free(t->cells);
    memset(t, 0, sizeof(*t));
}

static kc_status tallies_load(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                              int round, tallies *t, kc_problem *pb)
{
    size_t i;
    kc_status st;

    memset(t, 0, sizeof(*t));
    st = manifest_repo_min_group_size(conn, tenant_id, &t->min_group_size, pb);
    if (st == KC_OK)
        st = view_repo_counts(conn, tenant_id, manifest_id, round, &t->count_rows, &t->ncounts, pb);
    if (st == KC_OK)
        st = view_repo_cells(conn, tenant_id, manifest_id, round, &t->cell_rows, &t->ncells, pb);
    if (st != KC_OK)
        return st;
    t->counts = calloc(t->ncounts + 1, sizeof(*t->counts));
    t->cells = calloc(t->ncells + 1, sizeof(*t->cells));
    if (t->counts == NULL || t->cells == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    for (i = 0; i < t->ncounts; i++)
        t->counts[i] = (consultation_count){
            .statement_id = t->count_rows[i].statement_id,
            .round = t->count_rows[i].round,
            .department = t->count_rows[i].department,
            .stance = t->count_rows[i].stance,
            .n = t->count_rows[i].n,
        };
    for (i = 0; i < t->ncells; i++)
        t->cells[i] = (consultation_cell){.statement_id = t->cell_rows[i].statement_id,
                                          .round = t->cell_rows[i].round};
    return KC_OK;
}

static kc_status closed_event(kc_db_conn *conn, const kc_principal *p, const round_lock *r,
                              kc_problem *pb)
{
    tallies t;
    json_t *statements = NULL, *data = NULL;
    kc_status st;

    st = tallies_load(conn, p->tenant_id, r->manifest_id, r->number, &t, pb);
    if (st == KC_OK) {
        statements =
            consultation_support_event(t.cells, t.ncells, t.counts, t.ncounts, t.min_group_size);
        data = statements == NULL
                   ? NULL
                   : json_pack("{s:s, s:s, s:s, s:i, s:O}", "id", r->id, "manifestId",
                               r->manifest_id, "programmeId", r->programme_id, "number", r->number,
                               "statements", statements);
        st = data != NULL ? kc_outbox_add(conn, PROGRAMMES_SCHEMA, "consultation.round.closed",
                                          p->tenant_id, r->id, data, pb)
                          : kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    json_decref(statements);
    json_decref(data);
    tallies_clear(&t);
    return st;
}

/* A round's close: the caller and the round in, the round afterwards
 * out. */
typedef struct close_arg {
    const kc_principal *p;
    const char *id;
    json_t *out;
} close_arg;

static kc_status close_in(kc_db_conn *conn, void *varg, kc_problem *pb)
{
    close_arg *a = varg;
    round_lock r;
    kc_status st;

    st = round_repo_lock(conn, a->p->tenant_id, a->id, &r, pb);
    if (st == KC_OK && strcmp(r.status, "open") != 0)
        st = kc_problem_set(pb, KC_CONFLICT, "consultation round %s is closed already", a->id);
    if (st == KC_OK)
        st = round_repo_close(conn, a->p->tenant_id, a->id, &a->out, pb);
    if (st == KC_OK)
        st = closed_event(conn, a->p, &r, pb);
    memset(r.salt_hex, 0, sizeof(r.salt_hex));
    return st;
}

kc_status consultation_service_close(kc_db_pool *pool, const kc_principal *p, const char *id,
                                     json_t **out, kc_problem *pb)
{
    close_arg arg = {.p = p, .id = id};
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = access_require_lead(p, "close consultation rounds", pb);
    if (st == KC_OK)
        st = kc_db_run_tx(pool, close_in, &arg, pb);
    if (st == KC_OK)
        *out = arg.out;
    else
        json_decref(arg.out);
    return st;
}

/* {"items": items} plus extra members (steals items). */
static kc_status wrap_items(kc_status st, json_t *items, int min_group_size, json_t **out,
                            kc_problem *pb)
{
    if (st != KC_OK) {
        json_decref(items);
        return st;
    }
    *out = min_group_size > 0
               ? json_pack("{s:i, s:o}", "minGroupSize", min_group_size, "items", items)
               : json_pack("{s:o}", "items", items);
    return *out != NULL ? KC_OK : kc_problem_set(pb, KC_INTERNAL, "out of memory");
}

/* The manifest must be the tenant's (404); a round asked must be one of
 * its (422). */
static kc_status open_manifest(kc_db_conn *conn, const kc_principal *p, const char *manifest_id,
                               int round, kc_problem *pb)
{
    manifest_lock m;
    int ok = 0;
    kc_status st;

    st = manifest_repo_lock(conn, p->tenant_id, manifest_id, &m, pb);
    if (st == KC_OK && round > 0) {
        st = round_repo_number_ok(conn, p->tenant_id, manifest_id, round, &ok, pb);
        if (st == KC_OK && !ok) {
            kc_problem_add_field(pb, "round", "the manifest has no round of this number");
            st = kc_problem_set(pb, KC_INVALID, "manifest %s has no round %d", manifest_id, round);
        }
    }
    return st;
}

/* The rounds of manifest_id, which must be the tenant's (404). */
static kc_status rounds_of(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                           json_t **out, kc_problem *pb)
{
    manifest_lock m;
    kc_status st;

    *out = NULL;
    st = manifest_repo_lock(conn, tenant_id, manifest_id, &m, pb);
    if (st == KC_OK)
        st = round_repo_list(conn, tenant_id, manifest_id, out, pb);
    return st;
}

kc_status consultation_service_rounds(kc_db_pool *pool, const kc_principal *p,
                                      const char *manifest_id, json_t **out, kc_problem *pb)
{
    return programmes_items_of(pool, p, manifest_id, rounds_of, out, pb);
}

/* ---- views ---- */

typedef struct view_body {
    const char *stance;
    const char *reason;
    const char *department;
    int anonymous;
} view_body;

static const char *const view_stances[] = {"support", "support_with_remark", "object", NULL};

static const kc_field view_fields[] = {
    {.name = "stance",
     .type = KC_T_STRING,
     .required = 1,
     .enum_values = view_stances,
     .to = KC_TO(view_body, stance)},
    {.name = "reason",
     .type = KC_T_STRING,
     .nullable = 1,
     .min_len = 1,
     .max_len = 4000,
     .to = KC_TO(view_body, reason)},
    {.name = "department",
     .type = KC_T_STRING,
     .required = 1,
     .min_len = 1,
     .max_len = 200,
     .to = KC_TO(view_body, department)},
    {.name = "anonymous", .type = KC_T_BOOL, .required = 1, .to = KC_TO(view_body, anonymous)},
};

/* The caller's voter in round r, as hex bytea text (heap; NULL when it
 * cannot be made). */
static char *voter_of(const round_lock *r, const kc_principal *p)
{
    unsigned char *salt = NULL, voter[CONSULTATION_VOTER_LEN];
    size_t saltlen = 0;
    char *hex = NULL;

    if (kc_bytea_unhex(r->salt_hex, &salt, &saltlen) == 0 &&
        consultation_voter_of(salt, saltlen, p->subject, voter) == 0)
        hex = kc_bytea_hex(voter, sizeof(voter));
    if (salt != NULL)
        memset(salt, 0, saltlen);
    free(salt);
    return hex;
}

/* A view given: the caller, the round, the statement and the body in;
 * whether it is new out. */
typedef struct view_arg {
    const kc_principal *p;
    const char *round_id;
    const char *statement_id;
    view_body in;
    int added;
} view_arg;

static kc_status put_view_in(kc_db_conn *conn, void *varg, kc_problem *pb)
{
    view_arg *a = varg;
    const kc_principal *p = a->p;
    const char *round_id = a->round_id, *statement_id = a->statement_id;
    const view_body *in = &a->in;
    round_lock r;
    char person_id[37] = "", *voter = NULL;
    view_input v;
    int ok = 0;
    kc_status st;

    st = round_repo_lock(conn, p->tenant_id, round_id, &r, pb);
    if (st == KC_OK)
        st = view_repo_statement_ok(conn, p->tenant_id, r.manifest_id, statement_id, &ok, pb);
    if (st == KC_OK && !ok)
        st = kc_problem_set(pb, KC_NOT_FOUND, "statement %s is not one of round %s's manifest",
                            statement_id, round_id);
    if (st == KC_OK && strcmp(r.status, "open") != 0)
        st = kc_problem_set(pb, KC_CONFLICT, "consultation round %s is closed", round_id);
    if (st == KC_OK && !in->anonymous) {
        st = view_repo_person_of(conn, p->tenant_id, p->subject, person_id, pb);
        if (st == KC_OK && person_id[0] == '\0') {
            kc_problem_add_field(pb, "anonymous", "anonymous, or be in the directory");
            st = kc_problem_set(pb, KC_INVALID,
                                "a named view is a person's: give it anonymously, or be in the "
                                "programme's directory");
        }
    }
    if (st != KC_OK)
        goto out;
    voter = voter_of(&r, p);
    if (voter == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "no voter");
        goto out;
    }
    v = (view_input){
        .round_id = round_id,
        .statement_id = statement_id,
        .voter_hex = voter,
        .department = in->department,
        .stance = in->stance,
        .reason = in->reason,
        .anonymous = in->anonymous,
        .person_id = in->anonymous ? NULL : person_id,
    };
    st = view_repo_put(conn, p->tenant_id, &v, &a->added, pb);
out:
    memset(r.salt_hex, 0, sizeof(r.salt_hex));
    free(voter);
    return st;
}

kc_status consultation_service_put_view(kc_db_pool *pool, const kc_principal *p,
                                        const char *round_id, const char *statement_id,
                                        const json_t *body, json_t **out, int *added,
                                        kc_problem *pb)
{
    view_arg arg = {.p = p, .round_id = round_id, .statement_id = statement_id};
    const view_body *in = &arg.in;
    kc_status st;

    *out = NULL;
    *added = 0;
    st = kc_check_id("id", round_id, pb);
    if (st == KC_OK)
        st = kc_check_id("statementId", statement_id, pb);
    if (st == KC_OK)
        st = kc_decode_json(body, view_fields, KC_NELEMS(view_fields), &arg.in, pb);
    if (st == KC_OK && strcmp(in->stance, "support") != 0 && in->reason == NULL) {
        kc_problem_add_field(pb, "reason", "required with a remark or an objection");
        st = kc_problem_set(pb, KC_INVALID, "a remark or objection says why");
    }
    if (st == KC_OK && (p->kind != KC_PRINCIPAL_STAFF || p->subject[0] == '\0'))
        st = kc_problem_set(pb, KC_FORBIDDEN, "a view is given by a signed-in employee");
    if (st == KC_OK)
        st = kc_db_run_tx(pool, put_view_in, &arg, pb);
    if (st == KC_OK) {
        *added = arg.added;
        *out = json_pack("{s:s, s:s, s:s, s:s?, s:s, s:b}", "roundId", round_id, "statementId",
                         statement_id, "stance", in->stance, "reason", in->reason, "department",
                         in->department, "anonymous", in->anonymous);
        if (*out == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    return st;
}

/* ---- figures and comments ---- */

kc_status consultation_service_support(kc_db_pool *pool, const kc_principal *p,
                                       const char *manifest_id, int round, int by_department,
                                       json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *items = NULL;
    tallies t;
    kc_status st;

    *out = NULL;
    memset(&t, 0, sizeof(t));
    st = kc_check_id("id", manifest_id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = open_manifest(conn, p, manifest_id, round, pb);
    if (st == KC_OK)
        st = tallies_load(conn, p->tenant_id, manifest_id, round, &t, pb);
    kc_db_release(pool, conn);
    if (st == KC_OK) {
        items = consultation_support_items(t.cells, t.ncells, t.counts, t.ncounts, by_department,
                                           t.min_group_size);
        if (items == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    st = wrap_items(st, items, t.min_group_size, out, pb);
    tallies_clear(&t);
    return st;
}

kc_status consultation_service_comments(kc_db_pool *pool, const kc_principal *p,
                                        const char *manifest_id, int round, json_t **out,
                                        kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *items = NULL, *item;
    int min_group_size = 5;
    size_t i;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", manifest_id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = open_manifest(conn, p, manifest_id, round, pb);
    if (st == KC_OK)
        st = manifest_repo_min_group_size(conn, p->tenant_id, &min_group_size, pb);
    if (st == KC_OK)
        st = view_repo_comments(conn, p->tenant_id, manifest_id, round, &items, pb);
    kc_db_release(pool, conn);
    /* a department of a group below the minimum is not named */
    json_array_foreach(st == KC_OK ? items : NULL, i, item)
    {
        if (!consultation_group_shown((int)json_integer_value(json_object_get(item, "groupViews")),
                                      min_group_size))
            json_object_set_new(item, "department", json_null());
        json_object_del(item, "groupViews");
    }
    return wrap_items(st, items, min_group_size, out, pb);
}
