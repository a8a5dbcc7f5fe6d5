"""Improvements and KPIs through the gateway: an improvement from proposed
through planned and in progress to done, solving its bottlenecks (when the
bottleneck API of this build answers); the status table (409 naming the
allowed moves, 412, dropping needs a reason); a KPI measured off target
(kpi.off_target for the owner and manager) and back on target
(kpi.on_target); bad input of each kind; tenant B sees nothing; the owner
of another process may not steer this one."""

import uuid

from koers_bb import ENV, RedisSubscriber, request, uniq
from .processes_bb import PAPI, ProcessesCase, skip_unless_processes


@skip_unless_processes
class ImprovementsTest(ProcessesCase):
    def setUp(self):
        t, self.owner = self.team_with_manager()
        self.member = self.make_staff(teamId=t["id"])
        self.proc = self.make_process(self.owner["id"], managerId=self.member["id"], teamIds=[t["id"]])

    def improvement(self, token=None, **kw):
        body = {"processId": self.proc["id"], "title": uniq("Eén intake"), "kind": "uniform_working_method"}
        body.update(kw)
        return self.post("/improvements", body, token)

    def imove(self, iid, to, token=None, headers=None, **kw):
        body = {"to": to}
        body.update(kw)
        return request("POST", PAPI + "/improvements/%s/transitions" % iid, body,
                       cred=token or ENV["PTOKEN_A"], headers=headers)

    def bottlenecks(self, n):
        """n bottlenecks of the process through POST /bottlenecks, or None
        when this build has no bottleneck API yet."""
        if request("GET", PAPI + "/bottlenecks", cred=ENV["PTOKEN_A"]).status != 200:
            return None
        out = []
        for i in range(n):
            r = request("POST", PAPI + "/bottlenecks",
                        {"processId": self.proc["id"], "description": "Knelpunt %d" % i, "source": "staff",
                         "impact": 4, "effort": 2}, cred=ENV["PTOKEN_A"])
            self.assertStatus(r, 201)  # the bottleneck API answers: its create must work here
            out.append(r.json["id"])
        return out

    def test_an_improvement_to_done_solves_its_bottlenecks(self):
        bids = self.bottlenecks(2)
        sub = RedisSubscriber("koers.processes.improvement.*")
        try:
            imp = self.improvement(bottleneckIds=bids or [], ownerId=self.member["id"], dueOn="2024-06-30")
            self.assertEqual((imp["status"], imp["dropReason"], imp["completedAt"]), ("proposed", None, None))
            # an illegal move: 409 naming the allowed ones
            doc = self.assertProblem(self.imove(imp["id"], "done"), 409)
            self.assertEqual(doc["allowedTransitions"], ["planned", "dropped"])
            # If-Match on a move
            self.assertProblem(self.imove(imp["id"], "planned", headers={"If-Match": '"7"'}), 412)
            for n, to in enumerate(("planned", "in_progress", "done")):
                r = self.imove(imp["id"], to, headers={"If-Match": '"%d"' % (n + 1)})
                self.assertStatus(r, 200)
                self.assertEqual(r.json["status"], to)
                self.assertEqual(r.header("etag"), '"%d"' % (n + 2))
            self.assertTrue(r.json["completedAt"])
            # done is final
            self.assertEqual(self.assertProblem(self.imove(imp["id"], "in_progress"), 409)["allowedTransitions"], [])
            # status is read-only: another value is 422, an echo passes
            r = request("PATCH", PAPI + "/improvements/" + imp["id"], {"status": "proposed"}, cred=ENV["PTOKEN_A"])
            self.assertInvalidParam(self.assertProblem(r, 422), "status")
            r = request("PATCH", PAPI + "/improvements/" + imp["id"],
                        {"status": "done", "result": "Eén werkwijze", "kpiBefore": 70, "kpiAfter": 52.5},
                        cred=ENV["PTOKEN_A"])
            self.assertEqual((r.status, r.json["result"], r.json["kpiAfter"]), (200, "Eén werkwijze", 52.5))
            # only a proposed improvement is deleted
            self.assertProblem(request("DELETE", PAPI + "/improvements/" + imp["id"], cred=ENV["PTOKEN_A"]), 409)
            events = [e for _, _, e in sub.collect(lambda e: e["subject"] == imp["id"] and e["type"] in (
                "improvement.status.changed", "improvement.completed"), 4)]
            self.assertEqual([(e["type"], e["data"].get("to")) for e in events],
                             [("improvement.status.changed", "planned"), ("improvement.status.changed", "in_progress"),
                              ("improvement.status.changed", "done"), ("improvement.completed", None)])
            done = events[3]["data"]
            self.assertEqual(done["processId"], self.proc["id"])
            self.assertEqual(sorted(done["bottleneckIds"]), sorted(bids or []))
            self.assertEqual(sorted(done["solvedBottleneckIds"]), sorted(bids or []))
        finally:
            sub.close()
        if bids is None:
            self.skipTest("no bottleneck API in this build: the solved bottlenecks are tested in integration")
        for b in bids:
            r = request("GET", PAPI + "/bottlenecks/" + b, cred=ENV["PTOKEN_A"])
            self.assertEqual(r.json["status"], "solved")

    def test_dropping_needs_a_reason(self):
        imp = self.improvement()
        doc = self.assertProblem(self.imove(imp["id"], "dropped"), 422)
        self.assertInvalidParam(doc, "reason")
        r = self.imove(imp["id"], "dropped", reason="Dubbel met een ander verbeterpunt")
        self.assertEqual((r.status, r.json["status"], r.json["dropReason"]),
                         (200, "dropped", "Dubbel met een ander verbeterpunt"))
        self.assertEqual(self.assertProblem(self.imove(imp["id"], "planned"), 409)["allowedTransitions"], ["proposed"])
        r = self.imove(imp["id"], "proposed")
        self.assertEqual((r.json["status"], r.json["dropReason"]), ("proposed", None))
        # filters
        r = request("GET", PAPI + "/improvements?status=proposed&processId=" + self.proc["id"], cred=ENV["PKEY_A_READ"])
        self.assertEqual([x["id"] for x in r.json["items"]], [imp["id"]])
        r = request("GET", PAPI + "/improvements?status=done&processId=" + self.proc["id"], cred=ENV["PTOKEN_A"])
        self.assertEqual(r.json["items"], [])
        self.assertStatus(request("DELETE", PAPI + "/improvements/" + imp["id"], cred=ENV["PTOKEN_A"]), 204)

    def test_bad_input(self):
        p = PAPI + "/improvements"
        base = {"processId": self.proc["id"], "title": "Goed", "kind": "other"}
        for bad, field in (({"kind": "wonder"}, "kind"), ({"title": ""}, "title"),
                           ({"processId": str(uuid.uuid4())}, "processId"), ({"dueOn": "2024-02-30"}, "dueOn"),
                           ({"bottleneckIds": ["nee"]}, "bottleneckIds[0]"),
                           ({"bottleneckIds": [str(uuid.uuid4())]}, "bottleneckIds"),
                           ({"kpiBefore": "veel"}, "kpiBefore"), ({"colour": "red"}, "colour")):
            body = dict(base)
            body.update(bad)
            self.assertInvalidParam(self.assertProblem(request("POST", p, body, cred=ENV["PTOKEN_A"]), 422), field)
        r = request("POST", p, {"processId": self.proc["id"], "kind": "other"}, cred=ENV["PTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "title")
        self.assertProblem(request("POST", p, raw=b"{nee", cred=ENV["PTOKEN_A"],
                                   headers={"Content-Type": "application/json"}), 400)
        self.assertProblem(request("POST", p + "/nee/transitions", {"to": "planned"}, cred=ENV["PTOKEN_A"]), 400)
        self.assertProblem(self.imove(str(uuid.uuid4()), "planned"), 404)
        imp = self.improvement()
        self.assertInvalidParam(self.assertProblem(self.imove(imp["id"], "finished"), 422), "to")
        # an improvement stays with its process; its KPI is of its own process
        t2, owner2 = self.team_with_manager()
        other = self.make_process(owner2["id"], teamIds=[t2["id"]])
        r = request("PATCH", p + "/" + imp["id"], {"processId": other["id"]}, cred=ENV["PTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "processId")
        k = self.post("/kpis", {"processId": other["id"], "name": "Wachttijd", "unit": "minuten",
                                "direction": "lower_is_better", "target": 15, "frequency": "week"})
        r = request("PATCH", p + "/" + imp["id"], {"kpiId": k["id"]}, cred=ENV["PTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "kpiId")

    def test_kpi_off_target_and_back_on(self):
        k = self.post("/kpis", {"processId": self.proc["id"], "name": "Doorlooptijd vergunning", "unit": "dagen",
                                "direction": "lower_is_better", "target": 56, "frequency": "month"})
        self.assertEqual((k["status"], k["latest"]), ("unknown", None))
        mpath = PAPI + "/kpis/%s/measurements" % k["id"]
        sub = RedisSubscriber("koers.processes.kpi.*")
        try:
            key = {"Idempotency-Key": uniq("meting")}
            body = {"periodStart": "2024-03-01", "periodEnd": "2024-03-31", "value": 63.5, "source": "zaaksysteem"}
            r = request("POST", mpath, body, cred=ENV["PTOKEN_A"], headers=key)
            self.assertStatus(r, 201)
            march = r.json
            self.assertEqual((march["value"], march["onTarget"], march["note"]), (63.5, False, ""))
            # the same key again: the first answer, nothing recorded twice
            r = request("POST", mpath, body, cred=ENV["PTOKEN_A"], headers=key)
            self.assertEqual((r.status, r.header("idempotent-replayed"), r.json["id"]), (201, "true", march["id"]))
            # the same period without the key: 409; an overlapping one too
            self.assertProblem(request("POST", mpath, body, cred=ENV["PTOKEN_A"]), 409)
            self.assertProblem(request("POST", mpath, {"periodStart": "2024-03-31", "periodEnd": "2024-04-29",
                                                       "value": 1}, cred=ENV["PTOKEN_A"]), 409)
            r = request("GET", PAPI + "/kpis/" + k["id"], cred=ENV["PKEY_A_READ"])
            self.assertEqual((r.json["status"], r.json["latest"]),
                             ("off_target", {"value": 63.5, "periodStart": "2024-03-01", "periodEnd": "2024-03-31",
                                             "onTarget": False}))
            # back on target in April (the process manager records it)
            self.pok(request("PATCH", PAPI + "/staff/" + self.member["id"], {"userSub": "proc-manager-a"},
                             cred=ENV["PTOKEN_A"]))
            try:
                r = request("POST", mpath, {"periodStart": "2024-04-01", "periodEnd": "2024-04-30", "value": 49},
                            cred=ENV["PTOKEN_A_MANAGER"])
                self.assertStatus(r, 201)
                self.assertTrue(r.json["onTarget"])
            finally:
                self.pok(request("PATCH", PAPI + "/staff/" + self.member["id"], {"userSub": None},
                                 cred=ENV["PTOKEN_A"]))
            # February, late and off target: no alarm
            self.assertStatus(request("POST", mpath, {"periodStart": "2024-02-01", "periodEnd": "2024-02-29",
                                                      "value": 80}, cred=ENV["PTOKEN_A"]), 201)
            events = [e for _, _, e in sub.collect(lambda e: e["subject"] == k["id"] and e["type"] in (
                "kpi.off_target", "kpi.on_target"), 3, seconds=5)]
            self.assertEqual([(e["type"], e["data"]["periodEnd"]) for e in events],
                             [("kpi.off_target", "2024-03-31"), ("kpi.on_target", "2024-04-30")])
            off = events[0]["data"]
            self.assertEqual((off["kpiId"], off["processId"], off["value"], off["target"], off["direction"],
                              off["ownerId"], off["managerId"]),
                             (k["id"], self.proc["id"], 63.5, 56, "lower_is_better", self.owner["id"],
                              self.member["id"]))
        finally:
            sub.close()
        r = request("GET", PAPI + "/kpis/" + k["id"], cred=ENV["PTOKEN_A"])
        self.assertEqual((r.json["status"], r.json["latest"]["periodEnd"]), ("on_target", "2024-04-30"))
        # newest period first, one page at a time
        items, pages = self.walk(mpath + "?limit=1", ENV["PKEY_A_READ"])
        self.assertEqual([m["periodEnd"] for m in items], ["2024-04-30", "2024-03-31", "2024-02-29"])
        self.assertEqual(pages, 3)
        # bad input
        for bad, field in (({"periodEnd": "2024-05-01"}, "periodEnd"), ({"value": "veel"}, "value"),
                           ({"periodStart": "mei"}, "periodStart"), ({"value": 1e12}, "value")):
            body = {"periodStart": "2024-06-01", "periodEnd": "2024-06-30", "value": 1}
            body.update(bad)
            self.assertInvalidParam(self.assertProblem(request("POST", mpath, body, cred=ENV["PTOKEN_A"]), 422), field)
        self.assertProblem(request("POST", PAPI + "/kpis/%s/measurements" % uuid.uuid4(),
                                   {"periodStart": "2024-06-01", "periodEnd": "2024-06-30", "value": 1},
                                   cred=ENV["PTOKEN_A"]), 404)
        # a measured KPI is not deleted; a measurement is
        self.assertProblem(request("DELETE", PAPI + "/kpis/" + k["id"], cred=ENV["PTOKEN_A"]), 409)
        for m in items:
            self.assertStatus(request("DELETE", mpath + "/" + m["id"], cred=ENV["PTOKEN_A"]), 204)
        self.assertProblem(request("DELETE", mpath + "/" + items[0]["id"], cred=ENV["PTOKEN_A"]), 404)
        r = request("GET", PAPI + "/kpis/" + k["id"], cred=ENV["PTOKEN_A"])
        self.assertEqual((r.json["status"], r.json["latest"]), ("unknown", None))
        self.assertStatus(request("DELETE", PAPI + "/kpis/" + k["id"], cred=ENV["PTOKEN_A"]), 204)

    def test_tenants_and_who_steers(self):
        imp = self.improvement()
        k = self.post("/kpis", {"processId": self.proc["id"], "name": "Tevredenheid", "unit": "cijfer",
                                "direction": "higher_is_better", "target": 7.5, "frequency": "quarter"})
        mpath = PAPI + "/kpis/%s/measurements" % k["id"]
        m = {"periodStart": "2024-01-01", "periodEnd": "2024-03-31", "value": 7.5}
        # tenant B sees nothing of A
        for path in ("/improvements/" + imp["id"], "/kpis/" + k["id"], "/kpis/%s/measurements" % k["id"]):
            self.assertProblem(request("GET", PAPI + path, cred=ENV["PTOKEN_B"]), 404)
        self.assertProblem(self.imove(imp["id"], "planned", token=ENV["PTOKEN_B"]), 404)
        self.assertProblem(request("POST", mpath, m, cred=ENV["PTOKEN_B"]), 404)
        self.assertProblem(request("PATCH", PAPI + "/kpis/" + k["id"], {"target": 1}, cred=ENV["PTOKEN_B"]), 404)
        r = request("GET", PAPI + "/improvements?processId=" + self.proc["id"], cred=ENV["PTOKEN_B"])
        self.assertEqual(r.json["items"], [])
        # the owner of another process reads, but does not steer this one
        t2, owner2 = self.team_with_manager()
        theirs = self.make_process(owner2["id"], teamIds=[t2["id"]])
        for s in self.walk_all("/staff")[0]:
            if s.get("userSub") == "proc-owner-a":
                self.pok(request("PATCH", PAPI + "/staff/" + s["id"], {"userSub": None}, cred=ENV["PTOKEN_A"]))
        self.pok(request("PATCH", PAPI + "/staff/" + owner2["id"], {"userSub": "proc-owner-a"}, cred=ENV["PTOKEN_A"]))
        try:
            tok = ENV["PTOKEN_A_OWNER"]
            self.assertStatus(request("GET", PAPI + "/improvements/" + imp["id"], cred=tok), 200)
            self.assertProblem(self.imove(imp["id"], "planned", token=tok), 403)
            self.assertProblem(request("PATCH", PAPI + "/improvements/" + imp["id"], {"title": "Nee"}, cred=tok), 403)
            self.assertProblem(request("POST", PAPI + "/improvements", {"processId": self.proc["id"], "title": "Nee",
                                                                        "kind": "other"}, cred=tok), 403)
            self.assertProblem(request("POST", mpath, m, cred=tok), 403)
            self.assertProblem(request("DELETE", PAPI + "/kpis/" + k["id"], cred=tok), 403)
            # ... and steers their own
            mine = self.improvement(token=tok, processId=theirs["id"])
            self.assertStatus(self.imove(mine["id"], "planned", token=tok), 200)
        finally:
            self.pok(request("PATCH", PAPI + "/staff/" + owner2["id"], {"userSub": None}, cred=ENV["PTOKEN_A"]))
        # a reader key reads and writes nothing
        self.assertStatus(request("GET", mpath, cred=ENV["PKEY_A_READ"]), 200)
        self.assertProblem(request("POST", mpath, m, cred=ENV["PKEY_A_READ"]), 403)
        self.assertProblem(self.imove(imp["id"], "planned", token=ENV["PKEY_A_READ"]), 403)
