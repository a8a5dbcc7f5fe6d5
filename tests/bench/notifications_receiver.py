"""A webhook receiver for make bench-notifications (tests/bench/
notifications.sh): asyncio, HTTP/1.1 with keep-alive, so that one process
takes thousands of deliveries a second and the benchmark measures the
notifications service, not the receiver. Listens on 127.0.0.1:PORT (0: the
system picks; the port is printed on the first line of stdout).

- Every POST is answered 204 and counted, by its path (one path per
  subscription) and its message (the webhook-id header, else a hash of the
  body): a message that arrives twice on one path is a duplicate.
- A POST under /slow never gets an answer (the sender's timeout ends it),
  except the test message of a new subscription (kanaal "test"), which is
  answered 204 as everywhere.
- GET /stats answers {"received", "duplicates", "paths", "tests", "slow"}.

    python3 notifications_receiver.py PORT
"""

import asyncio
import hashlib
import json
import sys

stats = {"received": 0, "duplicates": 0, "tests": 0, "slow": 0}
seen = set()
paths = set()

NO_CONTENT = b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"


async def handle(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            method, path, _ = line.decode("latin-1").split(" ", 2)
            headers = {}
            while True:
                h = await reader.readline()
                if h in (b"\r\n", b"\n", b""):
                    break
                k, _, v = h.decode("latin-1").partition(":")
                headers[k.strip().lower()] = v.strip()
            if headers.get("expect", "").lower() == "100-continue":
                writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            n = int(headers.get("content-length") or 0)
            body = await reader.readexactly(n) if n else b""
            if method == "GET" and path == "/stats":
                out = json.dumps(dict(stats, paths=len(paths))).encode()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(out), out))
            elif b'"kanaal":"test"' in body:
                stats["tests"] += 1
                writer.write(NO_CONTENT)
            elif path.startswith("/slow"):
                stats["slow"] += 1
                await asyncio.sleep(3600)  # until the sender gives up and closes
                break
            else:
                mid = headers.get("webhook-id") or hashlib.sha1(body).hexdigest()
                key = (path, mid)
                if key in seen:
                    stats["duplicates"] += 1
                seen.add(key)
                paths.add(path)
                stats["received"] += 1
                writer.write(NO_CONTENT)
            await writer.drain()
            if headers.get("connection", "").lower() == "close":
                break
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        pass
    finally:
        writer.close()


async def main(port):
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
    except KeyboardInterrupt:
        pass
