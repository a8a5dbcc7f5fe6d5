"""Tenant isolation of the surveys: tenant B's key and survey manager get
404 for everything of tenant A's, and cannot use A's core values."""

import unittest

from koers_bb import ENV, request
from .surveys_bb import SAPI, SurveysCase, skip_unless_surveys


@skip_unless_surveys
class SurveyTenantIsolationTest(SurveysCase):
    @classmethod
    def setUpClass(cls):
        t = SurveysCase()
        cls.value = t.make_value()
        cls.survey = t.make_survey(audiences=["citizens", "employees"])
        cls.question = t.add_question(cls.survey["id"], type="value_selection", text="Welke waarde?",
                                      options={"pick": 1})
        t.open_survey(cls.survey["id"])
        cls.tokens = t.invite(cls.survey["id"], "citizens", 2)

    def test_b_gets_404_for_a_survey(self):
        sid = self.survey["id"]
        for cred in (ENV["STOKEN_B"], ENV["SKEY_B"]):
            for path in ("/surveys/" + sid, "/surveys/%s/results" % sid, "/surveys/%s/gap" % sid,
                         "/core-values/" + self.value["id"]):
                with self.subTest(path=path):
                    r = request("GET", SAPI + path, cred=cred)
                    self.assertProblem(r, 404)
        r = request("GET", SAPI + "/surveys/%s/export?format=csv&what=responses" % sid, cred=ENV["STOKEN_B"])
        self.assertProblem(r, 404)
        r = request("GET", SAPI + "/surveys/%s/comparison?with=%s" % (sid, sid), cred=ENV["STOKEN_B"])
        self.assertIn(r.status, (404, 422), repr(r))
        # A does see it
        r = request("GET", SAPI + "/surveys/" + sid, cred=ENV["STOKEN_A"])
        self.assertStatus(r, 200)

    def test_b_cannot_change_or_answer_a_survey(self):
        sid = self.survey["id"]
        for method, path, body in (
                ("PATCH", "/surveys/" + sid, {"closesAt": None}),
                ("POST", "/surveys/%s/close" % sid, None),
                ("POST", "/surveys/%s/invitations" % sid, {"audience": "citizens", "count": 1}),
                ("POST", "/surveys/%s/waves" % sid, None),
                ("POST", "/surveys/%s/questions" % sid, {"type": "likert5", "text": "x"}),
                ("DELETE", "/surveys/" + sid, None),
                ("PATCH", "/core-values/" + self.value["id"], {"name": "Overgenomen"}),
                ("DELETE", "/core-values/" + self.value["id"], None)):
            with self.subTest(method=method, path=path):
                r = request(method, SAPI + path, body, cred=ENV["STOKEN_B"])
                self.assertProblem(r, 404)
        r = request("POST", SAPI + "/surveys/%s/responses" % sid,
                    {"audience": "citizens", "answers": [{"questionId": self.question["id"],
                                                          "valueIds": [self.value["id"]]}]},
                    cred=ENV["SKEY_B"])
        self.assertProblem(r, 404)
        r = request("GET", SAPI + "/surveys/" + sid, cred=ENV["STOKEN_A"])
        self.assertEqual(r.json["status"], "open")

    def test_b_lists_do_not_show_a(self):
        items, _ = self.walk(SAPI + "/surveys", ENV["STOKEN_B"])
        self.assertNotIn(self.survey["id"], [s["id"] for s in items])
        items, _ = self.walk(SAPI + "/surveys?seriesId=" + self.survey["id"], ENV["SKEY_B"])
        self.assertEqual(items, [])
        items, _ = self.walk(SAPI + "/core-values", ENV["STOKEN_B"])
        self.assertNotIn(self.value["id"], [v["id"] for v in items])
        items, _ = self.walk(SAPI + "/surveys", ENV["STOKEN_A"])
        self.assertIn(self.survey["id"], [s["id"] for s in items])

    def test_b_core_value_is_no_answer_in_a(self):
        b_value = self.make_value(token=ENV["STOKEN_B"])
        r = self.submit(self.tokens[0], [{"questionId": self.question["id"], "valueIds": [b_value["id"]]}])
        self.assertInvalidParam(self.assertProblem(r, 422), "answers[0].valueIds")
        self.submit_ok(self.tokens[0], [{"questionId": self.question["id"], "valueIds": [self.value["id"]]}])

    def test_b_survey_manager_token_shows_only_b(self):
        b = self.make_survey(token=ENV["STOKEN_B"])
        r = request("GET", SAPI + "/surveys/" + b["id"], cred=ENV["STOKEN_A"])
        self.assertProblem(r, 404)
        r = request("GET", SAPI + "/surveys/" + b["id"], cred=ENV["SKEY_B"])
        self.assertStatus(r, 200)


if __name__ == "__main__":
    unittest.main()
