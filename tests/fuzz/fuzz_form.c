/* libFuzzer target: the form decoders a client's body goes through,
 * kc_form_decode (application/x-www-form-urlencoded: percent-escapes, "+",
 * name[] lists) and kc_multipart_decode (multipart/form-data: the boundary
 * of the Content-Type, part headers, Content-Disposition parameters).
 *
 * Input: the first line is the Content-Type given to the multipart decoder;
 * the rest is the body, decoded by both. What must hold besides "no crash,
 * no leak, no UB": a decoder that succeeds answers an object whose every
 * member is a UTF-8 string or an array of them (name[]), and a decoder that
 * fails names a 400, never another status. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "koers/http.h"
#include "koers/problem.h"
#include "koers/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_form(const json_t *obj)
{
    const char *name;
    json_t *v, *item;
    size_t i;

    if (!json_is_object(obj))
        abort();
    json_object_foreach((json_t *)obj, name, v)
    {
        if (name[0] == '\0' || kc_utf8_len(name) == (size_t)-1)
            abort();
        if (json_is_string(v))
            continue;
        if (!json_is_array(v) || json_array_size(v) > 1000)
            abort();
        json_array_foreach(v, i, item)
        {
            if (!json_is_string(item))
                abort();
        }
    }
}

static void check(kc_status st, json_t *out, const kc_problem *pb)
{
    if (st == KC_OK) {
        check_form(out);
    } else if (out != NULL || st != KC_BAD_REQUEST || pb->status != KC_BAD_REQUEST) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const uint8_t *nl = memchr(data, '\n', size);
    size_t ctlen = nl != NULL ? (size_t)(nl - data) : size;
    char *ct = strndup(text, ctlen);
    const char *body = nl != NULL ? text + ctlen + 1 : text + size;
    size_t blen = nl != NULL ? size - ctlen - 1 : 0;
    json_t *out = NULL;
    kc_problem pb;
    kc_status st;

    if (ct == NULL)
        return 0;
    kc_problem_init(&pb);
    st = kc_form_decode(body, blen, &out, &pb);
    check(st, out, &pb);
    json_decref(out);
    kc_problem_clear(&pb);

    kc_problem_init(&pb);
    st = kc_multipart_decode(ct, body, blen, &out, &pb);
    check(st, out, &pb);
    json_decref(out);
    kc_problem_clear(&pb);
    free(ct);
    return 0;
}
