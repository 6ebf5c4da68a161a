#!/usr/bin/env python3
"""The reload engine on the paths people actually hit (issue 11):

  1. a reload of a service whose storm breaker is open, then a full reload,
     then SIGHUP: each answered, none wedged;
  2. a rollback with one new worker ready and serving slow requests: that
     worker is drained, not killed, so no request in flight is cut;
  4. every exit says who caused it: batond's own kills are never crashes;
  6. a worker of one service cannot steer another service's worker through
     the notify protocol, not even after joining its process group.

  python3 tests/daemon/test_reload_engine.py --build-dir build
"""

import http.client
import os
import signal
import threading
import time

import batonrpc
import batontest as bt

WORKERS = os.path.dirname(bt.PYWORKER)


class ReloadEngine(bt.BatonTestCase):

    def control(self, d):
        c = batonrpc.Client(os.path.join(d.dir, "baton.sock"))
        c.sock.settimeout(30)
        self.addCleanup(c.close)
        return c

    # -- 1 --------------------------------------------------------------------
    def test_reload_of_a_failed_service_is_answered(self):
        # Workers crash 0.3 s after READY while the flag exists: the storm
        # breaker opens, nothing serves. Then the cause goes away.
        port = bt.free_port()
        flag = os.path.join(self.tmp, "broken")
        open(flag, "w").close()
        d = self.daemon(bt.config_text({"web": {
            "command": bt.pyworker_command(), "workers": 1, "drain_timeout": "2s",
            "env": {"CRASH_AFTER": "0.3", "CRASH_WHILE": flag}, "listen": {"http": "127.0.0.1:%d" % port},
            "restart": {"initial_delay": "50ms", "max_delay": "100ms", "max_restarts": 2, "window": "60s"},
        }})).start()
        d.wait_event("storm-breaker", timeout=20, service="web")
        os.unlink(flag)
        c = self.control(d)
        # A per-service reload and, while it starts, a full reload queued behind it.
        first = c.send("reload", {"service": "web"})
        second = c.send("reload")
        answers = {}
        deadline = time.monotonic() + 30
        while len(answers) < 2 and time.monotonic() < deadline:
            m = c.recv()
            if m.get("id") in (first, second):
                answers[m["id"]] = m
        self.assertEqual(sorted(answers), sorted([first, second]), "a reload was never answered: %s" % answers)
        for m in answers.values():
            self.assertIn("result", m, m)
        self.assertNotEqual(c.call("status")["result"]["daemon"]["state"], "reloading")
        mark = d.mark()
        d.send(signal.SIGHUP)
        d.wait_event("reload-finished", mark, timeout=20)

    # -- 2 and 4 --------------------------------------------------------------
    def test_rollback_drains_the_ready_worker(self):
        port = bt.free_port()
        flag = os.path.join(self.tmp, "first-serves")

        def config(**env):
            env.setdefault("GREETING", "v1")
            return bt.config_text({"web": {
                "command": bt.pyworker_command(), "workers": 2, "ready_timeout": "20s", "drain_timeout": "20s",
                "env": env, "listen": {"http": "127.0.0.1:%d" % port}}})

        d = self.daemon(config()).start()
        old = d.wait_settled("web", 2)
        mark = d.mark()
        d.write_config(config(GREETING="v2", ONLY_FIRST_SERVES=flag, FAIL_DELAY="2.5"))
        d.send(signal.SIGHUP)
        ready = d.wait_event("ready", mark, timeout=20, service="web", generation=lambda g: g and g > 1)
        new_pid = ready["pid"]

        # Slow requests on fresh connections until one of them is in flight on the new worker.
        results = []
        lock = threading.Lock()

        def slow():
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", "/slow?ms=2500")
                resp = conn.getresponse()
                body = resp.read()
                with lock:
                    results.append((resp.status, int(resp.getheader("X-Worker-Pid") or 0), len(body)))
            except Exception as e:  # noqa: BLE001 - a cut request is what we look for
                with lock:
                    results.append(("error", 0, repr(e)))

        threads = [threading.Thread(target=slow) for _ in range(12)]
        for t in threads:
            t.start()
            time.sleep(0.02)
        d.wait_event("reload-rolled-back", mark, timeout=20, service="web")
        for t in threads:
            t.join(40)
        self.assertEqual(len(results), 12)
        errors = [r for r in results if r[0] != 200]
        self.assertEqual(errors, [], "requests cut by the rollback: %s" % results)
        self.assertIn(new_pid, {r[1] for r in results},
                      "no slow request reached the ready new worker, the test proves nothing: %s" % results)

        # 4: the ready worker was drained, the failed one crashed, nothing of it was a batond kill shown as a crash.
        exit_ev = d.wait_event("exit", mark, timeout=30, pid=new_pid)
        self.assertEqual(exit_ev.get("cause"), "drained", exit_ev)
        self.assertEqual(exit_ev.get("exit_code"), 0, exit_ev)
        self.assertEqual(d.find("kill", mark, pid=new_pid), [], "a ready worker was killed")
        failed = [e for e in d.find("exit", mark, service="web") if e["pid"] != new_pid]
        self.assertTrue(failed)
        self.assertEqual({e.get("cause") for e in failed}, {"crash"}, failed)
        self.assertEqual(d.find("restart-scheduled", mark), [])
        self.assertEqual(d.live_workers("web", generation=1), old, "the old generation keeps serving")

    def test_batond_kills_are_never_crashes(self):
        port = bt.free_port()

        def config(**env):
            return bt.config_text({"web": {
                "command": bt.pyworker_command(), "workers": 2, "ready_timeout": "1s", "drain_timeout": "1s",
                "env": env, "listen": {"http": "127.0.0.1:%d" % port},
                "restart": {"initial_delay": "50ms", "max_delay": "100ms", "max_restarts": 5, "window": "60s"}}})

        d = self.daemon(config(GREETING="v1")).start()
        first = d.wait_settled("web", 2)
        # killed by someone else: signal-not-from-batond, restarted
        mark = d.mark()
        os.kill(first[0], signal.SIGKILL)
        ev = d.wait_event("exit", mark, timeout=10, pid=first[0])
        self.assertEqual(ev.get("cause"), "signal-not-from-batond", ev)
        d.wait_event("restart-scheduled", mark, timeout=10)
        current = d.wait_settled("web", 2)
        # never ready: killed-not-ready, not restarted
        mark = d.mark()
        d.write_config(config(GREETING="v2", NEVER_READY="1"))
        d.send(signal.SIGHUP)
        d.wait_event("reload-rolled-back", mark, timeout=20)
        attempted = d.spawned_pids("web", mark)
        self.assertAllGone(attempted, timeout=10)
        causes = {e["pid"]: e.get("cause") for e in d.find("exit", mark)}
        self.assertEqual(set(causes.values()), {"killed-not-ready"}, causes)
        # ignoring SIGTERM at the drain deadline: killed-drain-deadline
        mark = d.mark()
        d.write_config(config(GREETING="v3", IGNORE_TERM="1"))
        d.send(signal.SIGHUP)
        d.wait_event("generation-ready", mark, timeout=20)
        d.write_config(config(GREETING="v4"))
        mark = d.mark()
        d.send(signal.SIGHUP)
        d.wait_event("generation-ready", mark, timeout=20)
        stubborn = d.wait_event("exit", mark, timeout=20, cause="killed-drain-deadline")
        self.assertEqual(stubborn.get("signal"), "SIGKILL", stubborn)
        self.assertAllGone(current, timeout=10)
        restarts = d.find("restart-scheduled")
        self.assertEqual(len(restarts), 1, "only the outside kill restarts: %s" % restarts)
        # batonctl events shows the cause
        out = bt.subprocess.run([bt.binary("batonctl"), "--socket", os.path.join(d.dir, "baton.sock"), "events"],
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("killed-drain-deadline", out.stdout)
        self.assertIn("signal-not-from-batond", out.stdout)

    # -- 6 --------------------------------------------------------------------
    def test_a_worker_cannot_steer_another_service(self):
        port_a, port_b = bt.free_port(), bt.free_port()
        victim_file = os.path.join(self.tmp, "victim.pid")
        d = self.daemon(bt.config_text({
            "rogue": {"command": [bt.PYTHON, os.path.join(WORKERS, "rogue_notify.py")], "workers": 1,
                      "env": {"VICTIM_PID_FILE": victim_file}, "listen": {"http": "127.0.0.1:%d" % port_a}},
            "victim": {"command": bt.pyworker_command(), "workers": 1, "watchdog": "1s",
                       "listen": {"http": "127.0.0.1:%d" % port_b}},
        })).start()
        victim = d.wait_settled("victim", 1)[0]
        d.wait_settled("rogue", 1)
        mark = d.mark()
        with open(victim_file + ".tmp", "w") as f:
            f.write("%d\n" % victim)
        os.rename(victim_file + ".tmp", victim_file)
        # Let the rogue try for several watchdog periods.
        deadline = time.monotonic() + 4.0
        c = self.control(d)
        while time.monotonic() < deadline:
            status = c.call("status")["result"]
            svc = {s["name"]: s for s in status["services"]}["victim"]
            self.assertNotEqual([w.get("status") for w in svc["workers"]], ["pwned"], "the rogue set the victim's STATUS")
            time.sleep(0.2)
        self.assertEqual(d.find(("watchdog-timeout", "kill", "exit"), mark, service="victim"), [])
        self.assertTrue(bt.alive(victim))
        self.assertEqual(d.current_workers("victim"), [victim])


if __name__ == "__main__":
    bt.main()
