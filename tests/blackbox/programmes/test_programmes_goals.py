"""Goals, indicators and relapse through the gateway (services/programmes
README, "Goals, indicators and relapse"): a goal with a pulse_question
indicator fed by a REAL survey series in the surveys service — wave 1
answered and closed, a second wave (POST /surveys/{id}/waves) answered
lower and closed — shows both waves in its trend and, with the target
above the second wave, is off track with a relapse signal, also on the
events replay; an equal_party_share indicator fed by feedback a citizen
gives on the casedesk's tracking page; tenant isolation; bad input. The
means are computed here from the answers sent."""

import unittest

from koers_bb import API, ENV, request, uniq
from processes.processes_bb import poll
from programmes.programmes_bb import GAPI, ProgrammesCase, skip_unless_programmes
from surveys.surveys_bb import SAPI, SurveysCase, surveys_running

WAIT_S = 30
# the answers of one audience per wave, six each (above the minimum group size 5)
WAVE1 = [5, 4, 4, 4, 3, 4]  # mean 4.0
WAVE2 = [3, 3, 2, 3, 3, 4]  # mean 3.0


def mean(xs):
    return sum(xs) / len(xs)


@skip_unless_programmes
class GoalsAndIndicators(ProgrammesCase):
    def make_goal(self, token=None, **kw):
        body = {"programmeId": self.make_programme(token=token)["id"], "name": uniq("Trots zijn"),
                "theme": "pride"}
        body.update(kw)
        return self.gpost("/goals", body, token=token)

    def test_bad_input_is_named(self):
        goal = self.make_goal()
        # params per kind: unknown member, wrong format, missing required
        r = request("POST", GAPI + "/indicators",
                    {"goalId": goal["id"], "kind": "pulse_question", "target": 3.5,
                     "params": {"seriesId": "nope", "colour": "blue"}}, cred=ENV["GTOKEN_A"])
        doc = self.assertProblem(r, 422)
        for name in ("params.seriesId", "params.colour", "params.questionCode"):
            self.assertInvalidParam(doc, name)
        r = request("POST", GAPI + "/indicators",
                    {"goalId": goal["id"], "kind": "equal_party_share", "target": 0.8,
                     "params": {"manifestId": goal["id"]}}, cred=ENV["GTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "params.manifestId")
        r = request("POST", GAPI + "/indicators",
                    {"goalId": goal["id"], "kind": "manifest_support", "target": 0.8,
                     "params": {"manifestId": goal["id"]}}, cred=ENV["GTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "params.manifestId")  # not a manifest
        r = request("POST", GAPI + "/indicators",
                    {"goalId": goal["id"], "kind": "weather", "target": "high", "relapseMargin": -1},
                    cred=ENV["GTOKEN_A"])
        doc = self.assertProblem(r, 422)
        self.assertInvalidParam(doc, "kind")
        self.assertInvalidParam(doc, "target")
        r = request("POST", GAPI + "/indicators",
                    {"goalId": goal["id"], "kind": "equal_party_share", "target": 0.8, "relapseMargin": -1},
                    cred=ENV["GTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "relapseMargin")
        # a goal keeps its programme; a value of another programme is refused
        other = self.make_programme()
        r = request("PATCH", GAPI + "/goals/" + goal["id"], {"programmeId": other["id"]},
                    cred=ENV["GTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "programmeId")
        r = request("POST", GAPI + "/goals", {"programmeId": "x", "name": "", "theme": "joy"},
                    cred=ENV["GTOKEN_A"])
        doc = self.assertProblem(r, 422)
        for name in ("programmeId", "name", "theme"):
            self.assertInvalidParam(doc, name)
        # an indicator keeps its kind; a goal with indicators is not deleted
        ind = self.gpost("/indicators", {"goalId": goal["id"], "kind": "equal_party_share", "target": 0.8})
        r = request("PATCH", GAPI + "/indicators/" + ind["id"], {"kind": "attendance_rate"},
                    cred=ENV["GTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "kind")
        self.assertProblem(request("DELETE", GAPI + "/goals/" + goal["id"], cred=ENV["GTOKEN_A"]), 409)
        self.assertProblem(request("GET", GAPI + "/goals/not-a-uuid/trend", cred=ENV["GTOKEN_A"]), 400)
        self.assertProblem(request("GET", GAPI + "/goals/%s/trend" % ind["id"], cred=ENV["GTOKEN_A"]), 404)
        # a member reads but does not write
        self.assertProblem(request("POST", GAPI + "/goals", {"programmeId": goal["programmeId"], "name": "x"},
                                   cred=ENV["GTOKEN_A_MEMBER"]), 403)

    def test_another_tenant_sees_nothing(self):
        goal = self.make_goal()
        ind = self.gpost("/indicators", {"goalId": goal["id"], "kind": "equal_party_share", "target": 0.8})
        for method, path, body in (("GET", "/goals/" + goal["id"], None),
                                   ("GET", "/goals/%s/trend" % goal["id"], None),
                                   ("PATCH", "/goals/" + goal["id"], {"name": "Van B"}),
                                   ("DELETE", "/goals/" + goal["id"], None),
                                   ("GET", "/indicators/" + ind["id"], None),
                                   ("PATCH", "/indicators/" + ind["id"], {"target": 0.1}),
                                   ("DELETE", "/indicators/" + ind["id"], None),
                                   ("GET", "/programmes/%s/relapse-signals" % goal["programmeId"], None)):
            r = request(method, GAPI + path, body, cred=ENV["GTOKEN_B"])
            self.assertProblem(r, 404)
        r = request("GET", GAPI + "/goals?programmeId=" + goal["programmeId"], cred=ENV["GTOKEN_B"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["items"], [])
        # tenant B's indicator may not hang on tenant A's goal
        r = request("POST", GAPI + "/indicators", {"goalId": goal["id"], "kind": "equal_party_share",
                                                   "target": 0.5}, cred=ENV["GTOKEN_B"])
        self.assertIn(r.status, (404, 422), repr(r))

    def test_equal_party_share_from_the_casedesk_feedback(self):
        goal = self.make_goal()
        ind = self.gpost("/indicators", {"goalId": goal["id"], "kind": "equal_party_share",
                                         "target": 0.99, "direction": "at_least"})
        before = self.equal_party_latest(goal["id"], ind["id"])
        # two citizens give feedback on the tracking page: one equal, one not
        answers = []
        for equal in (True, False):
            cat, _, district = self.routed_setup()
            r = request("POST", API + "/cases", self.case_body(cat["id"], district=district), cred=ENV["KEY_A"])
            self.assertStatus(r, 201)
            case, token = r.json, r.json["trackingToken"]
            for to, kw in (("in_progress", {}), ("resolved", {"outcome": "agreed",
                                                              "explanation": "Hersteld, dank voor uw melding."})):
                body = {"to": to}
                body.update(kw)
                self.assertStatus(request("POST", API + "/cases/%s/transitions" % case["id"], body,
                                          cred=ENV["TOKEN_A"]), 200)
            self.assertStatus(request("POST", API + "/tracking/%s/feedback" % token,
                                      {"satisfaction": 4, "equalParty": equal}), 201)
            answers.append(equal)
        # the feedback of the tenant this month: n grows by two, the share moves with it
        got = poll(lambda: self.equal_party_latest(goal["id"], ind["id"]),
                   lambda v: v is not None and v["n"] >= (before["n"] if before else 0) + 2, WAIT_S)
        self.assertIsNotNone(got, "no equal-party value after the feedback")
        n0 = before["n"] if before else 0
        self.assertGreaterEqual(got["n"], n0 + 2)
        self.assertGreater(got["value"], 0)
        self.assertLess(got["value"], 1)  # one of them did not feel equal

    def equal_party_latest(self, goal_id, ind_id):
        trend = self.gget("/goals/%s/trend" % goal_id)
        for i in trend["indicators"]:
            if i["indicator"]["id"] == ind_id and i["values"]:
                return i["values"][-1]
        return None


@skip_unless_programmes
@unittest.skipUnless(surveys_running(), "the surveys service is not running (not built)")
class PulseGoalFedByARealSurveySeries(ProgrammesCase, SurveysCase):
    def run_wave(self, survey, question, answers):
        self.open_survey(survey["id"])
        for tok, a in zip(self.invite(survey["id"], "employees", len(answers)), answers):
            self.submit_ok(tok, [{"questionId": question["id"], "value": a}])
        self.close_survey(survey["id"])

    def test_two_waves_off_track_and_relapse(self):
        code = "trots_" + uniq("q").lower().replace("-", "_")[-12:]
        code = "".join(c for c in code if c.isalnum() or c == "_")[:40]
        s1 = self.make_survey(kind="pulse", audiences=["employees"])
        q1 = self.add_question(s1["id"], type="likert5", code=code, text="Ik ben trots op mijn werk.")
        goal = self.gpost("/goals", {"programmeId": self.make_programme()["id"], "name": uniq("Trots"),
                                     "theme": "pride"})
        ind = self.gpost("/indicators", {"goalId": goal["id"], "kind": "pulse_question",
                                         "params": {"seriesId": s1["id"], "questionCode": code},
                                         "target": 3.5, "relapseMargin": 0.25})
        self.run_wave(s1, q1, WAVE1)

        def pulse():
            trend = self.gget("/goals/%s/trend" % goal["id"])
            return [i for i in trend["indicators"] if i["indicator"]["id"] == ind["id"]][0]

        got = poll(pulse, lambda i: len(i["values"]) >= 1, WAIT_S)
        self.assertEqual([v["period"] for v in got["values"]], ["wave:1"])
        self.assertAlmostEqual(got["values"][0]["value"], mean(WAVE1), places=3)
        self.assertEqual(got["values"][0]["n"], len(WAVE1))
        self.assertTrue(got["onTrack"])

        r = request("POST", SAPI + "/surveys/%s/waves" % s1["id"], cred=ENV["STOKEN_A"])
        self.assertStatus(r, 201)
        s2 = r.json
        q2 = [q for q in s2["questions"] if q["code"] == code][0]
        self.run_wave(s2, q2, WAVE2)
        got = poll(pulse, lambda i: len(i["values"]) >= 2, WAIT_S)
        self.assertEqual([v["period"] for v in got["values"]], ["wave:1", "wave:2"])
        self.assertAlmostEqual(got["values"][1]["value"], mean(WAVE2), places=3)
        self.assertAlmostEqual(got["latest"], mean(WAVE2), places=3)
        self.assertFalse(got["onTrack"])

        # the signals: off track (reference the target) and relapse (the best earlier value)
        r = request("GET", GAPI + "/programmes/%s/relapse-signals" % goal["programmeId"], cred=ENV["GTOKEN_A"])
        self.assertStatus(r, 200)
        sig = {(s["kind"], s["period"]): s for s in r.json["items"] if s["indicatorId"] == ind["id"]}
        self.assertEqual(set(sig), {("off_track", "wave:2"), ("relapse", "wave:2")})
        self.assertAlmostEqual(sig[("off_track", "wave:2")]["reference"], 3.5, places=3)
        self.assertAlmostEqual(sig[("relapse", "wave:2")]["reference"], mean(WAVE1), places=3)
        # asked again: nothing raised twice
        pulse()
        r = request("GET", GAPI + "/programmes/%s/relapse-signals" % goal["programmeId"], cred=ENV["GTOKEN_A"])
        self.assertEqual(len([s for s in r.json["items"] if s["indicatorId"] == ind["id"]]), 2)

        # on the events replay, once each
        def replayed():
            seen, after = [], 0
            while True:
                r = request("GET", GAPI + "/events?after=%d&limit=200" % after, cred=ENV["EKEY_A"])
                self.assertStatus(r, 200)
                items = r.json["items"]
                seen += [e for e in items if e["type"] in ("goal.off_track", "relapse.signalled")
                         and e["data"].get("indicatorId") == ind["id"]]
                if not items:
                    return seen
                after = items[-1]["seq"]

        events = poll(replayed, lambda es: len(es) >= 2, WAIT_S)
        self.assertEqual(sorted(e["type"] for e in events), ["goal.off_track", "relapse.signalled"])
        for e in events:
            self.assertEqual(e["data"]["goalId"], goal["id"])
            self.assertEqual(e["data"]["programmeId"], goal["programmeId"])
            self.assertEqual(e["data"]["period"], "wave:2")
        # tenant B sees neither the goal's trend nor the signals
        self.assertProblem(request("GET", GAPI + "/goals/%s/trend" % goal["id"], cred=ENV["GTOKEN_B"]), 404)


_ = uniq
