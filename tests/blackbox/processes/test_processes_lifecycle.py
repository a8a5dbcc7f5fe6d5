"""A process through the gateway: its people rules (the owner manages a
team, the manager works in one of its teams), the status transition table
(an illegal move is 409 naming the allowed ones), the events through the
outbox, and who may move it (owners and managers only their own)."""

from koers_bb import ENV, RedisSubscriber, request
from .processes_bb import PAPI, ProcessesCase, skip_unless_processes


@skip_unless_processes
class ProcessLifecycleTest(ProcessesCase):
    def test_people_rules(self):
        t, owner = self.team_with_manager()
        member = self.make_staff(teamId=t["id"])
        outsider = self.make_staff()
        # the owner must manage a team
        r = request("POST", PAPI + "/processes", {"name": "Nee", "ownerId": member["id"]}, cred=ENV["PTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "ownerId")
        # the manager must be staff of one of the process's teams
        r = request("POST", PAPI + "/processes", {"name": "Nee", "ownerId": owner["id"], "managerId": outsider["id"],
                                                  "teamIds": [t["id"]]}, cred=ENV["PTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "managerId")
        p = self.make_process(owner["id"], managerId=member["id"], teamIds=[t["id"]],
                              coreTeamIds=[member["id"], outsider["id"]], selectedBy="directie en teammanagers",
                              selectedAt="2023-01-15")
        self.assertEqual(p["status"], "selected")
        self.assertEqual(p["selectedAt"], "2023-01-15")
        self.assertEqual(p["coreTeamIds"], [member["id"], outsider["id"]])
        # a PATCH that drops the manager's team is checked against the stored row
        other = self.make_team()
        r = request("PATCH", PAPI + "/processes/" + p["id"], {"teamIds": [other["id"]]}, cred=ENV["PTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "managerId")
        # status is read-only on the resource: a PATCH carrying it leaves it
        r = request("PATCH", PAPI + "/processes/" + p["id"], {"status": "archived", "purpose": "Sneller"},
                    cred=ENV["PTOKEN_A"])
        self.assertEqual((r.json["status"], r.json["purpose"]), ("selected", "Sneller"))
        # the staff in it cannot be deleted
        self.assertProblem(request("DELETE", PAPI + "/staff/" + outsider["id"], cred=ENV["PTOKEN_A"]), 409)

    def test_the_status_table(self):
        t, owner = self.team_with_manager()
        p = self.make_process(owner["id"], teamIds=[t["id"]])
        sub = RedisSubscriber("koers.processes.*")
        try:
            # an illegal move: 409 naming the allowed ones
            r = self.move(p["id"], "monitoring")
            doc = self.assertProblem(r, 409)
            self.assertEqual(doc["allowedTransitions"], ["analysing", "archived"])
            self.assertIn("selected", doc["detail"])
            version = 1
            for to in ("analysing", "improving", "monitoring", "improving", "monitoring", "archived", "selected"):
                r = self.move(p["id"], to, reason="stap " + to)
                self.assertStatus(r, 200)
                version += 1
                self.assertEqual(r.json["status"], to)
                self.assertEqual(r.header("etag"), '"%d"' % version)
            r = self.move(p["id"], "improving")
            self.assertEqual(self.assertProblem(r, 409)["allowedTransitions"], ["analysing", "archived"])
            # If-Match on a move
            r = request("POST", PAPI + "/processes/%s/transitions" % p["id"], {"to": "analysing"},
                        cred=ENV["PTOKEN_A"], headers={"If-Match": '"1"'})
            self.assertProblem(r, 412)
            events = [e for _, _, e in sub.collect(
                lambda e: e["type"] == "process.status.changed" and e["subject"] == p["id"], 7)]
            self.assertEqual([(e["data"]["from"], e["data"]["to"]) for e in events],
                             [("selected", "analysing"), ("analysing", "improving"), ("improving", "monitoring"),
                              ("monitoring", "improving"), ("improving", "monitoring"), ("monitoring", "archived"),
                              ("archived", "selected")])
            self.assertEqual(events[0]["data"]["reason"], "stap analysing")
            self.assertEqual(events[0]["tenant"], ENV["TENANT_A"])
        finally:
            sub.close()

    def test_owners_and_managers_move_only_their_own(self):
        t, owner = self.team_with_manager()
        t2, mine_owner = self.team_with_manager()
        # the process_owner's JWT sub is proc-owner-a, the process_manager's proc-manager-a
        for s in self.walk_all("/staff")[0]:
            if s.get("userSub") in ("proc-owner-a", "proc-manager-a"):
                self.pok(request("PATCH", PAPI + "/staff/" + s["id"], {"userSub": None}, cred=ENV["PTOKEN_A"]))
        self.pok(request("PATCH", PAPI + "/staff/" + mine_owner["id"], {"userSub": "proc-owner-a"},
                         cred=ENV["PTOKEN_A"]))
        manager = self.make_staff(teamId=t2["id"], userSub="proc-manager-a")
        mine = self.make_process(mine_owner["id"], teamIds=[t2["id"]])
        managed = self.make_process(owner["id"], managerId=manager["id"], teamIds=[t2["id"]])
        theirs = self.make_process(owner["id"], teamIds=[t["id"]])
        # the owner moves their own process, not another's
        self.assertStatus(self.move(mine["id"], "analysing", token=ENV["PTOKEN_A_OWNER"]), 200)
        self.assertProblem(self.move(theirs["id"], "analysing", token=ENV["PTOKEN_A_OWNER"]), 403)
        # the manager moves the process they manage, not another's
        self.assertStatus(self.move(managed["id"], "analysing", token=ENV["PTOKEN_A_MANAGER"]), 200)
        self.assertProblem(self.move(mine["id"], "improving", token=ENV["PTOKEN_A_MANAGER"]), 403)
        # neither changes the process itself, nor does a key; a key cannot move it
        self.assertProblem(request("PATCH", PAPI + "/processes/" + mine["id"], {"name": "Nee"},
                                   cred=ENV["PTOKEN_A_OWNER"]), 403)
        self.assertProblem(self.move(mine["id"], "improving", token=ENV["PKEY_A_READ"]), 403)
        self.assertProblem(self.move(mine["id"], "improving", token=ENV["STOKEN_A"]), 403)
        self.assertProblem(request("POST", PAPI + "/processes/%s/transitions" % mine["id"], {"to": "improving"}), 401)
        # the reader key reads
        r = request("GET", PAPI + "/processes/" + mine["id"], cred=ENV["PKEY_A_READ"])
        self.assertEqual(r.json["status"], "analysing")
        # admin moves any
        self.assertStatus(self.move(theirs["id"], "archived", token=ENV["TOKEN_A_ADMIN"]), 200)
        # give the subs back so that a rerun starts clean
        for s in (mine_owner, manager):
            self.pok(request("PATCH", PAPI + "/staff/" + s["id"], {"userSub": None}, cred=ENV["PTOKEN_A"]))

    def test_sessions(self):
        t, owner = self.team_with_manager()
        p = self.make_process(owner["id"], teamIds=[t["id"]])
        s = self.post("/sessions", {"kind": "interview", "date": "2022-10-04", "title": "Interview teammanagers",
                                    "participantRoles": ["board", "team_manager"],
                                    "themes": ["performance_for_citizens", "cooperation"],
                                    "insights": ["Van teamniveau naar procesniveau"], "processIds": [p["id"]]})
        self.assertEqual(s["themes"], ["performance_for_citizens", "cooperation"])
        r = request("GET", PAPI + "/sessions?processIds=" + p["id"], cred=ENV["PKEY_A_READ"])
        self.assertEqual([x["id"] for x in r.json["items"]], [s["id"]])
        r = request("GET", PAPI + "/sessions?kind=working_session&processIds=" + p["id"], cred=ENV["PTOKEN_A"])
        self.assertEqual(r.json["items"], [])
        # the process is referred to by the session
        self.assertProblem(request("DELETE", PAPI + "/processes/" + p["id"], cred=ENV["PTOKEN_A"]), 409)
        r = request("POST", PAPI + "/sessions", {"kind": "interview", "date": "2022-10-04", "themes": ["weather"]},
                    cred=ENV["PTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "themes[0]")
        self.assertStatus(request("DELETE", PAPI + "/sessions/" + s["id"], cred=ENV["PTOKEN_A"]), 204)
        self.assertStatus(request("DELETE", PAPI + "/processes/" + p["id"], cred=ENV["PTOKEN_A"]), 204)
