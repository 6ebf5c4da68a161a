#!/usr/bin/env python3
"""Worker output (README "Worker output"): batond captures each worker's
stdout and stderr, labels and numbers every line, keeps them in a ring per
service, serves them through `batonctl logs` (and -f), puts the evidence in
exit events and rollback reasons, and forwards to the journal natively.

  python3 tests/daemon/test_worker_output.py --build-dir build
"""

import json
import os
import socket
import statistics
import subprocess
import time

import batonrpc
import batontest as bt

OUTPUTWORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "workers", "outputworker.py")


def rss_kib(pid):
    return int(bt.status_field(pid, "VmRSS").split()[0])


class WorkerOutput(bt.BatonTestCase):

    def config(self, port, daemon=None, log_rate=None, **env):
        web = {
            "command": [bt.PYTHON, OUTPUTWORKER],
            "ready_timeout": "5s",
            "drain_timeout": "2s",
            "log_buffer": "1MiB",
            "env": env,
            "listen": {"http": "127.0.0.1:%d" % port},
        }
        if log_rate:
            web["log_rate"] = log_rate
        return bt.config_text({"web": web}, daemon)

    def log_status(self, d, service="web"):
        status = json.loads(self.ctl(d, "status", "--json").stdout)
        return next(s for s in status["services"] if s["name"] == service)["log"]

    def ctl(self, d, *args, timeout=15):
        cmd = [bt.binary("batonctl"), "--socket", os.path.join(d.dir, "baton.sock")] + list(args)
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)

    def logs(self, d, *args):
        r = self.ctl(d, "logs", "--json", *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        docs = [json.loads(line) for line in r.stdout.splitlines()]
        self.assertEqual(len(docs), 1, "logs --json prints one document: %r" % r.stdout)
        self.assertEqual(docs[0]["schema"], "baton.cli/1")
        return docs[0]["lines"]

    @staticmethod
    def quiet(d):
        """batond's own log to /dev/null: a flood forwards hundreds of MB/s of
        worker lines to its stderr, which would fill a tmpfs /tmp (the Debian
        13 test container's) and starve the tests beside it."""
        d.log_path = os.devnull
        return d

    def wait_lines(self, d, pred, what, *args, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            lines = self.logs(d, *args)
            if pred(lines):
                return lines
            if time.monotonic() > deadline:
                self.fail("%s: %s" % (what, lines[-20:]))
            time.sleep(0.1)

    def test_lines_come_back_labelled(self):
        port = bt.free_port()
        d = self.daemon(self.config(port, OUT_MODE="basic")).start()
        pid = d.wait_settled("web", 1)[0]
        lines = self.wait_lines(d, lambda ls: len(ls) >= 3, "three lines")
        got = [(l["stream"], l["priority"], l["text"]) for l in lines]
        self.assertEqual(got, [("stdout", 6, "hello stdout"), ("stderr", 4, "careful"), ("stderr", 6, "plain stderr")])
        for l in lines:
            self.assertEqual((l["service"], l["generation"], l["pid"]), ("web", 1, pid))
        self.assertEqual([l["seq"] for l in lines], sorted(l["seq"] for l in lines))
        self.assertEqual([l["text"] for l in self.logs(d, "web", "--stderr")], ["careful", "plain stderr"])
        self.assertEqual([l["text"] for l in self.logs(d, "--priority", "warning")], ["careful"])
        self.assertEqual([l["text"] for l in self.logs(d, "-n", "1")], ["plain stderr"])
        self.assertEqual(self.logs(d, "--generation", "7"), [])
        human = self.ctl(d, "logs", "web")
        self.assertIn("web#1[%d] stderr <warning>: careful" % pid, human.stdout)
        # Forwarded to batond's stderr with the worker's label.
        self.assertIn("web#1[%d]: hello stdout" % pid, d.log_text())

    def test_follow_prints_new_lines_and_ends_with_batond(self):
        port = bt.free_port()
        d = self.daemon(self.config(port, OUT_MODE="basic", TICK="0.2")).start()
        d.wait_settled("web", 1)
        follower = subprocess.Popen([bt.binary("batonctl"), "--socket", os.path.join(d.dir, "baton.sock"),
                                     "logs", "web", "-f", "--json"], stdout=subprocess.PIPE, text=True)
        self.addCleanup(lambda: follower.poll() is None and follower.kill())
        seen = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(t.startswith("tick") and int(t.split()[1]) >= 8 for t in seen):
            seen.append(json.loads(follower.stdout.readline())["line"]["text"])
        ticks = [int(t.split()[1]) for t in seen if t.startswith("tick")]
        self.assertTrue(ticks and ticks[-1] >= 8, seen)
        self.assertEqual(ticks, list(range(ticks[0], ticks[-1] + 1)), "no line missed or doubled: %s" % seen)
        self.assertEqual(d.stop(), 0)
        self.assertEqual(follower.wait(10), 0, "batonctl logs -f ends cleanly when batond goes away")

    def test_flood_neither_blocks_the_worker_nor_grows_batond(self):
        port = bt.free_port()
        d = self.quiet(self.daemon(self.config(port, OUT_MODE="basic"))).start()
        d.wait_settled("web", 1)
        baseline = rss_kib(d.pid)
        # Unlimited: this is about how fast batond takes a flood, not log_rate.
        d.write_config(self.config(port, log_rate="unlimited", OUT_MODE="flood"))
        d.reload()
        flood_pid = d.wait_settled("web", 1)[0]
        latencies = []
        t0 = time.monotonic()
        c0 = int(bt.http_get(port, "/count").body)
        while time.monotonic() - t0 < 6:
            t = time.monotonic()
            r = bt.http_get(port, "/healthz", timeout=5)
            latencies.append(time.monotonic() - t)
            self.assertEqual(r.status, 200)
            time.sleep(0.02)
        c1 = int(bt.http_get(port, "/count").body)
        elapsed = time.monotonic() - t0
        peak = rss_kib(d.pid)
        rate = (c1 - c0) / elapsed / 1e6
        status = json.loads(self.ctl(d, "status", "--json").stdout)
        log = status["services"][0]["log"]
        print("\nflood: %.1f MB/s through batond, healthz p50 %.1f ms max %.1f ms, batond RSS %d -> %d KiB, ring %s"
              % (rate, statistics.median(latencies) * 1000, max(latencies) * 1000, baseline, peak, log))
        self.assertGreater(rate, 5, "the worker's output is read at a useful rate")
        self.assertLess(max(latencies), 1.0, "the flooding worker keeps answering")
        self.assertGreater(log["dropped"], 0, "the ring overflowed and counts it")
        self.assertLessEqual(log["used_bytes"], 1024 * 1024)
        if not bt.SANITIZED:
            self.assertLess(peak - baseline, 1024 + 16 * 1024, "batond's memory stays within the buffer plus a margin")
        lines = self.logs(d, "--pid", str(flood_pid), "-n", "5")
        self.assertTrue(lines and lines[-1]["text"].startswith("flood line"), lines)

    def test_log_rate_holds_a_flood_to_its_rate_and_loses_no_line(self):
        # log_rate is backpressure, not dropping: past it batond leaves the
        # pipes alone and the flooding thread waits in write(); the worker
        # keeps answering, every line it wrote is kept or counted, the pause
        # shows in status, and the key applies in place.
        port = bt.free_port()
        rate = 256 * 1024
        flood_line = len(b"flood line with some padding to look like a real log line 0123456789\n")
        d = self.quiet(self.daemon(self.config(port, log_rate="256KiB/s", OUT_MODE="flood"))).start()
        d.wait_settled("web", 1)
        time.sleep(1.5)   # past the first second's worth and the pipe's 1 MiB
        log0, w0, t0 = self.log_status(d), int(bt.http_get(port, "/count").body), time.monotonic()
        latencies = []
        while time.monotonic() - t0 < 3:
            t = time.monotonic()
            self.assertEqual(bt.http_get(port, "/healthz", timeout=5).status, 200)
            latencies.append(time.monotonic() - t)
            time.sleep(0.05)
        log1, w1, t1 = self.log_status(d), int(bt.http_get(port, "/count").body), time.monotonic()
        taken = (log1["lines"] + log1["dropped"] - log0["lines"] - log0["dropped"]) * flood_line / (t1 - t0)
        written = (w1 - w0) / (t1 - t0)
        print("\nlog_rate 256KiB/s: batond took %.0f KiB/s, the worker wrote %.0f KiB/s, paused %d ms, healthz max %.0f ms"
              % (taken / 1024, written / 1024, log1["paused_ms"], max(latencies) * 1000))
        self.assertEqual(log1["rate_bytes"], rate)
        self.assertLess(taken, rate * 1.3, "batond takes no more than log_rate")
        self.assertGreater(taken, rate * 0.5, "and about as much")
        self.assertLess(written, rate * 1.3, "so the flooding thread waits in write() instead of spinning")
        self.assertGreater(log1["paused_ms"], log0["paused_ms"] + 1000, "the pauses show in status")
        self.assertLess(max(latencies), 1.0, "the worker still answers")
        self.assertIn("web output held back by log_rate (256KiB/s) for", self.ctl(d, "status").stdout)
        doc = json.loads(self.ctl(d, "logs", "--json", "-n", "1").stdout)
        self.assertGreater(doc["held_back_ms"]["web"], 1000, "and in the logs answer, for the app's Logs page")

        # Hot: unlimited applies in place, to the same worker.
        pid = d.wait_settled("web", 1)[0]
        d.write_config(self.config(port, log_rate="unlimited", OUT_MODE="flood"))
        d.reload()
        self.assertEqual(d.wait_settled("web", 1)[0], pid, "log_rate applies without a new generation")
        log2, t2 = self.log_status(d), time.monotonic()
        time.sleep(1)
        log3, t3 = self.log_status(d), time.monotonic()
        fast = (log3["lines"] + log3["dropped"] - log2["lines"] - log2["dropped"]) * flood_line / (t3 - t2)
        self.assertEqual(log3["rate_bytes"], 0)
        self.assertGreater(fast, rate * 4, "unlimited takes far more than the old rate")

        written = int(bt.http_get(port, "/stop", timeout=15).body)
        produced = written // flood_line
        deadline = time.monotonic() + 10
        while True:
            log = self.log_status(d)
            if log["lines"] + log["dropped"] >= produced or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        self.assertEqual(log["lines"] + log["dropped"], produced, "every line is kept or counted as dropped")

    def test_flood_during_applies_loses_no_line_and_stalls_the_worker_briefly(self):
        # The README's bound: batond may be busy (an apply's fsync and
        # history, a burst of spawns) as long as a worker needs to fill its
        # enlarged pipe before it waits in write(); nothing is lost either
        # way. Ten applies, each adding or removing a service (fsync, history
        # record, spawns), while web floods stdout at full speed: every line
        # the worker wrote is either in the ring or counted as dropped, and
        # its longest write() stays far below a second.
        port, extra_port = bt.free_port(), bt.free_port()
        flood_line = len(b"flood line with some padding to look like a real log line 0123456789\n")

        def text(with_extra):
            services = {"web": {
                "command": [bt.PYTHON, OUTPUTWORKER], "ready_timeout": "5s", "drain_timeout": "2s",
                "log_buffer": "1MiB", "log_rate": "unlimited", "env": {"OUT_MODE": "flood"},
                "listen": {"http": "127.0.0.1:%d" % port}}}
            if with_extra:
                services["extra"] = {"command": [bt.PYTHON, OUTPUTWORKER], "workers": 2, "ready_timeout": "5s",
                                     "env": {"OUT_MODE": "basic"}, "listen": {"http": "127.0.0.1:%d" % extra_port}}
            return bt.config_text(services)

        d = self.quiet(self.daemon(text(False))).start()
        d.wait_settled("web", 1)
        client = batonrpc.Client(os.path.join(d.dir, "baton.sock"))
        self.addCleanup(client.close)
        applies = []
        for i in range(10):
            version = client.call("get_config")["result"]["version"]
            t = time.monotonic()
            r = client.call("apply_config", {"text": text(i % 2 == 0), "expected_version": version}, timeout=30)
            applies.append(time.monotonic() - t)
            self.assertTrue(r.get("result", {}).get("ok"), r)
            if i % 2 == 0:
                d.wait_settled("extra", 2)
        stall_us = int(bt.http_get(port, "/stall").body)
        written = int(bt.http_get(port, "/stop", timeout=15).body)
        self.assertEqual(written % flood_line, 0)
        produced = written // flood_line
        deadline = time.monotonic() + 10
        while True:
            log = next(s for s in json.loads(self.ctl(d, "status", "--json").stdout)["services"] if s["name"] == "web")["log"]
            if log["lines"] + log["dropped"] >= produced or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        print("\nflood during %d applies (p50 %.0f ms): %.1f MB written, longest write() %.1f ms, "
              "%d lines kept + %d dropped of %d"
              % (len(applies), statistics.median(applies) * 1000, written / 1e6, stall_us / 1000,
                 log["lines"], log["dropped"], produced))
        self.assertEqual(log["lines"] + log["dropped"], produced, "every line is kept or counted as dropped")
        self.assertGreater(log["dropped"], 0, "the flood overflowed the ring")
        self.assertLess(stall_us, 1_000_000 * (10 if bt.SANITIZED else 2), "the worker waited for batond at most briefly")

    def test_worker_text_cannot_drive_the_terminal(self):
        """What a worker prints reaches batonctl's text output with its
        control characters as \\xNN: a line of escape sequences (window
        title, clear screen, colour, a C1 CSI) neither in `reload`'s reason
        and tail nor in `logs`. They used to pass through raw."""
        port = bt.free_port()
        d = self.daemon(self.config(port, OUT_MODE="basic")).start()
        d.wait_settled("web", 1)
        d.write_config(self.config(port, OUT_MODE="escapes"))
        r = self.ctl(d, "reload", timeout=30)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        logs = self.ctl(d, "logs", "web", "-n", "20")
        self.assertEqual(logs.returncode, 0, logs.stderr)
        for what, text in (("reload", r.stdout + r.stderr), ("logs", logs.stdout)):
            self.assertIn("\\x1b]0;owned\\x07\\x1b[2Jboom \\x1b[31mred\\x1b[0m\\x9b1m", text, what)
            self.assertFalse(any(c in text for c in "\x1b\x07\x9b"), "%s passed a control character: %r" % (what, text))
        self.assertEqual(self.logs(d, "-n", "1")[0]["text"], "\x1b]0;owned\x07\x1b[2Jboom \x1b[31mred\x1b[0m\x9b1m")   # JSON: as printed

    def test_rollback_reason_quotes_the_last_line(self):
        port = bt.free_port()
        d = self.daemon(self.config(port, OUT_MODE="basic")).start()
        d.wait_settled("web", 1)
        mark = d.mark()
        d.write_config(self.config(port, OUT_MODE="die"))
        r = self.ctl(d, "reload", timeout=30)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        quoted = "exited with status 1 before READY=1: \"ModuleNotFoundError: No module named 'flask'\""
        self.assertIn(quoted, r.stdout)
        self.assertIn("| Traceback (most recent call last):", r.stdout, "batonctl prints the stderr tail")
        ev = d.wait_event("reload-rolled-back", after=mark)
        self.assertIn(quoted, ev["reason"])
        exits = [e for e in d.find("exit", mark) if e.get("stderr_tail")]
        self.assertTrue(exits, d.find("exit", mark))
        self.assertEqual(exits[0]["stderr_tail"][-1], "ModuleNotFoundError: No module named 'flask'")
        self.assertIn("last_status", exits[0])

    def test_journal_fields(self):
        journal_path = os.path.join(self.tmp, "journal.socket")
        journal = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        journal.bind(journal_path)
        journal.settimeout(10)
        self.addCleanup(journal.close)
        port = bt.free_port()
        d = self.daemon(self.config(port, OUT_MODE="basic"))
        # "auto" trusts JOURNAL_STREAM only when it names batond's stderr: here the log file.
        open(d.log_path, "ab").close()
        st = os.stat(d.log_path)
        d.start(env={"BATON_JOURNAL_SOCKET": journal_path, "JOURNAL_STREAM": "%d:%d" % (st.st_dev, st.st_ino)})
        pid = d.wait_settled("web", 1)[0]
        entries = []
        while len(entries) < 3:
            data = journal.recv(65536)
            entries.append(dict(line.split("=", 1) for line in data.decode().splitlines()))
        self.assertEqual([e["MESSAGE"] for e in entries], ["hello stdout", "careful", "plain stderr"])
        self.assertEqual([e["PRIORITY"] for e in entries], ["6", "4", "6"])
        self.assertEqual([e["BATON_STREAM"] for e in entries], ["stdout", "stderr", "stderr"])
        for e in entries:
            self.assertEqual(e["SYSLOG_IDENTIFIER"], "baton/web")
            self.assertEqual(e["BATON_SERVICE"], "web")
            self.assertEqual(e["BATON_GENERATION"], "1")
            self.assertEqual(e["BATON_WORKER_PID"], str(pid))
        self.assertNotIn("hello stdout", d.log_text(), "not twice: the journal has it")
        status = json.loads(self.ctl(d, "status", "--json").stdout)
        self.assertEqual(status["daemon"]["worker_output"], "journal")

    def test_journal_stream_of_someone_else_is_not_trusted(self):
        journal_path = os.path.join(self.tmp, "journal.socket")
        journal = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        journal.bind(journal_path)
        self.addCleanup(journal.close)
        port = bt.free_port()
        d = self.daemon(self.config(port, OUT_MODE="basic")).start(
            env={"BATON_JOURNAL_SOCKET": journal_path, "JOURNAL_STREAM": "1:1"})
        d.wait_settled("web", 1)
        d.wait_for(lambda: "hello stdout" in d.log_text(), 10, "the line on stderr")


if __name__ == "__main__":
    bt.main()
