/* The fake of kc_outbox_add that records the event types in kt_db: see
 * koers_test.h. A file of its own, apart from the pool's fakes
 * (kt_db_fake.c): a test that checks the events' data defines its own. */
#include <stdio.h>

#include "koers_test.h"

KT_FAKE(kc_outbox_add);
kc_status __wrap_kc_outbox_add(kc_db_conn *conn, const char *schema, const char *type,
                               const char *tenant_id, const char *aggregate_id, const json_t *data,
                               kc_problem *pb)
{
    (void)conn;
    (void)schema;
    (void)tenant_id;
    (void)aggregate_id;
    (void)data;
    (void)pb;
    if (kt_db.nevents < (int)KC_NELEMS(kt_db.events))
        snprintf(kt_db.events[kt_db.nevents++], sizeof(kt_db.events[0]), "%s", type);
    return KC_OK;
}
