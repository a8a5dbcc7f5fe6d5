"""Proposals, decisions and actions through the gateway: a working group's
proposals approved (an action with its owner), rejected with a reason,
returned then changed, resubmitted and approved; a proposal split and a part
merged with another, with their history kept and the action traced back to
the first proposal, the building block and the working group; the events
(ids and states only); a member of another working group refused; tenant B
sees nothing; bad input of each kind (400, 409, 412, 415, 422).

Uses the programmes (make_programme) and governance fixtures (make_person,
make_group, add_member, make_building_block) of programmes_bb.py through the
adapters below, the one place their signatures are assumed."""

from koers_bb import ENV, RedisSubscriber, request, uniq
from .programmes_bb import GAPI, ProgrammesCase, skip_unless_programmes


@skip_unless_programmes
class ProposalsTest(ProgrammesCase):
    # ---- adapters to the other parts' fixtures --------------------------------
    def person_for(self, sub):
        """The tenant's person signing in as sub (created once: userSub is
        unique per tenant and the database is shared by the run's tests)."""
        return self.make_person(userSub=sub, roleType="employee")

    def setup_programme(self, working_member_token=None):
        """A programme with a project group (MEMBER2's person in it), two
        working groups (MEMBER's person in the first) and building blocks
        of the first working group (one also of a step) and one without a
        working group."""
        prog = self.make_programme()
        self.member = self.person_for("prog-member-a")
        self.member2 = self.person_for("prog-member2-a")
        self.project = self.make_group(prog["id"], "project")
        self.wg1 = self.make_group(prog["id"], "working")
        self.wg2 = self.make_group(prog["id"], "working")
        self.add_member(self.project["id"], self.member2["id"], "member")
        self.add_member(self.wg1["id"], self.member["id"], "chair")
        approach = self.gget("/programmes/%s/approach" % prog["id"])
        step = approach["phases"][0]["steps"][0] if approach["phases"] and approach["phases"][0]["steps"] else None
        self.step = step
        self.bb1 = self.make_building_block(prog["id"], workingGroupId=self.wg1["id"],
                                            **({"stepId": step["id"]} if step else {}))
        self.bb2 = self.make_building_block(prog["id"], workingGroupId=self.wg1["id"])
        self.bb_free = self.make_building_block(prog["id"])
        return prog

    def setUp(self):
        self.prog = self.setup_programme()
        self.M = ENV["GTOKEN_A_MEMBER"]     # a member of working group 1
        self.PG = ENV["GTOKEN_A_MEMBER2"]   # a member of the project group

    def post(self, path, body, token=None, headers=None):
        return request("POST", GAPI + path, body, cred=token or ENV["GTOKEN_A"], headers=headers)

    def patch(self, path, body, token=None, headers=None):
        return request("PATCH", GAPI + path, body, cred=token or ENV["GTOKEN_A"], headers=headers)

    # ---- the life of proposals --------------------------------------------------
    def test_approved_rejected_and_returned_then_approved(self):
        sub = RedisSubscriber("koers.programmes.*")
        try:
            r = self.post("/proposals", {"buildingBlockId": self.bb1["id"], "title": "Eén aanspreekpunt",
                                         "reasoning": "Burgers worden doorverwezen", "costEuros": 2500,
                                         "effort": "medium"}, self.M)
            self.assertStatus(r, 201)
            p1 = r.json
            self.assertEqual((p1["status"], p1["programmeId"], p1["workingGroupId"], p1["derivedFrom"], p1["actionId"]),
                             ("draft", self.prog["id"], self.wg1["id"], [], None))
            self.assertEqual(r.header("etag"), '"1"')
            self.assertTrue(r.header("location").endswith("/proposals/" + p1["id"]))
            p1 = self.submit_proposal(p1["id"], self.M)
            self.assertEqual(p1["status"], "submitted")
            self.assertTrue(p1["submittedAt"])
            # the working group does not decide its own proposals
            self.assertProblem(self.post("/proposals/%s/decisions" % p1["id"], {"outcome": "approved"}, self.M), 403)
            d = self.decide(p1["id"], "approved", self.PG, presentIds=[self.member2["id"]],
                            action={"ownerId": self.member["id"], "dueOn": "2027-03-01"})
            self.assertEqual((d["outcome"], d["groupId"], d["presentIds"], d["proposalId"]),
                             ("approved", self.project["id"], [self.member2["id"]], p1["id"]))
            self.assertTrue(d["actionId"] and d["decidedAt"] and d["decidedBy"])
            got = self.gget("/proposals/" + p1["id"])
            self.assertEqual((got["status"], got["actionId"]), ("approved", d["actionId"]))
            action = self.gget("/actions/" + d["actionId"])
            self.assertEqual((action["title"], action["status"], action["ownerId"], action["dueOn"], action["proposalId"],
                              action["decisionId"]),
                             ("Eén aanspreekpunt", "planned", self.member["id"], "2027-03-01", p1["id"], d["id"]))
            self.assertEqual([a["id"] for a in self.walk_all("/actions?proposalId=" + p1["id"])[0]], [d["actionId"]])
            # decided once
            doc = self.assertProblem(self.post("/proposals/%s/decisions" % p1["id"],
                                               {"outcome": "rejected", "reason": "toch niet"}, self.PG), 409)
            self.assertEqual(doc["allowedTransitions"], [])

            # rejected: a reason is required, no action
            p2 = self.submit_proposal(self.make_proposal(self.bb1["id"], self.M)["id"], self.M)
            doc = self.assertProblem(self.post("/proposals/%s/decisions" % p2["id"], {"outcome": "rejected"}, self.PG),
                                     422)
            self.assertInvalidParam(doc, "reason")
            d2 = self.decide(p2["id"], "rejected", self.PG, reason="Valt buiten het programma")
            self.assertIsNone(d2["actionId"])
            self.assertEqual(self.gget("/proposals/" + p2["id"])["status"], "rejected")

            # returned, changed by the working group, submitted again, approved
            p3 = self.submit_proposal(self.make_proposal(self.bb2["id"], self.M, title="Gedeelde agenda")["id"], self.M)
            self.decide(p3["id"], "returned", self.PG, reason="Wat kost het?")
            r = request("GET", GAPI + "/proposals/" + p3["id"], cred=self.M)
            self.assertEqual(r.json["status"], "returned")
            r = self.patch("/proposals/" + p3["id"], {"costEuros": 800, "effort": "small"}, self.M,
                           headers={"If-Match": r.header("etag")})
            self.assertStatus(r, 200)
            self.assertEqual((r.json["costEuros"], r.json["effort"]), (800, "small"))
            self.submit_proposal(p3["id"], self.M)
            d3 = self.decide(p3["id"], "approved", self.PG)
            hist = self.gget("/proposals/%s/decisions" % p3["id"])["items"]
            self.assertEqual([h["outcome"] for h in hist], ["returned", "approved"])
            self.assertEqual(hist[0]["reason"], "Wat kost het?")

            # the owner carries the action out
            act = d["actionId"]
            doc = self.assertProblem(self.post("/actions/%s/transitions" % act, {"to": "done"}, self.M), 409)
            self.assertEqual(doc["allowedTransitions"], ["in_progress", "cancelled"])
            self.assertProblem(self.post("/actions/%s/transitions" % act, {"to": "in_progress"}, self.PG), 403)
            self.assertStatus(self.post("/actions/%s/transitions" % act, {"to": "in_progress"}, self.M), 200)
            r = self.post("/actions/%s/transitions" % act, {"to": "done", "result": "Loket open"}, self.M)
            self.assertEqual((r.status, r.json["status"], r.json["result"]), (200, "done", "Loket open"))
            self.assertTrue(r.json["completedAt"])
            self.assertEqual(self.assertProblem(self.post("/actions/%s/transitions" % act, {"to": "cancelled"}), 409)
                             ["allowedTransitions"], [])
            self.assertEqual(self.gget("/actions/" + d3["actionId"])["status"], "planned")

            events = [e for _, _, e in sub.collect(
                lambda e: e["subject"] in (p1["id"], act) and e["type"] in (
                    "proposal.submitted", "proposal.decided", "action.status.changed"), 4)]
            self.assertEqual([e["type"] for e in events],
                             ["proposal.submitted", "proposal.decided", "action.status.changed",
                              "action.status.changed"])
            self.assertEqual(events[0]["data"], {"id": p1["id"], "programmeId": self.prog["id"],
                                                 "buildingBlockId": self.bb1["id"], "workingGroupId": self.wg1["id"]})
            self.assertEqual(events[1]["data"], {"id": p1["id"], "programmeId": self.prog["id"], "decisionId": d["id"],
                                                 "outcome": "approved", "actionId": act})
            self.assertEqual(events[3]["data"], {"id": act, "programmeId": self.prog["id"], "from": "in_progress",
                                                 "to": "done"})
        finally:
            sub.close()

    def test_split_and_merge_keep_their_history_and_the_trace_reaches_back(self):
        whole = self.submit_proposal(self.make_proposal(self.bb1["id"], self.M, title="Klantcontact digitaal en per telefoon")
                            ["id"], self.M)
        other = self.make_proposal(self.bb2["id"], self.M, title="Wijkteams bellen terug")
        r = self.post("/proposals/%s/split" % whole["id"],
                      {"reason": "Twee onderwerpen", "parts": [{"title": "Digitaal klantcontact"},
                                                                {"title": "Telefonisch klantcontact",
                                                                 "effort": "small"}]}, self.M)
        self.assertStatus(r, 201)
        parts = r.json["items"]
        self.assertEqual([(p["status"], p["buildingBlockId"], p["workingGroupId"], p["derivedFrom"]) for p in parts],
                         [("draft", self.bb1["id"], self.wg1["id"], [whole["id"]])] * 2)
        self.assertEqual(self.gget("/proposals/" + whole["id"])["status"], "split")
        hist = self.gget("/proposals/%s/decisions" % whole["id"])["items"]
        self.assertEqual([(h["outcome"], h["reason"], sorted(h["resultIds"])) for h in hist],
                         [("split", "Twee onderwerpen", sorted(p["id"] for p in parts))])
        # split once
        self.assertProblem(self.post("/proposals/%s/split" % whole["id"],
                                     {"reason": "x", "parts": [{"title": "a"}, {"title": "b"}]}, self.M), 409)
        # the first part merged with the other proposal, by the project group
        r = self.post("/proposals/merge", {"proposalIds": [parts[0]["id"], other["id"]], "buildingBlockId": self.bb2["id"],
                                           "title": "Klantcontact in de wijk", "reason": "Hetzelfde doel"}, self.PG)
        self.assertStatus(r, 201)
        merged = r.json
        self.assertEqual((merged["status"], merged["buildingBlockId"], sorted(merged["derivedFrom"])),
                         ("draft", self.bb2["id"], sorted([parts[0]["id"], other["id"]])))
        for pid in (parts[0]["id"], other["id"]):
            self.assertEqual(self.gget("/proposals/" + pid)["status"], "merged")
            h = self.gget("/proposals/%s/decisions" % pid)["items"]
            self.assertEqual([(x["outcome"], x["resultIds"]) for x in h], [("merged", [merged["id"]])])
        self.assertEqual(self.gget("/proposals/" + parts[1]["id"])["status"], "draft")
        # kept for the history: a proposal a merge made is not deleted
        self.assertProblem(request("DELETE", GAPI + "/proposals/" + merged["id"], cred=self.M), 409)
        self.submit_proposal(merged["id"], self.M)
        d = self.decide(merged["id"], "approved", self.PG)
        trace = self.gget("/actions/%s/trace" % d["actionId"])
        self.assertEqual((trace["action"]["id"], trace["decision"]["id"], trace["proposal"]["id"]),
                         (d["actionId"], d["id"], merged["id"]))
        anc = trace["derivedFrom"]
        self.assertEqual(sorted((a["depth"], a["id"]) for a in anc),
                         sorted([(1, parts[0]["id"]), (1, other["id"]), (2, whole["id"])]))
        self.assertEqual([a["depth"] for a in anc], [1, 1, 2])  # nearest first
        first = [a for a in anc if a["id"] == whole["id"]][0]
        self.assertEqual([x["outcome"] for x in first["decisions"]], ["split"])
        self.assertEqual(trace["buildingBlock"]["id"], self.bb2["id"])
        self.assertEqual(trace["workingGroup"]["id"], self.wg1["id"])
        self.assertEqual(trace["programme"], {"id": self.prog["id"], "name": self.prog["name"]})
        # an action of a block with a step reaches its step and phase
        if self.step:
            p = self.submit_proposal(self.make_proposal(self.bb1["id"], self.M)["id"], self.M)
            t = self.gget("/actions/%s/trace" % self.decide(p["id"], "approved", self.PG)["actionId"])
            self.assertEqual(t["step"]["id"], self.step["id"])
            self.assertTrue(t["phase"]["name"])

    def test_a_member_of_another_working_group_is_refused(self):
        # MEMBER2 in working group 2 (also in the project group: deciding stays theirs)
        self.add_member(self.wg2["id"], self.member2["id"], "member")
        draft = self.make_proposal(self.bb1["id"], self.M)
        self.assertProblem(self.post("/proposals", {"buildingBlockId": self.bb1["id"], "title": "x"}, self.PG), 403)
        self.assertProblem(self.patch("/proposals/" + draft["id"], {"title": "anders"}, self.PG), 403)
        self.assertProblem(self.post("/proposals/%s/transitions" % draft["id"], {"to": "submitted"}, self.PG), 403)
        self.assertProblem(request("DELETE", GAPI + "/proposals/" + draft["id"], cred=self.PG), 403)
        # a working-group member decides nothing
        p = self.submit_proposal(draft["id"], self.M)
        self.assertProblem(self.post("/proposals/%s/decisions" % p["id"], {"outcome": "approved"}, self.M), 403)
        # a read key reads, writes nothing
        self.assertStatus(request("GET", GAPI + "/proposals/" + p["id"], cred=ENV["GKEY_A_READ"]), 200)
        self.assertProblem(request("POST", GAPI + "/proposals", {"buildingBlockId": self.bb1["id"], "title": "x"},
                                   cred=ENV["GKEY_A_READ"]), 403)
        self.assertEqual(self.gget("/proposals/" + p["id"])["status"], "submitted")

    def test_tenant_b_sees_nothing(self):
        p = self.submit_proposal(self.make_proposal(self.bb1["id"], self.M)["id"], self.M)
        d = self.decide(p["id"], "approved", self.PG)
        B = ENV["GTOKEN_B"]
        for path in ("/proposals/" + p["id"], "/proposals/%s/decisions" % p["id"], "/actions/" + d["actionId"],
                     "/actions/%s/trace" % d["actionId"]):
            self.assertProblem(request("GET", GAPI + path, cred=B), 404)
        self.assertEqual(self.walk("%s/proposals?programmeId=%s" % (GAPI, self.prog["id"]), B)[0], [])
        self.assertEqual(self.walk("%s/actions?programmeId=%s" % (GAPI, self.prog["id"]), B)[0], [])
        self.assertProblem(request("PATCH", GAPI + "/actions/" + d["actionId"], {"title": "x"}, cred=B), 404)
        self.assertProblem(request("POST", GAPI + "/actions/%s/transitions" % d["actionId"], {"to": "in_progress"},
                                   cred=B), 404)
        self.assertProblem(request("POST", GAPI + "/proposals", {"buildingBlockId": self.bb1["id"], "title": "x"},
                                   cred=B), 422)
        other = self.make_proposal(self.bb2["id"], self.M)
        self.assertProblem(request("POST", GAPI + "/proposals/%s/split" % other["id"],
                                   {"reason": "x", "parts": [{"title": "a"}, {"title": "b"}]}, cred=B), 404)
        doc = self.assertProblem(request("POST", GAPI + "/proposals/merge",
                                         {"proposalIds": [other["id"], p["id"]], "buildingBlockId": self.bb2["id"],
                                          "title": "x", "reason": "y"}, cred=B), 422)
        self.assertInvalidParam(doc, "proposalIds[0]")

    def test_bad_input(self):
        pid = self.make_proposal(self.bb1["id"], self.M)["id"]
        # 400: malformed JSON, a bad id
        self.assertProblem(request("POST", GAPI + "/proposals", raw=b"{nope", cred=self.M,
                                   headers={"Content-Type": "application/json"}), 400)
        self.assertProblem(request("GET", GAPI + "/proposals/not-a-uuid", cred=self.M), 400)
        self.assertProblem(request("GET", GAPI + "/actions/not-a-uuid/trace", cred=self.M), 400)
        # 415
        self.assertProblem(request("POST", GAPI + "/proposals", raw=b"title=x", cred=self.M,
                                   headers={"Content-Type": "application/x-www-form-urlencoded"}), 415)
        # 422 naming each field
        doc = self.assertProblem(self.post("/proposals", {"buildingBlockId": self.bb1["id"], "title": "",
                                                          "effort": "huge", "costEuros": -1,
                                                          "programmeId": self.prog["id"]}, self.M), 422)
        for name in ("title", "effort", "costEuros", "programmeId"):
            self.assertInvalidParam(doc, name)
        self.assertInvalidParam(self.assertProblem(self.post("/proposals", {"buildingBlockId": self.bb_free["id"],
                                                                            "title": "x"}), 422), "buildingBlockId")
        self.assertInvalidParam(self.assertProblem(self.post("/proposals/%s/transitions" % pid, {"to": "approved"},
                                                             self.M), 422), "to")
        doc = self.assertProblem(self.post("/proposals/%s/split" % pid, {"reason": "x", "parts": [{"title": "a"}]},
                                           self.M), 422)
        self.assertInvalidParam(doc, "parts")
        doc = self.assertProblem(self.post("/proposals/%s/split" % pid,
                                           {"reason": "x", "parts": [{"title": "a"}, {"titel": "b"}]}, self.M), 422)
        self.assertInvalidParam(doc, "parts[1].title")
        doc = self.assertProblem(self.post("/proposals/merge", {"proposalIds": [pid, pid], "buildingBlockId": self.bb1["id"],
                                                                "title": "x", "reason": "y"}), 422)
        self.assertInvalidParam(doc, "proposalIds[1]")
        self.assertInvalidParam(self.assertProblem(self.patch("/proposals/" + pid, {"status": "approved"}, self.M), 422),
                                "status")
        # 409: a draft is not decided; a submitted one is not changed or deleted
        doc = self.assertProblem(self.post("/proposals/%s/decisions" % pid, {"outcome": "approved"}, self.PG), 409)
        self.assertEqual(doc["allowedTransitions"], ["submitted", "split", "merged"])
        self.submit_proposal(pid, self.M)
        self.assertProblem(self.patch("/proposals/" + pid, {"title": "anders"}, self.M), 409)
        self.assertProblem(request("DELETE", GAPI + "/proposals/" + pid, cred=self.M), 409)
        # 422 on a decision: the group must be the project group, the present its members
        doc = self.assertProblem(self.post("/proposals/%s/decisions" % pid,
                                           {"outcome": "approved", "groupId": self.wg1["id"]}, self.PG), 422)
        self.assertInvalidParam(doc, "groupId")
        doc = self.assertProblem(self.post("/proposals/%s/decisions" % pid,
                                           {"outcome": "approved", "presentIds": [self.member["id"]]}, self.PG), 422)
        self.assertInvalidParam(doc, "presentIds[0]")
        doc = self.assertProblem(self.post("/proposals/%s/decisions" % pid,
                                           {"outcome": "returned", "reason": "x", "action": {"title": "y"}}, self.PG), 422)
        self.assertInvalidParam(doc, "action")
        # 412 on a stale If-Match
        d = self.decide(pid, "approved", self.PG)
        self.assertProblem(self.post("/actions/%s/transitions" % d["actionId"], {"to": "in_progress"},
                                     headers={"If-Match": '"9"'}), 412)
        self.assertProblem(self.patch("/actions/" + d["actionId"], {"title": "x"}, headers={"If-Match": '"9"'}), 412)
        self.assertInvalidParam(self.assertProblem(self.patch("/actions/" + d["actionId"], {"status": "done"}), 422),
                                "status")
        self.assertInvalidParam(self.assertProblem(self.patch("/actions/" + d["actionId"], {"ownerId": self.prog["id"]}),
                                                   422), "ownerId")
        # an unknown proposal: 404
        self.assertProblem(self.post("/proposals/%s/decisions" % self.prog["id"], {"outcome": "approved"}), 404)
