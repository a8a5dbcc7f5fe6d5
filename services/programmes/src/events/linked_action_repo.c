#include "events/linked_action_repo.h"

#include <string.h>
#include "koers/pg.h"

static void change_from_row(const PGresult *r, int row, void *item)
{
    linked_action_change *c = item;

    kc_pg_copy(r, row, 0, c->id, sizeof(c->id));
    kc_pg_copy(r, row, 1, c->programme_id, sizeof(c->programme_id));
    kc_pg_copy(r, row, 2, c->from, sizeof(c->from));
    kc_pg_copy(r, row, 3, c->to, sizeof(c->to));
}

kc_status linked_action_repo_complete(kc_db_conn *conn, const char *tenant_id,
                                      const char *improvement_id, const char *at,
                                      linked_action_change **changes, size_t *n, kc_problem *pb)
{
    static const char sql[] =
        "WITH cur AS (\n"
        "    SELECT id, status\n"
        "      FROM programmes.actions\n"
        "     WHERE tenant_id = $1\n"
        "       AND process_improvement_id = $2::uuid\n"
        "       AND (improvement_completed_at IS NULL OR status IN ('planned', 'in_progress'))\n"
        "     ORDER BY id\n"
        "       FOR UPDATE)\n"
        "UPDATE programmes.actions a\n"
        "   SET improvement_completed_at = coalesce(a.improvement_completed_at, $3::timestamptz, now()),\n"
        "       status = CASE WHEN a.status IN ('planned', 'in_progress') THEN 'done' ELSE a.status END,\n"
        "       completed_at = CASE WHEN a.status IN ('planned', 'in_progress')\n"
        "                           THEN coalesce($3::timestamptz, now())\n"
        "                           ELSE a.completed_at END,\n"
        "       version = a.version + 1,\n"
        "       updated_at = now()\n"
        "  FROM cur\n"
        " WHERE a.id = cur.id\n"
        "RETURNING a.id, a.programme_id, cur.status, a.status";
    const char *params[3] = {tenant_id, improvement_id, at};
    linked_action_change *rows = NULL;
    size_t i, j, count = 0;
    kc_status st;

    *changes = NULL;
    *n = 0;
    st =
        kc_pg_rows(conn, "programmes_linked_actions_complete", sql, 3, params, -1,
                   sizeof(linked_action_change), change_from_row, (void **)&rows, &count, NULL, pb);
    if (st != KC_OK)
        return st;
    /* RETURNING keeps no order: by id, as they were locked */
    for (i = 1; i < count; i++)
        for (j = i; j > 0 && strcmp(rows[j - 1].id, rows[j].id) > 0; j--) {
            linked_action_change t = rows[j];
            rows[j] = rows[j - 1];
            rows[j - 1] = t;
        }
    *changes = rows;
    *n = count;
    return KC_OK;
}
