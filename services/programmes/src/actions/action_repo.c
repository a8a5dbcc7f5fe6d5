#include "actions/action_repo.h"

#include <string.h>
#include "koers/pg.h"

static void lock_from_row(const PGresult *r, int row, void *out)
{
    action_lock *l = out;

    kc_pg_copy(r, row, 0, l->id, sizeof(l->id));
    kc_pg_copy(r, row, 1, l->programme_id, sizeof(l->programme_id));
    kc_pg_copy(r, row, 2, l->proposal_id, sizeof(l->proposal_id));
    kc_pg_copy(r, row, 3, l->decision_id, sizeof(l->decision_id));
    kc_pg_copy(r, row, 4, l->status, sizeof(l->status));
    kc_pg_copy(r, row, 5, l->owner_sub, sizeof(l->owner_sub));
    l->version = kc_pg_int(r, row, 6);
}

kc_status action_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                           action_lock *out, kc_problem *pb)
{
    static const char sql[] = "SELECT a.id, a.programme_id, a.proposal_id, a.decision_id,\n"
                              "       a.status, o.user_sub, a.version\n"
                              "  FROM programmes.actions a\n"
                              "  LEFT JOIN programmes.people o\n"
                              "    ON o.tenant_id = a.tenant_id\n"
                              "   AND o.id = a.owner_id\n"
                              " WHERE a.tenant_id = $1\n"
                              "   AND a.id = $2\n"
                              "   FOR UPDATE OF a";
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "programmes_action_lock", sql, 2, params, lock_from_row, out, pb,
                     "action %s not found", id);
}

kc_status action_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 const char *status, const char *result, kc_problem *pb)
{
    static const char sql[] =
        "UPDATE programmes.actions\n"
        "   SET status = $3,\n"
        "       result = coalesce($4, result),\n"
        "       completed_at = CASE WHEN $3 = 'done' THEN now() ELSE completed_at END,\n"
        "       version = version + 1,\n"
        "       updated_at = now()\n"
        " WHERE tenant_id = $1\n"
        "   AND id = $2\n"
        "RETURNING id";
    const char *params[4] = {tenant_id, id, status, result};

    return kc_pg_one(conn, "programmes_action_set_status", sql, 4, params, NULL, NULL, pb,
                     "action %s not found", id);
}

static void json_from_row(const PGresult *r, int row, void *out)
{
    *(json_t **)out = kc_pg_json(r, row, 0);
}

kc_status action_repo_trace(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                            kc_problem *pb)
{
    /* The ancestors: derived_from followed back (a proposal made by a
     * merge of parts of a split, ...), each at its nearest depth; UNION
     * and the depth bound keep a malformed history finite. */
    static const char sql[] =
        "WITH RECURSIVE a AS (\n"
        "    SELECT x.*\n"
        "      FROM programmes.actions x\n"
        "     WHERE x.tenant_id = $1\n"
        "       AND x.id = $2),\n"
        "pr AS (\n"
        "    SELECT p.*\n"
        "      FROM programmes.proposals p\n"
        "      JOIN a ON a.proposal_id = p.id\n"
        "     WHERE p.tenant_id = $1),\n"
        "anc (id, depth) AS (\n"
        "    SELECT d.id, 1\n"
        "      FROM pr\n"
        "     CROSS JOIN LATERAL unnest(pr.derived_from) AS d(id)\n"
        "    UNION\n"
        "    SELECT d.id, anc.depth + 1\n"
        "      FROM anc\n"
        "      JOIN programmes.proposals p\n"
        "        ON p.id = anc.id\n"
        "       AND p.tenant_id = $1\n"
        "     CROSS JOIN LATERAL unnest(p.derived_from) AS d(id)\n"
        "     WHERE anc.depth < 50),\n"
        "nearest AS (\n"
        "    SELECT anc.id, min(anc.depth) AS depth\n"
        "      FROM anc\n"
        "     GROUP BY anc.id)\n"
        "SELECT jsonb_build_object(\n"
        "    'action', programmes.action_wire($1, a.id),\n"
        "    'decision', programmes.decision_wire($1, a.decision_id),\n"
        "    'proposal', programmes.proposal_wire($1, pr.id),\n"
        "    'derivedFrom', coalesce((\n"
        "        SELECT jsonb_agg(programmes.proposal_wire($1, o.id)\n"
        "                         || jsonb_build_object(\n"
        "                                'depth', n.depth,\n"
        "                                'decisions', coalesce((\n"
        "                                    SELECT jsonb_agg(programmes.decision_wire($1, dd.id)\n"
        "                                                     ORDER BY dd.decided_at, dd.id)\n"
        "                                      FROM programmes.proposal_decisions dd\n"
        "                                     WHERE dd.tenant_id = $1\n"
        "                                       AND dd.proposal_id = o.id), '[]'))\n"
        "                         ORDER BY n.depth, o.created_at, o.id)\n"
        "          FROM nearest n\n"
        "          JOIN programmes.proposals o\n"
        "            ON o.id = n.id\n"
        "           AND o.tenant_id = $1), '[]'),\n"
        "    'buildingBlock', (\n"
        "        SELECT jsonb_build_object('id', b.id, 'title', b.title, 'status', b.status,\n"
        "                                  'dueOn', b.due_on, 'stepId', b.step_id,\n"
        "                                  'workingGroupId', b.working_group_id)\n"
        "          FROM programmes.building_blocks b\n"
        "         WHERE b.tenant_id = $1\n"
        "           AND b.id = pr.building_block_id),\n"
        "    'step', (\n"
        "        SELECT jsonb_build_object('id', s.id, 'phaseId', s.phase_id,\n"
        "                                  'position', s.position, 'name', s.name,\n"
        "                                  'kind', s.kind, 'status', s.status)\n"
        "          FROM programmes.building_blocks b\n"
        "          JOIN programmes.steps s\n"
        "            ON s.id = b.step_id\n"
        "         WHERE b.tenant_id = $1\n"
        "           AND b.id = pr.building_block_id),\n"
        "    'phase', (\n"
        "        SELECT jsonb_build_object('id', ph.id, 'position', ph.position,\n"
        "                                  'name', ph.name)\n"
        "          FROM programmes.building_blocks b\n"
        "          JOIN programmes.steps s\n"
        "            ON s.id = b.step_id\n"
        "          JOIN programmes.phases ph\n"
        "            ON ph.id = s.phase_id\n"
        "         WHERE b.tenant_id = $1\n"
        "           AND b.id = pr.building_block_id),\n"
        "    'workingGroup', (\n"
        "        SELECT jsonb_build_object('id', g.id, 'kind', g.kind, 'name', g.name,\n"
        "                                  'subject', g.subject)\n"
        "          FROM programmes.groups g\n"
        "         WHERE g.tenant_id = $1\n"
        "           AND g.id = pr.working_group_id),\n"
        "    'programme', (\n"
        "        SELECT jsonb_build_object('id', pg.id, 'name', pg.name)\n"
        "          FROM programmes.programmes pg\n"
        "         WHERE pg.tenant_id = $1\n"
        "           AND pg.id = a.programme_id))::text\n"
        "  FROM a\n"
        "  JOIN pr\n"
        "    ON pr.id = a.proposal_id";
    const char *params[2] = {tenant_id, id};
    kc_status st;

    *out = NULL;
    st = kc_pg_one(conn, "programmes_action_trace", sql, 2, params, json_from_row, out, pb,
                   "action %s not found", id);
    if (st == KC_OK && *out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}
