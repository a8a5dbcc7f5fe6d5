"""A whole phase of seed 000's approach ("houden wat goed is, verbeteren
wat nodig is") through the gateway, as the people of a programme do it:
the lead sets up the groups, the project group's chair decides the
checkpoints (one continue, one adjust) and completes the steps, a working
group's member writes proposals that the project group approves, rejects,
returns (then approves after changes) and splits; an approved proposal's
action is linked to an improvement of the processes service and completes
when that improvement does."""

import unittest

from koers_bb import ENV, request, uniq
from processes.processes_bb import poll, processes_running
from programmes.programmes_bb import GAPI, ProgrammesCase, skip_unless_programmes

PAPI = "/processes/v1"


@skip_unless_programmes
class WholePhaseOfSeed000(ProgrammesCase):
    def setUp(self):
        self.LEAD = ENV["GTOKEN_A_LEAD"]
        self.CHAIR = ENV["GTOKEN_A_MEMBER2"]  # chairs the project group
        self.WORKER = ENV["GTOKEN_A_MEMBER"]  # works in the working group

    def steps_of(self, pid):
        return [s for ph in self.approach(pid)["phases"] for s in ph["steps"]]

    def checkpoint(self, pid, step_id, decision, group_id, present, **kw):
        body = {"stepId": step_id, "question": "Sluit de aanpak nog aan bij wat we nu weten?",
                "insights": ["De ploegen willen meedenken"], "decision": decision,
                "rationale": "Besproken in de projectgroep", "groupId": group_id, "presentIds": present}
        body.update(kw)
        return self.gpost("/programmes/%s/checkpoints" % pid, body, self.CHAIR)

    def step_to(self, pid, step_id, to, token=None):
        return request("POST", GAPI + "/programmes/%s/steps/%s/transitions" % (pid, step_id), {"to": to},
                       cred=token or self.CHAIR)

    def test_phase_one_and_the_building_blocks_of_phase_two(self):
        # ---- set-up by the programme lead ----
        prog = self.make_programme("three-phases", self.LEAD, question="Een toekomstbestendige buitendienst?",
                                   facilitator="Cyber", organisationUnits=["Berkelland"])
        pid = prog["id"]
        self.assertEqual((prog["status"], prog["approachVersion"]), ("draft", 1))
        chair = self.make_person(userSub="prog-member2-a", roleType="manager")
        worker = self.make_person(userSub="prog-member-a", roleType="employee")
        policy = self.make_person(roleType="policy_officer")
        council = self.make_person(roleType="council_member")
        cyber = self.make_person(roleType="external", organisation="Cyber")
        steering = self.make_group(pid, "steering", self.LEAD)
        project = self.make_group(pid, "project", self.LEAD)
        working = self.make_group(pid, "working", self.LEAD, subject="Planning en terugkoppeling")
        self.add_member(steering["id"], council["id"], "member", self.LEAD)
        self.add_member(project["id"], chair["id"], "chair", self.LEAD)
        self.add_member(project["id"], policy["id"], "secretary", self.LEAD)
        self.add_member(project["id"], cyber["id"], "facilitator", self.LEAD)
        self.add_member(working["id"], worker["id"], "member", self.LEAD)
        # the working group composes itself: its member adds a colleague
        colleague = self.make_person(roleType="employee")
        self.add_member(working["id"], colleague["id"], "member", self.WORKER)
        mix = self.gget("/groups/" + project["id"])["mix"]
        self.assertEqual(mix, {"manager": 1, "policy_officer": 1, "external": 1})
        self.assertEqual(self.gok(self.move(pid, "running", self.LEAD), 200)["status"], "running")

        # ---- phase 1, step 1: refused without its checkpoint, then "continue" ----
        steps = self.steps_of(pid)
        s1, s2 = steps[0], steps[1]
        self.assertEqual(self.step_to(pid, s1["id"], "active").status, 200)
        refused = self.step_to(pid, s1["id"], "completed")
        self.assertProblem(refused, 409)
        self.assertIn("checkpoint", refused.json["detail"])
        present = [chair["id"], policy["id"], cyber["id"]]
        cp1 = self.checkpoint(pid, s1["id"], "continue", project["id"], present)
        self.assertEqual((cp1["decision"], cp1["approachVersion"]), ("continue", 1))
        done = self.step_to(pid, s1["id"], "completed")
        self.assertEqual(done.status, 200, repr(done))
        self.assertEqual(done.json["status"], "completed")

        # ---- step 2: "adjust" — site visits added to phase 1, phase 2's first step re-dated ----
        phases = self.approach(pid)["phases"]
        p2_first = phases[1]["steps"][0]
        cp2 = self.checkpoint(pid, s2["id"], "adjust", project["id"], present,
                              rationale="De koers rust op de kijk van kantoor: eerst op werkbezoek",
                              changes=[{"op": "add_step", "phaseId": phases[0]["id"],
                                        "name": "Werkbezoeken bij de ploegen", "kind": "work"},
                                       {"op": "redate_step", "stepId": p2_first["id"],
                                        "startsOn": "2027-02-01", "dueOn": "2027-02-28"}])
        self.assertEqual((cp2["decision"], cp2["approachVersion"]), ("adjust", 2))
        self.assertEqual(self.step_to(pid, s2["id"], "completed").status, 200)
        now = self.approach(pid)
        self.assertEqual(now["version"], 2)
        self.assertEqual([s["name"] for s in now["phases"][0]["steps"]][-1], "Werkbezoeken bij de ploegen")
        self.assertEqual(now["phases"][1]["steps"][0]["dueOn"], "2027-02-28")
        visits = now["phases"][0]["steps"][-1]
        self.checkpoint(pid, visits["id"], "continue", project["id"], [chair["id"]])
        self.assertEqual(self.step_to(pid, visits["id"], "completed").status, 200)
        self.assertTrue(all(s["status"] == "completed" for s in self.approach(pid)["phases"][0]["steps"]))

        # the versions: 1 as copied, 2 with the checkpoint's reason and changes
        versions = self.gget("/programmes/%s/approach/versions" % pid)["items"]
        self.assertEqual([v["number"] for v in versions], [1, 2])
        self.assertEqual(versions[1]["checkpointId"], cp2["id"])
        self.assertEqual([c["op"] for c in versions[1]["changes"]], ["add_step", "redate_step"])
        v1 = self.gget("/programmes/%s/approach/versions/1" % pid)
        self.assertEqual(len(v1["phases"][0]["steps"]), 2)

        # ---- phase 2: a building block for the working group and its proposals ----
        block = self.make_building_block(pid, self.LEAD, workingGroupId=working["id"], stepId=p2_first["id"],
                                         title="Vaste planning en terugkoppeling aan bewoners")
        approved = self.submit_proposal(self.make_proposal(block["id"], self.WORKER, title="Weekplanning per ploeg",
                                                           effort="small")["id"], self.WORKER)
        rejected = self.submit_proposal(self.make_proposal(block["id"], self.WORKER, title="Een eigen app")["id"],
                                        self.WORKER)
        returned = self.submit_proposal(self.make_proposal(block["id"], self.WORKER, title="Terugbelbelofte")["id"],
                                        self.WORKER)
        whole = self.make_proposal(block["id"], self.WORKER, title="Bewonersavond en nieuwsbrief")
        d_ok = self.decide(approved["id"], "approved", self.CHAIR, presentIds=[chair["id"], policy["id"]],
                           action={"ownerId": worker["id"], "dueOn": "2027-03-01"})
        self.assertTrue(d_ok["actionId"])
        self.decide(rejected["id"], "rejected", self.CHAIR, reason="Past niet in de begroting")
        self.decide(returned["id"], "returned", self.CHAIR, reason="Maak het kleiner")
        # the working group changes the returned proposal and submits it again
        r = request("PATCH", GAPI + "/proposals/" + returned["id"], {"reasoning": "Alleen bij klachten"},
                    cred=self.WORKER)
        self.assertEqual(r.status, 200, repr(r))
        self.submit_proposal(returned["id"], self.WORKER)
        d_again = self.decide(returned["id"], "approved", self.CHAIR)
        history = self.gget("/proposals/%s/decisions" % returned["id"])["items"]
        self.assertEqual([h["outcome"] for h in history], ["returned", "approved"])
        # a proposal split into two; one part approved
        parts = self.gpost("/proposals/%s/split" % whole["id"],
                           {"reason": "Twee losse voorstellen",
                            "parts": [{"title": "Bewonersavond"}, {"title": "Nieuwsbrief"}]}, self.WORKER)["items"]
        self.assertEqual(self.gget("/proposals/" + whole["id"])["status"], "split")
        self.assertEqual(parts[0]["derivedFrom"], [whole["id"]])
        self.submit_proposal(parts[0]["id"], self.WORKER)
        d_part = self.decide(parts[0]["id"], "approved", self.CHAIR)
        trace = self.gget("/actions/%s/trace" % d_part["actionId"])
        self.assertEqual(trace["proposal"]["id"], parts[0]["id"])
        self.assertEqual([a["id"] for a in trace["derivedFrom"]], [whole["id"]])
        self.assertEqual(trace["buildingBlock"]["id"], block["id"])
        self.assertEqual(trace["workingGroup"]["id"], working["id"])
        self.assertEqual(trace["step"]["id"], p2_first["id"])
        statuses = {p["id"]: p["status"] for p in self.walk_all("/proposals?buildingBlockId=" + block["id"])[0]}
        self.assertEqual(statuses[rejected["id"]], "rejected")
        self.assertEqual(statuses[returned["id"]], "approved")
        self.assertEqual(d_again["outcome"], "approved")

        # ---- the timeline: status, steps, checkpoints and versions in order ----
        kinds = [i["kind"] for i in self.gget("/programmes/%s/timeline" % pid)["items"]]
        self.assertEqual(kinds[0], "approach_version")
        self.assertEqual(kinds.count("checkpoint_decided"), 3)
        self.assertEqual(kinds.count("step_completed"), 3)
        self.assertEqual(kinds.count("approach_version"), 2)
        self.assertLess(kinds.index("status_changed"), kinds.index("checkpoint_decided"))

        # ---- the approved action follows a process improvement in the processes service ----
        if not processes_running():
            return
        action_id = d_ok["actionId"]
        P = ENV["PTOKEN_A"]
        owner = self.gok(request("POST", PAPI + "/staff", {"name": uniq("Teammanager"),
                                                           "email": uniq("tm") + "@example.org"}, cred=P), 201)
        team = self.gok(request("POST", PAPI + "/teams", {"name": uniq("Buitendienst"), "managerId": owner["id"],
                                                          "membersCount": 20}, cred=P), 201)
        self.gok(request("PATCH", PAPI + "/staff/" + owner["id"], {"teamId": team["id"]}, cred=P), 200)
        process = self.gok(request("POST", PAPI + "/processes", {"name": uniq("Openbare ruimte"),
                                                                 "ownerId": owner["id"]}, cred=P), 201)
        imp = self.gok(request("POST", PAPI + "/improvements", {"processId": process["id"], "title": "Weekplanning",
                                                                "kind": "uniform_working_method"}, cred=P), 201)
        r = request("PATCH", GAPI + "/actions/" + action_id, {"processImprovementId": imp["id"]}, cred=self.LEAD)
        self.assertEqual(r.status, 200, repr(r))
        for to in ("planned", "in_progress", "done"):
            self.gok(request("POST", PAPI + "/improvements/%s/transitions" % imp["id"],
                             {"to": to}, cred=P), 200)
        action = poll(lambda: self.gget("/actions/" + action_id), lambda a: a["status"] == "done", seconds=30)
        self.assertEqual(action["status"], "done", repr(action))
        self.assertTrue(action["improvementCompletedAt"])


if __name__ == "__main__":
    unittest.main()
