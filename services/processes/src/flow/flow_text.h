#ifndef KOERS_PROCESSES_FLOW_TEXT_H
#define KOERS_PROCESSES_FLOW_TEXT_H

#include <stddef.h>

/* A text being written (the SVG or Mermaid picture of a flow): a growable
 * buffer, NUL-terminated at all times. Starts zeroed; the buffer is the
 * writer's until flow_text_take. An allocation failure sets `failed` and
 * makes every further call a no-op, so writers need no checks of their
 * own until they take the text. */
typedef struct flow_text {
    char *buf;
    size_t len, cap;
    int failed;
} flow_text;

/* Appends n bytes of s. */
void flow_text_put(flow_text *t, const char *s, size_t n);
/* Appends the NUL-terminated s (NULL appends nothing). */
void flow_text_str(flow_text *t, const char *s);
/* Appends printf-style text (numbers and the writer's own markup; never a
 * user's string, which goes through an escaping writer). */
void flow_text_printf(flow_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The next character of the UTF-8 text s (valid UTF-8, as JSON strings
 * are): its code point in *cp and its length in bytes as the result (0 at
 * the end of s). An invalid byte counts as one character U+FFFD. */
size_t flow_text_utf8_next(const char *s, unsigned *cp);

/* The text (NUL-terminated; *len without the NUL), the caller's to free();
 * NULL when an allocation failed. The writer is reset. */
char *flow_text_take(flow_text *t, size_t *len);

/* Frees what the writer holds (after a failure, or instead of take). */
void flow_text_clear(flow_text *t);

#endif
