#include "subscriptions/wire_list.h"

kc_status wire_list_map(const char *base, json_t *rows, wire_list_fn wire, json_t **items,
                        kc_problem *pb)
{
    json_t *row, *w;
    size_t i;
    kc_status st = KC_OK;

    if ((*items = json_array()) == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    json_array_foreach(rows, i, row)
    {
        if (st != KC_OK)
            break;
        w = wire(base, row);
        if (w == NULL || json_array_append_new(*items, w) != 0)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    if (st != KC_OK) {
        json_decref(*items);
        *items = NULL;
    }
    return st;
}
