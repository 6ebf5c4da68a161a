#!/usr/bin/env python3
"""batonctl against a real batond over the control socket: status (table
and --json), reload, validate (GCC-style diagnostics naming the file),
diff, apply, history, rollback, events (plain, --json, --since, --follow),
reset, bridge (JSON-RPC piped through stdin/stdout), stop; exit codes 0/1/2/3;
--json on every command (one document, schema baton.cli/1; --follow: one per
line), sampled metrics in status --json, the socket found through --config,
BATON_SOCKET and BATON_CONFIG and their precedence, and the control API
methods each command's --help names (core's method table).

  python3 tests/control/test_batonctl.py --build-dir build
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
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

    def doc(self, p, command, code=0):
        """The one JSON document of `batonctl COMMAND --json`: exit code as
        expected, one line, accepted by `python3 -m json.tool`, the envelope."""
        self.assertExit(p, code)
        self.assertTrue(p.out.endswith("\n") and p.out.count("\n") == 1, "not one line: %r" % p.out)
        tool = subprocess.run([sys.executable, "-m", "json.tool"], input=p.stdout, capture_output=True)
        self.assertEqual(tool.returncode, 0, "json.tool refused %r: %s" % (p.out, tool.stderr))
        d = json.loads(p.out)
        self.assertEqual(d["schema"], "baton.cli/1", d)
        self.assertEqual(d["command"], command, d)
        self.assertIs(d["ok"], code == 0, d)
        if code:
            self.assertEqual(d["error"]["kind"], {1: "failed", 2: "usage", 3: "unreachable"}[code], d)
            self.assertTrue(d["error"]["message"], d)
        return d

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
        evs = self.doc(self.ctl(self.d, "events", "--json"), "events")["events"]
        self.assertEqual(evs[0]["kind"], "daemon-started")
        last = evs[-1]["seq"]
        p = self.ctl(self.d, "events", "--json", "--since", str(last - 1))
        self.assertEqual([e["seq"] for e in self.doc(p, "events")["events"]], [last])

        # Paging: after a seq, the first `limit` that followed it (a client
        # catching up); without one, the newest. It used to give the newest
        # in both cases, so a pager skipped everything in between.
        rpc = self.rpc(self.d)
        page = rpc.result("events", {"since": 1, "limit": 2})
        self.assertEqual([e["seq"] for e in page["events"]], [2, 3])
        self.assertTrue(page["more"])
        newest = rpc.result("events", {"limit": 2})
        self.assertEqual([e["seq"] for e in newest["events"]], [last - 1, last])
        self.assertFalse(newest["more"])
        self.assertFalse(rpc.result("events", {"since": last - 2, "limit": 2})["more"])

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


    # -- --json on every command ------------------------------------------------

    def test_json_status_has_sampled_metrics(self):
        d = self.doc(self.ctl(self.d, "status", "--json"), "status")
        self.assertTrue(d["sampled"], d)
        self.assertEqual(d["daemon"]["pid"], self.d.pid)
        workers = d["services"][0]["workers"]
        self.assertEqual(sorted(w["pid"] for w in workers), self.d.current_workers("web"))
        for w in workers:
            self.assertGreater(w["fds"], 0, w)
            self.assertGreater(w["rss_bytes"], 0, w)
            self.assertGreaterEqual(w["cpu_percent"], 0, w)

    def test_json_sign_and_keygen(self):
        prefix = os.path.join(self.tmp, "release")
        d = self.doc(self.ctl(self.d, "keygen", "--out", prefix, "--json"), "keygen")
        self.assertEqual((d["public"], d["private"]), (prefix + ".pub", prefix + ".key"))
        plain = self.write("plain.toml", self.read(self.d.config))
        d2 = self.doc(self.ctl(self.d, "sign", plain, "--key", prefix + ".key", "--json"), "sign")
        self.assertEqual(d2["key_id"], d["key_id"])
        self.assertIn("# baton-signature: ed25519:%s:" % d["key_id"], d2["text"])
        out = os.path.join(self.tmp, "signed.toml")
        d3 = self.doc(self.ctl(self.d, "sign", plain, "--key", prefix + ".key", "--output", out, "--json"), "sign")
        self.assertEqual(d3["output"], out)
        self.assertNotIn("text", d3)
        d4 = self.doc(self.ctl(self.d, "keygen", "--out", prefix, "--json"), "keygen", 1)   # never overwrites a key
        self.assertIn("exists", d4["error"]["message"])

    def test_json_reload(self):
        d = self.doc(self.ctl(self.d, "reload", "--json"), "reload")
        self.assertTrue(d["waited"])
        self.assertIsInstance(d["outcome"], str)
        self.assertEqual(d["rolled_back"], [])
        d = self.doc(self.ctl(self.d, "reload", "web", "--json"), "reload")
        self.assertEqual(d["service"], "web")
        d = self.doc(self.ctl(self.d, "reload", "nosuch", "--json"), "reload", 1)
        self.assertIn("nosuch", d["error"]["message"])
        self.assertIsInstance(d["error"]["code"], int)
        mark = self.d.mark()
        d = self.doc(self.ctl(self.d, "reload", "--no-wait", "--json"), "reload")
        self.assertFalse(d["waited"])
        self.d.wait_event("reload-finished", after=mark, timeout=20)

    def test_json_config_commands(self):
        original = self.read(self.d.config)
        bad = self.write("bad.toml", original.replace("workers = 2", "wrokers = 2\nready_timeout = \"10x\""))
        good = self.write("good.toml", original.replace("workers = 2", "workers = 3"))

        d = self.doc(self.ctl(self.d, "validate", bad, "--json"), "validate", 1)
        self.assertEqual((d["file"], d["valid"], d["errors"]), (bad, False, 2))
        self.assertTrue(all(x["text"].startswith(bad + ":") for x in d["diagnostics"]), d)
        self.assertIn("wrokers", " ".join(x["message"] for x in d["diagnostics"]))
        d = self.doc(self.ctl(self.d, "validate", good, "--json"), "validate")
        self.assertTrue(d["valid"])
        self.assertIn("web: scale 2 → 3", " ".join(d["plan"]))
        d = self.doc(self.ctl(self.d, "validate", os.path.join(self.tmp, "missing.toml"), "--json"), "validate", 1)
        self.assertIn("cannot read", d["error"]["message"])

        d = self.doc(self.ctl(self.d, "diff", good, "--json"), "diff")
        self.assertEqual((d["valid"], d["identical"]), (True, False))
        self.assertIn("web: scale 2 → 3", " ".join(d["plan"]))
        self.assertIn("\n-workers = 2\n+workers = 3\n", d["diff"])
        self.assertTrue(d["running_version"])
        d = self.doc(self.ctl(self.d, "diff", self.d.config, "--json"), "diff")
        self.assertEqual((d["identical"], d["diff"]), (True, ""))
        d = self.doc(self.ctl(self.d, "diff", bad, "--json"), "diff", 1)
        self.assertEqual((d["valid"], d["errors"]), (False, 2))

        d = self.doc(self.ctl(self.d, "apply", good, "--comment", "three", "--json"), "apply")
        self.assertEqual((d["file"], d["history_id"]), (good, 2))
        self.assertIn("web: scale 2 → 3", " ".join(d["plan"]))
        self.d.wait_settled("web", 3)
        d = self.doc(self.ctl(self.d, "apply", bad, "--json"), "apply", 1)
        self.assertEqual(d["error"]["code"], 2, d)
        self.assertEqual(d["errors"], 2, d)
        self.assertEqual(self.read(self.d.config), self.read(good))

        d = self.doc(self.ctl(self.d, "history", "--json"), "history")
        self.assertEqual([v["id"] for v in d["versions"]], [2, 1])
        self.assertTrue(d["versions"][0]["current"])

        d = self.doc(self.ctl(self.d, "rollback", "1", "--json"), "rollback")
        self.assertEqual(d["id"], 1)
        self.assertIn("web: scale 3 → 2", " ".join(d["plan"]))
        self.doc(self.ctl(self.d, "rollback", "99", "--json"), "rollback", 1)
        self.doc(self.ctl(self.d, "rollback", "x", "--json"), "rollback", 2)

    def test_json_events_reset_stop(self):
        d = self.doc(self.ctl(self.d, "events", "--json"), "events")
        last = d["events"][-1]["seq"]
        follow = subprocess.Popen([ct.batonctl_binary(), "--socket", self.d.socket_path, "events", "--follow", "--json",
                                   "--since", str(last - 1)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(follow.stderr.close)
        self.addCleanup(follow.stdout.close)
        self.addCleanup(lambda: follow.poll() is None and (follow.kill(), follow.wait()))
        first = json.loads(follow.stdout.readline())
        self.assertEqual((first["schema"], first["command"], first["ok"], first["event"]["seq"]), ("baton.cli/1", "events", True, last))
        self.assertExit(self.ctl(self.d, "reload"), 0)
        kinds = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "reload-finished" not in kinds:
            line = follow.stdout.readline()
            tool = subprocess.run([sys.executable, "-m", "json.tool"], input=line, capture_output=True)
            self.assertEqual(tool.returncode, 0, line)
            doc = json.loads(line)
            self.assertEqual(doc["schema"], "baton.cli/1")
            kinds.append(doc["event"]["kind"])
        self.assertIn("reload-started", kinds)
        self.assertIn("reload-finished", kinds)
        follow.send_signal(signal.SIGINT)
        self.assertEqual(follow.wait(10), 0)

        self.assertEqual(self.doc(self.ctl(self.d, "reset", "web", "--json"), "reset")["service"], "web")
        self.doc(self.ctl(self.d, "reset", "nope", "--json"), "reset", 1)
        self.doc(self.ctl(self.d, "stop", "--json"), "stop")
        self.assertEqual(self.d.wait_exit(30), 0)
        d = self.doc(self.ctl(self.d, "status", "--json"), "status", 3)
        self.assertIn(self.d.socket_path, d["error"]["message"])

    def test_json_usage_errors(self):
        for args, command in ((["frobnicate", "--json"], "frobnicate"), (["status", "--bogus", "--json"], "status"),
                              (["reload", "a", "b", "--json"], "reload"), (["events", "--since", "x", "--json"], "events"),
                              (["bridge", "--json"], "bridge"), (["--bus", "moon", "status", "--json"], "status")):
            p = self.ctl(self.d, *args)
            self.doc(p, command, 2)
            self.assertTrue(p.err.startswith("batonctl: "), p.err)
        # Without --json, a usage error stays text only.
        self.assertEqual(self.ctl(self.d, "frobnicate").out, "")

    def test_help_names_methods_of_the_protocol_table(self):
        docs = self.read(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                      "docs", "control-api.md"))
        expected = {"status": ["subscribe", "status"], "diff": ["get_config", "validate"], "apply": ["get_config", "apply_config"],
                    "reload": ["reload"], "events": ["subscribe", "events"], "stop": ["stop"]}
        for command, methods in expected.items():
            h = self.ctl(self.d, command, "--help")
            self.assertExit(h, 0)
            m = re.search(r"Control API methods: (.*)", h.out)
            self.assertTrue(m, h.out)
            listed = re.findall(r"(\w+) \(([\w-]+)\)", m.group(1))
            self.assertEqual([name for name, _ in listed], methods, h.out)
            for name, access in listed:
                self.assertIn(access, ("public-read", "sensitive-read", "write"), h.out)
                self.assertIn("| `%s` |" % name, docs)
            self.assertIn("--json", h.out)
        self.assertNotIn("--json", self.ctl(self.d, "bridge", "--help").out.split("\n\n")[0])

    # -- finding the socket: --socket > --config > BATON_SOCKET > BATON_CONFIG > default

    def run_ctl(self, *args, env=None, cwd=None):
        base = {k: v for k, v in os.environ.items() if k not in ("BATON_SOCKET", "BATON_CONFIG", "RUNTIME_DIRECTORY")}
        base["RUNTIME_DIRECTORY"] = os.path.join(self.tmp, "rt")   # the default socket's folder, as root or not
        base.update(env or {})
        p = subprocess.run([ct.batonctl_binary()] + list(args), capture_output=True, timeout=30, env=base,
                           cwd=cwd or self.tmp)
        p.out = p.stdout.decode("utf-8", "replace")
        p.err = p.stderr.decode("utf-8", "replace")
        return p

    def test_socket_from_config_and_environment(self):
        good_sock, good_cfg = self.d.socket_path, self.d.config
        missing = os.path.join(self.tmp, "missing.sock")
        # A copy elsewhere: its relative control_socket = "baton.sock" resolves
        # next to the copy (as batond would resolve it), where nothing listens.
        other = os.path.join(self.tmp, "other")
        os.makedirs(other)
        other_cfg = shutil.copy(good_cfg, os.path.join(other, "baton.toml"))
        other_sock = os.path.join(other, "baton.sock")
        invalid_cfg = self.write("invalid.toml", "[daemon]\ncontrol_socket = 5\n")
        default_sock = os.path.join(self.tmp, "rt", "control.sock")

        def reaches(*args, **env):
            p = self.run_ctl(*(list(args) + ["status", "--json"]), env=env)
            self.doc(p, "status")

        def misses(where, *args, **env):
            p = self.run_ctl(*(list(args) + ["status", "--json"]), env=env)
            d = self.doc(p, "status", 3)
            self.assertIn("unix:" + where, d["error"]["message"])

        reaches("--config", good_cfg)
        reaches("--config=" + os.path.relpath(good_cfg, self.tmp))           # relative to the working directory
        reaches(BATON_SOCKET=good_sock)
        reaches(BATON_CONFIG=good_cfg)
        misses(other_sock, "--config", other_cfg)
        misses(default_sock)
        misses(default_sock, BATON_SOCKET="", BATON_CONFIG="")              # empty counts as unset
        # Precedence, pairwise.
        reaches("--socket", good_sock, "--config", other_cfg)
        misses(missing, "--socket", missing, "--config", good_cfg)
        reaches("--config", good_cfg, BATON_SOCKET=missing)
        misses(other_sock, "--config", other_cfg, BATON_SOCKET=good_sock)
        reaches(BATON_SOCKET=good_sock, BATON_CONFIG=other_cfg)
        misses(missing, BATON_SOCKET=missing, BATON_CONFIG=good_cfg)
        reaches("--socket", good_sock, BATON_SOCKET=missing, BATON_CONFIG=other_cfg)
        # The other commands find it the same way (bridge included).
        self.assertExit(self.run_ctl("history", env={"BATON_CONFIG": good_cfg}), 0)
        p = subprocess.run([ct.batonctl_binary(), "--config", good_cfg, "bridge"], capture_output=True, timeout=30,
                           input=b'{"jsonrpc":"2.0","id":1,"method":"status"}\n')
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)["result"]["daemon"]["pid"], self.d.pid)
        # A config that cannot be read or is invalid: a usage error naming it.
        for env, args in (({}, ["--config", invalid_cfg]), ({"BATON_CONFIG": invalid_cfg}, []),
                          ({}, ["--config", os.path.join(self.tmp, "nope.toml")])):
            p = self.run_ctl(*(args + ["status", "--json"]), env=env)
            d = self.doc(p, "status", 2)
            self.assertIn(".toml", d["error"]["message"])
            self.assertIn("control socket", p.err)
        p = self.run_ctl("--config", good_cfg, "--bus", "session", "status")
        self.assertExit(p, 2)

if __name__ == "__main__":
    ct.main()
