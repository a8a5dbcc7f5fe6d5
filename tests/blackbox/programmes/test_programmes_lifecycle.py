"""Programmes and their approach through the gateway: a programme copied
from each shipped template (the seed-000 approach's phases and steps), its
own approach, approach version 1, the status table (an illegal move is 409
naming the allowed ones), a step refused without its checkpoint, bad input
of each kind, tenant isolation and who may do what."""

from koers_bb import ENV, RedisSubscriber, request, uniq
from programmes.programmes_bb import GAPI, ProgrammesCase, skip_unless_programmes

SEED_000 = [
    ("Start and course", ["Kick-off with steering and project group", "Work out the course"]),
    ("Building blocks", ["Working groups compose themselves", "Work out the building blocks",
                         "Project group adopts the improvement proposals"]),
    ("Plan of action and next steps", ["Plan of action", "Next steps"]),
]


@skip_unless_programmes
class ProgrammeLifecycleTest(ProgrammesCase):
    def test_the_shipped_templates(self):
        items = self.gget("/approach-templates")["items"]
        shipped = [t for t in items if t["builtIn"]]
        self.assertEqual([t["key"] for t in shipped], ["three-phases", "connected-municipality", "expedition"])
        self.assertTrue(shipped[2]["openEnded"])
        # read with the API key too; a shipped one cannot change
        one = self.gget("/approach-templates/" + shipped[0]["id"], ENV["GKEY_A_READ"])
        self.assertEqual(one["key"], "three-phases")
        r = request("PATCH", GAPI + "/approach-templates/" + shipped[0]["id"], {"name": "Mijn"}, cred=ENV["GTOKEN_A"])
        self.assertProblem(r, 403)
        self.assertProblem(request("DELETE", GAPI + "/approach-templates/" + shipped[0]["id"], cred=ENV["GTOKEN_A"]), 403)

    def test_a_programme_from_each_template(self):
        for key, phases in (("three-phases", 3), ("connected-municipality", 5), ("expedition", 1)):
            p = self.make_programme(key, organisationUnits=["Dinkelland", "Tubbergen"], facilitator="Cyber")
            self.assertEqual((p["status"], p["approachVersion"]), ("draft", 1))
            self.assertEqual(p["templateId"], self.template_id(key))
            self.assertEqual(p["organisationUnits"], ["Dinkelland", "Tubbergen"])
            a = self.approach(p["id"])
            self.assertEqual((a["programmeId"], a["version"], len(a["phases"])), (p["id"], 1, phases))
            versions = self.gget("/programmes/%s/approach/versions" % p["id"])["items"]
            self.assertEqual([v["number"] for v in versions], [1])
            self.assertTrue(versions[0]["reason"].startswith("copied from template "))
            self.assertIsNone(versions[0]["checkpointId"])
            v1 = self.gget("/programmes/%s/approach/versions/1" % p["id"])
            self.assertEqual([ph["id"] for ph in v1["phases"]], [ph["id"] for ph in a["phases"]])

    def test_the_seed_000_approach(self):
        p = self.make_programme("three-phases", name="Houden wat goed is, verbeteren wat nodig is")
        a = self.approach(p["id"])
        self.assertEqual([(ph["name"], [s["name"] for s in ph["steps"]]) for ph in a["phases"]], SEED_000)
        self.assertEqual([ph["position"] for ph in a["phases"]], [1, 2, 3])
        step = a["phases"][0]["steps"][0]
        self.assertEqual((step["status"], step["position"], step["kind"], step["checkpointId"]),
                         ("planned", 1, "work", None))

    def test_a_programme_with_its_own_approach(self):
        phases = [{"name": "Expeditie", "steps": [{"name": "Groepssessie", "kind": "group_session",
                                                    "startsOn": "2026-02-01", "dueOn": "2026-03-01"}]}]
        p = self.make_programme(None, phases=phases, startsOn="2026-01-01", endsOn="2026-12-31")
        self.assertIsNone(p["templateId"])
        step = self.approach(p["id"])["phases"][0]["steps"][0]
        self.assertEqual((step["name"], step["kind"], step["startsOn"], step["dueOn"]),
                         ("Groepssessie", "group_session", "2026-02-01", "2026-03-01"))
        v = self.gget("/programmes/%s/approach/versions" % p["id"])["items"][0]
        self.assertEqual(v["reason"], "the programme's own approach")
        # once per Idempotency-Key
        key = uniq("key")
        body = {"name": uniq("eigen"), "phases": phases}
        r1 = request("POST", GAPI + "/programmes", body, cred=ENV["GTOKEN_A"], headers={"Idempotency-Key": key})
        r2 = request("POST", GAPI + "/programmes", body, cred=ENV["GTOKEN_A"], headers={"Idempotency-Key": key})
        self.assertEqual((r1.status, r2.status), (201, 201))
        self.assertEqual(r1.json["id"], r2.json["id"])
        self.assertEqual(r2.header("idempotent-replayed"), "true")

    def test_the_status_table(self):
        p = self.make_programme()
        sub = RedisSubscriber("koers.programmes.*")
        try:
            doc = self.assertProblem(self.move(p["id"], "completed"), 409)
            self.assertEqual(doc["allowedTransitions"], ["running", "stopped"])
            r = self.move(p["id"], "running", headers={"If-Match": '"7"'})
            self.assertProblem(r, 412)
            r = self.move(p["id"], "running", headers={"If-Match": '"1"'})
            self.assertStatus(r, 200)
            self.assertEqual((r.json["status"], r.header("etag")), ("running", '"2"'))
            # stopping needs a reason
            self.assertInvalidParam(self.assertProblem(self.move(p["id"], "stopped"), 422), "reason")
            r = self.move(p["id"], "stopped", reason="De raad trekt het budget in")
            self.assertEqual((r.json["status"], r.json["statusReason"]), ("stopped", "De raad trekt het budget in"))
            doc = self.assertProblem(self.move(p["id"], "running"), 409)
            self.assertEqual(doc["allowedTransitions"], [])
            events = [e for _, _, e in sub.collect(
                lambda e: e["type"] == "programme.status.changed" and e["subject"] == p["id"], 2)]
            self.assertEqual([(e["data"]["from"], e["data"]["to"]) for e in events],
                             [("draft", "running"), ("running", "stopped")])
            self.assertEqual(set(events[0]["data"]), {"id", "from", "to"})
        finally:
            sub.close()
        kinds = [i["kind"] for i in self.gget("/programmes/%s/timeline" % p["id"])["items"]]
        self.assertEqual(kinds, ["approach_version", "status_changed", "status_changed"])
        # only a draft is deleted
        self.assertProblem(request("DELETE", GAPI + "/programmes/" + p["id"], cred=ENV["GTOKEN_A"]), 409)
        draft = self.make_programme()
        self.assertStatus(request("DELETE", GAPI + "/programmes/" + draft["id"], cred=ENV["GTOKEN_A"]), 204)
        self.assertProblem(request("GET", GAPI + "/programmes/" + draft["id"], cred=ENV["GTOKEN_A"]), 404)
        # the status filter
        running = [x["id"] for x in self.walk_all("/programmes?status=stopped")[0]]
        self.assertIn(p["id"], running)

    def test_a_step_is_refused_without_its_checkpoint(self):
        p = self.make_programme()
        step = self.approach(p["id"])["phases"][0]["steps"][0]
        path = GAPI + "/programmes/%s/steps/%s/transitions" % (p["id"], step["id"])
        # not while the programme is a draft
        self.assertProblem(request("POST", path, {"to": "active"}, cred=ENV["GTOKEN_A"]), 409)
        self.assertStatus(self.move(p["id"], "running"), 200)
        r = request("POST", path, {"to": "active"}, cred=ENV["GTOKEN_A_LEAD"])
        self.assertStatus(r, 200)
        self.assertEqual((r.json["status"], r.json["phaseId"]), ("active", self.approach(p["id"])["phases"][0]["id"]))
        doc = self.assertProblem(request("POST", path, {"to": "completed"}, cred=ENV["GTOKEN_A"]), 409)
        self.assertIn("no checkpoint", doc["detail"])
        self.assertProblem(request("POST", path, {"to": "active"}, cred=ENV["GTOKEN_A"]), 409)
        # a programme member outside the project group may not move it
        self.assertProblem(request("POST", path, {"to": "completed"}, cred=ENV["GTOKEN_A_MEMBER"]), 403)
        self.assertInvalidParam(self.assertProblem(request("POST", path, {"to": "removed"}, cred=ENV["GTOKEN_A"]), 422), "to")
        kinds = [i["kind"] for i in self.gget("/programmes/%s/timeline" % p["id"])["items"]]
        self.assertEqual(kinds, ["approach_version", "status_changed", "step_started"])

    def test_bad_input_of_each_kind(self):
        tid = self.template_id("three-phases")
        # neither or both of templateId and phases
        doc = self.assertProblem(request("POST", GAPI + "/programmes", {"name": "X"}, cred=ENV["GTOKEN_A"]), 422)
        self.assertInvalidParam(doc, "templateId")
        self.assertInvalidParam(doc, "phases")
        doc = self.assertProblem(request("POST", GAPI + "/programmes", {
            "name": "X", "templateId": tid, "phases": [{"name": "F", "steps": [{"name": "S"}]}]}, cred=ENV["GTOKEN_A"]), 422)
        self.assertInvalidParam(doc, "phases")
        # each bad member named by its path
        doc = self.assertProblem(request("POST", GAPI + "/programmes", {
            "name": "", "phases": [{"name": "F", "steps": [{"name": "S", "kind": "feest"}]}]}, cred=ENV["GTOKEN_A"]), 422)
        self.assertIn("phases[0].steps[0].kind", [x["name"] for x in doc["invalidParams"]])
        doc = self.assertProblem(request("POST", GAPI + "/programmes", {
            "name": "X", "templateId": tid, "startsOn": "2026-05-01", "endsOn": "2026-01-01"}, cred=ENV["GTOKEN_A"]), 422)
        self.assertInvalidParam(doc, "endsOn")
        doc = self.assertProblem(request("POST", GAPI + "/programmes", {
            "name": "X", "templateId": "00000000-0000-4000-8000-000000000000"}, cred=ENV["GTOKEN_A"]), 422)
        self.assertInvalidParam(doc, "templateId")
        doc = self.assertProblem(request("POST", GAPI + "/approach-templates", {"name": "T", "phases": []},
                                         cred=ENV["GTOKEN_A"]), 422)
        self.assertInvalidParam(doc, "phases")
        # malformed JSON
        r = request("POST", GAPI + "/programmes", cred=ENV["GTOKEN_A"], raw=b"{\"name\": ",
                    headers={"Content-Type": "application/json"})
        self.assertProblem(r, 400)
        # unknown ids, bad ids
        self.assertProblem(request("GET", GAPI + "/programmes/00000000-0000-4000-8000-000000000000", cred=ENV["GTOKEN_A"]), 404)
        self.assertProblem(request("GET", GAPI + "/programmes/nope/approach", cred=ENV["GTOKEN_A"]), 400)
        p = self.make_programme()
        self.assertProblem(request("GET", GAPI + "/programmes/%s/approach/versions/2" % p["id"], cred=ENV["GTOKEN_A"]), 404)
        self.assertProblem(request("GET", GAPI + "/programmes/%s/approach/versions/x" % p["id"], cred=ENV["GTOKEN_A"]), 400)
        # read-only members and a stale If-Match
        doc = self.assertProblem(request("PATCH", GAPI + "/programmes/" + p["id"], {"status": "running"}, cred=ENV["GTOKEN_A"]), 422)
        self.assertInvalidParam(doc, "status")
        doc = self.assertProblem(request("PATCH", GAPI + "/programmes/" + p["id"], {"approachVersion": 3}, cred=ENV["GTOKEN_A"]), 422)
        self.assertInvalidParam(doc, "approachVersion")
        r = request("PATCH", GAPI + "/programmes/" + p["id"], {"vision": "Samen"}, cred=ENV["GTOKEN_A"], headers={"If-Match": '"1"'})
        self.assertStatus(r, 200)
        self.assertEqual((r.json["vision"], r.header("etag")), ("Samen", '"2"'))
        r = request("PATCH", GAPI + "/programmes/" + p["id"], {"vision": "Later"}, cred=ENV["GTOKEN_A"], headers={"If-Match": '"1"'})
        self.assertProblem(r, 412)

    def test_the_tenants_own_templates(self):
        t = self.gpost("/approach-templates", {"name": uniq("aanpak"), "phases": [
            {"name": "Een", "steps": [{"name": "Brainstorm", "kind": "brainstorm"}]}]})
        self.assertEqual((t["builtIn"], t["key"], t["phases"][0]["steps"][0]["description"]), (False, None, ""))
        r = request("PATCH", GAPI + "/approach-templates/" + t["id"], {"openEnded": True}, cred=ENV["GTOKEN_A"],
                    headers={"If-Match": '"1"'})
        self.assertEqual((r.status, r.json["openEnded"], r.header("etag")), (200, True, '"2"'))
        # tenant B neither sees nor uses it
        self.assertProblem(request("GET", GAPI + "/approach-templates/" + t["id"], cred=ENV["GTOKEN_B"]), 404)
        self.assertNotIn(t["id"], [x["id"] for x in self.gget("/approach-templates", ENV["GTOKEN_B"])["items"]])
        r = request("POST", GAPI + "/programmes", {"name": "B", "templateId": t["id"]}, cred=ENV["GTOKEN_B"])
        self.assertInvalidParam(self.assertProblem(r, 422), "templateId")
        p = self.gpost("/programmes", {"name": uniq("eigen"), "templateId": t["id"]})
        self.assertEqual(self.approach(p["id"])["phases"][0]["steps"][0]["kind"], "brainstorm")
        # in use: it stays
        self.assertProblem(request("DELETE", GAPI + "/approach-templates/" + t["id"], cred=ENV["GTOKEN_A"]), 409)

    def test_tenant_isolation_and_roles(self):
        p = self.make_programme()
        for path in ("/programmes/%s", "/programmes/%s/approach", "/programmes/%s/approach/versions",
                     "/programmes/%s/timeline"):
            self.assertProblem(request("GET", GAPI + path % p["id"], cred=ENV["GTOKEN_B"]), 404)
        self.assertNotIn(p["id"], [x["id"] for x in self.walk_all("/programmes", ENV["GTOKEN_B"])[0]])
        self.assertProblem(self.move(p["id"], "running", token=ENV["GTOKEN_B"]), 404)
        self.assertProblem(request("PATCH", GAPI + "/programmes/" + p["id"], {"vision": "B"}, cred=ENV["GTOKEN_B"]), 404)
        # a programme member reads but does not create or move; the read key reads
        tid = self.template_id("three-phases")
        self.assertProblem(request("POST", GAPI + "/programmes", {"name": "M", "templateId": tid},
                                   cred=ENV["GTOKEN_A_MEMBER"]), 403)
        self.assertProblem(self.move(p["id"], "running", token=ENV["GTOKEN_A_MEMBER"]), 403)
        self.assertEqual(self.gget("/programmes/" + p["id"], ENV["GTOKEN_A_MEMBER"])["id"], p["id"])
        self.assertEqual(self.approach(p["id"], ENV["GKEY_A_READ"])["programmeId"], p["id"])
        self.assertProblem(request("POST", GAPI + "/programmes", {"name": "K", "templateId": tid},
                                   cred=ENV["GKEY_A_READ"]), 403)
        # a lead creates
        self.assertEqual(self.make_programme(token=ENV["GTOKEN_A_LEAD"])["status"], "draft")
