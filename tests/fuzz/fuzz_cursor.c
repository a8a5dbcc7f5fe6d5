/* libFuzzer target: the page a client asks for, ?limit and ?cursor
 * (kc_page_read through a request context, kc_cursor_decode), and the
 * cursor's round trip with kc_cursor_encode.
 *
 * Input: the first line is ?limit, the rest ?cursor.
 * What must hold:
 *  - kc_page_read answers KC_OK or KC_BAD_REQUEST, and on KC_OK the limit is
 *    1..100 and a cursor was decoded exactly when one was sent;
 *  - a cursor kc_cursor_decode accepts is canonical: encoding what it
 *    decoded gives the very same text back;
 *  - the round trip: the cursor kc_cursor_encode makes of a key and an id
 *    (the cursor text split at its last "|") that a page could hold is
 *    decoded to that key and id. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "koers/page.h"
#include "koers_test.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_page_read(const char *limit, const char *cursor)
{
    kt_request t;
    kc_page page;
    kc_status st;

    kt_request_init(&t, "GET", "/fuzz/v1/items", "/fuzz/v1/items");
    if (limit != NULL)
        kt_request_param(&t, "limit", limit);
    kt_request_param(&t, "cursor", cursor);
    st = kc_page_read(&t.ctx, &page, &t.pb);
    if (st == KC_OK) {
        if (page.limit < 1 || page.limit > 100 || !page.has_cursor)
            abort();
    } else if (st != KC_BAD_REQUEST) {
        abort();
    }
    kt_request_clear(&t);
}

/* 1 when a page could hold key and id: the conditions kc_cursor_decode
 * puts on what it decodes. */
static int pageable(const char *key, const char *id)
{
    size_t klen = strlen(key), ilen = strlen(id), i;

    if (klen == 0 || klen >= sizeof(((kc_page *)0)->after_key) || ilen == 0 ||
        ilen >= sizeof(((kc_page *)0)->after_id) || (klen + 1 + ilen + 2) / 3 * 4 > 512)
        return 0;
    for (i = 0; i < klen; i++) {
        if ((unsigned char)key[i] < 0x20 || key[i] == 0x7f)
            return 0;
    }
    return strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == ilen;
}

static void check_round_trip(char *text)
{
    char *bar = strrchr(text, '|'), *enc;
    kc_page page;
    int rc;

    if (bar == NULL)
        return;
    *bar = '\0';
    enc = kc_cursor_encode(text, bar + 1);
    if (enc == NULL)
        abort();
    memset(&page, 0, sizeof(page));
    rc = kc_cursor_decode(enc, &page);
    if (pageable(text, bar + 1)) {
        if (rc != 0 || strcmp(page.after_key, text) != 0 || strcmp(page.after_id, bar + 1) != 0)
            abort();
    } else if (rc == 0) {
        abort();
    }
    free(enc);
    *bar = '|';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = strndup((const char *)data, size);
    char *nl, *limit, *cursor, *again;
    kc_page page;

    if (text == NULL)
        return 0;
    nl = strchr(text, '\n');
    limit = nl != NULL ? text : NULL;
    cursor = nl != NULL ? nl + 1 : text;
    if (nl != NULL)
        *nl = '\0';
    check_page_read(limit, cursor);

    memset(&page, 0, sizeof(page));
    if (kc_cursor_decode(cursor, &page) == 0) {
        again = kc_cursor_encode(page.after_key, page.after_id);
        if (again == NULL || strcmp(again, cursor) != 0)
            abort();
        free(again);
    }
    check_round_trip(cursor);
    free(text);
    return 0;
}
