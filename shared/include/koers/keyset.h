#ifndef KOERS_KEYSET_H
#define KOERS_KEYSET_H

/* Keyset pagination, free of HTTP, for the service and repo layers: where
 * a list page starts and where the next one would. The HTTP side
 * (koers/page.h) fills a kc_keyset from the query and renders the next
 * link from a kc_keyset_next. */
typedef struct kc_keyset {
    int limit;
    const char *after_key; /* NULL on the first page */
    const char *after_id;
} kc_keyset;

typedef struct kc_keyset_next {
    int has_more;
    char key[40];
    char id[37];
} kc_keyset_next;

#endif
