"""Citizens' cases show where processes hurt, through the gateway: a
casedesk category mapped to a process (the mapping's rules), cases filed and
closed in the casedesk reach the process's figures through the casedesk's
events; THE OUTAGE: processes stopped while cases close, started again, the
figures are right and nothing counted twice; a root cause named on
resolution becomes a proposed bottleneck with the count and the case
references."""

import datetime
import unittest
import uuid

from koers_bb import API, ENV, request
from processes.processes_bb import (PAPI, ProcessesCase, poll, processes_ctl, processes_restartable,
                                    skip_unless_processes)

WAIT_S = 30


@skip_unless_processes
class CitizensCasesTest(ProcessesCase):
    # ---- fixtures ----------------------------------------------------------
    def process(self):
        _, owner = self.team_with_manager()
        return self.make_process(owner["id"])

    def mapped(self):
        """A process, and a routed casedesk category mapped to it."""
        p = self.process()
        cat, _, district = self.routed_setup()
        m = self.post("/category-mappings", {"categoryId": cat["id"], "processId": p["id"]})
        self.assertEqual(m["categoryId"], cat["id"])
        self.assertIsNone(m["stepId"])
        return p, cat, district

    def case_move(self, cid, to, expect=200, **kw):
        body = {"to": to}
        body.update(kw)
        r = request("POST", API + "/cases/%s/transitions" % cid, body, cred=ENV["TOKEN_A"])
        self.assertStatus(r, expect)
        return r.json

    def resolve(self, cid, **kw):
        return self.case_move(cid, "resolved", outcome="agreed",
                              explanation="De container is geleegd.", **kw)

    def closed_case(self, cat, district, root=None):
        c = self.file_case(cat["id"], district=district)
        self.assertEqual(c["status"], "assigned")
        self.case_move(c["id"], "in_progress")
        if root is not None:
            self.resolve(c["id"], rootCause=root)
        else:
            self.resolve(c["id"])
        self.case_move(c["id"], "closed")
        return c

    def proposals(self, pid):
        r = request("GET", PAPI + "/processes/%s/root-causes" % pid, cred=ENV["PKEY_A_READ"])
        self.assertStatus(r, 200)
        return r.json["items"]

    def figures(self, pid, query="", cred=None):
        r = request("GET", PAPI + "/processes/%s/citizen-figures%s" % (pid, query),
                    cred=cred or ENV["PTOKEN_A"])
        self.assertStatus(r, 200)
        return r.json

    def figures_when(self, pid, cases, reopen_share=0.0):
        """The figures once they count `cases` with that reopen share (a
        reopened case leaves the count until it closes again; bounded wait)."""
        f = poll(lambda: self.figures(pid),
                 lambda f: f["cases"] >= cases and (f["reopenShare"] or 0.0) >= reopen_share, WAIT_S)
        self.assertEqual(f["cases"], cases, "the figures did not reach %d cases in %d s: %r"
                         % (cases, WAIT_S, f))
        self.assertEqual(f["reopenShare"] or 0.0, reopen_share, f)
        return f

    # ---- the mapping -------------------------------------------------------
    def test_a_category_maps_to_one_process(self):
        p = self.process()
        q = self.process()
        cat = str(uuid.uuid4())
        m = self.post("/category-mappings", {"categoryId": cat, "processId": p["id"]})
        again = request("POST", PAPI + "/category-mappings", {"categoryId": cat, "processId": q["id"]},
                        cred=ENV["PTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(again, 409), "categoryId")
        # an unknown process, a step that is no flow step of it: 422
        r = request("POST", PAPI + "/category-mappings",
                    {"categoryId": str(uuid.uuid4()), "processId": str(uuid.uuid4())},
                    cred=ENV["PTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "processId")
        r = request("POST", PAPI + "/category-mappings",
                    {"categoryId": str(uuid.uuid4()), "processId": p["id"], "stepId": str(uuid.uuid4())},
                    cred=ENV["PTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "stepId")
        r = request("PATCH", PAPI + "/category-mappings/" + m["id"], {"stepId": str(uuid.uuid4())},
                    cred=ENV["PTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "stepId")
        # who may: the key and owners read, only coordinators write; tenant B sees nothing
        r = request("GET", PAPI + "/category-mappings?categoryId=" + cat, cred=ENV["PKEY_A_READ"])
        self.assertStatus(r, 200)
        self.assertEqual([i["id"] for i in r.json["items"]], [m["id"]])
        self.assertProblem(request("POST", PAPI + "/category-mappings",
                                   {"categoryId": str(uuid.uuid4()), "processId": p["id"]},
                                   cred=ENV["PTOKEN_A_OWNER"]), 403)
        self.assertProblem(request("GET", PAPI + "/category-mappings/" + m["id"], cred=ENV["PTOKEN_B"]), 404)
        self.assertProblem(request("GET", PAPI + "/processes/%s/citizen-figures" % p["id"],
                                   cred=ENV["PTOKEN_B"]), 404)
        # moved to the other process, then deleted
        r = request("PATCH", PAPI + "/category-mappings/" + m["id"], {"processId": q["id"]},
                    cred=ENV["PTOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["processId"], q["id"])
        self.assertStatus(request("DELETE", PAPI + "/category-mappings/" + m["id"], cred=ENV["PTOKEN_A"]), 204)

    def test_bad_queries_are_400(self):
        p = self.process()
        for q in ("?from=2026-02-30", "?from=2026-03-02&to=2026-03-01", "?groupBy=week", "?year=2026"):
            r = request("GET", PAPI + "/processes/%s/citizen-figures%s" % (p["id"], q), cred=ENV["PTOKEN_A"])
            self.assertProblem(r, 400)
        self.assertProblem(request("GET", PAPI + "/processes/nope/citizen-figures", cred=ENV["PTOKEN_A"]), 400)
        self.assertProblem(request("GET", PAPI + "/processes/%s/root-causes?limit=0" % p["id"],
                                   cred=ENV["PTOKEN_A"]), 400)

    # ---- the figures -------------------------------------------------------
    def test_closed_cases_reach_the_figures(self):
        p, cat, district = self.mapped()
        empty = self.figures(p["id"])
        self.assertEqual(empty["cases"], 0)
        self.assertIsNone(empty["leadTimeDays"]["median"])
        today = datetime.date.fromisoformat(empty["to"])
        self.assertEqual(empty["categoryIds"], [cat["id"]])
        cases = [self.closed_case(cat, district) for _ in range(3)]
        # one reopened and closed again; one still open (not counted)
        self.case_move(cases[0]["id"], "in_progress")
        self.resolve(cases[0]["id"])
        self.case_move(cases[0]["id"], "closed")
        self.file_case(cat["id"], district=district)
        f = self.figures_when(p["id"], 3, 0.333)
        self.assertEqual(f["slaBreaches"], 0)
        self.assertGreaterEqual(f["leadTimeDays"]["median"], 0)
        self.assertLess(f["leadTimeDays"]["p90"], 1)
        self.assertIsNone(f["satisfaction"]["mean"])
        self.assertEqual(f["satisfaction"]["count"], 0)
        # per month: this month's three; the key reads them too
        m = self.figures(p["id"], "?groupBy=month&from=%s&to=%s" % (today.replace(day=1), today),
                         cred=ENV["PKEY_A_READ"])
        self.assertEqual([(x["month"], x["cases"]) for x in m["months"]], [(today.strftime("%Y-%m"), 3)])
        # a period that ended yesterday holds none of them
        y = today - datetime.timedelta(days=1)
        self.assertEqual(self.figures(p["id"], "?to=%s" % y)["cases"], 0)

    @unittest.skipUnless(ENV.get("EKEY_B"), "the runner gives processes no events key of tenant B")
    def test_each_tenant_s_cases_reach_only_its_own_processes(self):
        """processes reads the casedesk's events of two tenants (a key
        each): tenant B's closed case counts for tenant B's process and for
        nothing of tenant A's."""
        pa, cat_a, district_a = self.mapped()
        _, owner_b = self.team_with_manager(token=ENV["PTOKEN_B"])
        pb = self.make_process(owner_b["id"], token=ENV["PTOKEN_B"])
        cat_b, _, district_b = self.routed_setup(ENV["TOKEN_B"])
        self.post("/category-mappings", {"categoryId": cat_b["id"], "processId": pb["id"]}, ENV["PTOKEN_B"])
        c = self.file_case(cat_b["id"], key=ENV["KEY_B"], district=district_b)
        for body in ({"to": "in_progress"},
                     {"to": "resolved", "outcome": "agreed", "explanation": "De lamp brandt weer."},
                     {"to": "closed"}):
            self.assertStatus(request("POST", API + "/cases/%s/transitions" % c["id"], body,
                                      cred=ENV["TOKEN_B"]), 200)
        f = poll(lambda: self.figures(pb["id"], cred=ENV["PTOKEN_B"]), lambda f: f["cases"] >= 1, WAIT_S)
        self.assertEqual(f["cases"], 1, "tenant B's closed case did not reach its process in %d s" % WAIT_S)
        self.assertEqual(self.figures(pa["id"])["cases"], 0)
        # and tenant A cannot see tenant B's process at all
        self.assertProblem(request("GET", PAPI + "/processes/%s/citizen-figures" % pb["id"],
                                   cred=ENV["PTOKEN_A"]), 404)

    @unittest.skipUnless(processes_restartable(), "the runner cannot stop and start processes here")
    def test_nothing_is_lost_while_processes_is_down(self):
        p, cat, district = self.mapped()
        root = {"processId": p["id"]}
        self.closed_case(cat, district, root)
        self.figures_when(p["id"], 1)
        self.assertEqual(processes_ctl("stop"), 0, "processes did not stop cleanly")
        try:
            for i in range(3):
                self.closed_case(cat, district, root if i < 2 else None)
            reopened = self.closed_case(cat, district)
            self.case_move(reopened["id"], "in_progress")
            self.resolve(reopened["id"])
            self.case_move(reopened["id"], "closed")
        finally:
            self.assertEqual(processes_ctl("start"), 0, "processes did not start again")
        self.figures_when(p["id"], 5, 0.2)
        # the root causes named while it was down: counted, each once
        items = self.proposals(p["id"])
        self.assertEqual([(b["caseCount"], len(b["caseIds"])) for b in items], [(3, 3)])
        # caught up: more replays change nothing (each event applied once)
        self.closed_case(cat, district)
        self.figures_when(p["id"], 6, 0.167)
        self.assertEqual(self.figures(p["id"])["cases"], 6)

    # ---- root causes -------------------------------------------------------
    def test_root_causes_become_a_proposed_bottleneck(self):
        p, cat, district = self.mapped()
        other = self.process()
        ids = []
        for step in (None, str(uuid.uuid4())):  # a step the process does not have: the process as a whole
            c = self.file_case(cat["id"], district=district)
            self.case_move(c["id"], "in_progress")
            root = {"processId": p["id"], "stepId": step}
            done = self.resolve(c["id"], rootCause=root)
            self.assertEqual(done["rootCause"], root)
            ids.append(c["id"])
        # a root cause of a process of nobody's: ignored
        c = self.file_case(cat["id"], district=district)
        self.case_move(c["id"], "in_progress")
        self.resolve(c["id"], rootCause={"processId": str(uuid.uuid4())})
        # a root cause on another move is 422
        c = self.file_case(cat["id"], district=district)
        r = request("POST", API + "/cases/%s/transitions" % c["id"],
                    {"to": "in_progress", "rootCause": {"processId": p["id"]}}, cred=ENV["TOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "rootCause")
        r = request("POST", API + "/cases/%s/transitions" % c["id"], {"to": "in_progress"}, cred=ENV["TOKEN_A"])
        r = request("POST", API + "/cases/%s/transitions" % c["id"],
                    {"to": "resolved", "outcome": "agreed", "explanation": "Gedaan.",
                     "rootCause": {"processId": "x"}}, cred=ENV["TOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "rootCause.processId")

        items = poll(lambda: self.proposals(p["id"]), lambda i: len(i) == 1 and i[0]["caseCount"] == 2, WAIT_S)
        self.assertEqual(len(items), 1, items)
        b = items[0]
        self.assertEqual(b["status"], "proposed")
        self.assertIsNone(b["stepId"])
        self.assertEqual(b["caseCount"], 2)
        self.assertEqual(sorted(b["caseIds"]), sorted(ids))
        self.assertEqual(b["description"], "Raised from 2 citizens' cases")
        self.assertEqual((b["impact"], b["effort"]), (3, 3))
        self.assertEqual(b["caseDaysOver"], 0)
        r = request("GET", PAPI + "/processes/%s/root-causes" % other["id"], cred=ENV["PTOKEN_A"])
        self.assertEqual(r.json["items"], [])
        # the case shows its root cause; a reopen clears it
        self.case_move(ids[0], "in_progress")
        r = request("GET", API + "/cases/" + ids[0], cred=ENV["TOKEN_A"])
        self.assertIsNone(r.json["rootCause"])
