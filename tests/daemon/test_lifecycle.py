#!/usr/bin/env python3
"""Lifecycle: `--daemonize` returns only once serving (a request right after
it returns succeeds) and with the start-up's exit code; systemd READY=1 only
once serving; SIGTERM drains (a request in flight completes) and exits 0 with
no worker left behind; drain_timeout ends in SIGKILL; a second SIGTERM stops
at once.

  python3 tests/daemon/test_lifecycle.py --build-dir build
"""

import http.client
import os
import signal
import socket
import subprocess
import threading
import time

import batontest as bt


def py_service(port, **env):
    return {"web": {"command": bt.pyworker_command(), "workers": 2, "drain_timeout": "10s",
                    "env": env, "listen": {"http": "127.0.0.1:%d" % port}}}


class Lifecycle(bt.BatonTestCase):

    def daemonize(self, d, pidfile):
        log = open(d.log_path, "ab")
        self.addCleanup(log.close)
        t0 = time.monotonic()
        p = subprocess.Popen(d.command("--daemonize", "--pid-file", pidfile), stdin=subprocess.DEVNULL,
                             stdout=log, stderr=subprocess.STDOUT, env=d.environment(), cwd=d.root,
                             start_new_session=True)
        d.sids.add(p.pid)
        try:
            code = p.wait(60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            self.fail("batond --daemonize did not return within 60 s\n" + d.diag())
        return code, time.monotonic() - t0, p.pid

    def test_daemonize_returns_once_serving(self):
        port = bt.free_port()
        # Workers take 4 s to get ready: --daemonize must wait for them.
        d = self.daemon(bt.config_text(py_service(port, STARTUP_DELAY="4", GREETING="daemon")))
        pidfile = os.path.join(self.tmp, "baton.pid")
        code, elapsed, parent = self.daemonize(d, pidfile)
        # Immediately, no retries, and a timeout shorter than the workers' start-up
        # (had it returned early, the request would wait in the listen queue until
        # they are ready), yet long enough for a loaded machine.
        try:
            r = bt.http_get(port, "/healthz", timeout=2.5)
        except OSError as e:
            self.fail("request right after --daemonize returned failed: %s\n%s" % (e, d.diag()))
        self.assertEqual(code, 0, d.diag())
        self.assertEqual((r.status, r.greeting), (200, "daemon"))
        self.assertGreaterEqual(elapsed, 3.9, "--daemonize returned before the workers were ready")

        with open(pidfile) as f:
            pid = int(f.read().strip())
        d.pid = pid
        d.sids.add(pid)
        self.assertNotEqual(pid, parent, "the pid file names the daemon, not the parent that returned")
        self.assertTrue(bt.alive(pid), "daemon %d not running" % pid)
        self.assertIn(r.pid, d.current_workers("web"))
        self.assertTrue(d.find("daemon-started"))

        d.reload()  # it is a working master
        workers = d.wait_settled("web", 2)
        code = d.stop(timeout=30)
        print("\n  daemon %d (parent %d) exit status after SIGTERM: %s" % (pid, parent, code))
        if code is None:  # status not ours to collect (not re-parented to us)
            self.assertTrue(d.find("daemon-stopped"), d.diag())
        else:
            self.assertEqual(code, 0, d.diag())
        self.assertAllGone(workers + d.spawned_pids(), what="workers after SIGTERM")

    def test_daemonize_start_failure_exit_code(self):
        port = bt.free_port()
        blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(blocker.close)
        blocker.bind(("127.0.0.1", port))
        blocker.listen(1)
        d = self.daemon(bt.config_text(py_service(port)))
        code, elapsed, _ = self.daemonize(d, os.path.join(self.tmp, "baton.pid"))
        out = d.log_text()
        self.assertEqual(code, 1, out)
        self.assertTrue("address already in use" in out.lower() or "127.0.0.1:%d" % port in out,
                        "the parent shows why: %r" % out)
        me = os.getpid()

        def orphans():
            return [p for p, st in bt.all_procs().items() if st[1] == me and st[0] not in "ZX"]
        # Whatever the failed start left behind may take a moment to finish exiting.
        try:
            bt.wait_until(lambda: not orphans(), 10, "no orphan")
        except AssertionError:
            self.fail("a daemon or worker survived the failed start: %s" % orphans())
        self.assertAllGone(d.spawned_pids())

    def test_notify_ready_and_sigterm_drains(self):
        port = bt.free_port()
        d = self.daemon(bt.config_text(py_service(port, STARTUP_DELAY="0.5")))
        ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.addCleanup(ns.close)
        name = "@baton-test-notify-%d-%d" % (os.getpid(), port)
        ns.bind("\0" + name[1:])
        ns.settimeout(20)
        d.spawn(env={"NOTIFY_SOCKET": name})
        messages = []
        while not any("READY=1" in m.split("\n") for m in messages):
            try:
                messages.append(ns.recv(4096).decode(errors="replace"))
            except socket.timeout:
                self.fail("no READY=1 from batond on NOTIFY_SOCKET; got %r\n%s" % (messages, d.diag()))
        r = bt.http_get(port, "/healthz", timeout=5.0)  # READY=1 means serving
        self.assertEqual(r.status, 200)
        workers = d.current_workers("web")
        self.assertEqual(len(workers), 2, d.diag())

        # A request in flight when SIGTERM arrives still completes. "In flight":
        # sent, and its connection accepted by a worker (polled, not slept for).
        result = {}
        sent = threading.Event()

        def slow():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            try:
                conn.connect()
                result["client_port"] = conn.sock.getsockname()[1]
                result["t_sent"] = time.monotonic()
                conn.request("GET", "/slow?ms=1500", headers={"Connection": "close"})
                sent.set()
                resp = conn.getresponse()
                result["r"] = bt.Response(resp.status, resp.getheaders(), resp.read())
            except Exception as e:  # noqa: BLE001
                result["e"] = e
            finally:
                sent.set()
                conn.close()

        t = threading.Thread(target=slow)
        t.start()
        self.assertTrue(sent.wait(20), "the slow request was never sent")
        self.assertNotIn("e", result, "sending the slow request failed: %r" % result.get("e"))
        bt.wait_until(lambda: bt.tcp_accepted(port, result["client_port"]), 20, "a worker to accept the slow request")
        mark = d.mark()
        code = d.stop(timeout=30)
        t_exit = time.monotonic()
        t.join(20)
        self.assertEqual(code, 0, d.diag())
        self.assertNotIn("e", result, "request in flight failed: %r" % result.get("e"))
        self.assertEqual(result["r"].status, 200)
        # The worker cannot answer before 1.5 s after the request was sent.
        self.assertGreaterEqual(t_exit - result["t_sent"], 1.5, "batond exited before the request in flight completed")
        self.assertAllGone(d.spawned_pids(), timeout=5, what="workers after a clean stop")
        kinds = [e["kind"] for e in d.events()[mark:]]
        for k in ("daemon-stopping", "daemon-stopped"):
            self.assertIn(k, kinds)
        self.assertEqual(kinds[-1], "daemon-stopped", kinds)
        self.assertEqual(d.find("kill", mark), [], "a quick drain needs no SIGKILL")

    def test_drain_timeout_then_sigkill(self):
        port = bt.free_port()
        text = bt.config_text(py_service(port, IGNORE_TERM="1")).replace('drain_timeout = "10s"',
                                                                           'drain_timeout = "1s"')
        d = self.daemon(text).start()
        workers = d.current_workers("web")
        mark = d.mark()
        t0 = time.monotonic()
        code = d.stop(timeout=20)
        elapsed = time.monotonic() - t0
        self.assertEqual(code, 0, d.diag())
        self.assertGreaterEqual(elapsed, 0.9, "drain_timeout is 1 s")
        self.assertLess(elapsed, 10, "drain_timeout is 1 s, then SIGKILL")
        self.assertAllGone(workers, timeout=5, what="workers ignoring SIGTERM")
        killed = {e.get("pid") for e in d.find("kill", mark)}
        self.assertTrue(set(workers) <= killed, "kill events for %s: %s" % (workers, d.find("kill", mark)))
        for e in d.find("exit", mark):
            if "signal" in e:
                self.assertEqual(e["signal"], "SIGKILL", e)

    def test_second_sigterm_stops_at_once(self):
        port = bt.free_port()
        text = bt.config_text(py_service(port, IGNORE_TERM="1")).replace('drain_timeout = "10s"',
                                                                           'drain_timeout = "30s"')
        d = self.daemon(text).start()
        workers = d.current_workers("web")
        mark = d.mark()
        d.send(signal.SIGTERM)
        # The first SIGTERM must have been handled before the second is sent
        # (else both may count as one): wait for the drain to begin.
        d.wait_event("daemon-stopping", after=mark, timeout=20)
        self.assertTrue(d.running(), "batond must still be draining (drain_timeout 30 s)")
        t0 = time.monotonic()
        d.send(signal.SIGTERM)
        code = d.wait_exit(20)
        # "At once" against a 30 s drain: 10 s is plenty even on a loaded machine.
        self.assertLess(time.monotonic() - t0, 10, "a second SIGTERM stops at once")
        self.assertAllGone(workers, timeout=5, what="workers after the second SIGTERM")
        print("\n  exit code after a second SIGTERM: %s" % code)


if __name__ == "__main__":
    bt.main()
