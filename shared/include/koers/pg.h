#ifndef KOERS_PG_H
#define KOERS_PG_H

/* Reading PGresult cells, for the *_repo.c files of every service (a
 * PGresult never leaves a repo). */

#include <stddef.h>
#include <jansson.h>
#include <libpq-fe.h>

/* Copies a cell into dst (truncated to n-1 bytes); "" for SQL NULL. A
 * timestamptz cell is written as RFC 3339 UTC with milliseconds
 * (kc_db_format_timestamp). */
void kc_pg_copy(const PGresult *r, int row, int col, char *dst, size_t n);
/* A heap copy of a cell, NULL for SQL NULL (or on allocation failure). */
char *kc_pg_strdup(const PGresult *r, int row, int col);
/* A cell parsed as JSON (new reference), NULL for SQL NULL or bad JSON. */
json_t *kc_pg_json(const PGresult *r, int row, int col);
/* A cell as int; 0 for SQL NULL. */
int kc_pg_int(const PGresult *r, int row, int col);
/* 1 for a boolean cell "t". */
int kc_pg_bool(const PGresult *r, int row, int col);

#endif
