#!/usr/bin/env python3
"""batonctl against a real batond over the control socket: status (table
and --json), reload, validate (GCC-style diagnostics naming the file),
diff, apply, history, rollback, events (plain, --json, --since, --follow),
reset, bridge (JSON-RPC piped through stdin/stdout), stop; exit codes 0/1/2/3.

  python3 tests/control/test_batonctl.py --build-dir build
"""

import json
import os
import re
import signal
import subprocess
import time

import controltest as ct
from controltest import bt


class Batonctl(ct.ControlTestCase):

    def setUp(self):
        super().setUp()
        self.d = self.start_daemon()

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    @staticmethod
    def read(path):
        with open(path) as f:
            return f.read()

    def test_status(self):
        p = self.ctl(self.d, "status")
        self.assertExit(p, 0)
        self.assertRegex(p.out, r"SERVICE\s+STATE\s+GEN\s+WORKERS\s+RESTARTS")
        self.assertRegex(p.out, r"\nweb\s+running\s+1\s+2/2\s+0")
        self.assertRegex(p.out, r"PID\s+SERVICE\s+GEN\s+STATE\s+UPTIME\s+FDS\s+RSS\s+CPU\s+STATUS")
        for pid in self.d.current_workers("web"):
            self.assertRegex(p.out, r"\n%d\s+web\s+1\s+ready\s+\S+\s+\d+\s+[\d.]+ [KMG]iB\s+[\d.]+%%" % pid)

        p = self.ctl(self.d, "status", "--json")
        self.assertExit(p, 0)
        status = json.loads(p.out)
        self.assertEqual(status["daemon"]["pid"], self.d.pid)
        self.assertEqual(sorted(w["pid"] for w in status["services"][0]["workers"]), self.d.current_workers("web"))

    def test_reload(self):
        p = self.ctl(self.d, "reload")
        self.assertExit(p, 0)
        self.assertIn("reload succeeded", p.out)
        self.assertEqual(self.d.current_generation("web"), 2)
        p = self.ctl(self.d, "reload", "web")
        self.assertExit(p, 0)
        p = self.ctl(self.d, "reload", "nosuch")
        self.assertExit(p, 1)
        self.assertIn("batonctl: reload failed:", p.err)
        self.assertIn("nosuch", p.err)
        mark = self.d.mark()
        p = self.ctl(self.d, "reload", "--no-wait")
        self.assertExit(p, 0)
        self.d.wait_event("reload-finished", after=mark, timeout=20)

    def test_validate_diff_apply_history_rollback(self):
        original = self.read(self.d.config)
        bad = self.write("bad.toml", original.replace("workers = 2", "wrokers = 2\nready_timeout = \"10x\""))
        p = self.ctl(self.d, "validate", bad)
        self.assertExit(p, 1)
        self.assertRegex(p.err, r"(?m)^%s:\d+:\d+: error: unknown key \"wrokers\"" % re.escape(bad))
        self.assertRegex(p.err, r"(?m)^%s:\d+:\d+: error: .*bad duration" % re.escape(bad))
        self.assertIn("configuration is invalid (2 errors)", p.out)

        good = self.write("good.toml", original.replace("workers = 2", "workers = 3"))
        p = self.ctl(self.d, "validate", good)
        self.assertExit(p, 0)
        self.assertIn("web: scale 2 → 3", p.out)

        p = self.ctl(self.d, "diff", good)
        self.assertExit(p, 0)
        self.assertIn("web: scale 2 → 3", p.out)
        self.assertIn("--- running\n+++ %s\n" % good, p.out)
        self.assertIn("\n-workers = 2\n+workers = 3\n", p.out)
        p = self.ctl(self.d, "diff", bad)
        self.assertExit(p, 1)

        p = self.ctl(self.d, "apply", good, "--comment", "three workers")
        self.assertExit(p, 0)
        self.assertIn("web: scale 2 → 3", p.out)
        self.assertIn("reload succeeded", p.out)
        self.assertEqual(self.read(self.d.config), self.read(good))
        self.d.wait_settled("web", 3)
        p = self.ctl(self.d, "apply", bad)
        self.assertExit(p, 1)
        self.assertIn("%s:" % bad, p.err)
        self.assertIn("nothing was written", p.err)

        p = self.ctl(self.d, "history")
        self.assertExit(p, 0)
        self.assertRegex(p.out, r"(?m)^2\*\s+.*three workers")
        self.assertRegex(p.out, r"(?m)^1\s+.*running at start-up")
        self.assertEqual(len(json.loads(self.ctl(self.d, "history", "--json").out)["versions"]), 2)

        p = self.ctl(self.d, "rollback", "1")
        self.assertExit(p, 0)
        self.assertIn("web: scale 3 → 2", p.out)
        self.assertEqual(self.read(self.d.config), original)
        self.assertExit(self.ctl(self.d, "rollback", "99"), 1)
        self.assertExit(self.ctl(self.d, "rollback", "x"), 2)
        self.assertExit(self.ctl(self.d, "validate", os.path.join(self.tmp, "missing.toml")), 1)

    def test_events(self):
        p = self.ctl(self.d, "events")
        self.assertExit(p, 0)
        self.assertRegex(p.out, r"(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} daemon-started: ")
        self.assertRegex(p.out, r"(?m)\[web#1 pid \d+\] ready: ")
        p = self.ctl(self.d, "events", "--json")
        evs = [json.loads(l) for l in p.out.splitlines()]
        self.assertEqual(evs[0]["kind"], "daemon-started")
        last = evs[-1]["seq"]
        p = self.ctl(self.d, "events", "--json", "--since", str(last - 1))
        self.assertEqual([json.loads(l)["seq"] for l in p.out.splitlines()], [last])

        follow = subprocess.Popen([ct.batonctl_binary(), "--socket", self.d.socket_path, "events", "--follow", "--since", str(last)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(follow.stderr.close)
        self.addCleanup(follow.stdout.close)
        self.addCleanup(lambda: follow.poll() is None and (follow.kill(), follow.wait()))
        time.sleep(0.5)
        self.assertExit(self.ctl(self.d, "reload"), 0)
        lines = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any("reload-finished" in l for l in lines):
            lines.append(follow.stdout.readline().decode())
        self.assertTrue(any("reload-finished" in l for l in lines), lines)
        self.assertTrue(any("reload-started" in l for l in lines), lines)
        follow.send_signal(signal.SIGINT)
        self.assertEqual(follow.wait(10), 0)

    def test_bridge(self):
        requests = b"".join(json.dumps({"jsonrpc": "2.0", "id": i, "method": m}).encode() + b"\n"
                            for i, m in ((1, "status"), (2, "get_config"), (3, "nope")))
        p = self.ctl(self.d, "bridge", input=requests + b"not json\n")
        self.assertExit(p, 0)
        replies = [json.loads(l) for l in p.stdout.splitlines()]
        by_id = {r.get("id"): r for r in replies}
        self.assertEqual(by_id[1]["result"]["daemon"]["pid"], self.d.pid)
        self.assertIn("text", by_id[2]["result"])
        self.assertEqual(by_id[3]["error"]["code"], -32601)
        self.assertEqual(by_id[None]["error"]["code"], -32700)
        # A reload piped in is answered once it has finished, before the bridge ends.
        p = self.ctl(self.d, "bridge", input=b'{"jsonrpc":"2.0","id":9,"method":"reload"}\n')
        self.assertExit(p, 0)
        self.assertTrue(json.loads(p.stdout)["result"]["ok"])

    def test_reset_and_stop(self):
        self.assertExit(self.ctl(self.d, "reset", "web"), 0)
        p = self.ctl(self.d, "reset", "nope")
        self.assertExit(p, 1)
        self.assertIn("batonctl: reset failed:", p.err)
        p = self.ctl(self.d, "stop")
        self.assertExit(p, 0)
        self.assertEqual(self.d.wait_exit(30), 0)
        p = self.ctl(self.d, "status")
        self.assertExit(p, 3)
        self.assertIn(self.d.socket_path, p.err)

    def test_usage_and_unreachable(self):
        missing = os.path.join(self.tmp, "nowhere.sock")
        p = self.ctl(None, "status", socket_path=missing)
        self.assertExit(p, 3)
        self.assertIn("batonctl: cannot connect to unix:%s" % missing, p.err)
        p = self.ctl(None, "bridge", socket_path=missing)
        self.assertExit(p, 3)
        self.assertIn(missing, p.err)
        for args in (["frobnicate"], ["status", "--bogus"], ["reload", "a", "b"], ["validate"], ["--bus", "moon", "status"]):
            p = self.ctl(self.d, *args)
            self.assertExit(p, 2, " ".join(args))
            self.assertTrue(p.err.startswith("batonctl: "), p.err)
        p = self.ctl(self.d, "--help")
        self.assertExit(p, 0)
        for command in ("status", "reload", "validate", "diff", "apply", "history", "rollback", "events", "reset", "stop", "bridge"):
            self.assertIn("  " + command, p.out)
            h = self.ctl(self.d, command, "--help")
            self.assertExit(h, 0, command)
            self.assertIn("Usage: batonctl", h.out)


if __name__ == "__main__":
    ct.main()
