#ifndef KOERS_REDIS_INTERNAL_H
#define KOERS_REDIS_INTERNAL_H

#include <hiredis/hiredis.h>

/* Internal to the shared library: the Redis address parsing and connect
 * helper used by the outbox relay and the subscriber. */
typedef struct kc_redis_addr {
    char host[128];
    int port;
    int db;
    char password[128];
} kc_redis_addr;

/* Parses "redis://[:password@]host[:port][/db]" (also "host:port"). Returns
 * 0, or -1 when the URL is malformed. */
int kc_redis_parse_url(const char *url, kc_redis_addr *out);

/* Connects with a bounded connect and command timeout (milliseconds),
 * authenticates and selects the database. Returns a connected context the
 * caller frees with redisFree(), or NULL. */
redisContext *kc_redis_connect(const kc_redis_addr *a, int timeout_ms);

#endif
