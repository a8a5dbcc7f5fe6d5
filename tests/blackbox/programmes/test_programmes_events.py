"""The programmes service's events replay (GET /programmes/v1/events): the
tenant's published events, for the services that consume them."""

import unittest

from koers_bb import ENV, request
from programmes.programmes_bb import GAPI, ProgrammesCase, skip_unless_programmes


@skip_unless_programmes
class EventsReplay(ProgrammesCase):
    def test_a_key_that_reads_events_pages_through_them(self):
        r = request("GET", GAPI + "/events?after=0&limit=5", cred=ENV["EKEY_A"])
        self.assertEqual(r.status, 200, repr(r))
        self.assertIsInstance(r.json["items"], list)
        self.assertIn("self", r.json["_links"])

    def test_a_bad_position_is_a_400_and_no_credential_a_401(self):
        r = request("GET", GAPI + "/events?after=-1", cred=ENV["EKEY_A"])
        self.assertProblem(r, 400)
        self.assertProblem(request("GET", GAPI + "/events"), 401)

    def test_a_programme_member_may_not_read_the_events(self):
        r = request("GET", GAPI + "/events", cred=ENV["GTOKEN_A_MEMBER"])
        self.assertProblem(r, 403)


if __name__ == "__main__":
    unittest.main()
