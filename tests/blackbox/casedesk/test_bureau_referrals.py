"""The Connections Bureau's directory (departments, officials), referrals
with their signed one-time link, the escalation ladder, and the scheduler
(SLA warnings and breaches, referral reminders, overdue and escalation),
including two replicas running the scheduler at the same moment."""

import datetime
import threading
import time
import unittest

from koers_bb import API, ENV, GATEWAY, KoersCase, RedisSubscriber, request, uniq

DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"
CITIZEN_BITS = ("Jan de Vries", "jan.devries@voorbeeld.example", "12345678", "Dorpsstraat")


def parse_ts(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc)


def fmt_ts(dt):
    return dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def shift(text, **delta):
    return fmt_ts(parse_ts(text) + datetime.timedelta(**delta))


def future(**delta):
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    return fmt_ts(now + datetime.timedelta(**delta))


class BureauBase(KoersCase):
    """Fixtures of the directory and referrals through the API."""

    def department(self, **kw):
        body = {"name": uniq("Afdeling")}
        body.update(kw)
        r = request("POST", API + "/departments", body, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        return r.json

    def official(self, **kw):
        body = {"name": uniq("Ambtenaar"), "email": uniq("amb") + "@gemeente.example"}
        body.update(kw)
        r = request("POST", API + "/officials", body, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        return r.json

    def official_a(self):
        """The official who signs in with TOKEN_A_OFFICIAL (sub official-a)."""
        r = request("POST", API + "/officials",
                    {"name": "Ambtenaar A", "email": "official-a@gemeente.example",
                     "userSub": "official-a"}, cred=ENV["TOKEN_A"])
        if r.status == 201:
            return r.json
        self.assertStatus(r, 409)
        items, _ = self.walk(API + "/officials?limit=100", ENV["TOKEN_A"])
        mine = [o for o in items if o["userSub"] == "official-a"]
        self.assertEqual(len(mine), 1)
        if not mine[0]["active"]:
            r = request("PATCH", API + "/officials/" + mine[0]["id"], {"active": True},
                        cred=ENV["TOKEN_A"])
            self.assertStatus(r, 200)
            return r.json
        return mine[0]

    def new_case(self, category=None):
        cat = category or self.make_category()
        return self.file_case(cat["id"])

    def refer(self, case_id, status=201, cred=None, **body):
        body.setdefault("question", "Kunt u nagaan of de stoeptegel al is gemeld? " + uniq("q"))
        r = request("POST", API + "/cases/%s/referrals" % case_id, body, cred=cred or ENV["TOKEN_A"])
        self.assertStatus(r, status)
        return r.json

    def referral(self, rid, cred=None):
        r = request("GET", API + "/referrals/" + rid, cred=cred or ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        return r.json

    def act(self, rid, what, body=None, cred=None, status=200, headers=None):
        r = request("POST", API + "/referrals/%s/%s" % (rid, what), body, cred=cred or ENV["TOKEN_A"],
                    headers=headers)
        if status >= 400:
            return self.assertProblem(r, status)
        self.assertStatus(r, status)
        return r.json

    def timeline(self, case_id):
        items, _ = self.walk(API + "/cases/%s/timeline?limit=100" % case_id, ENV["TOKEN_A"])
        return items

    def settings(self, **want):
        """Makes tenant A's settings hold `want` for this test (restored
        afterwards)."""
        r = request("GET", API + "/settings", cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        before = {k: v for k, v in r.json.items() if k not in ("version", "updatedAt")}
        r = request("PUT", API + "/settings", dict(before, **want), cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.addCleanup(lambda: request("PUT", API + "/settings", before, cred=ENV["TOKEN_A"]))

    def run_scheduler(self, as_of, base=None):
        r = request("POST", (base or "") + API + "/scheduler-runs", {"asOf": as_of},
                    cred=ENV["TOKEN_A_ADMIN"], timeout=60)
        self.assertStatus(r, 200)
        return r.json


class DirectoryTest(BureauBase):
    def test_departments_crud_and_validation(self):
        tm = self.official()
        r = request("POST", API + "/departments", {"name": "Wegen en groen", "teamManagerId": tm["id"]},
                    cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        d = r.json
        self.assertTrue(r.header("location").endswith("/casedesk/v1/departments/" + d["id"]))
        self.assertEqual(r.header("etag"), '"1"')
        self.assertEqual(d["name"], "Wegen en groen")
        self.assertEqual(d["teamManagerId"], tm["id"])
        self.assertRegex(d["createdAt"], DATETIME)
        self.assertRegex(d["updatedAt"], DATETIME)
        self.assertEqual(set(d), {"id", "name", "teamManagerId", "createdAt", "updatedAt"})

        # read by a liaison officer too; listed
        r = request("GET", API + "/departments/" + d["id"], cred=ENV["TOKEN_A_OFFICER"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json, d)
        items, _ = self.walk(API + "/departments?limit=2", ENV["TOKEN_A"])
        self.assertIn(d["id"], [i["id"] for i in items])

        # PATCH: no team manager; a stale If-Match
        r = request("PATCH", API + "/departments/" + d["id"], {"teamManagerId": None},
                    cred=ENV["TOKEN_A"], headers={"If-Match": '"1"'})
        self.assertStatus(r, 200)
        self.assertIsNone(r.json["teamManagerId"])
        self.assertEqual(r.header("etag"), '"2"')
        r = request("PATCH", API + "/departments/" + d["id"], {"name": "Anders"},
                    cred=ENV["TOKEN_A"], headers={"If-Match": '"1"'})
        self.assertProblem(r, 412)

        # faults named
        doc = self.assertProblem(request("POST", API + "/departments", {"name": ""}, cred=ENV["TOKEN_A"]), 422)
        self.assertInvalidParam(doc, "name")
        doc = self.assertProblem(request("POST", API + "/departments",
                                         {"name": "x", "teamManagerId": "00000000-0000-4000-8000-000000000000"},
                                         cred=ENV["TOKEN_A"]), 422)
        self.assertInvalidParam(doc, "teamManagerId")
        doc = self.assertProblem(request("PATCH", API + "/departments/" + d["id"],
                                         {"teamManagerId": "00000000-0000-4000-8000-000000000000"},
                                         cred=ENV["TOKEN_A"]), 422)
        self.assertInvalidParam(doc, "teamManagerId")
        doc = self.assertProblem(request("POST", API + "/departments", {"name": "x", "color": "red"},
                                         cred=ENV["TOKEN_A"]), 422)
        self.assertInvalidParam(doc, "color")
        doc = self.assertProblem(request("GET", API + "/departments/not-a-uuid", cred=ENV["TOKEN_A"]), 400)
        self.assertInvalidParam(doc, "id")
        self.assertProblem(request("GET", API + "/departments/00000000-0000-4000-8000-000000000000",
                                   cred=ENV["TOKEN_A"]), 404)

        # who may: liaison officers read only, keys not at all, tenant B sees nothing
        self.assertProblem(request("POST", API + "/departments", {"name": "x"}, cred=ENV["TOKEN_A_OFFICER"]), 403)
        self.assertProblem(request("GET", API + "/departments", cred=ENV["KEY_A"]), 403)
        self.assertProblem(request("GET", API + "/departments/" + d["id"], cred=ENV["TOKEN_B"]), 404)
        self.assertProblem(request("GET", API + "/departments"), 401)

        # DELETE: in use by an official -> 409; unused -> 204, then 404
        self.official(departmentId=d["id"])
        doc = self.assertProblem(request("DELETE", API + "/departments/" + d["id"], cred=ENV["TOKEN_A"]), 409)
        self.assertIn("in use", doc["detail"])
        spare = self.department()
        self.assertStatus(request("DELETE", API + "/departments/" + spare["id"], cred=ENV["TOKEN_A"]), 204)
        self.assertProblem(request("DELETE", API + "/departments/" + spare["id"], cred=ENV["TOKEN_A"]), 404)

    def test_department_in_use_by_a_referral_cannot_be_deleted(self):
        d = self.department()
        case = self.new_case()
        self.refer(case["id"], departmentId=d["id"])
        doc = self.assertProblem(request("DELETE", API + "/departments/" + d["id"], cred=ENV["TOKEN_A"]), 409)
        self.assertIn("in use", doc["detail"])

    def test_officials_crud_and_validation(self):
        d = self.department()
        sub = uniq("sub")
        r = request("POST", API + "/officials",
                    {"name": "Petra Bakker", "email": "p.bakker@gemeente.example",
                     "departmentId": d["id"], "userSub": sub}, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        o = r.json
        self.assertTrue(r.header("location").endswith("/casedesk/v1/officials/" + o["id"]))
        self.assertEqual(set(o), {"id", "name", "email", "departmentId", "userSub", "active",
                                  "createdAt", "updatedAt"})
        self.assertEqual((o["departmentId"], o["userSub"], o["active"]), (d["id"], sub, True))
        r = request("GET", API + "/officials/" + o["id"], cred=ENV["TOKEN_A_OFFICER"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json, o)
        items, _ = self.walk(API + "/officials?limit=5", ENV["TOKEN_A"])
        self.assertIn(o["id"], [i["id"] for i in items])

        # a userSub is one official's: 409 on create and on PATCH
        doc = self.assertProblem(request("POST", API + "/officials",
                                         {"name": "x", "email": "x@gemeente.example", "userSub": sub},
                                         cred=ENV["TOKEN_A"]), 409)
        self.assertIn(sub, doc["detail"])
        other = self.official()
        self.assertProblem(request("PATCH", API + "/officials/" + other["id"], {"userSub": sub},
                                   cred=ENV["TOKEN_A"]), 409)

        # PATCH: inactive, out of the department, no userSub
        r = request("PATCH", API + "/officials/" + o["id"],
                    {"active": False, "departmentId": None, "userSub": None}, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual((r.json["active"], r.json["departmentId"], r.json["userSub"]), (False, None, None))

        for body, field in (({"email": "x@gemeente.example"}, "name"),
                            ({"name": "x", "email": "geen-email"}, "email"),
                            ({"name": "x", "email": "x@gemeente.example",
                              "departmentId": "00000000-0000-4000-8000-000000000000"}, "departmentId"),
                            ({"name": "x", "email": "x@gemeente.example", "departmentId": "abc"}, "departmentId"),
                            ({"name": "x", "email": "x@gemeente.example", "userSub": "s" * 129}, "userSub"),
                            ({"name": "x", "email": "x@gemeente.example", "active": "ja"}, "active")):
            doc = self.assertProblem(request("POST", API + "/officials", body, cred=ENV["TOKEN_A"]), 422)
            self.assertInvalidParam(doc, field)
        self.assertProblem(request("POST", API + "/officials", {"name": "x", "email": "x@gemeente.example"},
                                   cred=ENV["TOKEN_A_OFFICER"]), 403)
        self.assertProblem(request("GET", API + "/officials", cred=ENV["TOKEN_A_OFFICIAL"]), 403)
        self.assertProblem(request("GET", API + "/officials/" + o["id"], cred=ENV["TOKEN_B"]), 404)


class ReferralTest(BureauBase):
    def setUp(self):
        self.me = self.official_a()

    def test_refer_to_an_official_and_answer_through_the_api(self):
        case = self.new_case()
        before = datetime.datetime.now(datetime.timezone.utc)
        r = request("POST", API + "/cases/%s/referrals" % case["id"],
                    {"officialId": self.me["id"], "question": "Is de tegel al vervangen?"},
                    cred=ENV["TOKEN_A_OFFICER"])
        self.assertStatus(r, 201)
        ref = r.json
        self.assertTrue(r.header("location").endswith("/casedesk/v1/referrals/" + ref["id"]))
        self.assertEqual(r.header("etag"), '"1"')
        self.assertEqual((ref["caseId"], ref["reference"], ref["officialId"], ref["departmentId"]),
                         (case["id"], case["reference"], self.me["id"], None))
        self.assertEqual((ref["status"], ref["answer"], ref["answeredAt"], ref["acknowledgedAt"]),
                         ("open", None, None, None))
        self.assertEqual(ref["escalation"], {"level": 0, "rung": "official",
                                             "holderOfficialId": self.me["id"], "nextAt": None})
        self.assertEqual(ref["escalations"], [])
        # default deadlines: working days ahead, acknowledgement first
        ack, ans = parse_ts(ref["acknowledgeBy"]), parse_ts(ref["answerBy"])
        self.assertGreater(ack, before)
        self.assertLess(ack, ans)
        link = ref["responseLink"]
        self.assertEqual(link["href"], GATEWAY + "/casedesk/v1/referral-links/" + link["token"])
        self.assertEqual(parse_ts(link["expiresAt"]), ans + datetime.timedelta(days=30))
        # the link is shown once only
        again = self.referral(ref["id"])
        self.assertNotIn("responseLink", again)
        self.assertNotIn(link["token"], repr(again))

        # the case's timeline and the list of the case
        self.assertIn("referred", [e["action"] for e in self.timeline(case["id"])])
        items, _ = self.walk(API + "/cases/%s/referrals" % case["id"], ENV["TOKEN_A"])
        self.assertEqual([i["id"] for i in items], [ref["id"]])

        got = self.act(ref["id"], "acknowledgement", cred=ENV["TOKEN_A"])
        self.assertEqual(got["status"], "acknowledged")
        self.assertRegex(got["acknowledgedAt"], DATETIME)
        got = self.act(ref["id"], "answer", {"answer": "Ja, vorige week."}, cred=ENV["TOKEN_A_OFFICER"],
                       headers={"If-Match": '"%d"' % 2})
        self.assertEqual((got["status"], got["answer"], got["answeredBy"]),
                         ("answered", "Ja, vorige week.", "user:officer-a"))
        self.assertRegex(got["answeredAt"], DATETIME)
        actions = [e["action"] for e in self.timeline(case["id"])]
        for a in ("referred", "referral_acknowledged", "referral_answered"):
            self.assertEqual(actions.count(a), 1, actions)

    def test_the_official_sees_and_works_only_their_referrals(self):
        case = self.new_case()
        mine = self.refer(case["id"], officialId=self.me["id"])
        someone = self.official()
        theirs = self.refer(case["id"], officialId=someone["id"])

        items, _ = self.walk(API + "/referrals?limit=100", ENV["TOKEN_A_OFFICIAL"])
        ids = [i["id"] for i in items]
        self.assertIn(mine["id"], ids)
        self.assertNotIn(theirs["id"], ids)
        self.assertTrue(all(self.me["id"] in (i["officialId"], i["escalation"]["holderOfficialId"])
                            for i in items))
        self.assertEqual(self.referral(mine["id"], ENV["TOKEN_A_OFFICIAL"])["id"], mine["id"])
        self.assertProblem(request("GET", API + "/referrals/" + theirs["id"], cred=ENV["TOKEN_A_OFFICIAL"]), 404)
        self.act(theirs["id"], "acknowledgement", cred=ENV["TOKEN_A_OFFICIAL"], status=404)

        got = self.act(mine["id"], "acknowledgement", {}, cred=ENV["TOKEN_A_OFFICIAL"])
        self.assertEqual(got["status"], "acknowledged")
        got = self.act(mine["id"], "answer", {"answer": "Geregeld."}, cred=ENV["TOKEN_A_OFFICIAL"])
        self.assertEqual((got["status"], got["answeredBy"]), ("answered", "user:official-a"))
        # the official may not make or withdraw referrals, nor read cases' lists of others
        self.act(mine["id"], "withdrawal", {}, cred=ENV["TOKEN_A_OFFICIAL"], status=403)
        self.refer(case["id"], status=403, cred=ENV["TOKEN_A_OFFICIAL"], officialId=self.me["id"])
        # a portal key has nothing to do with referrals
        self.assertProblem(request("GET", API + "/referrals", cred=ENV["KEY_A"]), 403)
        self.assertProblem(request("GET", API + "/referrals/" + mine["id"], cred=ENV["TOKEN_B"]), 404)

    def test_refer_to_a_department_goes_to_its_team_manager(self):
        tm = self.official()
        d = self.department(teamManagerId=tm["id"])
        case = self.new_case()
        ref = self.refer(case["id"], departmentId=d["id"])
        self.assertEqual((ref["officialId"], ref["departmentId"]), (None, d["id"]))
        self.assertEqual(ref["escalation"]["holderOfficialId"], tm["id"])
        # a department without a team manager: held by nobody
        empty = self.department()
        ref = self.refer(case["id"], departmentId=empty["id"])
        self.assertIsNone(ref["escalation"]["holderOfficialId"])
        # filters
        items, _ = self.walk(API + "/referrals?officialId=%s&limit=100" % tm["id"], ENV["TOKEN_A"])
        self.assertEqual(len(items), 1)

    def test_refusals(self):
        case = self.new_case()
        unknown = "00000000-0000-4000-8000-000000000000"
        inactive = self.official(active=False)
        d = self.department()
        for body, fields in (({"question": "x"}, ("officialId", "departmentId")),
                             ({"officialId": self.me["id"], "departmentId": d["id"], "question": "x"},
                              ("officialId", "departmentId")),
                             ({"officialId": unknown, "question": "x"}, ("officialId",)),
                             ({"officialId": inactive["id"], "question": "x"}, ("officialId",)),
                             ({"departmentId": unknown, "question": "x"}, ("departmentId",)),
                             ({"officialId": self.me["id"]}, ("question",)),
                             ({"officialId": self.me["id"], "question": ""}, ("question",)),
                             ({"officialId": self.me["id"], "question": "q" * 5001}, ("question",)),
                             ({"officialId": self.me["id"], "question": "x", "answerBy": "morgen"}, ("answerBy",)),
                             ({"officialId": self.me["id"], "question": "x",
                               "answerBy": "2020-01-01T00:00:00Z"}, ("answerBy",)),
                             ({"officialId": self.me["id"], "question": "x", "acknowledgeBy": future(days=9),
                               "answerBy": future(days=3)}, ("acknowledgeBy",)),
                             ({"officialId": self.me["id"], "question": "x", "extra": 1}, ("extra",))):
            r = request("POST", API + "/cases/%s/referrals" % case["id"], body, cred=ENV["TOKEN_A"])
            doc = self.assertProblem(r, 422)
            for f in fields:
                self.assertInvalidParam(doc, f)
        self.assertProblem(request("POST", API + "/cases/not-a-uuid/referrals",
                                   {"officialId": self.me["id"], "question": "x"}, cred=ENV["TOKEN_A"]), 400)
        self.assertProblem(request("POST", API + "/cases/%s/referrals" % unknown,
                                   {"officialId": self.me["id"], "question": "x"}, cred=ENV["TOKEN_A"]), 404)
        self.assertProblem(request("GET", API + "/cases/%s/referrals" % unknown, cred=ENV["TOKEN_A"]), 404)
        self.assertProblem(request("POST", API + "/cases/%s/referrals" % case["id"],
                                   {"officialId": self.me["id"], "question": "x"}, cred=ENV["TOKEN_B"]), 404)
        self.assertProblem(request("GET", API + "/referrals?status=lost", cred=ENV["TOKEN_A"]), 400)
        self.assertProblem(request("GET", API + "/referrals?overdue=maybe", cred=ENV["TOKEN_A"]), 400)
        self.assertProblem(request("GET", API + "/referrals?officialId=abc", cred=ENV["TOKEN_A"]), 400)
        # given deadlines are kept
        ack, ans = future(days=3, hours=1), future(days=9, hours=2)
        ref = self.refer(case["id"], officialId=self.me["id"], acknowledgeBy=ack, answerBy=ans)
        self.assertEqual((ref["acknowledgeBy"], ref["answerBy"]), (ack, ans))

    def test_wrong_states_are_409(self):
        case = self.new_case()
        ref = self.refer(case["id"], officialId=self.me["id"])
        self.act(ref["id"], "answer", {"answer": "Eerste antwoord"})
        doc = self.act(ref["id"], "answer", {"answer": "Nog eens"}, status=409)
        self.assertIn("answered", doc["detail"])
        self.act(ref["id"], "acknowledgement", status=409)
        self.act(ref["id"], "withdrawal", {"reason": "te laat"}, status=409)
        self.assertEqual(self.referral(ref["id"])["answer"], "Eerste antwoord")

        ref = self.refer(case["id"], officialId=self.me["id"])
        self.act(ref["id"], "acknowledgement")
        self.act(ref["id"], "acknowledgement", status=409)
        got = self.act(ref["id"], "withdrawal", {"reason": "niet meer nodig"})
        self.assertEqual(got["status"], "withdrawn")
        self.act(ref["id"], "withdrawal", status=409)
        self.act(ref["id"], "answer", {"answer": "toch"}, status=409)
        self.assertIn("referral_withdrawn", [e["action"] for e in self.timeline(case["id"])])

        doc = self.act(ref["id"], "answer", {}, status=422)
        self.assertInvalidParam(doc, "answer")
        doc = self.act(ref["id"], "answer", {"answer": ""}, status=422)
        self.assertInvalidParam(doc, "answer")
        self.act(ref["id"], "answer", {"answer": "x"}, headers={"If-Match": '"1"'}, status=412)
        self.act("not-a-uuid", "acknowledgement", status=400)
        self.act("00000000-0000-4000-8000-000000000000", "acknowledgement", status=404)

        # no referrals on a closed case
        closed = self.new_case()
        cid = closed["id"]
        self.assertStatus(request("PUT", API + "/cases/%s/assignment" % cid,
                                  {"officerId": self.make_officer()["id"]}, cred=ENV["TOKEN_A"]), 200)
        for to, extra in (("in_progress", {}),
                          ("resolved", {"outcome": "agreed", "explanation": "De tegel is vervangen."}),
                          ("closed", {})):
            r = request("POST", API + "/cases/%s/transitions" % cid, dict(extra, to=to), cred=ENV["TOKEN_A"])
            self.assertStatus(r, 200)
        doc = self.assertProblem(request("POST", API + "/cases/%s/referrals" % cid,
                                         {"officialId": self.me["id"], "question": "x"},
                                         cred=ENV["TOKEN_A"]), 409)
        self.assertIn("closed", doc["detail"])

    def test_the_one_time_link(self):
        cat = self.make_category()
        case = self.new_case(cat)
        ref = self.refer(case["id"], officialId=self.me["id"], question="Wanneer wordt de tegel vervangen?")
        token = ref["responseLink"]["token"]
        href = ref["responseLink"]["href"]

        r = request("GET", href)  # no credential at all
        self.assertStatus(r, 200)
        view = r.json
        self.assertEqual(view["question"], "Wanneer wordt de tegel vervangen?")
        self.assertEqual(view["reference"], case["reference"])
        self.assertEqual(view["category"]["name"], cat["name"])
        self.assertEqual(view["caseDescription"], case["description"])
        self.assertEqual((view["status"], view["answerBy"], view["acknowledgeBy"]),
                         ("open", ref["answerBy"], ref["acknowledgeBy"]))
        for bit in CITIZEN_BITS:
            self.assertNotIn(bit, r.raw.decode(), "the link shows the citizen")
        self.assertNotIn("citizen", view)

        r = request("POST", href + "/acknowledgement")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "acknowledged")
        self.assertProblem(request("POST", href + "/acknowledgement"), 409)
        doc = self.assertProblem(request("POST", href + "/answer", {"answer": ""}), 422)
        self.assertInvalidParam(doc, "answer")
        r = request("POST", href + "/answer", {"answer": "Volgende week dinsdag."})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "answered")
        got = self.referral(ref["id"])
        self.assertEqual((got["status"], got["answer"], got["answeredBy"]),
                         ("answered", "Volgende week dinsdag.", "link:" + ref["id"]))

        # used: 410 for every use
        doc = self.assertProblem(request("POST", href + "/answer", {"answer": "nog eens"}), 410)
        self.assertIn("used", doc["detail"])
        self.assertProblem(request("GET", href), 410)
        self.assertProblem(request("POST", href + "/acknowledgement"), 410)

        # tampered or made up: 404, the same answer for any of them
        body, sig = token.split(".")
        flip = lambda s, i: s[:i] + ("A" if s[i] != "A" else "B") + s[i + 1:]
        for bad in (flip(body, 3) + "." + sig, body + "." + flip(sig, 5), body, "x.y",
                    "a" * 300, token + "A", "%2E%2E"):
            self.assertProblem(request("GET", API + "/referral-links/" + bad), 404)
            self.assertProblem(request("POST", API + "/referral-links/%s/answer" % bad, {"answer": "x"}), 404)

    def test_the_link_of_a_withdrawn_referral_is_gone(self):
        case = self.new_case()
        ref = self.refer(case["id"], officialId=self.me["id"])
        self.act(ref["id"], "withdrawal")
        self.assertProblem(request("GET", ref["responseLink"]["href"]), 410)
        # answered through the API: the link answers 409 to a second answer
        ref = self.refer(case["id"], officialId=self.me["id"])
        self.act(ref["id"], "answer", {"answer": "via de API"})
        r = request("GET", ref["responseLink"]["href"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "answered")
        self.assertProblem(request("POST", ref["responseLink"]["href"] + "/answer", {"answer": "x"}), 409)

    def test_list_filters(self):
        case = self.new_case()
        someone = self.official()
        a = self.refer(case["id"], officialId=someone["id"])
        b = self.refer(case["id"], officialId=someone["id"],
                       acknowledgeBy=future(seconds=5), answerBy=future(seconds=6))
        self.act(a["id"], "answer", {"answer": "klaar"})
        q = API + "/referrals?officialId=%s" % someone["id"]
        items, _ = self.walk(q, ENV["TOKEN_A"])
        self.assertEqual(sorted(i["id"] for i in items), sorted([a["id"], b["id"]]))
        items, _ = self.walk(q + "&status=answered", ENV["TOKEN_A"])
        self.assertEqual([i["id"] for i in items], [a["id"]])
        items, _ = self.walk(q + "&status=open", ENV["TOKEN_A"])
        self.assertEqual([i["id"] for i in items], [b["id"]])
        time.sleep(7)
        items, _ = self.walk(q + "&overdue=true", ENV["TOKEN_A"])
        self.assertEqual([i["id"] for i in items], [b["id"]])
        items, _ = self.walk(q + "&overdue=false", ENV["TOKEN_A"])
        self.assertEqual([i["id"] for i in items], [a["id"]])
        items, pages = self.walk(q + "&limit=1", ENV["TOKEN_A"])
        self.assertEqual((len(items), pages), (2, 2))


class SchedulerTest(BureauBase):
    def setUp(self):
        self.settings(escalationLadder=["team_manager", "process_owner"], slaWarningHours=24,
                      referralReminderHours=8, escalationIntervalDays=2)

    def ladder(self):
        """An official in a department with a team manager, and a category
        with a process owner."""
        tm, po = self.official(), self.official()
        d = self.department(teamManagerId=tm["id"])
        o = self.official(departmentId=d["id"])
        cat = self.make_category(processOwnerId=po["id"])
        return o, tm, po, cat

    def test_only_an_admin_and_asof_is_checked(self):
        for cred in (ENV["TOKEN_A"], ENV["TOKEN_A_OFFICER"], ENV["TOKEN_A_OFFICIAL"], ENV["KEY_A"]):
            self.assertProblem(request("POST", API + "/scheduler-runs", {}, cred=cred), 403)
        self.assertProblem(request("POST", API + "/scheduler-runs", {}), 401)
        doc = self.assertProblem(request("POST", API + "/scheduler-runs", {"asOf": "gisteren"},
                                         cred=ENV["TOKEN_A_ADMIN"]), 422)
        self.assertInvalidParam(doc, "asOf")
        doc = self.assertProblem(request("POST", API + "/scheduler-runs", {"when": "now"},
                                         cred=ENV["TOKEN_A_ADMIN"]), 422)
        self.assertInvalidParam(doc, "when")
        r = request("POST", API + "/scheduler-runs", cred=ENV["TOKEN_A_ADMIN"], timeout=60)
        self.assertStatus(r, 200)
        self.assertEqual(set(r.json), {"asOf", "firstContactBreaches", "slaWarnings", "slaBreaches",
                                       "referralReminders", "referralOverdue", "escalations",
                                       "anonymised", "rekeyed"})
        self.assertRegex(r.json["asOf"], DATETIME)
        self.assertLess(abs((parse_ts(r.json["asOf"]) - datetime.datetime.now(datetime.timezone.utc))
                            .total_seconds()), 120)
        r = request("POST", API + "/scheduler-runs", {"asOf": "2031-02-03T04:05:06.789+01:00"},
                    cred=ENV["TOKEN_A_ADMIN"], timeout=60)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["asOf"], "2031-02-03T03:05:06.000Z")

    def test_reminder_overdue_and_escalation_up_the_ladder(self):
        o, tm, po, cat = self.ladder()
        case = self.new_case(cat)
        answer_by = future(days=211, seconds=17)
        ack_by = shift(answer_by, days=-3)
        ref = self.refer(case["id"], officialId=o["id"], acknowledgeBy=ack_by, answerBy=answer_by)
        rid = ref["id"]
        sub = RedisSubscriber()
        self.addCleanup(sub.close)

        # reminders before the deadlines, overdue after them, each once
        got = self.run_scheduler(shift(ack_by, hours=-4))
        self.assertGreaterEqual(got["referralReminders"], 1)
        self.run_scheduler(shift(ack_by, hours=-3))
        got = self.run_scheduler(shift(ack_by, seconds=1))
        self.assertGreaterEqual(got["referralOverdue"], 1)
        self.assertEqual(self.referral(rid)["escalation"]["level"], 0)  # only the answer escalates
        self.run_scheduler(shift(answer_by, hours=-2))

        # the answer overdue: one rung up, to the team manager
        got = self.run_scheduler(answer_by)
        self.assertGreaterEqual(got["referralOverdue"], 1)
        self.assertGreaterEqual(got["escalations"], 1)
        r1 = self.referral(rid)
        self.assertEqual((r1["escalation"]["level"], r1["escalation"]["rung"],
                          r1["escalation"]["holderOfficialId"]), (1, "team_manager", tm["id"]))
        next_at = r1["escalation"]["nextAt"]
        self.assertRegex(next_at, DATETIME)
        self.assertGreater(parse_ts(next_at), parse_ts(answer_by) + datetime.timedelta(days=1))
        self.assertEqual([(e["level"], e["rung"], e["officialId"]) for e in r1["escalations"]],
                         [(1, "team_manager", tm["id"])])
        # not yet time for the next rung
        self.run_scheduler(shift(next_at, seconds=-1))
        self.assertEqual(self.referral(rid)["escalation"]["level"], 1)

        # then the process owner, the top: the clock stops
        got = self.run_scheduler(next_at)
        self.assertGreaterEqual(got["escalations"], 1)
        r2 = self.referral(rid)
        self.assertEqual((r2["escalation"]["level"], r2["escalation"]["rung"],
                          r2["escalation"]["holderOfficialId"], r2["escalation"]["nextAt"]),
                         (2, "process_owner", po["id"], None))
        self.run_scheduler(shift(next_at, days=30))
        r3 = self.referral(rid)
        self.assertEqual([(e["level"], e["rung"], e["officialId"]) for e in r3["escalations"]],
                         [(1, "team_manager", tm["id"]), (2, "process_owner", po["id"])])
        for e in r3["escalations"]:
            self.assertRegex(e["at"], DATETIME)

        actions = [e["action"] for e in self.timeline(case["id"])]
        self.assertEqual(actions.count("referral_reminder"), 2, actions)
        self.assertEqual(actions.count("referral_overdue"), 2, actions)
        self.assertEqual(actions.count("referral_escalated"), 2, actions)
        events = sub.collect(lambda env: (env.get("data") or {}).get("referralId") == rid
                             and env.get("type") != "referral.created", 6, 15)
        kinds = sorted((env["type"], env["data"].get("deadline") or env["data"].get("rung"))
                       for _, _, env in events)
        self.assertEqual(kinds, [("referral.escalated", "process_owner"), ("referral.escalated", "team_manager"),
                                 ("referral.overdue", "acknowledgement"), ("referral.overdue", "answer"),
                                 ("referral.reminder", "acknowledgement"), ("referral.reminder", "answer")])
        for _, raw, env in events:
            self.assertEqual(env["subject"], case["id"])
            for bit in CITIZEN_BITS:
                self.assertNotIn(bit, raw)

        # the team manager's rung is skipped when the official is the team manager
        d2 = self.department()
        boss = self.official(departmentId=d2["id"])
        self.assertStatus(request("PATCH", API + "/departments/" + d2["id"], {"teamManagerId": boss["id"]},
                                  cred=ENV["TOKEN_A"]), 200)
        ref2 = self.refer(case["id"], officialId=boss["id"], acknowledgeBy=shift(answer_by, days=1),
                          answerBy=shift(answer_by, days=1, seconds=3))
        self.run_scheduler(shift(answer_by, days=1, seconds=3))
        r = self.referral(ref2["id"])
        self.assertEqual((r["escalation"]["level"], r["escalation"]["rung"],
                          r["escalation"]["holderOfficialId"]), (1, "process_owner", po["id"]))

    def test_answered_referrals_are_left_alone(self):
        o, _, _, cat = self.ladder()
        case = self.new_case(cat)
        answer_by = future(days=212, seconds=29)
        ref = self.refer(case["id"], officialId=o["id"], answerBy=answer_by)
        self.act(ref["id"], "answer", {"answer": "op tijd"})
        self.run_scheduler(shift(answer_by, days=10))
        got = self.referral(ref["id"])
        self.assertEqual((got["escalation"]["level"], got["escalations"]), (0, []))
        self.assertNotIn("referral_overdue", [e["action"] for e in self.timeline(case["id"])])

    def test_case_sla_warning_then_breach(self):
        cat = self.make_category(slaDays=301, firstContactDays=301, slaUnit="calendar_days")
        case = self.new_case(cat)
        c = request("GET", API + "/cases/" + case["id"], cred=ENV["TOKEN_A"]).json
        due = c["resolutionDue"]
        self.assertRegex(due, DATETIME)
        self.assertEqual(c["sla"]["state"], "on_track")

        got = self.run_scheduler(shift(due, hours=-25))
        c = request("GET", API + "/cases/" + case["id"], cred=ENV["TOKEN_A"]).json
        self.assertEqual((c["sla"]["state"], c["sla"]["warnedAt"]), ("on_track", None))

        got = self.run_scheduler(shift(due, hours=-1))
        self.assertGreaterEqual(got["slaWarnings"], 1)
        c = request("GET", API + "/cases/" + case["id"], cred=ENV["TOKEN_A"]).json
        self.assertEqual(c["sla"]["state"], "warning")
        self.assertRegex(c["sla"]["warnedAt"], DATETIME)
        self.assertIsNone(c["sla"]["breachedAt"])

        got = self.run_scheduler(due)
        self.assertGreaterEqual(got["slaBreaches"], 1)
        self.assertGreaterEqual(got["firstContactBreaches"], 1)
        c = request("GET", API + "/cases/" + case["id"], cred=ENV["TOKEN_A"]).json
        self.assertEqual(c["sla"]["state"], "breached")
        self.assertRegex(c["sla"]["breachedAt"], DATETIME)
        self.assertRegex(c["sla"]["firstContactBreachedAt"], DATETIME)
        self.run_scheduler(shift(due, days=3))
        actions = [e["action"] for e in self.timeline(case["id"])]
        self.assertEqual(actions.count("sla_warning"), 1, actions)
        self.assertEqual(actions.count("sla_breached"), 2, actions)

    def test_suspended_cases_are_not_breached(self):
        cat = self.make_category(slaDays=302, firstContactDays=302, slaUnit="calendar_days")
        case = self.new_case(cat)
        cid = case["id"]
        self.assertStatus(request("PUT", API + "/cases/%s/assignment" % cid,
                                  {"officerId": self.make_officer()["id"]}, cred=ENV["TOKEN_A"]), 200)
        for body in ({"to": "in_progress"}, {"to": "waiting", "reason": "foto's gevraagd"}):
            self.assertStatus(request("POST", API + "/cases/%s/transitions" % cid, body, cred=ENV["TOKEN_A"]), 200)
        due = request("GET", API + "/cases/" + cid, cred=ENV["TOKEN_A"]).json["resolutionDue"]
        self.run_scheduler(shift(due, seconds=1))
        c = request("GET", API + "/cases/" + cid, cred=ENV["TOKEN_A"]).json
        self.assertEqual((c["sla"]["breachedAt"], c["sla"]["warnedAt"]), (None, None))
        self.assertNotIn("sla_breached", [e["action"] for e in self.timeline(cid)])

    def test_two_replicas_do_each_thing_once(self):
        """Both replicas run passes with the same asOf at the same moment,
        many times: every breach and escalation happens exactly once."""
        replica2 = ENV.get("CASEDESK2_URL")
        if not replica2:
            self.skipTest("no second casedesk replica")
        o, tm, po, cat = self.ladder()
        cat = self.make_category(slaDays=337, firstContactDays=337, slaUnit="calendar_days",
                                 processOwnerId=po["id"])
        ncases, nrefs = 24, 8
        for _attempt in range(2):  # filed across local midnight: file again
            cases = [self.new_case(cat) for _ in range(ncases)]
            dues = {request("GET", API + "/cases/" + c["id"], cred=ENV["TOKEN_A"]).json["resolutionDue"]
                    for c in cases}
            if len(dues) == 1:
                break
        self.assertEqual(len(dues), 1)
        due = dues.pop()
        case_ids = {c["id"] for c in cases}
        refs = [self.refer(cases[i]["id"], officialId=o["id"], acknowledgeBy=shift(due, days=-1),
                           answerBy=due) for i in range(nrefs)]
        ref_ids = {r["id"] for r in refs}
        sub = RedisSubscriber()
        self.addCleanup(sub.close)

        # what falls before `due` (warnings, reminders, acknowledgement overdue) first
        self.run_scheduler(shift(due, seconds=-1))

        def storm(as_of, rounds=6):
            answers, errors = [], []

            def one(base):
                try:
                    r = request("POST", (base or "") + API + "/scheduler-runs", {"asOf": as_of},
                                cred=ENV["TOKEN_A_ADMIN"], timeout=120)
                    if r.status != 200:
                        errors.append(r)
                    else:
                        answers.append(r.json)
                except Exception as e:  # noqa: BLE001 - reported below
                    errors.append(e)

            for _ in range(rounds):
                threads = [threading.Thread(target=one, args=(b,)) for b in (None, replica2, None, replica2)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
            self.assertEqual(errors, [])
            self.assertEqual(len(answers), rounds * 4)
            return {k: sum(a[k] for a in answers) for k in answers[0] if k != "asOf"}

        total = storm(due)
        self.assertEqual(total["firstContactBreaches"], ncases, total)
        self.assertEqual(total["slaBreaches"], ncases, total)
        self.assertEqual(total["slaWarnings"], 0, total)
        self.assertEqual(total["referralOverdue"], nrefs, total)
        self.assertEqual(total["escalations"], nrefs, total)
        self.assertEqual(total["referralReminders"], 0, total)

        next_at = {self.referral(r)["escalation"]["nextAt"] for r in ref_ids}
        self.assertEqual(len(next_at), 1)
        total = storm(next_at.pop())
        self.assertEqual(total["escalations"], nrefs, total)
        self.assertEqual(total["referralOverdue"], 0, total)
        self.assertEqual(total["slaBreaches"] + total["firstContactBreaches"], 0, total)

        for rid in ref_ids:
            got = self.referral(rid)
            self.assertEqual([(e["level"], e["rung"], e["officialId"]) for e in got["escalations"]],
                             [(1, "team_manager", tm["id"]), (2, "process_owner", po["id"])])
            self.assertEqual(got["escalation"]["level"], 2)
        for cid in list(case_ids)[:5]:
            actions = [e["action"] for e in self.timeline(cid)]
            self.assertEqual(actions.count("sla_breached"), 2, actions)

        # on Redis: each event once
        want = 2 * ncases + 2 * nrefs + nrefs  # breaches, escalations, answer overdue
        got = sub.collect(lambda env: (env.get("type") == "case.sla.breached" and env.get("subject") in case_ids)
                          or (env.get("type") in ("referral.escalated", "referral.overdue")
                              and (env.get("data") or {}).get("referralId") in ref_ids
                              and (env["type"] == "referral.escalated" or env["data"].get("deadline") == "answer")),
                          want + 1, 10)
        counts = {}
        for _, _, env in got:
            key = (env["type"], env["subject"], env["data"].get("deadline"), env["data"].get("level"),
                   env["data"].get("referralId"))
            counts[key] = counts.get(key, 0) + 1
        self.assertEqual(len(got), want, "events: %r" % sorted(counts))
        self.assertTrue(all(n == 1 for n in counts.values()), counts)
        self.assertEqual(len({e["id"] for _, _, e in got}), want)


if __name__ == "__main__":
    unittest.main()
