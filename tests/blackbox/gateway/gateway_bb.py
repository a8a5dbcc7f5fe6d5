"""Helpers of the gateway's black-box tests: raw requests over a socket
(for request lines and headers no HTTP library sends) and a private
gateway with upstreams that fail in chosen ways."""

import os
import socket
import subprocess
import threading
import time

from koers_bb import ENV, GATEWAY

GATEWAY_HOST, GATEWAY_PORT = GATEWAY.split("//", 1)[1].rsplit(":", 1)


class RawAnswer:
    """An answer read off a socket: status (None when nothing came),
    lower-case headers, body; closed_after: seconds until the server closed
    (None when it did not within the wait)."""

    def __init__(self, data, closed_after):
        self.data = data
        self.closed_after = closed_after
        self.status, self.headers, self.body = None, {}, b""
        head, sep, body = data.partition(b"\r\n\r\n")
        if not sep:
            return
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) >= 2 and parts[0].startswith("HTTP/") and parts[1].isdigit():
            self.status = int(parts[1])
        for line in lines[1:]:
            k, _, v = line.partition(":")
            self.headers[k.strip().lower()] = v.strip()
        n = self.headers.get("content-length")
        self.body = body[:int(n)] if n and n.isdigit() else body

    def header(self, name):
        return self.headers.get(name.lower())

    def __repr__(self):
        return "<raw %r closed_after=%r>" % (self.data[:300], self.closed_after)


def raw(data, port=None, wait=10.0, trickle=None, interval=1.0):
    """Sends `data` to the gateway (or 127.0.0.1:port), then `trickle` one
    byte every `interval` seconds, and reads until the server closes or
    `wait` seconds have passed (bounded). Returns a RawAnswer."""
    s = socket.create_connection((GATEWAY_HOST if port is None else "127.0.0.1",
                                  int(port or GATEWAY_PORT)), timeout=5)
    s.settimeout(0.05)
    start, out, closed, sent = time.monotonic(), b"", None, 0
    next_byte = start
    try:
        if data:
            s.sendall(data)
        while time.monotonic() - start < wait:
            if trickle and sent < len(trickle) and time.monotonic() >= next_byte:
                try:
                    s.sendall(trickle[sent:sent + 1])
                    sent += 1
                except OSError:
                    pass
                next_byte += interval
            try:
                b = s.recv(65536)
            except socket.timeout:
                continue
            except ConnectionResetError:
                closed = time.monotonic() - start
                break
            if not b:
                closed = time.monotonic() - start
                break
            out += b
            if not trickle and b"\r\n\r\n" in out:
                ans = RawAnswer(out, None)
                if ans.status is not None and len(ans.body) >= int(ans.header("content-length") or 0):
                    break
    finally:
        s.close()
    return RawAnswer(out, closed)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class FakeUpstream:
    """A TCP server on 127.0.0.1 that reads a request and then `answer`s:
    None = says nothing and keeps the connection (a service that hangs),
    bytes = sends them (b"": nothing) and closes (a service that breaks
    off: 502). (A non-HTTP answer is no 502: nginx passes it on as an
    HTTP/0.9 answer, a body without status line; no directive refuses it.)"""

    def __init__(self, answer):
        self.answer = answer
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.held = []
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopping:
            try:
                c, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            try:
                c.settimeout(2)
                c.recv(65536)
                if self.answer is None:
                    self.held.append(c)
                else:
                    c.sendall(self.answer)
                    c.close()
            except OSError:
                c.close()

    def stop(self):
        self.stopping = True
        self.thread.join(timeout=5)
        for c in self.held:
            c.close()
        self.sock.close()


class PrivateGateway:
    """A second gateway of the run (tests/lib/stack.sh koers_gateway_start,
    the same template and log filter) in $KOERS_BB_WORK/<name>, so the
    run's log scan reads its logs too; upstreams as given, extra settings
    from `env`."""

    def __init__(self, name, upstreams, env=None):
        self.dir = os.path.join(ENV["KOERS_BB_WORK"], name)
        self.port = free_port()
        e = dict(ENV, GATEWAY_PORT=str(self.port), KOERS_ROOT=os.getcwd())
        e.update(env or {})
        cmd = ". tests/lib/stack.sh && koers_gateway_start \"$0\" \"$@\""
        subprocess.run(["sh", "-c", cmd, self.dir] + list(upstreams), env=e, check=True, timeout=60,
                       stdout=subprocess.DEVNULL)
        self.url = "http://127.0.0.1:%d" % self.port

    def error_log(self):
        with open(os.path.join(self.dir, "error.log"), encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        subprocess.run(["sh", "-c", ". tests/lib/stack.sh && koers_gateway_stop \"$0\"", self.dir],
                       env=dict(ENV, KOERS_ROOT=os.getcwd()), timeout=60)
