#!/bin/sh
# `make soak` (not in CI): the release build of every service, one replica
# each, behind the gateway, on a throwaway PostgreSQL and Redis; SOAK_SECONDS
# (1200) of mixed load through the gateway while the RSS and open file
# descriptors of every process and the latency are sampled every 10 s
# (tests/soak/soak.py says what fails it). At the end every service gets
# SIGTERM and must exit 0.
#
#   SOAK_SECONDS=120 BUILD=build/rel sh tests/soak/run.sh
#   KOERS_SOAK_KEEP=1 ...   keeps the work folder (logs, soak.json)
set -eu

# shellcheck source=../lib/harness.sh
. "$(dirname "$0")/../lib/harness.sh"

koers_harness_begin soak soak "${KOERS_SOAK_KEEP:-0}" casedesk surveys processes programmes notifications iam koers-admin
# a failed soak prints soak.py's own report, not the services' logs
# (KOERS_SOAK_KEEP=1 keeps them)
harness_logs() { :; }

echo "soak: starting PostgreSQL, Redis, every service and the gateway (${SOAK_SECONDS:-1200} s of load)"
# the services log warnings only: a soak's info lines would fill the disk
KOERS_LOG_LEVEL=${KOERS_LOG_LEVEL:-warn}
export KOERS_LOG_LEVEL
koers_harness_up 1
KOERS_SOAK_WORK=$work
export KOERS_SOAK_WORK

timeout $((${SOAK_SECONDS:-1200} + 300)) /usr/bin/python3 -B tests/soak/soak.py
