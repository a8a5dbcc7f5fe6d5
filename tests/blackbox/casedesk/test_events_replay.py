"""(E) Events replay: GET /casedesk/v1/events?after=<seq> gives the
tenant's published events in publication order; a consumer that pages
with after=<last seq> sees every event Redis carried for its tenant, once,
and nothing of another tenant."""

import time
import urllib.parse

from koers_bb import API, ENV, KoersCase, RedisSubscriber, request


class EventsReplayTest(KoersCase):
    def replay(self, after, cred, limit=1000):
        """Every event after `after` following the next links; checks the
        envelope and that seq only grows. Returns (events, last seq)."""
        events, url, pages = [], API + "/events?after=%d&limit=%d" % (after, limit), 0
        last = after
        while url:
            pages += 1
            self.assertLess(pages, 500, "too many pages")
            r = request("GET", url, cred=cred)
            self.assertStatus(r, 200)
            doc = r.json
            self.assertIn("self", doc["_links"])
            self.assertLessEqual(len(doc["items"]), limit)
            for e in doc["items"]:
                self.assertEqual(set(e), {"seq", "id", "type", "subject", "data", "createdAt", "publishedAt"})
                self.assertGreater(e["seq"], last, "seq does not grow")
                last = e["seq"]
                events.append(e)
            nxt = doc["_links"].get("next")
            url = None
            if nxt:
                self.assertEqual(len(doc["items"]), limit, "a next link after a short page")
                u = urllib.parse.urlsplit(nxt["href"])
                q = urllib.parse.parse_qs(u.query)
                self.assertEqual(q["after"], [str(last)])
                url = u.path + "?" + u.query
        return events, last

    def test_replay_matches_redis_for_the_tenant_only(self):
        _, head = self.replay(0, ENV["TOKEN_A"])
        sub = RedisSubscriber("koers.casedesk.*")
        try:
            cat = self.make_category()
            cat_b = self.make_category(token=ENV["TOKEN_B"])
            for i in range(4):
                c = self.file_case(cat["id"], district="Replay")
                if i % 2 == 0:
                    off = self.make_officer()
                    r = request("PUT", API + "/cases/%s/assignment" % c["id"], {"officerId": off["id"]},
                                cred=ENV["TOKEN_A"])
                    self.assertStatus(r, 200)
            self.file_case(cat_b["id"], key=ENV["KEY_B"])
            # what Redis carried: A's four filings and two assignments, B's filing
            seen = sub.collect(lambda env: env.get("tenant") in (ENV["TENANT_A"], ENV["TENANT_B"]), 7, seconds=15)
        finally:
            sub.close()
        on_redis_a = {env["id"]: env for _, _, env in seen if env["tenant"] == ENV["TENANT_A"]}
        on_redis_b = {env["id"]: env for _, _, env in seen if env["tenant"] == ENV["TENANT_B"]}
        self.assertGreaterEqual(len(on_redis_a), 6)
        self.assertTrue(on_redis_b)

        # the relay sets seq with published_at: poll until all are there
        deadline = time.monotonic() + 10
        while True:
            events, _ = self.replay(head, ENV["TOKEN_A"], limit=2)
            got = {e["id"]: e for e in events}
            if set(on_redis_a) <= set(got) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.assertEqual(len(got), len(events), "an event replayed twice")
        missing = set(on_redis_a) - set(got)
        self.assertFalse(missing, "events on Redis not replayed: %r" % missing)
        self.assertFalse(set(on_redis_b) & set(got), "tenant B's events in A's replay")
        for eid, env in on_redis_a.items():
            e = got[eid]
            self.assertEqual((e["type"], e["subject"], e["data"]), (env["type"], env["subject"], env["data"]))
            self.assertEqual(e["createdAt"][:19], env["time"][:19])
            self.assertGreaterEqual(e["publishedAt"], e["createdAt"])
        # the order of the replay is the order Redis delivered them in
        redis_order = [env["id"] for _, _, env in seen if env["id"] in got]
        replay_order = [e["id"] for e in events if e["id"] in on_redis_a]
        self.assertEqual(replay_order, redis_order)
        self.assertNotIn("Jan de Vries", str(events))

        # a key with cases:read reads the same; B reads its own
        events_key, _ = self.replay(head, ENV["KEY_A"])
        self.assertEqual([e["id"] for e in events_key][:len(events)], [e["id"] for e in events])
        # a key with events:read only (a consuming service's) reads the
        # same, and nothing else
        events_ekey, _ = self.replay(head, ENV["EKEY_A"])
        self.assertEqual([e["id"] for e in events_ekey][:len(events)], [e["id"] for e in events])
        self.assertProblem(request("GET", API + "/cases", cred=ENV["EKEY_A"]), 403)
        self.assertProblem(request("GET", API + "/categories", cred=ENV["EKEY_A"]), 403)
        self.assertProblem(request("POST", API + "/cases", self.case_body(cat["id"]), cred=ENV["EKEY_A"]), 403)
        events_b, _ = self.replay(0, ENV["TOKEN_B"])
        ids_b = {e["id"] for e in events_b}
        self.assertTrue(set(on_redis_b) <= ids_b, "B misses its own events")
        self.assertFalse(ids_b & set(on_redis_a))

    def test_faults(self):
        for q, field in (("after=-1", "after"), ("after=x", "after"), ("limit=0", "limit"),
                         ("limit=1001", "limit"), ("cursor=abc", "cursor")):
            doc = self.assertProblem(request("GET", API + "/events?" + q, cred=ENV["TOKEN_A"]), 400)
            self.assertInvalidParam(doc, field)
        self.assertProblem(request("GET", API + "/events", cred=ENV["TOKEN_A_OFFICER"]), 403)
        self.assertProblem(request("GET", API + "/events"), 401)
        # far beyond the last seq: an empty page without next
        r = request("GET", API + "/events?after=9000000000000", cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["items"], [])
        self.assertNotIn("next", r.json["_links"])
