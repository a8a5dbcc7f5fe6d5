#ifndef KOERS_CASEDESK_OPEN311_MODEL_H
#define KOERS_CASEDESK_OPEN311_MODEL_H

#include <stddef.h>
#include <jansson.h>
#include "koers/problem.h"

/* The pure parts of Open311 GeoReport v2 (no I/O): the format suffix of a
 * path, service attribute definitions and the values a filing sends for
 * them, dates and the 90-day window of GET requests. */

#define OPEN311_MAX_ATTRIBUTES 50
#define OPEN311_MAX_VALUES     100
/* GET requests: at most this many days between start_date and end_date,
 * and the window without dates (the standard's "most recent 90 days") */
#define OPEN311_WINDOW_DAYS 90

typedef enum { OPEN311_JSON = 0, OPEN311_XML } open311_format;

/* Splits a path's last segment into its name and format: "services.xml"
 * -> "services", XML; "BV-2026-000001.json" -> "BV-2026-000001", JSON;
 * without a suffix the name is the whole segment and the format JSON.
 * -1 when the name is empty or does not fit in n bytes. */
int open311_file_parse(const char *file, char *name, size_t n, open311_format *fmt);

/* The format of a request path: XML when it ends in ".xml", else JSON
 * (how errors on Open311 paths are answered). */
open311_format open311_path_format(const char *path);

/* Checks a category's attribute definitions as staff send them
 * ({code, datatype, required, variable, description, order,
 * datatypeDescription, values: [{key, name}]}, at most 50) and writes
 * *stored, a new array in the standard's shape (variable, code, datatype,
 * required, datatype_description, order, description, values), sorted by
 * order (ties: as sent). Defaults: required false, variable true, order
 * the position (1-based). A code is 1..100 of letters, digits and . _ -
 * (it becomes the form field attribute[CODE]) and unique; a list
 * datatype (singlevaluelist, multivaluelist) needs 1..100 values with
 * unique keys, the others take none. Faults are named
 * "attributes[i].member" in pb (KC_INVALID, *stored NULL). */
kc_status open311_attrs_define(const json_t *attributes, json_t **stored,
                               kc_problem *pb) KC_MUST_CHECK;

/* The stored definitions (as open311_attrs_define wrote them) in the
 * casedesk API's names (datatypeDescription): a new array, NULL when out
 * of memory. */
json_t *open311_attrs_to_api(const json_t *stored);

/* Checks the attribute values of an Open311 filing against the service's
 * definitions `defs` (stored shape). The form holds them as the standard
 * sends them: "attribute[CODE]" (a string) and "attribute[CODE][]" (an
 * array, multi-value lists); a JSON body may send "attribute" as an object
 * {CODE: value or [values]}. Only variable attributes take a value; a
 * required one must have one; a value must fit its datatype: string (at
 * most 1000 characters, one line), text (5000), number (a decimal
 * number), datetime (ISO 8601 with a time zone, or a date), a
 * singlevaluelist one of its keys, a multivaluelist keys of its own (one
 * or more, repeats dropped). Values of a service without definitions are
 * ignored; a code the service does not define is a fault. Faults are
 * named "attribute[CODE]" (KC_INVALID). *values is a new object {CODE:
 * value | [values]} of what was given, or NULL when nothing was. */
kc_status open311_attrs_values(const json_t *defs, const json_t *form, json_t **values,
                               kc_problem *pb) KC_MUST_CHECK;

/* An ISO 8601 moment as GeoReport v2 clients send it: YYYY-MM-DD, or that
 * with Thh:mm[:ss[.fff]] and Z, +hh:mm, +hhmm or nothing (UTC). *epoch is
 * its Unix time. 0, or -1 when s is not one. */
int open311_parse_time(const char *s, long long *epoch);

/* The window of GET requests from start and end (has_* 0 = not given) at
 * `now`: neither = the 90 days before now; start alone = 90 days from
 * start; end alone = the 90 days before end; both = as given. *from and
 * *to are Unix times. -1 when end is before start or they are more than 90
 * days apart. */
int open311_window(int has_start, long long start, int has_end, long long end, long long now,
                   long long *from, long long *to);

/* Splits a comma-delimited list ("open,closed", "BV-1,BV-2") into a new
 * array of its trimmed, non-empty items: NULL when it has more than max
 * items, an item longer than max_len, or memory runs out. */
json_t *open311_split_list(const char *s, size_t max, size_t max_len);

#endif
