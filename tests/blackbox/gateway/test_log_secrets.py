"""No secret in any log (issue 15, finding 1): drives API keys, tracking
tokens (of real cases and invented ones), referral-link and invitation
tokens through the paths that leaked them: bursts over the gateway's rate
limits with an Open311 api_key in the query and tokens in the path
(anonymous, so the limits apply), paths under the token prefixes that
match no route, services that are down. Every secret is remembered
(koers_bb.remember_secret): the runner scans every log of the run for each
after the tests (tests/blackbox/run.sh); this test reads the gateway's two
logs itself as well."""

import base64
import os
import threading
import time
import unittest
import urllib.parse

from koers_bb import API, ENV, KoersCase, remember_secret, request

SAPI = "/surveys/v1"


def invented(prefix=""):
    return prefix + base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


class LogSecretsTest(KoersCase):
    @classmethod
    def setUpClass(cls):
        cls.work = ENV.get("KOERS_BB_WORK")

    def burst(self, paths, limit=1500, seconds=25, threads=8, stop_after=40):
        """Sends the paths round-robin from several threads without
        credentials until `stop_after` answers were 429 (or the bounds);
        returns the statuses seen."""
        seen, lock, stop = {}, threading.Lock(), threading.Event()
        count = [0]
        deadline = time.monotonic() + seconds

        def run(k):
            i = k
            while not stop.is_set() and time.monotonic() < deadline:
                with lock:
                    if count[0] >= limit:
                        return
                    count[0] += 1
                r = request("GET", paths[i % len(paths)])
                i += 1
                with lock:
                    seen[r.status] = seen.get(r.status, 0) + 1
                    if seen.get(429, 0) >= stop_after:
                        stop.set()

        ts = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(seconds + 20)
        return seen

    def test_secrets_through_limits_and_unmatched_paths(self):
        cat = self.make_category()
        tokens = []
        for _ in range(2):
            case = self.file_case(cat["id"])
            tokens.append(remember_secret(case["trackingToken"]))
        fake_tracking = remember_secret(invented())
        fake_key = remember_secret(invented("kk_"))
        fake_link = remember_secret(invented())
        fake_invitation = remember_secret(invented("st_"))
        short_fake = remember_secret("kk_short" + invented()[:12])
        key = ENV["KEY_A"]
        q = urllib.parse.quote

        # paths that match no route, under the token prefixes, and the
        # matched token routes: with and without credentials
        unmatched = [
            API + "/tracking/" + tokens[0] + "/x",
            API + "/tracking/" + fake_tracking,
            API + "/tracking/" + tokens[1] + "/messages/nope",
            API + "/referral-links/" + fake_link + "/nope",
            API + "/referral-links/" + fake_link,
            API + "/open311/v2/tokens/" + tokens[0] + ".json",
            API + "/open311/v2/tokens/" + fake_tracking + ".json",
            API + "/open311/v2/nope.json?api_key=" + q(key),
            API + "/open311/v2/requests.json?api_key=" + q(fake_key),
            API + "/open311/v2/requests.json?jurisdiction_id=x&api_key=" + q(short_fake),
            SAPI + "/invitations/" + fake_invitation,
            SAPI + "/invitations/" + fake_invitation + "/survey",
            SAPI + "/invitations/" + fake_invitation + "/survey/x",
            API + "/cases/%ff/" + tokens[0],
        ]
        for p in unmatched:
            r = request("GET", p)
            self.assertLess(r.status, 500, "%s: %r" % (p, r))
            r = request("GET", p, cred=ENV["TOKEN_A"])
            self.assertLess(r.status, 500, "%s: %r" % (p, r))

        # the anonymous zone (everything under /casedesk/v1/ but the token
        # routes): an api_key in the query
        seen = self.burst([API + "/categories?api_key=" + q(key),
                           API + "/cases?api_key=" + q(fake_key) + "&x=1",
                           API + "/tracking-nope/" + fake_tracking], limit=400, threads=4)
        self.assertIn(429, seen, seen)
        # the token zone (tracking, referral links, Open311, invitations)
        seen = self.burst([API + "/tracking/" + tokens[0],
                           API + "/tracking/" + tokens[1] + "/x",
                           API + "/open311/v2/requests.json?api_key=" + q(key),
                           API + "/open311/v2/tokens/" + tokens[1] + ".json",
                           API + "/referral-links/" + fake_link,
                           SAPI + "/invitations/" + fake_invitation + "/survey"])
        self.assertIn(429, seen, seen)

        # the gateway's logs (the access log is written within a second)
        if self.work:
            time.sleep(1.5)
            secrets = tokens + [fake_tracking, fake_key, fake_link, fake_invitation, short_fake, key]
            for name in ("access.log", "error.log"):
                path = os.path.join(self.work, "gateway", name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for n, line in enumerate(f, 1):
                        for s in secrets:
                            self.assertNotIn(s, line, "a secret (%s...) in gateway/%s:%d" % (s[:4], name, n))
        # both zones refill before the next test (token zone: 500 at 50/s)
        time.sleep(11)


if __name__ == "__main__":
    unittest.main()
