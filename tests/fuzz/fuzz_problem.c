/* libFuzzer target: the problem renderer (kc_problem_set,
 * kc_problem_add_field, kc_problem_to_json) with hostile text, as a
 * handler passes client bytes into a detail ("service_code %.64s not
 * found"), a field name ("<prefix>.<member>") or the instance (the path).
 *
 * Input: up to four NUL-separated strings: the detail's argument, a field
 * name, its reason, the instance; the first byte's low bits pick the
 * status. What must hold: every problem renders, a document with the
 * status, its title and a detail, and every field named is in it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "koers/problem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const kc_status statuses[] = {KC_BAD_REQUEST, KC_INVALID,  KC_NOT_FOUND,   KC_CONFLICT,
                                     KC_FORBIDDEN,   KC_INTERNAL, KC_UNAVAILABLE, KC_OK};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf, *part[4] = {"", "", "", ""};
    size_t n = 0, i, o = 1;
    json_t *doc;
    kc_problem pb;
    kc_status st;

    if (size == 0)
        return 0;
    st = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
    buf = malloc(size + 1);
    if (buf == NULL)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    for (i = 1; n < 4 && o <= size; i++) {
        if (i == size || buf[i] == '\0') {
            buf[i] = '\0';
            part[n++] = buf + o;
            o = i + 1;
        }
    }
    kc_problem_init(&pb);
    if (st != KC_OK)
        kc_problem_set(&pb, st, "service_code %.64s not found: %s", part[0], part[0]);
    if (part[1][0] != '\0')
        kc_problem_add_field(&pb, part[1], part[2]);
    doc = kc_problem_to_json(&pb, part[3][0] != '\0' ? part[3] : NULL);
    if (doc == NULL || !json_is_integer(json_object_get(doc, "status")) ||
        !json_is_string(json_object_get(doc, "detail")) ||
        !json_is_string(json_object_get(doc, "title")))
        abort();
    if (part[1][0] != '\0' && json_array_size(json_object_get(doc, "invalidParams")) != 1)
        abort();
    json_decref(doc);
    kc_problem_clear(&pb);
    free(buf);
    return 0;
}
