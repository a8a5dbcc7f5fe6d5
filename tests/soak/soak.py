"""The soak of `make soak` (tests/soak/run.sh starts the stack: one replica
of every service behind the gateway, PostgreSQL and Redis).

SOAK_SECONDS (1200) of mixed load through the gateway (tests/lib/
koers_load.py: cases filed and some closed, survey answers, bottlenecks,
programmes, reads; SOAK_THREADS workers, 2, each pausing SOAK_PAUSE_S, 0.05
s, between iterations: moderate on a shared machine). Every 10 s it samples,
for every process (each service, each gateway worker, every PostgreSQL
process summed, Redis), the private resident memory (RssAnon of
/proc/<pid>/status: the heap, what a leak grows; VmRSS also counts shared
buffers touched) and the open file descriptors (/proc/<pid>/fd), and the
p50/p99 latency of the requests answered in the window.

After warm-up (the first fifth, at least 30 s) it fails when:
  - a process's RssAnon at the end (median of the last 3 samples) exceeds
    that at the end of warm-up (median of 3 samples) by more than
    RSS_TOLERANCE_MB (8 MiB) and RSS_TOLERANCE (25 %) both;
  - a process's open fds grow by more than FD_TOLERANCE (8); PostgreSQL's
    fds are its backends' cache of relation files (bounded by
    max_files_per_process each, filled as tables grow): printed, and the
    number of its processes (connections) is judged instead, +PG_PROCS (4:
    the autovacuum workers come and go);
  - the median p99 of the last third of the windows is more than
    P99_FACTOR (3) times that of the first third after warm-up (and more
    than 50 ms: below that it is noise);
  - any request is answered other than 2xx.
Prints the samples as it goes and a table at the end; the figures also in
WORK/soak.json.
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from koers_load import env_stack, replicas  # noqa: E402

WORK = os.environ["KOERS_SOAK_WORK"]
SECONDS = float(os.environ.get("SOAK_SECONDS", "1200"))
THREADS = int(os.environ.get("SOAK_THREADS", "2"))
PAUSE = float(os.environ.get("SOAK_PAUSE_S", "0.05"))
EVERY = 10.0
RSS_TOLERANCE_MB = 8.0
RSS_TOLERANCE = 0.25
FD_TOLERANCE = 8
PG_PROCS = 4
P99_FACTOR = 3.0
P99_FLOOR_MS = 50.0


def status_kb(pid, field):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def fds(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        return 0


def children(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def read_pid(path):
    with open(path) as f:
        return int(f.read().split()[0])


def processes():
    """name -> [pids] of every process watched (PostgreSQL's summed)."""
    out = {}
    for name, _, pid in replicas(WORK):
        out[name] = [pid]
    for i, w in enumerate(sorted(children(read_pid(WORK + "/gateway/gateway.pid")))):
        out["gateway w%d" % (i + 1)] = [w]
    pm = read_pid(os.path.realpath(WORK + "/stack/pgdata") + "/data/postmaster.pid")
    out["postgres"] = [pm] + children(pm)
    out["redis"] = [read_pid(WORK + "/stack/redis.pid")]
    return out


def sample():
    row = {}
    for name, pids in processes().items():
        row[name] = {"rssAnonMb": round(sum(status_kb(p, "RssAnon") for p in pids) / 1024.0, 1),
                     "vmRssMb": round(sum(status_kb(p, "VmRSS") for p in pids) / 1024.0, 1),
                     "fds": sum(fds(p) for p in pids), "n": len(pids)}
    return row


def pct(xs, q):
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000.0


S = env_stack()
S.setup()
stop = threading.Event()
load = threading.Thread(target=S.run, args=(THREADS, SECONDS, 10 ** 9, PAUSE, stop))
t0 = time.time()
load.start()
samples = []
seen = 0
names = None
while load.is_alive():
    time.sleep(max(0.0, t0 + EVERY * (len(samples) + 1) - time.time()))
    now = time.time()
    with S.lock:
        window = [s for _, s, _ in S.latency[seen:]]
        seen = len(S.latency)
    row = {"t": round(now - t0), "requests": len(window), "p50ms": round(pct(window, 0.50), 1),
           "p99ms": round(pct(window, 0.99), 1), "procs": sample()}
    samples.append(row)
    if names is None:
        names = list(row["procs"])
        print("soak: every %.0f s: requests, p50/p99 ms, then RssAnon MiB/fds of: %s" % (EVERY, ", ".join(names)))
    print("soak: %5ds %5d %6.1f/%-7.1f %s" % (row["t"], row["requests"], row["p50ms"], row["p99ms"], " ".join(
        "%.1f/%d" % (row["procs"].get(n, {}).get("rssAnonMb", 0), row["procs"].get(n, {}).get("fds", 0))
        for n in names)))
    sys.stdout.flush()
load.join()

failures = []
warm = max(3, int(len(samples) / 5), int(30 / EVERY))
after = samples[warm:]
if len(after) < 6:
    print("soak: FAIL: too short to judge (%d samples after warm-up; SOAK_SECONDS >= 120)" % len(after))
    sys.exit(1)
first, last = after[:3], after[-3:]
print("\nsoak: %d s, %d requests; warm-up %d s; per process RssAnon (private memory, MiB) and open fds "
      "after warm-up -> at the end" % (SECONDS, len(S.latency), warm * EVERY))
print("  %-16s %9s %9s %8s %6s %6s %s" % ("process", "rss warm", "rss end", "growth", "fds", "fds", "verdict"))
med = statistics.median
for n in names:
    a = statistics.median(r["procs"].get(n, {}).get("rssAnonMb", 0) for r in first)
    b = statistics.median(r["procs"].get(n, {}).get("rssAnonMb", 0) for r in last)
    fa = statistics.median(r["procs"].get(n, {}).get("fds", 0) for r in first)
    fb = statistics.median(r["procs"].get(n, {}).get("fds", 0) for r in last)
    grew = b - a > RSS_TOLERANCE_MB and b - a > RSS_TOLERANCE * a
    extra = ""
    if n == "postgres":
        na, nb = med(r["procs"][n]["n"] for r in first), med(r["procs"][n]["n"] for r in last)
        fgrew = nb - na > PG_PROCS
        extra = " (processes %d -> %d; fds not judged)" % (na, nb)
    else:
        fgrew = fb - fa > FD_TOLERANCE
    verdict = ("ok" if not grew and not fgrew else "GROWS") + extra
    if not verdict.startswith("ok"):
        failures.append("%s: RssAnon %.1f -> %.1f MiB, fds %d -> %d%s" % (n, a, b, fa, fb, extra))
    print("  %-16s %9.1f %9.1f %+7.1f%% %6d %6d %s" % (n, a, b, 100.0 * (b - a) / a if a else 0.0, fa, fb, verdict))
third = max(1, len(after) // 3)
p99a = statistics.median(r["p99ms"] for r in after[:third])
p99b = statistics.median(r["p99ms"] for r in after[-third:])
p50a = statistics.median(r["p50ms"] for r in after[:third])
p50b = statistics.median(r["p50ms"] for r in after[-third:])
drift = p99b > P99_FACTOR * p99a and p99b > P99_FLOOR_MS
print("soak: latency (median of the 10 s windows): first third after warm-up p50 %.1f ms p99 %.1f ms; last third "
      "p50 %.1f ms p99 %.1f ms: %s" % (p50a, p99a, p50b, p99b, "DRIFTS" if drift else "steady"))
if drift:
    failures.append("p99 %.1f -> %.1f ms (factor %.1f > %.1f)" % (p99a, p99b, p99b / p99a, P99_FACTOR))
statuses = {}
for _, _, op, st, _ in S.log:
    statuses[str(st)] = statuses.get(str(st), 0) + 1
bad = {k: v for k, v in statuses.items() if not k.startswith("2")}
print("soak: answers %s" % ", ".join("%s: %d" % kv for kv in sorted(statuses.items())))
if bad:
    failures.append("answers other than 2xx: %r" % bad)
with open(WORK + "/soak.json", "w") as f:
    json.dump({"samples": samples, "failures": failures, "p99": [p99a, p99b], "p50": [p50a, p50b],
               "statuses": statuses}, f)
for fl in failures:
    print("soak: FAIL " + fl)
print("soak: %s (tolerances: RssAnon +%.0f MiB and +%.0f%%, fds +%d, PostgreSQL processes +%d, p99 x%.0f)" % (
    "PASSED" if not failures else "FAILED", RSS_TOLERANCE_MB, RSS_TOLERANCE * 100, FD_TOLERANCE, PG_PROCS,
    P99_FACTOR))
sys.exit(1 if failures else 0)
