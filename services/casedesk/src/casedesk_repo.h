#ifndef KOERS_CASEDESK_REPO_H
#define KOERS_CASEDESK_REPO_H

/* Helpers for the repo files only: the shared cell readers (koers/pg.h)
 * and casedesk's column conventions. Never include this outside a
 * *_repo.c file. */

#include "koers/pg.h"

/* A timestamptz column for API output: selected as it is and written as
 * RFC 3339 UTC with milliseconds by kc_pg_copy (kc_db_format_timestamp). */
#define CASEDESK_TS(col) col
/* The same column as text with microseconds: the exact sort key of a keyset
 * cursor (opaque to clients, read back as ::timestamptz). */
#define CASEDESK_TS_US(col) "(" col ")::text AS cursor_key"

#endif
