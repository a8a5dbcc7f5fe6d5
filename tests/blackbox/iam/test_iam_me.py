"""GET /me: who the caller is, as every service takes them."""

import json

from koers_bb import ENV, admin, remember_secret, request
from .iam_bb import IAPI, IamCase, skip_unless_iam


@skip_unless_iam
class MeTest(IamCase):
    def test_a_service_token_shows_sub_tenant_and_roles(self):
        token = remember_secret(admin("token", "--tenant", ENV["TENANT_A"], "--sub", "me-anna",
                                      "--roles", "coordinator liaison_officer", "--ttl", "600"))
        r = request("GET", IAPI + "/me", cred=token)
        self.assertStatus(r, 200)
        self.assertCommonHeaders(r)
        self.assertEqual(r.json, {"sub": "me-anna", "tenant": ENV["TENANT_A"],
                                  "roles": ["coordinator", "liaison_officer"]},
                         "no name or e-mail when the token gave none")
        self.assertIn("no-store", r.header("cache-control") or "")

    def test_every_staff_role_is_admitted(self):
        for role in ("admin", "coordinator", "liaison_officer", "official", "process_owner", "process_manager",
                     "programme_lead", "programme_member", "core_team", "survey_manager", "integration_admin",
                     "employee", "privacy_officer"):
            with self.subTest(role=role):
                token = remember_secret(admin("token", "--tenant", ENV["TENANT_B"], "--sub", "me-" + role,
                                              "--roles", role, "--ttl", "600"))
                r = request("GET", IAPI + "/me", cred=token)
                self.assertStatus(r, 200)
                self.assertEqual((r.json["sub"], r.json["tenant"], r.json["roles"]),
                                 ("me-" + role, ENV["TENANT_B"], [role]))

    def test_refusals(self):
        self.assertProblem(request("GET", IAPI + "/me"), 401)
        self.assertProblem(request("GET", IAPI + "/me", cred="not.a.jwt"), 401)
        self.assertProblem(request("GET", IAPI + "/me", cred="kk_" + "x" * 43), 401)
        doc = self.assertProblem(request("GET", IAPI + "/me", cred=ENV["KEY_A"]), 403)
        self.assertNotIn(ENV["TENANT_A"], json.dumps(doc))
        # a token without a role is no staff member of any role
        token = remember_secret(admin("token", "--tenant", ENV["TENANT_A"], "--sub", "me-nobody",
                                      "--roles", "", "--ttl", "600"))
        self.assertProblem(request("GET", IAPI + "/me", cred=token), 403)
