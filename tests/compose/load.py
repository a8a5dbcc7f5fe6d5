"""Load through the gateway for tests/compose/run.sh: THREADS threads for
SECONDS seconds, each alternately filing a case (POST, its own
Idempotency-Key) and reading one back (GET), over keep-alive connections.
Every answer must be 200/201; prints the counts and exits 1 on any failure.

A request that gets no answer at all on a kept-alive connection (the
gateway closed it while idle: nginx's old workers close their idle
connections when the gateway reloads for the changed replicas) is sent once
more on a new connection, as RFC 9112 9.3.1 lets a client do for an
idempotent request (the GET; the POST carries an Idempotency-Key). Such
resends are counted apart; an answer, 5xx included, is never resent.

  KOERS_GATEWAY_URL KEY_A CATEGORY_ID python3 load.py SECONDS THREADS
"""
import collections
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
import uuid

seconds, threads = float(sys.argv[1]), int(sys.argv[2])
u = urllib.parse.urlsplit(os.environ["KOERS_GATEWAY_URL"])
key, cat = os.environ["KEY_A"], os.environ["CATEGORY_ID"]
lock = threading.Lock()
counts = collections.Counter()
failures = []
deadline = time.monotonic() + seconds


def worker(n):
    conn = None
    uses = 0
    last_case = None
    i = 0
    resend = False
    while resend or time.monotonic() < deadline:
        if not resend:
            i += 1
        if conn is None:
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
            uses = 0
        hdrs = {"Authorization": "Bearer " + key, "Accept": "application/json",
                "X-Request-Id": "load-%d-%d" % (n, i)}
        if resend:
            pass  # the same method, path, body and Idempotency-Key
        elif last_case is None or i % 2:
            method, path = "POST", "/casedesk/v1/cases"
            body = json.dumps({"categoryId": cat, "description": "load %d %d" % (n, i), "channel": "web",
                               "district": "Load", "citizen": {"name": "L. Oad", "email": "l.oad@voorbeeld.example"}})
            hdrs["Content-Type"] = "application/json"
            hdrs["Idempotency-Key"] = idem = uuid.uuid4().hex
        else:
            method, path, body = "GET", "/casedesk/v1/cases/" + last_case, None
        if resend and method == "POST":
            hdrs["Content-Type"] = "application/json"
            hdrs["Idempotency-Key"] = idem
        t0 = time.monotonic()
        answered = False
        try:
            conn.request(method, path, body=body, headers=hdrs)
            r = conn.getresponse()
            answered = True
            raw = r.read()
            status = r.status
        except (OSError, http.client.HTTPException) as e:
            status, raw = "conn:" + type(e).__name__, b""
            conn.close()
            conn = None
            if not answered and uses > 0 and not resend:
                with lock:
                    counts["resent"] += 1
                resend = True
                continue
        resend = False
        if conn is not None:
            uses += 1
        dt = time.monotonic() - t0
        with lock:
            counts[(method, status)] += 1
            counts["slowest_ms"] = max(counts["slowest_ms"], int(dt * 1000))
            if status not in (200, 201):
                failures.append("%s %s -> %s %s" % (method, path, status, raw[:200]))
        if status == 201:
            last_case = json.loads(raw)["id"]


ts = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
for t in ts:
    t.start()
for t in ts:
    t.join()
summary = ", ".join("%s %s: %d" % (k[0], k[1], v) for k, v in sorted(counts.items(), key=str) if isinstance(k, tuple))
print("load: %s; slowest %d ms; %d failed; %d resent after a kept-alive connection closed unanswered"
      % (summary, counts["slowest_ms"], len(failures), counts["resent"]))
for f in failures[:20]:
    print("load: FAILED " + f)
sys.exit(1 if failures or not counts else 0)
