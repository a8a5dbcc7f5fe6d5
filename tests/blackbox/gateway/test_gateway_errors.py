"""Every answer the gateway makes itself is a problem document
(application/problem+json with type, title, status and detail, and an
X-Request-Id), with the right status, also for requests nginx cannot
parse: malformed URLs (%00, a bare %), bad request lines and headers,
unknown transfer codings, over-long lines, rate limits, services that are
down, broken or slow. Raw sockets send what no HTTP library would."""

import json
import socket
import threading
import time
import unittest

from koers_bb import API, ENV, KoersCase, remember_secret, request
from .gateway_bb import GATEWAY_HOST, GATEWAY_PORT, FakeUpstream, PrivateGateway, free_port, raw

HOST = b"Host: gateway.test\r\n"


def get(target, extra=b"", method=b"GET", version=b"HTTP/1.1"):
    return method + b" " + target + b" " + version + b"\r\n" + HOST + extra + b"\r\n"


class GatewayProblems(KoersCase):
    def assertGatewayProblem(self, ans, status):
        """The gateway's own problem document with `status`."""
        self.assertEqual(ans.status, status, repr(ans))
        ctype = (ans.header("content-type") or "").split(";")[0].strip()
        self.assertEqual(ctype, "application/problem+json", repr(ans))
        doc = json.loads(ans.body.decode("utf-8"))
        for k in ("type", "title", "status", "detail"):
            self.assertIn(k, doc, repr(ans))
        self.assertEqual(doc["status"], status, repr(ans))
        self.assertTrue(ans.header("x-request-id"), "no X-Request-Id: %r" % ans)
        return doc


class GatewayOwnAnswersTest(GatewayProblems):
    def test_malformed_urls_400(self):
        for target in (b"/casedesk/v1/categories/%", b"/casedesk/v1/categories/%00",
                       b"/casedesk/v1/cases/%zz/referrals", b"/surveys/v1/%", b"/nowhere/%00",
                       b"/casedesk/v1/tracking/%", b"/../casedesk/v1/cases", b"/casedesk/v1/a b",
                       b"/casedesk/v1/a\x01b"):
            with self.subTest(target=target):
                self.assertGatewayProblem(raw(get(target)), 400)

    def test_malformed_requests_400(self):
        for name, data in (
            ("lower-case method", get(b"/casedesk/v1/cases", method=b"get")),
            ("no request line", b"\x01\x02garbage\r\n\r\n"),
            ("no Host in HTTP/1.1", b"GET /casedesk/v1/cases HTTP/1.1\r\n\r\n"),
            ("bad Host", b"GET /casedesk/v1/cases HTTP/1.1\r\nHost: a/b\r\n\r\n"),
            ("NUL in a header name", get(b"/casedesk/v1/cases", b"X-A\x00: b\r\n")),
            ("two Content-Length", get(b"/casedesk/v1/cases", b"Content-Length: 1\r\nContent-Length: 2\r\n",
                                       method=b"POST") + b"ab"),
            ("Content-Length and chunked", get(b"/casedesk/v1/cases",
                                               b"Content-Length: 1\r\nTransfer-Encoding: chunked\r\n",
                                               method=b"POST") + b"0\r\n\r\n"),
            ("bad Content-Length", get(b"/casedesk/v1/cases", b"Content-Length: abc\r\n", method=b"POST")),
            ("bad chunk size", get(b"/casedesk/v1/cases", b"Authorization: Bearer x\r\n"
                                   b"Transfer-Encoding: chunked\r\n", method=b"POST") + b"zz\r\n"),
            ("CONNECT", b"CONNECT example.org:443 HTTP/1.1\r\n" + HOST + b"\r\n"),
        ):
            with self.subTest(name):
                self.assertGatewayProblem(raw(data), 400)

    def test_unknown_transfer_coding_501(self):
        ans = raw(get(b"/casedesk/v1/cases", b"Transfer-Encoding: bogus\r\n", method=b"POST"))
        self.assertGatewayProblem(ans, 501)

    def test_trace_405(self):
        self.assertGatewayProblem(raw(get(b"/casedesk/v1/cases", method=b"TRACE")), 405)

    def test_uri_too_long_414(self):
        self.assertGatewayProblem(raw(get(b"/casedesk/v1/cases?q=" + b"a" * 9000)), 414)

    def test_header_fields_too_large_431(self):
        self.assertGatewayProblem(raw(get(b"/casedesk/v1/cases", b"X-Big: " + b"a" * 9000 + b"\r\n")), 431)
        many = b"".join(b"X-H%d: %s\r\n" % (i, b"a" * 7000) for i in range(6))
        self.assertGatewayProblem(raw(get(b"/casedesk/v1/cases", many)), 431)

    def test_http_version_505(self):
        self.assertGatewayProblem(raw(get(b"/casedesk/v1/cases", version=b"HTTP/2.0")), 505)

    def test_body_too_large_413(self):
        ans = raw(get(b"/casedesk/v1/cases", b"Authorization: Bearer x\r\nContent-Length: 2000000\r\n",
                      method=b"POST"))
        self.assertGatewayProblem(ans, 413)

    def test_unknown_and_internal_paths_404(self):
        for target in (b"/nowhere", b"/_koers/errors/400", b"/_koers/errors/503"):
            with self.subTest(target=target):
                self.assertGatewayProblem(raw(get(target)), 404)

    def test_anonymous_burst_429(self):
        # the anonymous zone (10 r/s, burst 50 by default): quick requests
        # without credentials from one address (bounded)
        statuses = []
        for _ in range(400):
            r = request("GET", API + "/categories")
            statuses.append(r.status)
            if r.status == 429:
                doc = self.assertProblem(r, 429, api_version=False)
                self.assertTrue(doc["detail"])
                self.assertEqual(r.header("retry-after"), "1")
                break
        self.assertIn(429, statuses, sorted(set(statuses)))
        time.sleep(6)  # the zone refills before the next test

    def test_simultaneous_requests_per_address_429(self):
        # 100 requests in flight from one address (bodies that never
        # complete; a credential header keeps them out of the anonymous
        # rate limit), then one more
        limit = int(ENV.get("KOERS_GATEWAY_CONN_PER_ADDR", "100"))
        head = get(b"/casedesk/v1/cases", b"Authorization: Bearer x\r\nContent-Length: 100\r\n",
                   method=b"POST")
        held = []
        try:
            for _ in range(limit):
                s = socket.create_connection((GATEWAY_HOST, int(GATEWAY_PORT)), timeout=5)
                s.sendall(head + b"{")
                held.append(s)
            time.sleep(0.5)
            self.assertGatewayProblem(raw(head + b"{"), 429)
        finally:
            for s in held:
                s.close()
        time.sleep(0.5)
        r = request("GET", API + "/cases", cred=ENV["KEY_A"])
        self.assertStatus(r, 200)


class GatewayDeadlinesTest(GatewayProblems):
    def test_header_total_deadline_and_body_idle_deadline(self):
        """Headers sent one byte a second are cut 10 s after the
        connection opened (a total deadline: each byte came well within any
        idle timeout); a body that pauses 10 s is cut too. nginx closes
        (resets) such a connection without an answer, and no request reached
        a service."""
        results = {}

        def header_trickle():
            results["header"] = raw(b"", wait=16, trickle=get(b"/casedesk/v1/cases", b"X-Pad: " + b"a" * 60 + b"\r\n"))

        def body_pause():
            results["body"] = raw(get(b"/casedesk/v1/cases", b"Authorization: Bearer x\r\nContent-Length: 10\r\n",
                                      method=b"POST") + b"{", wait=16)

        threads = [threading.Thread(target=header_trickle), threading.Thread(target=body_pause)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        for name in ("header", "body"):
            ans = results[name]
            self.assertIsNotNone(ans.closed_after, "%s: still open after 16 s: %r" % (name, ans))
            self.assertGreaterEqual(ans.closed_after, 9, "%s: %r" % (name, ans))
            self.assertLessEqual(ans.closed_after, 13, "%s: %r" % (name, ans))
            self.assertEqual(ans.data, b"", "%s: %r" % (name, ans))


@unittest.skipUnless(ENV.get("KOERS_BB_WORK"), "a private gateway needs the run's work folder (make blackbox)")
class GatewayUpstreamFailuresTest(GatewayProblems):
    """A private gateway whose upstreams are: nothing (casedesk: connection
    refused), a service that breaks off (surveys: closes the connection
    without an answer), silence (processes: never answers; read timeout
    1 s)."""

    @classmethod
    def setUpClass(cls):
        cls.broken = FakeUpstream(b"")
        cls.silent = FakeUpstream(None)
        closed = "127.0.0.1:%d" % free_port()
        cls.gw = PrivateGateway("gateway-failures", [closed, "127.0.0.1:%d" % cls.broken.port,
                                                     "127.0.0.1:%d" % cls.silent.port, closed, closed],
                                env={"KOERS_GATEWAY_READ_TIMEOUT": "1s", "KOERS_GATEWAY_CONNECT_TIMEOUT": "1s"})

    @classmethod
    def tearDownClass(cls):
        cls.gw.stop()
        cls.broken.stop()
        cls.silent.stop()

    def test_service_down_503(self):
        ans = raw(get(b"/casedesk/v1/cases"), port=self.gw.port)
        self.assertGatewayProblem(ans, 503)
        self.assertEqual(ans.header("retry-after"), "1")

    def test_service_breaks_off_502_as_503(self):
        self.assertGatewayProblem(raw(get(b"/surveys/v1/surveys"), port=self.gw.port), 503)

    def test_service_silent_504(self):
        self.assertGatewayProblem(raw(get(b"/processes/v1/processes"), port=self.gw.port, wait=15), 504)

    def test_error_log_keeps_context_without_tokens(self):
        token = "Zm9yZ2VkLXRyYWNraW5nLXRva2VuLWZvci10aGUtbG9n"
        remember_secret(token)
        raw(get(b"/casedesk/v1/tracking/" + token.encode() + b"?api_key=kk_not_a_real_key_but_secret"),
            port=self.gw.port)
        remember_secret("kk_not_a_real_key_but_secret")
        deadline = time.monotonic() + 5
        log = ""
        while time.monotonic() < deadline and "/casedesk/v1/tracking/-" not in log:
            time.sleep(0.1)
            log = self.gw.error_log()
        line = [x for x in log.splitlines() if "/casedesk/v1/tracking/-" in x]
        self.assertTrue(line, log[-2000:])
        # what operators need stays: the client, the masked request, the upstream
        self.assertIn("client: 127.0.0.1", line[0])
        self.assertIn('request: "GET /casedesk/v1/tracking/-?api_key=- HTTP/1.1"', line[0])
        self.assertIn("upstream: \"http://127.0.0.1:", line[0])
        self.assertNotIn(token, log)
        self.assertNotIn("kk_not_a_real_key_but_secret", log)


if __name__ == "__main__":
    unittest.main()
