"""(E) The bureau's work lists, triage queue, coordinator overview and
statistics: a liaison officer's own work list (JWT sub = userSub) ordered
by resolution deadline, the triage queue oldest first, the overview's
counts, and the statistics of a period checked against figures computed
here from the cases this test made (isolated by a category, a district
and an officer of their own)."""

import base64
import datetime
import hashlib
import hmac
import json
import time
import uuid

from koers_bb import API, ENV, KoersCase, request, uniq


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def staff_token(sub, roles, tenant=None):
    """A staff JWT signed as koers-admin signs them (KOERS_JWT_SECRET)."""
    now = int(time.time())
    claims = {"iss": ENV.get("KOERS_JWT_ISSUER", "koers"), "aud": ENV.get("KOERS_JWT_AUDIENCE", "koers"),
              "sub": sub, "tenant": tenant or ENV["TENANT_A"], "iat": now, "nbf": now, "exp": now + 3600,
              "roles": roles}
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64url(json.dumps(claims).encode())
    sig = hmac.new(ENV["KOERS_JWT_SECRET"].encode(), (head + "." + body).encode(), hashlib.sha256).digest()
    return head + "." + body + "." + b64url(sig)


def parse_ts(s):
    return datetime.datetime.strptime(s.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z")


def hours(a, b):
    return (parse_ts(a) - parse_ts(b)).total_seconds() / 3600.0


def percentile_cont(values, p):
    """PostgreSQL's percentile_cont: linear interpolation at p * (n - 1)."""
    if not values:
        return None
    v = sorted(values)
    pos = p * (len(v) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


class WorkListTest(KoersCase):
    def officer_with_sub(self, **kw):
        sub = uniq("lo")
        off = self.make_officer(userSub=sub, **kw)
        self.assertEqual(off["userSub"], sub)
        return off, sub, staff_token(sub, ["liaison_officer"])

    def transition(self, cid, to, **kw):
        body = {"to": to}
        body.update(kw)
        r = request("POST", API + "/cases/%s/transitions" % cid, body, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        return r.json

    def assign(self, cid, officer_id):
        r = request("PUT", API + "/cases/%s/assignment" % cid, {"officerId": officer_id}, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        return r.json

    def test_user_sub_is_unique_per_tenant(self):
        off, sub, _ = self.officer_with_sub()
        doc = self.assertProblem(request("POST", API + "/liaison-officers",
                                         {"name": "Dubbel", "email": "dubbel@gemeente.example", "userSub": sub},
                                         cred=ENV["TOKEN_A"]), 409)
        self.assertInvalidParam(doc, "userSub")
        other = self.make_officer()
        self.assertIsNone(other["userSub"])
        doc = self.assertProblem(request("PATCH", API + "/liaison-officers/" + other["id"], {"userSub": sub},
                                         cred=ENV["TOKEN_A"]), 409)
        self.assertInvalidParam(doc, "userSub")
        # another tenant may use the same sub
        r = request("POST", API + "/liaison-officers", {"name": "B", "email": "b@gemeente.example", "userSub": sub},
                    cred=ENV["TOKEN_B"])
        self.assertStatus(r, 201)
        # too long, wrong type
        for bad in ("x" * 129, 12, ""):
            doc = self.assertProblem(request("PATCH", API + "/liaison-officers/" + other["id"], {"userSub": bad},
                                             cred=ENV["TOKEN_A"]), 422)
            self.assertInvalidParam(doc, "userSub")
        # cleared with null, then free for another
        r = request("PATCH", API + "/liaison-officers/" + off["id"], {"userSub": None}, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.assertIsNone(r.json["userSub"])
        r = request("PATCH", API + "/liaison-officers/" + other["id"], {"userSub": sub}, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["userSub"], sub)

    def test_own_work_list_by_resolution_deadline(self):
        off, sub, token = self.officer_with_sub()
        slow = self.make_category(slaDays=30)
        fast = self.make_category(slaDays=3)
        mine = []
        for i in range(5):
            c = self.file_case((fast if i % 2 else slow)["id"], district=uniq("Nergens"))
            self.assign(c["id"], off["id"])
            mine.append(c["id"])
        # one of them is resolved: it leaves the work list
        self.transition(mine[0], "in_progress")
        self.transition(mine[0], "resolved", outcome="agreed", explanation="Opgelost: de tegel ligt weer.")
        open_ids = mine[1:]
        cases = {cid: request("GET", API + "/cases/" + cid, cred=ENV["TOKEN_A"]).json for cid in open_ids}
        want = sorted(open_ids, key=lambda cid: (cases[cid]["resolutionDue"] is None,
                                                 cases[cid]["resolutionDue"] or "", cid))

        items, pages = self.walk(API + "/work-list?limit=2", token)
        self.assertEqual([i["id"] for i in items], want)
        self.assertEqual(pages, 2)
        first = items[0]
        self.assertEqual(first["reference"], cases[first["id"]]["reference"])
        self.assertEqual(first["resolutionDue"], cases[first["id"]]["resolutionDue"])
        self.assertEqual(first["officerId"], off["id"])
        self.assertIn(first["sla"]["state"], ("on_track", "warning", "breached"))
        self.assertNotIn("citizen", first)
        self.assertNotIn("Jan de Vries", json.dumps(items))

        # the coordinator sees the same list of that officer
        items, _ = self.walk(API + "/liaison-officers/%s/work-list?limit=3" % off["id"], ENV["TOKEN_A"])
        self.assertEqual([i["id"] for i in items], want)
        # a suspended case stays on the list and says so
        self.transition(want[0], "in_progress")
        self.transition(want[0], "waiting", reason="Wacht op foto's van de melder")
        items, _ = self.walk(API + "/work-list", token)
        waiting = [i for i in items if i["id"] == want[0]][0]
        self.assertEqual(waiting["status"], "waiting")
        self.assertEqual(waiting["suspension"]["reason"], "Wacht op foto's van de melder")

    def test_work_list_errors(self):
        off, _, token = self.officer_with_sub()
        # a staff member whose sub is no liaison officer
        doc = self.assertProblem(request("GET", API + "/work-list", cred=staff_token(uniq("niemand"), ["liaison_officer"])), 404)
        self.assertIn("userSub", doc["detail"])
        # a portal key has no work list
        self.assertProblem(request("GET", API + "/work-list", cred=ENV["KEY_A"]), 403)
        self.assertProblem(request("GET", API + "/work-list"), 401)
        self.assertProblem(request("GET", API + "/work-list?limit=0", cred=token), 400)
        self.assertProblem(request("GET", API + "/work-list?cursor=nope", cred=token), 400)
        self.assertProblem(request("GET", API + "/work-list?sort=x", cred=token), 400)
        # someone else's list: coordinators only
        self.assertProblem(request("GET", API + "/liaison-officers/%s/work-list" % off["id"], cred=token), 403)
        doc = self.assertProblem(request("GET", API + "/liaison-officers/nope/work-list", cred=ENV["TOKEN_A"]), 400)
        self.assertInvalidParam(doc, "id")
        self.assertProblem(request("GET", API + "/liaison-officers/%s/work-list" % uuid.uuid4(), cred=ENV["TOKEN_A"]), 404)
        # another tenant's officer is unknown
        self.assertProblem(request("GET", API + "/liaison-officers/%s/work-list" % off["id"], cred=ENV["TOKEN_B"]), 404)

    def test_triage_queue_oldest_first(self):
        cat = self.make_category()
        district = uniq("Triage")
        ids = [self.file_case(cat["id"], district=district)["id"] for _ in range(3)]
        for cid in ids:
            self.assertIsNone(request("GET", API + "/cases/" + cid, cred=ENV["TOKEN_A"]).json["officerId"])
        items, _ = self.walk(API + "/triage-queue?limit=50", ENV["TOKEN_A"], limit_pages=1000)
        ours = [i["id"] for i in items if i["id"] in ids]
        self.assertEqual(ours, ids)
        created = [i["createdAt"] for i in items]
        self.assertEqual(created, sorted(created), "triage queue not oldest first")
        for i in items:
            self.assertEqual(i["status"], "received")
            self.assertIsNone(i["officerId"])
        # assigned: out of the queue
        off = self.make_officer()
        request("PUT", API + "/cases/%s/assignment" % ids[1], {"officerId": off["id"]}, cred=ENV["TOKEN_A"])
        items, _ = self.walk(API + "/triage-queue?limit=100", ENV["TOKEN_A_OFFICER"], limit_pages=1000)
        self.assertEqual([i["id"] for i in items if i["id"] in ids], [ids[0], ids[2]])
        self.assertProblem(request("GET", API + "/triage-queue", cred=ENV["KEY_A"]), 403)
        # tenant B does not see A's queue
        items, _ = self.walk(API + "/triage-queue?limit=100", ENV["TOKEN_B"], limit_pages=1000)
        self.assertFalse([i for i in items if i["id"] in ids])

    def test_overview_counts(self):
        def overview():
            r = request("GET", API + "/overview", cred=ENV["TOKEN_A"])
            self.assertStatus(r, 200)
            return r.json

        off, _, _ = self.officer_with_sub(capacity=7)
        cat = self.make_category()
        before = overview()
        for k in ("openByStatus", "unassigned", "overdue", "dueSoon", "suspended", "referrals",
                  "reopenRequestsPending", "officers"):
            self.assertIn(k, before)
        self.assertEqual(set(before["openByStatus"]),
                         {"received", "assigned", "in_progress", "waiting", "solution_proposed"})
        self.assertEqual(set(before["referrals"]), {"open", "overdue"})
        unassigned = [self.file_case(cat["id"], district=uniq("Ov"))["id"] for _ in range(2)]
        assigned = []
        for _ in range(3):
            c = self.file_case(cat["id"], district=uniq("Ov"))
            request("PUT", API + "/cases/%s/assignment" % c["id"], {"officerId": off["id"]}, cred=ENV["TOKEN_A"])
            assigned.append(c["id"])
        for to, kw in (("in_progress", {}), ("waiting", {"reason": "Wacht op de melder"})):
            r = request("POST", API + "/cases/%s/transitions" % assigned[0], dict(to=to, **kw), cred=ENV["TOKEN_A"])
            self.assertStatus(r, 200)
        after = overview()
        delta = {s: after["openByStatus"][s] - before["openByStatus"][s] for s in after["openByStatus"]}
        self.assertEqual(delta, {"received": 2, "assigned": 2, "in_progress": 0, "waiting": 1,
                                 "solution_proposed": 0})
        self.assertEqual(after["unassigned"] - before["unassigned"], 2)
        self.assertEqual(after["suspended"] - before["suspended"], 1)
        row = [o for o in after["officers"] if o["id"] == off["id"]]
        self.assertEqual(len(row), 1)
        self.assertEqual((row[0]["openCases"], row[0]["capacity"], row[0]["overdue"]), (3, 7, 0))
        self.assertEqual(row[0]["name"], off["name"])
        self.assertProblem(request("GET", API + "/overview", cred=ENV["TOKEN_A_OFFICER"]), 403)
        self.assertProblem(request("GET", API + "/overview", cred=ENV["KEY_A"]), 403)
        self.assertProblem(request("GET", API + "/overview?x=1", cred=ENV["TOKEN_A"]), 400)
        # tenant B's overview knows nothing of A's officer
        r = request("GET", API + "/overview", cred=ENV["TOKEN_B"])
        self.assertStatus(r, 200)
        self.assertFalse([o for o in r.json["officers"] if o["id"] == off["id"]])


class StatisticsTest(KoersCase):
    def transition(self, cid, to, **kw):
        body = {"to": to}
        body.update(kw)
        r = request("POST", API + "/cases/%s/transitions" % cid, body, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        return r.json

    def period(self):
        today = datetime.datetime.now(datetime.timezone.utc).date()
        return (today - datetime.timedelta(days=1)).isoformat(), (today + datetime.timedelta(days=1)).isoformat()

    def stats(self, group, cred=None, **q):
        f, t = self.period()
        qs = "from=%s&to=%s&groupBy=%s" % (q.get("from", f), q.get("to", t), group)
        r = request("GET", API + "/statistics?" + qs, cred=cred or ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        return r.json

    def test_figures_match_the_cases(self):
        cat = self.make_category(slaDays=10)
        off = self.make_officer()
        district = uniq("Statwijk")
        made = []
        outcomes = ["agreed", "agreed", "partly_agreed", "refused", None, None, None]
        feedback = {0: (5, True), 1: (2, False), 3: (4, True)}
        for i, outcome in enumerate(outcomes):
            c = self.file_case(cat["id"], district=district)
            token = c.get("trackingToken")
            self.assertTrue(token, "no tracking token in the filing answer")
            r = request("PUT", API + "/cases/%s/assignment" % c["id"], {"officerId": off["id"]}, cred=ENV["TOKEN_A"])
            self.assertStatus(r, 200)
            if i < 6:
                self.transition(c["id"], "in_progress")
            if outcome is not None:
                why = "Wij hebben dit besloten omdat de regels dit voorschrijven en de situatie dit vraagt."
                self.transition(c["id"], "resolved", outcome=outcome, explanation=why)
            if i in feedback:
                sat, equal = feedback[i]
                r = request("POST", API + "/tracking/%s/feedback" % token, {"satisfaction": sat, "equalParty": equal})
                self.assertStatus(r, 201)
            made.append(c["id"])
        cases = [request("GET", API + "/cases/" + cid, cred=ENV["TOKEN_A"]).json for cid in made]
        lead = {}
        for c in cases:
            if c["outcome"] is None:
                continue
            r = request("GET", API + "/cases/%s/lead-times" % c["id"], cred=ENV["TOKEN_A"])
            self.assertStatus(r, 200)
            for item in r.json["items"]:
                if item["status"] != r.json["currentStatus"]:
                    lead.setdefault(item["status"], []).append(item["seconds"] / 3600.0)

        # the expected figures, as the casedesk README defines them
        resolved = [c for c in cases if c["outcome"] is not None]
        contacted = [hours(c["firstContactAt"], c["createdAt"]) for c in cases if c["firstContactAt"]]
        resolution = [hours(c["outcome"]["resolvedAt"], c["createdAt"]) for c in resolved]
        in_time = [c for c in resolved if c["outcome"]["resolvedAt"] <= c["resolutionDue"]]
        sats = [s for s, _ in feedback.values()]
        want = {
            "casesIn": len(cases), "casesOut": len(resolved), "openLoad": len(cases) - len(resolved),
            "outcomes": {"agreed": 2, "partlyAgreed": 1, "refused": 1},
            "satisfaction": {"n": 3, "mean": round(sum(sats) / 3.0, 2)},
            "equalPartyShare": round(2 / 3.0, 4),
            "slaCompliance": len(in_time) / float(len(resolved)),
        }
        self.assertEqual(len(contacted), 6)

        for group, key, label in (("category", cat["id"], cat["name"]), ("district", district, district),
                                  ("officer", off["id"], off["name"])):
            doc = self.stats(group)
            self.assertEqual(doc["groupBy"], group)
            self.assertEqual((doc["from"], doc["to"]), self.period())
            items = [i for i in doc["items"] if i["key"] == key]
            self.assertEqual(len(items), 1, "no item %s in %r" % (key, [i["key"] for i in doc["items"]]))
            item = items[0]
            self.assertEqual(item["label"], label)
            for k, v in want.items():
                if isinstance(v, float):
                    self.assertAlmostEqual(item[k], v, places=4, msg=k)
                else:
                    self.assertEqual(item[k], v, "%s in %s: %r" % (k, group, item))
            for name, values in (("firstContactHours", contacted), ("resolutionHours", resolution)):
                for p, member in ((0.5, "median"), (0.9, "p90")):
                    self.assertAlmostEqual(item[name][member], percentile_cont(values, p), delta=0.011, msg=name)
            self.assertEqual(set(item["leadTimeHours"]), set(lead), item["leadTimeHours"])
            for status, values in lead.items():
                self.assertAlmostEqual(item["leadTimeHours"][status]["median"], percentile_cont(values, 0.5), delta=0.011)
                self.assertAlmostEqual(item["leadTimeHours"][status]["p90"], percentile_cont(values, 0.9), delta=0.011)
        # without grouping: one item holding at least our cases
        doc = self.stats("none")
        self.assertEqual(len(doc["items"]), 1)
        self.assertEqual(doc["items"][0]["key"], "all")
        self.assertGreaterEqual(doc["items"][0]["casesIn"], len(cases))
        # a period before the cases: our group is absent
        doc = self.stats("category", **{"from": "2020-01-01", "to": "2020-12-31"})
        self.assertFalse([i for i in doc["items"] if i["key"] == cat["id"]])
        # tenant B never sees A's groups
        doc = self.stats("category", cred=ENV["TOKEN_B"])
        self.assertFalse([i for i in doc["items"] if i["key"] == cat["id"]])

    def test_defaults_and_faults(self):
        r = request("GET", API + "/statistics", cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        doc = r.json
        self.assertEqual(doc["groupBy"], "none")
        days = (datetime.date.fromisoformat(doc["to"]) - datetime.date.fromisoformat(doc["from"])).days
        self.assertEqual(days, 29)
        self.assertEqual(len(doc["items"]), 1)
        for k in ("key", "label", "casesIn", "casesOut", "openLoad", "firstContactHours", "resolutionHours",
                  "slaCompliance", "leadTimeHours", "outcomes", "satisfaction", "equalPartyShare"):
            self.assertIn(k, doc["items"][0])
        bad = [("groupBy=week", "groupBy"), ("from=2026-02-30", "from"), ("to=yesterday", "to"),
               ("from=2026-03-02&to=2026-03-01", "from"), ("from=2015-01-01&to=2026-01-01", "from"),
               ("colour=red", "colour")]
        for q, field in bad:
            doc = self.assertProblem(request("GET", API + "/statistics?" + q, cred=ENV["TOKEN_A"]), 400)
            self.assertInvalidParam(doc, field)
        # five years exactly is allowed
        r = request("GET", API + "/statistics?from=2021-01-01&to=2026-01-01", cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.assertProblem(request("GET", API + "/statistics", cred=ENV["TOKEN_A_OFFICER"]), 403)
        self.assertProblem(request("GET", API + "/statistics", cred=ENV["KEY_A"]), 403)
        self.assertProblem(request("GET", API + "/statistics"), 401)
