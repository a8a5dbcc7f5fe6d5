#!/bin/sh
# `make test-faults`: the release build of every service, two replicas
# each, behind the gateway, on a throwaway PostgreSQL and Redis; mixed load
# through the gateway while PostgreSQL is killed with SIGKILL and started
# again, then Redis is stopped and started again (tests/faults/faults.py
# says what is checked and prints the figures). At the end every replica
# gets SIGTERM and must exit 0. Bounded: KOERS_FAULTS_TIMEOUT (600 s).
#
#   BUILD=build/rel sh tests/faults/run.sh
#   KOERS_FAULTS_KEEP=1 ...   keeps the work folder (logs, faults.json)
set -eu

# shellcheck source=../lib/harness.sh
. "$(dirname "$0")/../lib/harness.sh"

koers_harness_begin faults faults "${KOERS_FAULTS_KEEP:-0}" casedesk surveys processes programmes notifications iam koers-admin

echo "faults: starting PostgreSQL, Redis, two replicas of every service and the gateway"
koers_harness_up 2
KOERS_FAULTS_WORK=$work
export KOERS_FAULTS_WORK PG_PORT REDIS_PORT

timeout "${KOERS_FAULTS_TIMEOUT:-600}" /usr/bin/python3 -B tests/faults/faults.py
