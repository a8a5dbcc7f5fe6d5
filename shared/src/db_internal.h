#ifndef KOERS_DB_INTERNAL_H
#define KOERS_DB_INTERNAL_H

#include <stdint.h>

/* Internal to the shared library (implemented in db.c). */

/* 1 when schema is a plain lowercase identifier ([a-z_][a-z0-9_]{0,62}),
 * the only form ever interpolated into SQL; else 0. */
int kc_db_schema_valid(const char *schema);

/* A stable 64-bit advisory lock key derived from a name (FNV-1a). */
int64_t kc_db_lock_key(const char *name);

/* Opens a dedicated connection with the pool's session settings
 * (application_name, statement_timeout); the caller PQfinish()es it. */
struct pg_conn *kc_db_connect_one(const char *conninfo, int statement_timeout);

#endif
