"""(f) Operations endpoints: health, readiness, metrics, the OpenAPI document."""

import unittest

from koers_bb import API, CASEDESK, KoersCase, request


# CASEDESK_URL is empty when the service is not reachable beside the gateway
# (tests/compose/run.sh checks these endpoints inside the container).
direct = unittest.skipUnless(CASEDESK, "CASEDESK_URL not set: no direct access to the service")


class OperationsTest(KoersCase):
    def test_healthz(self):
        r = request("GET", "/healthz")  # the gateway's own
        self.assertStatus(r, 200)
        if CASEDESK:
            r = request("GET", "/healthz", base=CASEDESK)
            self.assertStatus(r, 200)

    @direct
    def test_readyz(self):
        r = request("GET", "/readyz", base=CASEDESK)
        self.assertStatus(r, 200)
        self.assertTrue(r.raw)

    @direct
    def test_metrics_prometheus_text(self):
        request("GET", API + "/cases")  # something to count
        r = request("GET", "/metrics", base=CASEDESK)
        self.assertStatus(r, 200)
        self.assertTrue((r.header("content-type") or "").startswith("text/plain"), r.header("content-type"))
        text = r.raw.decode()
        self.assertIn("# TYPE ", text)
        self.assertIn("# HELP ", text)
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name_labels, _, value = line.rpartition(" ")
                self.assertTrue(name_labels, line)
                float(value)  # a number (also +Inf/NaN)

    def test_openapi_document(self):
        r = request("GET", API + "/openapi.json", headers={"Origin": "https://portaal.example"})
        self.assertStatus(r, 200)
        self.assertTrue((r.header("content-type") or "").startswith("application/json"))
        self.assertTrue(r.header("access-control-allow-origin"), "no CORS header on openapi.json")
        self.assertTrue(r.header("api-version"))
        doc = r.json
        self.assertTrue(doc["openapi"].startswith("3."))
        self.assertIn("/cases", doc["paths"])
        self.assertEqual(doc["info"]["version"], r.header("api-version"))


if __name__ == "__main__":
    unittest.main()
