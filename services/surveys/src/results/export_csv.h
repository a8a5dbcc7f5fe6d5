#ifndef KOERS_SURVEYS_EXPORT_CSV_H
#define KOERS_SURVEYS_EXPORT_CSV_H

#include <stddef.h>

/* A CSV document being written (RFC 4180): fields separated by commas,
 * records ended by CRLF, a field quoted with "" when it holds a comma, a
 * quote, CR or LF (quotes inside doubled). Starts zeroed; the buffer is
 * the writer's until export_csv_take. An allocation failure sets `failed`
 * and makes every further call a no-op. */
typedef struct export_csv {
    char *buf;
    size_t len, cap;
    int failed;
    int fields; /* fields written in the current record */
} export_csv;

/* Appends one field as it is (numbers, codes, dates). */
void export_csv_field(export_csv *c, const char *s);

/* Appends one field of free text written by a respondent: as
 * export_csv_field, but a text that a spreadsheet would run as a formula
 * (first character = + - @, tab or CR) gets a leading apostrophe, the
 * OWASP advice against CSV injection. */
void export_csv_text(export_csv *c, const char *s);

/* Ends the current record (CRLF). */
void export_csv_end_row(export_csv *c);

/* The document (NUL-terminated; *len without the NUL), the caller's to
 * free(); NULL when an allocation failed. The writer is reset. */
char *export_csv_take(export_csv *c, size_t *len);

/* Frees what the writer holds (after a failure, or instead of take). */
void export_csv_clear(export_csv *c);

#endif
