#include "manifest/manifest_service.h"

#include <string.h>
#include "access/access.h"
#include "koers/idempotency.h"
#include "koers/outbox.h"
#include "koers/resource.h"
#include "koers/status_move.h"
#include "koers/validate.h"
#include "manifest/manifest_repo.h"
#include "manifest/manifest_status.h"
#include "programmes.h"
#include "programmes_resources.h"

const char *manifest_service_actor(const kc_principal *p)
{
    return p->subject[0] != '\0' ? p->subject : "unknown";
}

static const kc_field settings_fields[] = {
    {.name = "minGroupSize", .type = KC_T_INT, .required = 1, .min = 1, .max = 1000},
};

kc_status manifest_service_settings(kc_db_pool *pool, const kc_principal *p, json_t **out,
                                    kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *out = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = manifest_repo_settings(conn, p->tenant_id, out, pb);
    kc_db_release(pool, conn);
    return st;
}

/* The settings written: the tenant and the minimum in, the settings
 * afterwards out. */
typedef struct settings_arg {
    const char *tenant_id;
    int min_group_size;
    json_t *out;
} settings_arg;

static kc_status put_settings_in(kc_db_conn *conn, void *varg, kc_problem *pb)
{
    settings_arg *a = varg;
    kc_status st;

    st = manifest_repo_set_min_group_size(conn, a->tenant_id, a->min_group_size, pb);
    if (st == KC_OK)
        st = manifest_repo_settings(conn, a->tenant_id, &a->out, pb);
    return st;
}

kc_status manifest_service_put_settings(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                        json_t **out, kc_problem *pb)
{
    settings_arg arg = {.tenant_id = p->tenant_id};
    kc_status st;

    *out = NULL;
    st = kc_validate_json(body, settings_fields, KC_NELEMS(settings_fields), pb);
    if (st == KC_OK)
        st = access_require_lead(p, "set the tenant's settings", pb);
    if (st == KC_OK) {
        arg.min_group_size = (int)json_integer_value(json_object_get(body, "minGroupSize"));
        st = kc_db_run_tx(pool, put_settings_in, &arg, pb);
    }
    if (st == KC_OK)
        *out = arg.out;
    else
        json_decref(arg.out);
    return st;
}

/* ---- create ---- */

typedef struct manifest_input {
    const char *title;
    const char *preamble;
    const char *based_on_id;
} manifest_input;

static const kc_field manifest_create_fields[] = {
    {.name = "title",
     .type = KC_T_STRING,
     .required = 1,
     .min_len = 1,
     .max_len = 200,
     .to = KC_TO(manifest_input, title)},
    {.name = "preamble",
     .type = KC_T_STRING,
     .max_len = 8000,
     .to = KC_TO(manifest_input, preamble)},
    {.name = "basedOnId",
     .type = KC_T_STRING,
     .nullable = 1,
     .format = KC_FMT_UUID,
     .to = KC_TO(manifest_input, based_on_id)},
};

typedef struct create_arg {
    const kc_principal *p;
    const char *programme_id;
    manifest_input in;
} create_arg;

static kc_status add_created(kc_db_conn *conn, const kc_principal *p, const json_t *answer,
                             kc_problem *pb)
{
    const char *id = json_string_value(json_object_get(answer, "id"));
    json_t *data = json_pack("{s:s, s:O, s:O}", "id", id, "programmeId",
                             json_object_get(answer, "programmeId"), "number",
                             json_object_get(answer, "number"));
    kc_status st;

    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(conn, PROGRAMMES_SCHEMA, "manifest.created", p->tenant_id, id, data, pb);
    json_decref(data);
    return st;
}

static kc_status create_in(kc_db_conn *conn, void *varg, json_t **answer, kc_problem *pb)
{
    create_arg *a = varg;
    manifest_lock based;
    char open_id[37], id[37];
    kc_status st;

    st = manifest_repo_lock_programme(conn, a->p->tenant_id, a->programme_id, pb);
    if (st == KC_OK)
        st = manifest_repo_open_of(conn, a->p->tenant_id, a->programme_id, open_id, pb);
    if (st != KC_OK)
        return st;
    if (open_id[0] != '\0')
        return kc_problem_set(pb, KC_CONFLICT,
                              "programme %s has manifest %s in draft or consultation: adopt or "
                              "delete it first",
                              a->programme_id, open_id);
    if (a->in.based_on_id != NULL) {
        st = manifest_repo_lock(conn, a->p->tenant_id, a->in.based_on_id, &based, pb);
        if (st == KC_NOT_FOUND ||
            (st == KC_OK && (strcmp(based.programme_id, a->programme_id) != 0 ||
                             strcmp(based.status, "adopted") != 0))) {
            kc_problem_add_field(pb, "basedOnId", "must be the adopted manifest of the programme");
            return kc_problem_set(pb, KC_INVALID, "a manifest is based on the adopted one");
        }
        if (st != KC_OK)
            return st;
    }
    if (kc_uuid_v4(id) != KC_OK)
        return kc_problem_set(pb, KC_INTERNAL, "no id");
    st = manifest_repo_insert(conn, a->p->tenant_id, id, a->programme_id, a->in.title,
                              a->in.preamble != NULL ? a->in.preamble : "", a->in.based_on_id,
                              manifest_service_actor(a->p), answer, pb);
    if (st == KC_OK)
        st = add_created(conn, a->p, *answer, pb);
    if (st != KC_OK) {
        json_decref(*answer);
        *answer = NULL;
    }
    return st;
}

kc_status manifest_service_create(kc_db_pool *pool, const kc_principal *p, const char *programme_id,
                                  const struct kc_idem *idem, const json_t *body, json_t **answer,
                                  int *replayed, kc_problem *pb)
{
    create_arg arg = {.p = p, .programme_id = programme_id};
    kc_status st;

    *answer = NULL;
    *replayed = 0;
    st = kc_check_id("id", programme_id, pb);
    if (st == KC_OK)
        st = kc_decode_json(body, manifest_create_fields, KC_NELEMS(manifest_create_fields),
                            &arg.in, pb);
    if (st == KC_OK)
        st = access_require_lead(p, "write manifests", pb);
    if (st == KC_OK)
        st =
            kc_idem_run(pool, PROGRAMMES_SCHEMA, idem, NULL, create_in, &arg, answer, replayed, pb);
    return st;
}

kc_status manifest_service_list(kc_db_pool *pool, const kc_principal *p, const char *programme_id,
                                const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *filters = NULL;
    kc_status st;

    *items = NULL;
    st = kc_check_id("id", programme_id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK) /* a lock in a statement of its own: only whether it exists */
        st = manifest_repo_lock_programme(conn, p->tenant_id, programme_id, pb);
    kc_db_release(pool, conn);
    if (st != KC_OK)
        return st;
    filters = json_pack("{s:s}", "programmeId", programme_id);
    if (filters == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_resource_list(pool, &manifest_resource, p->tenant_id, filters, page, items, next, pb);
    json_decref(filters);
    return st;
}

/* ---- the status move ---- */

static const char *const manifest_move_targets[] = {"draft", "consultation", "adopted",
                                                    "superseded", NULL};

static const kc_field manifest_move_fields[] = {
    {.name = "to", .type = KC_T_STRING, .required = 1, .enum_values = manifest_move_targets},
};

static kc_status lock_manifest(kc_move_ctx *m, kc_problem *pb)
{
    manifest_lock *cur = m->arg;
    kc_status st;

    st = manifest_repo_lock(m->conn, m->p->tenant_id, m->id, cur, pb);
    if (st == KC_OK)
        st = access_require_lead(m->p, "move a manifest", pb);
    if (st == KC_OK) {
        m->status = cur->status;
        m->version = cur->version;
    }
    return st;
}

static kc_status check_move(kc_move_ctx *m, kc_problem *pb)
{
    int n = 0;
    kc_status st = KC_OK;

    if (m->to == MANIFEST_STATUS_SUPERSEDED)
        return kc_problem_set(pb, KC_CONFLICT,
                              "manifest %s is superseded only when a later manifest of the "
                              "programme is adopted",
                              m->id);
    if (m->to == MANIFEST_STATUS_CONSULTATION) {
        st = manifest_repo_statement_count(m->conn, m->p->tenant_id, m->id, &n, pb);
        if (st == KC_OK && n == 0)
            st = kc_problem_set(pb, KC_CONFLICT,
                                "manifest %s has no statements: add one before the consultation",
                                m->id);
    }
    if (m->to == MANIFEST_STATUS_ADOPTED) {
        st = manifest_repo_has_open_round(m->conn, m->p->tenant_id, m->id, &n, pb);
        if (st == KC_OK && n > 0)
            st =
                kc_problem_set(pb, KC_CONFLICT,
                               "manifest %s has an open consultation round: close it first", m->id);
    }
    return st;
}

static kc_status status_event(kc_db_conn *conn, const kc_principal *p, const char *id,
                              const char *programme_id, int number, const char *from,
                              const char *to, kc_problem *pb)
{
    json_t *data = json_pack("{s:s, s:s, s:i, s:s, s:s}", "id", id, "programmeId", programme_id,
                             "number", number, "from", from, "to", to);
    kc_status st;

    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(conn, PROGRAMMES_SCHEMA, "manifest.status.changed", p->tenant_id, id, data,
                       pb);
    json_decref(data);
    return st;
}

/* The adoption: the earlier adopted manifest superseded, and
 * manifest.adopted. */
static kc_status adopt(kc_move_ctx *m, const manifest_lock *cur, kc_problem *pb)
{
    char old_id[37];
    int old_number = 0, count = 0;
    json_t *data = NULL;
    kc_status st;

    st = manifest_repo_supersede(m->conn, m->p->tenant_id, cur->programme_id, m->id, old_id,
                                 &old_number, pb);
    if (st == KC_OK && old_id[0] != '\0')
        st = status_event(m->conn, m->p, old_id, cur->programme_id, old_number, "adopted",
                          "superseded", pb);
    if (st == KC_OK)
        st = manifest_repo_statement_count(m->conn, m->p->tenant_id, m->id, &count, pb);
    if (st != KC_OK)
        return st;
    data = json_pack("{s:s, s:s, s:i, s:i}", "id", m->id, "programmeId", cur->programme_id,
                     "number", cur->number, "statementCount", count);
    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(m->conn, PROGRAMMES_SCHEMA, "manifest.adopted", m->p->tenant_id, m->id, data,
                       pb);
    json_decref(data);
    return st;
}

static kc_status write_move(kc_move_ctx *m, kc_problem *pb)
{
    const manifest_lock *cur = m->arg;
    kc_status st;

    st = manifest_repo_set_status(m->conn, m->p->tenant_id, m->id,
                                  manifest_status_name((manifest_status)m->to),
                                  manifest_service_actor(m->p), pb);
    if (st == KC_OK)
        st = status_event(m->conn, m->p, m->id, cur->programme_id, cur->number,
                          manifest_status_name((manifest_status)m->from),
                          manifest_status_name((manifest_status)m->to), pb);
    if (st == KC_OK && m->to == MANIFEST_STATUS_ADOPTED)
        st = adopt(m, cur, pb);
    return st;
}

static const kc_status_move manifest_move = {
    .noun = "manifest",
    .states = &manifest_lifecycle,
    .fields = manifest_move_fields,
    .nfields = KC_NELEMS(manifest_move_fields),
    .lock = lock_manifest,
    .check = check_move,
    .write = write_move,
    .resource = &manifest_resource,
};

kc_status manifest_service_move(kc_db_pool *pool, const kc_principal *p, const char *id,
                                const json_t *body, long long if_match, json_t **out,
                                long long *version, kc_problem *pb)
{
    manifest_lock cur;

    return kc_status_move_run(&manifest_move, pool, p, id, body, if_match, &cur, out, version, pb);
}

/* ---- the kit's check ---- */

kc_status manifest_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                 const json_t *body, kc_problem *pb)
{
    manifest_lock cur;
    const char *programme_id;
    kc_status st;

    if (id == NULL)
        return kc_problem_set(pb, KC_FORBIDDEN,
                              "a manifest is made by POST /programmes/{id}/manifests");
    st = manifest_repo_lock(conn, p->tenant_id, id, &cur, pb);
    if (st == KC_OK)
        st = access_require_lead(p, "change manifests", pb);
    if (st != KC_OK)
        return st;
    if (strcmp(cur.status, "draft") != 0)
        return kc_problem_set(pb, KC_CONFLICT, "manifest %s is in %s: only a draft is %s", id,
                              cur.status, body != NULL ? "changed" : "deleted");
    programme_id = json_string_value(json_object_get(body, "programmeId"));
    if (programme_id != NULL && strcmp(programme_id, cur.programme_id) != 0) {
        kc_problem_add_field(pb, "programmeId", "a manifest stays with its programme");
        return kc_problem_set(pb, KC_INVALID, "manifest %s stays with its programme", id);
    }
    return KC_OK;
}
