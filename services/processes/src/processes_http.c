#include "processes_http.h"

kc_db_pool *processes_http_pool(const kc_ctx *ctx)
{
    return ((const processes_app *)ctx->app)->pool;
}
