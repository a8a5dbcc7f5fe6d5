"""(a) The whole path of a case through the gateway: routing, the
lifecycle, the timeline and the events on Redis."""

import datetime
import re
import time
import unittest

from koers_bb import API, ENV, KoersCase, RedisSubscriber, request

REFERENCE = re.compile(r"^BV-\d{4}-\d{6}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
PATH = ["in_progress", "waiting", "in_progress", "solution_proposed", "resolved", "closed"]
ENVELOPE = ("id", "type", "source", "tenant", "time", "subject", "data")


class CaseFlowTest(KoersCase):
    def setUp(self):
        self.sub = RedisSubscriber("koers.casedesk.*")

    def tearDown(self):
        self.sub.close()

    def test_case_whole_path(self):
        cat, officer, district = self.routed_setup()
        body = self.case_body(cat["id"], district=district, priority="high",
                              location={"latitude": 52.0907, "longitude": 5.1214, "address": "Stadhuisplein 1"})
        citizen = body["citizen"]

        r = request("POST", API + "/cases", body, cred=ENV["KEY_A"])
        self.assertStatus(r, 201)
        self.assertCommonHeaders(r)
        case = r.json
        cid = case["id"]
        self.assertRegex(case["reference"], REFERENCE)
        self.assertTrue((r.header("location") or "").endswith(API + "/cases/" + cid), r.header("location"))
        self.assertTrue(r.header("etag"), "no ETag on 201")
        self.assertEqual(case["status"], "assigned", "case not routed: %r" % case)
        self.assertEqual(case["officerId"], officer["id"])
        self.assertEqual(case["categoryId"], cat["id"])
        self.assertEqual(case["priority"], "high")
        self.assertEqual(case["citizen"]["email"], citizen["email"])
        self.assertIsNone(case["closedAt"])

        # the officer's open case count went up
        r = request("GET", API + "/liaison-officers/" + officer["id"], cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["openCases"], 1)

        # read back, with the key (cases:read)
        r = request("GET", API + "/cases/" + cid, cred=ENV["KEY_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["reference"], case["reference"])
        etag = r.header("etag")
        self.assertTrue(etag and etag.startswith('"'), "ETag %r" % etag)

        # the lifecycle, each step with If-Match of the current version
        for to in PATH:
            step = {"to": to, "reason": "stap naar " + to}
            if to == "resolved":  # resolving needs an outcome and its explanation
                step.update(outcome="agreed", explanation="De lantaarnpaal is gerepareerd.")
            r = request("POST", API + "/cases/%s/transitions" % cid, step, cred=ENV["TOKEN_A"],
                        headers={"If-Match": etag})
            self.assertStatus(r, 200)
            self.assertEqual(r.json["status"], to)
            self.assertNotEqual(r.header("etag"), etag, "ETag did not change")
            etag = r.header("etag")
        self.assertTrue(r.json["closedAt"], "closedAt not set on close")
        self.assertRegex(r.json["closedAt"], DATETIME)

        # the timeline: every step, oldest first, with actor and time
        entries, _ = self.walk(API + "/cases/%s/timeline?limit=3" % cid, ENV["TOKEN_A"])
        for e in entries:
            for k in ("id", "at", "actor", "action"):
                self.assertTrue(e.get(k), "timeline entry without %s: %r" % (k, e))
            self.assertRegex(e["at"], DATETIME)
        ats = [e["at"] for e in entries]
        self.assertEqual(ats, sorted(ats), "timeline not oldest first")
        to_statuses = [e.get("toStatus") for e in entries if e.get("toStatus")]
        self.assertEqual(to_statuses[-len(PATH):], PATH, "timeline: %r" % entries)
        self.assertIn("assigned", to_statuses[:-len(PATH)], "no assignment in the timeline: %r" % entries)
        self.assertGreaterEqual(len(entries), len(PATH) + 2, "no filing entry: %r" % entries)
        changes = [e for e in entries if e.get("toStatus") in PATH]
        for e in changes[-len(PATH):]:
            # the staff member's subject, possibly qualified ("user:<sub>")
            self.assertIn(ENV.get("TOKEN_A_SUB", "coordinator-a"), e["actor"], e)
        self.assertEqual(changes[-1].get("fromStatus"), "resolved")

        # the events: received, assigned, 6 status changes, suspended, resumed,
        # resolved, closed
        want = {"case.received": 1, "case.assigned": 1, "case.status.changed": len(PATH),
                "case.suspended": 1, "case.resumed": 1, "case.resolved": 1, "case.closed": 1}
        got = self.sub.collect(lambda env: cid in str(env.get("subject")) or cid in str(env.get("data")),
                               sum(want.values()), seconds=10)
        counts = {}
        for channel, raw, env in got:
            for k in ENVELOPE:
                self.assertIn(k, env, "event without %s: %s" % (k, raw))
            self.assertEqual(channel, "koers.casedesk." + env["type"])
            self.assertEqual(env["tenant"], ENV["TENANT_A"])
            self.assertRegex(env["time"], DATETIME)
            self.assertEqual(env["source"], "casedesk")
            for personal in (citizen["name"], citizen["email"], citizen["phone"], citizen["address"],
                             "Stadhuisplein"):
                self.assertNotIn(personal, raw, "personal data in event %s" % raw)
            counts[env["type"]] = counts.get(env["type"], 0) + 1
        self.assertEqual(counts, want, "events seen: %r" % [g[1] for g in got])
        ids = [env["id"] for _, _, env in got]
        self.assertEqual(len(ids), len(set(ids)), "event ids not unique")
        statuses = [env["data"].get("status") or env["data"].get("toStatus")
                    for _, _, env in got if env["type"] == "case.status.changed"]
        if all(statuses):
            self.assertEqual(statuses, PATH, "status events out of order")

    def test_new_case_ids_are_time_ordered(self):
        # issue 16: UUID version 7 (RFC 9562), so the primary key grows at
        # its right edge; filed one after another, their ids sort in the
        # order they were filed, and the time in them is their createdAt's
        cat = self.make_category()
        ids = []
        for _ in range(3):
            r = request("POST", API + "/cases", self.case_body(cat["id"]), cred=ENV["KEY_A"])
            self.assertStatus(r, 201)
            ids.append(r.json)
            time.sleep(0.002)
        for c in ids:
            self.assertRegex(c["id"], r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
            ms = int(c["id"].replace("-", "")[:12], 16)
            created = datetime.datetime.fromisoformat(c["createdAt"].replace("Z", "+00:00"))
            self.assertLess(abs(ms / 1000.0 - created.timestamp()), 5.0, c)
        self.assertEqual([c["id"] for c in ids], sorted(c["id"] for c in ids))

    def test_unrouted_case_waits_in_triage_then_assignment(self):
        cat = self.make_category()
        r = request("POST", API + "/cases", self.case_body(cat["id"], district="Nergens-" + cat["id"][:8]),
                    cred=ENV["KEY_A"])
        self.assertStatus(r, 201)
        case = r.json
        self.assertEqual(case["status"], "received")
        self.assertIsNone(case["officerId"])
        items, _ = self.walk(API + "/cases?unassigned=true&categoryId=%s" % cat["id"], ENV["TOKEN_A"])
        self.assertEqual([c["id"] for c in items], [case["id"]])

        officer = self.make_officer()
        r = request("PUT", API + "/cases/%s/assignment" % case["id"], {"officerId": officer["id"]},
                    cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "assigned")
        self.assertEqual(r.json["officerId"], officer["id"])
        got = self.sub.collect(lambda env: env.get("type") == "case.assigned" and case["id"] in raw_of(env), 1, 10)
        self.assertEqual(len(got), 1, "no case.assigned event on reassignment")

        # an officer that does not exist: 422
        r = request("PUT", API + "/cases/%s/assignment" % case["id"],
                    {"officerId": "00000000-0000-4000-8000-000000000000"}, cred=ENV["TOKEN_A"])
        self.assertProblem(r, 422)


def raw_of(env):
    return str(env.get("subject")) + str(env.get("data"))


if __name__ == "__main__":
    unittest.main()
