"""`make demo`, the notifications part (deploy/local/demo.sh): a portal is
told when cases change, the way the Notificaties API 1.0 works.

Starts a small receiver (Python's http.server on 127.0.0.1, on a port the
system picks; stopped at the end), subscribes it through the gateway to the
kanaal `cases` with signing on, files a case and takes it into progress,
prints the standard messages the receiver got, verifies a Standard Webhooks
signature (base64 HMAC-SHA256 over "id.timestamp.body" with the decoded
whsec_ secret), shows the subscription's deliveries log and the pull
endpoint, then deletes the subscription. Fails (exit 1) when the receiver
gets nothing: the demo shows delivery, it does not pretend it."""

import base64
import hashlib
import hmac
import http.server
import json
import secrets
import sys
import threading
import time

from demo_http import KEY, TOKEN, Client

N = "/notifications/v1"
C = "/casedesk/v1"
WAIT_S = 60  # the intake is woken by the casedesk's events; it polls every 30 s at most

http_ = Client()
call, must, ensure = http_.call, http_.must, http_.ensure


class Receiver(http.server.ThreadingHTTPServer):
    """Keeps every POST it gets: (path, headers, raw body)."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.got = []
        self.lock = threading.Lock()

    def messages(self):
        with self.lock:
            return list(self.got)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        with self.server.lock:
            self.server.got.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):  # quiet: the demo prints what it got
        pass


def verify(secret, headers, body):
    """True when one of the webhook-signature's v1 values is the HMAC of
    "id.timestamp.body" under the whsec_ secret (Standard Webhooks)."""
    key = base64.b64decode(secret[len("whsec_"):])
    signed = ("%s.%s." % (headers["webhook-id"], headers["webhook-timestamp"])).encode() + body
    want = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for part in headers.get("webhook-signature", "").split():
        version, _, sig = part.partition(",")
        if version == "v1" and hmac.compare_digest(sig, want):
            return True
    return False


st, _ = call("GET", N + "/openapi.json", cred=None)
if st != 200:
    print("\nnotifications: not reachable behind the gateway (%s): skipped" % st)
    sys.exit(0)

print("\n---- notifications: a portal subscribes to the kanaal cases ----")
kanalen = must("GET", N + "/kanaal", cred=KEY)
print("kanalen (GET /notifications/v1/kanaal): %s" % ", ".join(
    "%s [%s]" % (k["naam"], ", ".join(k.get("filters", []))) for k in kanalen))

rx = Receiver()
threading.Thread(target=rx.serve_forever, daemon=True).start()
callback = "http://127.0.0.1:%d/koers/notificaties" % rx.server_address[1]
auth = "Bearer demo-" + secrets.token_urlsafe(16)  # what the portal expects in Authorization
sub = None
try:
    sub = must("POST", N + "/abonnement", {
        "callbackUrl": callback,
        "auth": auth,
        "kanalen": [{"naam": "cases", "filters": {"district": "Centrum"}}],
        "signing": True,
    }, cred=KEY, expect=(201,))
    sub_id = sub["url"].rstrip("/").rsplit("/", 1)[1]
    secret = sub["secret"]
    print("subscribed %s -> %s (signing on; its whsec_ secret is in this answer only)" % (sub_id[:8], callback))
    test = [json.loads(b) for _, _, b in rx.messages()]
    print("  the test message it answered first: kanaal %s, actie %s" % (
        test[0]["kanaal"], test[0]["actie"]) if test else "  (no test message seen)")

    # a case in district Centrum (the filter), taken into progress
    cat = ensure(C + "/categories", "name", "Openbare ruimte", {"name": "Openbare ruimte", "slaDays": 10})
    case = must("POST", C + "/cases", {
        "categoryId": cat["id"], "description": "Scheve verkeerspaal op de Markt", "district": "Centrum",
        "channel": "web", "citizen": {"name": "Demo Inwoner", "email": "inwoner@demodorp.example"},
    }, cred=KEY, expect=(201,))
    print("filed case %s (%s)" % (case["reference"], case["status"]))
    if case.get("officerId"):
        case = must("POST", "%s/cases/%s/transitions" % (C, case["id"]), {"to": "in_progress"})
        print("case %s -> %s" % (case["reference"], case["status"]))
    # and one in district Noord: the filter keeps it away
    must("POST", C + "/cases", {
        "categoryId": cat["id"], "description": "Fietsenrek los bij het station", "district": "Noord",
        "channel": "web", "citizen": {"name": "Demo Inwoner", "email": "inwoner@demodorp.example"},
    }, cred=KEY, expect=(201,))

    # messages about one case arrive in order: wait for the one of its last status
    deadline = time.time() + WAIT_S
    ours = []
    while time.time() < deadline:
        ours = [(h, b) for _, h, b in rx.messages()
                if json.loads(b).get("hoofdObject", "").endswith("/cases/" + case["id"])]
        if any(json.loads(b)["kenmerken"].get("status") == case["status"] for _, b in ours):
            break
        time.sleep(0.2)
    if not ours:
        sys.exit("demo: the receiver got no message about case %s within %d s" % (case["reference"], WAIT_S))

    print("\nthe receiver got (POST %s, Authorization as subscribed: %s):" % (
        "/koers/notificaties", all(h.get("authorization") == auth for h, _ in ours)))
    for h, b in ours:
        m = json.loads(b)
        print("  %s %-15s %s  kenmerken %s" % (m["kanaal"], m["actie"], m["resourceUrl"],
                                                json.dumps(m["kenmerken"], separators=(",", ":"))))
    h, b = ours[0]
    print("\none message as sent (webhook-id %s):\n  %s" % (h.get("webhook-id"), b.decode()))
    if not verify(secret, h, b):
        sys.exit("demo: the signature of message %s does not verify" % h.get("webhook-id"))
    print("signature: webhook-signature %s... verified (HMAC-SHA256 of id.timestamp.body with the whsec_ secret)"
          % h["webhook-signature"][:14])
    others = [json.loads(b) for _, _, b in rx.messages()
              if json.loads(b).get("kenmerken", {}).get("district") not in (None, "Centrum")]
    print("messages about cases outside Centrum received: %d (the filter)" % len(others))

    st, log = call("GET", "%s/abonnement/%s/deliveries?limit=5" % (N, sub_id), cred=KEY)
    if st == 200:
        print("\ndeliveries log (GET /abonnement/{id}/deliveries): %s" % ", ".join(
            "%s %s" % (d.get("state"), d.get("attempts", "")) for d in log.get("items", [])))
    st, pulled = call("GET", N + "/notificaties?after=0&kanaal=cases&limit=1000", cred=KEY)
    if st == 200:
        items = pulled.get("items", [])
        print("pull (GET /notificaties?after=0&kanaal=cases): %d message(s) kept for this tenant, the last seq %s"
              % (len(items), items[-1]["seq"] if items else "-"))
finally:
    if sub is not None:
        st, _ = call("DELETE", sub["url"][sub["url"].index(N):], cred=KEY)
        print("\nsubscription deleted (%s)" % st)
    rx.shutdown()
    rx.server_close()
