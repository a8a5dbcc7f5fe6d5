"""Core values and example behaviour, through the gateway: a core value
created in the surveys service shows in the programmes' value catalogue
(its events feed the copy) and becomes a programme value from the
catalogue; a value from a closed survey's results (the candidate values)
and one promoted in a brainstorm session become programme values with
where they came from; a group member writes example behaviour for their
group, a non-member is refused; another tenant sees none of it; bad input
is named."""

import unittest
import uuid

from koers_bb import ENV, request, uniq
from processes.processes_bb import poll
from programmes.programmes_bb import GAPI, ProgrammesCase, skip_unless_programmes
from surveys.surveys_bb import SAPI, SurveysCase, surveys_running

WAIT_S = 30


@skip_unless_programmes
@unittest.skipUnless(surveys_running(), "the surveys service is not running (not built)")
class CoreValuesAndExampleBehaviour(ProgrammesCase, SurveysCase):
    # ---- fixtures ----------------------------------------------------------
    def catalogue(self, cred=None):
        return self.walk_all("/value-catalogue?limit=100", cred)[0]

    def in_catalogue(self, value_id, active=True):
        """The catalogue item of value_id once it shows (bounded wait)."""
        def find():
            return next((v for v in self.catalogue() if v["valueId"] == value_id), None)
        item = poll(find, lambda v: v is not None and v["active"] == active, WAIT_S)
        self.assertIsNotNone(item, "value %s did not reach the catalogue in %d s" % (value_id, WAIT_S))
        self.assertEqual(item["active"], active, item)
        return item

    def add_value(self, pid, body, token=None, status=201):
        r = request("POST", GAPI + "/programmes/%s/values" % pid, body, cred=token or ENV["GTOKEN_A"])
        if status != 201:
            return self.assertProblem(r, status)
        self.assertStatus(r, 201)
        return r.json

    def closed_survey_value(self, pid_survey_ids=None):
        """A survey with one value question answered by six employees, all
        picking the same new core value, closed. (survey, value)."""
        value = self.make_value(name=uniq("Openheid"))
        s = self.make_survey(audiences=["employees"])
        q = self.add_question(s["id"], type="value_selection", text="Welke waarde?", options={"pick": 1})
        self.open_survey(s["id"])
        for tok in self.invite(s["id"], "employees", 6):
            self.submit_ok(tok, [{"questionId": q["id"], "valueIds": [value["id"]]}])
        self.assertEqual(self.close_survey(s["id"])["status"], "closed")
        return s, value

    def promoted_value(self):
        """A brainstorm session whose value item was promoted: (session, core value id, name)."""
        r = request("POST", SAPI + "/brainstorm-sessions",
                    {"title": uniq("Sessie"), "heldOn": "2026-11-20", "groupName": "Werkgroep",
                     "facilitator": "Begeleider"}, cred=ENV["STOKEN_A"])
        self.assertStatus(r, 201)
        session = r.json
        name = uniq("Samen")
        r = request("POST", SAPI + "/brainstorm-sessions/%s/items" % session["id"],
                    {"kind": "value", "text": name, "tags": []}, cred=ENV["STOKEN_A"])
        self.assertStatus(r, 201)
        r = request("POST", SAPI + "/brainstorm-sessions/%s/items/%s/promote" % (session["id"], r.json["id"]),
                    cred=ENV["STOKEN_A"])
        self.assertStatus(r, 201)
        return session, r.json["coreValueId"], name

    # ---- the catalogue -----------------------------------------------------
    def test_a_core_value_of_the_surveys_service_becomes_a_programme_value(self):
        value = self.make_value(name=uniq("Vertrouwen"))
        item = self.in_catalogue(value["id"])
        self.assertEqual(item["name"], value["name"])
        p = self.make_programme()
        pv = self.add_value(p["id"], {"valueId": value["id"], "source": "catalogue"}, ENV["GTOKEN_A_LEAD"])
        self.assertEqual((pv["programmeId"], pv["valueId"], pv["name"], pv["source"], pv["sourceRef"],
                          pv["position"], pv["version"]),
                         (p["id"], value["id"], value["name"], "catalogue", None, 1, 1))
        # once per programme
        self.add_value(p["id"], {"valueId": value["id"], "source": "catalogue"}, status=409)
        # listed, read, moved
        listed = self.gget("/programmes/%s/values" % p["id"], ENV["GKEY_A_READ"])["items"]
        self.assertEqual([v["id"] for v in listed], [pv["id"]])
        self.assertEqual(self.gget("/programme-values/" + pv["id"], ENV["GTOKEN_A_MEMBER"])["name"], value["name"])
        r = request("PATCH", GAPI + "/programme-values/" + pv["id"], {"position": 4}, cred=ENV["GTOKEN_A"],
                    headers={"If-Match": '"1"'})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["position"], 4)
        self.assertProblem(request("PATCH", GAPI + "/programme-values/" + pv["id"], {"name": "Anders"},
                                   cred=ENV["GTOKEN_A"]), 422)
        # a member does not add values
        other = self.make_value(name=uniq("Moed"))
        self.in_catalogue(other["id"])
        self.add_value(p["id"], {"valueId": other["id"], "source": "catalogue"}, ENV["GTOKEN_A_MEMBER"],
                       status=403)
        # renamed in the surveys service: the catalogue follows
        new_name = uniq("Vertrouwen geven")
        r = request("PATCH", SAPI + "/core-values/" + value["id"], {"name": new_name}, cred=ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        renamed = poll(lambda: next(v for v in self.catalogue() if v["valueId"] == value["id"]),
                       lambda v: v["name"] == new_name, WAIT_S)
        self.assertEqual(renamed["name"], new_name)

    def test_a_value_from_a_closed_survey_and_one_from_a_brainstorm(self):
        s, value = self.closed_survey_value()
        p = self.make_programme(surveyIds=[s["id"]])
        poll(lambda: self.gget("/programmes/%s/candidate-values" % p["id"])["items"], lambda i: len(i) > 0,
             WAIT_S)
        pv = self.add_value(p["id"], {"valueId": value["id"], "source": "survey", "sourceRef": s["id"]})
        self.assertEqual((pv["source"], pv["sourceRef"], pv["name"]), ("survey", s["id"], value["name"]))
        # a survey not linked to the programme; a value not among its results
        unlinked = self.make_programme()
        self.add_value(unlinked["id"], {"valueId": value["id"], "source": "survey", "sourceRef": s["id"]},
                       status=422)
        stranger = self.make_value(name=uniq("Vreemd"))
        self.add_value(p["id"], {"valueId": stranger["id"], "source": "survey", "sourceRef": s["id"]},
                       status=422)
        # the brainstorm session that promoted it
        session, value_id, name = self.promoted_value()
        self.in_catalogue(value_id)
        self.add_value(p["id"], {"valueId": value_id, "source": "brainstorm", "sourceRef": str(uuid.uuid4())},
                       status=422)
        # the promotion reaches programmes with the surveys' events: the
        # catalogue item (one event) may show before the session's promotion
        # (the next one) is taken in, so the first tries may still be refused
        body = {"valueId": value_id, "source": "brainstorm", "sourceRef": session["id"]}
        r = poll(lambda: request("POST", GAPI + "/programmes/%s/values" % p["id"], body, cred=ENV["GTOKEN_A"]),
                 lambda r: r.status != 422, WAIT_S)
        self.assertStatus(r, 201)
        pb = r.json
        self.assertEqual((pb["source"], pb["sourceRef"], pb["name"], pb["position"]),
                         ("brainstorm", session["id"], name, 2))
        self.add_value(p["id"], {"valueId": value_id, "source": "brainstorm"}, status=422)

    # ---- example behaviour ---------------------------------------------------
    def test_a_group_member_writes_example_behaviour_for_a_value(self):
        value = self.make_value(name=uniq("Gelijkwaardig"))
        self.in_catalogue(value["id"])
        p = self.make_programme()
        pv = self.add_value(p["id"], {"valueId": value["id"], "source": "catalogue"})
        group = self.make_group(p["id"], "working")
        other_group = self.make_group(p["id"], "working")
        person = self.make_person(userSub="prog-member-a")
        self.add_member(group["id"], person["id"])
        statement = "Ik bel een inwoner dezelfde dag terug."
        eb = self.gpost("/example-behaviours", {"programmeValueId": pv["id"], "statement": statement,
                                                "groupId": group["id"]}, ENV["GTOKEN_A_MEMBER"])
        self.assertEqual((eb["programmeId"], eb["programmeValueId"], eb["statement"], eb["groupId"],
                          eb["workshopId"], eb["createdBy"]),
                         (p["id"], pv["id"], statement, group["id"], None, "prog-member-a"))
        # a member of another group, or without a group: refused
        self.assertProblem(request("POST", GAPI + "/example-behaviours",
                                   {"programmeValueId": pv["id"], "statement": "X", "groupId": other_group["id"]},
                                   cred=ENV["GTOKEN_A_MEMBER"]), 403)
        self.assertProblem(request("POST", GAPI + "/example-behaviours",
                                   {"programmeValueId": pv["id"], "statement": "X"},
                                   cred=ENV["GTOKEN_A_MEMBER"]), 403)
        self.assertProblem(request("PATCH", GAPI + "/example-behaviours/" + eb["id"], {"statement": "Y"},
                                   cred=ENV["GTOKEN_A_MEMBER2"]), 403)
        # listed per value; the member changes their group's
        items = self.gget("/example-behaviours?programmeValueId=" + pv["id"])["items"]
        self.assertEqual([i["id"] for i in items], [eb["id"]])
        r = request("PATCH", GAPI + "/example-behaviours/" + eb["id"], {"statement": "Ik bel binnen een dag."},
                    cred=ENV["GTOKEN_A_MEMBER"])
        self.assertStatus(r, 200)
        # the value is kept while behaviour names it
        self.assertProblem(request("DELETE", GAPI + "/programme-values/" + pv["id"], cred=ENV["GTOKEN_A"]), 409)
        self.assertStatus(request("DELETE", GAPI + "/example-behaviours/" + eb["id"], cred=ENV["GTOKEN_A_MEMBER"]),
                          204)
        self.assertStatus(request("DELETE", GAPI + "/programme-values/" + pv["id"], cred=ENV["GTOKEN_A"]), 204)

    def test_bad_input_and_tenant_isolation(self):
        value = self.make_value(name=uniq("Eerlijk"))
        self.in_catalogue(value["id"])
        p = self.make_programme()
        pv = self.add_value(p["id"], {"valueId": value["id"], "source": "catalogue"})
        # bad input, each field named
        for body, field in (({"source": "catalogue"}, "valueId"),
                            ({"valueId": "nope", "source": "catalogue"}, "valueId"),
                            ({"valueId": value["id"], "source": "gevoel"}, "source"),
                            ({"valueId": str(uuid.uuid4()), "source": "catalogue"}, "valueId"),
                            ({"valueId": value["id"], "source": "catalogue", "sourceRef": str(uuid.uuid4())},
                             "sourceRef"),
                            ({"valueId": value["id"], "source": "catalogue", "position": 0}, "position")):
            r = request("POST", GAPI + "/programmes/%s/values" % p["id"], body, cred=ENV["GTOKEN_A"])
            self.assertProblem(r, 422)
            self.assertIn(field, [f["name"] for f in r.json.get("invalidParams", [])], r.json)
        for body, field in (({"programmeValueId": pv["id"], "statement": ""}, "statement"),
                            ({"programmeValueId": pv["id"], "statement": "x" * 1001}, "statement"),
                            ({"programmeValueId": str(uuid.uuid4()), "statement": "X"}, "programmeValueId"),
                            ({"programmeValueId": pv["id"], "statement": "X", "workshopId": str(uuid.uuid4())},
                             "workshopId"),
                            ({"programmeValueId": pv["id"], "statement": "X", "groupId": str(uuid.uuid4())},
                             "groupId")):
            r = request("POST", GAPI + "/example-behaviours", body, cred=ENV["GTOKEN_A"])
            self.assertProblem(r, 422)
            self.assertIn(field, [f["name"] for f in r.json.get("invalidParams", [])], r.json)
        self.assertProblem(request("GET", GAPI + "/programme-values/nope", cred=ENV["GTOKEN_A"]), 400)
        self.assertProblem(request("GET", GAPI + "/value-catalogue?active=maybe", cred=ENV["GTOKEN_A"]), 400)
        self.assertProblem(request("GET", GAPI + "/programmes/%s/values" % uuid.uuid4(), cred=ENV["GTOKEN_A"]),
                           404)
        # tenant B sees none of tenant A's
        b = ENV["GTOKEN_B"]
        self.assertNotIn(value["id"], [v["valueId"] for v in self.catalogue(b)])
        self.assertProblem(request("GET", GAPI + "/programmes/%s/values" % p["id"], cred=b), 404)
        self.assertProblem(request("GET", GAPI + "/programme-values/" + pv["id"], cred=b), 404)
        self.assertProblem(request("PATCH", GAPI + "/programme-values/" + pv["id"], {"position": 2}, cred=b), 404)
        self.assertProblem(request("DELETE", GAPI + "/programme-values/" + pv["id"], cred=b), 404)
        self.assertProblem(request("POST", GAPI + "/programmes/%s/values" % p["id"],
                                   {"valueId": value["id"], "source": "catalogue"}, cred=b), 404)
        self.assertProblem(request("POST", GAPI + "/example-behaviours",
                                   {"programmeValueId": pv["id"], "statement": "X"}, cred=b), 422)
        self.assertEqual(self.gget("/example-behaviours?programmeId=" + p["id"], b)["items"], [])
        self.assertProblem(request("GET", GAPI + "/value-catalogue"), 401)


if __name__ == "__main__":
    unittest.main()
