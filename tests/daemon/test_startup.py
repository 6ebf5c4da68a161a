#!/usr/bin/env python3
"""Start-up failures: a port in use is a clear error with exit code 1; a
second master on the same config is refused; an invalid config, a first
generation that never gets ready and usage errors have the documented exit
codes; Unix sockets: a stale file is replaced, a live one refused. Nothing is
left running after a failed start.

  python3 tests/daemon/test_startup.py --build-dir build
"""

import os
import socket
import subprocess
import time

import batontest as bt


def svc(port, **kw):
    s = {"command": bt.baton_worker_command(), "listen": {"http": "127.0.0.1:%d" % port}}
    s.update(kw)
    return s


class Startup(bt.BatonTestCase):

    def run_failing(self, d, timeout=20, env=None):
        """Start batond, expect it to exit by itself; returns (code, output)."""
        t0 = time.monotonic()
        d.spawn(env=env)
        code = d.wait_exit(timeout)
        elapsed = time.monotonic() - t0
        out = d.log_text()
        d.cleanup()  # nothing should be left, but never leak
        return code, out, elapsed

    def assertNothingLeft(self, d):
        self.assertAllGone(d.spawned_pids(), what="workers of a failed start")
        left = [p for sid in d.sids for p in bt.session_members(sid)]
        self.assertEqual(left, [], "processes left in batond's session")

    def test_port_in_use(self):
        port = bt.free_port()
        blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(blocker.close)
        blocker.bind(("127.0.0.1", port))
        blocker.listen(1)
        d = self.daemon(bt.config_text({"web": svc(port)}))
        code, out, _ = self.run_failing(d)
        self.assertEqual(code, 1, out)
        self.assertTrue("address already in use" in out.lower() or "127.0.0.1:%d" % port in out,
                        "the error names the problem: %r" % out)
        self.assertEqual(d.spawned(), [], "no worker starts when a listener cannot bind")
        self.assertNothingLeft(d)

    def test_second_master_refused(self):
        port = bt.free_port()
        text = bt.config_text({"web": svc(port, listen={"http": "127.0.0.1:%d" % port, "local": "unix:web.sock"})})
        first = self.daemon(text, subdir="a").start()
        workers = first.current_workers("web")
        sock = os.path.join(first.dir, "web.sock")

        second = bt.Daemon(first.root, None)  # the very same config file
        second.log_path = os.path.join(self.tmp, "second.log")
        self._daemons.append(second)
        second._offset = os.path.getsize(first.events_path) if os.path.exists(first.events_path) else 0
        code, out, elapsed = self.run_failing(second)
        self.assertEqual(code, 1, out)
        self.assertIn("already running", out.lower(), out)
        self.assertLess(elapsed, 10)

        # The first master did not notice.
        self.assertTrue(first.running())
        self.assertEqual(first.live_workers("web"), workers)
        self.assertTrue(os.path.exists(sock), "the second master removed the first one's Unix socket")
        for target in (port, sock):
            r = bt.http_get(target, "/healthz")
            self.assertEqual(r.status, 200)
            self.assertIn(r.pid, workers)
        self.assertEqual(first.stop(), 0)

    def test_invalid_config(self):
        port = bt.free_port()
        d = self.daemon(bt.config_text({"web": svc(port, wrokers=2)}))
        code, out, _ = self.run_failing(d)
        self.assertEqual(code, 1, out)
        self.assertIn("wrokers", out, "diagnostics are printed")
        self.assertIn("baton.toml:", out, "diagnostics carry the file name and position")
        self.assertNothingLeft(d)

    def test_usage_errors(self):
        batond = bt.batond_binary()
        for args in ([], ["--no-such-option"], ["--config"], ["--config", "a.toml", "extra-argument"]):
            with self.subTest(args=args):
                p = subprocess.run([batond] + args, stdin=subprocess.DEVNULL, capture_output=True, timeout=10,
                                   cwd=self.tmp)
                self.assertEqual(p.returncode, 2, "batond %s: %r" % (args, p.stderr.decode(errors="replace")))
        p = subprocess.run([batond, "--config", os.path.join(self.tmp, "missing.toml")], capture_output=True,
                           timeout=10)
        self.assertEqual(p.returncode, 1, "a missing config file is a start-up failure: %r" % p.stderr)

    def test_first_generation_not_ready(self):
        cases = {
            "crashes on start": (svc(bt.free_port(), command=bt.pyworker_command(), env={"CRASH_ON_START": "1"},
                                     ready_timeout="20s"), 10),
            "never ready": (svc(bt.free_port(), command=bt.pyworker_command(), env={"NEVER_READY": "1"},
                                ready_timeout="1s", drain_timeout="2s"), 10),
            "cannot exec": (svc(bt.free_port(), command=["./no-such-worker-binary"]), 10),
        }
        for i, (what, (s, limit)) in enumerate(cases.items()):
            with self.subTest(what):
                d = self.daemon(bt.config_text({"web": s}), subdir="case%d" % i)
                code, out, elapsed = self.run_failing(d, timeout=30)
                self.assertEqual(code, 1, out)
                self.assertLess(elapsed, limit, "gave up after %.1f s" % elapsed)
                if what == "never ready":
                    self.assertGreaterEqual(elapsed, 0.9, "ready_timeout is 1 s")
                self.assertNothingLeft(d)

    def test_stale_unix_socket_replaced_live_refused(self):
        d = self.daemon(bt.config_text({"web": svc(bt.free_port(), listen={"local": "unix:web.sock"})}))
        path = os.path.join(d.dir, "web.sock")
        # stale: bound, then closed without unlinking (like a master that was killed)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(path)
        s.listen(1)
        s.close()
        self.assertTrue(os.path.exists(path))
        d.start()
        self.assertEqual(bt.http_get(path, "/healthz").status, 200)
        self.assertEqual(d.stop(), 0)

        # live: somebody listens there
        d2 = self.daemon(bt.config_text({"web": svc(bt.free_port(), listen={"local": "unix:live.sock"})}), subdir="b")
        path2 = os.path.join(d2.dir, "live.sock")
        live = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.addCleanup(live.close)
        live.bind(path2)
        live.listen(1)
        code, out, _ = self.run_failing(d2)
        self.assertEqual(code, 1, out)
        self.assertIn("live.sock", out, "the error names the socket")
        # and it did not steal the live socket's file
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.settimeout(2)
        c.connect(path2)
        c.close()
        self.assertNothingLeft(d2)


if __name__ == "__main__":
    bt.main()
