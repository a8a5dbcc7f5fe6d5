#ifndef KOERS_JSON_TEXT_H
#define KOERS_JSON_TEXT_H

/* JSON text written directly, for an answer on a hot path that would
 * otherwise be built as a Jansson tree and dumped: the same bytes as
 * json_dumpb(tree, JSON_COMPACT | JSON_REAL_PRECISION(15)) for the same
 * members in the same order (strings escaped as Jansson escapes them; a
 * json_t value inside is dumped by Jansson itself), in one buffer that
 * starts on the caller's stack and moves to the heap only when it must. */

#include <stddef.h>
#include <jansson.h>

#define KC_JSON_TEXT_DEPTH 8

typedef struct kc_json_text {
    char *buf;
    size_t len, cap;
    int heap;   /* buf was allocated here (else it is the caller's) */
    int failed; /* out of memory, too deep or a value Jansson refused */
    int depth;
    unsigned char members[KC_JSON_TEXT_DEPTH]; /* a member written at this depth */
} kc_json_text;

/* Starts an empty text in stack[0..cap) (borrowed; may be NULL with cap 0). */
void kc_json_text_init(kc_json_text *t, char *stack, size_t cap);

/* Frees what the text allocated; the text may not be used after. NULL is
 * fine. */
void kc_json_text_free(kc_json_text *t);

/* '{' and '}' of an object (nested in a member, or the whole text). */
void kc_json_text_open(kc_json_text *t);
void kc_json_text_close(kc_json_text *t);

/* A member's name: the comma before it when needed, "name":. The value
 * follows with one of the calls below. */
void kc_json_text_key(kc_json_text *t, const char *name);

/* Values: a string (NULL writes null), a string or null when NULL or "",
 * null, an integer, a Jansson value (borrowed; NULL writes null). */
void kc_json_text_string(kc_json_text *t, const char *s);
void kc_json_text_string_or_null(kc_json_text *t, const char *s);
void kc_json_text_null(kc_json_text *t);
void kc_json_text_int(kc_json_text *t, long long v);
void kc_json_text_value(kc_json_text *t, const json_t *v);

#endif
