"""Answers checked against each question's type, options and limits: a bad
answer of every kind is a 422 naming answers[i].<member>; a rejected
response does not use up its token; the open link of a portal; the
lifecycle and permission rules around them."""

import datetime
import time
import unittest

from koers_bb import ENV, request, uniq
from .surveys_bb import SAPI, SurveysCase, skip_unless_surveys


def ch(*vs):
    return [{"value": v, "label": v.capitalize()} for v in vs]


@skip_unless_surveys
class SurveyAnswersTest(SurveysCase):
    @classmethod
    def setUpClass(cls):
        t = SurveysCase()
        cls.values = [t.make_value(), t.make_value(), t.make_value()]
        cls.survey = t.make_survey(audiences=["citizens", "employees"])
        sid = cls.survey["id"]
        cls.q = {}
        for spec in (dict(code="l5", type="likert5", text="Vijf punten"),
                     dict(code="l7", type="likert7", text="Zeven punten"),
                     dict(code="nps", type="nps", text="Aanbevelen"),
                     dict(code="een", type="single_choice", text="Een keuze", options={"choices": ch("ja", "nee")}),
                     dict(code="meer", type="multiple_choice", text="Meer keuzes",
                          options={"choices": ch("a", "b", "c"), "maxChoices": 2}),
                     dict(code="volgorde", type="ranking", text="Volgorde", options={"choices": ch("x", "y", "z")}),
                     dict(code="tekst", type="open_text", text="Toelichting", options={"maxLength": 20}),
                     dict(code="waarden", type="value_selection", text="Waarden", options={"pick": 2}),
                     dict(code="vrij", type="likert5", text="Niet verplicht", required=False)):
            cls.q[spec["code"]] = t.add_question(sid, **spec)
        t.open_survey(sid)
        cls.tokens = t.invite(sid, "employees", 4)

    def good(self):
        q = self.q
        return [
            {"questionId": q["l5"]["id"], "value": 3},
            {"questionId": q["l7"]["id"], "value": 7},
            {"questionId": q["nps"]["id"], "value": 0},
            {"questionId": q["een"]["id"], "choice": "ja"},
            {"questionId": q["meer"]["id"], "choices": ["a", "c"]},
            {"questionId": q["volgorde"]["id"], "ranking": ["z", "x", "y"]},
            {"questionId": q["tekst"]["id"], "text": "Kort en goed"},
            {"questionId": q["waarden"]["id"], "valueIds": [self.values[0]["id"], self.values[2]["id"]]},
        ]

    def with_answer(self, index, answer):
        a = self.good()
        a[index] = dict(answer, questionId=a[index]["questionId"])
        return a

    def test_bad_answer_of_each_kind(self):
        unknown_value = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
        cases = [
            (0, {"value": 6}, "value"),
            (0, {"value": 0}, "value"),
            (0, {"value": 2.5}, "value"),
            (0, {"value": "4"}, "value"),
            (1, {"value": 8}, "value"),
            (2, {"value": 11}, "value"),
            (2, {"value": -1}, "value"),
            (3, {"choice": "misschien"}, "choice"),
            (4, {"choices": ["a", "b", "c"]}, "choices"),
            (4, {"choices": ["a", "a"]}, "choices"),
            (4, {"choices": []}, "choices"),
            (4, {"choices": ["a", "q"]}, "choices"),
            (5, {"ranking": ["x", "y"]}, "ranking"),
            (5, {"ranking": ["x", "y", "y"]}, "ranking"),
            (5, {"ranking": ["x", "y", "w"]}, "ranking"),
            (6, {"text": "x" * 21}, "text"),
            (6, {"text": ""}, "text"),
            (7, {"valueIds": [self.values[0]["id"]]}, "valueIds"),
            (7, {"valueIds": [self.values[0]["id"], self.values[0]["id"]]}, "valueIds"),
            (7, {"valueIds": [self.values[0]["id"], unknown_value]}, "valueIds"),
            (7, {"valueIds": [self.values[0]["id"], "geen-uuid"]}, "valueIds"),
        ]
        tok = self.tokens[0]
        for index, answer, member in cases:
            with self.subTest(answer=answer):
                r = self.submit(tok, self.with_answer(index, answer))
                doc = self.assertProblem(r, 422)
                self.assertNamed(doc, "answers[%d].%s" % (index, member))
        # every fault named at once
        a = self.good()
        a[0]["value"] = 9
        a[3]["choice"] = "nooit"
        a[7]["valueIds"] = []
        r = self.submit(tok, a)
        doc = self.assertProblem(r, 422)
        names = {p["name"] for p in doc["invalidParams"]}
        self.assertTrue({"answers[0].value", "answers[3].choice", "answers[7].valueIds"} <= names, names)
        # none of that used the token up
        self.submit_ok(tok, self.good())

    def test_missing_unknown_and_duplicate_questions(self):
        tok = self.tokens[1]
        a = self.good()
        missing = a.pop(2)  # nps is required
        r = self.submit(tok, a)
        doc = self.assertProblem(r, 422)
        blob = repr(doc["invalidParams"])
        self.assertTrue(missing["questionId"] in blob or "nps" in blob, "the required question is not named: %s" % blob)
        # an answer to a question the survey does not have (one of another survey)
        other = self.make_survey()
        foreign = self.add_question(other["id"], type="likert5", text="Elders")
        r = self.submit(tok, self.good() + [{"questionId": foreign["id"], "value": 3}])
        self.assertInvalidParam(self.assertProblem(r, 422), "answers[8].questionId")
        # the same question twice
        r = self.submit(tok, self.good() + [{"questionId": self.q["l5"]["id"], "value": 2}])
        self.assertProblem(r, 422)
        # not a list; a malformed body
        r = self.submit(tok, {"l5": 3})
        self.assertIn(r.status, (400, 422), repr(r))
        self.assertProblem(r, r.status)
        r = request("POST", SAPI + "/responses", raw=b'{"token": "', headers={"Content-Type": "application/json"})
        self.assertProblem(r, 400)
        # the optional question may be left out (done above) or answered
        self.submit_ok(tok, self.good() + [{"questionId": self.q["vrij"]["id"], "value": 5}])
        r = self.submit(tok, self.good())
        self.assertProblem(r, 409)

    def test_open_link_with_a_portal_key(self):
        sid = self.survey["id"]
        path = SAPI + "/surveys/%s/responses" % sid
        # the portal may show the open survey's questions
        r = request("GET", SAPI + "/surveys/" + sid, cred=ENV["SKEY_A_RESPOND"])
        self.assertStatus(r, 200)
        self.assertEqual(len(r.json["questions"]), 9)
        r = request("POST", path, {"audience": "citizens", "answers": self.good()}, cred=ENV["SKEY_A_RESPOND"])
        self.assertStatus(r, 201)
        self.assertEqual(r.json, {"status": "received"})
        # no token needed, so a portal may send several
        r = request("POST", path, {"audience": "citizens", "answers": self.good()}, cred=ENV["SKEY_A"])
        self.assertStatus(r, 201)
        # the open link is for citizens only
        r = request("POST", path, {"audience": "employees", "answers": self.good()}, cred=ENV["SKEY_A_RESPOND"])
        self.assertInvalidParam(self.assertProblem(r, 422), "audience")
        # bad answers are named here too
        r = request("POST", path, {"audience": "citizens", "answers": self.with_answer(1, {"value": 0})},
                    cred=ENV["SKEY_A_RESPOND"])
        self.assertInvalidParam(self.assertProblem(r, 422), "answers[1].value")
        # a key without surveys:respond, staff, nobody
        r = request("POST", path, {"audience": "citizens", "answers": self.good()}, cred=ENV["SKEY_A_READ"])
        self.assertProblem(r, 403)
        r = request("POST", path, {"audience": "citizens", "answers": self.good()}, cred=ENV["KEY_A"])
        self.assertProblem(r, 403)
        r = request("POST", path, {"audience": "citizens", "answers": self.good()})
        self.assertProblem(r, 401)
        # a survey that is not for citizens
        staff_only = self.make_survey(audiences=["employees"])
        self.add_question(staff_only["id"], type="likert5", text="Werkplezier")
        self.open_survey(staff_only["id"])
        r = request("POST", SAPI + "/surveys/%s/responses" % staff_only["id"],
                    {"audience": "citizens", "answers": []}, cred=ENV["SKEY_A_RESPOND"])
        self.assertIn(r.status, (403, 409, 422), repr(r))
        self.assertProblem(r, r.status)
        # a draft survey takes no answers
        draft = self.make_survey(audiences=["citizens"])
        r = request("POST", SAPI + "/surveys/%s/responses" % draft["id"], {"audience": "citizens", "answers": []},
                    cred=ENV["SKEY_A_RESPOND"])
        self.assertProblem(r, 409)
        # ... nor shows its questions to a portal
        r = request("GET", SAPI + "/surveys/" + draft["id"], cred=ENV["SKEY_A_RESPOND"])
        self.assertIn(r.status, (403, 404), repr(r))


@skip_unless_surveys
class SurveyLifecycleRulesTest(SurveysCase):
    def test_open_needs_a_question(self):
        s = self.make_survey()
        r = request("POST", SAPI + "/surveys/%s/open" % s["id"], cred=ENV["STOKEN_A"])
        self.assertProblem(r, 409)
        r = request("POST", SAPI + "/surveys/%s/close" % s["id"], cred=ENV["STOKEN_A"])
        self.assertProblem(r, 409)

    def test_draft_can_change_and_be_deleted(self):
        s = self.make_survey()
        q = self.add_question(s["id"], type="likert5", text="Eerst")
        self.assertEqual(q["code"], "q%d" % q["position"], "default code q<position>")
        r = request("PATCH", SAPI + "/surveys/%s/questions/%s" % (s["id"], q["id"]), {"text": "Daarna"},
                    cred=ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["text"], "Daarna")
        r = request("PATCH", SAPI + "/surveys/" + s["id"], {"title": "Andere titel", "audiences": ["citizens"]},
                    cred=ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["audiences"], ["citizens"])
        r = request("DELETE", SAPI + "/surveys/%s/questions/%s" % (s["id"], q["id"]), cred=ENV["STOKEN_A"])
        self.assertStatus(r, 204)
        r = request("DELETE", SAPI + "/surveys/" + s["id"], cred=ENV["STOKEN_A"])
        self.assertStatus(r, 204)
        r = request("GET", SAPI + "/surveys/" + s["id"], cred=ENV["STOKEN_A"])
        self.assertProblem(r, 404)

    def test_open_survey_cannot_be_deleted(self):
        s = self.make_survey()
        self.add_question(s["id"], type="nps", text="Aanbevelen")
        self.open_survey(s["id"])
        r = request("DELETE", SAPI + "/surveys/" + s["id"], cred=ENV["STOKEN_A"])
        self.assertProblem(r, 409)

    def test_bad_questions(self):
        s = self.make_survey()
        sid = s["id"]
        cases = [
            (dict(type="likert5", text="x", options={"labels": ["a", "b", "c"]}), "options.labels"),
            (dict(type="likert9", text="x"), "type"),
            (dict(type="single_choice", text="x", options={"choices": ch("alleen")}), "options.choices"),
            (dict(type="single_choice", text="x", options={"choices": ch("a", "a")}), "options.choices"),
            (dict(type="multiple_choice", text="x", options={"choices": ch("a", "b"), "maxChoices": 3}),
             "options.maxChoices"),
            (dict(type="open_text", text="x", options={"maxLength": 5001}), "options.maxLength"),
            (dict(type="value_selection", text="x", options={"pick": 11}), "options.pick"),
            (dict(type="value_selection", text="x"), "options.pick"),
            (dict(type="likert5", text=""), "text"),
            (dict(type="likert5", text="x", code="Hoofd Letters"), "code"),
        ]
        for body, name in cases:
            with self.subTest(body=body):
                r = request("POST", SAPI + "/surveys/%s/questions" % sid, body, cred=ENV["STOKEN_A"])
                self.assertNamed(self.assertProblem(r, 422), name)
        bad = [({"title": "", "kind": "pulse", "audiences": ["citizens"]}, "title"),
               ({"title": "x", "kind": "peiling", "audiences": ["citizens"]}, "kind"),
               ({"title": "x", "kind": "pulse", "audiences": []}, "audiences"),
               ({"title": "x", "kind": "pulse", "audiences": ["citizens", "citizens"]}, "audiences"),
               ({"title": "x", "kind": "pulse", "audiences": ["toeristen"]}, "audiences")]
        for body, name in bad:
            with self.subTest(body=body):
                r = request("POST", SAPI + "/surveys", body, cred=ENV["STOKEN_A"])
                self.assertNamed(self.assertProblem(r, 422), name)

    def test_scheduled_close(self):
        s = self.make_survey(audiences=["employees"])
        self.add_question(s["id"], type="likert5", text="Werkplezier")
        self.open_survey(s["id"])
        tokens = self.invite(s["id"], "employees", 1)
        when = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=2))
        r = request("PATCH", SAPI + "/surveys/" + s["id"],
                    {"closesAt": when.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"}, cred=ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "open")
        time.sleep(3)
        r = request("GET", SAPI + "/surveys/" + s["id"], cred=ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "closed", "a survey past its closesAt must read as closed")
        self.assertTrue(r.json["closedAt"])
        r = self.submit(tokens[0], [])
        self.assertProblem(r, 409)

    def test_roles(self):
        # a coordinator reads surveys but does not make them
        r = request("POST", SAPI + "/surveys", {"title": "x", "kind": "pulse", "audiences": ["citizens"]},
                    cred=ENV["TOKEN_A"])
        self.assertProblem(r, 403)
        s = self.make_survey()
        r = request("GET", SAPI + "/surveys/" + s["id"], cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        r = request("GET", SAPI + "/surveys/" + s["id"], cred=ENV["SKEY_A_READ"])
        self.assertStatus(r, 200)
        # a liaison officer and a casedesk key have no business here
        for cred in (ENV["TOKEN_A_OFFICER"], ENV["KEY_A"]):
            r = request("GET", SAPI + "/surveys/" + s["id"], cred=cred)
            self.assertProblem(r, 403)
        r = request("POST", SAPI + "/core-values", {"name": uniq("Waarde")}, cred=ENV["SKEY_A"])
        self.assertProblem(r, 403)
        r = request("GET", SAPI + "/surveys")
        self.assertProblem(r, 401)
        r = request("GET", SAPI + "/surveys/geen-uuid", cred=ENV["STOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 400), "id")

    def test_core_value_names_unique_ignoring_case(self):
        name = uniq("Integer")
        self.make_value(name=name)
        r = request("POST", SAPI + "/core-values", {"name": name.upper()}, cred=ENV["STOKEN_A"])
        self.assertProblem(r, 409)

    def test_settings(self):
        r = request("GET", SAPI + "/settings", cred=ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["minGroupSize"], 5)
        r = request("PUT", SAPI + "/settings", {"minGroupSize": 1}, cred=ENV["STOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "minGroupSize")
        r = request("PUT", SAPI + "/settings", {"minGroupSize": 7}, cred=ENV["TOKEN_A"])
        self.assertProblem(r, 403)


if __name__ == "__main__":
    unittest.main()
