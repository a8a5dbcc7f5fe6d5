#ifndef KOERS_MIGRATE_H
#define KOERS_MIGRATE_H

#include <stddef.h>
#include "koers/db.h"

/* A versioned migration; the build embeds a service's sql/NNN_*.sql files
 * as an array of these (version "001_cases", sql text), in order. */
typedef struct kc_migration {
    const char *version;
    const char *sql;
} kc_migration;

/* Applies, in one transaction under a PostgreSQL advisory lock (so replicas
 * starting together are safe), first the platform migrations (koers_iam
 * schema: tenants, API keys) and then every migration of `schema` not yet
 * recorded in <schema>.schema_migrations, plus the platform tables every
 * service has in its own schema (outbox, idempotency_keys). Returns KC_OK,
 * or an error with the failing version in err. */
kc_status kc_migrate(const char *conninfo, const char *schema, const kc_migration *migrations,
                     size_t n, char *err, size_t errlen) KC_MUST_CHECK;

#endif
