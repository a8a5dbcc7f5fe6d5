"""Load through the gateway for the fault, soak and backup harnesses
(tests/faults, tests/soak, tests/backup; Python 3 standard library only).

A Koers stack of tests/lib/services.sh and its tenant (tenant.env):
`Stack(env)` holds the gateway URL and the credentials; `setup()` makes
what the writes need once (a category with a liaison officer and a routing
rule, so cases are assigned; a process owned by a staff member that the
category is mapped to; an open survey of one question; the programme
template). The writes, each recording what was acknowledged (2xx and its
id):

  file_case       POST /casedesk/v1/cases (Idempotency-Key)
  close_case      in_progress -> resolved -> closed (the processes
                  service counts it in the process's citizens' figures)
  answer_survey   POST /surveys/v1/surveys/{id}/responses (open link)
  raise_bottleneck POST /processes/v1/bottlenecks
  create_programme POST /programmes/v1/programmes (Idempotency-Key)

Every request is logged as (start, end, op, status, content type) for the
harness to judge by time window.
"""

import http.client
import json
import os
import random
import threading
import time
import urllib.parse
import uuid


def load_env(path):
    """VAR=value lines of a file (tenant.env) as a dict."""
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                out[k] = v.strip('"')
    return out


class Answer:
    def __init__(self, status, ctype, raw, seconds):
        self.status, self.ctype, self.raw, self.seconds = status, ctype, raw, seconds

    @property
    def json(self):
        return json.loads(self.raw.decode()) if self.raw else None

    def __repr__(self):
        return "<%s %s %s>" % (self.status, self.ctype, self.raw[:300])


class Client:
    """One keep-alive connection (one per thread); never raises on HTTP
    errors. A failed connection is status "conn:<error>"."""

    def __init__(self, base, timeout=35):
        u = urllib.parse.urlsplit(base)
        self.host, self.port, self.timeout = u.hostname, u.port, timeout
        self.conn = None

    def call(self, method, path, body=None, cred=None, headers=None):
        hdrs = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        if cred:
            hdrs["Authorization"] = "Bearer " + cred
        hdrs.update(headers or {})
        t0 = time.monotonic()
        for attempt in (1, 2):
            fresh = self.conn is None
            if fresh:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=data, headers=hdrs)
                r = self.conn.getresponse()
                raw = r.read()
                if (r.getheader("Connection") or "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return Answer(r.status, r.getheader("Content-Type") or "", raw, time.monotonic() - t0)
            except (OSError, http.client.HTTPException) as e:
                self.conn.close()
                self.conn = None
                # a GET on a kept-alive connection the gateway had closed:
                # once more on a new one; a write is never sent twice
                if attempt == 1 and not fresh and method == "GET":
                    continue
                return Answer("conn:" + type(e).__name__, "", b"", time.monotonic() - t0)


class Stack:
    def __init__(self, gateway, tenant):
        self.gateway = gateway
        self.t = tenant
        self.key, self.token = tenant["KEY"], tenant["TOKEN"]
        self.fix = {}
        self.lock = threading.Lock()
        self.log = []          # (start, end, op, status, ctype)
        self.acked = {}        # op -> [ids]
        self.unsure = {}       # op -> count of writes without an answer of 2xx
        self.latency = []      # (end, seconds, op) of every answer

    def client(self):
        return Client(self.gateway)

    def must(self, c, method, path, body=None, cred=None, expect=(200, 201), headers=None):
        a = c.call(method, path, body, cred or self.token, headers)
        if a.status not in expect:
            raise RuntimeError("%s %s -> %r" % (method, path, a))
        return a.json

    def record(self, op, t0, a, ident=None, write=True):
        with self.lock:
            self.log.append((t0, time.time(), op, a.status, a.ctype))
            self.latency.append((time.time(), a.seconds, op))
            if write:
                if isinstance(a.status, int) and 200 <= a.status < 300:
                    self.acked.setdefault(op, []).append(ident)
                else:
                    self.unsure[op] = self.unsure.get(op, 0) + 1

    # ---- once: what the writes need --------------------------------------
    def setup(self):
        c = self.client()
        tag = uuid.uuid4().hex[:8]
        C, P, S, G = "/casedesk/v1", "/processes/v1", "/surveys/v1", "/programmes/v1"
        cat = self.must(c, "POST", C + "/categories", {"name": "Storing " + tag, "slaDays": 5})
        off = self.must(c, "POST", C + "/liaison-officers", {
            "name": "Olga Fouten", "email": "olga.%s@proefdorp.example" % tag, "categoryIds": [cat["id"]],
            "districts": [], "capacity": 1000})
        self.must(c, "POST", C + "/routing-rules", {
            "name": "Storingen " + tag, "position": 10, "categoryId": cat["id"], "district": None,
            "keywords": [], "officerIds": [off["id"]], "active": True})
        owner = self.must(c, "POST", P + "/staff", {"name": "Piet Eigenaar", "email": "piet.%s@proefdorp.example" % tag,
                                                   "userSub": "owner-" + tag})
        self.must(c, "POST", P + "/teams", {"name": "Buitendienst " + tag, "managerId": owner["id"], "membersCount": 8})
        proc = self.must(c, "POST", P + "/processes", {"name": "Storing verhelpen " + tag, "ownerId": owner["id"]})
        self.must(c, "POST", P + "/category-mappings", {"categoryId": cat["id"], "processId": proc["id"]})
        st = self.t["STOKEN"]
        survey = self.must(c, "POST", S + "/surveys", {"title": "Tevredenheid " + tag, "kind": "climate_monitor",
                                                      "audiences": ["citizens"]}, cred=st)
        q = self.must(c, "POST", S + "/surveys/%s/questions" % survey["id"], {
            "code": "tevreden", "type": "likert5", "text": "Ik ben tevreden.",
            "options": {"labels": ["1", "2", "3", "4", "5"]}}, cred=st)
        self.must(c, "POST", S + "/surveys/%s/open" % survey["id"], cred=st)
        tpl = None
        for item in self.must(c, "GET", G + "/approach-templates?limit=100")["items"]:
            if item.get("key") == "three-phases":
                tpl = item
        if tpl is None:
            raise RuntimeError("the approach template three-phases is missing")
        self.fix = {"category": cat["id"], "officer": off["id"], "process": proc["id"], "survey": survey["id"],
                    "question": q["id"], "template": tpl["id"], "tag": tag}
        return self.fix

    # ---- the writes ---------------------------------------------------------
    def file_case(self, c, n):
        t0 = time.time()
        a = c.call("POST", "/casedesk/v1/cases", {
            "categoryId": self.fix["category"], "description": "Lantaarnpaal %d brandt niet" % n, "channel": "web",
            "district": "Centrum", "citizen": {"name": "F. Out", "email": "f.out@proefdorp.example"}},
            self.key, {"Idempotency-Key": uuid.uuid4().hex})
        doc = a.json if a.status == 201 else None
        self.record("case", t0, a, doc and doc["id"])
        return doc

    def close_case(self, c, case_id):
        """in_progress, resolved, closed; acknowledged when all three were."""
        t0 = time.time()
        a = None
        for body in ({"to": "in_progress"},
                     {"to": "resolved", "outcome": "agreed", "explanation": "Verholpen."},
                     {"to": "closed"}):
            a = c.call("POST", "/casedesk/v1/cases/%s/transitions" % case_id, body, self.token)
            self.record("transition", time.time(), a, write=False)
            if a.status != 200:
                break
        self.record("close", t0, a, case_id)

    def answer_survey(self, c):
        t0 = time.time()
        a = c.call("POST", "/surveys/v1/surveys/%s/responses" % self.fix["survey"], {
            "audience": "citizens", "answers": [{"questionId": self.fix["question"], "value": random.randint(1, 5)}]},
            self.key)
        self.record("response", t0, a, "r")

    def raise_bottleneck(self, c, n):
        t0 = time.time()
        a = c.call("POST", "/processes/v1/bottlenecks", {
            "processId": self.fix["process"], "description": "Knelpunt %d" % n, "source": "staff",
            "impact": random.randint(1, 5), "effort": random.randint(1, 5)}, self.token)
        doc = a.json if a.status == 201 else None
        self.record("bottleneck", t0, a, doc and doc["id"])

    def create_programme(self, c, n):
        t0 = time.time()
        today = time.strftime("%Y-%m-%d")
        a = c.call("POST", "/programmes/v1/programmes", {
            "name": "Programma %s %d" % (self.fix["tag"], n), "templateId": self.fix["template"], "startsOn": today},
            self.token, {"Idempotency-Key": uuid.uuid4().hex})
        doc = a.json if a.status == 201 else None
        self.record("programme", t0, a, doc and doc["id"])

    def read(self, c, op, path, cred=None):
        t0 = time.time()
        a = c.call("GET", path, None, cred or self.key)
        self.record(op, t0, a, write=False)
        return a

    # ---- mixed load -----------------------------------------------------------
    def run(self, threads, seconds, max_ops, pause=0.0, stop=None):
        """threads workers for seconds (or until stop is set, or max_ops
        iterations in all): each iteration files a case and one more thing
        (a survey answer, a bottleneck, a programme now and then, a close of
        one in three cases, a read of its case). pause: seconds between
        iterations of a worker (keeps the load moderate)."""
        deadline = time.monotonic() + seconds
        count = [0]

        def worker(w):
            c = self.client()
            n = 0
            while time.monotonic() < deadline and not (stop and stop.is_set()):
                with self.lock:
                    if count[0] >= max_ops:
                        return
                    count[0] += 1
                    n = count[0]
                case = self.file_case(c, n)
                kind = n % 6
                if kind in (0, 3):
                    self.answer_survey(c)
                elif kind == 1:
                    self.raise_bottleneck(c, n)
                elif kind == 2 and n % 12 == 2:
                    self.create_programme(c, n)
                if case and n % 3 == 0 and case.get("officerId"):
                    self.close_case(c, case["id"])
                elif case:
                    self.read(c, "read", "/casedesk/v1/cases/" + case["id"])
                if pause:
                    time.sleep(pause)

        ts = [threading.Thread(target=worker, args=(w,)) for w in range(threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    # ---- reading back -------------------------------------------------------------
    def walk(self, c, path, cred):
        """Every item of a seq-paged list (after=, _links.next)."""
        items, after = [], 0
        sep = "&" if "?" in path else "?"
        while True:
            doc = self.must(c, "GET", "%s%safter=%d&limit=1000" % (path, sep, after), cred=cred)
            items.extend(doc["items"])
            if not doc["items"] or not doc.get("_links", {}).get("next"):
                return items
            after = doc["items"][-1]["seq"]


def replicas(work):
    """(name, port, pid) of every replica tests/lib/services.sh started in
    the work folder (koers_services_up: its replicas file, NAME.pid)."""
    out = []
    with open(os.path.join(work, "replicas")) as f:
        for line in f:
            name, port = line.split()
            with open(os.path.join(work, name + ".pid")) as p:
                out.append((name, int(port), int(p.read())))
    return out


def env_stack():
    """The Stack of the harness's environment: KOERS_GATEWAY_URL and the
    tenant file KOERS_TENANT_ENV."""
    return Stack(os.environ["KOERS_GATEWAY_URL"], load_env(os.environ["KOERS_TENANT_ENV"]))
