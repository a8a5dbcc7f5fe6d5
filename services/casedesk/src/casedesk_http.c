#include "casedesk_http.h"

kc_db_pool *casedesk_http_pool(const kc_ctx *ctx)
{
    return ((const casedesk_app *)ctx->app)->pool;
}
