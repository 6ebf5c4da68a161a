#!/usr/bin/env python3
"""Who may use batond's control socket and how it copes with many or bad
clients: a subscriber that never reads is dropped at a bound (others are not
affected, batond's memory stays bounded); a foreign uid is refused by the
SO_PEERCRED check with code 4; 20 simultaneous reloads all get an answer
but coalesce into far fewer reloads; the socket's folder is created 0755,
a stale socket file is replaced, a live one is never taken over.

  python3 tests/control/test_jsonrpc_clients.py --build-dir build
"""

import json
import os
import shutil
import signal
import stat
import subprocess
import threading
import time

import controltest as ct
import batonrpc  # noqa: E402  (controltest put tests/daemon on the path)
from controltest import bt


class SlowClients(ct.ControlTestCase):

    def test_subscriber_that_never_reads_is_dropped(self):
        d = self.start_daemon()
        good = self.rpc(d)
        good.result("subscribe", {"events": True, "metrics": True})
        rss_before = ct.rss_kib(d.pid)

        # A subscriber that never reads, driven by notifications only: batond must neither block nor balloon.
        idle = batonrpc.Client(d.socket_path)
        self.addCleanup(idle.close)
        idle.send("subscribe", {"events": True, "metrics": True})
        for _ in range(5):
            self.assertTrue(good.recv_response(good.send("reload"), timeout=30)["result"]["ok"])
        t0 = time.monotonic()
        self.assertEqual(self.rpc(d).result("status")["services"][0]["name"], "web")
        # Blocked would mean forever (until the drop); 5 s leaves room for a loaded machine.
        self.assertLess(time.monotonic() - t0, 5.0, "status took too long while a subscriber does not read")

        # A subscriber that also floods requests and never reads any answer: dropped at the output bound.
        flood = batonrpc.Client(d.socket_path)
        self.addCleanup(flood.close)
        flood.send("subscribe", {"events": True, "metrics": True})
        request = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "events", "params": {"limit": 1000}}).encode() + b"\n"

        def pump():
            try:
                for _ in range(200):
                    flood.send_raw(request * 50)
            except OSError:
                pass  # dropped: expected

        pumper = threading.Thread(target=pump, daemon=True)
        pumper.start()
        # Meanwhile a well-behaved client is served promptly.
        for _ in range(5):
            t0 = time.monotonic()
            good.recv_response(good.send("status"), timeout=10, keep=[])
            self.assertLess(time.monotonic() - t0, 5.0, "a reading client was slowed down by a flooding one")
        pumper.join(60)
        self.assertFalse(pumper.is_alive(), "the flooding client was never dropped (its writes still block)")
        d.wait_for(lambda: "dropping client pid %d: not reading" % os.getpid() in d.log_text(), 20,
                   "the drop to be logged")
        d.wait_for(lambda: ct.readable_eof(flood.sock) or self._drained_to_eof(flood), 20, "the flooding client's connection to close")

        lines = [l for l in d.log_text().splitlines() if "dropping client" in l]
        self.assertTrue(all(l.startswith("batond: control: dropping client pid ") for l in lines), lines)
        rss_after = ct.rss_kib(d.pid)
        if not bt.SANITIZED:   # ASan's shadow memory and quarantine: RSS means nothing there
            self.assertLess(rss_after - rss_before, 64 * 1024, "batond grew from %d to %d KiB" % (rss_before, rss_after))
        # The reading subscriber still gets notifications, and everything still works.
        seen = []
        good.recv_response(good.send("reload"), timeout=30, keep=seen)
        self.assertTrue(any(m.get("method") == "event" for m in seen), seen[-5:])
        self.assertServing(d, "after dropping a client")

    @staticmethod
    def _drained_to_eof(rpc):
        try:
            rpc.sock.setblocking(False)
            while True:
                data = rpc.sock.recv(1 << 20)
                if not data:
                    return True
        except BlockingIOError:
            return False
        except ConnectionResetError:
            return True

    def test_notifications_reach_subscribers(self):
        d = self.start_daemon()
        rpc = self.rpc(d)
        sub = rpc.result("subscribe", {"events": True, "metrics": True})
        self.assertTrue(sub["ok"])
        self.assertIsInstance(sub["last_seq"], int)
        self.assertGreater(sub["last_seq"], 0)
        seen = []
        rpc.recv_response(rpc.send("reload"), timeout=30, keep=seen)
        deadline = time.monotonic() + 15
        while not any(m.get("method") == "metrics" for m in seen) and time.monotonic() < deadline:
            seen.append(rpc.recv(15))
        methods = {m.get("method") for m in seen}
        self.assertTrue({"event", "metrics", "services_changed"} <= methods, methods)
        events = [m["params"] for m in seen if m.get("method") == "event"]
        self.assertTrue(all(e["seq"] > sub["last_seq"] for e in events), events)
        self.assertIn("reload-finished", [e["kind"] for e in events])
        worker = [m for m in seen if m.get("method") == "metrics"][-1]["params"]["services"][0]["workers"][0]
        self.assertGreater(worker["rss_bytes"], 0, worker)
        # Unsubscribed: nothing more arrives.
        self.assertEqual(rpc.result("unsubscribe")["ok"], True)
        rpc.result("reload", timeout=30)
        time.sleep(1.5)
        rpc.sock.settimeout(0.3)
        leftovers = []
        try:
            while True:
                leftovers.append(rpc.recv(0.3))
        except batonrpc.Timeout:
            pass
        self.assertEqual([m for m in leftovers if "method" in m], [])


class Permissions(ct.ControlTestCase):

    def setUp(self):
        super().setUp()
        if os.geteuid() != 0 or not shutil.which("setpriv"):
            self.skipTest("needs root and setpriv to act as another uid")

    def as_user(self, who, code, timeout=20):
        user, group = who
        return subprocess.run(["setpriv", "--reuid", user, "--regid", group, "--init-groups",
                               bt.PYTHON, "-c", code], capture_output=True, timeout=timeout)

    CALLS = [("status", None), ("get_config", None), ("events", {"limit": 1}), ("validate", {"text": ""}),
             ("subscribe", {"events": False, "metrics": True}), ("subscribe", {"events": True, "metrics": False}),
             ("reset", {"service": "nosuch"})]

    def matrix(self, d, who):
        """{method/params: error code or 0} for each of CALLS, as `who` over the socket."""
        probe = ("import json, socket, sys\n"
                 "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.settimeout(10); s.connect(%r)\n"
                 "calls = %r\n"
                 "f = s.makefile('rwb')\n"
                 "out = []\n"
                 "for i, (m, p) in enumerate(calls):\n"
                 "    req = {'jsonrpc': '2.0', 'id': i, 'method': m}\n"
                 "    if p is not None: req['params'] = p\n"
                 "    f.write(json.dumps(req).encode() + b'\\n'); f.flush()\n"
                 "    while True:\n"
                 "        r = json.loads(f.readline())\n"
                 "        if r.get('id') == i: break\n"
                 "    out.append([r.get('error', {}).get('code', 0), r.get('error', {}).get('message', '')])\n"
                 "print(json.dumps(out))\n") % (d.socket_path, self.CALLS)
        r = self.as_user(who, probe)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return json.loads(r.stdout.decode())

    def open_path(self, d):
        p = d.socket_path
        while True:
            p = os.path.dirname(p)
            if p in ("/", "/tmp", ""):
                break
            os.chmod(p, os.stat(p).st_mode | 0o711)

    def test_authorization_matrix(self):
        # One rule (docs/control-api.md, "Authorization"): public reads for
        # anyone who can connect, the rest for root, batond's user and admin_group.
        d = self.start_daemon(daemon={"admin_group": "daemon"})
        self.open_path(d)
        outsider = self.matrix(d, ("nobody", "nogroup"))
        codes = [c for c, _ in outsider]
        #           status get_config events validate sub(metrics) sub(events) reset
        self.assertEqual(codes, [0, 4, 4, 4, 0, 4, 4], outsider)
        self.assertIn("permission denied", outsider[1][1])
        self.assertIn("group daemon", outsider[1][1])
        member = self.matrix(d, ("daemon", "daemon"))
        self.assertEqual([c for c, _ in member], [0, 0, 0, 0, 0, 0, 3], member)   # reset: no such service
        root = self.matrix(d, ("root", "root"))
        self.assertEqual([c for c, _ in root], [0, 0, 0, 0, 0, 0, 3], root)
        # batonctl as the outsider: status works, a write is refused with exit 3.
        r = subprocess.run(["setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups",
                            ct.batonctl_binary(), "--socket", d.socket_path, "status"], capture_output=True, timeout=20)
        self.assertEqual(r.returncode, 0, r)
        r = subprocess.run(["setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups",
                            ct.batonctl_binary(), "--socket", d.socket_path, "reload"], capture_output=True, timeout=20)
        self.assertEqual(r.returncode, 1, r)   # batond answered: the operation failed (3 is "not reachable")
        self.assertIn("permission denied", r.stderr.decode())
        self.assertServing(d, "after the outsider's attempts")


class Reloads(ct.ControlTestCase):

    def test_twenty_simultaneous_reloads_coalesce(self):
        d = self.start_daemon()
        clients = [batonrpc.Client(d.socket_path, timeout=60) for _ in range(20)]
        for c in clients:
            self.addCleanup(c.close)
        mark = d.mark()
        data = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "reload"}).encode() + b"\n"
        barrier = threading.Barrier(20)
        answers, errors = [], []

        def go(c):
            try:
                barrier.wait(10)
                c.send_raw(data)
                answers.append(c.recv(timeout=60))
            except Exception as e:  # noqa: BLE001
                errors.append("%s: %s" % (type(e).__name__, e))

        threads = [threading.Thread(target=go, args=(c,)) for c in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join(90)
        self.assertEqual(errors, [])
        self.assertEqual(len(answers), 20)
        self.assertTrue(all(a.get("result", {}).get("ok") is True for a in answers), answers)
        # Every reload that started has ended (polled, not slept for); daemon-wide
        # events (service "") only: each service also logs its own reload-started.
        d.wait_for(lambda: d.find("reload-finished", mark) and
                   len(d.find(("reload-finished", "reload-rejected"), mark, service=None)) >=
                   len(d.find("reload-started", mark, service=None)), 30,
                   "the coalesced reloads to finish")
        finished = d.find("reload-finished", mark, service=None)
        self.assertGreaterEqual(len(finished), 1)
        # Requests arriving during a reload coalesce into one more: on a
        # loaded machine the 20 arrive over a few reload cycles, never one each.
        self.assertLessEqual(len(finished), 10, "20 reloads were not coalesced: %d reload-finished events" % len(finished))
        self.assertServing(d, "after 20 simultaneous reloads")


class SocketFile(ct.ControlTestCase):

    def test_folder_is_created_and_stale_socket_replaced(self):
        d = self.start_daemon(daemon={"control_socket": "run/deep/baton.sock"})
        folder = os.path.dirname(d.socket_path)
        self.assertEqual(stat.S_IMODE(os.stat(folder).st_mode), 0o755)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(folder)).st_mode), 0o755)
        self.assertEqual(stat.S_IMODE(os.stat(d.socket_path).st_mode), 0o666)
        # A dead daemon leaves its socket file behind ...
        workers = d.live_workers("web")
        d.send(signal.SIGKILL)
        d.wait_exit(10)
        for p in workers:
            bt.kill_quietly(p)
        self.assertTrue(bt.wait_gone(workers, 5))
        self.assertTrue(os.path.exists(d.socket_path))
        # ... which the next one replaces.
        d._log.close()
        d.start()
        d.wait_settled("web", self.workers)
        self.wait_socket(d.socket_path)
        self.assertServing(d, "on a replaced stale socket")

    def test_live_socket_is_not_taken_over(self):
        d = self.start_daemon()
        other_port = bt.free_port()
        text = bt.config_text({"web": {"command": bt.baton_worker_command(), "workers": 1,
                                       "listen": {"http": "127.0.0.1:%d" % other_port}}},
                              {"control_socket": d.socket_path, "state_dir": "state2"})
        second = self.daemon(text, subdir="second")
        second.spawn()
        code = second.wait_exit(30)
        self.assertEqual(code, 1, second.log_text())
        self.assertIn("another batond is already listening on the control socket %s" % d.socket_path, second.log_text())
        self.assertServing(d, "after a second daemon tried its socket")


if __name__ == "__main__":
    ct.main()
