"""Worker output into the journal (issue 13 section 5), one section of
bench/bench.py: how many lines of a flooding worker batond takes into its
ring, against how many journald takes from batond, under a real systemd 252
with the packaged unit (tests/systemd/container.py boots it; root and the
cached rootfs of the systemd tests are needed, otherwise the row says why).

The flood is tests/workers/outputworker.py (70-byte lines, as fast as it
can); batond forwards to the journal's native socket ([daemon] log =
"auto": JOURNAL_STREAM is batond's stderr). The goal is that batond is not
the bottleneck: it takes at least what journald does. journald applies the
unit's LogRateLimitIntervalSec=/LogRateLimitBurst= (100,000 per 30 s), so
what it keeps of a flood is bounded by design.
"""

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "systemd"))

import container as ct  # noqa: E402
from benchlib import log  # noqa: E402

LINE_BYTES = 70
CONFIG = """\
[daemon]
control_socket = "/run/baton/control.sock"
bus = "none"
state_dir = "/var/lib/baton"
log = "auto"

[service.flood]
command = ["/usr/bin/python3", "/usr/local/share/baton-bench/outputworker.py"]
ready_timeout = "10s"
drain_timeout = "2s"
log_buffer = "1MiB"
log_rate = "unlimited"   # how much batond can take, not what log_rate lets through
env = { OUT_MODE = "flood" }

[service.flood.listen]
http = "127.0.0.1:8090"
"""


def _taken(c):
    import json
    st = json.loads(c.run("batonctl", "status", "--json").stdout)
    svc = next(s for s in st["services"] if s["name"] == "flood")
    return svc["log"]["lines"] + svc["log"]["dropped"]


def _journal_lines(c, since, until):
    out = c.run("sh", "-c", "journalctl BATON_SERVICE=flood --since=@%.3f --until=@%.3f -o cat | wc -l" % (since, until),
                timeout=120).stdout
    return int(out.strip() or 0)


def bench_journal(tmp, build_dir, s):
    seconds = 3 if s.quick else 6
    try:
        ct.require_host()
        deb = ct.build_deb(build_dir, tmp)
        rootfs = ct.prepare_rootfs(deb)
    except ct.Skip as e:
        log("journal: skipped: %s" % e)
        return {"skipped": str(e)}
    c = ct.Container(rootfs, binds=[(os.path.join(ROOT, "tests", "workers", "outputworker.py"),
                                     "/usr/local/share/baton-bench/outputworker.py")])
    try:
        c.boot()
        c.write("/etc/baton/baton.toml", CONFIG)
        c.run("systemctl", "start", "batond", timeout=120)
        time.sleep(1.0)
        t0, n0 = time.time(), _taken(c)
        time.sleep(seconds)
        t1, n1 = time.time(), _taken(c)
        journal = _journal_lines(c, t0, t1)
        c.run("systemctl", "stop", "batond", timeout=120)
    finally:
        c.shutdown()
    ring_rate = (n1 - n0) / (t1 - t0)
    journal_rate = journal / (t1 - t0)
    row = {"seconds": round(t1 - t0, 2), "ring_lines_per_s": round(ring_rate), "journal_lines_per_s": round(journal_rate),
           "ring_mb_s": round(ring_rate * LINE_BYTES / 1e6, 1), "journal_mb_s": round(journal_rate * LINE_BYTES / 1e6, 2),
           "rate_limit": "LogRateLimitIntervalSec=30s, LogRateLimitBurst=100000 (the packaged unit)"}
    log("journal: batond took %d lines/s (%.1f MB/s) into its ring, journald kept %d lines/s"
        % (row["ring_lines_per_s"], row["ring_mb_s"], row["journal_lines_per_s"]))
    return row
