#include "cases/routing_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* At most this many tenants' copies; when full, every copy is dropped (a
 * copy is cheap to read again: one statement). */
#define ROUTING_CACHE_MAX 512

struct routing_cache_entry {
    char tenant_id[40];
    case_routing_data data;
    int refs; /* the table's reference, while in it, and each borrower's */
};

static pthread_mutex_t routing_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static routing_cache_entry *routing_cache_items[ROUTING_CACHE_MAX];
static size_t routing_cache_n;

static void routing_entry_unref_locked(routing_cache_entry *e)
{
    if (--e->refs == 0) {
        case_routing_data_clear(&e->data);
        free(e);
    }
}

static size_t routing_cache_find_locked(const char *tenant_id)
{
    for (size_t i = 0; i < routing_cache_n; i++)
        if (strcmp(routing_cache_items[i]->tenant_id, tenant_id) == 0)
            return i;
    return routing_cache_n;
}

/* Puts e in the table in place of the tenant's older copy (the table
 * takes one reference). */
static void routing_cache_put_locked(routing_cache_entry *e)
{
    size_t i = routing_cache_find_locked(e->tenant_id);

    if (i < routing_cache_n) {
        routing_entry_unref_locked(routing_cache_items[i]);
    } else {
        if (routing_cache_n == ROUTING_CACHE_MAX) {
            for (size_t k = 0; k < routing_cache_n; k++)
                routing_entry_unref_locked(routing_cache_items[k]);
            routing_cache_n = 0;
            i = 0;
        }
        routing_cache_n++;
    }
    routing_cache_items[i] = e;
    e->refs++;
}

kc_status routing_cache_get(kc_db_conn *conn, const char *tenant_id, int fresh,
                            routing_cache_entry **out, const case_routing_data **data,
                            kc_problem *pb)
{
    routing_cache_entry *e = NULL;
    kc_status st;
    size_t i;

    *out = NULL;
    *data = NULL;
    if (strlen(tenant_id) >= sizeof(e->tenant_id))
        return kc_problem_set(pb, KC_INTERNAL, "routing data: tenant id too long");
    if (!fresh) {
        pthread_mutex_lock(&routing_cache_lock);
        i = routing_cache_find_locked(tenant_id);
        if (i < routing_cache_n) {
            e = routing_cache_items[i];
            e->refs++;
        }
        pthread_mutex_unlock(&routing_cache_lock);
        if (e != NULL) {
            *out = e;
            *data = &e->data;
            return KC_OK;
        }
    }
    /* read without the lock: other tenants' filings go on meanwhile */
    e = calloc(1, sizeof(*e));
    if (e == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    memcpy(e->tenant_id, tenant_id, strlen(tenant_id) + 1);
    st = case_repo_routing_data(conn, tenant_id, &e->data, pb);
    if (st != KC_OK) {
        case_routing_data_clear(&e->data);
        free(e);
        return st;
    }
    e->refs = 1; /* the caller's */
    pthread_mutex_lock(&routing_cache_lock);
    i = routing_cache_find_locked(tenant_id);
    /* a copy read at a later version by another thread meanwhile stays */
    if (i == routing_cache_n || routing_cache_items[i]->data.version <= e->data.version)
        routing_cache_put_locked(e);
    pthread_mutex_unlock(&routing_cache_lock);
    *out = e;
    *data = &e->data;
    return KC_OK;
}

void routing_cache_release(routing_cache_entry *e)
{
    if (e == NULL)
        return;
    pthread_mutex_lock(&routing_cache_lock);
    routing_entry_unref_locked(e);
    pthread_mutex_unlock(&routing_cache_lock);
}

const case_category_terms *routing_data_category(const case_routing_data *d,
                                                 const char *category_id)
{
    if (category_id == NULL)
        return NULL;
    for (size_t i = 0; i < d->ncategories; i++)
        if (strcmp(d->categories[i].id, category_id) == 0)
            return &d->categories[i];
    return NULL;
}

void routing_cache_clear(void)
{
    pthread_mutex_lock(&routing_cache_lock);
    for (size_t i = 0; i < routing_cache_n; i++)
        routing_entry_unref_locked(routing_cache_items[i]);
    routing_cache_n = 0;
    pthread_mutex_unlock(&routing_cache_lock);
}
