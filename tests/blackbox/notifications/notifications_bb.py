"""Helpers of the notifications black-box tests (tests/blackbox/notifications/test_*.py).

tests/blackbox/run.sh starts the notifications service beside the others
when build/<flavour>/bin/notifications is built (behind the gateway, with
the black-box settings: http callbacks on loopback allowed, retries after
100 ms doubling up to 800 ms, 7 retries, 2 s per attempt, the sources'
events polled every second) and exports, besides koers_bb's:

  NOTIFICATIONS_URL   the service directly (empty: not running, the tests skip)
  NKEY_A, NKEY_B      tenant A's and B's keys with notifications:subscribe
  NKEY_A_READ         tenant A's key with notifications:read
  NTOKEN_A            tenant A's staff token with role integration_admin
  KOERS_BB_SMTP_PORT  where the service sends alert mail (the tests run
                      their SmtpSink there)
  KOERS_BB_SERVICE_CTL  the script that stops and starts notifications and
                      a second replica, notifications2 (koers_bb.service_ctl)

The tests' receivers are real HTTP servers on 127.0.0.1 (Receiver); the
cases come from the casedesk fixtures of koers_bb (routed_setup,
file_case). The database is shared by every test of a run: each test
subscribes with filters on its own new category and deletes its
subscriptions at the end.
"""

import base64
import hashlib
import hmac
import json
import re
import socketserver
import threading
import time
import unittest
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from koers_bb import API, ENV, GATEWAY, KoersCase, request, uniq

NAPI = "/notifications/v1"
# how long a message may take to reach a receiver (the intake polls every
# second; a full run has the other services' backlog to catch up first)
WAIT_S = 60
# the black-box retry schedule: 100 ms doubling up to 800 ms, 7 retries
RETRIES = 7
SCHEDULE_MS = [min(800, 100 * 2 ** n) for n in range(RETRIES)]
# an attempt may take 2 s (KOERS_NOTIFICATIONS_TIMEOUT_S)
TIMEOUT_S = 2
FIELDS = ["kanaal", "hoofdObject", "resource", "resourceUrl", "actie", "aanmaakdatum", "kenmerken"]
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def notifications_running():
    return bool(ENV.get("NOTIFICATIONS_URL")) and bool(ENV.get("NKEY_A"))


def skip_unless_notifications(cls):
    return unittest.skipUnless(notifications_running(),
                               "the notifications service is not running (not built)")(cls)


def wait_for(predicate, timeout=WAIT_S, interval=0.05):
    """predicate() until it is truthy or `timeout` seconds passed; its last
    value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def verify_signature(secret, headers, body, tolerance_s=300):
    """Standard Webhooks: True when some v1 signature of webhook-signature is
    the base64 HMAC-SHA256, under the key of `secret` ("whsec_" + base64),
    of "<webhook-id>.<webhook-timestamp>.<body>", and the timestamp is
    within tolerance_s of now."""
    msg_id, ts, sigs = headers.get("webhook-id"), headers.get("webhook-timestamp"), headers.get("webhook-signature")
    if not (msg_id and ts and sigs and secret.startswith("whsec_")):
        return False
    try:
        if abs(time.time() - int(ts)) > tolerance_s:
            return False
    except ValueError:
        return False
    key = base64.b64decode(secret[len("whsec_"):])
    want = base64.b64encode(hmac.new(key, ("%s.%s." % (msg_id, ts)).encode() + body, hashlib.sha256).digest())
    for sig in sigs.split(" "):
        version, _, value = sig.partition(",")
        if version == "v1" and hmac.compare_digest(value.encode(), want):
            return True
    return False


# ---- the receiver ------------------------------------------------------------
class Received:
    """One request a Receiver got: method, path, headers (lower-case names),
    the raw body, its JSON (None when it is none), when it came (monotonic)
    and the status it was answered (None while the answer is delayed)."""

    def __init__(self, method, path, headers, body, at):
        self.method, self.path, self.headers, self.body, self.at = method, path, headers, body, at
        self.status = None
        try:
            self.json = json.loads(body.decode("utf-8")) if body else None
        except ValueError:
            self.json = None

    @property
    def kanaal(self):
        return self.json.get("kanaal") if isinstance(self.json, dict) else None

    @property
    def webhook_id(self):
        return self.headers.get("webhook-id")

    def __repr__(self):
        return "<%s %s -> %s %s>" % (self.method, self.path, self.status, self.body[:300])


class Receiver:
    """A subscriber's callback: an HTTP server on 127.0.0.1 (a port of its
    own) that records every request and answers by mode:
      "ok"      200
      "fail"    500 to the first `fail_times` messages, then 200
      "500"     always 500
      "410"     always 410 Gone
      "slow"    sleeps longer than an attempt may take, then 200
    The test message (kanaal "test", sent when subscribing) is answered by
    test_mode instead (the same modes; "ok" by default), so a receiver in a
    failing mode can still be subscribed."""

    def __init__(self, mode="ok", fail_times=0, test_mode="ok"):
        self.lock = threading.Lock()
        self.received = []
        self.mode, self.fail_times, self.test_mode = mode, fail_times, test_mode
        self.failed = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n > 0 else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                rec = Received(self.command, self.path, headers, body, time.monotonic())
                status, delay = receiver._answer(rec)
                with receiver.lock:
                    receiver.received.append(rec)  # its status once answered
                if delay:
                    time.sleep(delay)
                rec.status = status
                try:
                    out = b'{"ok":true}' if status < 300 else b'{"error":"nee"}'
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(out)))
                    self.end_headers()
                    self.wfile.write(out)
                except OSError:
                    pass  # the sender gave up (a slow answer)

            do_POST = do_PUT = do_GET = _handle

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()
        self.path = "/hook/" + uniq("r")
        self.url = "http://127.0.0.1:%d%s" % (self.server.server_address[1], self.path)

    def _answer(self, rec):
        """(status, seconds to wait first) for a request."""
        with self.lock:
            mode = self.test_mode if rec.kanaal == "test" else self.mode
            if mode == "fail":
                if self.failed < self.fail_times:
                    self.failed += 1
                    return 500, 0
                return 200, 0
        return {"ok": (200, 0), "500": (500, 0), "410": (410, 0), "slow": (200, TIMEOUT_S + 1.5)}[mode]

    def set_mode(self, mode, fail_times=0):
        with self.lock:
            self.mode, self.fail_times, self.failed = mode, fail_times, 0

    def all(self):
        with self.lock:
            return list(self.received)

    def messages(self, predicate=None, delivered=None):
        """The requests with a message other than the test message (oldest
        first), those predicate(json) holds for; delivered=True: only those
        answered 2xx, False: only those answered otherwise."""
        out = []
        for r in self.all():
            if r.kanaal in (None, "test"):
                continue
            if delivered is not None and (200 <= (r.status or 0) < 300) != delivered:
                continue
            if predicate is None or predicate(r.json):
                out.append(r)
        return out

    def tests(self):
        return [r for r in self.all() if r.kanaal == "test"]

    def wait_messages(self, predicate, count, timeout=WAIT_S, delivered=True):
        """The (delivered) messages predicate holds for once there are at
        least `count`, or those there are after `timeout` seconds."""
        wait_for(lambda: len(self.messages(predicate, delivered)) >= count, timeout)
        return self.messages(predicate, delivered)

    def close(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def about(case_ids):
    """A predicate: the message is about one of these cases."""
    ids = set(case_ids)
    return lambda m: m.get("kanaal") == "cases" and m.get("resourceUrl", "").rsplit("/", 1)[-1] in ids


# ---- the SMTP sink -----------------------------------------------------------
class SmtpSink:
    """A minimal SMTP server on 127.0.0.1:KOERS_BB_SMTP_PORT (where the
    service sends its alert mail) that accepts every mail and records it as
    {"from", "to": [...], "data"} (data: the message with headers, dot
    stuffing undone)."""

    def __init__(self, port=None):
        self.port = int(port or ENV["KOERS_BB_SMTP_PORT"])
        self.lock = threading.Lock()
        self.mails = []
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 30

            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def handle(self):
                mail_from, rcpts = None, []
                self.reply("220 koers-bb ESMTP sink")
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    cmd = line.decode("utf-8", "replace").rstrip("\r\n")
                    verb = cmd.split(" ", 1)[0].upper()
                    if verb == "EHLO":
                        self.reply("250-koers-bb")
                        self.reply("250-8BITMIME")
                        self.reply("250 SIZE 1048576")
                    elif verb == "HELO":
                        self.reply("250 koers-bb")
                    elif verb == "MAIL":
                        mail_from, rcpts = cmd[10:].strip(), []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        rcpts.append(cmd[8:].strip())
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        lines = []
                        while True:
                            d = self.rfile.readline()
                            if not d or d in (b".\r\n", b".\n"):
                                break
                            lines.append(d[1:] if d.startswith(b"..") else d)
                        with sink.lock:
                            sink.mails.append({"from": mail_from, "to": rcpts,
                                               "data": b"".join(lines).decode("utf-8", "replace")})
                        self.reply("250 OK queued")
                    elif verb in ("RSET", "NOOP"):
                        self.reply("250 OK")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("502 Command not implemented")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    def to(self, address):
        """The mails with `address` among the recipients."""
        with self.lock:
            return [m for m in self.mails if any(address in r for r in m["to"])]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# ---- the tests' base class -----------------------------------------------------
class NotificationsCase(KoersCase):
    """Subscriptions through the gateway (as tenant A's subscribe key unless
    told), cases through casedesk's fixtures."""

    # ---- the API ----
    def nok(self, r, *statuses):
        self.assertIn(r.status, statuses or (200, 201), repr(r))
        return r.json

    def nget(self, path, cred=None):
        return self.nok(request("GET", NAPI + path, cred=cred or ENV["NKEY_A"]), 200)

    def receiver(self, mode="ok", fail_times=0, test_mode="ok"):
        """A Receiver, closed at the end of the test (after the
        subscriptions to it are deleted)."""
        r = Receiver(mode, fail_times, test_mode)
        self.addCleanup(r.close)
        return r

    @staticmethod
    def sub_id(sub):
        """The uuid of a subscription: the last segment of its url."""
        return sub["url"].rstrip("/").rsplit("/", 1)[-1]

    def subscribe(self, receiver, kanalen=None, signing=False, auth=None, cred=None, **extra):
        """POST /abonnement for `receiver` (kanalen: every case message by
        default); asserts 201 and deletes it at the end of the test. Returns
        the answer with "auth" (the value given: it is never returned)."""
        auth = auth or "Bearer " + uniq("geheim")
        body = {"callbackUrl": receiver.url, "auth": auth,
                "kanalen": kanalen if kanalen is not None else [{"naam": "cases", "filters": {}}]}
        if signing:
            body["signing"] = True
        body.update(extra)
        cred = cred or ENV["NKEY_A"]
        r = request("POST", NAPI + "/abonnement", body, cred=cred)
        self.assertStatus(r, 201)
        sub = r.json
        self.addCleanup(request, "DELETE", NAPI + "/abonnement/" + self.sub_id(sub), cred=cred)
        self.assertTrue((r.header("location") or "").endswith(NAPI + "/abonnement/" + self.sub_id(sub)),
                        "Location %r" % r.header("location"))
        self.assertNotIn("auth", sub, "the auth value was returned")
        sub["auth"] = auth
        return sub

    def subscription(self, sub, cred=None):
        return self.nget("/abonnement/" + self.sub_id(sub), cred)

    def walk_all(self, path, cred=None, limit_pages=200):
        """Every item of a keyset-paged list ({items, _links.next}), following
        next until it is absent or a page is empty. Returns (items, pages)."""
        items, pages, url = [], 0, NAPI + path
        while url:
            pages += 1
            self.assertLessEqual(pages, limit_pages, "too many pages")
            doc = self.nok(request("GET", url, cred=cred or ENV["NKEY_A"]), 200)
            items += doc["items"]
            nxt = (doc.get("_links") or {}).get("next")
            url = None
            if nxt and doc["items"]:
                u = urllib.parse.urlsplit(nxt["href"])
                url = u.path + ("?" + u.query if u.query else "")
        return items, pages

    def deliveries(self, sub, cred=None, **filters):
        """The subscription's deliveries log (every page)."""
        q = urllib.parse.urlencode(filters)
        return self.walk_all("/abonnement/%s/deliveries%s" % (self.sub_id(sub), "?" + q if q else ""), cred)[0]

    def delivery(self, delivery_id, cred=None):
        return self.nget("/deliveries/" + delivery_id, cred)

    def set_alert_email(self, address, cred=None):
        r = request("PUT", NAPI + "/settings", {"alertEmail": address}, cred=cred or ENV["NTOKEN_A"])
        return self.nok(r, 200)

    # ---- cases ----
    def change_case(self, case_id, to, **kw):
        """A transition of the case (as tenant A's coordinator)."""
        body = dict(kw, to=to, reason="naar " + to)
        r = request("POST", API + "/cases/%s/transitions" % case_id, body, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        return r.json

    def unrouted_case(self, category_id, key=None):
        """A case nobody is routed to (it stays in triage): one event,
        case.received."""
        return self.file_case(category_id, key=key, district=uniq("Nergens"))

    # ---- what a message about a case must be ----
    @staticmethod
    def case_message(case, event_type, status, district=None):
        """The Notificatie for a casedesk event about `case`."""
        url = GATEWAY + API + "/cases/" + case["id"]
        kenmerken = {"eventType": event_type, "category": case["categoryId"], "status": status,
                     "priority": case.get("priority") or "normal"}
        if district or case.get("district"):
            kenmerken["district"] = district or case["district"]
        return {"kanaal": "cases", "hoofdObject": url, "resource": "case", "resourceUrl": url,
                "actie": event_type[len("case."):], "kenmerken": kenmerken}

    def assertNotificatie(self, rec, auth=None):
        """What a subscriber that knows only the Notificaties API checks: a
        POST of JSON with the seven fields, the Authorization it was given."""
        self.assertEqual(rec.method, "POST", rec)
        self.assertEqual((rec.headers.get("content-type") or "").split(";")[0].strip(), "application/json", rec)
        if auth is not None:
            self.assertEqual(rec.headers.get("authorization"), auth, "Authorization of %r" % rec)
        m = rec.json
        self.assertIsInstance(m, dict, rec)
        self.assertEqual(list(m), FIELDS, "the fields of %r" % rec)
        for k in FIELDS[:-1]:
            self.assertIsInstance(m[k], str, "%s of %r" % (k, rec))
        self.assertRegex(m["aanmaakdatum"], DATETIME)
        self.assertIsInstance(m["kenmerken"], dict, rec)
        for k, v in m["kenmerken"].items():
            self.assertIsInstance(v, str, "kenmerk %s of %r" % (k, rec))
        for k in ("hoofdObject", "resourceUrl"):
            self.assertTrue(m[k].startswith("http://") or m[k].startswith("https://"), "%s of %r" % (k, rec))
        return m

    def assertCaseMessage(self, rec, want, auth=None):
        m = self.assertNotificatie(rec, auth)
        got = {k: v for k, v in m.items() if k != "aanmaakdatum"}
        self.assertEqual(got, want)

    def assertTestMessage(self, rec, auth):
        m = self.assertNotificatie(rec, auth)
        kanaal_url = GATEWAY + NAPI + "/kanaal"
        self.assertEqual({k: v for k, v in m.items() if k != "aanmaakdatum"},
                         {"kanaal": "test", "hoofdObject": kanaal_url, "resource": "test", "resourceUrl": kanaal_url,
                          "actie": "create", "kenmerken": {}})
