#ifndef KOERS_IT_H
#define KOERS_IT_H

/* Helpers of the integration tests (header-only, static inline). */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline const char *it_env(const char *name)
{
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0') {
        fprintf(stderr, "%s is not set: run through tests/integration/run.sh\n", name);
        exit(2);
    }
    return v;
}

static inline long long it_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void it_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Stops or starts the test Redis through tests/integration/redisctl.sh. */
static inline int it_redis(const char *action)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "sh '%s' %s >/dev/null", it_env("KOERS_TEST_REDISCTL"), action);
    return system(cmd);
}

#endif
