#!/bin/sh
# Used by the integration tests to stop and start the test Redis (on the
# same port) while the code under test runs: redisctl.sh stop|start.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/stack.sh"
rdir=${KOERS_TEST_STACK_DIR:?}/redis
case "${1:-}" in
stop) koers_redis_stop "$rdir" ;;
start) REDIS_PORT=$(cat "$rdir/redis.port") koers_redis_start "$rdir" ;;
*) echo "usage: redisctl.sh stop|start" >&2; exit 2 ;;
esac
