#include "checkpoints/checkpoint_repo.h"

#include <stdlib.h>
#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

/* The columns of a checkpoint read back: its id, when it was decided (the
 * list's sort key) and its wire JSON. */
#define CHECKPOINT_COLS                                                                            \
    "c.id, c.decided_at::text,\n"                                                                  \
    "       json_build_object('id', c.id, 'programmeId', c.programme_id, 'stepId', c.step_id,\n"   \
    "                         'question', c.question, 'insights', to_json(c.insights),\n"          \
    "                         'decision', c.decision, 'rationale', c.rationale,\n"                 \
    "                         'changes', c.changes, 'groupId', c.group_id,\n"                      \
    "                         'presentIds', to_json(c.present_ids),\n"                             \
    "                         'approachVersion', c.approach_version,\n"                            \
    "                         'decidedBy', c.decided_by,\n"                                        \
    "                         'decidedAt', to_char(c.decided_at AT TIME ZONE 'UTC',\n"             \
    "                                              'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))::text\n"
enum { COL_ID, COL_KEY, COL_DOC };

typedef struct programme_row {
    char *status;
    int *approach_version;
} programme_row;

static void programme_from_row(const PGresult *r, int row, void *out)
{
    programme_row *p = out;

    kc_pg_copy(r, row, 0, p->status, 16);
    *p->approach_version = kc_pg_int(r, row, 1);
}

kc_status checkpoint_repo_lock_programme(kc_db_conn *conn, const char *tenant_id,
                                         const char *programme_id, char *status,
                                         int *approach_version, kc_problem *pb)
{
    static const char sql[] = "SELECT status, approach_version\n"
                              "  FROM programmes.programmes\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2\n"
                              "   FOR UPDATE";
    const char *params[2] = {tenant_id, programme_id};
    programme_row row = {status, approach_version};

    status[0] = '\0';
    *approach_version = 0;
    return kc_pg_one(conn, "programmes_cp_lock_programme", sql, 2, params, programme_from_row, &row,
                     pb, "programme %s not found", programme_id);
}

kc_status checkpoint_repo_programme_exists(kc_db_conn *conn, const char *tenant_id,
                                           const char *programme_id, kc_problem *pb)
{
    static const char sql[] = "SELECT 1\n"
                              "  FROM programmes.programmes\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2";
    const char *params[2] = {tenant_id, programme_id};

    return kc_pg_one(conn, "programmes_cp_programme_exists", sql, 2, params, NULL, NULL, pb,
                     "programme %s not found", programme_id);
}

typedef struct id_row {
    char id[37];
} id_row;

static void id_from_row(const PGresult *r, int row, void *out)
{
    kc_pg_copy(r, row, 0, ((id_row *)out)->id, sizeof(((id_row *)out)->id));
}

kc_status checkpoint_repo_of_step(kc_db_conn *conn, const char *tenant_id, const char *step_id,
                                  char *id, kc_problem *pb)
{
    static const char sql[] = "SELECT id\n"
                              "  FROM programmes.checkpoints\n"
                              " WHERE tenant_id = $1\n"
                              "   AND step_id = $2\n"
                              " LIMIT 1";
    const char *params[2] = {tenant_id, step_id};
    id_row *rows = NULL;
    size_t n = 0;
    kc_status st;

    id[0] = '\0';
    st = kc_pg_rows(conn, "programmes_cp_of_step", sql, 2, params, 1, sizeof(id_row), id_from_row,
                    (void **)&rows, &n, NULL, pb);
    if (st == KC_OK && n == 1)
        memcpy(id, rows[0].id, sizeof(rows[0].id));
    free(rows);
    return st;
}

kc_status checkpoint_repo_insert(kc_db_conn *conn, const char *tenant_id,
                                 const checkpoint_input *in, json_t **out, kc_problem *pb)
{
    static const char sql[] =
        "WITH c AS (\n"
        "    INSERT INTO programmes.checkpoints\n"
        "           (id, tenant_id, programme_id, step_id, question, insights, decision,\n"
        "            rationale, changes, group_id, present_ids, approach_version, decided_by)\n"
        "    VALUES ($1, $2, $3, $4, $5,\n"
        "            ARRAY(SELECT jsonb_array_elements_text($6::jsonb)), $7, $8, $9::jsonb, $10,\n"
        "            ARRAY(SELECT jsonb_array_elements_text($11::jsonb)::uuid), $12::integer,\n"
        "            $13)\n"
        "    RETURNING *)\n"
        "SELECT " CHECKPOINT_COLS "  FROM c";
    kc_params p;
    kc_status st;

    *out = NULL;
    kc_params_init(&p);
    kc_params_text(&p, in->id);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, in->programme_id);
    kc_params_text(&p, in->step_id);
    kc_params_text(&p, in->question);
    kc_params_json(&p, in->insights);
    kc_params_text(&p, in->decision);
    kc_params_text(&p, in->rationale);
    kc_params_json(&p, in->changes);
    kc_params_text(&p, in->group_id);
    kc_params_json(&p, in->present_ids);
    kc_params_int(&p, in->approach_version);
    kc_params_text(&p, in->decided_by);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one_doc(conn, "programmes_cp_insert", sql, kc_params_count(&p),
                           kc_params_values(&p), COL_DOC, out, pb, "not inserted");
    kc_params_free(&p);
    return st;
}

kc_status checkpoint_repo_new_version(kc_db_conn *conn, const char *tenant_id,
                                      const char *programme_id, int number,
                                      const char *checkpoint_id, const char *reason,
                                      const json_t *changes, const char *created_by, kc_problem *pb)
{
    static const char version[] =
        "INSERT INTO programmes.approach_versions\n"
        "       (id, tenant_id, programme_id, number, snapshot, checkpoint_id, reason, changes,\n"
        "        created_by)\n"
        "VALUES (gen_random_uuid(), $1, $2, $3::integer, programmes.approach_snapshot($1, $2),\n"
        "        $4, $5, $6::jsonb, $7)";
    static const char current[] = "UPDATE programmes.programmes\n"
                                  "   SET approach_version = $3::integer,\n"
                                  "       version = version + 1,\n"
                                  "       updated_at = now()\n"
                                  " WHERE tenant_id = $1\n"
                                  "   AND id = $2";
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, programme_id);
    kc_params_int(&p, number);
    kc_params_text(&p, checkpoint_id);
    kc_params_text(&p, reason);
    kc_params_json(&p, changes);
    kc_params_text(&p, created_by);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_db_exec(conn, "programmes_cp_new_version", version, kc_params_count(&p),
                        kc_params_values(&p), NULL, pb);
    if (st == KC_OK)
        st = kc_db_exec(conn, "programmes_cp_current_version", current, 3, kc_params_values(&p),
                        NULL, pb);
    kc_params_free(&p);
    return st;
}

kc_status checkpoint_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                              kc_problem *pb)
{
    static const char sql[] = "SELECT " CHECKPOINT_COLS "  FROM programmes.checkpoints c\n"
                              " WHERE c.tenant_id = $1\n"
                              "   AND c.id = $2";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one_doc(conn, "programmes_cp_get", sql, 2, params, COL_DOC, out, pb,
                         "checkpoint %s not found", id);
}

kc_status checkpoint_repo_list(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                               const kc_keyset *page, json_t **items, kc_keyset_next *next,
                               kc_problem *pb)
{
    static const char sql[] =
        "SELECT " CHECKPOINT_COLS "  FROM programmes.checkpoints c\n"
        " WHERE c.tenant_id = $1\n"
        "   AND c.programme_id = $2\n"
        "   AND ($3::timestamptz IS NULL OR (c.decided_at, c.id) > ($3::timestamptz, $4::uuid))\n"
        " ORDER BY c.decided_at, c.id\n"
        " LIMIT $5";
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, programme_id);
    kc_pg_page_params(&p, page);
    st = kc_pg_list_docs(conn, "programmes_cp_list", sql, kc_params_count(&p), kc_params_values(&p),
                         page, COL_KEY, COL_DOC, items, next, pb);
    kc_params_free(&p);
    return st;
}
