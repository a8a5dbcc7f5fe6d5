#include "proposals/decision_repo.h"

#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

static void id_from_row(const PGresult *r, int row, void *out)
{
    kc_pg_copy(r, row, 0, out, 37);
}

static void json_from_row(const PGresult *r, int row, void *out)
{
    *(json_t **)out = kc_pg_json(r, row, 0);
}

static void int_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_int(r, row, 0);
}

/* A JSON answer that could not be parsed is the server's fault. */
static kc_status json_answer(kc_status st, json_t **out, kc_problem *pb)
{
    if (st == KC_OK && *out == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}

kc_status decision_repo_project_group(kc_db_conn *conn, const char *tenant_id,
                                      const char *programme_id, char out[37], kc_problem *pb)
{
    static const char sql[] = "SELECT coalesce((SELECT g.id::text\n"
                              "                   FROM programmes.groups g\n"
                              "                  WHERE g.tenant_id = $1\n"
                              "                    AND g.programme_id = $2\n"
                              "                    AND g.kind = 'project'), '')";
    const char *params[2] = {tenant_id, programme_id};

    out[0] = '\0';
    return kc_pg_one(conn, "programmes_decision_project_group", sql, 2, params, id_from_row, out,
                     pb, "no answer");
}

kc_status decision_repo_outsiders(kc_db_conn *conn, const char *tenant_id, const char *group_id,
                                  const json_t *present_ids, json_t **outside, kc_problem *pb)
{
    static const char sql[] =
        "SELECT coalesce(json_agg(v.id ORDER BY v.n), '[]')::text\n"
        "  FROM json_array_elements_text($3::json) WITH ORDINALITY AS v(id, n)\n"
        " WHERE NOT EXISTS (SELECT 1\n"
        "                     FROM programmes.group_members m\n"
        "                    WHERE m.tenant_id = $1\n"
        "                      AND m.group_id = $2::uuid\n"
        "                      AND m.person_id = v.id::uuid)";
    kc_params p;
    kc_status st;

    *outside = NULL;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, group_id);
    kc_params_json(&p, present_ids);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one(conn, "programmes_decision_outsiders", sql, kc_params_count(&p),
                       kc_params_values(&p), json_from_row, outside, pb, "no answer");
    kc_params_free(&p);
    return json_answer(st, outside, pb);
}

kc_status decision_repo_person_exists(kc_db_conn *conn, const char *tenant_id,
                                      const char *person_id, int *exists, kc_problem *pb)
{
    static const char sql[] = "SELECT count(*)::integer\n"
                              "  FROM programmes.people p\n"
                              " WHERE p.tenant_id = $1\n"
                              "   AND p.id = $2";
    const char *params[2] = {tenant_id, person_id};

    *exists = 0;
    return kc_pg_one(conn, "programmes_decision_person", sql, 2, params, int_from_row, exists, pb,
                     "no answer");
}

kc_status decision_repo_insert(kc_db_conn *conn, const char *tenant_id, const decision_new *d,
                               char id[37], kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO programmes.proposal_decisions\n"
        "       (id, tenant_id, proposal_id, outcome, reason, group_id, present_ids,\n"
        "        result_ids, decided_by)\n"
        "VALUES (gen_random_uuid(), $1, $2, $3, $4, $5,\n"
        "        ARRAY(SELECT json_array_elements_text($6::json))::uuid[],\n"
        "        ARRAY(SELECT json_array_elements_text($7::json))::uuid[], $8)\n"
        "RETURNING id";
    json_t *none = json_array();
    kc_params p;
    kc_status st;

    id[0] = '\0';
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, d->proposal_id);
    kc_params_text(&p, d->outcome);
    kc_params_text(&p, d->reason ? d->reason : "");
    kc_params_text(&p, d->group_id);
    kc_params_json(&p, d->present_ids ? d->present_ids : none);
    kc_params_json(&p, d->result_ids ? d->result_ids : none);
    kc_params_text(&p, d->decided_by);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one(conn, "programmes_decision_insert", sql, kc_params_count(&p),
                       kc_params_values(&p), id_from_row, id, pb, "no answer");
    kc_params_free(&p);
    json_decref(none);
    return st;
}

kc_status decision_repo_insert_action(kc_db_conn *conn, const char *tenant_id, const action_new *a,
                                      char id[37], kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO programmes.actions\n"
        "       (id, tenant_id, programme_id, proposal_id, decision_id, title, owner_id, due_on)\n"
        "VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7)\n"
        "RETURNING id";
    const char *params[7] = {tenant_id, a->programme_id, a->proposal_id, a->decision_id,
                             a->title,  a->owner_id,     a->due_on};

    id[0] = '\0';
    return kc_pg_one(conn, "programmes_action_insert", sql, 7, params, id_from_row, id, pb,
                     "no answer");
}

kc_status decision_repo_wire(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                             kc_problem *pb)
{
    static const char sql[] = "SELECT programmes.decision_wire($1, $2)::text\n"
                              " WHERE EXISTS (SELECT 1\n"
                              "                 FROM programmes.proposal_decisions d\n"
                              "                WHERE d.tenant_id = $1\n"
                              "                  AND d.id = $2)";
    const char *params[2] = {tenant_id, id};
    kc_status st;

    *out = NULL;
    st = kc_pg_one(conn, "programmes_decision_wire", sql, 2, params, json_from_row, out, pb,
                   "decision %s not found", id);
    return json_answer(st, out, pb);
}

kc_status decision_repo_list(kc_db_conn *conn, const char *tenant_id, const char *proposal_id,
                             json_t **items, kc_problem *pb)
{
    static const char sql[] =
        "SELECT coalesce((SELECT jsonb_agg(programmes.decision_wire($1, d.id)\n"
        "                                  ORDER BY d.decided_at, d.id)\n"
        "                   FROM programmes.proposal_decisions d\n"
        "                  WHERE d.tenant_id = $1\n"
        "                    AND d.proposal_id = $2), '[]')::text\n"
        "  FROM programmes.proposals p\n"
        " WHERE p.tenant_id = $1\n"
        "   AND p.id = $2";
    const char *params[2] = {tenant_id, proposal_id};
    kc_status st;

    *items = NULL;
    st = kc_pg_one(conn, "programmes_decision_list", sql, 2, params, json_from_row, items, pb,
                   "proposal %s not found", proposal_id);
    return json_answer(st, items, pb);
}
