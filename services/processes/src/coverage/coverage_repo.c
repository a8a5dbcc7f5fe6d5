#include "coverage/coverage_repo.h"

#include <stdio.h>
#include "koers/pg.h"

void coverage_rows_clear(coverage_rows *c)
{
    json_decref(c->owners);
    json_decref(c->managers_without_process);
    json_decref(c->processes_without_manager);
    c->owners = c->managers_without_process = c->processes_without_manager = NULL;
}

static void coverage_from_row(const PGresult *r, int row, void *out)
{
    coverage_rows *c = out;

    c->team_managers = kc_pg_int(r, row, 0);
    c->covered = kc_pg_int(r, row, 1);
    c->target = PQgetisnull(r, row, 2) ? -1 : kc_pg_int(r, row, 2);
    c->owners = kc_pg_json(r, row, 3);
    c->managers_without_process = kc_pg_json(r, row, 4);
    c->processes_without_manager = kc_pg_json(r, row, 5);
}

kc_status coverage_repo_year(kc_db_conn *conn, const char *tenant_id, int year, coverage_rows *out,
                             kc_problem *pb)
{
    static const char sql[] =
        "WITH managers AS (\n"
        "    SELECT s.id, s.name\n"
        "      FROM processes.staff s\n"
        "     WHERE s.tenant_id = $1\n"
        "       AND EXISTS (SELECT 1 FROM processes.teams t WHERE t.tenant_id = $1 AND t.manager_id = s.id)\n"
        "), counted AS (\n"
        "    SELECT p.id, p.name, p.status, p.owner_id, p.manager_id, p.created_at\n"
        "      FROM processes.processes p\n"
        "     WHERE p.tenant_id = $1\n"
        "       AND coalesce(p.selected_on::date, (p.created_at AT TIME ZONE 'Europe/Amsterdam')::date)\n"
        "           <= make_date($2, 12, 31)\n"
        "       AND (p.archived_at IS NULL\n"
        "            OR p.archived_at >= make_timestamptz($2, 1, 1, 0, 0, 0, 'Europe/Amsterdam'))\n"
        "), owners AS (\n"
        "    SELECT s.id, s.name,\n"
        "           EXISTS (SELECT 1 FROM managers m WHERE m.id = s.id) AS team_manager,\n"
        "           json_agg(json_build_object('id', c.id, 'name', c.name, 'status', c.status)\n"
        "                    ORDER BY c.created_at, c.id) AS processes\n"
        "      FROM counted c\n"
        "      JOIN processes.staff s ON s.tenant_id = $1 AND s.id = c.owner_id\n"
        "     GROUP BY s.id, s.name)\n"
        "SELECT (SELECT count(*) FROM managers)::integer,\n"
        "       (SELECT count(*) FROM managers m\n"
        "         WHERE EXISTS (SELECT 1 FROM counted c WHERE c.owner_id = m.id))::integer,\n"
        "       (SELECT coverage_target FROM processes.settings WHERE tenant_id = $1),\n"
        "       (SELECT coalesce(json_agg(json_build_object('staffId', o.id, 'name', o.name,\n"
        "                                                   'teamManager', o.team_manager,\n"
        "                                                   'processes', o.processes)\n"
        "                                 ORDER BY o.name, o.id), '[]')\n"
        "          FROM owners o)::text,\n"
        "       (SELECT coalesce(json_agg(json_build_object('staffId', m.id, 'name', m.name,\n"
        "                                                   'teamIds', ARRAY(SELECT t.id FROM processes.teams t\n"
        "                                                                     WHERE t.tenant_id = $1 AND t.manager_id = m.id\n"
        "                                                                     ORDER BY t.name, t.id))\n"
        "                                 ORDER BY m.name, m.id), '[]')\n"
        "          FROM managers m\n"
        "         WHERE NOT EXISTS (SELECT 1 FROM counted c WHERE c.owner_id = m.id))::text,\n"
        "       (SELECT coalesce(json_agg(json_build_object('id', c.id, 'name', c.name,\n"
        "                                                   'status', c.status, 'ownerId', c.owner_id)\n"
        "                                 ORDER BY c.created_at, c.id), '[]')\n"
        "          FROM counted c\n"
        "         WHERE c.manager_id IS NULL)::text";
    char y[16];
    const char *params[2] = {tenant_id, y};
    kc_status st;

    snprintf(y, sizeof(y), "%d", year);
    st = kc_pg_one(conn, "processes_coverage", sql, 2, params, coverage_from_row, out, pb,
                   "no coverage for %d", year);
    if (st == KC_OK && (out->owners == NULL || out->managers_without_process == NULL ||
                        out->processes_without_manager == NULL)) {
        coverage_rows_clear(out);
        st = kc_problem_set(pb, KC_INTERNAL, "coverage: unreadable lists");
    }
    return st;
}
