#ifndef KOERS_TARGET_H
#define KOERS_TARGET_H

#include <stddef.h>

/* The request target as the client sent it ("/casedesk/v1/cases/%ff?x=1"),
 * checked before any route sees it. Ulfius and libmicrohttpd decode the
 * target themselves and, without a word, leave out a path parameter or a
 * query parameter whose decoded text is not UTF-8 (and cut a value at a
 * decoded NUL): a filter that is dropped widens the answer. So every '%'
 * must start an escape of two hex digits, and each path segment (between
 * '/', "+" kept as it is) and each query name and value (split at '&' and
 * the first '=', "+" a space) must decode to UTF-8 without a control
 * character (U+0000..U+001F, U+007F..U+009F). Pure: no allocation. */

/* Where a target is at fault. */
typedef enum {
    KC_TARGET_PATH_SEGMENT, /* a path segment                      */
    KC_TARGET_QUERY_NAME,   /* the name of a query parameter       */
    KC_TARGET_QUERY_VALUE   /* the value of a query parameter      */
} kc_target_part;

typedef struct kc_target_fault {
    kc_target_part part;
    size_t index;   /* 1-based: the path segment after the first '/' (empty
                     * ones counted), or the query parameter ("&" piece) */
    char name[128]; /* QUERY_VALUE: the decoded name (cut to fit), else "" */
} kc_target_fault;

/* Checks target (NUL-terminated, NULL is good). 1 when it is good; else 0
 * with the first fault in *fault (may be NULL). */
int kc_target_inspect(const char *target, kc_target_fault *fault);

/* kc_target_inspect that names the fault in words: 1 when good, else 0
 * and what (whatlen bytes, may be 0) holds "path segment 4", "name of
 * query parameter 2" or "query parameter officialId". */
int kc_target_check(const char *target, char *what, size_t whatlen);

#endif
