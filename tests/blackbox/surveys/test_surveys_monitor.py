"""A whole climate monitor through the gateway: core values, a survey with a
question of every type for citizens, employees and managers, opened,
invitations for each audience, answers (tokens and the open link), a
token used twice, frozen questions, close, results with the small-group
rule checked against statistics computed here, the gap analysis, the
exports, and the next wave with its comparison.

The steps share the class's state and run in the order of their names."""

import csv
import datetime
import io
import unittest
from collections import Counter

from koers_bb import ENV, RedisSubscriber, request, uniq
from .surveys_bb import SAPI, SurveysCase, mean, nps, sd, skip_unless_surveys, welch

LIKERT5_LABELS = ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens"]
# one dict per respondent: vertrouwen (likert5), betrokken (likert7),
# aanbevelen (nps), kanaal (single), themas (multiple, max 2), prioriteit
# (ranking), toelichting (open text), waarden (indexes of 2 core values)
CITIZENS = [
    dict(v=5, b=6, n=10, k="digitaal", t=["groen", "wonen"], r=["zorg", "onderwijs", "verkeer"], o="Fijne buurt", w=[0, 1]),
    dict(v=4, b=5, n=9, k="digitaal", t=["groen"], r=["onderwijs", "zorg", "verkeer"], o="Prima contact", w=[0, 2]),
    dict(v=4, b=7, n=7, k="balie", t=["veiligheid", "cultuur"], r=["zorg", "verkeer", "onderwijs"], o="Meer groen graag", w=[1, 2]),
    dict(v=3, b=4, n=6, k="telefoon", t=["wonen"], r=["verkeer", "zorg", "onderwijs"], o="Wachttijd lang", w=[0, 1]),
    dict(v=5, b=6, n=3, k="digitaal", t=["groen", "veiligheid"], r=["zorg", "onderwijs", "verkeer"], o="Snel geholpen", w=[0, 3]),
    dict(v=2, b=5, n=9, k="balie", t=["wonen", "groen"], r=["onderwijs", "verkeer", "zorg"], o="Niet gehoord", w=[2, 3]),
]
EMPLOYEES = [
    dict(v=3, b=4, n=8, k="digitaal", t=["wonen"], r=["verkeer", "onderwijs", "zorg"], o="Werkdruk hoog", w=[1, 3]),
    dict(v=4, b=5, n=9, k="balie", t=["wonen", "cultuur"], r=["zorg", "onderwijs", "verkeer"], o="Goede collega's", w=[1, 2]),
    dict(v=2, b=3, n=5, k="digitaal", t=["cultuur"], r=["onderwijs", "zorg", "verkeer"], o="Te veel overleg", w=[1, 3]),
    dict(v=3, b=6, n=10, k="telefoon", t=["groen", "wonen"], r=["zorg", "verkeer", "onderwijs"], o="Trots op het werk", w=[2, 3]),
    dict(v=4, b=4, n=7, k="digitaal", t=["veiligheid"], r=["verkeer", "zorg", "onderwijs"], o="Ruimte voor ideeen", w=[1, 0]),
    dict(v=3, b=5, n=6, k="balie", t=["wonen", "veiligheid"], r=["zorg", "onderwijs", "verkeer"], o="Onduidelijke koers", w=[3, 1]),
]
MANAGERS = [
    dict(v=5, b=7, n=10, k="digitaal", t=["groen"], r=["zorg", "onderwijs", "verkeer"], o="Alles loopt", w=[0, 1]),
    dict(v=4, b=6, n=9, k="balie", t=["wonen"], r=["onderwijs", "zorg", "verkeer"], o="Goed bezig", w=[0, 2]),
    dict(v=4, b=6, n=8, k="digitaal", t=["cultuur"], r=["zorg", "verkeer", "onderwijs"], o="Kan beter", w=[1, 2]),
]
# the second wave: vertrouwen moved
WAVE2_V = {"citizens": [4, 5, 5, 4, 5, 4], "employees": [3, 3, 4, 2, 3, 3]}


@skip_unless_surveys
class SurveyMonitorTest(SurveysCase):
    S = {}  # state shared by the steps

    @classmethod
    def setUpClass(cls):
        cls.sub = RedisSubscriber("koers.surveys.*")

    @classmethod
    def tearDownClass(cls):
        cls.sub.close()

    # ---- helpers -------------------------------------------------------------
    def answers(self, q, d, values):
        return [
            {"questionId": q["vertrouwen"]["id"], "value": d["v"]},
            {"questionId": q["betrokken"]["id"], "value": d["b"]},
            {"questionId": q["aanbevelen"]["id"], "value": d["n"]},
            {"questionId": q["kanaal"]["id"], "choice": d["k"]},
            {"questionId": q["themas"]["id"], "choices": d["t"]},
            {"questionId": q["prioriteit"]["id"], "ranking": d["r"]},
            {"questionId": q["toelichting"]["id"], "text": d["o"]},
            {"questionId": q["waarden"]["id"], "valueIds": [values[i]["id"] for i in d["w"]]},
        ]

    def need(self, *keys):
        for k in keys:
            if k not in self.S:
                self.skipTest("an earlier step failed (no %s)" % k)
        return [self.S[k] for k in keys]

    # ---- 1. set up ------------------------------------------------------------
    def test_01_create_survey_with_every_question_type(self):
        values = [self.make_value(name=uniq(n)) for n in ("Betrouwbaar", "Open", "Dienstbaar", "Samen")]
        r = request("POST", SAPI + "/surveys",
                    {"title": "Klimaatmonitor " + uniq("g"), "kind": "climate_monitor",
                     "audiences": ["citizens", "employees", "managers"]}, cred=ENV["STOKEN_A"])
        self.assertStatus(r, 201)
        self.assertCommonHeaders(r)
        survey = r.json
        sid = survey["id"]
        self.assertTrue((r.header("location") or "").endswith(SAPI + "/surveys/" + sid), r.header("location"))
        self.assertEqual(survey["status"], "draft")
        self.assertEqual(survey["wave"], 1)
        self.assertEqual(survey["seriesId"], sid)
        self.assertEqual(survey["audiences"], ["citizens", "employees", "managers"])

        r = request("POST", SAPI + "/surveys/%s/sections" % sid, {"title": "Vertrouwen"}, cred=ENV["STOKEN_A"])
        self.assertStatus(r, 201)
        section = r.json

        choices = lambda *vs: [{"value": v, "label": v.capitalize()} for v in vs]  # noqa: E731
        specs = [
            dict(code="vertrouwen", type="likert5", text="Ik vertrouw de gemeente.", sectionId=section["id"],
                 options={"labels": LIKERT5_LABELS}),
            dict(code="betrokken", type="likert7", text="Ik voel me betrokken bij mijn wijk."),
            dict(code="aanbevelen", type="nps", text="Zou u de gemeente aanbevelen als werkgever of dienstverlener?"),
            dict(code="kanaal", type="single_choice", text="Hoe neemt u meestal contact op?",
                 options={"choices": choices("digitaal", "balie", "telefoon")}),
            dict(code="themas", type="multiple_choice", text="Welke thema's vindt u belangrijk?",
                 options={"choices": choices("groen", "wonen", "veiligheid", "cultuur"), "maxChoices": 2}),
            dict(code="prioriteit", type="ranking", text="Zet in volgorde van belang.",
                 options={"choices": choices("zorg", "onderwijs", "verkeer")}),
            dict(code="toelichting", type="open_text", text="Wilt u iets toelichten?", required=False,
                 options={"maxLength": 200}),
            dict(code="waarden", type="value_selection", text="Welke twee waarden horen bij de gemeente?",
                 options={"pick": 2}),
        ]
        q = {}
        for spec in specs:
            made = self.add_question(sid, **spec)
            self.assertEqual(made["code"], spec["code"])
            self.assertEqual(made["type"], spec["type"])
            self.assertEqual(made["required"], spec.get("required", True), "required defaults to true")
            q[spec["code"]] = made
        self.assertEqual(q["vertrouwen"]["sectionId"], section["id"])

        r = request("GET", SAPI + "/surveys/" + sid, cred=ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        self.assertTrue(r.header("etag"), "no ETag on a survey")
        self.assertEqual([x["code"] for x in r.json["questions"]], [s["code"] for s in specs])
        self.assertEqual([x["id"] for x in r.json["sections"]], [section["id"]])
        self.S.update(survey=survey, q=q, values=values, section=section)

    def test_02_open_freezes_the_questions(self):
        survey, q = self.need("survey", "q")
        sid = survey["id"]
        opened = self.open_survey(sid)
        self.assertTrue(opened["openedAt"])
        # survey.opened on Redis
        got = self.sub.collect(lambda e: e.get("type") == "survey.opened" and e.get("subject") == sid, 1, seconds=10)
        self.assertEqual(len(got), 1, "no survey.opened event")
        self.assertEqual(got[0][0], "koers.surveys.survey.opened")
        self.assertEqual(got[0][2]["tenant"], ENV["TENANT_A"])

        r = request("POST", SAPI + "/surveys/%s/questions" % sid, {"type": "likert5", "text": "Te laat"},
                    cred=ENV["STOKEN_A"])
        doc = self.assertProblem(r, 409)
        self.assertIn("questions cannot change", doc["detail"])
        r = request("PATCH", SAPI + "/surveys/%s/questions/%s" % (sid, q["vertrouwen"]["id"]),
                    {"text": "Anders gevraagd"}, cred=ENV["STOKEN_A"])
        self.assertProblem(r, 409)
        r = request("DELETE", SAPI + "/surveys/%s/questions/%s" % (sid, q["betrokken"]["id"]), cred=ENV["STOKEN_A"])
        self.assertProblem(r, 409)
        # title and audiences only in draft
        r = request("PATCH", SAPI + "/surveys/" + sid, {"title": "Nieuwe titel"}, cred=ENV["STOKEN_A"])
        self.assertProblem(r, 409)
        # opening twice
        r = request("POST", SAPI + "/surveys/%s/open" % sid, cred=ENV["STOKEN_A"])
        self.assertProblem(r, 409)
        r = request("GET", SAPI + "/surveys/" + sid, cred=ENV["STOKEN_A"])
        self.assertEqual(len(r.json["questions"]), 8, "the questions changed after opening")
        self.assertEqual(r.json["questions"][0]["text"], "Ik vertrouw de gemeente.")

    def test_03_invitations(self):
        survey, = self.need("survey")
        sid = survey["id"]
        tokens = {"citizens": self.invite(sid, "citizens", 5), "employees": self.invite(sid, "employees", 6),
                  "managers": self.invite(sid, "managers", 3)}
        self.S["tokens"] = tokens
        # an audience the survey is not for; a count out of range
        r = request("POST", SAPI + "/surveys/%s/invitations" % sid, {"audience": "council_members", "count": 2},
                    cred=ENV["STOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "audience")
        r = request("POST", SAPI + "/surveys/%s/invitations" % sid, {"audience": "citizens", "count": 0},
                    cred=ENV["STOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "count")
        # a coordinator may not make invitations
        r = request("POST", SAPI + "/surveys/%s/invitations" % sid, {"audience": "citizens", "count": 1},
                    cred=ENV["TOKEN_A"])
        self.assertProblem(r, 403)

        # the token shows the survey, without other credentials, and is not used up by that
        r = request("GET", SAPI + "/invitations/%s/survey" % tokens["citizens"][0])
        self.assertStatus(r, 200)
        self.assertCommonHeaders(r)
        self.assertEqual(r.json["id"], sid)
        self.assertEqual(len(r.json["questions"]), 8)
        r = request("GET", SAPI + "/invitations/st_%s/survey" % ("A" * 43))
        self.assertProblem(r, 404)

    def test_04_answers_from_every_audience(self):
        q, values, tokens, survey = self.need("q", "values", "tokens", "survey")
        for aud, people in (("citizens", CITIZENS[:5]), ("employees", EMPLOYEES), ("managers", MANAGERS)):
            for tok, d in zip(tokens[aud], people):
                self.submit_ok(tok, self.answers(q, d, values))
        # the sixth citizen through the open link of a portal (API key, surveys:respond)
        r = request("POST", SAPI + "/surveys/%s/responses" % survey["id"],
                    {"audience": "citizens", "answers": self.answers(q, CITIZENS[5], values)},
                    cred=ENV["SKEY_A_RESPOND"])
        self.assertStatus(r, 201)
        self.assertEqual(r.json, {"status": "received"})
        self.S["answered"] = True

    def test_05_a_token_answers_once(self):
        q, values, tokens = self.need("q", "values", "tokens")
        self.need("answered")
        r = self.submit(tokens["citizens"][0], self.answers(q, CITIZENS[0], values))
        self.assertProblem(r, 409)
        # the used token no longer shows the survey either
        r = request("GET", SAPI + "/invitations/%s/survey" % tokens["citizens"][0])
        self.assertProblem(r, 409)
        # an unknown token
        r = self.submit("st_" + "B" * 43, self.answers(q, CITIZENS[0], values))
        self.assertProblem(r, 404)

    def test_06_close(self):
        survey, values = self.need("survey", "values")
        self.need("answered")
        sid = survey["id"]
        spare = self.invite(sid, "citizens", 1)[0]
        closed = self.close_survey(sid)
        self.assertTrue(closed["closedAt"])
        self.S["closed"] = True
        # no answers after the close
        q = self.S["q"]
        r = self.submit(spare, self.answers(q, CITIZENS[0], values))
        self.assertProblem(r, 409)
        r = request("POST", SAPI + "/surveys/%s/close" % sid, cred=ENV["STOKEN_A"])
        self.assertProblem(r, 409)
        # survey.closed with the top values of the large-enough audiences only
        got = self.sub.collect(lambda e: e.get("type") == "survey.closed" and e.get("subject") == sid, 1, seconds=10)
        self.assertEqual(len(got), 1, "no survey.closed event")
        top = got[0][2]["data"]["topValues"]
        self.assertIn("citizens", top)
        self.assertIn("employees", top)
        self.assertNotIn("managers", top, "a group under the minimum must not be in the event")
        counts = Counter(values[i]["id"] for d in CITIZENS for i in d["w"])
        for item in top["citizens"]:
            self.assertEqual(item["count"], counts[item["valueId"]], item)
        self.assertEqual(top["citizens"][0]["count"], max(counts.values()))

    # ---- 2. results -----------------------------------------------------------
    def test_07_results_checked_against_own_statistics(self):
        survey, q, values = self.need("survey", "q", "values")
        self.need("closed")
        doc = self.results(survey["id"])
        self.assertEqual(doc.get("minGroupSize"), 5)
        for aud, people in (("citizens", CITIZENS), ("employees", EMPLOYEES)):
            with self.subTest(audience=aud):
                n = len(people)
                for code, key in (("vertrouwen", "v"), ("betrokken", "b")):
                    res = self.result_for(doc, q[code]["id"], aud)
                    xs = [d[key] for d in people]
                    self.assertEqual(res["n"], n)
                    self.assertFalse(res["withheld"])
                    self.assertEqual(res["code"], code)
                    self.assertClose(res["mean"], mean(xs), msg=code)
                    self.assertClose(res["sd"], sd(xs), msg=code + " (sample standard deviation)")
                    self.assertEqual(self.nonzero(res["distribution"]), self.counter(xs), code)
                res = self.result_for(doc, q["aanbevelen"]["id"], aud)
                xs = [d["n"] for d in people]
                score, promoters, detractors = nps(xs)
                self.assertEqual(res["n"], n)
                self.assertClose(res["nps"], score, msg="nps")
                self.assertClose(res["mean"], mean(xs), msg="nps mean")
                self.assertEqual(self.nonzero(res["distribution"]), self.counter(xs))
                self.assertEqual(res.get("promoters"), promoters)
                self.assertEqual(res.get("detractors"), detractors)

                res = self.result_for(doc, q["kanaal"]["id"], aud)
                got = res.get("distribution") or res.get("choices")
                self.assertEqual(self.nonzero(got), self.counter(d["k"] for d in people), "single choice")

                res = self.result_for(doc, q["themas"]["id"], aud)
                want = self.counter(c for d in people for c in d["t"])
                self.assertEqual(self.nonzero(res["choices"]), want, "multiple choice counts per option")

                res = self.result_for(doc, q["prioriteit"]["id"], aud)
                for v in ("zorg", "onderwijs", "verkeer"):
                    self.assertClose(res["ranking"][v], mean([d["r"].index(v) + 1 for d in people]), msg="rank " + v)

                res = self.result_for(doc, q["toelichting"]["id"], aud)
                self.assertEqual(sorted(res["texts"]), sorted(d["o"] for d in people))

                res = self.result_for(doc, q["waarden"]["id"], aud)
                counts = Counter(values[i]["id"] for d in people for i in d["w"])
                got = {x["valueId"]: x for x in res["values"]}
                self.assertEqual({k: v["count"] for k, v in got.items() if v["count"]}, dict(counts))
                for vid, c in counts.items():
                    self.assertClose(got[vid]["share"], 100.0 * c / n, places=2, msg="share in percent")
                    self.assertEqual(got[vid]["name"], [v["name"] for v in values if v["id"] == vid][0])

    def test_08_small_group_withheld(self):
        survey, q = self.need("survey", "q")
        self.need("closed")
        doc = self.results(survey["id"], query="?audience=managers")
        items = self.result_items(doc)
        self.assertEqual(len(items), 8, items)
        for res in items:
            self.assertEqual(res["audience"], "managers")
            self.assertTrue(res["withheld"], res)
            self.assertIn("fewer than 5", res.get("reason", ""))
            for k in ("mean", "sd", "distribution", "nps", "promoters", "detractors", "choices", "ranking",
                      "values", "texts"):
                self.assertFalse(res.get(k), "a withheld group shows %s: %r" % (k, res))
        # one audience asked for: only that one
        doc = self.results(survey["id"], query="?audience=citizens")
        self.assertEqual({x["audience"] for x in self.result_items(doc)}, {"citizens"})
        r = request("GET", SAPI + "/surveys/%s/results?audience=council_members" % survey["id"], cred=ENV["STOKEN_A"])
        self.assertIn(r.status, (400, 422), repr(r))
        self.assertProblem(r, r.status)

    def test_09_results_readers(self):
        survey, = self.need("survey")
        self.need("closed")
        for cred in (ENV["TOKEN_A"], ENV["SKEY_A_READ"], ENV["SKEY_A"]):
            r = request("GET", SAPI + "/surveys/%s/results" % survey["id"], cred=cred)
            self.assertStatus(r, 200)
        r = request("GET", SAPI + "/surveys/%s/results" % survey["id"], cred=ENV["SKEY_A_RESPOND"])
        self.assertProblem(r, 403)
        r = request("GET", SAPI + "/surveys/%s/results" % survey["id"])
        self.assertProblem(r, 401)

    def test_10_gap_analysis(self):
        survey, q, values = self.need("survey", "q", "values")
        self.need("closed")
        r = request("GET", SAPI + "/surveys/%s/gap" % survey["id"], cred=ENV["SKEY_A_READ"])
        self.assertStatus(r, 200)
        items = r.json["items"]
        want = {}
        for v in values:
            a = 100.0 * sum(1 for d in CITIZENS if values.index(v) in d["w"]) / len(CITIZENS)
            b = 100.0 * sum(1 for d in EMPLOYEES if values.index(v) in d["w"]) / len(EMPLOYEES)
            want[("value", v["id"])] = (a, b)
        for code, key in (("vertrouwen", "v"), ("betrokken", "b")):
            want[("likert", q[code]["id"])] = (mean([d[key] for d in CITIZENS]), mean([d[key] for d in EMPLOYEES]))
        got = {}
        for it in items:
            k = (it["kind"], it.get("valueId") if it["kind"] == "value" else it.get("questionId"))
            got[k] = it
        # every core value of the tenant is an item (those nobody picked
        # score 0 on both sides), and every Likert question of the survey
        tenant_values, _ = self.walk(SAPI + "/core-values", ENV["STOKEN_A"])
        for v in tenant_values:
            want.setdefault(("value", v["id"]), (0.0, 0.0))
        self.assertEqual(set(got), set(want), "gap items: %r" % items)
        for k, (a, b) in want.items():
            it = got[k]
            self.assertFalse(it.get("withheld"), it)
            self.assertEqual(it["a"]["n"], 6)
            self.assertEqual(it["b"]["n"], 6)
            self.assertClose(it["a"]["score"], a, places=2, msg=str(k))
            self.assertClose(it["b"]["score"], b, places=2, msg=str(k))
            self.assertClose(it["difference"], a - b, places=2, msg=str(k))
        diffs = [abs(it["difference"]) for it in items]
        self.assertEqual(diffs, sorted(diffs, reverse=True), "gap not sorted by |difference|")
        names = {v["id"]: v["name"] for v in tenant_values}
        for it in items:
            if it["kind"] == "value":
                self.assertEqual(it["name"], names[it["valueId"]])
        # a group under the minimum: withheld
        r = request("GET", SAPI + "/surveys/%s/gap?audienceA=citizens&audienceB=managers" % survey["id"],
                    cred=ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        for it in r.json["items"]:
            self.assertTrue(it.get("withheld"), it)
            self.assertIsNone(it.get("difference"), it)

    def test_11_export_responses_csv_and_json(self):
        survey, values = self.need("survey", "values")
        self.need("closed")
        r = request("GET", SAPI + "/surveys/%s/export?format=csv&what=responses" % survey["id"],
                    cred=ENV["STOKEN_A"], headers={"Accept": "text/csv"})
        self.assertStatus(r, 200)
        self.assertCommonHeaders(r)
        self.assertEqual((r.header("content-type") or "").split(";")[0].strip(), "text/csv")
        rows = list(csv.reader(io.StringIO(r.raw.decode("utf-8"))))
        header, body = rows[0], [x for x in rows[1:] if x]
        self.assertEqual(header[:2], ["audience", "submittedOn"])
        self.assertEqual(header[2:], ["vertrouwen", "betrokken", "aanbevelen", "kanaal", "themas", "prioriteit",
                                      "toelichting", "waarden"])
        # managers (3 < 5) are left out: their rows would show a small group
        self.assertEqual(Counter(x[0] for x in body), {"citizens": 6, "employees": 6})
        days = {(datetime.date.today() + datetime.timedelta(days=d)).isoformat() for d in (-1, 0, 1)}
        for x in body:
            self.assertIn(x[1], days, "submittedOn is a day: %r" % x)
        by_aud = {a: sorted(int(x[2]) for x in body if x[0] == a) for a in ("citizens", "employees")}
        self.assertEqual(by_aud["citizens"], sorted(d["v"] for d in CITIZENS))
        self.assertEqual(by_aud["employees"], sorted(d["v"] for d in EMPLOYEES))
        themas = sorted(x[6] for x in body if x[0] == "citizens")
        self.assertEqual(themas, sorted(";".join(d["t"]) for d in CITIZENS))
        self.assertNotIn("st_", r.raw.decode("utf-8"), "a token in the export")

        r = request("GET", SAPI + "/surveys/%s/export?format=json&what=responses" % survey["id"], cred=ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        doc = r.json
        rows = doc.get("items") if isinstance(doc, dict) else doc
        if rows is None:
            rows = doc.get("responses")
        self.assertIsInstance(rows, list, doc)
        self.assertEqual(Counter(x["audience"] for x in rows), {"citizens": 6, "employees": 6})
        for x in rows:
            self.assertIn(x["submittedOn"], days)

    def test_12_export_results_csv_and_json(self):
        survey, q = self.need("survey", "q")
        self.need("closed")
        r = request("GET", SAPI + "/surveys/%s/export?format=json&what=results" % survey["id"], cred=ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        res = self.result_for(r.json, q["vertrouwen"]["id"], "citizens")
        self.assertClose(res["mean"], mean([d["v"] for d in CITIZENS]))
        self.assertTrue(self.result_for(r.json, q["vertrouwen"]["id"], "managers")["withheld"])
        r = request("GET", SAPI + "/surveys/%s/export?format=csv&what=results" % survey["id"], cred=ENV["STOKEN_A"],
                    headers={"Accept": "text/csv"})
        self.assertStatus(r, 200)
        self.assertEqual((r.header("content-type") or "").split(";")[0].strip(), "text/csv")
        text = r.raw.decode("utf-8")
        rows = [x for x in csv.reader(io.StringIO(text)) if x]
        self.assertGreater(len(rows), 8, text[:500])
        self.assertIn("vertrouwen", text)
        self.assertNotIn("Goed bezig", text, "a withheld group's open answer in the export")
        r = request("GET", SAPI + "/surveys/%s/export?format=xml&what=results" % survey["id"], cred=ENV["STOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 400), "format")

    # ---- 3. the next wave -----------------------------------------------------
    def test_13_next_wave_and_comparison(self):
        survey, q, values = self.need("survey", "q", "values")
        self.need("closed")
        r = request("POST", SAPI + "/surveys/%s/waves" % survey["id"], cred=ENV["STOKEN_A"])
        self.assertStatus(r, 201)
        w2 = r.json
        self.assertNotEqual(w2["id"], survey["id"])
        self.assertEqual(w2["status"], "draft")
        self.assertEqual(w2["wave"], 2)
        self.assertEqual(w2["seriesId"], survey["id"])
        self.assertEqual(w2["title"], survey["title"])
        self.assertEqual(w2["audiences"], survey["audiences"])
        self.assertEqual([x["code"] for x in w2["questions"]], list(q))
        self.assertTrue(all(x["id"] not in {y["id"] for y in q.values()} for x in w2["questions"]), "question ids reused")
        q2 = {x["code"]: x for x in w2["questions"]}
        self.assertEqual(q2["themas"]["options"]["maxChoices"], 2)
        self.assertEqual(q2["waarden"]["options"]["pick"], 2)
        self.assertEqual(len(w2.get("sections") or []), 1)

        items, _ = self.walk(SAPI + "/surveys?seriesId=" + survey["id"], ENV["STOKEN_A"])
        self.assertEqual(sorted((s["id"], s["wave"]) for s in items),
                         sorted([(survey["id"], 1), (w2["id"], 2)]))

        self.open_survey(w2["id"])
        for aud, people in (("citizens", CITIZENS), ("employees", EMPLOYEES)):
            toks = self.invite(w2["id"], aud, len(people))
            for tok, d, v in zip(toks, people, WAVE2_V[aud]):
                self.submit_ok(tok, self.answers(q2, dict(d, v=v), values))
        self.close_survey(w2["id"])

        r = request("GET", SAPI + "/surveys/%s/comparison?with=%s&audience=citizens" % (survey["id"], w2["id"]),
                    cred=ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        items = {it["code"]: it for it in r.json["items"] if it.get("audience", "citizens") == "citizens"}
        self.assertIn("vertrouwen", items, r.json)
        it = items["vertrouwen"]
        before = [d["v"] for d in CITIZENS]
        after = WAVE2_V["citizens"]
        diff, lo, hi = welch(before, after)
        self.assertEqual(it["from"]["n"], 6)
        self.assertEqual(it["to"]["n"], 6)
        self.assertClose(it["from"]["mean"], mean(before))
        self.assertClose(it["to"]["mean"], mean(after))
        self.assertClose(it["difference"], diff, msg="difference = to - from")
        self.assertClose(it["ci95"][0], lo, places=2, msg="Welch interval, low")
        self.assertClose(it["ci95"][1], hi, places=2, msg="Welch interval, high")
        self.assertEqual(it["significant"], lo > 0 or hi < 0)
        # unchanged answers: no change, not significant
        it = items["betrokken"]
        self.assertClose(it["difference"], 0.0)
        self.assertFalse(it["significant"])

        # managers did not answer wave 2: withheld
        r = request("GET", SAPI + "/surveys/%s/comparison?with=%s&audience=managers" % (survey["id"], w2["id"]),
                    cred=ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        for it in r.json["items"]:
            self.assertTrue(it.get("withheld"), it)
            self.assertIsNone(it.get("difference"), it)
        # a survey of another series
        other = self.make_survey()
        r = request("GET", SAPI + "/surveys/%s/comparison?with=%s" % (survey["id"], other["id"]), cred=ENV["STOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "with")


if __name__ == "__main__":
    unittest.main()
