#include "values/programme_value_repo.h"

#include "koers/pg.h"

kc_status programme_value_repo_programme(kc_db_conn *conn, const char *tenant_id,
                                         const char *programme_id, kc_problem *pb)
{
    static const char sql[] = "SELECT 1\n"
                              "  FROM programmes.programmes\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2::uuid\n"
                              "   FOR SHARE";
    const char *params[2] = {tenant_id, programme_id};

    return kc_pg_one(conn, "programmes_pv_programme", sql, 2, params, NULL, NULL, pb,
                     "programme %s not found", programme_id);
}

typedef struct catalogue_out {
    char *name;
    int *active;
} catalogue_out;

static void catalogue_from_row(const PGresult *r, int row, void *out)
{
    catalogue_out *o = out;

    kc_pg_copy(r, row, 0, o->name, PROGRAMME_VALUE_NAME_SIZE);
    *o->active = kc_pg_bool(r, row, 1);
}

kc_status programme_value_repo_catalogue(kc_db_conn *conn, const char *tenant_id,
                                         const char *value_id, char *name, int *active,
                                         kc_problem *pb)
{
    static const char sql[] = "SELECT name, active\n"
                              "  FROM programmes.value_catalogue\n"
                              " WHERE tenant_id = $1\n"
                              "   AND value_id = $2::uuid";
    const char *params[2] = {tenant_id, value_id};
    catalogue_out o = {name, active};

    name[0] = '\0';
    *active = 0;
    return kc_pg_one(conn, "programmes_pv_catalogue", sql, 2, params, catalogue_from_row, &o, pb,
                     "value %s is not in the catalogue", value_id);
}

typedef struct survey_out {
    int *linked;
    int *closed;
    char *name;
} survey_out;

static void survey_from_row(const PGresult *r, int row, void *out)
{
    survey_out *o = out;

    *o->linked = kc_pg_bool(r, row, 0);
    *o->closed = kc_pg_bool(r, row, 1);
    kc_pg_copy(r, row, 2, o->name, PROGRAMME_VALUE_NAME_SIZE);
}

kc_status programme_value_repo_survey(kc_db_conn *conn, const char *tenant_id,
                                      const char *programme_id, const char *survey_id,
                                      const char *value_id, int *linked, int *closed, char *name,
                                      kc_problem *pb)
{
    static const char sql[] =
        "SELECT $3::uuid = ANY (p.survey_ids),\n"
        "       cs.survey_id IS NOT NULL,\n"
        "       CASE WHEN tv.name IS NOT NULL THEN coalesce(vc.name, tv.name) END\n"
        "  FROM programmes.programmes p\n"
        "  LEFT JOIN programmes.closed_surveys cs\n"
        "    ON cs.tenant_id = p.tenant_id\n"
        "   AND cs.survey_id = $3::uuid\n"
        "  LEFT JOIN LATERAL (\n"
        "       SELECT v.item ->> 'name' AS name\n"
        "         FROM jsonb_each(cs.top_values) AS a (audience, vals)\n"
        "        CROSS JOIN LATERAL jsonb_array_elements(\n"
        "                  CASE WHEN jsonb_typeof(a.vals) = 'array' THEN a.vals ELSE '[]' END)\n"
        "              AS v (item)\n"
        "        WHERE lower(v.item ->> 'valueId') = lower($4)\n"
        "        LIMIT 1) tv ON true\n"
        "  LEFT JOIN programmes.value_catalogue vc\n"
        "    ON vc.tenant_id = p.tenant_id\n"
        "   AND vc.value_id = $4::uuid\n"
        " WHERE p.tenant_id = $1\n"
        "   AND p.id = $2::uuid";
    const char *params[4] = {tenant_id, programme_id, survey_id, value_id};
    survey_out o = {linked, closed, name};

    *linked = 0;
    *closed = 0;
    name[0] = '\0';
    return kc_pg_one(conn, "programmes_pv_survey", sql, 4, params, survey_from_row, &o, pb,
                     "programme %s not found", programme_id);
}

static void name_from_row(const PGresult *r, int row, void *out)
{
    kc_pg_copy(r, row, 0, out, PROGRAMME_VALUE_NAME_SIZE);
}

kc_status programme_value_repo_promotion(kc_db_conn *conn, const char *tenant_id,
                                         const char *session_id, const char *value_id, char *name,
                                         kc_problem *pb)
{
    static const char sql[] = "SELECT coalesce(vc.name, bp.name)\n"
                              "  FROM programmes.brainstorm_promotions bp\n"
                              "  LEFT JOIN programmes.value_catalogue vc\n"
                              "    ON vc.tenant_id = bp.tenant_id\n"
                              "   AND vc.value_id = bp.value_id\n"
                              " WHERE bp.tenant_id = $1\n"
                              "   AND bp.session_id = $2::uuid\n"
                              "   AND bp.value_id = $3::uuid";
    const char *params[3] = {tenant_id, session_id, value_id};

    name[0] = '\0';
    return kc_pg_one(conn, "programmes_pv_promotion", sql, 3, params, name_from_row, name, pb,
                     "session %s did not promote value %s", session_id, value_id);
}

typedef struct place_out {
    int *taken;
    int *next_position;
} place_out;

static void place_from_row(const PGresult *r, int row, void *out)
{
    place_out *o = out;

    *o->taken = kc_pg_bool(r, row, 0);
    *o->next_position = kc_pg_int(r, row, 1);
}

kc_status programme_value_repo_place(kc_db_conn *conn, const char *tenant_id,
                                     const char *programme_id, const char *value_id, int *taken,
                                     int *next_position, kc_problem *pb)
{
    static const char sql[] = "SELECT coalesce(bool_or(value_id = $3::uuid), false),\n"
                              "       least(coalesce(max(position), 0) + 1, 100)\n"
                              "  FROM programmes.programme_values\n"
                              " WHERE tenant_id = $1\n"
                              "   AND programme_id = $2::uuid";
    const char *params[3] = {tenant_id, programme_id, value_id};
    place_out o = {taken, next_position};

    *taken = 0;
    *next_position = 1;
    return kc_pg_one(conn, "programmes_pv_place", sql, 3, params, place_from_row, &o, pb,
                     "programme %s not found", programme_id);
}
