"""Helpers of the black-box tests (Python 3 standard library only).

tests/blackbox/run.sh starts PostgreSQL, Redis, casedesk and the gateway
and exports what the tests need:

  KOERS_GATEWAY_URL   the gateway, e.g. http://127.0.0.1:41234
  CASEDESK_URL        casedesk directly (operations endpoints)
  REDIS_HOST/PORT     the Redis the service publishes its events to
  TENANT_A, KEY_A, TOKEN_A (coordinator), TOKEN_A_OFFICER (liaison_officer)
  TENANT_B, KEY_B, TOKEN_B (coordinator)
  CASEDESK2_URL       a second casedesk replica on the same database (direct)
  TOKEN_A_ADMIN (admin: scheduler runs), TOKEN_A_OFFICIAL (official, sub
  official-a), TOKEN_A_PRIVACY (privacy_officer), TOKEN_B_ADMIN
  The casedesk scheduler runs only on POST /scheduler-runs, and takes asOf.
  KOERS_MAX_BODY_BYTES  the service's body limit (below the gateway's 1 MiB)
"""

import http.client
import json
import os
import queue
import socket
import threading
import time
import unittest
import urllib.parse
import uuid

API = "/casedesk/v1"
GATEWAY = os.environ.get("KOERS_GATEWAY_URL", "http://127.0.0.1:8080")
CASEDESK = os.environ.get("CASEDESK_URL", "")
ENV = os.environ


class Response:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers  # lower-case name -> value
        self.raw = raw
        self._json = None

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def json(self):
        if self._json is None:
            self._json = json.loads(self.raw.decode("utf-8")) if self.raw else None
        return self._json

    def __repr__(self):
        return "<%d %s %s>" % (self.status, self.header("content-type"), self.raw[:400])


def request(method, path, body=None, cred=None, headers=None, base=None, raw=None, timeout=15,
            declared_length=None):
    """One HTTP request; never raises on an HTTP error status.

    path is relative to the gateway (or `base`), or an absolute URL; body is
    JSON-encoded unless raw (bytes) is given; cred is an API key or a JWT
    sent as a bearer token. declared_length sends only the headers with
    that Content-Length (a server may answer before any body arrives)."""
    url = path if path.startswith("http") else (base or GATEWAY) + path
    u = urllib.parse.urlsplit(url)
    target = u.path + ("?" + u.query if u.query else "")
    hdrs = {"Accept": "application/json"}
    data = None
    if raw is not None:
        data = raw
    elif body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    if cred:
        hdrs["Authorization"] = "Bearer " + cred
    hdrs.update(headers or {})
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        if declared_length is not None:
            conn.putrequest(method, target, skip_accept_encoding=True)
            hdrs["Content-Length"] = str(declared_length)
            for k, v in hdrs.items():
                conn.putheader(k, v)
            conn.endheaders()
        else:
            try:
                conn.request(method, target, body=data, headers=hdrs)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered early and closed; read that answer
        r = conn.getresponse()
        content = r.read()
        h = {}
        for k, v in r.getheaders():
            k = k.lower()
            h[k] = h[k] + ", " + v if k in h else v
        return Response(r.status, h, content)
    finally:
        conn.close()


def service_restartable():
    """The runner lets a test stop and start the services that read other
    services' events (processes, programmes): it exports
    KOERS_BB_SERVICE_CTL, a script taking SERVICE stop|start
    (tests/blackbox/service_ctl.sh, tests/compose/service_ctl.sh)."""
    return bool(ENV.get("KOERS_BB_SERVICE_CTL"))


def service_ctl(service, action):
    """Stops (SIGTERM, waits for the exit) or starts (waits until ready)
    the run's `service`, bounded; returns the script's exit status (stop:
    the service's, 0 after a clean stop)."""
    import subprocess
    return subprocess.run(["sh", ENV["KOERS_BB_SERVICE_CTL"], service, action],
                          timeout=180).returncode


def admin(*args):
    """Runs koers-admin of the run's build (tenant-create, apikey-create,
    apikey-revoke, token, ...) against the run's database; returns its
    standard output stripped. Raises when it fails. For tests that need a
    credential of their own (a scope set, a key to revoke)."""
    import subprocess
    build = ENV.get("BUILD", "build/asan")
    out = subprocess.run([os.path.join(build, "bin", "koers-admin")] + list(args),
                         capture_output=True, text=True, timeout=60,
                         env=dict(ENV, ASAN_OPTIONS="detect_leaks=1"))
    if out.returncode != 0:
        raise RuntimeError("koers-admin %s failed: %s" % (args[0] if args else "", out.stderr[-400:]))
    return out.stdout.strip()


def remember_secret(value):
    """Records a secret a test used (a tracking token, a referral-link or
    invitation token, an API key or JWT it made) in the run's work folder
    (secrets.txt, one per line): after the tests the runner scans every log
    of every component for each of them (want none). The credentials the
    runner made itself are scanned for anyway."""
    work = ENV.get("KOERS_BB_WORK")
    if not work or not value:
        return value
    with open(os.path.join(work, "secrets.txt"), "a") as f:
        f.write(str(value) + "\n")
    return value


def uniq(prefix="t"):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:10])


class KoersCase(unittest.TestCase):
    """Base class: assertions on answers and fixtures through the API."""

    maxDiff = 4000

    # ---- assertions --------------------------------------------------------
    def assertCommonHeaders(self, r, request_id=None):
        self.assertTrue(r.header("api-version"), "no API-Version header: %r" % r)
        self.assertTrue(r.header("x-request-id"), "no X-Request-Id header: %r" % r)
        if request_id is not None:
            self.assertEqual(r.header("x-request-id"), request_id)

    def assertStatus(self, r, status):
        self.assertEqual(r.status, status, "expected %d, got %r" % (status, r))

    def assertProblem(self, r, status, api_version=True):
        """An error answer: the status, application/problem+json with
        type/title/status/detail, and the common headers."""
        self.assertStatus(r, status)
        ctype = (r.header("content-type") or "").split(";")[0].strip()
        self.assertEqual(ctype, "application/problem+json", repr(r))
        doc = r.json
        for k in ("type", "title", "status", "detail"):
            self.assertIn(k, doc, "problem without %s: %r" % (k, r))
        self.assertEqual(doc["status"], status)
        self.assertTrue(doc["title"])
        if api_version:
            self.assertCommonHeaders(r)
        else:
            self.assertTrue(r.header("x-request-id"), "no X-Request-Id header: %r" % r)
        return doc

    def assertInvalidParam(self, doc, name):
        names = [p.get("name") for p in doc.get("invalidParams") or []]
        self.assertTrue(any(n == name or (n or "").endswith("." + name) or (n or "").endswith("/" + name)
                            for n in names),
                        "invalidParams %r do not name %r" % (names, name))
        for p in doc.get("invalidParams"):
            self.assertTrue(p.get("reason"), "invalid param without a reason: %r" % p)

    # ---- fixtures ----------------------------------------------------------
    def ok(self, r, *statuses):
        self.assertIn(r.status, statuses or (200, 201), repr(r))
        return r.json

    def make_category(self, token=None, **kw):
        body = {"name": uniq("Categorie"), "slaDays": 7}
        body.update(kw)
        r = request("POST", API + "/categories", body, cred=token or ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        return r.json

    def make_officer(self, token=None, **kw):
        body = {"name": uniq("Medewerker"), "email": uniq("mw") + "@gemeente.example", "capacity": 50}
        body.update(kw)
        r = request("POST", API + "/liaison-officers", body, cred=token or ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        return r.json

    def make_rule(self, officer_ids, token=None, **kw):
        body = {"name": uniq("Regel"), "position": 5, "officerIds": officer_ids, "keywords": [], "active": True}
        body.update(kw)
        r = request("POST", API + "/routing-rules", body, cred=token or ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        return r.json

    def routed_setup(self, token=None):
        """A category, an officer and a rule sending that category in a
        district of its own to the officer. Returns (category, officer,
        district)."""
        district = uniq("Wijk")
        cat = self.make_category(token)
        off = self.make_officer(token, categoryIds=[cat["id"]], districts=[district])
        self.make_rule([off["id"]], token, categoryId=cat["id"], district=district, position=1)
        return cat, off, district

    @staticmethod
    def case_body(category_id, **kw):
        body = {
            "categoryId": category_id,
            "description": "Losliggende stoeptegel bij de bushalte " + uniq("d"),
            "channel": "web",
            "citizen": {"name": "Jan de Vries", "email": "jan.devries@voorbeeld.example",
                        "phone": "+31 6 12345678", "address": "Dorpsstraat 12, 1234 AB Voorbeeld"},
        }
        body.update(kw)
        return body

    def file_case(self, category_id, key=None, **kw):
        r = request("POST", API + "/cases", self.case_body(category_id, **kw), cred=key or ENV["KEY_A"])
        self.assertStatus(r, 201)
        return r.json

    def walk(self, path, cred, limit_pages=100):
        """All items of a list, following the next links. Returns (items, pages)."""
        items, pages, url = [], 0, path
        while url:
            pages += 1
            self.assertLessEqual(pages, limit_pages, "too many pages")
            r = request("GET", url, cred=cred)
            self.assertStatus(r, 200)
            doc = r.json
            items += doc["items"]
            nxt = (doc.get("_links") or {}).get("next")
            url = None
            if nxt:
                href = nxt["href"]
                # follow it through the gateway whatever host it names
                u = urllib.parse.urlsplit(href)
                url = u.path + ("?" + u.query if u.query else "")
        return items, pages


# ---- Redis: a tiny RESP client for PSUBSCRIBE --------------------------------
class RedisSubscriber:
    """PSUBSCRIBEs to a pattern in a thread and queues (channel, message)."""

    def __init__(self, pattern="koers.casedesk.*", host=None, port=None):
        self.host = host or ENV.get("REDIS_HOST", "127.0.0.1")
        self.port = int(port or ENV["REDIS_PORT"])
        self.pattern = pattern
        self.messages = queue.Queue()
        self.sock = socket.create_connection((self.host, self.port), timeout=5)
        self.f = self.sock.makefile("rb")
        self._send("PSUBSCRIBE", pattern)
        reply = self._read()  # ["psubscribe", pattern, 1]
        if not (isinstance(reply, list) and reply[0] == b"psubscribe"):
            raise RuntimeError("unexpected PSUBSCRIBE reply %r" % (reply,))
        self.sock.settimeout(None)
        self._stop = False
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _send(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a.encode() if isinstance(a, str) else a
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.sock.sendall(out)

    def _read(self):
        line = self.f.readline()
        if not line:
            raise EOFError
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.f.read(n + 2)
            return data[:-2]
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._read() for _ in range(n)]
        raise RuntimeError("bad RESP line %r" % line)

    def _loop(self):
        try:
            while not self._stop:
                m = self._read()
                if isinstance(m, list) and m and m[0] == b"pmessage":
                    self.messages.put((m[2].decode(), m[3].decode("utf-8")))
        except (EOFError, OSError, ValueError):
            pass

    def collect(self, predicate, count, seconds=10):
        """Messages (channel, raw, envelope) for which predicate(envelope)
        holds, until `count` arrived or time ran out."""
        got, deadline = [], time.monotonic() + seconds
        while len(got) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                channel, raw = self.messages.get(timeout=left)
            except queue.Empty:
                break
            try:
                env = json.loads(raw)
            except ValueError:
                continue
            if predicate(env):
                got.append((channel, raw, env))
        return got

    def close(self):
        self._stop = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
