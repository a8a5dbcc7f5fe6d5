"""Checkpoints through the gateway: the decision after a step, continue or
adjust (the only way a programme's approach changes), one bad change
refusing the whole decision, who may decide, tenant isolation and bad
input. Uses the programmes and governance parts' fixtures and endpoints."""

import unittest

from koers_bb import ENV, request
from programmes.programmes_bb import GAPI, ProgrammesCase, skip_unless_programmes, uniq


def decision(step_id, group_id, kind="continue", **kw):
    body = {"stepId": step_id, "question": "Does the planned approach still fit?",
            "insights": ["The working groups need more time"], "decision": kind,
            "rationale": "What we know now", "groupId": group_id}
    body.update(kw)
    return body


@skip_unless_programmes
class Checkpoints(ProgrammesCase):
    def decide(self, pid, body, token=None):
        return request("POST", GAPI + "/programmes/%s/checkpoints" % pid, body,
                       cred=token or ENV["GTOKEN_A"])

    def test_continue_keeps_the_approach_version(self):
        s = self.checkpoint_setup()
        r = self.decide(s["pid"], decision(s["steps"][0]["id"], s["project"],
                                           presentIds=[s["chair"]]), ENV["GTOKEN_A_MEMBER"])
        self.assertStatus(r, 201)
        cp = r.json
        self.assertEqual(cp["decision"], "continue")
        self.assertEqual(cp["approachVersion"], s["approach"]["version"])
        self.assertEqual(cp["changes"], [])
        self.assertEqual(cp["presentIds"], [s["chair"]])
        self.assertEqual(cp["decidedBy"], "prog-member-a")
        self.assertTrue(r.header("location").endswith("/checkpoints/" + cp["id"]))
        self.assertEqual(self.gget("/checkpoints/" + cp["id"]), cp)
        items, _ = self.walk_all("/programmes/%s/checkpoints" % s["pid"])
        self.assertEqual([x["id"] for x in items], [cp["id"]])
        self.assertEqual(self.approach(s["pid"])["version"], s["approach"]["version"])
        # one checkpoint a step
        doc = self.assertProblem(self.decide(s["pid"], decision(s["steps"][0]["id"],
                                                                s["project"])), 409)
        self.assertIn(s["steps"][0]["id"], doc["detail"])

    def test_adjust_applies_the_changes_and_makes_a_new_version(self):
        s = self.checkpoint_setup()
        steps = s["steps"]
        phases = s["approach"]["phases"]
        changes = [
            {"op": "add_phase", "name": "Evaluate", "position": 2},
            {"op": "add_step", "phaseId": phases[0]["id"], "name": "Extra workshop",
             "kind": "workshop", "position": 1, "dueOn": "2027-03-01"},
            {"op": "remove_step", "stepId": steps[2]["id"]},
            {"op": "move_step", "stepId": steps[4]["id"], "position": 1},
            {"op": "redate_step", "stepId": steps[1]["id"], "startsOn": "2027-01-10",
             "dueOn": "2027-02-10"},
            {"op": "rescope_building_block", "buildingBlockId": s["block"],
             "title": "Smaller scope", "dueOn": "2027-04-01"},
            {"op": "change_group", "groupId": s["project"],
             "addMembers": [{"personId": s["outsider"], "role": "advisor"}]},
        ]
        r = self.decide(s["pid"], decision(steps[0]["id"], s["steering"], "adjust",
                                           changes=changes))
        self.assertStatus(r, 201)
        cp = r.json
        before = s["approach"]["version"]
        self.assertEqual(cp["approachVersion"], before + 1)
        self.assertEqual(len(cp["changes"]), 7)
        new_step = cp["changes"][1]["stepId"]
        after = self.approach(s["pid"])
        self.assertEqual(after["version"], before + 1)
        names = [ph["name"] for ph in after["phases"]]
        self.assertEqual(names[1], "Evaluate")
        self.assertEqual(len(names), len(phases) + 1)
        first = after["phases"][0]["steps"]
        self.assertEqual(first[0]["id"], new_step)
        self.assertEqual([st["position"] for st in first], list(range(1, len(first) + 1)))
        live = [st["id"] for ph in after["phases"] for st in ph["steps"]]
        self.assertNotIn(steps[2]["id"], live)
        for ph in after["phases"]:
            self.assertEqual([st["position"] for st in ph["steps"]],
                             list(range(1, len(ph["steps"]) + 1)))
        redated = [st for ph in after["phases"] for st in ph["steps"]
                   if st["id"] == steps[1]["id"]][0]
        self.assertEqual((redated["startsOn"], redated["dueOn"]), ("2027-01-10", "2027-02-10"))
        block = self.gget("/building-blocks/" + s["block"])
        self.assertEqual((block["title"], block["dueOn"]), ("Smaller scope", "2027-04-01"))
        members = self.gget("/groups/%s/members" % s["project"])["items"]
        self.assertIn(s["outsider"], [m["personId"] for m in members])
        version = self.gget("/programmes/%s/approach/versions/%d" % (s["pid"], before + 1))
        self.assertEqual(version["checkpointId"], cp["id"])
        self.assertEqual(version["reason"], "What we know now")
        def shape(phases):
            return [(ph["id"], ph["position"], [(st["id"], st["position"]) for st in ph["steps"]])
                    for ph in phases]
        self.assertEqual(shape(version["phases"]), shape(after["phases"]))
        self.assertEqual(self.gget("/programmes/" + s["pid"])["approachVersion"], before + 1)

    def test_one_bad_change_refuses_the_whole_decision(self):
        s = self.checkpoint_setup()
        steps = s["steps"]
        changes = [
            {"op": "add_phase", "name": "Never added"},
            {"op": "move_step", "stepId": steps[1]["id"], "position": 99},
            {"op": "remove_step", "stepId": steps[0]["id"]},
        ]
        doc = self.assertProblem(self.decide(s["pid"], decision(steps[0]["id"], s["project"],
                                                                "adjust", changes=changes)), 422)
        self.assertInvalidParam(doc, "changes[1].position")
        self.assertInvalidParam(doc, "changes[2].stepId")  # the checkpoint's own step
        self.assertEqual(self.approach(s["pid"]), s["approach"])
        items, _ = self.walk_all("/programmes/%s/checkpoints" % s["pid"])
        self.assertEqual(items, [])

    def test_who_may_decide(self):
        s = self.checkpoint_setup()
        step = s["steps"][0]["id"]
        # a working-group member is not in the project group
        self.assertProblem(self.decide(s["pid"], decision(step, s["project"]),
                                       ENV["GTOKEN_A_MEMBER2"]), 403)
        # the working group does not decide checkpoints
        doc = self.assertProblem(self.decide(s["pid"], decision(step, s["working"])), 422)
        self.assertInvalidParam(doc, "groupId")
        # who was there must be in the deciding group
        doc = self.assertProblem(self.decide(s["pid"], decision(
            step, s["project"], presentIds=[s["chair"], s["worker"]])), 422)
        self.assertInvalidParam(doc, "presentIds[1]")
        # an API key reads, never decides
        self.assertProblem(self.decide(s["pid"], decision(step, s["project"]),
                                       ENV["GKEY_A_READ"]), 403)

    def test_the_programme_must_be_running(self):
        prog = self.make_programme(template_key="three-phases")
        group = self.gpost("/groups", {"programmeId": prog["id"], "kind": "project",
                                       "name": uniq("project")})
        step = self.approach(prog["id"])["phases"][0]["steps"][0]["id"]
        doc = self.assertProblem(self.decide(prog["id"], decision(step, group["id"])), 409)
        self.assertIn("draft", doc["detail"])

    def test_bad_input(self):
        s = self.checkpoint_setup()
        step = s["steps"][0]["id"]
        self.assertProblem(request("POST", GAPI + "/programmes/%s/checkpoints" % s["pid"],
                                   raw=b"{", cred=ENV["GTOKEN_A"],
                                   headers={"Content-Type": "application/json"}), 400)
        self.assertProblem(self.decide("not-a-uuid", decision(step, s["project"])), 400)
        doc = self.assertProblem(self.decide(s["pid"], {"decision": "maybe"}), 422)
        for name in ("stepId", "question", "rationale", "groupId", "decision"):
            self.assertInvalidParam(doc, name)
        doc = self.assertProblem(self.decide(s["pid"], decision(step, s["project"], "adjust")),
                                 422)
        self.assertInvalidParam(doc, "changes")
        doc = self.assertProblem(self.decide(s["pid"], decision(
            step, s["project"], changes=[{"op": "add_phase", "name": "X"}])), 422)
        self.assertInvalidParam(doc, "changes")
        doc = self.assertProblem(self.decide(s["pid"], decision(
            step, s["project"], "adjust", changes=[{"op": "teleport"}])), 422)
        self.assertInvalidParam(doc, "changes[0].op")
        self.assertProblem(self.decide("00000000-0000-4000-8000-000000000000",
                                       decision(step, s["project"])), 404)

    def test_tenant_isolation(self):
        s = self.checkpoint_setup()
        r = self.decide(s["pid"], decision(s["steps"][0]["id"], s["project"]))
        self.assertStatus(r, 201)
        cp = r.json["id"]
        token_b = ENV["GTOKEN_B"]
        self.assertProblem(self.decide(s["pid"], decision(s["steps"][1]["id"], s["project"]),
                                       token_b), 404)
        self.assertProblem(request("GET", GAPI + "/checkpoints/" + cp, cred=token_b), 404)
        self.assertProblem(request("GET", GAPI + "/programmes/%s/checkpoints" % s["pid"],
                                   cred=token_b), 404)


if __name__ == "__main__":
    unittest.main()
