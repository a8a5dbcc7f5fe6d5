"""(L) No path as sent in a service's log: tokens and keys a client puts in
a path or query (a tracking or invitation token on a path no route has, an
api_key parameter, a token where an id belongs) never reach the services'
logs. Asked straight at each running service; its log
($KOERS_BB_WORK/<service>.log) is then searched for every secret (want
none). The secrets are also remembered for the runner's scan of all logs."""

import os
import secrets
import unittest

from koers_bb import ENV, KoersCase, remember_secret, request

WORK = ENV.get("KOERS_BB_WORK", "")


def secret(kind):
    return remember_secret("%s%s" % (kind, secrets.token_urlsafe(24).replace("-", "x").replace("_", "y")))


@unittest.skipUnless(WORK, "the runner's work folder (service logs) is not known")
class NoPathInServiceLogsTest(KoersCase):
    def probe(self, service, base, prefix):
        """Asks base (service `service`, API prefix like /casedesk/v1) with
        secrets in paths and queries; returns the secrets used."""
        used = []
        token, key, other = secret("trk"), secret("kk_"), secret("inv")
        used += [token, key, other]
        targets = [
            ("GET", "%s/tracking/%s/x" % (prefix, token)),
            ("GET", "%s/invitations/%s" % (prefix, other)),
            ("GET", "%s/nothing/%s?api_key=%s" % (prefix, token, key)),
            ("GET", "%s/%s" % (prefix, token)),
            ("GET", "/%s?api_key=%s" % (other, key)),
            ("DELETE", "%s/tracking/%s" % (prefix, token)),
            ("GET", "%s/cases/%s" % (prefix, token)),
            ("GET", "%s/cases/%s/%%ff?api_key=%s" % (prefix, token, key)),
            ("GET", "/readyz?api_key=%s" % key),
        ]
        for method, target in targets:
            r = request(method, target, base=base)
            self.assertLess(r.status, 500, "%s %s: %r" % (method, target, r))
        return used

    def scan(self, service, used):
        path = os.path.join(WORK, service + ".log")
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
        leaked = [s for s in used if s in text]
        self.assertEqual(leaked, [], "%d secrets in the %s log" % (len(leaked), service))

    def test_casedesk(self):
        base = ENV["CASEDESK_URL"]
        used = self.probe("casedesk", base, "/casedesk/v1")
        token, key = secret("trk"), secret("kk_")
        for method, target in (("GET", "/casedesk/v1/tracking/%s" % token),
                               ("GET", "/casedesk/v1/tracking/%s/x/y" % token),
                               ("POST", "/casedesk/v1/tracking/%s/nothing" % token),
                               ("GET", "/casedesk/v1/referral-links/%s" % token),
                               ("GET", "/casedesk/v1/open311/v2/requests/%s.json?api_key=%s" % (token, key)),
                               ("GET", "/casedesk/v1/open311/v2/%s?api_key=%s" % (token, key))):
            r = request(method, target, base=base)
            self.assertLess(r.status, 500, "%s %s: %r" % (method, target, r))
        self.scan("casedesk", used + [token, key])

    def test_other_services(self):
        ran = 0
        for service in ("surveys", "processes", "programmes", "notifications", "iam"):
            base = ENV.get(service.upper() + "_URL", "")
            if not base:
                continue
            ran += 1
            with self.subTest(service=service):
                used = self.probe(service, base, "/%s/v1" % service)
                if service == "surveys":
                    token = secret("inv")
                    for target in ("/surveys/v1/invitations/%s" % token,
                                   "/surveys/v1/invitations/%s/survey/x" % token,
                                   "/surveys/v1/invitations/%s/survey?api_key=%s" % (token, token)):
                        self.assertLess(request("GET", target, base=base).status, 500)
                    used.append(token)
                self.scan(service, used)
        if ran == 0:
            self.skipTest("no other service is running")


if __name__ == "__main__":
    unittest.main()
