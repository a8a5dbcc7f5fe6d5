"""Other services' events reach programmes, through the gateway: a survey
created, opened, answered and closed in the surveys service shows as the
candidate values of the programme linked to it (GET
/programmes/{id}/candidate-values) — THE OUTAGE: also when programmes was
stopped while the survey ran and closed (its consumer of the surveys'
events catches up from its cursor when it starts again), and for a survey
linked only after it closed. Each tenant's survey reaches only its own
programmes. The counts are computed here from the answers sent.

The programmes come from the programmes-and-approach part's fixture
make_programme (POST /programmes)."""

import unittest
import uuid
from collections import Counter

from koers_bb import ENV, request, service_ctl, service_restartable, uniq
from processes.processes_bb import poll
from programmes.programmes_bb import GAPI, ProgrammesCase, skip_unless_programmes
from surveys.surveys_bb import SurveysCase, surveys_running

WAIT_S = 30

# which of the three values each respondent picks (indexes), per audience:
# six each, above the surveys service's minimum group size (5)
PICKS = {
    "citizens": [[0, 1]] * 4 + [[0, 2]] * 2,
    "employees": [[1, 2]] * 5 + [[0, 1]],
}


@skip_unless_programmes
@unittest.skipUnless(surveys_running(), "the surveys service is not running (not built)")
class SurveyResultsReachTheProgramme(ProgrammesCase, SurveysCase):
    # ---- fixtures ----------------------------------------------------------
    def survey_with_values(self, token=None):
        """A draft survey of citizens and employees with one value question,
        and the tenant's three new core values."""
        values = [self.make_value(token=token, name=uniq(n)) for n in ("Betrouwbaar", "Open", "Samen")]
        s = self.make_survey(token=token, audiences=["citizens", "employees"])
        q = self.add_question(s["id"], token=token, type="value_selection", text="Welke twee waarden?",
                              options={"pick": 2})
        return s, q, values

    def run_survey(self, s, q, values, token=None):
        """Opens, answers (PICKS) and closes the survey; returns the
        candidate values the programme should show, in the contract's
        order (audience, then count descending, then name)."""
        self.open_survey(s["id"], token=token)
        for audience, picks in PICKS.items():
            for tok, pick in zip(self.invite(s["id"], audience, len(picks), token=token), picks):
                self.submit_ok(tok, [{"questionId": q["id"], "valueIds": [values[i]["id"] for i in pick]}])
        closed = self.close_survey(s["id"], token=token)
        self.assertEqual(closed["status"], "closed")
        want = []
        for audience in sorted(PICKS):
            counts = Counter(i for pick in PICKS[audience] for i in pick)
            for i, n in sorted(counts.items(), key=lambda kv: (-kv[1], values[kv[0]]["name"])):
                want.append((s["id"], audience, values[i]["id"], values[i]["name"], n))
        return want

    def candidates(self, pid, cred=None, status=200):
        r = request("GET", GAPI + "/programmes/%s/candidate-values" % pid, cred=cred or ENV["GTOKEN_A"])
        if status != 200:
            return self.assertProblem(r, status)
        self.assertStatus(r, 200)
        self.assertIn("self", r.json["_links"])
        return r.json["items"]

    def candidates_when(self, pid, n, cred=None):
        """The candidate values once there are n of them (bounded wait)."""
        items = poll(lambda: self.candidates(pid, cred), lambda i: len(i) >= n, WAIT_S)
        self.assertEqual(len(items), n, "the programme did not get %d candidate values in %d s: %r"
                         % (n, WAIT_S, items))
        return items

    def assertCandidates(self, items, want):
        got = [(i["surveyId"], i["audience"], i["valueId"], i["name"], i["count"]) for i in items]
        self.assertEqual(got, want)
        for i in items:
            self.assertTrue(i["closedAt"].endswith("Z"), i)

    # ---- the outage --------------------------------------------------------
    @unittest.skipUnless(service_restartable(), "the runner cannot stop and start programmes here")
    def test_a_survey_closed_while_programmes_is_down_reaches_the_programme(self):
        s, q, values = self.survey_with_values()
        self.assertEqual(service_ctl("programmes", "stop"), 0, "programmes did not stop cleanly")
        try:
            want = self.run_survey(s, q, values)
        finally:
            self.assertEqual(service_ctl("programmes", "start"), 0, "programmes did not start again")
        # linked after it closed, and after programmes came back
        p = self.make_programme(template_key="three-phases", surveyIds=[s["id"]])
        self.assertEqual(p["surveyIds"], [s["id"]])
        items = self.candidates_when(p["id"], len(want))
        self.assertCandidates(items, want)
        # caught up: asked again, the same (each event applied once)
        self.assertCandidates(self.candidates(p["id"]), want)

    # ---- while running -----------------------------------------------------
    def test_a_closed_survey_shows_as_the_linked_programme_s_candidate_values(self):
        s, q, values = self.survey_with_values()
        p = self.make_programme(template_key="three-phases", surveyIds=[s["id"]])
        unlinked = self.make_programme(template_key="three-phases")
        # not closed yet: nothing
        self.assertEqual(self.candidates(p["id"]), [])
        want = self.run_survey(s, q, values)
        items = self.candidates_when(p["id"], len(want))
        self.assertCandidates(items, want)
        self.assertEqual(self.candidates(unlinked["id"]), [])
        # who may read: the read key, a programme member; not tenant B; no one without credentials
        self.assertCandidates(self.candidates(p["id"], ENV["GKEY_A_READ"]), want)
        self.assertCandidates(self.candidates(p["id"], ENV["GTOKEN_A_MEMBER"]), want)
        self.candidates(p["id"], ENV["GTOKEN_B"], status=404)
        self.assertProblem(request("GET", GAPI + "/programmes/%s/candidate-values" % p["id"]), 401)
        # no such programme; not an id
        self.candidates(str(uuid.uuid4()), status=404)
        self.candidates("nope", status=400)

    @unittest.skipUnless(ENV.get("EKEY_B") and ENV.get("STOKEN_B"),
                         "the runner gives programmes no events key of tenant B")
    def test_each_tenant_s_survey_reaches_only_its_own_programmes(self):
        s, q, values = self.survey_with_values(token=ENV["STOKEN_B"])
        pb = self.make_programme(template_key="three-phases", token=ENV["GTOKEN_B"], surveyIds=[s["id"]])
        # tenant A links the same survey id: it is not tenant A's survey
        pa = self.make_programme(template_key="three-phases", surveyIds=[s["id"]])
        want = self.run_survey(s, q, values, token=ENV["STOKEN_B"])
        self.assertCandidates(self.candidates_when(pb["id"], len(want), ENV["GTOKEN_B"]), want)
        self.assertEqual(self.candidates(pa["id"]), [])


if __name__ == "__main__":
    unittest.main()
