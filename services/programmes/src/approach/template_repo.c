#include "approach/template_repo.h"

#include "koers/params.h"
#include "koers/pg.h"

static void json_from_row(const PGresult *r, int row, void *out)
{
    *(json_t **)out = kc_pg_json(r, row, 0);
}

typedef struct doc_row {
    json_t *doc;
    int version;
} doc_row;

static void doc_from_row(const PGresult *r, int row, void *out)
{
    doc_row *d = out;

    d->doc = kc_pg_json(r, row, 0);
    d->version = kc_pg_int(r, row, 1);
}

/* The answer of a statement answering (doc, version). */
static kc_status answer(kc_status st, doc_row *d, json_t **doc, int *version, kc_problem *pb)
{
    if (st == KC_OK && d->doc == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    *doc = d->doc;
    if (version != NULL)
        *version = d->version;
    return st;
}

kc_status template_repo_list(kc_db_conn *conn, const char *tenant_id, json_t **items,
                             kc_problem *pb)
{
    static const char sql[] =
        "SELECT COALESCE(jsonb_agg(programmes.template_doc(a)\n"
        "                          ORDER BY a.tenant_id IS NOT NULL, a.created_at, a.id),\n"
        "                '[]'::jsonb)::text\n"
        "  FROM programmes.approach_templates a\n"
        " WHERE a.tenant_id IS NULL\n"
        "    OR a.tenant_id = $1";
    const char *params[1] = {tenant_id};
    kc_status st;

    *items = NULL;
    st = kc_pg_one(conn, "programmes_template_list", sql, 1, params, json_from_row, items, pb,
                   "no answer");
    if (st == KC_OK && *items == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}

kc_status template_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **doc,
                            int *version, kc_problem *pb)
{
    static const char sql[] = "SELECT programmes.template_doc(a)::text, a.version\n"
                              "  FROM programmes.approach_templates a\n"
                              " WHERE a.id = $2\n"
                              "   AND (a.tenant_id IS NULL OR a.tenant_id = $1)";
    const char *params[2] = {tenant_id, id};
    doc_row d = {NULL, 0};
    kc_status st;

    st = kc_pg_one(conn, "programmes_template_get", sql, 2, params, doc_from_row, &d, pb,
                   "approach template %s not found", id);
    return answer(st, &d, doc, version, pb);
}

static void lock_from_row(const PGresult *r, int row, void *out)
{
    int *v = out;

    v[0] = kc_pg_bool(r, row, 0);
    v[1] = kc_pg_int(r, row, 1);
    v[2] = kc_pg_int(r, row, 2);
}

kc_status template_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id, int *built_in,
                             int *version, int *in_use, kc_problem *pb)
{
    static const char sql[] = "SELECT a.tenant_id IS NULL, a.version,\n"
                              "       (SELECT count(*)\n"
                              "          FROM programmes.programmes p\n"
                              "         WHERE p.template_id = a.id)::integer\n"
                              "  FROM programmes.approach_templates a\n"
                              " WHERE a.id = $2\n"
                              "   AND (a.tenant_id IS NULL OR a.tenant_id = $1)\n"
                              "   FOR UPDATE OF a";
    const char *params[2] = {tenant_id, id};
    int v[3] = {0, 0, 0};
    kc_status st;

    st = kc_pg_one(conn, "programmes_template_lock", sql, 2, params, lock_from_row, v, pb,
                   "approach template %s not found", id);
    *built_in = v[0];
    *version = v[1];
    *in_use = v[2];
    return st;
}

kc_status template_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *name,
                               const char *description, int open_ended, const json_t *phases,
                               json_t **doc, kc_problem *pb)
{
    static const char sql[] = "INSERT INTO programmes.approach_templates AS a\n"
                              "       (id, tenant_id, name, description, open_ended, phases)\n"
                              "VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::jsonb)\n"
                              "RETURNING programmes.template_doc(a)::text, a.version";
    doc_row d = {NULL, 0};
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, name);
    kc_params_text(&p, description);
    kc_params_bool(&p, open_ended);
    kc_params_json(&p, phases);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one(conn, "programmes_template_insert", sql, kc_params_count(&p),
                       kc_params_values(&p), doc_from_row, &d, pb, "no answer");
    kc_params_free(&p);
    return answer(st, &d, doc, NULL, pb);
}

kc_status template_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                               const char *name, const char *description, int open_ended,
                               const json_t *phases, json_t **doc, int *version, kc_problem *pb)
{
    static const char sql[] = "UPDATE programmes.approach_templates a\n"
                              "   SET name = COALESCE($3, a.name),\n"
                              "       description = COALESCE($4, a.description),\n"
                              "       open_ended = COALESCE($5::boolean, a.open_ended),\n"
                              "       phases = COALESCE($6::jsonb, a.phases),\n"
                              "       version = a.version + 1,\n"
                              "       updated_at = now()\n"
                              " WHERE a.tenant_id = $1\n"
                              "   AND a.id = $2\n"
                              "RETURNING programmes.template_doc(a)::text, a.version";
    doc_row d = {NULL, 0};
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, id);
    kc_params_text(&p, name);
    kc_params_text(&p, description);
    kc_params_bool_or_null(&p, open_ended);
    kc_params_json(&p, phases);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one(conn, "programmes_template_update", sql, kc_params_count(&p),
                       kc_params_values(&p), doc_from_row, &d, pb, "approach template %s not found",
                       id);
    kc_params_free(&p);
    return answer(st, &d, doc, version, pb);
}

kc_status template_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *id,
                               kc_problem *pb)
{
    static const char sql[] = "DELETE FROM programmes.approach_templates\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2\n"
                              "RETURNING id";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one(conn, "programmes_template_delete", sql, 2, params, NULL, NULL, pb,
                     "approach template %s not found", id);
}
