"""A consumer that was offline catches up without waiting for retries: GET
/notificaties?after= returns the tenant's messages as they were sent to the
subscribers, in order, paged; the read key may pull, tenant B sees none of
A's."""

import json

from koers_bb import ENV, request
from notifications.notifications_bb import NAPI, NotificationsCase, about, skip_unless_notifications


@skip_unless_notifications
class Pull(NotificationsCase):
    def head(self, cred=None):
        """The seq of the tenant's last message now (0: none)."""
        items, _ = self.walk_all("/notificaties?after=0&limit=1000", cred)
        seqs = [i["seq"] for i in items]
        self.assertEqual(seqs, sorted(seqs), "not in seq order")
        return seqs[-1] if seqs else 0

    def test_pull_returns_the_messages_as_sent_paged(self):
        cat, _, district = self.routed_setup()
        rec = self.receiver()
        self.subscribe(rec, [{"naam": "cases", "filters": {"category": cat["id"]}}], signing=True)
        after = self.head()
        cases = [self.file_case(cat["id"], district=district) for _ in range(2)]
        self.change_case(cases[0]["id"], "in_progress")
        ids = [c["id"] for c in cases]
        sent = rec.wait_messages(about(ids), 5)
        self.assertEqual(len(sent), 5, rec.all())

        items, pages = self.walk_all("/notificaties?after=%d&limit=2" % after, ENV["NKEY_A_READ"])
        self.assertGreaterEqual(pages, 3)
        seqs = [i["seq"] for i in items]
        self.assertEqual(seqs, sorted(seqs))
        self.assertTrue(all(s > after for s in seqs), seqs)
        self.assertEqual(len(set(seqs)), len(seqs), "a message twice: %r" % seqs)
        mine = [i for i in items if about(ids)(i["message"])]
        # each as sent (the same bytes, the id the webhook-id), in the order sent per case
        by_id = {m.webhook_id: m for m in sent}
        self.assertEqual(sorted(i["id"] for i in mine), sorted(by_id))
        for i in mine:
            self.assertEqual(i["message"], by_id[i["id"]].json)
            self.assertEqual(json.dumps(i["message"], separators=(",", ":"), ensure_ascii=False).encode(),
                             by_id[i["id"]].body)
        for c in cases:
            self.assertEqual([i["id"] for i in mine if i["message"]["resourceUrl"].endswith(c["id"])],
                             [m.webhook_id for m in sent if m.json["resourceUrl"].endswith(c["id"])])
        # a page holds at most `limit`; after the last seq: nothing
        r = request("GET", NAPI + "/notificaties?after=%d&limit=2" % after, cred=ENV["NKEY_A"])
        self.assertStatus(r, 200)
        self.assertLessEqual(len(r.json["items"]), 2)
        r = request("GET", NAPI + "/notificaties?after=%d" % seqs[-1], cred=ENV["NKEY_A"])
        self.assertEqual([i for i in r.json["items"] if about(ids)(i["message"])], [])
        # by kanaal
        items, _ = self.walk_all("/notificaties?after=%d&kanaal=cases&limit=1000" % after, ENV["NKEY_A_READ"])
        self.assertEqual(len([i for i in items if about(ids)(i["message"])]), 5)
        items, _ = self.walk_all("/notificaties?after=%d&kanaal=surveys&limit=1000" % after, ENV["NKEY_A_READ"])
        self.assertEqual([i for i in items if i["message"]["kanaal"] != "surveys"], [])
        # tenant B: none of A's
        items, _ = self.walk_all("/notificaties?after=%d&limit=1000" % after, ENV["NKEY_B"])
        self.assertEqual([i for i in items if about(ids)(i["message"])], [])

    def test_bad_pull_parameters(self):
        for q, field in (("after=-1", "after"), ("after=x", "after"), ("limit=0", "limit"),
                         ("limit=1001", "limit")):
            doc = self.assertProblem(request("GET", NAPI + "/notificaties?" + q, cred=ENV["NKEY_A_READ"]), 400)
            self.assertInvalidParam(doc, field)
        self.assertProblem(request("GET", NAPI + "/notificaties?after=0"), 401)
        # far beyond the last seq: an empty page without next
        r = request("GET", NAPI + "/notificaties?after=9000000000000", cred=ENV["NKEY_A_READ"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["items"], [])
        self.assertNotIn("next", r.json["_links"])
