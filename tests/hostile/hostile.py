"""Slow and hostile clients against casedesk, directly and through the
gateway (tests/hostile/run.sh starts them and sets the environment).

Each attack is bounded in connections and time. The attack connections come
from 127.0.0.2, the normal requests from 127.0.0.1, so a per-address limit
can tell them apart (behind a real gateway they are different clients).
While an attack runs a probe sends normal requests, a GET and a POST of a
case, each on a new connection, through the gateway and directly: each
must succeed within PROBE_BOUND_S. Afterwards every attack connection must
have been closed by the server within its bound: the request deadline (+
slack) for the service, HOSTILE_GATEWAY_CUT_S for the gateway.
Prints the figures; exits 1 when a check failed."""

import http.client
import json
import os
import resource
import selectors
import socket
import statistics
import sys
import threading
import time

ENV = os.environ
DEADLINE_S = int(ENV["HOSTILE_DEADLINE_S"])
IDLE_S = int(ENV["HOSTILE_IDLE_S"])
TARGETS = {"direct": int(ENV["HOSTILE_SERVICE_PORT"]), "gateway": int(ENV["HOSTILE_GATEWAY_PORT"])}
# how long after its start (or last byte, for idle ones) an attack
# connection may live: the service's deadline plus the reaper's period and
# slack; the gateway's own deadlines (client_header_timeout and the like)
SLACK_S = 3
BOUND_S = {"direct": DEADLINE_S + SLACK_S,
           "gateway": int(ENV.get("HOSTILE_GATEWAY_CUT_S", "15")) + SLACK_S}
PROBE_BOUND_S = 2.0
ATTACKER = "127.0.0.2"
KEY = ENV["HOSTILE_KEY"]
TOKEN = ENV["HOSTILE_TOKEN"]
ONLY = ENV.get("HOSTILE_ONLY", "").split()
API = "/casedesk/v1"

failures = []


def fail(msg):
    failures.append(msg)
    print("  FAIL: " + msg, flush=True)


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 25000 if hard == resource.RLIM_INFINITY else hard
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def call(port, method, path, body=None, cred=None, timeout=10.0):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Content-Type": "application/json"}
    if cred and cred.count(".") == 2:
        headers["Authorization"] = "Bearer " + cred
    elif cred:
        headers["X-API-Key"] = cred
    try:
        conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        r = conn.getresponse()
        data = r.read()
        return r.status, data
    finally:
        conn.close()


# ---- the probe: normal requests during an attack ----------------------------------

class Probe(threading.Thread):
    def __init__(self, category_id):
        super().__init__(daemon=True)
        self.category_id = category_id
        self.stop = threading.Event()
        self.samples = {t: [] for t in TARGETS}  # (latency s, ok)
        self.errors = {t: [] for t in TARGETS}

    def one(self, target, method, path, body):
        t0 = time.monotonic()
        try:
            status, _ = call(TARGETS[target], method, path, body, KEY, timeout=PROBE_BOUND_S + 3)
            ok = status in (200, 201)
            why = "status %d" % status
        except OSError as e:
            ok, why = False, type(e).__name__
        dt = time.monotonic() - t0
        if ok and dt > PROBE_BOUND_S:
            ok, why = False, "took %.2f s" % dt
        self.samples[target].append((dt, ok))
        if not ok:
            self.errors[target].append("%s %s: %s" % (method, path, why))

    def run(self):
        body = {"categoryId": self.category_id, "description": "Losliggende stoeptegel bij de bushalte",
                "channel": "web", "citizen": {"name": "Jan de Vries", "email": "jan@voorbeeld.example"}}
        while not self.stop.is_set():
            for target in TARGETS:
                self.one(target, "GET", API + "/cases?limit=1", None)
                self.one(target, "POST", API + "/cases", body)
            self.stop.wait(0.25)

    def report(self, name):
        for target in TARGETS:
            lat = sorted(dt for dt, _ in self.samples[target])
            bad = self.errors[target]
            if not lat:
                fail("%s: no normal request %s was made" % (name, target))
                continue
            print("  normal requests %-7s: %d, %d failed, p50 %.0f ms, max %.0f ms"
                  % (target, len(lat), len(bad), statistics.median(lat) * 1000, lat[-1] * 1000), flush=True)
            if bad:
                fail("%s: %d normal requests %s failed (first: %s)" % (name, len(bad), target, bad[0]))


# ---- attack connections -------------------------------------------------------------

class Conn:
    __slots__ = ("sock", "target", "opened", "closed", "sent", "answer", "payload")

    def __init__(self, sock, target, payload):
        self.sock, self.target, self.payload = sock, target, payload
        self.opened = time.monotonic()
        self.closed = None
        self.sent = 0
        self.answer = b""


def open_conns(target, n, first, payload):
    """n connections from ATTACKER to target, each sent `first` at once;
    payload is what it trickles afterwards (one byte a second). Returns
    (open connections, connections refused at once)."""
    conns, refused = [], 0
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
        try:
            s.bind((ATTACKER, 0))
            s.settimeout(2)
            s.connect(("127.0.0.1", TARGETS[target]))
            if first:
                s.sendall(first)
            s.setblocking(False)
        except OSError:
            refused += 1
            s.close()
            continue
        conns.append(Conn(s, target, payload))
    return conns, refused


def watch(conns, window_s, trickle):
    """Keeps the connections for window_s seconds, trickling one byte a
    second when `trickle`; notes when the server closed each."""
    sel = selectors.DefaultSelector()
    for c in conns:
        sel.register(c.sock, selectors.EVENT_READ, c)
    end = time.monotonic() + window_s
    next_tick = time.monotonic() + 1
    live = len(conns)
    while time.monotonic() < end and live > 0:
        for key, _ in sel.select(timeout=0.2):
            c = key.data
            try:
                data = c.sock.recv(65536)
            except OSError:
                data = b""
            if data:
                c.answer += data[:512] if len(c.answer) < 512 else b""
                continue
            c.closed = time.monotonic()
            sel.unregister(c.sock)
            live -= 1
        if trickle and time.monotonic() >= next_tick:
            next_tick += 1
            for c in conns:
                if c.closed is not None or c.sent >= len(c.payload):
                    continue
                try:
                    c.sock.send(c.payload[c.sent:c.sent + 1])
                    c.sent += 1
                except BlockingIOError:
                    pass
                except OSError:
                    c.closed = time.monotonic()
                    sel.unregister(c.sock)
                    live -= 1
    sel.close()
    for c in conns:
        c.sock.close()


def judge(name, target, conns, refused):
    n = len(conns)
    lived = sorted((c.closed or time.monotonic()) - c.opened for c in conns)
    still = sum(1 for c in conns if c.closed is None)
    answered = {}
    for c in conns:
        line = c.answer.split(b"\r\n", 1)[0][:40].decode("latin-1") if c.answer else "-"
        answered[line] = answered.get(line, 0) + 1
    held_at_2s = sum(1 for x in lived if x >= 2)
    print("  %-7s %d opened (%d refused at once), %d held past 2 s, cut after p50 %.1f s max %.1f s, "
          "%d never cut; answers %s"
          % (target, n, refused, held_at_2s, statistics.median(lived) if lived else 0,
             lived[-1] if lived else 0, still, answered), flush=True)
    if still:
        fail("%s %s: %d of %d connections still open after %d s (want all cut within %d s)"
             % (name, target, still, n, int(lived[-1]), BOUND_S[target]))
    elif lived and lived[-1] > BOUND_S[target]:
        fail("%s %s: a connection lived %.1f s (want at most %d s)" % (name, target, lived[-1], BOUND_S[target]))


def attack(name, per_target, first, payload, trickle, targets=tuple(TARGETS)):
    """Runs one attack against the targets at once, with the probe."""
    print("== %s: %d connections per target, %s" % (name, per_target, "trickling a byte a second" if trickle else "silent"),
          flush=True)
    probe = Probe(CATEGORY)
    probe.start()
    window = max(BOUND_S[t] for t in targets) + 2
    opened = {}
    for t in targets:
        opened[t] = open_conns(t, per_target, first, payload)
    watch([c for t in targets for c in opened[t][0]], window, trickle)
    probe.stop.set()
    probe.join()
    for t in targets:
        judge(name, t, *opened[t])
    probe.report(name)


# ---- requests answered at once ------------------------------------------------------

def answered(name, raw, want, count, problem_json=True):
    """count requests `raw` per target: each must get a status in want
    within PROBE_BOUND_S and then be closed (or answered completely)."""
    print("== %s: %d requests per target" % (name, count), flush=True)
    probe = Probe(CATEGORY)
    probe.start()
    for target, port in TARGETS.items():
        statuses, types, slow = {}, {}, 0
        worst = 0.0
        for _ in range(count):
            s = socket.create_connection(("127.0.0.1", port), timeout=PROBE_BOUND_S + 0.5)
            t0 = time.monotonic()
            data = b""
            try:
                s.sendall(raw)
                while b"\r\n\r\n" not in data:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
            except OSError:
                pass
            dt = time.monotonic() - t0
            worst = max(worst, dt)
            s.close()
            head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
            line = head.split("\r\n", 1)[0]
            code = int(line.split()[1]) if line.startswith("HTTP/") and len(line.split()) > 1 else 0
            ctype = "-"
            for h in head.split("\r\n")[1:]:
                if h.lower().startswith("content-type:"):
                    ctype = h.split(":", 1)[1].strip()
            statuses[code] = statuses.get(code, 0) + 1
            types[ctype] = types.get(ctype, 0) + 1
            if dt > PROBE_BOUND_S:
                slow += 1
        print("  %-7s statuses %s, content types %s, slowest answer %.2f s"
              % (target, statuses, types, worst), flush=True)
        if set(statuses) - set(want) or slow:
            fail("%s %s: answers %s (want %s within %.0f s each)"
                 % (name, target, statuses, sorted(want), PROBE_BOUND_S))
        elif problem_json and set(types) != {"application/problem+json"}:
            fail("%s %s: content types %s (want application/problem+json)" % (name, target, types))
    probe.stop.set()
    probe.join()
    probe.report(name)


def idle(per_target):
    """The silent connections, one target at a time (the driver's open
    files hold one target's at once)."""
    for t in TARGETS:
        attack("idle", per_target, b"", b"", False, targets=(t,))


def main():
    global CATEGORY
    fds = raise_fd_limit()
    print("hostile: request deadline %d s, idle timeout %d s; bounds: direct %d s, gateway %d s, "
          "normal requests %.0f s; open files %d" % (DEADLINE_S, IDLE_S, BOUND_S["direct"], BOUND_S["gateway"],
                                                     PROBE_BOUND_S, fds), flush=True)
    status, data = call(TARGETS["gateway"], "POST", API + "/categories", {"name": "Stoep", "slaDays": 7}, TOKEN)
    if status != 201:
        print("hostile: cannot create a category: %d %s" % (status, data[:200]), flush=True)
        return 1
    CATEGORY = json.loads(data)["id"]

    head = b"GET " + API.encode() + b"/cases HTTP/1.1\r\nHost: x\r\nX-API-Key: " + KEY.encode() + b"\r\n"
    post = (b"POST " + API.encode() + b"/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"X-API-Key: " + KEY.encode() + b"\r\n")
    runs = {
        "slowloris": lambda: attack("slowloris", 1000, head, b"X-Slow: " + b"a" * 200, True),
        "trickle-length": lambda: attack("trickled body (Content-Length)", 300,
                                         post + b"Content-Length: 1000\r\n\r\n", b"{" + b" " * 999, True),
        "trickle-chunked": lambda: attack("trickled body (chunked)", 300,
                                          post + b"Transfer-Encoding: chunked\r\n\r\n",
                                          b"".join(b"1\r\n \r\n" for _ in range(100)), True),
        "headers": lambda: (
            answered("many headers (1,000 of 60 bytes)",
                     head + b"".join(b"X-Pad-%04d: %s\r\n" % (i, b"p" * 48) for i in range(1000)) + b"\r\n",
                     (400, 413, 431), 50, problem_json=False),
            answered("one header of 64 KiB", head + b"X-Huge: " + b"h" * 65536 + b"\r\n\r\n",
                     (400, 413, 431), 50, problem_json=False)),
        "te": lambda: (
            answered("Transfer-Encoding: bogus", post + b"Transfer-Encoding: bogus\r\n\r\n{}", (400, 501), 10),
            answered("Transfer-Encoding and Content-Length",
                     post + b"Transfer-Encoding: chunked\r\nContent-Length: 7\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                     (400, 501), 10)),
        "idle": lambda: idle(10000),
    }
    t0 = time.monotonic()
    for name, run in runs.items():
        if ONLY and name not in ONLY:
            continue
        run()
    print("hostile: %d checks failed in %.0f s" % (len(failures), time.monotonic() - t0), flush=True)
    for f in failures:
        print("  - " + f)
    return 1 if failures else 0


CATEGORY = None
if __name__ == "__main__":
    sys.exit(main())
