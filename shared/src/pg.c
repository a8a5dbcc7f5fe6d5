#include "koers/pg.h"

#include <stdlib.h>
#include <string.h>
#include "koers/db.h"

/* pg_type.oid of timestamptz (catalog/pg_type_d.h, stable across versions) */
#define KC_PG_TIMESTAMPTZ 1184

void kc_pg_copy(const PGresult *r, int row, int col, char *dst, size_t n)
{
    const char *v;
    size_t len;

    if (n == 0)
        return;
    dst[0] = '\0';
    if (PQgetisnull(r, row, col))
        return;
    v = PQgetvalue(r, row, col);
    if (PQftype(r, col) == KC_PG_TIMESTAMPTZ && kc_db_format_timestamp(v, dst, n) == 0)
        return;
    len = strlen(v);
    if (len > n - 1)
        len = n - 1;
    memcpy(dst, v, len);
    dst[len] = '\0';
}

char *kc_pg_strdup(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return NULL;
    return strdup(PQgetvalue(r, row, col));
}

json_t *kc_pg_json(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return NULL;
    return json_loadb(PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col), 0, NULL);
}

int kc_pg_int(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return 0;
    return atoi(PQgetvalue(r, row, col));
}

int kc_pg_bool(const PGresult *r, int row, int col)
{
    return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}
