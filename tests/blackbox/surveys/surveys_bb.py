"""Helpers of the surveys black-box tests (tests/blackbox/surveys/test_*.py).

tests/blackbox/run.sh starts the surveys service beside casedesk when
build/<flavour>/bin/surveys is built and exports, besides koers_bb's:

  SURVEYS_URL       the surveys service directly (empty: not running, the
                    surveys tests skip)
  SURVEYS_VIA_GATEWAY  1: surveys runs but only the gateway reaches it (the
                    compose test); the tests run with an empty SURVEYS_URL
  SKEY_A            tenant A's portal key, scopes surveys:respond surveys:read
  SKEY_A_RESPOND    tenant A's key with surveys:respond only (the open link)
  SKEY_A_READ       tenant A's key with surveys:read only (a dashboard)
  STOKEN_A          tenant A's staff JWT with the role survey_manager
  TOKEN_A           tenant A's coordinator (reads surveys and results only)
  SKEY_B, STOKEN_B  the same for tenant B

Statistics are computed here, in Python, from the answers the tests send,
and compared with what the service computed in SQL.
"""

import math
import os
import re
import time
import unittest
from collections import Counter

from koers_bb import ENV, KoersCase, request, uniq

SAPI = "/surveys/v1"
TOKEN_RE = re.compile(r"^st_[A-Za-z0-9_-]{43}$")

# t quantile 0.975 by degrees of freedom (a non-integer df takes the next
# smaller tabulated df, as the service does)
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
        10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110,
        18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060,
        26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042}


def surveys_running():
    reachable = bool(ENV.get("SURVEYS_URL")) or ENV.get("SURVEYS_VIA_GATEWAY") == "1"
    return reachable and bool(ENV.get("STOKEN_A"))


def skip_unless_surveys(cls):
    return unittest.skipUnless(surveys_running(), "the surveys service is not running (not built)")(cls)


def mean(xs):
    return sum(xs) / len(xs)


def sd(xs):
    """Sample standard deviation (n - 1)."""
    m = mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def nps(xs):
    p = sum(1 for x in xs if x >= 9)
    d = sum(1 for x in xs if x <= 6)
    return 100.0 * (p - d) / len(xs), p, d


def welch(from_xs, to_xs):
    """(difference to - from, lo, hi) of Welch's 95% t-interval."""
    va, vb = sd(to_xs) ** 2 / len(to_xs), sd(from_xs) ** 2 / len(from_xs)
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (len(to_xs) - 1) + vb ** 2 / (len(from_xs) - 1))
    t = T975[max(1, min(30, int(math.floor(df))))] if df < 31 else 1.96
    diff = mean(to_xs) - mean(from_xs)
    return diff, diff - t * se, diff + t * se


class SurveysCase(KoersCase):
    """Fixtures of a survey through the API (staff = tenant A's survey manager)."""

    def sok(self, r, *statuses):
        self.assertIn(r.status, statuses or (200, 201), repr(r))
        self.assertCommonHeaders(r)
        return r.json

    def make_value(self, token=None, name=None):
        r = request("POST", SAPI + "/core-values",
                    {"name": name or uniq("Waarde"), "description": "Een kernwaarde voor de test."},
                    cred=token or ENV["STOKEN_A"])
        self.assertStatus(r, 201)
        return r.json

    def make_survey(self, token=None, **kw):
        body = {"title": uniq("Klimaatmonitor"), "kind": "climate_monitor", "audiences": ["citizens", "employees"]}
        body.update(kw)
        r = request("POST", SAPI + "/surveys", body, cred=token or ENV["STOKEN_A"])
        self.assertStatus(r, 201)
        return r.json

    def add_question(self, survey_id, token=None, **body):
        r = request("POST", SAPI + "/surveys/%s/questions" % survey_id, body, cred=token or ENV["STOKEN_A"])
        self.assertStatus(r, 201)
        return r.json

    def open_survey(self, survey_id, token=None):
        r = request("POST", SAPI + "/surveys/%s/open" % survey_id, cred=token or ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "open")
        return r.json

    def close_survey(self, survey_id, token=None):
        r = request("POST", SAPI + "/surveys/%s/close" % survey_id, cred=token or ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "closed")
        return r.json

    def invite(self, survey_id, audience, count, token=None):
        r = request("POST", SAPI + "/surveys/%s/invitations" % survey_id, {"audience": audience, "count": count},
                    cred=token or ENV["STOKEN_A"])
        self.assertStatus(r, 201)
        doc = r.json
        self.assertEqual(doc["audience"], audience)
        self.assertEqual(doc["count"], count)
        self.assertEqual(len(doc["tokens"]), count)
        self.assertEqual(len(set(doc["tokens"])), count, "duplicate tokens")
        for t in doc["tokens"]:
            self.assertRegex(t, TOKEN_RE)
        return doc["tokens"]

    def submit(self, token, answers, **kw):
        """POST /responses with an invitation token and no other
        credentials. The gateway rate-limits requests without credentials
        per address: a 429 is waited out and retried."""
        for _ in range(30):
            r = request("POST", SAPI + "/responses", {"token": token, "answers": answers}, **kw)
            if r.status != 429:
                return r
            time.sleep(float(r.header("retry-after") or 1))
        return r

    def submit_ok(self, token, answers):
        r = self.submit(token, answers)
        self.assertStatus(r, 201)
        self.assertEqual(r.json, {"status": "received"}, "a response must be answered without an id")
        return r

    def results(self, survey_id, cred=None, query=""):
        r = request("GET", SAPI + "/surveys/%s/results%s" % (survey_id, query), cred=cred or ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        return r.json

    @staticmethod
    def result_items(doc):
        """The per-question results of GET /results (named `results`; `items` accepted too)."""
        items = doc.get("results")
        if items is None:
            items = doc.get("items")
        assert isinstance(items, list), "no results list in %r" % doc
        return items

    def result_for(self, doc, question_id, audience):
        found = [x for x in self.result_items(doc) if x.get("questionId") == question_id and x.get("audience") == audience]
        self.assertEqual(len(found), 1, "results for %s/%s: %r" % (question_id, audience, found))
        return found[0]

    def assertNamed(self, doc, name):
        """invalidParams names `name` or a part of it (`name[1]`, `name.value`)."""
        names = [p.get("name") or "" for p in doc.get("invalidParams") or []]
        self.assertTrue(any(n == name or n.startswith(name + "[") or n.startswith(name + ".") for n in names),
                        "invalidParams %r do not name %s" % (names, name))
        for p in doc["invalidParams"]:
            self.assertTrue(p.get("reason"), "invalid param without a reason: %r" % p)

    def assertClose(self, got, want, places=3, msg=None):
        self.assertIsNotNone(got, msg)
        self.assertAlmostEqual(float(got), float(want), places=places, msg=msg)

    @staticmethod
    def nonzero(counts):
        return {str(k): v for k, v in (counts or {}).items() if v}

    @staticmethod
    def counter(values):
        return {str(k): v for k, v in Counter(values).items()}
