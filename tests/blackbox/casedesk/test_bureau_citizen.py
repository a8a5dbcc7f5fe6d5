"""The citizen's side of the Connections Bureau through the gateway: the
tracking page reached with the token alone, messages both ways, suspension
and resumption, the outcome, feedback once per round, and reopen requests
accepted or declined by a coordinator (the casedesk README, "The citizen's
tracking")."""

import base64
import re
import secrets
import threading
import time
import unittest

from koers_bb import API, ENV, KoersCase, RedisSubscriber, request, uniq

DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
VIEW_MEMBERS = {"reference", "status", "category", "createdAt", "firstContactDue", "resolutionDue",
                "firstContactAt", "suspension", "outcome", "timeline", "messages", "feedback",
                "reopenRequest", "canGiveFeedback", "canSendMessage"}
REOPEN_MEMBERS = {"id", "caseId", "reference", "round", "status", "declineReason", "decidedBy",
                  "decidedAt", "createdAt", "feedback"}
REFUSAL = "Wij herstellen deze stoep niet: de gemeente is er geen eigenaar van, de provincie wel."


def track_path(token, tail=""):
    return API + "/tracking/" + token + tail


class CitizenTrackingTest(KoersCase):
    def setUp(self):
        self.sub = RedisSubscriber("koers.casedesk.*")
        self.addCleanup(self.sub.close)

    # ---- helpers -----------------------------------------------------------
    def file_tracked(self, cat=None, district=None):
        """Files a routed case with the portal key; returns (case, token)."""
        if cat is None:
            cat, _, district = self.routed_setup()
        body = self.case_body(cat["id"], district=district)
        r = request("POST", API + "/cases", body, cred=ENV["KEY_A"])
        self.assertStatus(r, 201)
        case = r.json
        token = case.get("trackingToken")
        self.assertTrue(token, "no trackingToken in the 201: %r" % r)
        self.assertEqual(case["_links"]["tracking"]["href"].split("/casedesk/v1", 1)[-1],
                         "/tracking/" + token)
        return case, token

    def track(self, token):
        r = request("GET", track_path(token))
        self.assertStatus(r, 200)
        self.assertEqual(r.header("cache-control"), "no-store")
        view = r.json
        self.assertEqual(set(view), VIEW_MEMBERS, "tracking view members: %r" % view)
        self.assertNoStaffOrCitizen(r.raw.decode())
        for e in view["timeline"]:
            self.assertLessEqual(set(e), {"at", "action", "status"}, e)
            self.assertRegex(e["at"], DATETIME)
        for m in view["messages"]:
            self.assertEqual(set(m), {"direction", "text", "at"}, m)
        return view

    def assertNoStaffOrCitizen(self, raw):
        for secret in (ENV.get("TOKEN_A_SUB", "coordinator-a"), "officer-a", "user:", "apikey:",
                       "jan.devries@voorbeeld.example", "Jan de Vries", "12345678", "Dorpsstraat",
                       '"actor"', '"author"', '"decidedBy"'):
            self.assertNotIn(secret, raw, "the citizen's view shows %r: %s" % (secret, raw[:600]))

    def move(self, cid, to, expect=200, **kw):
        body = {"to": to}
        body.update(kw)
        r = request("POST", API + "/cases/%s/transitions" % cid, body, cred=ENV["TOKEN_A"])
        self.assertStatus(r, expect)
        return r.json

    def resolve(self, cid, outcome="agreed", explanation="Hersteld op 12 november, dank voor uw melding."):
        return self.move(cid, "resolved", outcome=outcome, explanation=explanation)

    def feedback(self, token, expect=201, **body):
        r = request("POST", track_path(token, "/feedback"), body)
        if expect == 201:
            self.assertStatus(r, 201)
            return r.json
        return self.assertProblem(r, expect)

    def case_get(self, cid):
        r = request("GET", API + "/cases/" + cid, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        return r.json

    def pending_request_of(self, cid):
        items, _ = self.walk(API + "/reopen-requests?status=pending&limit=100", ENV["TOKEN_A"])
        mine = [i for i in items if i["caseId"] == cid]
        self.assertLessEqual(len(mine), 1, mine)
        return mine[0] if mine else None

    def reopen_settings(self, satisfaction_max=2, on_not_equal=True):
        """Makes tenant A's reopen settings known for this test (restored
        afterwards)."""
        r = request("GET", API + "/settings", cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        before = {k: v for k, v in r.json.items() if k not in ("version", "updatedAt")}
        if before.get("reopenSatisfactionMax") == satisfaction_max and \
                before.get("reopenOnNotEqual") == on_not_equal:
            return
        want = dict(before, reopenSatisfactionMax=satisfaction_max, reopenOnNotEqual=on_not_equal)
        r = request("PUT", API + "/settings", want, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.addCleanup(lambda: request("PUT", API + "/settings", before, cred=ENV["TOKEN_A"]))

    def events_of(self, cid, types, seconds=10):
        """Every event about cid until each type in `types` (type -> count)
        arrived, and a second more (to see one that should not come)."""
        got, deadline = [], time.monotonic() + seconds

        def seen(t):
            return sum(1 for _, _, env in got if env["type"] == t)

        while any(seen(t) < n for t, n in types.items()) and time.monotonic() < deadline:
            got += self.sub.collect(lambda env: env.get("subject") == cid, 1,
                                    max(0.1, deadline - time.monotonic()))
        got += self.sub.collect(lambda env: env.get("subject") == cid, 1000, 1)
        self.assertEqual({t: seen(t) for t in types}, types,
                         "events about %s: %r" % (cid, [g[1] for g in got]))
        return got

    # ---- the whole life -----------------------------------------------------
    def test_life_of_a_case_seen_by_the_citizen(self):
        case, token = self.file_tracked()
        cid = case["id"]

        view = self.track(token)
        self.assertEqual(view["reference"], case["reference"])
        self.assertEqual(view["status"], "assigned")
        self.assertEqual(view["category"]["id"], case["categoryId"])
        self.assertTrue(view["category"]["name"].startswith("Categorie"))
        self.assertEqual(view["createdAt"], case["createdAt"])
        self.assertEqual(view["resolutionDue"], case["resolutionDue"])
        self.assertEqual(view["firstContactDue"], case["firstContactDue"])
        self.assertRegex(view["resolutionDue"], DATETIME)
        self.assertIsNone(view["firstContactAt"])
        self.assertIsNone(view["suspension"])
        self.assertIsNone(view["outcome"])
        self.assertIsNone(view["feedback"])
        self.assertIsNone(view["reopenRequest"])
        self.assertEqual(view["messages"], [])
        self.assertFalse(view["canGiveFeedback"])
        self.assertTrue(view["canSendMessage"])
        self.assertEqual(view["timeline"][0]["action"], "received")
        self.assertEqual(view["timeline"][0]["status"], "received")

        # feedback before the resolution: 409
        doc = self.feedback(token, 409, satisfaction=4, equalParty=True)
        self.assertIn("resolved", doc["detail"])

        self.move(cid, "in_progress")
        # an internal note never reaches the citizen
        note = "Intern: buurman belt vaker, niet doorsturen " + uniq("n")
        r = request("POST", API + "/cases/%s/notes" % cid, {"text": note}, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        # a message to the citizen does
        to_citizen = "Wij komen volgende week kijken " + uniq("m")
        r = request("POST", API + "/cases/%s/messages" % cid, {"text": to_citizen}, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)

        view = self.track(token)
        self.assertEqual(view["status"], "in_progress")
        raw = request("GET", track_path(token)).raw.decode()
        self.assertNotIn(note, raw)
        self.assertNotIn("note", [e["action"] for e in view["timeline"]])
        self.assertEqual([(m["direction"], m["text"]) for m in view["messages"]],
                         [("to_citizen", to_citizen)])
        self.assertRegex(view["firstContactAt"], DATETIME)
        self.assertEqual([e.get("status") for e in view["timeline"] if e.get("status")][-1], "in_progress")

        # staff suspend: the citizen sees why and since when
        reason = "Wij hebben een foto van de plek nodig"
        self.move(cid, "waiting", reason=reason)
        view = self.track(token)
        self.assertEqual(view["status"], "waiting")
        self.assertEqual(view["suspension"]["reason"], reason)
        self.assertRegex(view["suspension"]["since"], DATETIME)
        self.assertIn("suspended", [e["action"] for e in view["timeline"]])

        # the citizen answers: the case resumes
        from_citizen = "Foto gemaakt, de tegel ligt er nog steeds los " + uniq("c")
        r = request("POST", track_path(token, "/messages"), {"text": from_citizen})
        self.assertStatus(r, 201)
        self.assertEqual(r.json["direction"], "from_citizen")
        self.assertEqual(r.json["text"], from_citizen)
        self.assertIs(r.json["resumed"], True)
        self.assertRegex(r.json["at"], DATETIME)
        view = self.track(token)
        self.assertEqual(view["status"], "in_progress")
        self.assertIsNone(view["suspension"])
        self.assertEqual([(m["direction"], m["text"]) for m in view["messages"]],
                         [("to_citizen", to_citizen), ("from_citizen", from_citizen)])
        actions = [e["action"] for e in view["timeline"]]
        self.assertIn("message", actions)
        self.assertIn("resumed", actions)
        self.assertGreater(actions.index("resumed"), actions.index("suspended"))
        # staff read it among the case's messages
        r = request("GET", API + "/cases/%s/messages" % cid, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.assertIn(("from_citizen", "citizen", from_citizen),
                      [(m["direction"], m["author"], m["text"]) for m in r.json["items"]])
        # a message while not waiting resumes nothing
        r = request("POST", track_path(token, "/messages"), {"text": "Nog een vraag"})
        self.assertStatus(r, 201)
        self.assertIs(r.json["resumed"], False)
        self.assertEqual(self.track(token)["status"], "in_progress")

        # resolved: outcome and explanation for the citizen
        explanation = "De tegel is op 12 november vastgezet. Dank voor uw melding."
        self.resolve(cid, "agreed", explanation)
        view = self.track(token)
        self.assertEqual(view["status"], "resolved")
        self.assertEqual(view["outcome"]["result"], "agreed")
        self.assertEqual(view["outcome"]["explanation"], explanation)
        self.assertRegex(view["outcome"]["resolvedAt"], DATETIME)
        self.assertTrue(view["canGiveFeedback"])

        # happy feedback: no reopen request
        comment = "Snel en vriendelijk geholpen " + uniq("fb")
        fb = self.feedback(token, satisfaction=5, equalParty=True, comment=comment)
        self.assertEqual(fb, {"reopenRequested": False, "satisfaction": 5, "equalParty": True,
                              "comment": comment, "at": fb["at"]})
        self.assertRegex(fb["at"], DATETIME)
        view = self.track(token)
        self.assertEqual(view["feedback"], {"satisfaction": 5, "equalParty": True, "comment": comment,
                                            "at": fb["at"]})
        self.assertFalse(view["canGiveFeedback"])
        self.assertIsNone(view["reopenRequest"])
        self.assertIsNone(self.pending_request_of(cid))
        # a second feedback in the same round: 409
        self.feedback(token, 409, satisfaction=1, equalParty=False)
        self.assertEqual(self.track(token)["feedback"]["satisfaction"], 5)

        # closed: no more messages, still no second feedback
        self.move(cid, "closed")
        view = self.track(token)
        self.assertEqual(view["status"], "closed")
        self.assertFalse(view["canSendMessage"])
        self.assertFalse(view["canGiveFeedback"])
        r = request("POST", track_path(token, "/messages"), {"text": "Nog iets"})
        self.assertProblem(r, 409)
        self.feedback(token, 409, satisfaction=2, equalParty=True)

        # the events: no message text, no comment
        got = self.events_of(cid, {"case.message.received": 2, "case.resumed": 1,
                                   "case.feedback.received": 1})
        self.assertNotIn("case.reopen.requested", [env["type"] for _, _, env in got])
        for _, raw, env in got:
            for text in (from_citizen, comment, "Nog een vraag"):
                self.assertNotIn(text, raw)
            if env["type"] == "case.message.received":
                self.assertIsInstance(env["data"]["messageId"], int)
            if env["type"] == "case.feedback.received":
                self.assertEqual(env["data"]["round"], 0)
                self.assertEqual(env["data"]["satisfaction"], 5)
                self.assertIs(env["data"]["equalParty"], True)
                self.assertNotIn("comment", env["data"])

    def test_unhappy_feedback_reopen_accepted_then_feedback_again(self):
        self.reopen_settings(2, True)
        cat, _, district = self.routed_setup()
        case, token = self.file_tracked(cat, district)
        cid = case["id"]
        self.move(cid, "in_progress")
        self.resolve(cid, "refused", REFUSAL)
        due_before = self.case_get(cid)["resolutionDue"]

        comment = "Niemand heeft naar mij geluisterd " + uniq("boos")
        fb = self.feedback(token, satisfaction=1, equalParty=False, comment=comment)
        self.assertIs(fb["reopenRequested"], True)
        view = self.track(token)
        self.assertEqual(view["reopenRequest"], {"status": "pending", "declineReason": None})
        self.assertIn("reopen_requested", [e["action"] for e in view["timeline"]])
        self.assertEqual(view["status"], "resolved")

        # the coordinator's queue
        req = self.pending_request_of(cid)
        self.assertIsNotNone(req, "no pending reopen request for %s" % cid)
        self.assertEqual(set(req), REOPEN_MEMBERS)
        self.assertEqual(req["reference"], case["reference"])
        self.assertEqual(req["round"], 0)
        self.assertEqual(req["status"], "pending")
        self.assertEqual(req["feedback"], {"satisfaction": 1, "equalParty": False})
        self.assertIsNone(req["declineReason"])
        self.assertIsNone(req["decidedBy"])
        self.assertIsNone(req["decidedAt"])
        self.assertRegex(req["createdAt"], DATETIME)
        r = request("GET", API + "/reopen-requests/" + req["id"], cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json, req)
        self.assertNotIn(comment, r.raw.decode())
        etag = r.header("etag")
        self.assertTrue(etag)

        # who may decide: a coordinator, not a liaison officer, not anonymous
        r = request("GET", API + "/reopen-requests", cred=ENV["TOKEN_A_OFFICER"])
        self.assertProblem(r, 403)
        r = request("POST", API + "/reopen-requests/%s/acceptance" % req["id"], {}, cred=ENV["TOKEN_A_OFFICER"])
        self.assertProblem(r, 403)
        r = request("GET", API + "/reopen-requests")
        self.assertProblem(r, 401)
        # another tenant does not see it
        r = request("GET", API + "/reopen-requests/" + req["id"], cred=ENV["TOKEN_B"])
        self.assertProblem(r, 404)
        # a stale If-Match
        r = request("POST", API + "/reopen-requests/%s/acceptance" % req["id"], {},
                    cred=ENV["TOKEN_A"], headers={"If-Match": '"99"'})
        self.assertProblem(r, 412)

        # a longer resolution term since: the new deadline counts from now with it
        r = request("PATCH", API + "/categories/" + cat["id"], {"slaDays": 20}, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        r = request("POST", API + "/reopen-requests/%s/acceptance" % req["id"],
                    {"reason": "Wij kijken er opnieuw naar"}, cred=ENV["TOKEN_A"], headers={"If-Match": etag})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "accepted")
        self.assertIn(ENV.get("TOKEN_A_SUB", "coordinator-a"), r.json["decidedBy"])
        self.assertRegex(r.json["decidedAt"], DATETIME)
        self.assertIsNone(r.json["declineReason"])

        c = self.case_get(cid)
        self.assertEqual(c["status"], "in_progress")
        self.assertEqual(c["reopenCount"], 1)
        self.assertIsNone(c["outcome"])
        self.assertGreater(c["resolutionDue"], due_before)
        view = self.track(token)
        self.assertEqual(view["status"], "in_progress")
        self.assertEqual(view["resolutionDue"], c["resolutionDue"])
        self.assertIsNone(view["outcome"])
        self.assertIsNone(view["feedback"], "the new round has no feedback yet")
        self.assertFalse(view["canGiveFeedback"])
        # the accepted request belongs to the round before: the new one has none
        self.assertIsNone(view["reopenRequest"])
        self.assertIn("reopened", [e["action"] for e in view["timeline"]])
        self.assertIsNone(self.pending_request_of(cid))

        # deciding twice: 409 either way
        r = request("POST", API + "/reopen-requests/%s/acceptance" % req["id"], {}, cred=ENV["TOKEN_A"])
        self.assertProblem(r, 409)
        r = request("POST", API + "/reopen-requests/%s/decline" % req["id"], {"reason": "Toch niet"},
                    cred=ENV["TOKEN_A"])
        self.assertProblem(r, 409)
        self.feedback(token, 409, satisfaction=3, equalParty=True)

        # resolved again: feedback of the new round
        self.resolve(cid, "partly_agreed", "De tegel is vervangen, de boom blijft staan.")
        view = self.track(token)
        self.assertTrue(view["canGiveFeedback"])
        fb2 = self.feedback(token, satisfaction=4, equalParty=True)
        self.assertIs(fb2["reopenRequested"], False)
        self.assertIsNone(fb2["comment"])
        view = self.track(token)
        self.assertEqual(view["feedback"]["satisfaction"], 4)
        self.assertFalse(view["canGiveFeedback"])
        self.feedback(token, 409, satisfaction=1, equalParty=False)

        got = self.events_of(cid, {"case.feedback.received": 2, "case.reopen.requested": 1,
                                   "case.reopen.accepted": 1, "case.reopened": 1})
        for _, raw, env in got:
            self.assertNotIn(comment, raw)
            self.assertNotIn("boos", raw)
            if env["type"] in ("case.reopen.requested", "case.reopen.accepted"):
                self.assertEqual(env["data"]["reopenRequestId"], req["id"])
                self.assertEqual(env["data"]["round"], 0)

    def test_declined_reopen_request_shows_the_reason(self):
        self.reopen_settings(2, True)
        case, token = self.file_tracked()
        cid = case["id"]
        self.move(cid, "in_progress")
        self.resolve(cid)
        # content with the result, not treated as an equal party: a reopen request
        fb = self.feedback(token, satisfaction=4, equalParty=False, comment="Ik werd van het kastje naar de muur")
        self.assertIs(fb["reopenRequested"], True)
        req = self.pending_request_of(cid)
        self.assertEqual(req["feedback"], {"satisfaction": 4, "equalParty": False})

        # the reason is required, 1..2000
        for body, field in (({}, "reason"), ({"reason": ""}, "reason"), ({"reason": "x" * 2001}, "reason"),
                            ({"reason": "Goed", "extra": 1}, "extra")):
            r = request("POST", API + "/reopen-requests/%s/decline" % req["id"], body, cred=ENV["TOKEN_A"])
            self.assertInvalidParam(self.assertProblem(r, 422), field)
        reason = "Uw melding is volledig afgehandeld; de gemeente blijft bij haar besluit van 12 november."
        r = request("POST", API + "/reopen-requests/%s/decline" % req["id"], {"reason": reason},
                    cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "declined")
        self.assertEqual(r.json["declineReason"], reason)

        view = self.track(token)
        self.assertEqual(view["status"], "resolved")
        self.assertEqual(view["reopenRequest"], {"status": "declined", "declineReason": reason})
        self.assertIn("reopen_declined", [e["action"] for e in view["timeline"]])
        self.assertFalse(view["canGiveFeedback"])
        self.assertEqual(self.case_get(cid)["reopenCount"], 0)

        r = request("POST", API + "/reopen-requests/%s/acceptance" % req["id"], cred=ENV["TOKEN_A"])
        self.assertProblem(r, 409)
        r = request("POST", API + "/reopen-requests/%s/decline" % req["id"], {"reason": reason}, cred=ENV["TOKEN_A"])
        self.assertProblem(r, 409)
        items, _ = self.walk(API + "/reopen-requests?status=declined&limit=100", ENV["TOKEN_A"])
        self.assertIn(req["id"], [i["id"] for i in items])
        self.assertTrue(all(i["status"] == "declined" for i in items))

        got = self.events_of(cid, {"case.reopen.requested": 1, "case.reopen.declined": 1})
        for _, raw, _ in got:
            self.assertNotIn(reason, raw)
            self.assertNotIn("kastje", raw)

    def test_mildly_happy_feedback_is_no_reopen_request(self):
        self.reopen_settings(2, True)
        case, token = self.file_tracked()
        self.move(case["id"], "in_progress")
        self.resolve(case["id"])
        fb = self.feedback(token, satisfaction=3, equalParty=True, comment=None)
        self.assertIs(fb["reopenRequested"], False)
        self.assertIsNone(fb["comment"])
        self.assertIsNone(self.track(token)["reopenRequest"])
        self.assertIsNone(self.pending_request_of(case["id"]))

    def test_request_of_a_case_reopened_meanwhile_cannot_be_accepted(self):
        self.reopen_settings(2, True)
        case, token = self.file_tracked()
        cid = case["id"]
        self.move(cid, "in_progress")
        self.resolve(cid)
        self.assertIs(self.feedback(token, satisfaction=2, equalParty=True)["reopenRequested"], True)
        req = self.pending_request_of(cid)
        # staff reopen the case themselves before the coordinator decides
        self.move(cid, "in_progress", reason="Opnieuw bekeken")
        self.assertEqual(self.case_get(cid)["reopenCount"], 1)
        r = request("POST", API + "/reopen-requests/%s/acceptance" % req["id"], {}, cred=ENV["TOKEN_A"])
        doc = self.assertProblem(r, 409)
        self.assertIn("reopened", doc["detail"])
        c = self.case_get(cid)
        self.assertEqual((c["status"], c["reopenCount"]), ("in_progress", 1), "reopened twice")
        r = request("GET", API + "/reopen-requests/" + req["id"], cred=ENV["TOKEN_A"])
        self.assertEqual(r.json["status"], "pending")
        r = request("POST", API + "/reopen-requests/%s/decline" % req["id"],
                    {"reason": "Uw zaak was al heropend."}, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        # the request was of the round before the staff's reopening
        view = self.track(token)
        self.assertIsNone(view["reopenRequest"])
        self.assertEqual([e["action"] for e in view["timeline"]][-1], "reopen_declined")

    def test_concurrent_feedback_counts_once(self):
        self.reopen_settings(2, True)
        case, token = self.file_tracked()
        self.move(case["id"], "in_progress")
        self.resolve(case["id"])
        results = []

        def give(i):
            r = request("POST", track_path(token, "/feedback"), {"satisfaction": 1 + i % 5, "equalParty": False})
            results.append(r.status)

        threads = [threading.Thread(target=give, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sorted(results), [201] + [409] * 7, results)
        items, _ = self.walk(API + "/reopen-requests?limit=100", ENV["TOKEN_A"])
        self.assertEqual(len([i for i in items if i["caseId"] == case["id"]]), 1)

    # ---- what a client gets wrong -----------------------------------------
    def test_unknown_and_malformed_tokens_are_the_same_404(self):
        case, token = self.file_tracked()
        unknown = secrets.token_urlsafe(32)
        details = set()
        for t in (unknown, token[:-1] + ("A" if token[-1] != "A" else "B"), "kort", "a" * 300,
                  "abc%20defghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz.0123"):
            r = request("GET", track_path(t))
            doc = self.assertProblem(r, 404)
            details.add(doc["detail"])
            for tail in ("/messages", "/feedback"):
                body = {"text": "hallo"} if tail == "/messages" else {"satisfaction": 3, "equalParty": True}
                r = request("POST", track_path(t, tail), body)
                details.add(self.assertProblem(r, 404)["detail"])
        self.assertEqual(len(details), 1, "404s that tell tokens apart: %r" % details)
        self.assertNotIn(unknown, details.pop())
        self.assertStatus(request("GET", track_path(token)), 200)

    def test_anonymised_case_is_the_same_404(self):
        cat, _, district = self.routed_setup()
        email = "%s@voorbeeld.example" % uniq("volger")
        citizen = {"name": "Volger Eenmalig", "email": email}
        r = request("POST", API + "/cases", self.case_body(cat["id"], district=district, citizen=citizen),
                    cred=ENV["KEY_A"])
        self.assertStatus(r, 201)
        token = r.json["trackingToken"]
        self.assertStatus(request("GET", track_path(token)), 200)
        unknown = self.assertProblem(request("GET", track_path(secrets.token_urlsafe(32))), 404)
        r = request("POST", API + "/data-subject-requests/erasures", {"email": email}, cred=ENV["TOKEN_A_PRIVACY"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["erased"], 1)
        doc = self.assertProblem(request("GET", track_path(token)), 404)
        self.assertEqual(doc["detail"], unknown["detail"])
        r = request("POST", track_path(token, "/messages"), {"text": "Is er nog iets bekend?"})
        self.assertEqual(self.assertProblem(r, 404)["detail"], unknown["detail"])

    def test_bad_bodies_are_422_naming_the_field(self):
        case, token = self.file_tracked()
        for body, field in (({}, "text"), ({"text": ""}, "text"), ({"text": "x" * 5001}, "text"),
                            ({"text": 5}, "text"), ({"text": "hallo", "from": "me"}, "from")):
            r = request("POST", track_path(token, "/messages"), body)
            self.assertInvalidParam(self.assertProblem(r, 422), field)
        r = request("POST", track_path(token, "/messages"), raw=b'{"text": ', headers={"Content-Type": "application/json"})
        self.assertProblem(r, 400)
        r = request("POST", track_path(token, "/messages"), raw=b"text=hallo",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertProblem(r, 415)
        self.assertEqual(self.track(token)["messages"], [], "a refused message was stored")

        self.move(case["id"], "in_progress")
        self.resolve(case["id"])
        for body, field in (({"equalParty": True}, "satisfaction"),
                            ({"satisfaction": 0, "equalParty": True}, "satisfaction"),
                            ({"satisfaction": 6, "equalParty": True}, "satisfaction"),
                            ({"satisfaction": "5", "equalParty": True}, "satisfaction"),
                            ({"satisfaction": 4.5, "equalParty": True}, "satisfaction"),
                            ({"satisfaction": 4}, "equalParty"),
                            ({"satisfaction": 4, "equalParty": "ja"}, "equalParty"),
                            ({"satisfaction": 4, "equalParty": True, "comment": "x" * 2001}, "comment"),
                            ({"satisfaction": 4, "equalParty": True, "round": 3}, "round")):
            doc = self.feedback(token, 422, **body)
            self.assertInvalidParam(doc, field)
        view = self.track(token)
        self.assertIsNone(view["feedback"], "refused feedback was stored")
        self.assertTrue(view["canGiveFeedback"])
        # 2000 characters is fine
        self.feedback(token, satisfaction=4, equalParty=True, comment="é" * 2000)

    def test_reopen_request_ids_and_filters(self):
        r = request("GET", API + "/reopen-requests/niet-een-id", cred=ENV["TOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 400), "id")
        r = request("GET", API + "/reopen-requests/00000000-0000-4000-8000-000000000000", cred=ENV["TOKEN_A"])
        self.assertProblem(r, 404)
        r = request("POST", API + "/reopen-requests/00000000-0000-4000-8000-000000000000/decline",
                    {"reason": "Nee"}, cred=ENV["TOKEN_A"])
        self.assertProblem(r, 404)
        r = request("GET", API + "/reopen-requests?status=open", cred=ENV["TOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 400), "status")
        r = request("GET", API + "/reopen-requests?limit=0", cred=ENV["TOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 400), "limit")
        r = request("GET", API + "/reopen-requests", cred=ENV["KEY_A"])
        self.assertProblem(r, 403)
        # a cursor of the right form whose key is no instant
        forged = base64.urlsafe_b64encode(b"gisteren|00000000-0000-4000-8000-000000000000").decode().rstrip("=")
        r = request("GET", API + "/reopen-requests?cursor=" + forged, cred=ENV["TOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 400), "cursor")


if __name__ == "__main__":
    unittest.main()
