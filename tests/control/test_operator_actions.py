#!/usr/bin/env python3
"""Operator actions on one worker or service (issue 14 §3) with batonctl
against a real batond: `worker restart` under loopback load loses no
request; `worker signal` makes an exit with cause signalled-by-request (never
a crash, no backoff, its slot refilled); `service stop` drains the service,
which stays stopped across a reload ("stopped by request", config file
unchanged) until `service start`, and a fresh batond starts it again.

  python3 tests/control/test_operator_actions.py --build-dir build
"""

import hashlib
import json
import time

import controltest as ct
from controltest import bt


class OperatorActions(ct.ControlTestCase):

    def setUp(self):
        super().setUp()
        self.d = self.start_daemon()

    def doc(self, p, command, code=0):
        self.assertExit(p, code)
        d = json.loads(p.out)
        self.assertEqual(d["schema"], "baton.cli/1", d)
        self.assertEqual(d["command"], command, d)
        self.assertIs(d["ok"], code == 0, d)
        return d

    def service(self):
        return self.rpc(self.d).result("status")["services"][0]

    def ready_pids(self):
        return sorted(w["pid"] for w in self.service()["workers"] if w["state"] == "ready")

    def wait_ready(self, count):
        self.d.wait_for(lambda: len(self.ready_pids()) == count and self.service()["state"] == "running",
                        20, "%d ready workers" % count)
        return self.ready_pids()

    def exit_of(self, pid):
        return self.d.wait_event("exit", pid=pid, timeout=20)

    def test_restart_under_load_loses_no_request(self):
        before = self.wait_ready(2)
        mark = self.d.mark()
        load = self.load(self.port, connections=16, duration="40s", track=("X-Worker-Pid",))
        time.sleep(0.3)
        replaced = {}
        for _ in range(3):   # every worker, three times over
            for pid in self.ready_pids():
                d = self.doc(self.ctl(self.d, "worker", "restart", str(pid), "--json"), "worker restart")
                self.assertEqual(d["old_pid"], pid, d)
                self.assertTrue(bt.alive(d["new_pid"]), d)
                replaced[pid] = d["new_pid"]
                self.exit_of(pid)
        time.sleep(0.3)   # load on the last replacements too
        res = load.result()
        self.assertNoLoadErrors(res, "during 6 worker restarts")
        self.assertGreater(res["ok"], 200, res)
        self.assertEqual(len(replaced), 6)
        for pid in replaced:
            self.assertEqual(self.d.find("exit", mark, pid=pid)[0].get("cause"), "restarted-by-request")
        self.assertEqual(self.d.find(("restart-scheduled", "storm-breaker"), mark), [])
        self.assertEqual(self.service()["generation"], 1, "a restart stays in its generation")
        self.assertEqual(self.service()["restarts_in_window"], 0)
        after = self.wait_ready(2)
        self.assertFalse(set(after) & set(before))
        self.assertGreaterEqual(len(set(res["headers"]["X-Worker-Pid"])), 4, res["headers"])

    def test_negative_control_restart_of_an_abrupt_worker(self):
        """What makes "0 failed requests" above meaningful: a worker that exits
        at once on its stop signal cuts the slow requests it has in flight when
        a restart drains it, and the same load client counts that."""
        port = bt.free_port()
        d = self.daemon(bt.config_text({"web": {
            "command": bt.pyworker_command(), "workers": 2, "env": {"ABRUPT_TERM": "1"},
            "listen": {"http": "127.0.0.1:%d" % port},
        }}), subdir="abrupt").start()
        d.socket_path = d.dir + "/baton.sock"
        self.wait_socket(d.socket_path)
        load = self.load(port, connections=16, duration="40s", path="/slow?ms=3000", timeout="20s")
        bt.wait_until(lambda: bt.tcp_accepted_count(port) >= 1, 20, "the workers to accept connections")
        for pid in d.current_workers("web"):
            self.assertExit(self.ctl(d, "worker", "restart", str(pid)), 0)
        res = load.result(timeout=40)
        self.assertGreater(res["errors"], 0, "requests cut by an abrupt worker went unnoticed: %s" % res)

    def test_restart_refusals(self):
        p = self.ctl(self.d, "worker", "restart", "999999", "--json")
        d = self.doc(p, "worker restart", 1)
        self.assertEqual(d["error"]["code"], 3, d)   # not found
        self.assertExit(self.ctl(self.d, "worker", "restart", "nope"), 2)
        self.assertExit(self.ctl(self.d, "worker", "frobnicate", "1"), 2)

    def test_status_says_which_workers_batond_would_restart(self):
        """restart_refused in status is batond's own verdict (the admin app
        enables Restart by it): empty for the serving generation's ready
        workers, and for a worker of a generation that is not ready yet the
        very reason `worker restart` then answers with."""
        ready = self.wait_ready(self.workers)
        self.assertEqual({w["pid"]: w["restart_refused"] for w in self.service()["workers"]}, {p: "" for p in ready})
        self.d.write_config(bt.config_text({"web": {
            "command": [bt.PYTHON, bt.PYWORKER], "workers": 1, "ready_timeout": "30s", "drain_timeout": "2s",
            "env": {"NEVER_READY": "1"}, "listen": {"http": "127.0.0.1:%d" % self.port}}}))
        self.d.send(bt.signal.SIGHUP)
        box = {}

        def starting():
            box["w"] = [w for w in self.service()["workers"] if w["state"] == "starting"]
            return box["w"]
        self.d.wait_for(starting, 20, "a worker of the new generation, not ready")
        w = box["w"][0]
        self.assertIn("not in the serving generation", w["restart_refused"])
        d = self.doc(self.ctl(self.d, "worker", "restart", str(w["pid"]), "--json"), "worker restart", 1)
        self.assertIn(w["restart_refused"], d["error"]["message"], d)
        for p in ready:   # the serving ones still may be restarted
            self.assertEqual(next(x for x in self.service()["workers"] if x["pid"] == p)["restart_refused"], "")

    def test_signal_is_no_crash_and_the_slot_is_refilled(self):
        for sig in ("KILL", "TERM"):
            pid = self.wait_ready(2)[0]
            mark = self.d.mark()
            d = self.doc(self.ctl(self.d, "worker", "signal", str(pid), sig, "--json"), "worker signal")
            self.assertEqual((d["pid"], d["signal"]), (pid, "SIG" + sig), d)
            e = self.exit_of(pid)
            self.assertEqual(e.get("cause"), "signalled-by-request", e)
            self.assertEqual(self.d.find("worker-signal", mark, pid=pid)[0]["message"], "SIG%s sent on request" % sig)
            self.assertNotIn(pid, self.wait_ready(2))
            self.assertEqual(self.d.find(("restart-scheduled", "storm-breaker"), mark), [])
            self.assertEqual(self.service()["restarts_in_window"], 0)
        # The admin app's history shows it as no crash either (EventModel: only failures are).
        bad = self.doc(self.ctl(self.d, "worker", "signal", str(self.ready_pids()[0]), "SEGV", "--json"), "worker signal", 1)
        self.assertEqual(bad["error"]["code"], -32602, bad)
        self.assertEqual(len(self.ready_pids()), 2)

    def test_stop_stays_stopped_across_reload_until_started(self):
        workers = self.wait_ready(2)
        with open(self.d.config, "rb") as f:
            config_hash = hashlib.sha256(f.read()).hexdigest()
        mark = self.d.mark()
        d = self.doc(self.ctl(self.d, "service", "stop", "web", "--json"), "service stop")
        self.assertEqual((d["service"], d["state"]), ("web", "stopped"), d)
        for pid in workers:
            self.assertEqual(self.exit_of(pid).get("cause"), "stopped-by-request")
            self.assertFalse(bt.alive(pid))
        s = self.service()
        self.assertEqual((s["state"], s["stopped_by_request"], s["workers"]), ("stopped", True, []), s)
        self.assertIn("stopped by request", self.ctl(self.d, "status").out)
        with self.assertRaises(OSError):
            bt.http_get(self.port, "/healthz", timeout=2)

        # A reload keeps it stopped, and batond stays "running": stopped on purpose is no fault.
        self.assertExit(self.ctl(self.d, "reload"), 0)
        status = self.rpc(self.d).result("status")
        self.assertEqual(status["services"][0]["state"], "stopped", status)
        self.assertEqual(status["daemon"]["state"], "running", status)
        self.assertEqual(self.d.find("spawn", mark), [])
        with open(self.d.config, "rb") as f:
            self.assertEqual(hashlib.sha256(f.read()).hexdigest(), config_hash, "the config file is unchanged")
        self.assertEqual(self.d.find(("restart-scheduled", "storm-breaker"), mark), [])

        # Starting what runs is a conflict; starting it again serves.
        self.doc(self.ctl(self.d, "service", "start", "nosuch", "--json"), "service start", 1)
        d = self.doc(self.ctl(self.d, "service", "start", "web", "--json"), "service start")
        self.assertEqual(d["state"], "running", d)
        self.assertEqual(len(self.wait_ready(2)), 2)
        self.assertEqual(bt.http_get(self.port, "/healthz").status, 200)
        again = self.doc(self.ctl(self.d, "service", "start", "web", "--json"), "service start", 1)
        self.assertEqual(again["error"]["code"], 1, again)

        # Stopped once more, then a fresh batond: the config says run, so it runs.
        self.assertExit(self.ctl(self.d, "service", "stop", "web"), 0)
        self.d.stop()
        self.d.start()
        self.d.wait_settled("web", 2)
        self.wait_socket(self.d.socket_path)
        self.assertEqual(self.service()["stopped_by_request"], False)
        self.assertEqual(bt.http_get(self.port, "/healthz").status, 200)


if __name__ == "__main__":
    ct.main()
