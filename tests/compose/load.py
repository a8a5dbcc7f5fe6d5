"""Load through the gateway for tests/compose/run.sh: THREADS threads for
SECONDS seconds, each alternately filing a case (POST, its own
Idempotency-Key) and reading one back (GET), over keep-alive connections.
Every answer must be 200/201; prints the counts and exits 1 on any failure.

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
    last_case = None
    i = 0
    while time.monotonic() < deadline:
        i += 1
        if conn is None:
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        hdrs = {"Authorization": "Bearer " + key, "Accept": "application/json",
                "X-Request-Id": "load-%d-%d" % (n, i)}
        if last_case is None or i % 2:
            method, path = "POST", "/casedesk/v1/cases"
            body = json.dumps({"categoryId": cat, "description": "load %d %d" % (n, i), "channel": "web",
                               "district": "Load", "citizen": {"name": "L. Oad", "email": "l.oad@voorbeeld.example"}})
            hdrs["Content-Type"] = "application/json"
            hdrs["Idempotency-Key"] = uuid.uuid4().hex
        else:
            method, path, body = "GET", "/casedesk/v1/cases/" + last_case, None
        t0 = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=hdrs)
            r = conn.getresponse()
            raw = r.read()
            status = r.status
        except (OSError, http.client.HTTPException) as e:
            status, raw = "conn:" + type(e).__name__, b""
            conn.close()
            conn = None
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
print("load: %s; slowest %d ms; %d failed" % (summary, counts["slowest_ms"], len(failures)))
for f in failures[:20]:
    print("load: FAILED " + f)
sys.exit(1 if failures or not counts else 0)
