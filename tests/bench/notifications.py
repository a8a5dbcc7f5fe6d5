"""The measuring part of make bench-notifications (tests/bench/
notifications.sh starts PostgreSQL, Redis, casedesk, the receivers and
notifications, then runs this): BENCH_SUBSCRIPTIONS subscriptions to the
kanaal cases (the first one's callback never answers), BENCH_EVENTS cases
filed in the casedesk (each a case.received event, a message for every
subscription), then waits until every delivery but the slow one's is done
and prints the figures: deliveries per second (from the deliveries' own
times), the notifications process's CPU time per delivery (/proc/<pid>/stat),
what the receivers counted (every message once) and what became of the
slow subscription's deliveries. Bounded by BENCH_LIMIT_S.

Environment: CASEDESK_URL, NOTIFICATIONS_URL, RECEIVERS (space-separated
ports), SVC_PID, KOERS_DATABASE_URL, PSQL, CASE_KEY (cases:write),
SUB_KEY (notifications:subscribe), CATEGORY_ID, BENCH_SUBSCRIPTIONS,
BENCH_EVENTS, BENCH_LIMIT_S, BENCH_SIGNING (1: every subscription signed).
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

E = os.environ
NSUB = int(E.get("BENCH_SUBSCRIPTIONS", "1000"))
NEV = int(E.get("BENCH_EVENTS", "20"))
LIMIT = float(E.get("BENCH_LIMIT_S", "300"))
SIGNING = E.get("BENCH_SIGNING", "0") == "1"
RECEIVERS = E["RECEIVERS"].split()
HZ = os.sysconf("SC_CLK_TCK")
t_start = time.time()


def say(msg):
    print("bench-notifications: [%4.0fs] %s" % (time.time() - t_start, msg), flush=True)


def http(method, url, body=None, key=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if key:
        req.add_header("Authorization", "Bearer " + key)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def sql(query):
    out = subprocess.run([E["PSQL"], "-qAtX", "-F", "|", E["KOERS_DATABASE_URL"], "-c", query],
                         check=True, capture_output=True, text=True).stdout.strip()
    return [line.split("|") for line in out.splitlines()] if out else []


def cpu_ticks():
    with open("/proc/%s/stat" % E["SVC_PID"]) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15)


def bounded(what):
    if time.time() - t_start > LIMIT:
        sys.exit("bench-notifications: %s: over the limit of %d s (BENCH_LIMIT_S)" % (what, LIMIT))


# ---- subscriptions ----------------------------------------------------------------
def subscribe(i):
    port = RECEIVERS[i % len(RECEIVERS)]
    path = "/slow/%d" % i if i == 0 else "/s/%d" % i
    body = {"callbackUrl": "http://127.0.0.1:%s%s" % (port, path), "auth": "Bearer bench-%d" % i,
            "kanalen": [{"naam": "cases", "filters": {}}]}
    if SIGNING:
        body["signing"] = True
    st, doc = http("POST", E["NOTIFICATIONS_URL"] + "/notifications/v1/abonnement", body, E["SUB_KEY"])
    if st != 201:
        sys.exit("bench-notifications: POST /abonnement -> %s %s" % (st, doc))
    return doc["url"].rstrip("/").rsplit("/", 1)[1]


say("creating %d subscriptions to kanaal cases (each answers its test message; #0 never answers "
    "a real one)%s" % (NSUB, ", signed" if SIGNING else ""))
t0 = time.time()
with ThreadPoolExecutor(8) as pool:
    ids = list(pool.map(subscribe, range(NSUB)))
slow_id = ids[0]
say("%d subscriptions in %.1f s (%.0f/s)" % (NSUB, time.time() - t0, NSUB / (time.time() - t0)))

# ---- events -------------------------------------------------------------------------
before = int(sql("SELECT count(*) FROM notifications.messages")[0][0])
cpu0 = cpu_ticks()
say("filing %d cases in the casedesk" % NEV)
for n in range(NEV):
    st, doc = http("POST", E["CASEDESK_URL"] + "/casedesk/v1/cases", {
        "categoryId": E["CATEGORY_ID"], "description": "Benchmarkmelding %d" % n, "district": "Centrum",
        "channel": "web", "citizen": {"name": "Bench Inwoner", "email": "bench@example.org"},
    }, E["CASE_KEY"])
    if st != 201:
        sys.exit("bench-notifications: POST /cases -> %s %s" % (st, doc))

# ---- wait: every message made, every delivery but the slow one's finished -------------
while True:
    bounded("waiting for the intake")
    msgs = int(sql("SELECT count(*) FROM notifications.messages")[0][0]) - before
    if msgs >= NEV:
        break
    time.sleep(0.2)
say("%d messages made from the casedesk's events; waiting for the deliveries" % msgs)
last, stable = None, 0
while True:
    bounded("waiting for the deliveries")
    # (an event type that makes more than one message per case counts too)
    msgs = int(sql("SELECT count(*) FROM notifications.messages")[0][0]) - before
    row = sql("SELECT count(*) FILTER (WHERE state IN ('pending', 'retrying')), count(*) "
              "FROM notifications.deliveries WHERE subscription_id <> '%s'" % slow_id)[0]
    open_, total = int(row[0]), int(row[1])
    if open_ == 0 and total >= msgs * (NSUB - 1):
        break
    if (open_, total) != last:
        last = (open_, total)
        say("  %d of %d deliveries still open" % (open_, total))
    time.sleep(0.5)
cpu1 = cpu_ticks()

# ---- figures ----------------------------------------------------------------------------
row = sql("SELECT count(*), extract(epoch FROM max(finished_at) - min(created_at)), "
          "count(*) FILTER (WHERE attempts > 1) "
          "FROM notifications.deliveries WHERE state = 'delivered' AND subscription_id <> '%s'" % slow_id)[0]
delivered, span, retried = int(row[0]), float(row[1] or 0), int(row[2])
states = dict((s, int(n)) for s, n in sql(
    "SELECT state, count(*) FROM notifications.deliveries WHERE subscription_id <> '%s' GROUP BY 1" % slow_id))
slow = dict((s, int(n)) for s, n in sql(
    "SELECT state, count(*) FROM notifications.deliveries WHERE subscription_id = '%s' GROUP BY 1" % slow_id))
slow_attempts = sql("SELECT count(*), coalesce(round(avg(duration_ms)), 0) FROM notifications.delivery_attempts a "
                    "JOIN notifications.deliveries d ON d.id = a.delivery_id WHERE d.subscription_id = '%s'"
                    % slow_id)[0]
rx = {"received": 0, "duplicates": 0, "paths": 0, "slow": 0}
for port in RECEIVERS:
    st, doc = http("GET", "http://127.0.0.1:%s/stats" % port)
    for k in rx:
        rx[k] += doc[k]
cpu_ms = (cpu1 - cpu0) * 1000.0 / HZ

print()
print("bench-notifications: %d subscriptions (1 never answers), %d messages, %d deliveries to the others"
      % (NSUB, msgs, sum(states.values())))
print("  delivered              %d (%s)" % (delivered, ", ".join("%s %d" % kv for kv in sorted(states.items()))))
print("  deliveries per second  %.0f  (%d in %.2f s, first queued to last delivered)"
      % (delivered / span if span else 0, delivered, span))
print("  CPU per delivery       %.3f ms of the notifications process (%.2f s user+system for the run)"
      % (cpu_ms / delivered if delivered else 0, cpu_ms / 1000))
print("  retried                %d of them needed more than one attempt" % retried)
print("  receivers              %d POSTs on %d paths, %d duplicates" % (rx["received"], rx["paths"], rx["duplicates"]))
print("  the slow subscription  deliveries %s; %s attempts, %s ms each on average (the timeout)"
      % (", ".join("%s %d" % kv for kv in sorted(slow.items())) or "none", slow_attempts[0], slow_attempts[1]))
ok = delivered == msgs * (NSUB - 1) and rx["duplicates"] == 0 and rx["received"] == delivered
if not ok:
    sys.exit("bench-notifications: FAIL: want %d delivered once each, the receivers counted %d (%d twice)"
             % (msgs * (NSUB - 1), rx["received"], rx["duplicates"]))
