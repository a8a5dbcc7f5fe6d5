"""Tenant isolation on every resource of the programmes service: tenant B's
coordinator (who may do everything in B) tries every operation of the route
table on tenant A's ids and gets 404 (or, for a create naming A's rows, the
422 of an unknown reference), and none of A's rows shows in B's lists; and
A's rows are unchanged afterwards."""

import unittest
import uuid

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


@skip_unless_programmes
class TenantBSeesNothingOfTheCultureWork(ProgrammesCase):
    """The same for the culture work's resources: manifests, activities,
    cohorts, goals and indicators, coaching entries, lessons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        t = cls("test_every_culture_operation_on_a_s_ids_is_a_404")
        prog = t.make_programme("expedition")
        pid = prog["id"]
        person = t.make_person(roleType="employee", organisation="Buitendienst")
        manifest = t.make_manifest(pid)
        activity = t.make_activity(pid, "intervision")
        cohort = t.gpost("/cohorts", {"programmeId": pid, "name": uniq("cohort")})
        t.gok(request("PUT", GAPI + "/cohorts/%s/members/%s" % (cohort["id"], person["id"]), {"changeAgent": True},
                      cred=ENV["GTOKEN_A"]), 200, 201)
        goal = t.gpost("/goals", {"programmeId": pid, "name": uniq("doel"), "theme": "pride"})
        indicator = t.gpost("/indicators", {"goalId": goal["id"], "kind": "attendance_rate", "params": {},
                                            "target": 0.8, "direction": "at_least"})
        coaching = t.gpost("/coaching-entries", {"programmeId": pid, "heldOn": "2026-11-30", "team": "Buitendienst",
                                                 "signals": ["terugval in oude patronen"], "intervention": "gesprek"})
        lesson = t.gpost("/lessons", {"programmeId": pid, "team": "Buitendienst", "kind": "norm",
                                      "title": uniq("Terugkoppelen"), "body": "We koppelen binnen een week terug."})
        cls.a = {"programme": pid, "person": person["id"], "manifest": manifest["id"], "activity": activity["id"],
                 "cohort": cohort["id"], "goal": goal["id"], "indicator": indicator["id"],
                 "coaching": coaching["id"], "lesson": lesson["id"]}

    def test_every_culture_operation_on_a_s_ids_is_a_404(self):
        a, B = self.a, ENV["GTOKEN_B"]
        p = a["programme"]
        ops = [
            ("GET", "/programmes/%s/values" % p, None),
            ("GET", "/programmes/%s/manifests" % p, None),
            ("POST", "/programmes/%s/manifests" % p, {"title": "x"}),
            ("GET", "/manifests/%s" % a["manifest"], None),
            ("PATCH", "/manifests/%s" % a["manifest"], {"title": "x"}),
            ("DELETE", "/manifests/%s" % a["manifest"], None),
            ("GET", "/manifests/%s/statements" % a["manifest"], None),
            ("GET", "/manifests/%s/rounds" % a["manifest"], None),
            ("POST", "/manifests/%s/transitions" % a["manifest"], {"to": "consultation"}),
            ("GET", "/manifests/%s/support" % a["manifest"], None),
            ("GET", "/manifests/%s/comments" % a["manifest"], None),
            ("GET", "/activities/%s" % a["activity"], None),
            ("PATCH", "/activities/%s" % a["activity"], {"title": "x"}),
            ("DELETE", "/activities/%s" % a["activity"], None),
            ("POST", "/activities/%s/transitions" % a["activity"], {"to": "cancelled"}),
            ("GET", "/activities/%s/participants" % a["activity"], None),
            ("PUT", "/activities/%s/participants/%s" % (a["activity"], a["person"]), {"invited": True}),
            ("GET", "/activities/%s/attendance" % a["activity"], None),
            ("GET", "/cohorts/%s" % a["cohort"], None),
            ("PATCH", "/cohorts/%s" % a["cohort"], {"name": "x"}),
            ("GET", "/cohorts/%s/members" % a["cohort"], None),
            ("PUT", "/cohorts/%s/members/%s" % (a["cohort"], a["person"]), {"changeAgent": False}),
            ("DELETE", "/cohorts/%s/members/%s" % (a["cohort"], a["person"]), None),
            ("GET", "/cohorts/%s/buddy-pairs" % a["cohort"], None),
            ("POST", "/cohorts/%s/buddy-pairs/proposal" % a["cohort"], {}),
            ("GET", "/goals/%s" % a["goal"], None),
            ("PATCH", "/goals/%s" % a["goal"], {"name": "x"}),
            ("GET", "/goals/%s/trend" % a["goal"], None),
            ("GET", "/indicators/%s" % a["indicator"], None),
            ("PATCH", "/indicators/%s" % a["indicator"], {"target": 0.1}),
            ("DELETE", "/indicators/%s" % a["indicator"], None),
            ("GET", "/programmes/%s/relapse-signals" % p, None),
            ("GET", "/programmes/%s/monitor" % p, None),
            ("GET", "/coaching-entries/%s" % a["coaching"], None),
            ("PATCH", "/coaching-entries/%s" % a["coaching"], {"intervention": "x"}),
            ("DELETE", "/coaching-entries/%s" % a["coaching"], None),
            ("GET", "/lessons/%s" % a["lesson"], None),
            ("PATCH", "/lessons/%s" % a["lesson"], {"title": "x"}),
            ("DELETE", "/lessons/%s" % a["lesson"], None),
        ]
        for method, path, body in ops:
            with self.subTest(op="%s %s" % (method, path)):
                self.assertProblem(request(method, GAPI + path, body, cred=B), 404)

    def test_creates_in_b_cannot_name_a_s_culture_rows(self):
        """(finding 8) A's ids and random ones alike: 422 naming the field."""
        a, B = self.a, ENV["GTOKEN_B"]
        cases = [
            ("/cohorts", lambda i: {"programmeId": i, "name": uniq("cohort")}, "programmeId", a["programme"]),
            ("/goals", lambda i: {"programmeId": i, "name": uniq("doel"), "theme": "pride"}, "programmeId",
             a["programme"]),
            ("/indicators", lambda i: {"goalId": i, "kind": "attendance_rate", "params": {}, "target": 0.8,
                                       "direction": "at_least"}, "goalId", a["goal"]),
            ("/coaching-entries", lambda i: {"programmeId": i, "heldOn": "2026-11-30", "team": "x",
                                             "signals": ["s"], "intervention": "gesprek"}, "programmeId",
             a["programme"]),
            ("/lessons", lambda i: {"programmeId": i, "team": "x", "kind": "norm", "title": uniq("les"),
                                    "body": "b"}, "programmeId", a["programme"]),
        ]
        for path, body, field, a_id in cases:
            for bad in (a_id, str(uuid.uuid4())):
                with self.subTest(path=path, theirs=bad == a_id):
                    r = request("POST", GAPI + path, body(bad), cred=B)
                    self.assertInvalidParam(self.assertProblem(r, 422), field)

    def test_b_s_lists_and_search_hold_none_of_a_s_rows(self):
        a, B = self.a, ENV["GTOKEN_B"]
        mine = set(a.values())
        for path in ("/activities", "/cohorts", "/goals", "/indicators", "/coaching-entries", "/lessons",
                     "/example-behaviours", "/behaviour-agreements", "/value-catalogue"):
            with self.subTest(path=path):
                items, _ = self.walk(GAPI + path, B)
                self.assertFalse(mine & {i.get("id") for i in items})
        found = self.gok(request("GET", GAPI + "/lessons/search?q=terugkoppelen", cred=B), 200)["items"]
        self.assertNotIn(a["lesson"], [i["id"] for i in found])


if __name__ == "__main__":
    unittest.main()
