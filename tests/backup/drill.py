"""The API side of the backup and restore drill (tests/backup/drill.sh).

  python3 drill.py create FILE    data in every service through the gateway
      (cases, one closed, survey answers, a process with bottlenecks, a
      programme, a notifications subscription), waits until the consumers
      caught up, then writes FILE: the answers of every read below
  python3 drill.py compare FILE   the same reads on the restored stack;
      each answer compared field by field with FILE (status and body);
      prints every difference, exits 1 on any

The reads use the tenant's API keys (stored in the database) and staff
tokens (signed with the secret the stack keeps), and the citizen's
tracking token of a case.
"""

import http.server
import json
import os
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from koers_load import env_stack  # noqa: E402


def reads(S, fix):
    """(name, path, credential) of every read compared."""
    t = S.t
    out = [
        ("cases", "/casedesk/v1/cases?limit=100", S.key),
        ("categories", "/casedesk/v1/categories?limit=100", S.token),
        ("liaison officers", "/casedesk/v1/liaison-officers?limit=100", S.token),
        ("routing rules", "/casedesk/v1/routing-rules?limit=100", S.token),
        ("casedesk events", "/casedesk/v1/events?limit=1000", t["EVENTS_KEY"]),
        ("surveys", "/surveys/v1/surveys?limit=100", t["STOKEN"]),
        ("survey", "/surveys/v1/surveys/%s" % fix["survey"], t["STOKEN"]),
        ("survey results", "/surveys/v1/surveys/%s/results" % fix["survey"], t["STOKEN"]),
        ("surveys events", "/surveys/v1/events?limit=1000", t["EVENTS_KEY"]),
        ("processes", "/processes/v1/processes?limit=100", S.key),
        ("process", "/processes/v1/processes/%s" % fix["process"], S.key),
        ("bottlenecks", "/processes/v1/bottlenecks?processId=%s&limit=100" % fix["process"], S.token),
        ("category mappings", "/processes/v1/category-mappings?limit=100", S.token),
        ("citizens' figures", "/processes/v1/processes/%s/citizen-figures" % fix["process"], S.token),
        ("processes events", "/processes/v1/events?limit=1000", t["EVENTS_KEY"]),
        ("programmes", "/programmes/v1/programmes?limit=100", S.key),
        ("programmes events", "/programmes/v1/events?limit=1000", t["EVENTS_KEY"]),
        ("subscriptions", "/notifications/v1/abonnement", S.key),
        ("subscription", "/notifications/v1/abonnement/%s" % fix["subscription"], S.key),
        ("notificaties", "/notifications/v1/notificaties?limit=1000", t["NKEY_READ"]),
    ]
    for cid in fix["cases"]:
        out.append(("case " + cid, "/casedesk/v1/cases/%s" % cid, S.key))
    for pid in fix["programmes"]:
        out.append(("programme " + pid, "/programmes/v1/programmes/%s" % pid, S.token))
    out.append(("tracking", "/casedesk/v1/tracking/%s" % fix["tracking"], None))
    return out


def snapshot(S, fix):
    c = S.client()
    snap = {}
    for name, path, cred in reads(S, fix):
        a = c.call("GET", path, cred=cred)
        snap[name] = {"path": path, "status": a.status, "body": a.json if a.raw else None}
    return snap


def diff(a, b, where, out):
    if type(a) is not type(b):
        out.append("%s: %r != %r" % (where, a, b))
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append("%s.%s: only %s" % (where, k, "before" if k in a else "after"))
            else:
                diff(a[k], b[k], "%s.%s" % (where, k), out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append("%s: %d items before, %d after" % (where, len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, "%s[%d]" % (where, i), out)
    elif a != b:
        out.append("%s: %r != %r" % (where, a, b))


def caught_up(S, c):
    """Every event of the four replays is a message of notifications, and
    the citizens' figures count the closed case."""
    ids = set()
    for svc in ("casedesk", "surveys", "processes", "programmes"):
        ids |= {e["id"] for e in S.walk(c, "/%s/v1/events" % svc, S.t["EVENTS_KEY"])}
    got = {m["id"] for m in S.walk(c, "/notifications/v1/notificaties", S.t["NKEY_READ"])}
    fig = S.must(c, "GET", "/processes/v1/processes/%s/citizen-figures" % S.fix["process"])
    return ids <= got and fig["cases"] >= 1


def create(path):
    S = env_stack()
    fix = S.setup()
    c = S.client()
    cases, tracking = [], None
    for n in range(6):
        doc = S.file_case(c, n)
        if doc is None:
            raise SystemExit("drill: filing a case failed: %r" % S.log[-1:])
        cases.append(doc["id"])
        tracking = tracking or doc["trackingToken"]
    S.close_case(c, cases[0])
    if not S.acked.get("close"):
        raise SystemExit("drill: closing a case failed")
    for _ in range(5):
        S.answer_survey(c)
    for n in range(3):
        S.raise_bottleneck(c, n)
    S.create_programme(c, 1)
    if len(S.acked.get("response", [])) != 5 or len(S.acked.get("bottleneck", [])) != 3 or not S.acked.get("programme"):
        raise SystemExit("drill: a write failed: %r" % [e for e in S.log if not str(e[3]).startswith("2")][:5])
    # a receiver on this machine that answers 204 to whatever comes (a
    # test message when subscribing); its filter matches no case after
    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    sub = S.must(c, "POST", "/notifications/v1/abonnement", {
        "callbackUrl": "http://127.0.0.1:%d/meldingen" % srv.server_address[1], "auth": "Bearer " + uuid.uuid4().hex,
        "kanalen": [{"naam": "cases", "filters": {"category": str(uuid.uuid4())}}]}, cred=S.key)
    fix.update({"cases": cases, "tracking": tracking, "programmes": S.acked["programme"],
                "subscription": sub.get("id") or sub["url"].rsplit("/", 1)[-1]})
    t0 = time.time()
    while not caught_up(S, c):
        if time.time() - t0 > 60:
            raise SystemExit("drill: the consumers did not catch up within 60 s")
        time.sleep(1)
    snap = snapshot(S, fix)
    bad = {k: v["status"] for k, v in snap.items() if v["status"] != 200}
    if bad:
        raise SystemExit("drill: reads before the backup failed: %r" % bad)
    with open(path, "w") as f:
        json.dump({"fixtures": fix, "answers": snap}, f, indent=1)
    print("drill: created data in every service; %d reads recorded (%d cases, %d events, %d messages)" % (
        len(snap), len(cases), sum(len(v["body"].get("items", [])) for k, v in snap.items() if k.endswith("events")),
        len(snap["notificaties"]["body"]["items"])))


def compare(path):
    with open(path) as f:
        before = json.load(f)
    S = env_stack()
    S.fix = before["fixtures"]
    after = snapshot(S, before["fixtures"])
    problems = []
    for name, was in before["answers"].items():
        now = after[name]
        if now["status"] != was["status"]:
            problems.append("%s (%s): status %s, was %s" % (name, was["path"], now["status"], was["status"]))
            continue
        out = []
        diff(was["body"], now["body"], name, out)
        problems.extend(out)
    fields = sum(len(json.dumps(v["body"])) for v in before["answers"].values())
    for p in problems[:40]:
        print("drill: DIFFERENT " + p)
    print("drill: %d reads (%d bytes of JSON) compared field by field after the restore: %d differences" % (
        len(after), fields, len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    {"create": create, "compare": compare}[sys.argv[1]](sys.argv[2])
