#include "surveys_http.h"

kc_db_pool *surveys_http_pool(const kc_ctx *ctx)
{
    return ((const surveys_app *)ctx->app)->pool;
}
