"""The whole life of one case through the gateway (issue 3): filed by the
portal, routed and assigned, tracked by the citizen, first contact, an
internal note and a message, a referral to an official who acknowledges
and (much later) answers through the one-time link, the scheduler (time
made controllable with asOf, never slept through) finding the referral
overdue and escalating it up the ladder, a suspension the citizen ends by
answering, the SLA warning and breach, the resolution with its outcome,
unhappy feedback, the reopen accepted by the coordinator, and at the end
the lead times, the case timeline and the events replay of that one case.

Everything this test makes is its own (category, district, officials,
department, liaison officer, routing rule; staff JWTs for its own userSubs
signed like koers-admin signs them), and every check of a shared list is
filtered by this case's id, so other test files may run before it in the
same database. The scheduler's counts are tenant-wide: they are asserted
>= 1 where this case contributes, and exactly 0 for a repeated asOf."""

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import time
import unittest
import urllib.parse

from koers_bb import API, ENV, GATEWAY, KoersCase, RedisSubscriber, request, uniq

DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")
CITIZEN = {"name": "Fenna Levenslang", "email": "fenna.levenslang@voorbeeld.example",
           "phone": "+31 6 98765432", "address": "Kerkpad 7, 4321 ZX Voorbeeld"}
CITIZEN_BITS = ("Fenna", "Levenslang", "fenna.levenslang", "98765432", "Kerkpad")
COUNTS = ("firstContactBreaches", "slaWarnings", "slaBreaches", "referralReminders", "referralOverdue",
          "escalations", "anonymised", "rekeyed")
TRACKING_MEMBERS = {"reference", "status", "category", "createdAt", "firstContactDue", "resolutionDue",
                    "firstContactAt", "suspension", "outcome", "timeline", "messages", "feedback",
                    "reopenRequest", "canGiveFeedback", "canSendMessage"}
INTERNAL_ACTIONS = {"assigned", "note", "referred", "referral_acknowledged", "referral_answered",
                    "referral_overdue", "referral_escalated", "referral_reminder", "sla_warning",
                    "sla_breached"}

SLA_DAYS = 10
FIRST_CONTACT_DAYS = 1
SETTINGS = {"escalationLadder": ["team_manager", "process_owner"], "referralAcknowledgeDays": 1,
            "referralAnswerDays": 3, "escalationIntervalDays": 2, "referralReminderHours": 8,
            "slaWarningHours": 24, "reopenSatisfactionMax": 2, "reopenOnNotEqual": True}


# ---- time ----------------------------------------------------------------------
def parse_ts(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)


def fmt_ts(t):
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def shift(s, **delta):
    return fmt_ts(parse_ts(s) + dt.timedelta(**delta))


def last_sunday(year, month):
    d = dt.date(year, month, 31)
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def amsterdam(t):
    """UTC instant -> Amsterdam local time (CEST from the last Sunday of
    March 01:00 UTC to the last Sunday of October 01:00 UTC)."""
    start = dt.datetime.combine(last_sunday(t.year, 3), dt.time(1), dt.timezone.utc)
    end = dt.datetime.combine(last_sunday(t.year, 10), dt.time(1), dt.timezone.utc)
    return (t + dt.timedelta(hours=2 if start <= t < end else 1)).replace(tzinfo=None)


# ---- staff tokens for this test's own userSubs -------------------------------------
def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def staff_token(sub, roles):
    """A staff JWT of tenant A signed as koers-admin signs them."""
    now = int(time.time())
    claims = {"iss": ENV.get("KOERS_JWT_ISSUER", "koers"), "aud": ENV.get("KOERS_JWT_AUDIENCE", "koers"),
              "sub": sub, "tenant": ENV["TENANT_A"], "iat": now, "nbf": now, "exp": now + 3600,
              "roles": roles}
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64url(json.dumps(claims).encode())
    sig = hmac.new(ENV["KOERS_JWT_SECRET"].encode(), (head + "." + body).encode(), hashlib.sha256).digest()
    return head + "." + body + "." + b64url(sig)


class CaseLifeTest(KoersCase):
    """One case from its filing to its reopening, as every client sees it."""

    # ---- helpers --------------------------------------------------------------
    def settings(self, want):
        """Tenant A's settings hold `want` for this test (restored afterwards)."""
        r = request("GET", API + "/settings", cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        before = {k: v for k, v in r.json.items() if k not in ("version", "updatedAt")}
        r = request("PUT", API + "/settings", dict(before, **want), cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        for k, v in want.items():
            self.assertEqual(r.json[k], v, k)
        self.addCleanup(lambda: request("PUT", API + "/settings", before, cred=ENV["TOKEN_A"]))

    def official(self, **kw):
        sub = uniq("life-amb")
        body = {"name": uniq("Ambtenaar"), "email": uniq("amb") + "@gemeente.example", "userSub": sub}
        body.update(kw)
        r = request("POST", API + "/officials", body, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        self.assertEqual(r.json["userSub"], sub)
        return r.json, staff_token(sub, ["official"])

    def department(self, **kw):
        body = {"name": uniq("Afdeling")}
        body.update(kw)
        r = request("POST", API + "/departments", body, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        return r.json

    def get_case(self, cid, cred=None):
        r = request("GET", API + "/cases/" + cid, cred=cred or ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.assertNotIn("trackingToken", r.json)
        return r.json

    def move(self, cid, to, cred, **kw):
        body = {"to": to}
        body.update(kw)
        r = request("POST", API + "/cases/%s/transitions" % cid, body, cred=cred)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], to)
        return r.json

    def track(self, token):
        r = request("GET", API + "/tracking/" + token)  # no credential at all
        self.assertStatus(r, 200)
        view = r.json
        self.assertEqual(set(view), TRACKING_MEMBERS)
        raw = r.raw.decode()
        for bit in CITIZEN_BITS + (self.officer_sub, "user:", '"actor"', '"author"'):
            self.assertNotIn(bit, raw, "the tracking page shows %r" % bit)
        actions = [e["action"] for e in view["timeline"]]
        self.assertFalse(INTERNAL_ACTIONS & set(actions), "internal entries on the tracking page: %r" % actions)
        for e in view["timeline"]:
            self.assertRegex(e["at"], DATETIME)
        return view

    def run_scheduler(self, as_of):
        r = request("POST", API + "/scheduler-runs", {"asOf": as_of}, cred=ENV["TOKEN_A_ADMIN"], timeout=120)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["asOf"], as_of)
        self.assertEqual(set(r.json), set(COUNTS) | {"asOf"})
        return r.json

    def referral(self, rid, cred=None, status=200):
        r = request("GET", API + "/referrals/" + rid, cred=cred or ENV["TOKEN_A"])
        if status != 200:
            self.assertProblem(r, status)
            return None
        self.assertStatus(r, 200)
        self.assertNotIn("responseLink", r.json)
        return r.json

    def referral_ids_seen_by(self, cred):
        items, _ = self.walk(API + "/referrals?limit=100", cred)
        return {i["id"] for i in items}

    def timeline(self, cid):
        items, _ = self.walk(API + "/cases/%s/timeline?limit=7" % cid, ENV["TOKEN_A"])
        return items

    def days_off(self, first, last):
        r = request("GET", API + "/calendar?from=%s&to=%s" % (first.isoformat(), last.isoformat()),
                    cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        return {item["date"] for item in r.json["items"]}

    def assertWorkingDayDeadline(self, since, due, n):
        """due is the end (local midnight after) of the n-th working day
        after the local date of `since`, by the tenant's calendar."""
        local_due = amsterdam(parse_ts(due))
        self.assertEqual(local_due.time(), dt.time(0), "deadline %s is not at local midnight" % due)
        first = amsterdam(parse_ts(since)).date()
        last = local_due.date() - dt.timedelta(days=1)
        self.assertGreater(last, first)
        off = self.days_off(first, last)
        working = [first + dt.timedelta(days=i) for i in range(1, (last - first).days + 1)]
        working = [d for d in working if d.weekday() < 5 and d.isoformat() not in off]
        self.assertEqual(len(working), n, "%d working days between %s and %s" % (len(working), since, due))
        self.assertEqual(working[-1], last, "the deadline's day %s is not a working day" % last)

    def replay_of(self, cid, want_types):
        """This case's events in the replay (paged with after=<seq>), polled
        until the relay published every type in want_types (type -> count)."""
        deadline = time.monotonic() + 15
        while True:
            events, url, last, pages = [], API + "/events?after=0&limit=50", 0, 0
            while url:
                pages += 1
                self.assertLess(pages, 2000, "too many pages")
                r = request("GET", url, cred=ENV["KEY_A"])
                self.assertStatus(r, 200)
                for e in r.json["items"]:
                    self.assertGreater(e["seq"], last, "seq does not grow")
                    last = e["seq"]
                    if e["subject"] == cid:
                        events.append(e)
                nxt = r.json["_links"].get("next")
                url = None
                if nxt:
                    u = urllib.parse.urlsplit(nxt["href"])
                    self.assertEqual(urllib.parse.parse_qs(u.query)["after"], [str(last)])
                    url = u.path + "?" + u.query
            types = [e["type"] for e in events]
            if all(types.count(t) >= n for t, n in want_types.items()) or time.monotonic() > deadline:
                return events
            time.sleep(0.3)

    # ---- the life ---------------------------------------------------------------
    def test_whole_life_of_a_case(self):
        self.settings(SETTINGS)
        sub = RedisSubscriber("koers.casedesk.*")
        self.addCleanup(sub.close)
        coordinator = ENV["TOKEN_A"]

        # ---- 1. setup: the directory, the category, the officer and the rule ----
        tm, tm_token = self.official()
        d = self.department(teamManagerId=tm["id"])
        official, official_token = self.official(departmentId=d["id"])
        po, po_token = self.official()
        cat = self.make_category(name=uniq("Levensloop"), firstContactDays=FIRST_CONTACT_DAYS, slaDays=SLA_DAYS,
                                 slaUnit="working_days", processOwnerId=po["id"])
        self.assertEqual((cat["firstContactDays"], cat["slaDays"], cat["slaUnit"], cat["processOwnerId"]),
                         (FIRST_CONTACT_DAYS, SLA_DAYS, "working_days", po["id"]))
        district = uniq("Wijk")
        self.officer_sub = uniq("life-lo")
        officer = self.make_officer(categoryIds=[cat["id"]], districts=[district], userSub=self.officer_sub)
        lo = staff_token(self.officer_sub, ["liaison_officer"])
        self.make_rule([officer["id"]], categoryId=cat["id"], district=district, position=0)

        # ---- 2. the portal files the case ----
        body = self.case_body(cat["id"], district=district, citizen=CITIZEN,
                              description="De lantaarnpaal voor nummer 7 brandt al weken niet " + uniq("d"))
        idem = {"Idempotency-Key": uniq("life-filing")}
        r = request("POST", API + "/cases", body, cred=ENV["KEY_A"], headers=idem)
        self.assertStatus(r, 201)
        case = r.json
        cid = case["id"]
        token = case["trackingToken"]
        self.assertRegex(token, TOKEN_RE)
        self.assertEqual(case["_links"]["tracking"]["href"], GATEWAY + API + "/tracking/" + token)
        self.assertEqual((case["status"], case["officerId"], case["categoryId"]),
                         ("assigned", officer["id"], cat["id"]))
        self.assertEqual(case["citizen"], CITIZEN)
        self.assertIsNone(case["firstContactAt"])
        self.assertEqual((case["sla"]["state"], case["suspension"], case["suspendedSeconds"],
                          case["outcome"], case["reopenCount"]), ("on_track", None, 0, None, 0))
        self.assertWorkingDayDeadline(case["createdAt"], case["firstContactDue"], FIRST_CONTACT_DAYS)
        self.assertWorkingDayDeadline(case["createdAt"], case["resolutionDue"], SLA_DAYS)
        due0 = case["resolutionDue"]
        # an idempotent replay answers the same filing, token included
        r = request("POST", API + "/cases", body, cred=ENV["KEY_A"], headers=idem)
        self.assertStatus(r, 201)
        self.assertEqual(r.header("idempotent-replayed"), "true")
        self.assertEqual((r.json["id"], r.json["trackingToken"]), (cid, token))
        # on Redis: received and assigned, without the citizen
        got = sub.collect(lambda env: env.get("subject") == cid, 2, 10)
        self.assertEqual([env["type"] for _, _, env in got], ["case.received", "case.assigned"])
        for _, raw, env in got:
            self.assertEqual(env["tenant"], ENV["TENANT_A"])
            self.assertEqual(env["data"]["caseId"], cid)
            for bit in CITIZEN_BITS:
                self.assertNotIn(bit, raw)
        self.assertEqual(got[1][2]["data"]["officerId"], officer["id"])
        # the liaison officer's work list has it
        items, _ = self.walk(API + "/work-list", lo)
        self.assertIn(cid, [i["id"] for i in items])

        # ---- 3. the citizen tracks it ----
        view = self.track(token)
        self.assertEqual((view["reference"], view["status"], view["category"]),
                         (case["reference"], "assigned", {"id": cat["id"], "name": cat["name"]}))
        self.assertEqual((view["createdAt"], view["firstContactDue"], view["resolutionDue"]),
                         (case["createdAt"], case["firstContactDue"], case["resolutionDue"]))
        self.assertEqual([(e["action"], e.get("status")) for e in view["timeline"]], [("received", "received")])
        self.assertEqual((view["firstContactAt"], view["suspension"], view["outcome"], view["feedback"],
                          view["reopenRequest"], view["messages"]), (None, None, None, None, None, []))
        self.assertEqual((view["canSendMessage"], view["canGiveFeedback"]), (True, False))

        # ---- 4. first contact, an internal note, a message to the citizen ----
        started = self.move(cid, "in_progress", lo)
        self.assertRegex(started["firstContactAt"], DATETIME)
        self.assertLessEqual(parse_ts(started["firstContactAt"]), parse_ts(started["firstContactDue"]))
        note_text = "Intern: melder belde al drie keer, netbeheerder erbij halen " + uniq("n")
        r = request("POST", API + "/cases/%s/notes" % cid, {"text": note_text}, cred=lo)
        self.assertStatus(r, 201)
        self.assertEqual(r.json["text"], note_text)
        self.assertIn(self.officer_sub, r.json["author"])
        to_citizen = "Wij hebben de netbeheerder gevraagd te kijken " + uniq("m")
        r = request("POST", API + "/cases/%s/messages" % cid, {"text": to_citizen}, cred=lo)
        self.assertStatus(r, 201)
        self.assertEqual((r.json["direction"], r.json["text"]), ("to_citizen", to_citizen))
        view = self.track(token)
        self.assertEqual(view["status"], "in_progress")
        self.assertEqual(view["firstContactAt"], started["firstContactAt"])
        self.assertEqual([(m["direction"], m["text"]) for m in view["messages"]], [("to_citizen", to_citizen)])
        self.assertNotIn(note_text, request("GET", API + "/tracking/" + token).raw.decode())
        self.assertNotIn("note", [e["action"] for e in view["timeline"]])

        # ---- 5. a referral to the official; acknowledged through the link ----
        question = "Staat deze lantaarnpaal op de lijst van de netbeheerder? " + uniq("q")
        before = dt.datetime.now(dt.timezone.utc)
        r = request("POST", API + "/cases/%s/referrals" % cid, {"officialId": official["id"], "question": question},
                    cred=lo)
        self.assertStatus(r, 201)
        ref = r.json
        rid = ref["id"]
        self.assertEqual((ref["caseId"], ref["reference"], ref["officialId"], ref["departmentId"],
                          ref["status"], ref["question"]),
                         (cid, case["reference"], official["id"], None, "open", question))
        self.assertEqual(ref["escalation"], {"level": 0, "rung": "official", "holderOfficialId": official["id"],
                                             "nextAt": None})
        # the default deadlines: working days of the tenant's settings
        self.assertGreater(parse_ts(ref["acknowledgeBy"]), before)
        self.assertLess(parse_ts(ref["acknowledgeBy"]), parse_ts(ref["answerBy"]))
        self.assertWorkingDayDeadline(ref["createdAt"], ref["acknowledgeBy"], SETTINGS["referralAcknowledgeDays"])
        self.assertWorkingDayDeadline(ref["createdAt"], ref["answerBy"], SETTINGS["referralAnswerDays"])
        answer_by = ref["answerBy"]
        link = ref["responseLink"]
        self.assertEqual(link["href"], GATEWAY + API + "/referral-links/" + link["token"])
        self.assertEqual(parse_ts(link["expiresAt"]), parse_ts(answer_by) + dt.timedelta(days=30))
        # the official sees it in their list, the team manager not yet
        self.assertIn(rid, self.referral_ids_seen_by(official_token))
        self.assertNotIn(rid, self.referral_ids_seen_by(tm_token))
        r = request("GET", link["href"])
        self.assertStatus(r, 200)
        lv = r.json
        self.assertEqual((lv["question"], lv["reference"], lv["caseDescription"], lv["category"]["name"],
                          lv["status"], lv["answerBy"], lv["acknowledgeBy"]),
                         (question, case["reference"], body["description"], cat["name"], "open", answer_by,
                          ref["acknowledgeBy"]))
        self.assertNotIn("citizen", lv)
        for bit in CITIZEN_BITS:
            self.assertNotIn(bit, r.raw.decode(), "the link shows the citizen")
        r = request("POST", link["href"] + "/acknowledgement")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "acknowledged")
        self.assertRegex(r.json["acknowledgedAt"], DATETIME)

        # ---- 6. the scheduler: the answer overdue, escalation up the ladder ----
        as_of1 = shift(answer_by, minutes=1)
        self.assertLess(parse_ts(as_of1), parse_ts(due0), "the case would be breached before its time")
        got = self.run_scheduler(as_of1)
        self.assertGreaterEqual(got["referralOverdue"], 1)
        self.assertGreaterEqual(got["escalations"], 1)
        r1 = self.referral(rid)
        self.assertEqual(r1["status"], "acknowledged")
        self.assertEqual((r1["escalation"]["level"], r1["escalation"]["rung"], r1["escalation"]["holderOfficialId"]),
                         (1, "team_manager", tm["id"]))
        self.assertEqual([(e["level"], e["rung"], e["officialId"], e["at"]) for e in r1["escalations"]],
                         [(1, "team_manager", tm["id"], as_of1)])
        next_at = r1["escalation"]["nextAt"]
        self.assertRegex(next_at, DATETIME)
        self.assertWorkingDayDeadline(as_of1, next_at, SETTINGS["escalationIntervalDays"])
        self.assertLess(parse_ts(next_at), parse_ts(due0) - dt.timedelta(hours=SETTINGS["slaWarningHours"]))
        # now the team manager holds it and sees it
        self.assertIn(rid, self.referral_ids_seen_by(tm_token))
        self.assertEqual(self.referral(rid, tm_token)["id"], rid)
        # not yet time for the next rung
        self.run_scheduler(shift(next_at, seconds=-1))
        self.assertEqual(self.referral(rid)["escalation"]["level"], 1)
        # past nextAt: the process owner, the top of the ladder
        got = self.run_scheduler(next_at)
        self.assertGreaterEqual(got["escalations"], 1)
        r2 = self.referral(rid)
        self.assertEqual(r2["escalation"], {"level": 2, "rung": "process_owner", "holderOfficialId": po["id"],
                                            "nextAt": None})
        self.assertEqual([(e["level"], e["rung"], e["officialId"]) for e in r2["escalations"]],
                         [(1, "team_manager", tm["id"]), (2, "process_owner", po["id"])])
        self.assertIn(rid, self.referral_ids_seen_by(po_token))
        self.assertIn(rid, self.referral_ids_seen_by(official_token))  # still addressed to them
        self.assertNotIn(rid, self.referral_ids_seen_by(tm_token))  # neither addressee nor holder any more
        # the same asOf again: nothing new anywhere
        got = self.run_scheduler(next_at)
        self.assertEqual({k: got[k] for k in COUNTS}, {k: 0 for k in COUNTS})
        self.assertEqual(len(self.referral(rid)["escalations"]), 2)
        c = self.get_case(cid)
        self.assertEqual((c["sla"]["state"], c["sla"]["warnedAt"], c["sla"]["breachedAt"],
                          c["sla"]["firstContactBreachedAt"]), ("on_track", None, None, None))

        # ---- 7. suspended, and resumed by the citizen's message ----
        before = self.get_case(cid)
        reason = "Wij wachten op de planning van de netbeheerder"
        waiting = self.move(cid, "waiting", lo, reason=reason)
        self.assertEqual(waiting["suspension"]["reason"], reason)
        self.assertRegex(waiting["suspension"]["since"], DATETIME)
        view = self.track(token)
        self.assertEqual((view["status"], view["suspension"]), ("waiting", waiting["suspension"]))
        self.assertEqual(view["timeline"][-1]["action"], "suspended")
        # the clock stands still while suspended: the scheduler past the deadline finds nothing here
        as_of_suspended = shift(due0, hours=-1)
        self.run_scheduler(as_of_suspended)
        c = self.get_case(cid)
        self.assertEqual((c["status"], c["sla"]["warnedAt"], c["sla"]["breachedAt"]), ("waiting", None, None))
        time.sleep(1.1)
        from_citizen = "Vanavond was het weer donker op straat " + uniq("c")
        r = request("POST", API + "/tracking/%s/messages" % token, {"text": from_citizen})
        self.assertStatus(r, 201)
        self.assertEqual((r.json["direction"], r.json["text"], r.json["resumed"]),
                         ("from_citizen", from_citizen, True))
        resumed = self.get_case(cid)
        self.assertEqual((resumed["status"], resumed["suspension"]), ("in_progress", None))
        counted = resumed["suspendedSeconds"]
        self.assertGreaterEqual(counted, 0)
        self.assertLessEqual(counted, 60)
        for member in ("resolutionDue", "firstContactDue"):
            if counted == 0:  # suspended outside working time: nothing counted, nothing moves
                self.assertEqual(resumed[member], before[member], member)
            else:
                self.assertGreater(parse_ts(resumed[member]), parse_ts(before[member]), member)
        due1 = resumed["resolutionDue"]
        self.assertGreaterEqual(parse_ts(due1), parse_ts(due0))
        view = self.track(token)
        self.assertEqual((view["status"], view["suspension"], view["resolutionDue"]), ("in_progress", None, due1))
        self.assertEqual([(m["direction"], m["text"]) for m in view["messages"]],
                         [("to_citizen", to_citizen), ("from_citizen", from_citizen)])
        self.assertEqual([e["action"] for e in view["timeline"]][-2:], ["message", "resumed"])

        # ---- 8. the scheduler finds the warning, then the breach ----
        as_of_warn = shift(due1, hours=-1)
        got = self.run_scheduler(as_of_warn)
        self.assertGreaterEqual(got["slaWarnings"], 1)
        c = self.get_case(cid)
        self.assertEqual((c["sla"]["state"], c["sla"]["warnedAt"], c["sla"]["breachedAt"]),
                         ("warning", as_of_warn, None))
        as_of_breach = due1
        got = self.run_scheduler(as_of_breach)
        self.assertGreaterEqual(got["slaBreaches"], 1)
        c = self.get_case(cid)
        self.assertEqual((c["sla"]["state"], c["sla"]["warnedAt"], c["sla"]["breachedAt"],
                          c["sla"]["firstContactBreachedAt"]), ("breached", as_of_warn, as_of_breach, None))
        got = self.run_scheduler(as_of_breach)
        self.assertEqual({k: got[k] for k in COUNTS}, {k: 0 for k in COUNTS})
        self.assertEqual(self.get_case(cid)["sla"]["breachedAt"], as_of_breach)

        # ---- 9. the official answers through the link; once ----
        answer = "De paal staat op de lijst; vervanging in week 50 " + uniq("a")
        r = request("POST", link["href"] + "/answer", {"answer": answer})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "answered")
        got_ref = self.referral(rid)
        self.assertEqual((got_ref["status"], got_ref["answer"], got_ref["answeredBy"]),
                         ("answered", answer, "link:" + rid))
        self.assertRegex(got_ref["answeredAt"], DATETIME)
        self.assertProblem(request("POST", link["href"] + "/answer", {"answer": "nog eens"}), 410)
        self.assertProblem(request("GET", link["href"]), 410)
        self.assertEqual(self.referral(rid)["answer"], answer)

        # ---- 10. resolved: outcome and explanation for the citizen ----
        explanation = "De netbeheerder vervangt de paal in week 50; een tijdelijke lamp plaatsen kan niet."
        done = self.move(cid, "resolved", lo, outcome="partly_agreed", explanation=explanation)
        self.assertEqual((done["outcome"]["result"], done["outcome"]["explanation"]), ("partly_agreed", explanation))
        self.assertRegex(done["outcome"]["resolvedAt"], DATETIME)
        self.assertEqual(done["sla"]["state"], "breached")
        view = self.track(token)
        self.assertEqual(view["status"], "resolved")
        self.assertEqual(view["outcome"], done["outcome"])
        self.assertEqual((view["canGiveFeedback"], view["feedback"]), (True, None))

        # ---- 11. unhappy feedback; the coordinator accepts the reopen request ----
        comment = "Weken in het donker, en nu nog steeds geen lamp " + uniq("fb")
        r = request("POST", API + "/tracking/%s/feedback" % token,
                    {"satisfaction": 1, "equalParty": False, "comment": comment})
        self.assertStatus(r, 201)
        fb = r.json
        self.assertEqual({k: fb[k] for k in ("reopenRequested", "satisfaction", "equalParty", "comment")},
                         {"reopenRequested": True, "satisfaction": 1, "equalParty": False, "comment": comment})
        view = self.track(token)
        self.assertEqual(view["feedback"], {"satisfaction": 1, "equalParty": False, "comment": comment,
                                            "at": fb["at"]})
        self.assertEqual(view["reopenRequest"], {"status": "pending", "declineReason": None})
        self.assertFalse(view["canGiveFeedback"])
        self.assertEqual(view["status"], "resolved")
        items, _ = self.walk(API + "/reopen-requests?status=pending&limit=100", coordinator)
        mine = [i for i in items if i["caseId"] == cid]
        self.assertEqual(len(mine), 1, mine)
        req = mine[0]
        self.assertEqual((req["reference"], req["round"], req["status"], req["feedback"]),
                         (case["reference"], 0, "pending", {"satisfaction": 1, "equalParty": False}))
        r = request("POST", API + "/reopen-requests/%s/acceptance" % req["id"],
                    {"reason": "Wij zoeken alsnog een tijdelijke oplossing"}, cred=coordinator)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "accepted")
        self.assertRegex(r.json["decidedAt"], DATETIME)
        self.assertProblem(request("POST", API + "/reopen-requests/%s/acceptance" % req["id"], {},
                                   cred=coordinator), 409)
        reopened = self.get_case(cid)
        self.assertEqual((reopened["status"], reopened["reopenCount"], reopened["outcome"]), ("in_progress", 1, None))
        # a new resolution term counted from the reopening; the SLA of the new round starts clean
        self.assertWorkingDayDeadline(reopened["statusSince"], reopened["resolutionDue"], SLA_DAYS)
        self.assertEqual((reopened["sla"]["state"], reopened["sla"]["warnedAt"], reopened["sla"]["breachedAt"]),
                         ("on_track", None, None))
        view = self.track(token)
        self.assertEqual((view["status"], view["resolutionDue"], view["outcome"], view["feedback"],
                          view["reopenRequest"], view["canGiveFeedback"], view["canSendMessage"]),
                         ("in_progress", reopened["resolutionDue"], None, None, None, False, True))
        self.assertEqual(view["timeline"][-1]["action"], "reopened")

        # ---- 12. lead times, the timeline, the events replay ----
        r = request("GET", API + "/cases/%s/lead-times" % cid, cred=lo)
        self.assertStatus(r, 200)
        lt = r.json
        self.assertEqual(lt["currentStatus"], "in_progress")
        self.assertEqual(lt["currentSince"], reopened["statusSince"])
        spent = {i["status"]: i["seconds"] for i in lt["items"]}
        self.assertEqual(len(spent), len(lt["items"]), "a status listed twice")
        self.assertEqual({"received", "assigned", "in_progress", "waiting", "resolved"}, set(spent))
        self.assertEqual(spent["received"], 0)  # routed at filing
        for status, seconds in spent.items():
            self.assertGreaterEqual(seconds, 0, status)
        self.assertGreaterEqual(spent["waiting"], 1)  # slept 1.1 s while waiting (wall clock)

        entries = self.timeline(cid)
        self.assertEqual(len({e["id"] for e in entries}), len(entries))
        self.assertEqual([e["id"] for e in entries], sorted(e["id"] for e in entries))
        steps = [(e["action"], e["public"]) for e in entries]
        self.assertEqual(steps, [
            ("received", True), ("assigned", False),                          # 2. filed and routed
            ("status_changed", True), ("first_contact", True),                # 4. in progress
            ("note", False), ("message", True),
            ("referred", False), ("referral_acknowledged", False),            # 5.
            ("referral_overdue", False), ("referral_escalated", False),        # 6.
            ("referral_escalated", False),
            ("suspended", True), ("message", True), ("resumed", True),        # 7.
            ("sla_warning", False), ("sla_breached", False),                  # 8.
            ("referral_answered", False),                                     # 9.
            ("resolved", True),                                               # 10.
            ("feedback", True), ("reopen_requested", True), ("reopened", True),  # 11.
        ])
        by_action = {}
        for e in entries:
            by_action.setdefault(e["action"], []).append(e)
        self.assertEqual(by_action["suspended"][0]["detail"]["reason"], reason)
        self.assertEqual(by_action["resumed"][0]["detail"]["suspendedSeconds"], counted)
        self.assertEqual(by_action["resolved"][0]["detail"]["outcome"], "partly_agreed")
        self.assertEqual(by_action["sla_breached"][0]["detail"], {"deadline": "resolution", "dueAt": due1})
        self.assertEqual([e["detail"]["rung"] for e in by_action["referral_escalated"]],
                         ["team_manager", "process_owner"])
        self.assertEqual(by_action["status_changed"][0]["toStatus"], "in_progress")
        self.assertEqual(by_action["reopened"][0]["toStatus"], "in_progress")
        self.assertNotIn(note_text, json.dumps(by_action["note"][0]["detail"]))
        self.assertEqual((by_action["referred"][0]["detail"]["referralId"],
                          by_action["referred"][0]["detail"]["officialId"]), (rid, official["id"]))
        # the citizen's page has exactly the public entries, in the same order
        self.assertEqual([e["action"] for e in view["timeline"]],
                         [e["action"] for e in entries if e["public"]])

        want = ["case.received", "case.assigned",
                "case.status.changed", "case.message.sent",
                "referral.created", "referral.acknowledged",
                "referral.overdue", "referral.escalated", "referral.escalated",
                "case.status.changed", "case.suspended",
                "case.message.received", "case.status.changed", "case.resumed",
                "case.sla.warning", "case.sla.breached",
                "referral.answered",
                "case.status.changed", "case.resolved",
                "case.feedback.received", "case.reopen.requested",
                "case.status.changed", "case.reopened", "case.reopen.accepted"]
        counts = {}
        for t in want:
            counts[t] = counts.get(t, 0) + 1
        events = self.replay_of(cid, counts)
        self.assertEqual(len({e["id"] for e in events}), len(events), "an event replayed twice")
        self.assertEqual([e["type"] for e in events], want)
        kinds = {}
        for e in events:
            kinds.setdefault(e["type"], []).append(e["data"])
            raw = json.dumps(e)
            for secret in CITIZEN_BITS + (note_text, to_citizen, from_citizen, comment):
                self.assertNotIn(secret, raw, "event %s carries %r" % (e["type"], secret))
        self.assertEqual([d["status"] for d in kinds["case.status.changed"]],
                         ["in_progress", "waiting", "in_progress", "resolved", "in_progress"])
        self.assertEqual([(d["deadline"], d["referralId"]) for d in kinds["referral.overdue"]], [("answer", rid)])
        self.assertEqual([(d["level"], d["rung"], d["officialId"]) for d in kinds["referral.escalated"]],
                         [(1, "team_manager", tm["id"]), (2, "process_owner", po["id"])])
        self.assertEqual(kinds["case.sla.breached"][0]["deadline"], "resolution")
        self.assertEqual(kinds["case.resolved"][0]["outcome"], "partly_agreed")
        self.assertEqual(kinds["case.resumed"][0]["suspendedSeconds"], counted)
        self.assertEqual((kinds["case.feedback.received"][0]["satisfaction"],
                          kinds["case.feedback.received"][0]["equalParty"]), (1, False))
        self.assertEqual(kinds["case.reopened"][0]["reopenCount"], 1)
        self.assertEqual(kinds["case.reopen.accepted"][0]["reopenRequestId"], req["id"])
        # what Redis carried for the case is what the replay gives, once each
        on_redis = sub.collect(lambda env: env.get("subject") == cid, len(want) - 2, 10)
        self.assertEqual([env["id"] for _, _, env in on_redis], [e["id"] for e in events[2:]])

    # ---- small ones: details of the life that were once wrong ---------------------
    def test_lead_times_of_a_routed_filing_list_received(self):
        cat, officer, district = self.routed_setup()
        case = self.file_case(cat["id"], district=district)
        self.assertEqual((case["status"], case["officerId"]), ("assigned", officer["id"]))
        self.assertEqual([(e["action"], e["fromStatus"], e["toStatus"]) for e in self.timeline(case["id"])],
                         [("received", None, "received"), ("assigned", "received", "assigned")])
        r = request("GET", API + "/cases/%s/lead-times" % case["id"], cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["currentStatus"], "assigned")
        spent = {i["status"]: i["seconds"] for i in r.json["items"]}
        self.assertGreaterEqual(spent.get("assigned", -1), 0, spent)  # the current status, counted to now
        # routed at filing: received was left at once and is booked with 0 s, as
        # a case assigned later lists its time in received
        self.assertEqual(set(spent), {"received", "assigned"}, spent)
        self.assertEqual(spent["received"], 0)

    def test_referred_entry_names_no_empty_ids(self):
        official, _ = self.official()
        tm, _ = self.official()
        d = self.department(teamManagerId=tm["id"])
        case = self.file_case(self.make_category()["id"])
        to_official = self.refer_for_test(case["id"], officialId=official["id"])
        to_department = self.refer_for_test(case["id"], departmentId=d["id"])
        self.assertEqual((to_official["departmentId"], to_department["officialId"]), (None, None))
        referred = {e["detail"]["referralId"]: e["detail"] for e in self.timeline(case["id"])
                    if e["action"] == "referred"}
        self.assertEqual(set(referred), {to_official["id"], to_department["id"]})
        self.assertEqual(referred[to_official["id"]]["officialId"], official["id"])
        self.assertEqual(referred[to_department["id"]]["departmentId"], d["id"])
        # the one not given is null, as on the referral and in referral.created
        self.assertIsNone(referred[to_official["id"]]["departmentId"])
        self.assertIsNone(referred[to_department["id"]]["officialId"])

    def refer_for_test(self, cid, **body):
        body["question"] = "Kunt u dit nagaan? " + uniq("q")
        r = request("POST", API + "/cases/%s/referrals" % cid, body, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        return r.json


if __name__ == "__main__":
    unittest.main()
