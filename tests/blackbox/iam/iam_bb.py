"""Helpers of the iam black-box tests (tests/blackbox/iam/test_*.py).

tests/blackbox/run.sh starts the iam service beside casedesk when
build/<flavour>/bin/iam is built (with KOERS_OIDC_ALLOW_HTTP=1: http
issuers on a loopback host are accepted) and exports, besides koers_bb's:

  IAM_URL             the iam service directly (empty: not running, the iam
                      tests skip)
  IAM_VIA_GATEWAY     1: iam runs but only the gateway reaches it (the
                      compose test)
  TOKEN_A_ADMIN, TOKEN_B_ADMIN   the admins of tenants A and B

The tests go through the gateway. Each test class makes a tenant of its
own (koers-admin) where what it counts must not see the others' rows.
"""

import unittest

from koers_bb import ENV, KoersCase, admin, remember_secret, request, uniq

IAPI = "/iam/v1"


def iam_running():
    reachable = bool(ENV.get("IAM_URL")) or ENV.get("IAM_VIA_GATEWAY") == "1"
    return reachable and bool(ENV.get("TOKEN_A_ADMIN"))


def skip_unless_iam(cls):
    return unittest.skipUnless(iam_running(), "the iam service is not running (not built)")(cls)


def new_tenant(prefix="iam"):
    """A tenant of the test's own: (id, slug, its admin's token)."""
    slug = uniq(prefix)
    tid = admin("tenant-create", "--name", "Gemeente " + slug, "--slug", slug)
    token = remember_secret(admin("token", "--tenant", tid, "--sub", "admin-" + slug, "--roles", "admin",
                                  "--ttl", "3600"))
    return tid, slug, token


def provider_body(**kw):
    """A valid registration with an issuer no other test uses."""
    name = uniq("idp")
    body = {
        "name": "Medewerkers " + name,
        "issuer": "https://login.%s.example-gemeente.nl/realms/staff" % name,
        "audience": "koers-api",
        "clientId": "koers-werkplek",
        "rolesClaim": "realm_access.roles",
        "roleMap": {"koers-coordinators": "coordinator", "g-1234": ["official", "employee"]},
        "nameClaim": "name",
        "emailClaim": "email",
        "redirectUris": ["https://werkplek.example-gemeente.nl/signed-in"],
        "postLogoutRedirectUris": ["https://werkplek.example-gemeente.nl/"],
    }
    body.update(kw)
    return body


class IamCase(KoersCase):
    def create_provider(self, token=None, expect=201, **kw):
        body = provider_body(**kw)
        r = request("POST", IAPI + "/identity-providers", body, cred=token or ENV["TOKEN_A_ADMIN"])
        self.assertStatus(r, expect)
        return r.json
