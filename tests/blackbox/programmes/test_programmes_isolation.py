"""Tenant isolation on every resource of the programmes service: tenant B's
coordinator (who may do everything in B) tries every operation of the route
table on tenant A's ids and gets 404 (or, for a create naming A's rows, the
422 of an unknown reference), and none of A's rows shows in B's lists; and
A's rows are unchanged afterwards."""

import unittest

from koers_bb import ENV, request, uniq
from programmes.programmes_bb import GAPI, ProgrammesCase, skip_unless_programmes


@skip_unless_programmes
class TenantBSeesNothingOfTenantA(ProgrammesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        t = cls("test_every_operation_on_a_s_ids_is_a_404")
        cls.a = t.build_tenant_a()

    def build_tenant_a(self):
        """One of everything in tenant A: an own template, a running
        programme with groups, members, a building block, a checkpoint, a
        submitted proposal, an approved one and its action."""
        tpl = self.gpost("/approach-templates", {"name": uniq("Eigen aanpak"),
                                                 "phases": [{"name": "Fase", "steps": [{"name": "Stap"}]}]})
        prog = self.make_programme("three-phases")
        pid = prog["id"]
        self.gok(self.move(pid, "running"), 200)
        person = self.make_person(roleType="manager")
        project = self.make_group(pid, "project")
        working = self.make_group(pid, "working")
        self.add_member(project["id"], person["id"], "chair")
        self.add_member(working["id"], person["id"], "member")
        steps = [s for ph in self.approach(pid)["phases"] for s in ph["steps"]]
        block = self.make_building_block(pid, workingGroupId=working["id"])
        cp = self.gpost("/programmes/%s/checkpoints" % pid,
                        {"stepId": steps[0]["id"], "question": "Nog op koers?", "decision": "continue",
                         "rationale": "Ja", "groupId": project["id"]})
        submitted = self.submit_proposal(self.make_proposal(block["id"])["id"])
        other = self.submit_proposal(self.make_proposal(block["id"])["id"])
        action_id = self.decide(other["id"], "approved")["actionId"]
        return {"template": tpl["id"], "programme": pid, "step": steps[1]["id"], "stepDone": steps[0]["id"],
                "person": person["id"], "project": project["id"], "working": working["id"], "block": block["id"],
                "checkpoint": cp["id"], "proposal": submitted["id"], "action": action_id}

    def test_every_operation_on_a_s_ids_is_a_404(self):
        a, B = self.a, ENV["GTOKEN_B"]
        p = a["programme"]
        ops = [
            ("GET", "/approach-templates/%s" % a["template"], None),
            ("PATCH", "/approach-templates/%s" % a["template"], {"name": "x"}),
            ("DELETE", "/approach-templates/%s" % a["template"], None),
            ("GET", "/programmes/%s" % p, None),
            ("PATCH", "/programmes/%s" % p, {"name": "x"}),
            ("DELETE", "/programmes/%s" % p, None),
            ("POST", "/programmes/%s/transitions" % p, {"to": "stopped", "reason": "x"}),
            ("GET", "/programmes/%s/approach" % p, None),
            ("GET", "/programmes/%s/approach/versions" % p, None),
            ("GET", "/programmes/%s/approach/versions/1" % p, None),
            ("POST", "/programmes/%s/steps/%s/transitions" % (p, a["stepDone"]), {"to": "completed"}),
            ("GET", "/programmes/%s/timeline" % p, None),
            ("POST", "/programmes/%s/checkpoints" % p,
             {"stepId": a["step"], "question": "q", "decision": "continue", "rationale": "r",
              "groupId": a["project"]}),
            ("GET", "/programmes/%s/checkpoints" % p, None),
            ("GET", "/checkpoints/%s" % a["checkpoint"], None),
            ("GET", "/programmes/%s/candidate-values" % p, None),
            ("GET", "/people/%s" % a["person"], None),
            ("PATCH", "/people/%s" % a["person"], {"name": "x"}),
            ("DELETE", "/people/%s" % a["person"], None),
            ("GET", "/people/%s/groups" % a["person"], None),
            ("GET", "/groups/%s" % a["project"], None),
            ("PATCH", "/groups/%s" % a["project"], {"name": "x"}),
            ("DELETE", "/groups/%s" % a["working"], None),
            ("GET", "/groups/%s/members" % a["project"], None),
            ("PUT", "/groups/%s/members/%s" % (a["project"], a["person"]), {"role": "member"}),
            ("DELETE", "/groups/%s/members/%s" % (a["project"], a["person"]), None),
            ("GET", "/building-blocks/%s" % a["block"], None),
            ("PATCH", "/building-blocks/%s" % a["block"], {"title": "x"}),
            ("DELETE", "/building-blocks/%s" % a["block"], None),
            ("GET", "/proposals/%s" % a["proposal"], None),
            ("PATCH", "/proposals/%s" % a["proposal"], {"title": "x"}),
            ("DELETE", "/proposals/%s" % a["proposal"], None),
            ("POST", "/proposals/%s/transitions" % a["proposal"], {"to": "submitted"}),
            ("POST", "/proposals/%s/decisions" % a["proposal"], {"outcome": "approved"}),
            ("GET", "/proposals/%s/decisions" % a["proposal"], None),
            ("POST", "/proposals/%s/split" % a["proposal"],
             {"reason": "x", "parts": [{"title": "a"}, {"title": "b"}]}),
            ("GET", "/actions/%s" % a["action"], None),
            ("PATCH", "/actions/%s" % a["action"], {"title": "x"}),
            ("POST", "/actions/%s/transitions" % a["action"], {"to": "in_progress"}),
            ("GET", "/actions/%s/trace" % a["action"], None),
        ]
        for method, path, body in ops:
            with self.subTest(op="%s %s" % (method, path)):
                self.assertProblem(request(method, GAPI + path, body, cred=B), 404)

    def test_creates_in_b_cannot_name_a_s_rows(self):
        a, B = self.a, ENV["GTOKEN_B"]
        for path, body in [
            ("/programmes", {"name": "x", "templateId": a["template"]}),
            ("/groups", {"programmeId": a["programme"], "kind": "working", "name": "x"}),
            ("/building-blocks", {"programmeId": a["programme"], "title": "x"}),
            ("/proposals", {"buildingBlockId": a["block"], "title": "x"}),
            ("/proposals/merge", {"proposalIds": [a["proposal"], a["proposal"]], "buildingBlockId": a["block"],
                                  "title": "x", "reason": "y"}),
        ]:
            with self.subTest(path=path):
                self.assertProblem(request("POST", GAPI + path, body, cred=B), 422)

    def test_b_s_lists_hold_none_of_a_s_rows(self):
        a, B = self.a, ENV["GTOKEN_B"]
        mine = set(a.values())
        for path in ("/approach-templates", "/programmes", "/people", "/groups", "/building-blocks", "/proposals",
                     "/actions", "/events"):
            with self.subTest(path=path):
                items, _ = self.walk(GAPI + path, B)
                self.assertFalse(mine & {i.get("id") for i in items} | mine & {i.get("subject") for i in items})

    def test_z_a_s_rows_are_unchanged_afterwards(self):
        a = self.a
        self.assertEqual(self.gget("/programmes/" + a["programme"])["status"], "running")
        self.assertEqual(self.gget("/proposals/" + a["proposal"])["status"], "submitted")
        self.assertEqual(self.gget("/actions/" + a["action"])["status"], "planned")
        self.assertEqual(len(self.gget("/groups/%s/members" % a["project"])["items"]), 1)


if __name__ == "__main__":
    unittest.main()
