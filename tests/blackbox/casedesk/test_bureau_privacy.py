"""The citizen's privacy through the gateway (the casedesk README, "Privacy"): a data
subject export finds exactly that citizen's cases (the e-mail matched
whatever its case or blanks, the phone whatever its spacing), an erasure
anonymises them, the retention pass of the scheduler anonymises a closed
case past the tenant's retention and leaves an open one alone, only the
privacy officer (or admin) may ask, every request leaves an audit row
without the subject in it, and no event on Redis carries the citizen."""

import datetime
import re

from koers_bb import API, ENV, KoersCase, RedisSubscriber, request, uniq

DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
ERASED = "[geanonimiseerd]"
EXPORTS = API + "/data-subject-requests/exports"
ERASURES = API + "/data-subject-requests/erasures"
REQUESTS = API + "/data-subject-requests"


class PrivacyTest(KoersCase):
    def setUp(self):
        self.sub = RedisSubscriber("koers.casedesk.*")
        self.addCleanup(self.sub.close)
        tag = uniq("p").split("-")[1]
        # one citizen per test, so tests never see each other's cases
        self.name = "Aaltje Privé-" + tag
        self.email = "aaltje.%s@voorbeeld.example" % tag
        self.phone = "+31 6 %s" % "".join(str(int(c, 16) % 10) for c in tag[:8])
        self.address = "Kerkstraat %s, Zwolle" % tag

    # ---- helpers -----------------------------------------------------------
    def citizen(self, **kw):
        c = {"name": self.name, "email": self.email, "phone": self.phone, "address": self.address}
        c.update(kw)
        return {k: v for k, v in c.items() if v is not None}

    def file(self, citizen, routed=None):
        """Files a case (routed to an officer when routed = (cat, district))."""
        if routed is None:
            routed = self.routed
        cat, district = routed
        body = self.case_body(cat["id"], district=district, citizen=citizen,
                              location={"latitude": 52.51, "longitude": 6.09,
                                        "address": self.address})
        r = request("POST", API + "/cases", body, cred=ENV["KEY_A"])
        self.assertStatus(r, 201)
        return r.json

    @property
    def routed(self):
        if not hasattr(self, "_routed"):
            cat, _, district = self.routed_setup()
            self._routed = (cat, district)
        return self._routed

    def move(self, cid, to, **kw):
        body = {"to": to}
        body.update(kw)
        r = request("POST", API + "/cases/%s/transitions" % cid, body, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        return r.json

    def close_case(self, cid):
        self.move(cid, "in_progress")
        self.move(cid, "resolved", outcome="agreed", explanation="De tegel ligt weer vast.")
        return self.move(cid, "closed")

    def export(self, body, cred=None):
        r = request("POST", EXPORTS, body, cred=cred or ENV["TOKEN_A_PRIVACY"])
        self.assertStatus(r, 200)
        self.assertEqual(r.header("cache-control"), "no-store")
        self.assertEqual(set(r.json), {"cases"})
        return r.json["cases"]

    def erase(self, body, cred=None):
        r = request("POST", ERASURES, body, cred=cred or ENV["TOKEN_A_PRIVACY"])
        self.assertStatus(r, 200)
        self.assertEqual(set(r.json), {"erased"})
        return r.json["erased"]

    def get_case(self, cid):
        r = request("GET", API + "/cases/" + cid, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        return r.json

    def assertNoCitizenInEvents(self, case_ids, min_events):
        got = self.sub.collect(lambda env: any(c in str(env.get("subject")) or c in str(env.get("data"))
                                               for c in case_ids), 1000, seconds=3)
        self.assertGreaterEqual(len(got), min_events, "events seen: %r" % [g[1] for g in got])
        for _, raw, _ in got:
            for personal in (self.name, self.email, self.email.upper(), self.phone, self.address,
                             "Aaltje"):
                self.assertNotIn(personal, raw, "personal data in event %s" % raw)
        return [env for _, _, env in got]

    # ---- export ------------------------------------------------------------
    def test_export_finds_exactly_the_citizens_cases(self):
        mine = self.file(self.citizen())
        mine_upper = self.file(self.citizen(email=self.email.upper(), phone=None))
        by_phone = self.file(self.citizen(email=None, phone=self.phone.replace(" ", "-")))
        other = self.file(self.citizen(name="Iemand Anders", email="anders." + self.email,
                                       phone="+31 20 1234567"))
        cid = mine["id"]
        # a note and messages both ways, and the feedback after resolution
        r = request("POST", API + "/cases/%s/notes" % cid, {"text": "Interne notitie over de tegel"},
                    cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        r = request("POST", API + "/cases/%s/messages" % cid, {"text": "Wij komen dinsdag kijken."},
                    cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        r = request("POST", API + "/tracking/%s/messages" % mine["trackingToken"],
                    {"text": "Dank, ik ben thuis."})
        self.assertStatus(r, 201)
        self.move(cid, "in_progress")
        self.move(cid, "resolved", outcome="agreed", explanation="De tegel ligt weer vast.")
        r = request("POST", API + "/tracking/%s/feedback" % mine["trackingToken"],
                    {"satisfaction": 4, "equalParty": True, "comment": "Snel geholpen"})
        self.assertStatus(r, 201)

        # by e-mail in another case, with blanks around it: both e-mail cases
        cases = self.export({"email": "  " + self.email.upper().replace("AALTJE", "Aaltje") + " "})
        self.assertEqual(sorted(c["case"]["id"] for c in cases), sorted([mine["id"], mine_upper["id"]]))
        for item in cases:
            self.assertEqual(set(item), {"case", "timeline", "messages", "feedback"})
            self.assertEqual(item["case"]["citizen"]["name"], self.name, "citizen not decrypted")
            self.assertTrue(item["timeline"], "no timeline in %r" % item)
        item = next(c for c in cases if c["case"]["id"] == cid)
        self.assertEqual(item["case"]["citizen"]["email"], self.email)
        self.assertEqual(item["case"]["citizen"]["address"], self.address)
        texts = {m["text"]: m for m in item["messages"]}
        self.assertEqual(set(texts), {"Interne notitie over de tegel", "Wij komen dinsdag kijken.",
                                      "Dank, ik ben thuis."})
        self.assertEqual(texts["Dank, ik ben thuis."].get("direction"), "from_citizen")
        self.assertEqual(texts["Wij komen dinsdag kijken."].get("direction"), "to_citizen")
        self.assertEqual(texts["Interne notitie over de tegel"].get("kind"), "note")
        self.assertEqual([(f["satisfaction"], f["comment"]) for f in item["feedback"]],
                         [(4, "Snel geholpen")])
        self.assertIn("resolved", [e["action"] for e in item["timeline"]])

        # by phone written otherwise: the two cases with that number
        cases = self.export({"phone": self.phone.replace(" ", "")})
        self.assertEqual(sorted(c["case"]["id"] for c in cases), sorted([mine["id"], by_phone["id"]]))
        # both: the union, each case once; never the other citizen's
        cases = self.export({"email": self.email, "phone": self.phone})
        ids = [c["case"]["id"] for c in cases]
        self.assertEqual(sorted(ids), sorted([mine["id"], mine_upper["id"], by_phone["id"]]))
        self.assertNotIn(other["id"], ids)
        # an admin may too; tenant B's privacy work never sees tenant A's cases
        self.assertEqual(len(self.export({"email": self.email}, cred=ENV["TOKEN_A_ADMIN"])), 2)
        self.assertEqual(self.export({"email": self.email}, cred=ENV["TOKEN_B_ADMIN"]), [])

        # the audit: newest first, who and how many, never the subject
        r = request("GET", REQUESTS + "?limit=5", cred=ENV["TOKEN_A_PRIVACY"])
        self.assertStatus(r, 200)
        items = r.json["items"]
        self.assertEqual(set(items[0]), {"id", "kind", "actor", "cases", "at"})
        self.assertEqual((items[0]["kind"], items[0]["cases"]), ("export", 2))
        self.assertIn("admin-a", items[0]["actor"])
        self.assertEqual([i["cases"] for i in items[1:4]], [3, 2, 2])
        self.assertIn("privacy-a", items[1]["actor"])
        self.assertRegex(items[0]["at"], DATETIME)
        for personal in (self.email, self.email.upper(), self.name, "Aaltje", self.phone):
            self.assertNotIn(personal, r.raw.decode())
        self.assertNoCitizenInEvents([mine["id"], mine_upper["id"], by_phone["id"]], 6)

    def test_audit_list_pages_and_filters(self):
        for _ in range(3):
            self.export({"email": "niemand.%s@voorbeeld.example" % uniq("x")})
        self.erase({"phone": "+31 6 0000 0000"})
        items, pages = self.walk(REQUESTS + "?limit=2", ENV["TOKEN_A_PRIVACY"])
        self.assertGreaterEqual(len(items), 4)
        self.assertGreaterEqual(pages, 2)
        self.assertEqual(len({i["id"] for i in items}), len(items), "an item twice")
        ats = [i["at"] for i in items]
        self.assertEqual(ats, sorted(ats, reverse=True), "not newest first")
        erasures, _ = self.walk(REQUESTS + "?kind=erasure&limit=100", ENV["TOKEN_A_PRIVACY"])
        self.assertTrue(erasures)
        self.assertEqual({i["kind"] for i in erasures}, {"erasure"})
        r = request("GET", REQUESTS + "?kind=everything", cred=ENV["TOKEN_A_PRIVACY"])
        self.assertProblem(r, 400)
        self.assertInvalidParam(r.json, "kind")
        r = request("GET", REQUESTS + "?cursor=bm90LWEtY3Vyc29y", cred=ENV["TOKEN_A_PRIVACY"])
        self.assertProblem(r, 400)
        # tenant B's audit holds none of tenant A's requests
        b_items, _ = self.walk(REQUESTS + "?limit=100", ENV["TOKEN_B_ADMIN"])
        self.assertFalse({i["id"] for i in b_items} & {i["id"] for i in items})

    # ---- erasure -----------------------------------------------------------
    def test_erasure_anonymises_the_cases(self):
        first = self.file(self.citizen())
        second = self.file(self.citizen(email=None))  # found by phone only
        other = self.file(self.citizen(name="Iemand Anders", email="anders." + self.email,
                                       phone="+31 20 7654321"))
        cid = first["id"]
        r = request("POST", API + "/tracking/%s/messages" % first["trackingToken"],
                    {"text": "Ik ben %s, bel me op %s" % (self.name, self.phone)})
        self.assertStatus(r, 201)
        r = request("POST", API + "/cases/%s/messages" % cid, {"text": "Wij bellen u morgen."},
                    cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        r = request("GET", API + "/cases/" + cid, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        before, before_etag = r.json, r.header("etag")
        self.assertEqual(before["citizen"]["email"], self.email)

        self.assertEqual(self.erase({"email": self.email.upper(), "phone": self.phone}), 2)
        after = self.get_case(cid)
        self.assertIsNone(after["citizen"])
        self.assertRegex(after["anonymisedAt"] or "", DATETIME)
        self.assertEqual(after["description"], ERASED)
        self.assertIsNone(after["location"])
        # what the statistics need stays
        for k in ("id", "reference", "categoryId", "district", "status", "officerId", "channel",
                  "priority", "createdAt", "firstContactDue", "resolutionDue"):
            self.assertEqual(after[k], before[k], k)
        # a new version: a client holding the old ETag cannot write over it
        r = request("GET", API + "/cases/" + cid, cred=ENV["TOKEN_A"])
        self.assertGreater(int(r.header("etag").strip('"')), int(before_etag.strip('"')))
        raw = r.raw.decode()
        for personal in (self.name, self.email, self.phone, self.address):
            self.assertNotIn(personal, raw)
        self.assertIsNone(self.get_case(second["id"])["citizen"])
        self.assertEqual(self.get_case(other["id"])["citizen"]["name"], "Iemand Anders")
        # the citizen's message is gone, the staff's stays
        r = request("GET", API + "/cases/%s/messages" % cid, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        texts = [m["text"] for m in r.json["items"]]
        self.assertIn(ERASED, texts)
        self.assertIn("Wij bellen u morgen.", texts)
        self.assertNotIn(self.name, r.raw.decode())
        # the tracking link is dead, the anonymised timeline entry is there
        r = request("GET", API + "/tracking/" + first["trackingToken"])
        self.assertProblem(r, 404)
        timeline, _ = self.walk(API + "/cases/%s/timeline?limit=100" % cid, ENV["TOKEN_A"])
        self.assertEqual([e["action"] for e in timeline].count("anonymised"), 1)
        # nothing left to find or erase
        self.assertEqual(self.export({"email": self.email}), [])
        self.assertEqual(self.erase({"email": self.email}), 0)
        events = self.assertNoCitizenInEvents([cid, second["id"]], 4)
        anonymised = [e for e in events if e["type"] == "case.anonymised"]
        self.assertEqual(sorted(e["subject"] for e in anonymised), sorted([cid, second["id"]]))
        self.assertEqual({e["data"].get("reason") for e in anonymised}, {"erasure"})
        # the audit row names the count, not the subject
        r = request("GET", REQUESTS + "?kind=erasure&limit=1", cred=ENV["TOKEN_A_PRIVACY"])
        self.assertEqual(r.json["items"][0]["cases"], 0)

    # ---- retention ---------------------------------------------------------
    def test_retention_anonymises_closed_cases_only(self):
        closed = self.file(self.citizen())
        still_open = self.file(self.citizen())
        self.close_case(closed["id"])
        r = request("GET", API + "/settings", cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        days = r.json["retentionDays"]
        now = datetime.datetime.now(datetime.timezone.utc)

        # within the retention: nothing happens to it
        as_of = (now + datetime.timedelta(days=days - 1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        r = request("POST", API + "/scheduler-runs", {"asOf": as_of}, cred=ENV["TOKEN_A_ADMIN"])
        self.assertStatus(r, 200)
        self.assertEqual(self.get_case(closed["id"])["citizen"]["email"], self.email)

        as_of = (now + datetime.timedelta(days=days + 1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        r = request("POST", API + "/scheduler-runs", {"asOf": as_of}, cred=ENV["TOKEN_A_ADMIN"])
        self.assertStatus(r, 200)
        self.assertGreaterEqual(r.json["anonymised"], 1)
        gone = self.get_case(closed["id"])
        self.assertIsNone(gone["citizen"])
        self.assertRegex(gone["anonymisedAt"] or "", DATETIME)
        self.assertEqual(gone["description"], ERASED)
        self.assertEqual(gone["status"], "closed")
        self.assertEqual(gone["outcome"]["result"], "agreed")
        kept = self.get_case(still_open["id"])
        self.assertEqual(kept["citizen"]["email"], self.email)
        self.assertIsNone(kept["anonymisedAt"])
        self.assertNotEqual(kept["description"], ERASED)
        # a second pass finds nothing more of this case
        r = request("POST", API + "/scheduler-runs", {"asOf": as_of}, cred=ENV["TOKEN_A_ADMIN"])
        self.assertStatus(r, 200)
        self.assertEqual([c["case"]["id"] for c in self.export({"email": self.email})],
                         [still_open["id"]])
        events = self.assertNoCitizenInEvents([closed["id"]], 3)
        anonymised = [e for e in events if e["type"] == "case.anonymised"]
        self.assertEqual(len(anonymised), 1, "case.anonymised once: %r" % anonymised)
        self.assertEqual(anonymised[0]["data"].get("reason"), "retention")

    # ---- who may ask, and what is a bad request -------------------------------
    def test_permissions(self):
        for cred in (ENV["TOKEN_A"], ENV["TOKEN_A_OFFICER"], ENV["KEY_A"], ENV["TOKEN_A_OFFICIAL"]):
            for method, path, body in (("POST", EXPORTS, {"email": self.email}),
                                       ("POST", ERASURES, {"email": self.email}),
                                       ("GET", REQUESTS, None)):
                r = request(method, path, body, cred=cred)
                self.assertProblem(r, 403)
        for method, path, body in (("POST", EXPORTS, {"email": self.email}),
                                   ("POST", ERASURES, {"email": self.email}),
                                   ("GET", REQUESTS, None)):
            self.assertProblem(request(method, path, body), 401)

    def test_bad_requests(self):
        for body, fields in (({}, {"email", "phone"}),
                             ({"email": "geen-adres"}, {"email"}),
                             ({"phone": "bel mij"}, {"phone"}),
                             ({"email": "geen-adres", "phone": "---"}, {"email", "phone"}),
                             ({"phone": ""}, {"phone"}),
                             ({"email": 42}, {"email"}),
                             ({"email": self.email, "name": self.name}, {"name"})):
            for path in (EXPORTS, ERASURES):
                r = request("POST", path, body, cred=ENV["TOKEN_A_PRIVACY"])
                self.assertProblem(r, 422)
                for f in fields:
                    self.assertInvalidParam(r.json, f)
                # a fault names the field, never echoes the subject back
                self.assertNotIn(self.name, r.raw.decode())
        r = request("POST", EXPORTS, raw=b"{nope", cred=ENV["TOKEN_A_PRIVACY"],
                    headers={"Content-Type": "application/json"})
        self.assertProblem(r, 400)
        r = request("POST", EXPORTS, raw=b"email=x", cred=ENV["TOKEN_A_PRIVACY"],
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertProblem(r, 415)
