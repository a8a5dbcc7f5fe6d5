"""Measures what slow clients do to a gateway (not a test: the figures in
deploy/README.md, "Security guarantees in operation", come from it).

  python3 tests/blackbox/gateway/slow_clients.py PORT MODE COUNT SECONDS

MODE header: COUNT connections send a request's headers one byte a second;
MODE chunked: COUNT connections send headers (with a credential header, so
the anonymous rate limit does not apply) and then a chunked body, one
chunk of one byte a second. Every second it prints how many connections
are still open, how many got a 429, how long GET /healthz took, and the
resident memory of the nginx workers. Bounded by SECONDS; 127.0.0.1 only."""

import http.client
import socket
import subprocess
import sys
import time


def workers_rss_mib():
    pids = subprocess.run(["pgrep", "-f", "nginx: worker"], capture_output=True, text=True).stdout.split()
    total = 0
    for p in pids:
        try:
            with open("/proc/%s/status" % p) as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("VmRSS"))
        except OSError:
            pass
    return total // 1024


def main():
    port, mode, count, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    head = (b"POST /casedesk/v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    trickle = b"GET /casedesk/v1/cases HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 400 + b"\r\n\r\n"
    conns, answers = [], {}
    for _ in range(count):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError as e:
            print("connect failed after %d: %s" % (len(conns), e))
            break
        s.setblocking(False)
        if mode == "chunked":
            s.send(head)
        conns.append(s)
    print("opened %d" % len(conns))
    start, step = time.monotonic(), 0
    while time.monotonic() - start < seconds:
        for i, s in enumerate(conns):
            if s is None:
                continue
            try:
                s.send(b"1\r\na\r\n" if mode == "chunked" else trickle[step:step + 1])
            except BlockingIOError:
                pass
            except OSError:
                conns[i] = None
                s.close()
                continue
            try:
                d = s.recv(4096)
                if d:
                    answers.setdefault(i, d[:12])
                else:
                    conns[i] = None
                    s.close()
            except BlockingIOError:
                pass
            except OSError:
                conns[i] = None
                s.close()
        step += 1
        t = time.monotonic()
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/healthz")
            r = c.getresponse()
            r.read()
            status = r.status
            c.close()
        except OSError as e:
            status = repr(e)[:40]
        print("t=%5.1fs open=%d 429=%d healthz=%s in %.0f ms workers=%d MiB" % (
            time.monotonic() - start, sum(1 for s in conns if s is not None),
            sum(1 for v in answers.values() if b" 429" in v), status, (time.monotonic() - t) * 1000,
            workers_rss_mib()), flush=True)
        time.sleep(max(0.0, 1.0 - (time.monotonic() - t)))
    for s in conns:
        if s is not None:
            s.close()


if __name__ == "__main__":
    main()
