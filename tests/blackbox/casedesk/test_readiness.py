"""(R) Readiness survives a Redis outage: ready means "can serve requests"
(PostgreSQL answers, migrations applied). With the run's Redis stopped,
/readyz of casedesk stays 200 and says redis "down", a case is still filed
(its event waits in the outbox: outboxPending, the metrics), and once Redis
is back the event is published. Redis is restarted on the same port
whatever happens, so the run goes on healthy."""

import os
import re
import subprocess
import time
import unittest
import urllib.parse

from koers_bb import API, CASEDESK, ENV, KoersCase, request

WORK = ENV.get("KOERS_BB_WORK", "")
STACK = os.path.join(WORK, "stack") if WORK else ""


def redis_ctl(action):
    """koers_redis_stop / koers_redis_start (tests/lib/stack.sh) on the
    run's Redis, the start on the same port."""
    subprocess.run(["sh", "-c", '. tests/lib/stack.sh && koers_redis_%s "$1"' % action, "sh", STACK],
                   env=dict(os.environ, REDIS_PORT=ENV["REDIS_PORT"]), timeout=60, check=True,
                   stdout=subprocess.DEVNULL)


def redis_running():
    return os.path.exists(os.path.join(STACK, "redis.pid"))


@unittest.skipUnless(WORK and os.path.exists(os.path.join(STACK, "redis.pid")),
                     "the runner's Redis is not ours to stop")
class ReadinessWithoutRedisTest(KoersCase):
    def readyz(self):
        r = request("GET", "/readyz", base=CASEDESK)
        self.assertStatus(r, 200)
        doc = r.json
        self.assertEqual(doc["status"], "ready")
        checks = doc["checks"]
        self.assertEqual(set(checks), {"database", "migrations", "redis", "outboxPending"})
        self.assertEqual(checks["database"], "up")
        self.assertEqual(checks["migrations"], "done")
        self.assertIn(checks["redis"], ("up", "down"))
        self.assertGreaterEqual(checks["outboxPending"], 0)
        return checks

    def until(self, what, predicate, seconds):
        deadline = time.monotonic() + seconds
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                self.fail("not within %d s: %s" % (seconds, what))
            time.sleep(0.2)

    def events_after(self, after):
        """The tenant's published events after seq `after`: (events, last seq)."""
        events, url, last = [], API + "/events?after=%d&limit=1000" % after, after
        for _ in range(500):
            r = request("GET", url, cred=ENV["TOKEN_A"])
            self.assertStatus(r, 200)
            for e in r.json["items"]:
                events.append(e)
                last = e["seq"]
            nxt = r.json["_links"].get("next")
            if not nxt:
                return events, last
            u = urllib.parse.urlsplit(nxt["href"])
            url = u.path + "?" + u.query
        self.fail("too many pages of events")

    def metric(self, name):
        r = request("GET", "/metrics", base=CASEDESK)
        self.assertStatus(r, 200)
        m = re.search(r"^%s (\S+)$" % re.escape(name), r.raw.decode(), re.M)
        self.assertIsNotNone(m, "no %s in /metrics" % name)
        return float(m.group(1))

    def test_ready_while_redis_is_down_and_the_event_follows(self):
        cat = self.make_category()
        self.assertEqual(self.readyz()["redis"], "up")
        _, head = self.events_after(0)
        redis_ctl("stop")
        try:
            # every answer meanwhile is 200; the detail says Redis is down
            self.until("readyz says redis down", lambda: self.readyz()["redis"] == "down", 10)
            self.assertEqual(self.metric("koers_redis_up"), 0)
            case = self.file_case(cat["id"], district="Zonder Redis")
            self.until("the filing's event waits in the outbox", lambda: self.readyz()["outboxPending"] >= 1, 10)
            self.assertGreaterEqual(self.metric("koers_outbox_pending"), 1)
            self.assertGreaterEqual(self.metric("koers_outbox_oldest_pending_seconds"), 0)
            events, _ = self.events_after(head)
            self.assertNotIn(case["id"], [e["subject"] for e in events], "published without Redis?")
            # reads and writes go on
            r = request("GET", API + "/cases/" + case["id"], cred=ENV["TOKEN_A"])
            self.assertStatus(r, 200)
        finally:
            if not redis_running():
                redis_ctl("start")
        self.until("readyz says redis up again", lambda: self.readyz()["redis"] == "up", 20)
        self.until("the case's event published once Redis is back",
                   lambda: case["id"] in [e["subject"] for e in self.events_after(head)[0]], 20)
        self.until("the outbox drained", lambda: self.readyz()["outboxPending"] == 0, 20)
        self.assertEqual(self.metric("koers_redis_up"), 1)


if __name__ == "__main__":
    unittest.main()
