#include "resource_repo.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/log.h"
#include "koers/pg.h"

/* Every statement names the row "r". Its first columns are fixed; the
 * declared columns follow from RESOURCE_COL0 on. */
#define RESOURCE_SYSTEM_COLS                                                                       \
    "r.id, r.version, r.created_at, r.updated_at, (r.created_at)::text AS cursor_key"
enum { COL_ID, COL_VERSION, COL_CREATED, COL_UPDATED, COL_CURSOR, RESOURCE_COL0 };

/* At most this many resources per process, and columns per resource. */
#define RESOURCE_MAX         32
#define RESOURCE_MAX_COLUMNS KC_RESOURCE_MAX_COLUMNS

struct kc_resource_sql {
    const kc_resource *res;
    char stmt_get[64], stmt_list[64], stmt_insert[64], stmt_update[64], stmt_delete[64],
        stmt_version[64], stmt_ref[64];
    char *get_sql, *list_sql, *insert_sql, *update_sql, *delete_sql, *version_sql;
    char *ref_sql[RESOURCE_MAX_COLUMNS]; /* per column with a ref_table */
    kc_field create_fields[RESOURCE_MAX_COLUMNS];
    kc_field patch_fields[RESOURCE_MAX_COLUMNS];
};

static kc_resource_sql registry[RESOURCE_MAX];
static size_t registry_count;

/* ---- generating SQL ------------------------------------------------------ */

/* A growing string; on allocation failure it stays failed (text NULL). */
typedef struct sql_buf {
    char *text;
    size_t len, cap;
    int failed;
} sql_buf;

static void sql_add(sql_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sql_add(sql_buf *b, const char *fmt, ...)
{
    va_list ap;
    int need;
    char *grown;

    if (b->failed)
        return;
    va_start(ap, fmt);
    need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->len + (size_t)need + 1 > b->cap) {
        b->cap = (b->len + (size_t)need + 1) * 2;
        grown = realloc(b->text, b->cap);
        if (grown == NULL) {
            free(b->text);
            b->text = NULL;
            b->failed = 1;
            return;
        }
        b->text = grown;
    }
    va_start(ap, fmt);
    vsnprintf(b->text + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)need;
}

static const char *sql_type(const kc_field *f)
{
    switch (f->type) {
    case KC_T_STRING:
        if (f->format == KC_FMT_UUID)
            return "uuid";
        if (f->format == KC_FMT_DATE)
            return "date";
        if (f->format == KC_FMT_DATETIME)
            return "timestamptz";
        return "text";
    case KC_T_INT:
        return "integer";
    case KC_T_NUMBER:
        return "double precision";
    case KC_T_BOOL:
        return "boolean";
    case KC_T_OBJECT:
        return "jsonb";
    case KC_T_ARRAY:
        if (f->item_type == KC_T_OBJECT)
            return "jsonb"; /* an array of objects is a jsonb array */
        return f->item_format == KC_FMT_UUID ? "uuid[]" : "text[]";
    }
    return "text";
}

/* An array of objects lives in a jsonb column, as the JSON it is. */
static int is_jsonb(const kc_field *f)
{
    return f->type == KC_T_OBJECT || (f->type == KC_T_ARRAY && f->item_type == KC_T_OBJECT);
}

/* How parameter n becomes a value of the column's type. Arrays travel as
 * JSON text. */
static void sql_value(sql_buf *b, const kc_field *f, int n)
{
    if (f->type == KC_T_ARRAY && !is_jsonb(f))
        sql_add(b, "ARRAY(SELECT json_array_elements_text($%d::json))::%s", n, sql_type(f));
    else
        sql_add(b, "$%d::%s", n, sql_type(f));
}

/* The select list: the system columns, then each declared member. */
static void sql_columns(sql_buf *b, const kc_resource *res)
{
    size_t i;
    const kc_column *c;

    sql_add(b, RESOURCE_SYSTEM_COLS);
    for (i = 0; i < res->ncolumns; i++) {
        c = &res->columns[i];
        if (c->expr != NULL)
            sql_add(b, ",\n       (%s)", c->expr);
        else if (is_jsonb(&c->field))
            sql_add(b, ",\n       r.%s::text", c->column);
        else if (c->field.type == KC_T_ARRAY)
            sql_add(b, ",\n       array_to_json(r.%s)::text", c->column);
        else
            sql_add(b, ",\n       r.%s", c->column);
    }
}

static int writable(const kc_column *c)
{
    return c->expr == NULL;
}

static char *take(sql_buf *b)
{
    return b->failed ? NULL : b->text;
}

static char *gen_get(const kc_resource *res)
{
    sql_buf b = {0};

    sql_add(&b, "SELECT ");
    sql_columns(&b, res);
    sql_add(&b, "\n  FROM %s r\n WHERE r.tenant_id = $1\n   AND r.id = $2", res->table);
    return take(&b);
}

static char *gen_list(const kc_resource *res)
{
    sql_buf b = {0};
    size_t i;
    int n = 2;
    const kc_column *c;

    sql_add(&b, "SELECT ");
    sql_columns(&b, res);
    sql_add(&b, "\n  FROM %s r\n WHERE r.tenant_id = $1", res->table);
    for (i = 0; i < res->ncolumns; i++) {
        c = &res->columns[i];
        if (!c->filter)
            continue;
        if (c->field.type == KC_T_ARRAY)
            sql_add(&b, "\n   AND ($%d::%.*s IS NULL OR $%d::%.*s = ANY(r.%s))", n,
                    (int)strlen(sql_type(&c->field)) - 2, sql_type(&c->field), n,
                    (int)strlen(sql_type(&c->field)) - 2, sql_type(&c->field), c->column);
        else
            sql_add(&b, "\n   AND ($%d::%s IS NULL OR r.%s = $%d::%s)", n, sql_type(&c->field),
                    c->column, n, sql_type(&c->field));
        n++;
    }
    sql_add(&b,
            "\n   AND ($%d::timestamptz IS NULL OR (r.created_at, r.id) > ($%d::timestamptz, "
            "$%d::uuid))\n ORDER BY r.created_at, r.id\n LIMIT $%d",
            n, n, n + 1, n + 2);
    return take(&b);
}

static char *gen_insert(const kc_resource *res)
{
    sql_buf b = {0};
    size_t i;
    int n = 2;

    sql_add(&b, "INSERT INTO %s AS r (id, tenant_id", res->table);
    for (i = 0; i < res->ncolumns; i++)
        if (writable(&res->columns[i]))
            sql_add(&b, ", %s", res->columns[i].column);
    sql_add(&b, ")\nVALUES (gen_random_uuid(), $1");
    for (i = 0; i < res->ncolumns; i++) {
        if (!writable(&res->columns[i]))
            continue;
        sql_add(&b, ", ");
        sql_value(&b, &res->columns[i].field, n++);
    }
    sql_add(&b, ")\nRETURNING ");
    sql_columns(&b, res);
    return take(&b);
}

/* Each member is a pair of parameters: whether the body holds it, and its
 * value; then the tenant, the id and the expected version. */
static char *gen_update(const kc_resource *res)
{
    sql_buf b = {0};
    size_t i;
    int n = 1;
    const kc_column *c;

    sql_add(&b, "UPDATE %s AS r\n   SET ", res->table);
    for (i = 0; i < res->ncolumns; i++) {
        c = &res->columns[i];
        if (!writable(c))
            continue;
        sql_add(&b, "%s = CASE WHEN $%d::boolean THEN ", c->column, n);
        sql_value(&b, &c->field, n + 1);
        sql_add(&b, " ELSE r.%s END,\n       ", c->column);
        n += 2;
    }
    sql_add(&b,
            "version = r.version + 1,\n       updated_at = now()\n WHERE r.tenant_id = $%d\n"
            "   AND r.id = $%d\n   AND ($%d::integer IS NULL OR r.version = $%d::integer)\n"
            "RETURNING ",
            n, n + 1, n + 2, n + 2);
    sql_columns(&b, res);
    return take(&b);
}

/* The EXISTS sees the row as it was before the DELETE, so "deleted 0,
 * exists" means a referring row kept it. */
static char *gen_delete(const kc_resource *res)
{
    sql_buf b = {0};
    size_t i;

    sql_add(&b,
            "WITH d AS (\n    DELETE FROM %s r\n     WHERE r.tenant_id = $1\n       AND r.id = $2",
            res->table);
    for (i = 0; i < res->nreferred_by; i++)
        sql_add(
            &b,
            res->referred_by[i].array
                ? "\n       AND NOT EXISTS (SELECT 1 FROM %s x WHERE x.tenant_id = $1 AND $2 = ANY (x.%s))"
                : "\n       AND NOT EXISTS (SELECT 1 FROM %s x WHERE x.tenant_id = $1 AND x.%s = $2)",
            res->referred_by[i].table, res->referred_by[i].column);
    sql_add(&b,
            "\n    RETURNING 1)\nSELECT (SELECT count(*) FROM d)::integer,\n"
            "       EXISTS (SELECT 1 FROM %s WHERE tenant_id = $1 AND id = $2)",
            res->table);
    return take(&b);
}

static char *gen_version(const kc_resource *res)
{
    sql_buf b = {0};

    sql_add(&b, "SELECT r.version\n  FROM %s r\n WHERE r.tenant_id = $1\n   AND r.id = $2",
            res->table);
    return take(&b);
}

/* $1 the ids as a JSON array, $2 the tenant. */
static char *gen_ref(const kc_column *c)
{
    sql_buf b = {0};

    sql_add(
        &b,
        "WITH ids AS (SELECT DISTINCT v::uuid AS id FROM json_array_elements_text($1::json) v)\n"
        "SELECT count(*) FILTER (WHERE t.id IS NULL)::integer,\n"
        "       %s,\n"
        "       coalesce(string_agg(ids.id::text, ', ' ORDER BY ids.id::text)\n"
        "                FILTER (WHERE t.id IS NULL), '')\n"
        "  FROM ids\n"
        "  LEFT JOIN %s t ON t.tenant_id = $2 AND t.id = ids.id",
        c->ref_active ? "count(*) FILTER (WHERE t.id IS NOT NULL AND NOT t.active)::integer" : "0",
        c->ref_table);
    return take(&b);
}

static void sql_free(kc_resource_sql *s)
{
    size_t i;

    free(s->get_sql);
    free(s->list_sql);
    free(s->insert_sql);
    free(s->update_sql);
    free(s->delete_sql);
    free(s->version_sql);
    for (i = 0; i < RESOURCE_MAX_COLUMNS; i++)
        free(s->ref_sql[i]);
    memset(s, 0, sizeof(*s));
}

/* What the kit cannot serve: said at start-up, not at the first request. */
static const char *descriptor_fault(const kc_resource *res)
{
    const char *const *m;
    size_t i;
    const kc_column *c;

    if (res->noun == NULL || res->schema == NULL || res->table == NULL || res->path == NULL)
        return "noun, schema, table and path are required";
    if (res->ncolumns > RESOURCE_MAX_COLUMNS)
        return "too many columns";
    for (i = 0; i < res->ncolumns; i++) {
        c = &res->columns[i];
        if (c->field.name == NULL || (c->column == NULL) == (c->expr == NULL))
            return "each column needs a wire name and either a column or an expr";
        if (c->ref_table != NULL &&
            !(c->field.format == KC_FMT_UUID || c->field.item_format == KC_FMT_UUID))
            return "a ref_table column must hold uuids";
        if (c->filter && c->expr != NULL)
            return "a computed member cannot be a filter";
    }
    for (m = res->event_members; m != NULL && *m != NULL; m++) {
        if (res->event_prefix == NULL)
            return "event members without an event prefix";
        for (i = 0; i < res->ncolumns && strcmp(res->columns[i].field.name, *m) != 0; i++)
            ;
        if (i == res->ncolumns)
            return "an event member must be a declared member";
    }
    return NULL;
}

const kc_resource_sql *kc_resource_repo_find(const kc_resource *res)
{
    size_t i;

    for (i = 0; i < registry_count; i++)
        if (registry[i].res == res)
            return &registry[i];
    return NULL;
}

kc_status kc_resource_repo_prepare(const kc_resource *res, const kc_resource_sql **out,
                                   kc_problem *pb)
{
    kc_resource_sql *s;
    const char *fault;
    size_t i;
    int failed = 0;

    *out = kc_resource_repo_find(res);
    if (*out != NULL)
        return KC_OK;
    fault = descriptor_fault(res);
    if (fault == NULL && registry_count == RESOURCE_MAX)
        fault = "too many resources";
    if (fault != NULL) {
        kc_log(KC_LOG_ERROR, NULL, "resource kit: %s: %s", res->table ? res->table : "?", fault);
        return kc_problem_set(pb, KC_INTERNAL, "resource %s cannot be served",
                              res->noun ? res->noun : "?");
    }
    s = &registry[registry_count];
    s->res = res;
    s->get_sql = gen_get(res);
    s->list_sql = gen_list(res);
    s->insert_sql = gen_insert(res);
    s->update_sql = gen_update(res);
    s->delete_sql = gen_delete(res);
    s->version_sql = gen_version(res);
    failed = !s->get_sql || !s->list_sql || !s->insert_sql || !s->update_sql || !s->delete_sql ||
             !s->version_sql;
    for (i = 0; i < res->ncolumns; i++) {
        s->create_fields[i] = res->columns[i].field;
        s->patch_fields[i] = res->columns[i].field;
        s->patch_fields[i].required = 0;
        if (res->columns[i].ref_table != NULL) {
            s->ref_sql[i] = gen_ref(&res->columns[i]);
            failed |= s->ref_sql[i] == NULL;
        }
    }
    /* statement names: unique per SQL text within a connection */
    snprintf(s->stmt_get, sizeof(s->stmt_get), "kc_res%zu_get", registry_count);
    snprintf(s->stmt_list, sizeof(s->stmt_list), "kc_res%zu_list", registry_count);
    snprintf(s->stmt_insert, sizeof(s->stmt_insert), "kc_res%zu_insert", registry_count);
    snprintf(s->stmt_update, sizeof(s->stmt_update), "kc_res%zu_update", registry_count);
    snprintf(s->stmt_delete, sizeof(s->stmt_delete), "kc_res%zu_delete", registry_count);
    snprintf(s->stmt_version, sizeof(s->stmt_version), "kc_res%zu_version", registry_count);
    snprintf(s->stmt_ref, sizeof(s->stmt_ref), "kc_res%zu_ref", registry_count);
    if (failed) {
        sql_free(s);
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    registry_count++;
    *out = s;
    return KC_OK;
}

const kc_resource *kc_resource_repo_of(const kc_resource_sql *s)
{
    return s->res;
}

const kc_field *kc_resource_repo_create_fields(const kc_resource_sql *s, size_t *n)
{
    *n = s->res->ncolumns;
    return s->create_fields;
}

const kc_field *kc_resource_repo_patch_fields(const kc_resource_sql *s, size_t *n)
{
    *n = s->res->ncolumns;
    return s->patch_fields;
}

/* ---- parameters ------------------------------------------------------------ */

/* Parameters bound in the order of their placeholders; the texts made
 * here (numbers, JSON) are owned by the list. */
typedef struct params {
    const char *v[2 * RESOURCE_MAX_COLUMNS + 8];
    char *owned[2 * RESOURCE_MAX_COLUMNS + 8];
    int n, nowned, failed;
} params;

static void param(params *p, const char *v)
{
    p->v[p->n++] = v;
}

static void param_owned(params *p, char *v)
{
    if (v == NULL)
        p->failed = 1;
    p->owned[p->nowned++] = v;
    p->v[p->n++] = v;
}

/* A JSON value as its parameter text (NULL for JSON null). */
static void param_json(params *p, const json_t *v)
{
    char *text = NULL;

    if (v == NULL || json_is_null(v))
        param(p, NULL);
    else if (json_is_string(v))
        param(p, json_string_value(v));
    else if (json_is_true(v))
        param(p, "true");
    else if (json_is_false(v))
        param(p, "false");
    else if (json_is_integer(v)) {
        if (asprintf(&text, "%lld", (long long)json_integer_value(v)) < 0)
            text = NULL;
        param_owned(p, text);
    } else
        param_owned(p, json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY));
}

static void params_free(params *p)
{
    int i;

    for (i = 0; i < p->nowned; i++)
        free(p->owned[i]);
}

/* ---- reading rows ------------------------------------------------------- */

static json_t *cell_json(const PGresult *r, int row, int col, const kc_field *f)
{
    char at[40];
    const char *v;

    if (PQgetisnull(r, row, col))
        return json_null();
    if (f->type == KC_T_STRING && f->format == KC_FMT_DATETIME) {
        kc_pg_copy(r, row, col, at, sizeof(at)); /* RFC 3339, milliseconds, UTC */
        return json_string(at);
    }
    v = PQgetvalue(r, row, col);
    switch (f->type) {
    case KC_T_INT:
        return json_integer(strtoll(v, NULL, 10));
    case KC_T_NUMBER:
        return json_real(strtod(v, NULL));
    case KC_T_BOOL:
        return json_boolean(v[0] == 't');
    case KC_T_ARRAY:
    case KC_T_OBJECT:
        return json_loads(v, JSON_DECODE_ANY, NULL);
    case KC_T_STRING:
        break;
    }
    return json_string(v);
}

static json_t *row_json(const kc_resource *res, const PGresult *r, int row, long long *version)
{
    char id[40], created[40], updated[40];
    json_t *doc;
    size_t i;

    kc_pg_copy(r, row, COL_ID, id, sizeof(id));
    kc_pg_copy(r, row, COL_CREATED, created, sizeof(created));
    kc_pg_copy(r, row, COL_UPDATED, updated, sizeof(updated));
    if (version != NULL)
        *version = kc_pg_int(r, row, COL_VERSION);
    doc = json_object();
    if (doc == NULL)
        return NULL;
    json_object_set_new(doc, "id", json_string(id));
    for (i = 0; i < res->ncolumns; i++)
        json_object_set_new(doc, res->columns[i].field.name,
                            cell_json(r, row, RESOURCE_COL0 + (int)i, &res->columns[i].field));
    json_object_set_new(doc, "createdAt", json_string(created));
    json_object_set_new(doc, "updatedAt", json_string(updated));
    return doc;
}

static kc_status read_row(const kc_resource *res, const PGresult *r, json_t **row,
                          long long *version, kc_problem *pb)
{
    *row = row_json(res, r, 0, version);
    return *row != NULL ? KC_OK : kc_problem_set(pb, KC_INTERNAL, "out of memory");
}

/* ---- statements ------------------------------------------------------- */

kc_status kc_resource_repo_get(kc_db_conn *conn, const kc_resource_sql *s, const char *tenant_id,
                               const char *id, json_t **row, long long *version, kc_problem *pb)
{
    const char *p[2] = {tenant_id, id};
    PGresult *res = NULL;
    kc_status st;

    *row = NULL;
    st = kc_db_exec(conn, s->stmt_get, s->get_sql, 2, p, &res, pb);
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) == 0) {
        st = kc_problem_set(pb, KC_NOT_FOUND, "%s %s not found", s->res->noun, id);
        goto out;
    }
    st = read_row(s->res, res, row, version, pb);
out:
    PQclear(res);
    return st;
}

kc_status kc_resource_repo_list(kc_db_conn *conn, const kc_resource_sql *s, const char *tenant_id,
                                const json_t *filters, const kc_keyset *page, json_t **items,
                                kc_keyset_next *next, kc_problem *pb)
{
    params p = {0};
    char limit[16];
    PGresult *res = NULL;
    int rows, n, i;
    size_t c;
    kc_status st;

    *items = NULL;
    next->has_more = 0;
    param(&p, tenant_id);
    for (c = 0; c < s->res->ncolumns; c++)
        if (s->res->columns[c].filter)
            param(&p, json_string_value(json_object_get(filters, s->res->columns[c].field.name)));
    kc_pg_page_limit(page, limit, sizeof(limit));
    param(&p, page->after_key);
    param(&p, page->after_id);
    param(&p, limit);
    st = kc_db_exec(conn, s->stmt_list, s->list_sql, p.n, p.v, &res, pb);
    if (st != KC_OK)
        goto out;
    rows = PQntuples(res);
    n = rows > page->limit ? page->limit : rows;
    *items = json_array();
    for (i = 0; *items != NULL && i < n; i++)
        if (json_array_append_new(*items, row_json(s->res, res, i, NULL)) != 0)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (*items == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (st == KC_OK && rows > n) {
        next->has_more = 1;
        kc_pg_copy(res, n - 1, COL_CURSOR, next->key, sizeof(next->key));
        kc_pg_copy(res, n - 1, COL_ID, next->id, sizeof(next->id));
    }
out:
    if (st != KC_OK) {
        json_decref(*items);
        *items = NULL;
    }
    PQclear(res);
    return st;
}

kc_status kc_resource_repo_refs(kc_db_conn *conn, const kc_resource_sql *s, size_t col,
                                const char *tenant_id, const json_t *value, int *unknown,
                                int *inactive, char **unknown_ids, kc_problem *pb)
{
    char *ids = NULL;
    const char *p[2];
    PGresult *res = NULL;
    json_t *one = NULL;
    kc_status st;

    *unknown = 0;
    *inactive = 0;
    *unknown_ids = NULL;
    if (json_is_string(value))
        value = one = json_pack("[O]", value);
    ids = json_dumps(value, JSON_COMPACT);
    if (ids == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    p[0] = ids;
    p[1] = tenant_id;
    /* one statement name per column: the texts differ */
    {
        char stmt[80];

        snprintf(stmt, sizeof(stmt), "%s%zu", s->stmt_ref, col);
        st = kc_db_exec(conn, stmt, s->ref_sql[col], 2, p, &res, pb);
    }
    if (st != KC_OK)
        goto out;
    *unknown = kc_pg_int(res, 0, 0);
    *inactive = kc_pg_int(res, 0, 1);
    if (*unknown > 0 && (*unknown_ids = strdup(PQgetvalue(res, 0, 2))) == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    PQclear(res);
    free(ids);
    json_decref(one);
    return st;
}

kc_status kc_resource_repo_insert(kc_db_conn *conn, const kc_resource_sql *s, const char *tenant_id,
                                  const json_t *body, json_t **row, long long *version,
                                  kc_problem *pb)
{
    params p = {0};
    PGresult *res = NULL;
    const kc_column *c;
    const json_t *v;
    size_t i;
    kc_status st;

    *row = NULL;
    param(&p, tenant_id);
    for (i = 0; i < s->res->ncolumns; i++) {
        c = &s->res->columns[i];
        if (!writable(c))
            continue;
        v = json_object_get(body, c->field.name);
        if (v != NULL)
            param_json(&p, v);
        else
            param(&p, c->dflt);
    }
    if (p.failed) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = kc_db_exec(conn, s->stmt_insert, s->insert_sql, p.n, p.v, &res, pb);
    if (st == KC_OK)
        st = read_row(s->res, res, row, version, pb);
out:
    PQclear(res);
    params_free(&p);
    return st;
}

kc_status kc_resource_repo_update(kc_db_conn *conn, const kc_resource_sql *s, const char *tenant_id,
                                  const char *id, const json_t *body, long long expected_version,
                                  json_t **row, long long *version, kc_problem *pb)
{
    params p = {0};
    PGresult *res = NULL;
    const kc_column *c;
    const json_t *v;
    char ver[24];
    const char *vp[2] = {tenant_id, id};
    size_t i;
    kc_status st;

    *row = NULL;
    for (i = 0; i < s->res->ncolumns; i++) {
        c = &s->res->columns[i];
        if (!writable(c))
            continue;
        v = json_object_get(body, c->field.name);
        param(&p, v != NULL ? "true" : "false");
        param_json(&p, v);
    }
    snprintf(ver, sizeof(ver), "%lld", expected_version);
    param(&p, tenant_id);
    param(&p, id);
    param(&p, expected_version >= 0 ? ver : NULL);
    if (p.failed) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = kc_db_exec(conn, s->stmt_update, s->update_sql, p.n, p.v, &res, pb);
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) == 1) {
        st = read_row(s->res, res, row, version, pb);
        goto out;
    }
    /* nothing changed: absent, or at another version */
    PQclear(res);
    res = NULL;
    st = kc_db_exec(conn, s->stmt_version, s->version_sql, 2, vp, &res, pb);
    if (st == KC_OK)
        *version = PQntuples(res) == 1 ? kc_pg_int(res, 0, 0) : -1;
out:
    PQclear(res);
    params_free(&p);
    return st;
}

kc_status kc_resource_repo_delete(kc_db_conn *conn, const kc_resource_sql *s, const char *tenant_id,
                                  const char *id, int *deleted, int *exists, kc_problem *pb)
{
    const char *p[2] = {tenant_id, id};
    PGresult *res = NULL;
    kc_status st;

    *deleted = 0;
    *exists = 0;
    st = kc_db_exec(conn, s->stmt_delete, s->delete_sql, 2, p, &res, pb);
    if (st == KC_OK) {
        *deleted = kc_pg_int(res, 0, 0);
        *exists = kc_pg_bool(res, 0, 1);
    }
    PQclear(res);
    return st;
}
