"""The Bureau's case core (the casedesk README "Cases: deadlines, suspension, first contact, outcome"): deadlines from
the category's terms and the tenant's calendar, suspension, first contact,
outcome, lead times, notes and messages, the tracking token of the filing,
the citizen sealed at rest and shown decrypted."""

import datetime as dt
import re
import time
import unittest

from koers_bb import API, ENV, GATEWAY, KoersCase, RedisSubscriber, request

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def parse_ts(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)


def last_sunday(year, month):
    d = dt.date(year, month, 31)
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def amsterdam(t):
    """UTC instant -> Amsterdam local time (the EU rule: CEST from the last
    Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC)."""
    start = dt.datetime.combine(last_sunday(t.year, 3), dt.time(1), dt.timezone.utc)
    end = dt.datetime.combine(last_sunday(t.year, 10), dt.time(1), dt.timezone.utc)
    return (t + dt.timedelta(hours=2 if start <= t < end else 1)).replace(tzinfo=None)


class BureauCaseTest(KoersCase):
    def transition(self, cid, to, cred=None, **kw):
        body = {"to": to}
        body.update(kw)
        return request("POST", API + "/cases/%s/transitions" % cid, body, cred=cred or ENV["TOKEN_A"])

    def move(self, cid, to, **kw):
        r = self.transition(cid, to, **kw)
        self.assertStatus(r, 200)
        return r.json

    def assigned_case(self, **cat):
        """A case in status assigned of a new category with the given terms."""
        category = self.make_category(**cat)
        case = self.file_case(category["id"], district="Nergens-" + category["id"][:8])
        officer = self.make_officer()
        r = request("PUT", API + "/cases/%s/assignment" % case["id"], {"officerId": officer["id"]},
                    cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        return category, case, r.json

    def get_case(self, cid, cred=None):
        r = request("GET", API + "/cases/" + cid, cred=cred or ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        return r.json

    def days_off(self, first, last, cred=None):
        r = request("GET", API + "/calendar?from=%s&to=%s" % (first.isoformat(), last.isoformat()),
                    cred=cred or ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        return {item["date"] for item in r.json["items"]}

    def assertWorkingDayDeadline(self, filed_at, due, n, cred=None):
        """due is the end (local midnight after) of the n-th working day
        after the filing's local date, by the tenant's calendar."""
        local_due = amsterdam(parse_ts(due))
        self.assertEqual(local_due.time(), dt.time(0), "deadline %s is not at local midnight" % due)
        filed_day = amsterdam(parse_ts(filed_at)).date()
        last_day = local_due.date() - dt.timedelta(days=1)
        self.assertGreater(last_day, filed_day)
        off = self.days_off(filed_day, last_day, cred)
        working = [filed_day + dt.timedelta(days=i) for i in range(1, (last_day - filed_day).days + 1)]
        working = [d for d in working if d.weekday() < 5 and d.isoformat() not in off]
        self.assertEqual(len(working), n, "%d working days between %s and %s" % (len(working), filed_day, due))
        self.assertEqual(working[-1], last_day, "the deadline's day %s is not a working day" % last_day)

    # ---- filing ------------------------------------------------------------
    def test_filing_sets_deadlines_in_working_days(self):
        category = self.make_category(slaDays=7, firstContactDays=2, slaUnit="working_days")
        case = self.file_case(category["id"])
        self.assertIsNone(case["firstContactAt"])
        self.assertWorkingDayDeadline(case["createdAt"], case["resolutionDue"], 7)
        self.assertWorkingDayDeadline(case["createdAt"], case["firstContactDue"], 2)
        self.assertEqual(case["sla"]["state"], "on_track")
        for k in ("warnedAt", "breachedAt", "firstContactBreachedAt"):
            self.assertIsNone(case["sla"][k])
        self.assertIsNone(case["suspension"])
        self.assertEqual(case["suspendedSeconds"], 0)
        self.assertIsNone(case["outcome"])
        self.assertEqual(case["reopenCount"], 0)
        self.assertIsNone(case["anonymisedAt"])
        # the same deadlines when read back
        got = self.get_case(case["id"])
        self.assertEqual(got["resolutionDue"], case["resolutionDue"])
        self.assertEqual(got["firstContactDue"], case["firstContactDue"])

    def test_filing_follows_the_tenants_closing_days(self):
        # tenant B closes on the next three working days (restored afterwards)
        today = amsterdam(dt.datetime.now(dt.timezone.utc)).date()
        closing, d = [], today
        while len(closing) < 3:
            d += dt.timedelta(days=1)
            if d.weekday() < 5:
                closing.append(d.isoformat())
        r = request("PUT", API + "/settings", {"closingDays": closing}, cred=ENV["TOKEN_B"])
        self.assertStatus(r, 200)
        try:
            r = request("POST", API + "/categories", {"name": "Sluitingsdagen", "slaDays": 2,
                                                      "firstContactDays": 1}, cred=ENV["TOKEN_B"])
            self.assertStatus(r, 201)
            case = self.file_case(r.json["id"], key=ENV["KEY_B"])
            self.assertWorkingDayDeadline(case["createdAt"], case["resolutionDue"], 2, ENV["TOKEN_B"])
            self.assertWorkingDayDeadline(case["createdAt"], case["firstContactDue"], 1, ENV["TOKEN_B"])
            # none of the closing days counted
            first_day = amsterdam(parse_ts(case["firstContactDue"])).date() - dt.timedelta(days=1)
            self.assertGreater(first_day.isoformat(), closing[-1])
        finally:
            r = request("PUT", API + "/settings", {}, cred=ENV["TOKEN_B"])
            self.assertStatus(r, 200)

    def test_filing_sets_deadlines_in_calendar_days(self):
        category = self.make_category(slaDays=3, firstContactDays=1, slaUnit="calendar_days")
        case = self.file_case(category["id"])
        filed_day = amsterdam(parse_ts(case["createdAt"])).date()
        for member, n in (("resolutionDue", 3), ("firstContactDue", 1)):
            local = amsterdam(parse_ts(case[member]))
            self.assertEqual(local.time(), dt.time(0), case[member])
            self.assertEqual(local.date(), filed_day + dt.timedelta(days=n + 1), case[member])

    def test_tracking_token_only_in_the_filing_answer(self):
        category = self.make_category()
        body = self.case_body(category["id"])
        key = "bureau-" + category["id"]
        r = request("POST", API + "/cases", body, cred=ENV["KEY_A"], headers={"Idempotency-Key": key})
        self.assertStatus(r, 201)
        case = r.json
        token = case.get("trackingToken")
        self.assertRegex(token or "", TOKEN_RE)
        self.assertEqual(case["_links"]["tracking"]["href"], GATEWAY + API + "/tracking/" + token)
        # a replay answers the same filing, token included
        r = request("POST", API + "/cases", body, cred=ENV["KEY_A"], headers={"Idempotency-Key": key})
        self.assertStatus(r, 201)
        self.assertEqual(r.header("idempotent-replayed"), "true")
        self.assertEqual(r.json["trackingToken"], token)
        # never again: not on reading, listing or changing the case
        got = self.get_case(case["id"])
        self.assertNotIn("trackingToken", got)
        self.assertNotIn(token, str(got))
        items, _ = self.walk(API + "/cases?categoryId=%s" % category["id"], ENV["TOKEN_A"])
        self.assertEqual(len(items), 1)
        self.assertNotIn("trackingToken", items[0])
        # every filing has its own token
        other = self.file_case(category["id"])
        self.assertNotEqual(other["trackingToken"], token)

    def test_citizen_is_shown_decrypted(self):
        category = self.make_category()
        body = self.case_body(category["id"])
        case = self.file_case(category["id"])
        self.assertEqual(case["citizen"], body["citizen"])
        for cred in (ENV["TOKEN_A"], ENV["KEY_A"], ENV["TOKEN_A_OFFICER"]):
            self.assertEqual(self.get_case(case["id"], cred)["citizen"], body["citizen"])
        items, _ = self.walk(API + "/cases?categoryId=%s" % category["id"], ENV["TOKEN_A"])
        self.assertEqual(items[0]["citizen"], body["citizen"])

    # ---- suspension ----------------------------------------------------------
    def test_suspension_needs_a_reason_and_moves_the_deadlines(self):
        _, case, _ = self.assigned_case(slaDays=5, firstContactDays=2, slaUnit="calendar_days")
        cid = case["id"]
        self.move(cid, "in_progress")
        for body in ({}, {"reason": ""}, {"reason": "   "}):
            doc = self.assertProblem(self.transition(cid, "waiting", **body), 422)
            self.assertInvalidParam(doc, "reason")
        before = self.get_case(cid)
        waiting = self.move(cid, "waiting", reason="Wacht op foto's van de bewoner")
        self.assertEqual(waiting["suspension"]["reason"], "Wacht op foto's van de bewoner")
        self.assertTrue(waiting["suspension"]["since"])
        time.sleep(2.2)
        resumed = self.move(cid, "in_progress")
        self.assertIsNone(resumed["suspension"])
        secs = resumed["suspendedSeconds"]
        self.assertGreaterEqual(secs, 1)
        self.assertLessEqual(secs, 30)
        # calendar days: both deadlines move by exactly the suspended time
        for member in ("resolutionDue", "firstContactDue"):
            moved = (parse_ts(resumed[member]) - parse_ts(before[member])).total_seconds()
            self.assertEqual(moved, secs, "%s moved by %s, suspended %s" % (member, moved, secs))
        entries, _ = self.walk(API + "/cases/%s/timeline" % cid, ENV["TOKEN_A"])
        actions = [e["action"] for e in entries]
        self.assertIn("suspended", actions)
        self.assertIn("resumed", actions)
        suspended = [e for e in entries if e["action"] == "suspended"][0]
        self.assertTrue(suspended["public"])
        self.assertEqual(suspended["detail"]["reason"], "Wacht op foto's van de bewoner")

    def test_suspension_in_working_days_never_moves_deadlines_back(self):
        _, case, _ = self.assigned_case(slaDays=5, slaUnit="working_days")
        cid = case["id"]
        self.move(cid, "in_progress")
        before = self.get_case(cid)
        self.move(cid, "waiting", reason="Wacht op de bewoner")
        time.sleep(1.1)
        after = self.move(cid, "in_progress")
        self.assertGreaterEqual(after["suspendedSeconds"], 0)
        for member in ("resolutionDue", "firstContactDue"):
            self.assertGreaterEqual(parse_ts(after[member]), parse_ts(before[member]))

    # ---- first contact ---------------------------------------------------------
    def test_first_contact_on_first_in_progress(self):
        _, case, _ = self.assigned_case()
        cid = case["id"]
        self.assertIsNone(case["firstContactAt"])
        first = self.move(cid, "in_progress")["firstContactAt"]
        self.assertTrue(first)
        self.move(cid, "waiting", reason="Wacht op informatie")
        again = self.move(cid, "in_progress")
        self.assertEqual(again["firstContactAt"], first)
        entries, _ = self.walk(API + "/cases/%s/timeline" % cid, ENV["TOKEN_A"])
        contacts = [e for e in entries if e["action"] == "first_contact"]
        self.assertEqual(len(contacts), 1, entries)
        self.assertTrue(contacts[0]["public"])

    def test_a_message_to_the_citizen_is_the_first_contact(self):
        _, case, _ = self.assigned_case()
        cid = case["id"]
        r = request("POST", API + "/cases/%s/messages" % cid, {"text": "We hebben uw melding ontvangen."},
                    cred=ENV["TOKEN_A_OFFICER"])
        self.assertStatus(r, 201)
        at = self.get_case(cid)["firstContactAt"]
        self.assertTrue(at)
        self.assertEqual(self.move(cid, "in_progress")["firstContactAt"], at)
        entries, _ = self.walk(API + "/cases/%s/timeline" % cid, ENV["TOKEN_A"])
        self.assertEqual(len([e for e in entries if e["action"] == "first_contact"]), 1, entries)

    # ---- outcome -----------------------------------------------------------------
    def test_resolving_needs_an_outcome_and_an_explanation(self):
        sub = RedisSubscriber("koers.casedesk.case.*")
        try:
            _, case, _ = self.assigned_case()
            cid = case["id"]
            self.move(cid, "in_progress")
            cases = [
                ({}, "outcome"),
                ({"outcome": "maybe", "explanation": "Zo is het."}, "outcome"),
                ({"outcome": "agreed"}, "explanation"),
                ({"outcome": "agreed", "explanation": ""}, "explanation"),
                ({"outcome": "refused", "explanation": "Nee."}, "explanation"),
                ({"outcome": "agreed", "explanation": "x" * 5001}, "explanation"),
            ]
            for body, field in cases:
                doc = self.assertProblem(self.transition(cid, "resolved", **body), 422)
                self.assertInvalidParam(doc, field)
            # outcome only belongs to resolving
            doc = self.assertProblem(self.transition(cid, "waiting", reason="x", outcome="agreed"), 422)
            self.assertInvalidParam(doc, "outcome")
            self.assertEqual(self.get_case(cid)["status"], "in_progress")
            why = "Wij wijzen dit af: de boom staat op particulier terrein van de buren."
            done = self.move(cid, "resolved", outcome="refused", explanation=why)
            self.assertEqual(done["outcome"]["result"], "refused")
            self.assertEqual(done["outcome"]["explanation"], why)
            self.assertTrue(done["outcome"]["resolvedAt"])
            entries, _ = self.walk(API + "/cases/%s/timeline" % cid, ENV["TOKEN_A"])
            resolved = [e for e in entries if e["action"] == "resolved"]
            self.assertEqual(len(resolved), 1)
            self.assertTrue(resolved[0]["public"])
            self.assertEqual(resolved[0]["detail"]["outcome"], "refused")
            got = sub.collect(lambda env: env.get("type") == "case.resolved" and env.get("subject") == cid, 1, 10)
            self.assertEqual(len(got), 1)
            self.assertEqual(got[0][2]["data"]["outcome"], "refused")
            self.assertNotIn("particulier", got[0][1])
            # reopening clears the outcome and counts
            again = self.move(cid, "in_progress", reason="De buren blijken de gemeente te zijn")
            self.assertIsNone(again["outcome"])
            self.assertEqual(again["reopenCount"], 1)
            got = sub.collect(lambda env: env.get("type") == "case.reopened" and env.get("subject") == cid, 1, 10)
            self.assertEqual(len(got), 1)
        finally:
            sub.close()

    # ---- lead times ----------------------------------------------------------------
    def test_lead_times_per_status(self):
        _, case, _ = self.assigned_case()
        cid = case["id"]
        time.sleep(1.1)
        self.move(cid, "in_progress")
        r = request("GET", API + "/cases/%s/lead-times" % cid, cred=ENV["TOKEN_A_OFFICER"])
        self.assertStatus(r, 200)
        doc = r.json
        self.assertEqual(doc["currentStatus"], "in_progress")
        self.assertTrue(doc["currentSince"])
        got = {i["status"]: i["seconds"] for i in doc["items"]}
        self.assertIn("received", got)
        self.assertGreaterEqual(got["assigned"], 1)
        self.assertIn("in_progress", got)
        for s in got.values():
            self.assertGreaterEqual(s, 0)
        self.assertNotIn("resolved", got)
        r = request("GET", API + "/cases/00000000-0000-4000-8000-000000000000/lead-times", cred=ENV["TOKEN_A"])
        self.assertProblem(r, 404)
        doc = self.assertProblem(request("GET", API + "/cases/nope/lead-times", cred=ENV["TOKEN_A"]), 400)
        self.assertInvalidParam(doc, "id")
        r = request("GET", API + "/cases/%s/lead-times" % cid, cred=ENV["TOKEN_B"])
        self.assertProblem(r, 404)

    # ---- notes and messages ------------------------------------------------------------
    def test_notes_are_never_messages(self):
        _, case, _ = self.assigned_case()
        cid = case["id"]
        r = request("POST", API + "/cases/%s/notes" % cid, {"text": "Intern: buurman is lastig"},
                    cred=ENV["TOKEN_A_OFFICER"])
        self.assertStatus(r, 201)
        note = r.json
        self.assertEqual(note["text"], "Intern: buurman is lastig")
        self.assertIn("officer-a", note["author"])
        self.assertTrue(note["at"])
        r = request("POST", API + "/cases/%s/messages" % cid, {"text": "Wij komen dinsdag kijken."},
                    cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        msg = r.json
        self.assertEqual(msg["direction"], "to_citizen")
        self.assertEqual(msg["text"], "Wij komen dinsdag kijken.")
        items, _ = self.walk(API + "/cases/%s/messages" % cid, ENV["TOKEN_A"])
        self.assertEqual([m["text"] for m in items], ["Wij komen dinsdag kijken."])
        self.assertNotIn("lastig", str(items))
        items, _ = self.walk(API + "/cases/%s/notes" % cid, ENV["TOKEN_A_OFFICER"])
        self.assertEqual([n["text"] for n in items], ["Intern: buurman is lastig"])
        entries, _ = self.walk(API + "/cases/%s/timeline" % cid, ENV["TOKEN_A"])
        kinds = {e["action"]: e["public"] for e in entries if e["action"] in ("note", "message")}
        self.assertEqual(kinds, {"note": False, "message": True})
        for e in entries:
            self.assertNotIn("lastig", str(e.get("detail")))

    def test_notes_and_messages_refusals(self):
        _, case, _ = self.assigned_case()
        cid = case["id"]
        for path in ("notes", "messages"):
            url = API + "/cases/%s/%s" % (cid, path)
            for body in ({}, {"text": ""}, {"text": "x" * 5001}, {"text": "hoi", "extra": 1}):
                doc = self.assertProblem(request("POST", url, body, cred=ENV["TOKEN_A"]), 422)
            self.assertInvalidParam(doc, "extra")
            self.assertProblem(request("POST", url, {"text": "hoi"}, cred=ENV["KEY_A"]), 403)
            self.assertProblem(request("GET", url, cred=ENV["KEY_A"]), 403)
            self.assertProblem(request("POST", url, {"text": "hoi"}, cred=ENV["TOKEN_B"]), 404)
            self.assertProblem(request("GET", url, cred=ENV["TOKEN_B"]), 404)
            doc = self.assertProblem(request("GET", API + "/cases/bad/" + path, cred=ENV["TOKEN_A"]), 400)
            self.assertInvalidParam(doc, "id")
        # paging
        for i in range(3):
            r = request("POST", API + "/cases/%s/notes" % cid, {"text": "notitie %d" % i}, cred=ENV["TOKEN_A"])
            self.assertStatus(r, 201)
        items, pages = self.walk(API + "/cases/%s/notes?limit=2" % cid, ENV["TOKEN_A"])
        self.assertEqual([n["text"] for n in items], ["notitie 0", "notitie 1", "notitie 2"])
        self.assertEqual(pages, 2)
        # a closed case takes no more messages (notes still)
        self.move(cid, "in_progress")
        self.move(cid, "resolved", outcome="agreed", explanation="Opgelost.")
        self.move(cid, "closed")
        self.assertProblem(request("POST", API + "/cases/%s/messages" % cid, {"text": "nog iets"},
                                   cred=ENV["TOKEN_A"]), 409)
        r = request("POST", API + "/cases/%s/notes" % cid, {"text": "achteraf"}, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)


if __name__ == "__main__":
    unittest.main()
