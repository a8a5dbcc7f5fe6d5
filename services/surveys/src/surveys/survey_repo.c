#include "surveys/survey_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/pg.h"

#define SURVEY_COLS                                                                                \
    "id, title, kind, to_json(audiences)::text, status, series_id, wave, closes_at, opened_at, "   \
    "closed_at, version, created_at, updated_at, created_at::text AS cursor_key"
#define SURVEY_KEY_COL 13
#define QUESTION_COLS  "id, section_id, position, code, text, type, required, options::text"

static void survey_from_row(const PGresult *r, int row, void *item)
{
    survey *s = item;

    memset(s, 0, sizeof(*s));
    kc_pg_copy(r, row, 0, s->id, sizeof(s->id));
    kc_pg_copy(r, row, 1, s->title, sizeof(s->title));
    kc_pg_copy(r, row, 2, s->kind, sizeof(s->kind));
    s->audiences = kc_pg_json(r, row, 3);
    kc_pg_copy(r, row, 4, s->status, sizeof(s->status));
    kc_pg_copy(r, row, 5, s->series_id, sizeof(s->series_id));
    s->wave = kc_pg_int(r, row, 6);
    kc_pg_copy(r, row, 7, s->closes_at, sizeof(s->closes_at));
    kc_pg_copy(r, row, 8, s->opened_at, sizeof(s->opened_at));
    kc_pg_copy(r, row, 9, s->closed_at, sizeof(s->closed_at));
    s->version = kc_pg_int(r, row, 10);
    kc_pg_copy(r, row, 11, s->created_at, sizeof(s->created_at));
    kc_pg_copy(r, row, 12, s->updated_at, sizeof(s->updated_at));
}

static void question_from_row(const PGresult *r, int row, void *item)
{
    question *q = item;

    memset(q, 0, sizeof(*q));
    kc_pg_copy(r, row, 0, q->id, sizeof(q->id));
    kc_pg_copy(r, row, 1, q->section_id, sizeof(q->section_id));
    q->position = kc_pg_int(r, row, 2);
    kc_pg_copy(r, row, 3, q->code, sizeof(q->code));
    q->text = kc_pg_strdup(r, row, 4);
    kc_pg_copy(r, row, 5, q->type, sizeof(q->type));
    q->required = kc_pg_bool(r, row, 6);
    q->options = kc_pg_json(r, row, 7);
}

static void section_from_row(const PGresult *r, int row, void *item)
{
    section *s = item;

    kc_pg_copy(r, row, 0, s->id, sizeof(s->id));
    kc_pg_copy(r, row, 1, s->title, sizeof(s->title));
    s->position = kc_pg_int(r, row, 2);
}

/* The new survey's id of a wave (column 0, a char[37]). */
static void new_id_from_row(const PGresult *r, int row, void *new_id)
{
    kc_pg_copy(r, row, 0, new_id, 37);
}

/* Column 0 as a heap string into a char * (item). */
static void strdup_from_row(const PGresult *r, int row, void *item)
{
    *(char **)item = kc_pg_strdup(r, row, 0);
}

/* Runs a statement returning one survey row; none is KC_NOT_FOUND. */
static kc_status survey_one(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                            const char *const *params, const char *id, survey *out, kc_problem *pb)
{
    return kc_pg_one(conn, stmt, sql, nparams, params, survey_from_row, out, pb,
                     "survey %s not found", id);
}

kc_status survey_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *title,
                             const char *kind, const char *audiences_json, const char *closes_at,
                             survey *out, kc_problem *pb)
{
    static const char sql[] =
        "WITH n AS (SELECT gen_random_uuid() AS id) "
        "INSERT INTO surveys.surveys (id, tenant_id, title, kind, audiences, series_id, closes_at) "
        "SELECT n.id, $1, $2, $3, ARRAY(SELECT jsonb_array_elements_text($4::jsonb)), n.id, "
        "$5::timestamptz FROM n RETURNING " SURVEY_COLS;
    const char *params[5] = {tenant_id, title, kind, audiences_json, closes_at};

    return survey_one(conn, "surveys_survey_insert", sql, 5, params, "", out, pb);
}

kc_status survey_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id, survey *out,
                           kc_problem *pb)
{
    static const char sql[] = "SELECT " SURVEY_COLS " FROM surveys.surveys "
                              "WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
    const char *params[2] = {tenant_id, id};

    return survey_one(conn, "surveys_survey_lock", sql, 2, params, id, out, pb);
}

kc_status survey_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, int with_content,
                          survey *out, kc_problem *pb)
{
    static const char sql[] =
        "SELECT " SURVEY_COLS " FROM surveys.surveys WHERE tenant_id = $1 AND id = $2";
    static const char sql_sections[] =
        "SELECT id, title, position FROM surveys.sections WHERE tenant_id = $1 AND survey_id = $2 "
        "ORDER BY position, id";
    static const char sql_questions[] =
        "SELECT " QUESTION_COLS " FROM surveys.questions WHERE tenant_id = $1 AND survey_id = $2 "
        "ORDER BY position, code";
    const char *params[2] = {tenant_id, id};
    void *sections = NULL, *questions = NULL;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = survey_one(conn, "surveys_survey_get", sql, 2, params, id, out, pb);
    if (st == KC_OK && with_content)
        st = kc_pg_rows(conn, "surveys_sections_get", sql_sections, 2, params, -1, sizeof(section),
                        section_from_row, &sections, &out->nsections, NULL, pb);
    out->sections = sections;
    if (st == KC_OK && with_content)
        st =
            kc_pg_rows(conn, "surveys_questions_get", sql_questions, 2, params, -1,
                       sizeof(question), question_from_row, &questions, &out->nquestions, NULL, pb);
    out->questions = questions;
    return st;
}

kc_status survey_repo_list(kc_db_conn *conn, const char *tenant_id, const survey_filter *f,
                           const kc_keyset *page, survey **items, size_t *n, kc_keyset_next *next,
                           kc_problem *pb)
{
    static const char sql[] =
        "SELECT " SURVEY_COLS " FROM surveys.surveys WHERE tenant_id = $1 "
        "AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid)) "
        "AND ($5::text IS NULL OR status = $5) AND ($6::text IS NULL OR kind = $6) "
        "AND ($7::uuid IS NULL OR series_id = $7) "
        "ORDER BY created_at, id LIMIT $4";
    void *list = NULL;
    char limit[16];
    const char *params[7];
    kc_status st;

    kc_pg_page_limit(page, limit, sizeof(limit));
    params[0] = tenant_id;
    params[1] = page->after_key;
    params[2] = page->after_id;
    params[3] = limit;
    params[4] = f->status;
    params[5] = f->kind;
    params[6] = f->series_id;
    st = kc_pg_list(conn, "surveys_survey_list", sql, 7, params, page, SURVEY_KEY_COL,
                    sizeof(survey), survey_from_row, &list, n, next, pb);
    *items = list;
    return st;
}

kc_status survey_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id, int version,
                             const char *title, const char *audiences_json, int set_closes_at,
                             const char *closes_at, survey *out, kc_problem *pb)
{
    static const char sql[] =
        "UPDATE surveys.surveys SET title = coalesce($4, title), "
        "audiences = CASE WHEN $5::jsonb IS NULL THEN audiences "
        "ELSE ARRAY(SELECT jsonb_array_elements_text($5::jsonb)) END, "
        "closes_at = CASE WHEN $6::boolean THEN $7::timestamptz ELSE closes_at END, "
        "version = version + 1, updated_at = now() "
        "WHERE tenant_id = $1 AND id = $2 AND version = $3::integer RETURNING " SURVEY_COLS;
    char ver[16];
    const char *params[7];
    kc_status st;

    snprintf(ver, sizeof(ver), "%d", version);
    params[0] = tenant_id;
    params[1] = id;
    params[2] = ver;
    params[3] = title;
    params[4] = audiences_json;
    params[5] = set_closes_at ? "true" : "false";
    params[6] = closes_at;
    st = survey_one(conn, "surveys_survey_update", sql, 7, params, id, out, pb);
    if (st == KC_NOT_FOUND) {
        kc_problem_clear(pb);
        st = kc_problem_set(pb, KC_CONFLICT, "survey %s changed concurrently", id);
    }
    return st;
}

kc_status survey_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *id,
                             kc_problem *pb)
{
    static const char sql[] =
        "DELETE FROM surveys.surveys WHERE tenant_id = $1 AND id = $2 RETURNING id";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one(conn, "surveys_survey_delete", sql, 2, params, NULL, NULL, pb,
                     "survey %s not found", id);
}

kc_status survey_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 const char *to, survey *out, kc_problem *pb)
{
    static const char sql[] = "UPDATE surveys.surveys SET status = $3, "
                              "opened_at = CASE WHEN $3 = 'open' THEN now() ELSE opened_at END, "
                              "closed_at = CASE WHEN $3 = 'closed' THEN now() ELSE closed_at END, "
                              "version = version + 1, updated_at = now() "
                              "WHERE tenant_id = $1 AND id = $2 RETURNING " SURVEY_COLS;
    const char *params[3] = {tenant_id, id, to};

    return survey_one(conn, "surveys_survey_status", sql, 3, params, id, out, pb);
}

kc_status survey_repo_add_section(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                  const char *title, int position, section *out, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO surveys.sections (id, tenant_id, survey_id, title, position) "
        "SELECT gen_random_uuid(), $1, $2, $3, coalesce($4::integer, "
        "(SELECT coalesce(max(position) + 1, 0) FROM surveys.sections "
        "WHERE tenant_id = $1 AND survey_id = $2)) RETURNING id, title, position";
    char pos[16];
    const char *params[4];
    PGresult *res = NULL;
    kc_status st;

    snprintf(pos, sizeof(pos), "%d", position);
    params[0] = tenant_id;
    params[1] = survey_id;
    params[2] = title;
    params[3] = position >= 0 ? pos : NULL;
    st = kc_db_exec(conn, "surveys_section_insert", sql, 4, params, &res, pb);
    if (st == KC_OK)
        section_from_row(res, 0, out);
    PQclear(res);
    return st;
}

/* A unique violation on (survey_id, code): say which code. */
static kc_status code_taken(kc_status st, const char *code, kc_problem *pb)
{
    if (st == KC_CONFLICT) {
        kc_problem_clear(pb);
        st = kc_problem_set(pb, KC_CONFLICT, "the survey already has a question with code %s",
                            code[0] ? code : "(default)");
    }
    return st;
}

/* Reads the one question of a statement; none is sectionId's fault. */
static kc_status question_written(kc_status st, PGresult *res, question *out, kc_problem *pb)
{
    if (st != KC_OK)
        return st;
    if (PQntuples(res) == 0) {
        kc_problem_add_field(pb, "sectionId", "is not a section of this survey");
        return kc_problem_set(pb, KC_INVALID, "sectionId does not name a section of this survey");
    }
    question_from_row(res, 0, out);
    return KC_OK;
}

kc_status survey_repo_add_question(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                   const question *q, question *out, kc_problem *pb)
{
    static const char sql[] =
        "WITH p AS (SELECT coalesce($4::integer, (SELECT coalesce(max(position) + 1, 1) "
        "FROM surveys.questions WHERE tenant_id = $1 AND survey_id = $2)) AS pos) "
        "INSERT INTO surveys.questions (id, tenant_id, survey_id, section_id, position, code, "
        "text, type, required, options) "
        "SELECT gen_random_uuid(), $1, $2, $3::uuid, p.pos, coalesce($5, 'q' || p.pos), $6, $7, "
        "$8::boolean, $9::jsonb FROM p "
        "WHERE $3::uuid IS NULL OR EXISTS (SELECT 1 FROM surveys.sections s "
        "WHERE s.tenant_id = $1 AND s.survey_id = $2 AND s.id = $3::uuid) "
        "RETURNING " QUESTION_COLS;
    char pos[16], *opts = NULL;
    const char *params[9];
    PGresult *res = NULL;
    kc_status st;

    opts = json_dumps(q->options, JSON_COMPACT);
    if (opts == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    snprintf(pos, sizeof(pos), "%d", q->position);
    params[0] = tenant_id;
    params[1] = survey_id;
    params[2] = q->section_id[0] ? q->section_id : NULL;
    params[3] = q->position >= 0 ? pos : NULL;
    params[4] = q->code[0] ? q->code : NULL;
    params[5] = q->text;
    params[6] = q->type;
    params[7] = q->required ? "true" : "false";
    params[8] = opts;
    st = kc_db_exec(conn, "surveys_question_insert", sql, 9, params, &res, pb);
    st = question_written(code_taken(st, q->code, pb), res, out, pb);
    PQclear(res);
    free(opts);
    return st;
}

kc_status survey_repo_get_question(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                   const char *question_id, question *out, kc_problem *pb)
{
    static const char sql[] = "SELECT " QUESTION_COLS " FROM surveys.questions "
                              "WHERE tenant_id = $1 AND survey_id = $2 AND id = $3";
    const char *params[3] = {tenant_id, survey_id, question_id};

    return kc_pg_one(conn, "surveys_question_get", sql, 3, params, question_from_row, out, pb,
                     "question %s not found", question_id);
}

kc_status survey_repo_update_question(kc_db_conn *conn, const char *tenant_id,
                                      const char *survey_id, const question *q, question *out,
                                      kc_problem *pb)
{
    static const char sql[] =
        "UPDATE surveys.questions SET section_id = $4::uuid, position = $5::integer, code = $6, "
        "text = $7, type = $8, required = $9::boolean, options = $10::jsonb "
        "WHERE tenant_id = $1 AND survey_id = $2 AND id = $3 "
        "AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM surveys.sections s "
        "WHERE s.tenant_id = $1 AND s.survey_id = $2 AND s.id = $4::uuid)) "
        "RETURNING " QUESTION_COLS;
    char pos[16], *opts = NULL;
    const char *params[10];
    PGresult *res = NULL;
    kc_status st;

    opts = json_dumps(q->options, JSON_COMPACT);
    if (opts == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    snprintf(pos, sizeof(pos), "%d", q->position);
    params[0] = tenant_id;
    params[1] = survey_id;
    params[2] = q->id;
    params[3] = q->section_id[0] ? q->section_id : NULL;
    params[4] = pos;
    params[5] = q->code;
    params[6] = q->text;
    params[7] = q->type;
    params[8] = q->required ? "true" : "false";
    params[9] = opts;
    st = kc_db_exec(conn, "surveys_question_update", sql, 10, params, &res, pb);
    st = question_written(code_taken(st, q->code, pb), res, out, pb);
    PQclear(res);
    free(opts);
    return st;
}

kc_status survey_repo_delete_question(kc_db_conn *conn, const char *tenant_id,
                                      const char *survey_id, const char *question_id,
                                      kc_problem *pb)
{
    static const char sql[] = "DELETE FROM surveys.questions WHERE tenant_id = $1 "
                              "AND survey_id = $2 AND id = $3 RETURNING id";
    const char *params[3] = {tenant_id, survey_id, question_id};

    return kc_pg_one(conn, "surveys_question_delete", sql, 3, params, NULL, NULL, pb,
                     "question %s not found", question_id);
}

kc_status survey_repo_question_count(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                     int *out, kc_problem *pb)
{
    static const char sql[] =
        "SELECT count(*) FROM surveys.questions WHERE tenant_id = $1 AND survey_id = $2";
    const char *params[2] = {tenant_id, survey_id};
    PGresult *res = NULL;
    kc_status st;

    *out = 0;
    st = kc_db_exec(conn, "surveys_question_count", sql, 2, params, &res, pb);
    if (st == KC_OK)
        *out = kc_pg_int(res, 0, 0);
    PQclear(res);
    return st;
}

kc_status survey_repo_new_wave(kc_db_conn *conn, const char *tenant_id, const char *id,
                               char new_id[37], kc_problem *pb)
{
    /* the section map is referred to twice, so it is materialised once and
     * its new ids are the same for the sections and their questions */
    static const char sql[] =
        "WITH src AS (SELECT * FROM surveys.surveys WHERE tenant_id = $1 AND id = $2), "
        "nw AS (INSERT INTO surveys.surveys (id, tenant_id, title, kind, audiences, series_id, "
        "wave) SELECT gen_random_uuid(), src.tenant_id, src.title, src.kind, src.audiences, "
        "src.series_id, (SELECT max(s2.wave) + 1 FROM surveys.surveys s2 "
        "WHERE s2.tenant_id = $1 AND s2.series_id = src.series_id) FROM src RETURNING id), "
        "secmap AS MATERIALIZED (SELECT id AS old_id, gen_random_uuid() AS new_id, title, position "
        "FROM surveys.sections WHERE tenant_id = $1 AND survey_id = $2), "
        "ins_sec AS (INSERT INTO surveys.sections (id, tenant_id, survey_id, title, position) "
        "SELECT m.new_id, $1, nw.id, m.title, m.position FROM secmap m, nw RETURNING 1), "
        "ins_q AS (INSERT INTO surveys.questions (id, tenant_id, survey_id, section_id, position, "
        "code, text, type, required, options) SELECT gen_random_uuid(), $1, nw.id, m.new_id, "
        "q.position, q.code, q.text, q.type, q.required, q.options "
        "FROM surveys.questions q CROSS JOIN nw LEFT JOIN secmap m ON m.old_id = q.section_id "
        "WHERE q.tenant_id = $1 AND q.survey_id = $2 RETURNING 1) "
        "SELECT nw.id, (SELECT count(*) FROM ins_sec), (SELECT count(*) FROM ins_q) FROM nw";
    const char *params[2] = {tenant_id, id};

    new_id[0] = '\0';
    return kc_pg_one(conn, "surveys_survey_wave", sql, 2, params, new_id_from_row, new_id, pb,
                     "survey %s not found", id);
}

kc_status survey_repo_top_values(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 int min_group, json_t **out, kc_problem *pb)
{
    static const char sql[] =
        "WITH g AS (SELECT audience FROM surveys.responses WHERE tenant_id = $1 "
        "AND survey_id = $2 GROUP BY audience HAVING count(*) >= $3::integer), "
        "c AS (SELECT a.audience, v AS value_id, count(*) AS cnt FROM surveys.answers a "
        "CROSS JOIN LATERAL unnest(a.value_ids) AS v WHERE a.tenant_id = $1 AND a.survey_id = $2 "
        "AND a.value_ids IS NOT NULL AND a.audience IN (SELECT audience FROM g) "
        "GROUP BY a.audience, v), "
        "r AS (SELECT c.audience, c.value_id, c.cnt, cv.name, row_number() OVER "
        "(PARTITION BY c.audience ORDER BY c.cnt DESC, cv.name) AS rn FROM c "
        "JOIN surveys.core_values cv ON cv.tenant_id = $1 AND cv.id = c.value_id) "
        "SELECT coalesce(json_object_agg(audience, vals), '{}')::text FROM (SELECT audience, "
        "json_agg(json_build_object('valueId', value_id, 'name', name, 'count', cnt) "
        "ORDER BY rn) AS vals FROM r WHERE rn <= 5 GROUP BY audience) x";
    char mg[16];
    const char *params[3] = {tenant_id, id, mg};
    PGresult *res = NULL;
    kc_status st;

    *out = NULL;
    snprintf(mg, sizeof(mg), "%d", min_group);
    st = kc_db_exec(conn, "surveys_top_values", sql, 3, params, &res, pb);
    if (st == KC_OK) {
        *out = kc_pg_json(res, 0, 0);
        if (*out == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "top values unreadable");
    }
    PQclear(res);
    return st;
}

kc_status survey_repo_question_results(kc_db_conn *conn, const char *tenant_id, const char *id,
                                       int min_group, json_t **out, kc_problem *pb)
{
    static const char sql[] =
        "SELECT coalesce(json_agg(json_build_object(\n"
        "                 'code', x.code,\n"
        "                 'audience', x.audience,\n"
        "                 'mean', x.mean,\n"
        "                 'n', x.n)\n"
        "               ORDER BY x.position, x.code, x.audience), '[]')::text\n"
        "  FROM (SELECT q.position, q.code, a.audience,\n"
        "               round(avg(a.num_value)::numeric, 4) AS mean,\n"
        "               count(*) AS n\n"
        "          FROM surveys.questions q\n"
        "          JOIN surveys.answers a\n"
        "            ON a.tenant_id = q.tenant_id\n"
        "           AND a.survey_id = q.survey_id\n"
        "           AND a.question_id = q.id\n"
        "         WHERE q.tenant_id = $1\n"
        "           AND q.survey_id = $2\n"
        "           AND q.type IN ('likert5', 'likert7', 'nps')\n"
        "           AND a.num_value IS NOT NULL\n"
        "         GROUP BY q.position, q.code, a.audience\n"
        "        HAVING count(*) >= $3::integer) x";
    char mg[16];
    const char *params[3] = {tenant_id, id, mg};
    PGresult *res = NULL;
    kc_status st;

    *out = NULL;
    snprintf(mg, sizeof(mg), "%d", min_group);
    st = kc_db_exec(conn, "surveys_question_results", sql, 3, params, &res, pb);
    if (st == KC_OK) {
        *out = kc_pg_json(res, 0, 0);
        if (*out == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "question results unreadable");
    }
    PQclear(res);
    return st;
}

kc_status survey_repo_lock_due(kc_db_conn *conn, int max, char (*ids)[37], char (*tenants)[37],
                               int *n, kc_problem *pb)
{
    static const char sql[] =
        "SELECT id, tenant_id FROM surveys.surveys WHERE status = 'open' AND closes_at <= now() "
        "ORDER BY closes_at LIMIT $1 FOR UPDATE SKIP LOCKED";
    char lim[16];
    const char *params[1] = {lim};
    PGresult *res = NULL;
    int i;
    kc_status st;

    *n = 0;
    snprintf(lim, sizeof(lim), "%d", max);
    st = kc_db_exec(conn, "surveys_lock_due", sql, 1, params, &res, pb);
    if (st != KC_OK)
        goto out;
    for (i = 0; i < PQntuples(res) && i < max; i++) {
        kc_pg_copy(res, i, 0, ids[i], 37);
        kc_pg_copy(res, i, 1, tenants[i], 37);
    }
    *n = i;
out:
    PQclear(res);
    return st;
}

kc_status survey_repo_core_value_ids(kc_db_conn *conn, const char *tenant_id, char ***ids,
                                     size_t *n, kc_problem *pb)
{
    static const char sql[] = "SELECT id FROM surveys.core_values WHERE tenant_id = $1";
    const char *params[1] = {tenant_id};
    void *list = NULL;
    kc_status st;

    st = kc_pg_rows(conn, "surveys_cv_ids", sql, 1, params, -1, sizeof(char *), strdup_from_row,
                    &list, n, NULL, pb);
    *ids = list;
    return st;
}
