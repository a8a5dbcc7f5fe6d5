#include "cases/case_reference.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "cases/case_repo.h"

/* Blocks held by this process, one per tenant and year; a small table with
 * round-robin replacement (a replaced block's numbers become a gap). */
#define REFERENCE_SLOTS 256

typedef struct reference_block {
    char tenant_id[37];
    int year;
    long long next; /* next number to hand out                          */
    long long end;  /* one past the last number of the block            */
} reference_block;

static pthread_mutex_t reference_lock = PTHREAD_MUTEX_INITIALIZER;
/* One refill at a time: threads that find the block empty together wait for
 * one reservation instead of each locking the counter row in turn. */
static pthread_mutex_t reference_refill_lock = PTHREAD_MUTEX_INITIALIZER;
static reference_block reference_blocks[REFERENCE_SLOTS];
static size_t reference_victim;

int case_reference_year(time_t now)
{
    struct tm tm;
    time_t t = now + 3600;

    gmtime_r(&t, &tm);
    return tm.tm_year + 1900;
}

void case_reference_format(int year, long long number, char *out, size_t n)
{
    snprintf(out, n, "BV-%d-%06lld", year, number);
}

static reference_block *reference_find(const char *tenant_id, int year)
{
    for (size_t i = 0; i < REFERENCE_SLOTS; i++) {
        reference_block *b = &reference_blocks[i];
        if (b->year == year && strcmp(b->tenant_id, tenant_id) == 0)
            return b;
    }
    return NULL;
}

/* Takes one number from this process' block; 0 when none is left. */
static long long reference_take(const char *tenant_id, int year)
{
    long long number = 0;
    reference_block *b;

    pthread_mutex_lock(&reference_lock);
    b = reference_find(tenant_id, year);
    if (b != NULL && b->next < b->end)
        number = b->next++;
    pthread_mutex_unlock(&reference_lock);
    return number;
}

/* Keeps the rest of a fresh block [first + 1, last] for later requests. */
static void reference_keep(const char *tenant_id, int year, long long first, long long last)
{
    reference_block *b;

    pthread_mutex_lock(&reference_lock);
    b = reference_find(tenant_id, year);
    if (b == NULL || b->next >= b->end) {
        if (b == NULL) {
            b = &reference_blocks[reference_victim];
            reference_victim = (reference_victim + 1) % REFERENCE_SLOTS;
        }
        snprintf(b->tenant_id, sizeof(b->tenant_id), "%s", tenant_id);
        b->year = year;
        b->next = first + 1;
        b->end = last + 1;
    }
    /* else another thread refilled meanwhile: our remainder is a gap */
    pthread_mutex_unlock(&reference_lock);
}

kc_status case_reference_next(kc_db_conn *conn, const char *tenant_id, int year, char *out,
                              size_t n, kc_problem *pb)
{
    long long number = reference_take(tenant_id, year);
    long long last = 0;
    kc_status st = KC_OK;

    if (number == 0) {
        pthread_mutex_lock(&reference_refill_lock);
        number = reference_take(tenant_id, year); /* refilled while we waited? */
        if (number == 0) {
            st = case_repo_reserve_references(conn, tenant_id, year, CASE_REFERENCE_BLOCK, &last,
                                              pb);
            if (st == KC_OK) {
                number = last - CASE_REFERENCE_BLOCK + 1;
                reference_keep(tenant_id, year, number, last);
            }
        }
        pthread_mutex_unlock(&reference_refill_lock);
        if (st != KC_OK)
            return st;
    }
    case_reference_format(year, number, out, n);
    return KC_OK;
}
