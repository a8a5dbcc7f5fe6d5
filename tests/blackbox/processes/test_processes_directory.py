"""Teams and staff (the directory) through the gateway: CRUD on the resource
kit, references checked within the tenant, deletes refused while referred
to, userSub unique, roles and scope."""

from koers_bb import ENV, request, uniq
from .processes_bb import PAPI, ProcessesCase, skip_unless_processes


@skip_unless_processes
class DirectoryTest(ProcessesCase):
    def test_team_and_staff_crud(self):
        tok = ENV["PTOKEN_A"]
        m = self.make_staff(name="Els Bakker", email="e.bakker@example.org", userSub=uniq("sub"))
        self.assertIsNone(m["teamId"])
        r = request("POST", PAPI + "/teams", {"name": "Publiekszaken", "managerId": m["id"], "membersCount": 14},
                    cred=tok)
        self.assertStatus(r, 201)
        self.assertCommonHeaders(r)
        self.assertTrue(r.header("location").endswith("/processes/v1/teams/" + r.json["id"]))
        self.assertEqual(r.header("etag"), '"1"')
        team = r.json
        self.assertEqual((team["name"], team["managerId"], team["membersCount"]), ("Publiekszaken", m["id"], 14))
        # the manager joins the team
        r = request("PATCH", PAPI + "/staff/" + m["id"], {"teamId": team["id"]}, cred=tok,
                    headers={"If-Match": '"1"'})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["teamId"], team["id"])
        # a stale If-Match is 412
        r = request("PATCH", PAPI + "/staff/" + m["id"], {"name": "Els B."}, cred=tok, headers={"If-Match": '"1"'})
        self.assertProblem(r, 412)
        # read back, list, filter
        r = request("GET", PAPI + "/teams/" + team["id"], cred=tok)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["membersCount"], 14)
        r = request("GET", PAPI + "/staff?teamId=" + team["id"], cred=tok)
        self.assertStatus(r, 200)
        self.assertEqual([s["id"] for s in r.json["items"]], [m["id"]])
        r = request("GET", PAPI + "/teams?managerId=" + m["id"], cred=tok)
        self.assertEqual([t["id"] for t in r.json["items"]], [team["id"]])
        # the team is referred to by its staff and the staff member by the team: 409 on delete
        self.assertProblem(request("DELETE", PAPI + "/teams/" + team["id"], cred=tok), 409)
        self.assertProblem(request("DELETE", PAPI + "/staff/" + m["id"], cred=tok), 409)
        # undo the references, then both go
        self.pok(request("PATCH", PAPI + "/staff/" + m["id"], {"teamId": None}, cred=tok))
        self.pok(request("PATCH", PAPI + "/teams/" + team["id"], {"managerId": None}, cred=tok))
        self.assertStatus(request("DELETE", PAPI + "/teams/" + team["id"], cred=tok), 204)
        self.assertStatus(request("DELETE", PAPI + "/staff/" + m["id"], cred=tok), 204)
        self.assertProblem(request("GET", PAPI + "/staff/" + m["id"], cred=tok), 404)

    def test_a_team_in_a_process_is_not_deleted(self):
        t, m = self.team_with_manager()
        other = self.make_team()
        p = self.make_process(m["id"], teamIds=[t["id"], other["id"]])
        r = request("DELETE", PAPI + "/teams/" + other["id"], cred=ENV["PTOKEN_A"])
        self.assertProblem(r, 409)
        self.pok(request("PATCH", PAPI + "/processes/" + p["id"], {"teamIds": [t["id"]]}, cred=ENV["PTOKEN_A"]))
        self.assertStatus(request("DELETE", PAPI + "/teams/" + other["id"], cred=ENV["PTOKEN_A"]), 204)

    def test_user_sub_is_unique_in_the_tenant(self):
        sub = uniq("sub")
        self.make_staff(userSub=sub)
        r = request("POST", PAPI + "/staff", {"name": "Twee", "email": "twee@example.org", "userSub": sub},
                    cred=ENV["PTOKEN_A"])
        doc = self.assertProblem(r, 409)
        self.assertIn("userSub", doc["detail"])
        # another tenant may use the same sub
        self.make_staff(token=ENV["PTOKEN_B"], userSub=sub)

    def test_references_must_exist_in_the_tenant(self):
        b_staff = self.make_staff(token=ENV["PTOKEN_B"])
        r = request("POST", PAPI + "/teams", {"name": "X", "managerId": b_staff["id"]}, cred=ENV["PTOKEN_A"])
        doc = self.assertProblem(r, 422)
        self.assertInvalidParam(doc, "managerId")
        r = request("POST", PAPI + "/staff", {"name": "Y", "email": "y@example.org",
                                               "teamId": "00000000-0000-4000-8000-000000000000"},
                    cred=ENV["PTOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "teamId")

    def test_roles_and_scope(self):
        team = self.make_team()
        # no credential: 401; readers may read, not write
        self.assertProblem(request("GET", PAPI + "/teams"), 401)
        for cred in (ENV["PTOKEN_A_OWNER"], ENV["PTOKEN_A_MANAGER"], ENV["PKEY_A_READ"]):
            with self.subTest(cred=cred[:12]):
                self.assertStatus(request("GET", PAPI + "/teams/" + team["id"], cred=cred), 200)
                self.assertStatus(request("GET", PAPI + "/staff", cred=cred), 200)
                self.assertProblem(request("POST", PAPI + "/teams", {"name": "Nee"}, cred=cred), 403)
                self.assertProblem(request("PATCH", PAPI + "/teams/" + team["id"], {"name": "Nee"}, cred=cred), 403)
                self.assertProblem(request("DELETE", PAPI + "/teams/" + team["id"], cred=cred), 403)
        # a casedesk key (another scope) and a survey manager are refused
        self.assertProblem(request("GET", PAPI + "/teams", cred=ENV["KEY_A"]), 403)
        self.assertProblem(request("GET", PAPI + "/teams", cred=ENV["STOKEN_A"]), 403)
        # admin may
        self.assertStatus(request("GET", PAPI + "/teams", cred=ENV["TOKEN_A_ADMIN"]), 200)
