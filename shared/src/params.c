#include "koers/params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARAMS_TOO_MANY  1
#define PARAMS_NO_MEMORY 2

void kc_params_init(kc_params *p)
{
    memset(p, 0, sizeof(*p));
}

/* The next free slot, or -1 (the list marked) when all are taken. */
static int params_slot(kc_params *p)
{
    if (p->n >= KC_PARAMS_MAX) {
        if (p->failed == 0)
            p->failed = PARAMS_TOO_MANY;
        return -1;
    }
    return p->n++;
}

void kc_params_text(kc_params *p, const char *s)
{
    int i = params_slot(p);

    if (i >= 0)
        p->values[i] = s;
}

void kc_params_int(kc_params *p, long long v)
{
    int i = params_slot(p);

    if (i < 0)
        return;
    snprintf(p->num[i], sizeof(p->num[i]), "%lld", v);
    p->values[i] = p->num[i];
}

void kc_params_bool(kc_params *p, int v)
{
    kc_params_text(p, v != 0 ? "true" : "false");
}

void kc_params_bool_or_null(kc_params *p, int v)
{
    if (v < 0)
        kc_params_null(p);
    else
        kc_params_bool(p, v);
}

void kc_params_null(kc_params *p)
{
    kc_params_text(p, NULL);
}

void kc_params_json(kc_params *p, const json_t *v)
{
    int i = params_slot(p);

    if (i < 0 || v == NULL)
        return;
    p->owned[i] = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (p->owned[i] == NULL && p->failed == 0)
        p->failed = PARAMS_NO_MEMORY;
    p->values[i] = p->owned[i];
}

void kc_params_text_array(kc_params *p, const char *const *items, size_t n)
{
    int i = params_slot(p);
    size_t len = 3, at = 0;
    char *out;

    if (i < 0 || items == NULL)
        return;
    for (size_t k = 0; k < n; k++)
        len += 3 + 2 * strlen(items[k]); /* quotes, comma, every byte escaped at worst */
    out = malloc(len);
    if (out == NULL) {
        if (p->failed == 0)
            p->failed = PARAMS_NO_MEMORY;
        return;
    }
    out[at++] = '{';
    for (size_t k = 0; k < n; k++) {
        if (k > 0)
            out[at++] = ',';
        out[at++] = '"';
        for (const char *c = items[k]; *c != '\0'; c++) {
            if (*c == '"' || *c == '\\')
                out[at++] = '\\';
            out[at++] = *c;
        }
        out[at++] = '"';
    }
    out[at++] = '}';
    out[at] = '\0';
    p->owned[i] = out;
    p->values[i] = out;
}

kc_status kc_params_check(const kc_params *p, kc_problem *pb)
{
    if (p->failed == PARAMS_TOO_MANY)
        return kc_problem_set(pb, KC_INTERNAL, "more than %d statement parameters", KC_PARAMS_MAX);
    if (p->failed != 0)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return KC_OK;
}

const char *const *kc_params_values(const kc_params *p)
{
    return p->values;
}

int kc_params_count(const kc_params *p)
{
    return p->n;
}

void kc_params_free(kc_params *p)
{
    int i;

    if (p == NULL)
        return;
    for (i = 0; i < p->n; i++)
        free(p->owned[i]);
    kc_params_init(p);
}
