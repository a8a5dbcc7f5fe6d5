"""The manifest and its consultation through the gateway: a manifest's
whole life (draft, statements, consultation, two rounds with views of the
three employees and the members from several departments, some anonymous,
a revision caused by views, support per department with the small one
withheld, comments, closing, adoption, a second manifest superseding the
first, an adopted one refused every change, behaviour agreements); the
anonymity of views (no answer links an objection to a person: no person
id, no time, comments not in the order given); tenant isolation; bad input.

Statements need core values of the programme, made with
make_programme_value through POST /programmes/{id}/values (the values
part, built beside this one): until that part is in the build the tests
that need one are skipped, saying so. The settings are the tenant's: the
test that lowers minGroupSize puts it back."""

import json
import unittest

from koers_bb import ENV, request, uniq
from programmes.programmes_bb import GAPI, ProgrammesCase, skip_unless_programmes

NO_SUCH = "00000000-0000-4000-8000-00000000abcd"


def call(method, path, body=None, token=None, headers=None):
    return request(method, GAPI + path, body, cred=token or ENV["GTOKEN_A"], headers=headers)


@skip_unless_programmes
class ManifestDraftTest(ProgrammesCase):
    """What works without core values: drafts, their rules, bad input,
    another tenant."""

    def test_settings_are_read_and_set_by_leads(self):
        doc = self.gget("/settings")
        self.assertTrue(1 <= doc["minGroupSize"] <= 1000)
        self.assertStatus(request("GET", GAPI + "/settings", cred=ENV["GKEY_A_READ"]), 200)
        self.assertInvalidParam(self.assertProblem(call("PUT", "/settings", {"minGroupSize": 0}), 422),
                                "minGroupSize")
        self.assertProblem(call("PUT", "/settings", {"minGroupSize": 5}, ENV["GTOKEN_A_EMP1"]), 403)
        self.assertProblem(call("PUT", "/settings", {"minGroupSize": 5}, ENV["GTOKEN_A_MEMBER"]), 403)

    def test_a_draft_is_changed_and_deleted_but_not_moved_empty(self):
        p = self.make_programme()
        m = self.make_manifest(p["id"], title="Manifest cultuurvernieuwing", preamble="Samen")
        self.assertEqual((m["number"], m["status"], m["statementCount"], m["version"]), (1, "draft", 0, 1))
        # one draft or consultation per programme
        self.assertProblem(call("POST", "/programmes/%s/manifests" % p["id"], {"title": "Twee"}), 409)
        r = call("PATCH", "/manifests/" + m["id"], {"title": "Nieuw"}, headers={"If-Match": '"1"'})
        self.assertEqual((r.status, r.json["title"], r.header("etag")), (200, "Nieuw", '"2"'))
        self.assertProblem(call("PATCH", "/manifests/" + m["id"], {"programmeId": NO_SUCH}), 422)
        # a consultation needs a statement; superseded is never asked for
        doc = self.assertProblem(call("POST", "/manifests/%s/transitions" % m["id"], {"to": "consultation"}), 409)
        self.assertIn("statement", doc["detail"])
        doc = self.assertProblem(call("POST", "/manifests/%s/transitions" % m["id"], {"to": "adopted"}), 409)
        self.assertEqual(doc["allowedTransitions"], ["consultation"])
        # rounds only in consultation
        self.assertProblem(call("POST", "/manifests/%s/rounds" % m["id"], {}), 409)
        # listed under its programme, read by employees too
        items = self.gget("/programmes/%s/manifests" % p["id"])["items"]
        self.assertEqual([x["id"] for x in items], [m["id"]])
        self.assertStatus(call("GET", "/manifests/" + m["id"], token=ENV["GTOKEN_A_EMP1"]), 200)
        self.assertStatus(call("DELETE", "/manifests/" + m["id"]), 204)
        self.assertProblem(call("GET", "/manifests/" + m["id"]), 404)
        self.assertEqual(self.make_manifest(p["id"])["number"], 1)

    def test_bad_input(self):
        p = self.make_programme()
        m = self.make_manifest(p["id"])
        self.assertInvalidParam(self.assertProblem(call("POST", "/programmes/%s/manifests" % p["id"], {}), 422),
                                "title")
        self.assertInvalidParam(self.assertProblem(call("POST", "/programmes/%s/manifests" % p["id"],
                                                        {"title": "x", "colour": "red"}), 422), "colour")
        self.assertProblem(call("POST", "/programmes/not-a-uuid/manifests", {"title": "x"}), 400)
        self.assertProblem(call("POST", "/programmes/%s/manifests" % NO_SUCH, {"title": "x"}), 404)
        self.assertProblem(call("GET", "/manifests/not-a-uuid"), 400)
        doc = self.assertProblem(call("POST", "/manifests/%s/statements" % m["id"], {"programmeValueId": NO_SUCH}),
                                 422)
        self.assertInvalidParam(doc, "text")
        doc = self.assertProblem(call("POST", "/manifests/%s/statements" % m["id"],
                                      {"programmeValueId": NO_SUCH, "text": "Ik luister."}), 422)
        self.assertInvalidParam(doc, "programmeValueId")
        self.assertProblem(call("POST", "/manifests/%s/transitions" % m["id"], {"to": "published"}), 422)
        self.assertProblem(call("GET", "/manifests/%s/support?round=0" % m["id"]), 400, )
        self.assertProblem(call("GET", "/manifests/%s/support?by=team" % m["id"]), 400)
        self.assertProblem(call("GET", "/manifests/%s/support?round=3" % m["id"]), 422)
        self.assertProblem(call("GET", "/manifests/%s/comments?by=department" % m["id"]), 400)
        self.assertProblem(call("PUT", "/consultation-rounds/%s/statements/%s/view" % (NO_SUCH, NO_SUCH),
                                {"stance": "object", "department": "ICT", "anonymous": True},
                                ENV["GTOKEN_A_EMP1"]), 422)
        self.assertProblem(call("PUT", "/consultation-rounds/%s/statements/%s/view" % (NO_SUCH, NO_SUCH),
                                {"stance": "meh", "department": "ICT", "anonymous": True},
                                ENV["GTOKEN_A_EMP1"]), 422)
        self.assertProblem(call("PUT", "/consultation-rounds/%s/statements/%s/view" % (NO_SUCH, NO_SUCH),
                                {"stance": "support", "department": "ICT", "anonymous": True},
                                ENV["GTOKEN_A_EMP1"]), 404)
        # behaviour agreements need an adopted manifest of the programme
        doc = self.assertProblem(call("POST", "/behaviour-agreements",
                                      {"programmeId": p["id"], "manifestId": m["id"], "team": "Team A"}), 422)
        self.assertInvalidParam(doc, "manifestId")

    def test_who_may_write(self):
        p = self.make_programme()
        self.assertProblem(call("POST", "/programmes/%s/manifests" % p["id"], {"title": "x"},
                                ENV["GTOKEN_A_EMP1"]), 403)
        self.assertProblem(call("POST", "/programmes/%s/manifests" % p["id"], {"title": "x"},
                                ENV["GTOKEN_A_MEMBER"]), 403)
        m = self.make_manifest(p["id"], token=ENV["GTOKEN_A_LEAD"])
        self.assertProblem(call("DELETE", "/manifests/" + m["id"], token=ENV["GTOKEN_A_EMP1"]), 403)
        # support and comments are the programme's, not every employee's
        self.assertProblem(call("GET", "/manifests/%s/support" % m["id"], token=ENV["GTOKEN_A_EMP1"]), 403)
        self.assertProblem(call("GET", "/manifests/%s/comments" % m["id"], token=ENV["GTOKEN_A_EMP1"]), 403)

    def test_tenant_b_sees_nothing(self):
        p = self.make_programme()
        m = self.make_manifest(p["id"])
        b = ENV["GTOKEN_B"]
        self.assertProblem(call("GET", "/manifests/" + m["id"], token=b), 404)
        self.assertProblem(call("GET", "/programmes/%s/manifests" % p["id"], token=b), 404)
        self.assertProblem(call("POST", "/programmes/%s/manifests" % p["id"], {"title": "x"}, b), 404)
        self.assertProblem(call("PATCH", "/manifests/" + m["id"], {"title": "x"}, b), 404)
        self.assertProblem(call("DELETE", "/manifests/" + m["id"], token=b), 404)
        self.assertProblem(call("POST", "/manifests/%s/transitions" % m["id"], {"to": "consultation"}, b), 404)
        self.assertProblem(call("GET", "/manifests/%s/statements" % m["id"], token=b), 404)
        self.assertProblem(call("POST", "/manifests/%s/rounds" % m["id"], {}, b), 404)
        self.assertProblem(call("GET", "/manifests/%s/rounds" % m["id"], token=b), 404)
        self.assertProblem(call("GET", "/manifests/%s/support" % m["id"], token=b), 404)
        self.assertProblem(call("GET", "/manifests/%s/comments" % m["id"], token=b), 404)
        self.assertStatus(call("GET", "/manifests/" + m["id"]), 200)


@skip_unless_programmes
class ManifestLifeTest(ProgrammesCase):
    """The whole life, with core values of the programme (the values part)."""

    def setUp(self):
        super().setUp()
        before = self.gget("/settings")["minGroupSize"]
        self.addCleanup(lambda: call("PUT", "/settings", {"minGroupSize": before}))
        self.gok(call("PUT", "/settings", {"minGroupSize": 2}), 200)
        # the members are people (named views); they sign in as such
        self.anna = self.make_person(userSub="prog-member-a", name="Anna de Vries")
        self.make_person(userSub="prog-member2-a", name="Bram Jansen")

    def statement(self, manifest_id, value_id, text, **kw):
        body = dict(kw, programmeValueId=value_id, text=text)
        return self.gpost("/manifests/%s/statements" % manifest_id, body)

    def test_the_whole_life_of_a_manifest(self):
        p = self.make_programme()
        pid = p["id"]
        v1 = self.make_programme_value(pid)
        v2 = self.make_programme_value(pid)
        m = self.make_manifest(pid, title="Manifest cultuurvernieuwing")
        s1 = self.statement(m["id"], v1["id"], "Ik bel een inwoner dezelfde dag terug.")
        s2 = self.statement(m["id"], v2["id"], "Ik kom mijn afspraken na.")
        s0 = self.statement(m["id"], v2["id"], "Ik zeg het als iets niet lukt.", position=1)
        items = self.gget("/manifests/%s/statements" % m["id"])["items"]
        self.assertEqual([x["id"] for x in items], [s0["id"], s1["id"], s2["id"]])
        self.assertEqual([x["position"] for x in items], [1, 2, 3])
        # a draft's change: no revision; delete closes the gap
        r = call("PATCH", "/manifest-statements/" + s2["id"], {"text": "Ik kom afspraken na."})
        self.assertEqual((r.status, r.json["revision"]), (200, 1))
        self.assertStatus(call("DELETE", "/manifest-statements/" + s0["id"]), 204)
        self.assertEqual([x["position"] for x in self.gget("/manifests/%s/statements" % m["id"])["items"]], [1, 2])

        self.gok(call("POST", "/manifests/%s/transitions" % m["id"], {"to": "consultation"}), 200)
        self.assertProblem(call("DELETE", "/manifest-statements/" + s2["id"]), 409)
        r1 = self.gpost("/manifests/%s/rounds" % m["id"], {})
        self.assertEqual((r1["number"], r1["status"]), (1, "open"))
        self.assertNotIn("salt", r1)

        # round 1: Burgerzaken 3 (EMP1, EMP2, MEMBER named), ICT 2 (EMP3,
        # MEMBER2), Financien 1 (LEAD); objections given in the order c, a, b
        views = [
            (ENV["GTOKEN_A_EMP1"], "object", "c: te streng voor de balie", "Burgerzaken", True),
            (ENV["GTOKEN_A_EMP2"], "support", None, "Burgerzaken", True),
            (ENV["GTOKEN_A_MEMBER"], "object", "a: dezelfde dag is niet haalbaar", "Burgerzaken", False),
            (ENV["GTOKEN_A_EMP3"], "support_with_remark", "b: binnen twee dagen", "ICT", True),
            (ENV["GTOKEN_A_MEMBER2"], "support", None, "ICT", True),
            (ENV["GTOKEN_A_LEAD"], "object", "d: niet voor ons", "Financien", True),
        ]
        for token, stance, reason, dept, anon in views:
            r = self.give_view(r1["id"], s1["id"], token, stance, dept, anon, reason)
            self.assertStatus(r, 201)
            self.assertNotIn("id", r.json)
            self.assertNotIn("personId", r.json)
        # a change of mind: the same view, 200
        r = self.give_view(r1["id"], s1["id"], ENV["GTOKEN_A_EMP2"], "support", "Burgerzaken", True)
        self.assertStatus(r, 200)
        # an objection needs a reason
        self.assertProblem(self.give_view(r1["id"], s2["id"], ENV["GTOKEN_A_EMP1"], "object"), 422)

        sup = self.gget("/manifests/%s/support?round=1" % m["id"])
        f = next(x for x in sup["items"] if x["statementId"] == s1["id"])
        self.assertEqual((f["views"], f["support"], f["supportWithRemark"], f["object"]), (6, 2, 1, 3))
        self.assertEqual(f["supportShare"], 0.5)
        sup = self.gget("/manifests/%s/support?round=1&by=department" % m["id"])
        by = {x["department"]: x for x in sup["items"] if x["statementId"] == s1["id"]}
        self.assertEqual((by["Burgerzaken"]["views"], by["Burgerzaken"]["object"]), (3, 2))
        self.assertEqual((by["ICT"]["views"], by["ICT"]["withheld"]), (2, False))
        self.assertEqual(by["Financien"], {"statementId": s1["id"], "round": 1, "department": "Financien",
                                           "withheld": True})
        # readers with the key see them too
        self.assertStatus(request("GET", GAPI + "/manifests/%s/support" % m["id"], cred=ENV["GKEY_A_READ"]), 200)

        com = self.gget("/manifests/%s/comments?round=1" % m["id"])["items"]
        self.assertEqual([c["reason"][0] for c in com], ["a", "c", "d", "b"])  # stance, then reason
        named = [c for c in com if c["person"] is not None]
        self.assertEqual([(c["reason"][0], c["person"]) for c in named], [("a", "Anna de Vries")])
        self.assertIsNone(next(c for c in com if c["reason"].startswith("d"))["department"])
        objection = next(c for c in com if c["reason"].startswith("c"))

        # nothing in any answer leads back to a person of an anonymous view
        texts = json.dumps([sup, com, self.gget("/manifests/%s/rounds" % m["id"])])
        for secret in ("prog-emp1-a", "prog-emp2-a", "prog-emp3-a", self.anna["id"], "createdAt", "givenAt"):
            self.assertNotIn(secret, texts)

        self.assertProblem(call("POST", "/manifests/%s/transitions" % m["id"], {"to": "adopted"}), 409)
        closed = self.gpost("/consultation-rounds/%s/close" % r1["id"], {}, status=200)
        self.assertEqual(closed["status"], "closed")
        self.assertProblem(self.give_view(r1["id"], s1["id"], ENV["GTOKEN_A_EMP1"]), 409)
        self.assertProblem(call("POST", "/consultation-rounds/%s/close" % r1["id"], {}), 409)

        # a revision caused by the objection
        doc = self.assertProblem(call("PATCH", "/manifest-statements/" + s1["id"],
                                      {"text": "Ik bel binnen twee dagen terug."}), 422)
        self.assertInvalidParam(doc, "reason")
        r = call("PATCH", "/manifest-statements/" + s1["id"],
                 {"text": "Ik bel binnen twee dagen terug.", "reason": "Bezwaren uit ronde 1",
                  "viewIds": [objection["viewId"]]})
        self.assertEqual((r.status, r.json["revision"]), (200, 2))
        revs = self.gget("/manifest-statements/%s/revisions" % s1["id"])["items"]
        self.assertEqual([x["revision"] for x in revs], [1, 2])
        self.assertEqual(revs[1]["viewIds"], [objection["viewId"]])
        self.assertEqual(revs[1]["views"][0]["reason"], objection["reason"])

        # round 2: the employees again
        r2 = self.gpost("/manifests/%s/rounds" % m["id"], {})
        self.assertEqual(r2["number"], 2)
        for token in (ENV["GTOKEN_A_EMP1"], ENV["GTOKEN_A_EMP2"]):
            self.assertStatus(self.give_view(r2["id"], s1["id"], token), 201)
        self.gpost("/consultation-rounds/%s/close" % r2["id"], {}, status=200)
        f = next(x for x in self.gget("/manifests/%s/support?round=2" % m["id"])["items"]
                 if x["statementId"] == s1["id"])
        self.assertEqual((f["views"], f["supportShare"]), (2, 1.0))

        adopted = self.gok(call("POST", "/manifests/%s/transitions" % m["id"], {"to": "adopted"}), 200)
        self.assertEqual(adopted["status"], "adopted")
        self.assertProblem(call("PATCH", "/manifest-statements/" + s1["id"], {"text": "x", "reason": "y"}), 409)
        self.assertProblem(call("PATCH", "/manifests/" + m["id"], {"title": "x"}), 409)
        self.assertProblem(call("DELETE", "/manifests/" + m["id"]), 409)
        self.assertProblem(call("POST", "/manifests/%s/statements" % m["id"],
                                {"programmeValueId": v1["id"], "text": "x"}), 409)

        # behaviour agreements from the adopted manifest
        ag = self.gpost("/behaviour-agreements", {"programmeId": pid, "manifestId": m["id"], "team": "Publiekszaken",
                                                  "statementIds": [s1["id"]],
                                                  "agreements": ["We bellen binnen twee dagen terug."]})
        self.assertEqual(ag["statementIds"], [s1["id"]])
        doc = self.assertProblem(call("POST", "/behaviour-agreements",
                                      {"programmeId": pid, "manifestId": m["id"], "team": "X",
                                       "statementIds": [NO_SUCH]}), 422)
        self.assertInvalidParam(doc, "statementIds[0]")
        self.assertProblem(call("GET", "/behaviour-agreements/" + ag["id"], token=ENV["GTOKEN_B"]), 404)

        # a second manifest based on the first supersedes it when adopted
        m2 = self.make_manifest(pid, basedOnId=m["id"])
        self.assertEqual((m2["number"], m2["statementCount"], m2["basedOnId"]), (2, 2, m["id"]))
        self.gok(call("POST", "/manifests/%s/transitions" % m2["id"], {"to": "consultation"}), 200)
        self.gok(call("POST", "/manifests/%s/transitions" % m2["id"], {"to": "adopted"}), 200)
        first = self.gget("/manifests/" + m["id"])
        self.assertEqual((first["status"], first["supersededBy"]), ("superseded", m2["id"]))
        self.assertProblem(call("POST", "/manifests/%s/transitions" % m["id"], {"to": "adopted"}), 409)


if __name__ == "__main__":
    unittest.main()
