"""Bottlenecks and the ranked backlog through the gateway: a process with
bottlenecks in all four quadrants ranked per process and tenant-wide in the
documented order (score descending, impact descending, effort ascending,
oldest first, then id), keyset pages with ranks, a weights change that
re-ranks, the core team raising on its own process only, the decisions and
their 409, the events, tenant isolation and bad input (never a 500).

A stepId is only tested as an unknown step here: published flow versions
come from the flow API; the integration test (tests/integration/
test_processes_backlog.c) covers steps of draft and other processes'
versions."""

import base64
import unittest

from koers_bb import ENV, RedisSubscriber, request, uniq
from .processes_bb import PAPI, ProcessesCase, skip_unless_processes

NIL = "00000000-0000-4000-8000-000000000000"
CORE_SUB = "proc-core-a"


def forged_cursor(key, bid):
    """A cursor of the kit's form ("<key>|<id>", base64url) that this API never handed out."""
    return base64.urlsafe_b64encode(("%s|%s" % (key, bid)).encode()).decode().rstrip("=")


def order_key(b):
    return (-b["score"], -b["impact"], b["effort"], b["createdAt"], b["id"])


@skip_unless_processes
class BacklogTest(ProcessesCase):
    @classmethod
    def setUpClass(cls):
        t = ProcessesCase()
        cls.team, cls.owner = t.team_with_manager()
        # the core-team member signs in as proc-core-a (PTOKEN_A_CORE)
        for s in t.walk_all("/staff")[0]:
            if s.get("userSub") == CORE_SUB:
                t.pok(request("PATCH", PAPI + "/staff/" + s["id"], {"userSub": None}, cred=ENV["PTOKEN_A"]))
        cls.core = t.make_staff(teamId=cls.team["id"], userSub=CORE_SUB)
        cls.process = t.make_process(cls.owner["id"], teamIds=[cls.team["id"]], coreTeamIds=[cls.core["id"]])
        cls.other = t.make_process(cls.owner["id"], teamIds=[cls.team["id"]])

    def raise_(self, token=None, process=None, **kw):
        body = {"processId": (process or self.process)["id"], "description": uniq("Knelpunt"), "source": "staff",
                "impact": 3, "effort": 3}
        body.update(kw)
        return request("POST", PAPI + "/bottlenecks", body, cred=token or ENV["PTOKEN_A"])

    def decide(self, bid, token=None, **body):
        return request("POST", PAPI + "/bottlenecks/%s/decisions" % bid, body, cred=token or ENV["PTOKEN_A"])

    def backlog(self, path, token=None):
        items, _ = self.walk(PAPI + path, token or ENV["PTOKEN_A"])
        self.assertEqual([b["rank"] for b in items], list(range(1, len(items) + 1)))
        return items

    def test_ranked_backlog_and_weights(self):
        p = self.make_process(self.owner["id"], teamIds=[self.team["id"]])
        sub = RedisSubscriber("koers.processes.*")
        made = {}
        try:
            # the four quadrants (default weights 2, 1, 1) and two ties
            for name, kw in (("quick_win", dict(impact=5, effort=1)),                    # 90
                             ("big_bet", dict(impact=5, effort=5, frequency=200,
                                              frequencyUnit="month")),                   # 80
                             ("tie_high", dict(impact=4, effort=4, frequency=1,
                                               frequencyUnit="week")),                   # 65, impact 4
                             ("tie_low", dict(impact=3, effort=1, frequency=1,
                                              frequencyUnit="month")),                   # 65, impact 3
                             ("fill_in", dict(impact=2, effort=1)),                      # 60
                             ("thankless", dict(impact=1, effort=5, frequency=0,
                                                frequencyUnit="month"))):                # 20
                made[name] = self.pok(self.raise_(process=p, **kw), 201)
            self.assertEqual({k: (b["score"], b["quadrant"]) for k, b in made.items()},
                             {"quick_win": (90, "quick_win"), "big_bet": (80, "big_bet"),
                              "tie_high": (65, "big_bet"), "tie_low": (65, "quick_win"),
                              "fill_in": (60, "fill_in"), "thankless": (20, "thankless")})
            expected = ["quick_win", "big_bet", "tie_high", "tie_low", "fill_in", "thankless"]
            items = self.backlog("/processes/%s/backlog?limit=4" % p["id"])
            self.assertEqual([b["id"] for b in items], [made[k]["id"] for k in expected])
            self.assertEqual(items[0]["processName"], p["name"])
            self.assertEqual(items[0]["quadrant"], "quick_win")
            # a reading key sees it too, filtered by quadrant
            items = self.backlog("/processes/%s/backlog?quadrant=quick_win&limit=1" % p["id"], ENV["PKEY_A_READ"])
            self.assertEqual([b["id"] for b in items], [made["quick_win"]["id"], made["tie_low"]["id"]])
            # tenant-wide: the documented order over every process, ours among them
            items = self.backlog("/backlog?limit=100")
            # (stable: rows of one millisecond keep the service's order, by microsecond and id)
            self.assertEqual(items, sorted(items, key=lambda b: order_key(b)[:4]))
            ours = [b["id"] for b in items if b["processId"] == p["id"]]
            self.assertEqual(ours, [made[k]["id"] for k in expected])
            items = self.backlog("/backlog?processId=%s&limit=5" % p["id"], ENV["PTOKEN_A_OWNER"])
            self.assertEqual([b["id"] for b in items], [made[k]["id"] for k in expected])
            # the events of raising: numbers and states, no description
            events = [e for _, _, e in sub.collect(
                lambda e: e["type"] == "bottleneck.raised" and e["data"].get("processId") == p["id"], 6)]
            self.assertEqual(len(events), 6)
            by_id = {e["data"]["id"]: e["data"] for e in events}
            d = by_id[made["big_bet"]["id"]]
            self.assertEqual((d["impact"], d["effort"], d["score"], d["quadrant"], d["source"], d["stepId"]),
                             (5, 5, 80, "big_bet", "staff", None))
            self.assertNotIn("description", d)

            # only effort counts now: the backlog re-ranks at once
            settings = self.pok(request("GET", PAPI + "/settings", cred=ENV["PTOKEN_A"]))
            self.assertEqual(settings["weights"], {"impact": 2, "effort": 1, "frequency": 1})
            r = request("PUT", PAPI + "/settings", {"coverageTarget": settings["coverageTarget"],
                                                    "weights": {"impact": 0, "effort": 1, "frequency": 0}},
                        cred=ENV["PTOKEN_A"])
            self.assertEqual(self.pok(r)["weights"], {"impact": 0, "effort": 1, "frequency": 0})
            items = self.backlog("/processes/%s/backlog?limit=3" % p["id"])
            self.assertEqual([b["id"] for b in items],
                             [made[k]["id"] for k in ("quick_win", "tie_low", "fill_in", "tie_high", "big_bet",
                                                      "thankless")])
            self.assertEqual([b["score"] for b in items], [100, 100, 100, 40, 20, 20])
            self.assertEqual(self.pok(request("GET", PAPI + "/bottlenecks/" + made["big_bet"]["id"],
                                              cred=ENV["PTOKEN_A"]))["score"], 20)
            # a PATCH of the effort: a new score and its event
            r = request("PATCH", PAPI + "/bottlenecks/" + made["big_bet"]["id"], {"effort": 2},
                        cred=ENV["PTOKEN_A"])
            self.assertEqual((self.pok(r)["score"], r.json["quadrant"]), (80, "quick_win"))
            events = [e for _, _, e in sub.collect(
                lambda e: e["type"] == "bottleneck.prioritised" and e["subject"] == made["big_bet"]["id"], 1)]
            self.assertEqual(len(events), 1)
            self.assertEqual((events[0]["data"]["score"], events[0]["data"]["previousScore"],
                              events[0]["data"]["quadrant"]), (80, 20, "quick_win"))
        finally:
            sub.close()
            cur = self.pok(request("GET", PAPI + "/settings", cred=ENV["PTOKEN_A"]))
            self.pok(request("PUT", PAPI + "/settings", {"coverageTarget": cur["coverageTarget"], "weights": None},
                             cred=ENV["PTOKEN_A"]))
        self.assertEqual(self.pok(request("GET", PAPI + "/settings", cred=ENV["PTOKEN_A"]))["weights"],
                         {"impact": 2, "effort": 1, "frequency": 1})

    @unittest.skipUnless(ENV.get("PTOKEN_A_CORE"), "no core-team token")
    def test_the_core_team_raises_on_its_own_process(self):
        core = ENV["PTOKEN_A_CORE"]
        b = self.pok(self.raise_(core, raisedBy="kernteam"), 201)
        self.assertEqual((b["status"], b["raisedBy"]), ("open", "kernteam"))
        self.assertProblem(self.raise_(core, process=self.other), 403)
        self.assertProblem(request("PATCH", PAPI + "/bottlenecks/" + b["id"], {"impact": 5}, cred=core), 403)
        self.assertProblem(request("DELETE", PAPI + "/bottlenecks/" + b["id"], cred=core), 403)
        self.assertProblem(self.decide(b["id"], core, decision="dismiss", reason="x"), 403)
        # reading is fine
        self.pok(request("GET", PAPI + "/bottlenecks/" + b["id"], cred=core))
        self.pok(request("GET", PAPI + "/processes/%s/backlog" % self.process["id"], cred=core))
        # a reading key may not raise
        self.assertProblem(self.raise_(ENV["PKEY_A_READ"]), 403)
        # the owner may change and delete
        self.pok(request("PATCH", PAPI + "/bottlenecks/" + b["id"], {"impact": 5}, cred=ENV["PTOKEN_A"]))
        self.assertStatus(request("DELETE", PAPI + "/bottlenecks/" + b["id"], cred=ENV["PTOKEN_A"]), 204)
        self.assertProblem(request("GET", PAPI + "/bottlenecks/" + b["id"], cred=ENV["PTOKEN_A"]), 404)

    def test_decisions(self):
        b = self.pok(self.raise_(impact=4, effort=2), 201)
        doc = self.assertProblem(self.decide(b["id"], decision="take_up"), 409)
        self.assertEqual(doc["allowedDecisions"], ["dismiss"])
        self.assertInvalidParam(self.assertProblem(self.decide(b["id"], decision="dismiss"), 422), "reason")
        r = request("POST", PAPI + "/bottlenecks/%s/decisions" % b["id"], {"decision": "dismiss", "reason": "x"},
                    cred=ENV["PTOKEN_A"], headers={"If-Match": '"9"'})
        self.assertProblem(r, 412)
        r = self.decide(b["id"], decision="dismiss", reason="Valt buiten het proces")
        d = self.pok(r)
        self.assertEqual((d["status"], d["decision"], d["decisionReason"]),
                         ("dismissed", "dismiss", "Valt buiten het proces"))
        self.assertEqual(r.header("etag"), '"2"')
        self.assertNotIn(b["id"], [x["id"] for x in self.backlog("/processes/%s/backlog?limit=100"
                                                                    % self.process["id"])])
        doc = self.assertProblem(self.decide(b["id"], decision="dismiss", reason="nog eens"), 409)
        self.assertEqual(doc["allowedDecisions"], ["reopen"])
        d = self.pok(self.decide(b["id"], decision="reopen"))
        self.assertEqual((d["status"], d["decision"], d["decisionReason"]), ("open", "reopen", None))
        # the status moves only through decisions
        self.assertInvalidParam(self.assertProblem(
            request("PATCH", PAPI + "/bottlenecks/" + b["id"], {"status": "solved"}, cred=ENV["PTOKEN_A"]), 422),
            "status")
        self.pok(request("PATCH", PAPI + "/bottlenecks/" + b["id"], {"status": "open", "description": "Nieuw"},
                         cred=ENV["PTOKEN_A"]))
        for body in ({}, {"decision": "solve"}, {"decision": "take_up", "extra": 1}, {"decision": "dismiss",
                                                                                       "reason": ""}):
            with self.subTest(body=body):
                self.assertProblem(request("POST", PAPI + "/bottlenecks/%s/decisions" % b["id"], body,
                                           cred=ENV["PTOKEN_A"]), 422)
        self.assertProblem(self.decide(NIL, decision="reopen"), 404)
        self.assertProblem(self.decide("x", decision="reopen"), 400)

    def test_tenant_isolation(self):
        b = self.pok(self.raise_(), 201)
        tok = ENV["PTOKEN_B"]
        self.assertProblem(request("GET", PAPI + "/bottlenecks/" + b["id"], cred=tok), 404)
        self.assertProblem(request("PATCH", PAPI + "/bottlenecks/" + b["id"], {"impact": 1}, cred=tok), 404)
        self.assertProblem(request("DELETE", PAPI + "/bottlenecks/" + b["id"], cred=tok), 404)
        self.assertProblem(self.decide(b["id"], tok, decision="dismiss", reason="x"), 404)
        self.assertProblem(request("GET", PAPI + "/processes/%s/backlog" % self.process["id"], cred=tok), 404)
        self.assertNotIn(b["id"], [x["id"] for x in self.backlog("/backlog?limit=100", tok)])
        self.assertNotIn(b["id"], [x["id"] for x in self.walk_all("/bottlenecks", tok)[0]])
        # tenant A's process is unknown to tenant B: 422 on raising there
        self.assertInvalidParam(self.assertProblem(self.raise_(tok), 422), "processId")

    def test_bad_input(self):
        pid = self.process["id"]
        session = self.post("/sessions", {"kind": "working_session", "date": "2023-02-01"})
        cases = (
            ({"impact": 0}, "impact"), ({"impact": 6}, "impact"), ({"impact": "3"}, "impact"),
            ({"effort": None}, "effort"), ({"description": ""}, "description"), ({"source": "mail"}, "source"),
            ({"source": "citizens_cases"}, "source"), ({"status": "proposed"}, "status"),
            ({"frequency": 3}, "frequencyUnit"), ({"frequencyUnit": "month"}, "frequency"),
            ({"frequency": 1, "frequencyUnit": "day"}, "frequencyUnit"), ({"frequency": -1,
                                                                          "frequencyUnit": "week"}, "frequency"),
            ({"processId": NIL}, "processId"), ({"processId": "x"}, "processId"),
            ({"stepId": NIL}, "stepId"), ({"source": "interview"}, "sessionId"),
            ({"source": "interview", "sessionId": session["id"]}, "sessionId"),
            ({"source": "staff", "sessionId": session["id"]}, "sessionId"),
            ({"sessionId": NIL, "source": "session"}, "sessionId"), ({"score": "hoog"}, "score"),
            ({"colour": "red"}, "colour"),
        )
        for kw, field in cases:
            with self.subTest(body=kw):
                self.assertInvalidParam(self.assertProblem(self.raise_(**kw), 422), field)
        # a working session for source session is right
        self.pok(self.raise_(source="session", sessionId=session["id"]), 201)
        b = self.pok(self.raise_(frequency=2, frequencyUnit="week"), 201)
        for body, field in (({"processId": self.other["id"]}, "processId"), ({"frequencyUnit": None}, "frequencyUnit"),
                            ({"source": "citizens_cases"}, "source"), ({"impact": 9}, "impact")):
            with self.subTest(patch=body):
                r = request("PATCH", PAPI + "/bottlenecks/" + b["id"], body, cred=ENV["PTOKEN_A"])
                self.assertInvalidParam(self.assertProblem(r, 422), field)
        tok = ENV["PTOKEN_A"]
        for q in ("?quadrant=quick", "?status=solved", "?status=open,open", "?limit=0", "?limit=101",
                  "?cursor=abc", "?cursor=" + forged_cursor("90.0|5|1|x|5", NIL),
                  "?cursor=" + forged_cursor("90.0|5|1|1700000000000000", NIL),
                  "?processId=x", "?source=mail", "?colour=red"):
            with self.subTest(q=q):
                self.assertProblem(request("GET", PAPI + "/backlog" + q, cred=tok), 400)
        self.assertProblem(request("GET", PAPI + "/processes/%s/backlog?processId=%s" % (pid, pid), cred=tok), 400)
        self.assertProblem(request("GET", PAPI + "/processes/x/backlog", cred=tok), 400)
        self.assertProblem(request("GET", PAPI + "/processes/%s/backlog" % NIL, cred=tok), 404)
        self.assertProblem(request("GET", PAPI + "/bottlenecks?status=closed", cred=tok), 400)
        self.assertProblem(request("GET", PAPI + "/bottlenecks/x", cred=tok), 400)
        self.assertProblem(request("GET", PAPI + "/bottlenecks/" + NIL, cred=tok), 404)
        self.assertProblem(request("POST", PAPI + "/bottlenecks", raw=b'{"impact": ', cred=tok,
                                   headers={"Content-Type": "application/json"}), 400)
        cur = self.pok(request("GET", PAPI + "/settings", cred=tok))
        for w in ({"impact": 0, "effort": 0, "frequency": 0}, {"impact": -1, "effort": 1, "frequency": 1},
                  {"impact": 101, "effort": 1, "frequency": 1}, {"impact": "2", "effort": 1, "frequency": 1},
                  {"impact": 1.5, "effort": 1, "frequency": 1}, {"impact": 2, "effort": 1},
                  {"impact": 2, "effort": 1, "frequency": 1, "urgency": 1}, [2, 1, 1], "2,1,1"):
            with self.subTest(weights=w):
                r = request("PUT", PAPI + "/settings", {"coverageTarget": cur["coverageTarget"], "weights": w},
                            cred=tok)
                self.assertProblem(r, 422)
        self.assertEqual(self.pok(request("GET", PAPI + "/settings", cred=tok))["weights"], cur["weights"])
