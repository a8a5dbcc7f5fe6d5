"""The faults of `make test-faults` (tests/faults/run.sh starts the stack:
two replicas of every service behind the gateway, PostgreSQL and Redis of
tests/lib/stack.sh, the tenant of tests/lib/services.sh).

Mixed load through the gateway (tests/lib/koers_load.py: cases filed with
an Idempotency-Key, some of them closed, survey answers, bottlenecks,
programmes) while
  1. PostgreSQL is killed with SIGKILL (every process of it), left down
     KOERS_FAULTS_PG_DOWN_S (6) seconds and started again on the same data
     and port;
  2. Redis is stopped for KOERS_FAULTS_REDIS_DOWN_S (15) seconds and started
     again (empty, as a restarted cache is).
Then it checks and prints:
  - 0 acknowledged writes lost: every id answered with 2xx reads back (a
    closed case as closed), the survey holds at least the acknowledged
    answers;
  - every replica ready again (GET /readyz 200) within RECOVER_S (10)
    seconds of PostgreSQL accepting connections again (its crash recovery
    itself may take up to PG_START_S, 120 s, on a loaded shared machine),
    none restarted (same pid);
  - while PostgreSQL was down or recovering: no answer other than 2xx or
    503 application/problem+json, none slower than the gateway's timeout
    (30 s);
  - while Redis was down: every replica's /readyz 200 throughout, and every
    request answered 2xx;
  - outside the outages: every request 2xx;
  - 0 events lost, none twice: each acknowledged write's event once in its
    service's replay (GET /<service>/v1/events); every event of the four
    replays once as a message of notifications (GET
    /notifications/v1/notificaties, the message id is the event id); the
    process's citizens' figures (processes reads the casedesk's events)
    count exactly the closed cases.
"""

import collections
import json
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from koers_load import Client, env_stack, replicas  # noqa: E402

WORK = os.environ["KOERS_FAULTS_WORK"]
PG_DOWN = float(os.environ.get("KOERS_FAULTS_PG_DOWN_S", "6"))
REDIS_DOWN = float(os.environ.get("KOERS_FAULTS_REDIS_DOWN_S", "15"))
STEADY = float(os.environ.get("KOERS_FAULTS_STEADY_S", "6"))
RECOVER_S = 10
PG_START_S = 120
GATEWAY_TIMEOUT_S = 30
CATCH_UP_S = 90
THREADS = int(os.environ.get("KOERS_FAULTS_THREADS", "4"))

failures = []


def check(ok, what):
    print("faults: %s %s" % ("ok  " if ok else "FAIL", what))
    if not ok:
        failures.append(what)


def stack_sh(fn):
    """Runs a tests/lib/stack.sh function on the run's stack folder."""
    subprocess.run(["sh", "-c", '. tests/lib/stack.sh && %s "$1" >/dev/null' % fn, "stack", WORK + "/stack"],
                   check=True)


def readyz(port):
    a = Client("http://127.0.0.1:%d" % port, timeout=5).call("GET", "/readyz")
    return a.status


S = env_stack()
S.setup()
reps = replicas(WORK)
print("faults: %d replicas (%s) behind the gateway %s; load of %d threads" % (
    len(reps), " ".join(n for n, _, _ in reps), S.gateway, THREADS))

stop = threading.Event()
marks = {"start": time.time()}
load = threading.Thread(target=S.run, args=(THREADS, 600, 10 ** 6, 0.02, stop))
load.start()

# ---- 1. PostgreSQL killed -------------------------------------------------------
time.sleep(STEADY)
marks["pg_kill"] = time.time()
stack_sh("koers_pg_kill")
print("faults: PostgreSQL killed with SIGKILL; down for %.0f s" % PG_DOWN)
time.sleep(PG_DOWN)
marks["pg_start"] = time.time()
stack_sh("koers_pg_start")
marks["pg_ready"] = time.time()
pg_restart_s = marks["pg_ready"] - marks["pg_start"]
print("faults: PostgreSQL started again on the same data and port: accepting connections after %.1f s of crash"
      " recovery" % pg_restart_s)
recovered = {}
while len(recovered) < len(reps) and time.time() - marks["pg_ready"] < RECOVER_S:
    for name, port, _ in reps:
        if name not in recovered and readyz(port) == 200:
            recovered[name] = time.time() - marks["pg_ready"]
    time.sleep(0.1)
marks["recovered"] = time.time()

# ---- 2. Redis stopped ------------------------------------------------------------------
time.sleep(STEADY)
marks["redis_stop"] = time.time()
stack_sh("koers_redis_stop")
print("faults: Redis stopped for %.0f s" % REDIS_DOWN)
ready_during_redis = collections.Counter()
while time.time() - marks["redis_stop"] < REDIS_DOWN:
    for name, port, _ in reps:
        ready_during_redis[(name, readyz(port))] += 1
    time.sleep(0.5)
marks["redis_start"] = time.time()
stack_sh("koers_redis_start")
print("faults: Redis started again")
time.sleep(STEADY)
stop.set()
load.join()
marks["end"] = time.time()

# ---- statuses by window ----------------------------------------------------------------------
def window(t0, t1):
    if t0 < marks["recovered"] and t1 > marks["pg_kill"]:
        return "postgres"
    if t0 < marks["redis_start"] + 1 and t1 > marks["redis_stop"]:
        return "redis"
    return "steady"


by_window = collections.defaultdict(collections.Counter)
slowest = collections.Counter()
bad = collections.defaultdict(list)
for t0, t1, op, status, ctype in S.log:
    w = window(t0, t1)
    ok2xx = isinstance(status, int) and 200 <= status < 300
    problem = status == 503 and ctype.startswith("application/problem+json")
    by_window[w][status if isinstance(status, int) else "conn"] += 1
    slowest[w] = max(slowest[w], t1 - t0)
    if not ok2xx and not (w == "postgres" and problem):
        bad[w].append("%s %s %s" % (op, status, ctype))

print("\nfaults: answers by window (request overlapping the outage):")
for w in ("steady", "postgres", "redis"):
    c = by_window[w]
    print("  %-9s %5d requests: %s; slowest %.2f s" % (
        w, sum(c.values()), ", ".join("%s: %d" % (k, v) for k, v in sorted(c.items(), key=str)), slowest[w]))
for w in ("steady", "postgres", "redis"):
    check(not bad[w], "%s: only %s (%d others%s)" % (
        w, "2xx or 503 problem+json" if w == "postgres" else "2xx", len(bad[w]),
        ": " + "; ".join(sorted(set(bad[w]))[:6]) if bad[w] else ""))
check(slowest["postgres"] < GATEWAY_TIMEOUT_S, "postgres: no request hung beyond the gateway's %d s (slowest %.2f s)"
      % (GATEWAY_TIMEOUT_S, slowest["postgres"]))
check(by_window["postgres"][503] > 0, "postgres: the outage was seen (%d answers of 503)" % by_window["postgres"][503])

# ---- recovery ------------------------------------------------------------------------------------
print("\nfaults: ready again after PostgreSQL accepted connections (s): %s" % ", ".join(
    "%s %.1f" % (n, recovered[n]) if n in recovered else "%s NEVER" % n for n, _, _ in reps))
check(pg_restart_s < PG_START_S, "PostgreSQL's crash recovery took %.1f s (bound %d s)" % (pg_restart_s, PG_START_S))
check(len(recovered) == len(reps), "every replica ready again within %d s of PostgreSQL accepting connections, without "
      "a restart (slowest %.1f s)" % (RECOVER_S, max(recovered.values() or [0])))
now = replicas(WORK)
check([p for _, _, p in now] == [p for _, _, p in reps] and all(
    subprocess.run(["kill", "-0", str(p)]).returncode == 0 for _, _, p in reps),
    "no replica restarted or died (same pids)")
not_ready = {k: v for k, v in ready_during_redis.items() if k[1] != 200}
check(not not_ready, "Redis down: /readyz 200 on every replica throughout (%d probes%s)" % (
    sum(ready_during_redis.values()),
    ", not 200: " + ", ".join("%s %s x%d" % (k[0], k[1], v) for k, v in sorted(not_ready.items(), key=str))
    if not_ready else ""))

# ---- 0 acknowledged writes lost ---------------------------------------------------------------------
c = S.client()
acked = {op: [i for i in ids if i] for op, ids in S.acked.items()}
lost = collections.Counter()
paths = {"case": "/casedesk/v1/cases/%s", "bottleneck": "/processes/v1/bottlenecks/%s",
         "programme": "/programmes/v1/programmes/%s"}
for op, path in paths.items():
    for ident in acked.get(op, []):
        a = c.call("GET", path % ident, cred=S.key if op == "case" else S.token)
        if a.status != 200:
            lost[op] += 1
closed = 0
for ident in acked.get("case", []):
    a = c.call("GET", "/casedesk/v1/cases/%s" % ident, cred=S.key)
    if a.status == 200 and a.json["status"] == "closed":
        closed += 1
lost["close"] = len([i for i in acked.get("close", []) if
                     c.call("GET", "/casedesk/v1/cases/%s" % i, cred=S.key).json.get("status") != "closed"])
res = S.must(c, "GET", "/surveys/v1/surveys/%s/results" % S.fix["survey"], cred=S.t["STOKEN"])
rows = [r for r in res.get("results", res.get("items", [])) if r.get("code") == "tevreden"]
answered = sum(r.get("n", 0) for r in rows)
n_resp = len(acked.get("response", []))
lost["response"] = max(0, n_resp - answered)
print("\nfaults: writes acknowledged: %s; without an answer of 2xx: %s" % (
    ", ".join("%s %d" % (k, len(v)) for k, v in sorted(acked.items())),
    ", ".join("%s %d" % kv for kv in sorted(S.unsure.items())) or "none"))
print("faults: survey answers stored %d (acknowledged %d, not acknowledged %d)" % (
    answered, n_resp, S.unsure.get("response", 0)))
check(sum(lost.values()) == 0, "0 acknowledged writes lost (%s)" % ", ".join(
    "%s %d" % kv for kv in sorted(lost.items())))
check(answered <= n_resp + S.unsure.get("response", 0), "no survey answer stored twice")

# ---- 0 events lost, none twice ------------------------------------------------------------------
ek = S.t["EVENTS_KEY"]
events = {}
for svc in ("casedesk", "surveys", "processes", "programmes"):
    events[svc] = S.walk(c, "/%s/v1/events" % svc, ek)
ids = [e["id"] for evs in events.values() for e in evs]
check(len(ids) == len(set(ids)), "no event id twice in the replays (%d events)" % len(ids))


def subject(e):
    return e.get("subject") or e.get("subjectId") or (e.get("data") or {}).get("id")


def count_of(svc, prefix):
    n = collections.Counter()
    for e in events[svc]:
        if e["type"].startswith(prefix):
            n[subject(e)] += 1
    return n


want = (("case", "casedesk", "case.received"), ("close", "casedesk", "case.closed"),
        ("bottleneck", "processes", "bottleneck.raised"), ("programme", "programmes", "programme.created"))
for op, svc, etype in want:
    n = count_of(svc, etype)
    missing = [i for i in acked.get(op, []) if n[i] == 0]
    twice = [i for i in acked.get(op, []) if n[i] > 1]
    check(not missing and not twice, "%s: each of %d acknowledged has one %s in the %s replay (missing %d, twice %d)"
          % (op, len(acked.get(op, [])), etype, svc, len(missing), len(twice)))

# notifications: every event once as a message
t0 = time.time()
nk = S.t["NKEY_READ"]
while True:
    msgs = S.walk(c, "/notifications/v1/notificaties", nk)
    got = collections.Counter(m["id"] for m in msgs)
    missing = [i for i in ids if got[i] == 0]
    if not missing or time.time() - t0 > CATCH_UP_S:
        break
    time.sleep(1)
twice = [i for i, k in got.items() if k > 1]
check(not missing and not twice, "notifications: every one of %d events once as a message (%d messages, missing %d, "
      "twice %d; caught up in %.1f s)" % (len(ids), len(msgs), len(missing), len(twice), time.time() - t0))

# processes: the citizens' figures count the closed cases once each
t0 = time.time()
while True:
    fig = S.must(c, "GET", "/processes/v1/processes/%s/citizen-figures" % S.fix["process"])
    if fig["cases"] >= closed or time.time() - t0 > CATCH_UP_S:
        break
    time.sleep(1)
time.sleep(2)
fig = S.must(c, "GET", "/processes/v1/processes/%s/citizen-figures" % S.fix["process"])
check(fig["cases"] == closed, "processes: the citizens' figures count %d cases, %d are closed" % (fig["cases"], closed))

summary = {
    "writesAcknowledged": {k: len(v) for k, v in acked.items()},
    "lost": sum(lost.values()),
    "statuses": {w: {str(k): v for k, v in by_window[w].items()} for w in by_window},
    "postgresRestartSeconds": round(pg_restart_s, 1),
    "recoverySeconds": {k: round(v, 1) for k, v in recovered.items()},
    "eventsChecked": len(ids),
    "failures": failures,
}
with open(WORK + "/faults.json", "w") as f:
    json.dump(summary, f, indent=1)
print("\nfaults: %s" % json.dumps(summary, separators=(",", ":")))
print("faults: %s" % ("PASSED" if not failures else "FAILED: %d checks" % len(failures)))
sys.exit(1 if failures else 0)
