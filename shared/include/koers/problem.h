#ifndef KOERS_PROBLEM_H
#define KOERS_PROBLEM_H

#include <jansson.h>
#include "koers/status.h"

/* What went wrong, on its way to an application/problem+json answer
 * (RFC 9457). Lives on the caller's stack: kc_problem_init() then
 * kc_problem_clear() when done. Layers below HTTP fill it; the HTTP layer
 * renders it. */
typedef struct kc_problem {
    kc_status status;
    char detail[512];
    json_t *invalid_params; /* array of {"name","reason"}; NULL if none     */
    json_t *extra;          /* object of extra members, e.g. allowedTransitions */
    char allow[128];        /* for 405: value of the Allow header           */
} kc_problem;

void kc_problem_init(kc_problem *pb);
void kc_problem_clear(kc_problem *pb);

/* Sets status and a printf-style detail. Returns st, so callers can write
 * `return kc_problem_set(pb, KC_NOT_FOUND, "case %s not found", id);`.
 * pb may be NULL (the status is still returned). */
kc_status kc_problem_set(kc_problem *pb, kc_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Adds one field at fault ("name" is a JSON pointer-ish path such as
 * "citizen.email"), and sets status to KC_INVALID unless a status was set. */
void kc_problem_add_field(kc_problem *pb, const char *name, const char *reason);

/* Sets one extra member (takes ownership of value). */
void kc_problem_set_extra(kc_problem *pb, const char *key, json_t *value);

/* Renders the problem document: type, title, status, detail, instance
 * (the request path), invalidParams and the extras. New reference. */
json_t *kc_problem_to_json(const kc_problem *pb, const char *instance);

#endif
