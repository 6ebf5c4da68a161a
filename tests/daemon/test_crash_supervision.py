#!/usr/bin/env python3
"""Crash supervision: a worker killed with SIGKILL is replaced after a delay
that doubles per crash up to max_delay (+-10 % jitter), measured both from the
restart-scheduled events and from the actual timing; more than max_restarts
crashes within the window open the storm breaker (no more restarts until the
next reload). Also: a silent watchdog gets the worker killed and restarted.

  python3 tests/daemon/test_crash_supervision.py --build-dir build
"""

import os
import signal
import subprocess
import time

import batontest as bt

INITIAL_MS = 200
MAX_MS = 800
MAX_RESTARTS = 4
JITTER = 0.10


def expected_delay(crash):
    return min(INITIAL_MS * 2 ** (crash - 1), MAX_MS)


class CrashSupervision(bt.BatonTestCase):

    def test_backoff_and_storm_breaker(self):
        port = bt.free_port()
        d = self.daemon(bt.config_text({"web": {
            "command": bt.baton_worker_command(),
            "workers": 1,
            "listen": {"http": "127.0.0.1:%d" % port},
            "restart": {"initial_delay": "%dms" % INITIAL_MS, "max_delay": "%dms" % MAX_MS,
                        "max_restarts": MAX_RESTARTS, "window": "60s"},
        }})).start()
        [pid] = d.wait_settled("web", 1)
        report = []
        for crash in range(1, MAX_RESTARTS + 2):
            mark = d.mark()
            self.assertEqual(bt.http_get(port, "/healthz").status, 200)
            t_kill = time.monotonic()
            bt.kill_quietly(pid, signal.SIGKILL)
            ex = d.wait_event("exit", mark, timeout=20, pid=pid)
            if "signal" in ex:
                self.assertEqual(ex["signal"], "SIGKILL", ex)
            if crash <= MAX_RESTARTS:
                sched = d.wait_event("restart-scheduled", mark, timeout=20, service="web")
                want = expected_delay(crash)
                delay = sched["delay_ms"]
                self.assertGreaterEqual(delay, want * (1 - JITTER) - 2, "crash %d: %s" % (crash, sched))
                self.assertLessEqual(delay, want * (1 + JITTER) + 2, "crash %d: %s" % (crash, sched))
                if "attempt" in sched:
                    self.assertEqual(sched["attempt"], crash, sched)
                sp = d.wait_event("spawn", mark, timeout=delay / 1000 + 20, service="web")
                observed = sp["_seen"] - t_kill  # includes our ~10 ms polling
                t_exit, t_spawn = bt.parse_time(ex.get("time")), bt.parse_time(sp.get("time"))
                by_events = (t_spawn - t_exit) if t_exit and t_spawn else observed
                self.assertGreaterEqual(by_events * 1000, delay * 0.95 - 10,
                                        "crash %d: respawned %.0f ms after the exit, scheduled %d ms"
                                        % (crash, by_events * 1000, delay))
                self.assertGreaterEqual(observed * 1000, delay * 0.95 - 10)
                # Too late by batond's own clock: the test's polling may lag on a loaded machine.
                self.assertLessEqual(by_events * 1000, delay + 1500, "crash %d: respawn far too late" % crash)
                report.append("%d: scheduled %d ms, respawned after %.0f ms" % (crash, delay, by_events * 1000))
                pid = sp["pid"]
                d.wait_event("ready", mark, timeout=20, pid=pid)
                r = bt.http_get(port, "/healthz")
                self.assertEqual((r.status, r.pid), (200, pid))
            else:
                sb = d.wait_event("storm-breaker", mark, timeout=20, service="web")
                report.append("%d: storm breaker: %s" % (crash, sb.get("message")))
                time.sleep(MAX_MS * (1 + JITTER) / 1000 + 1.0)
                self.assertEqual(d.spawned("web", mark), [], "no restart once the breaker is open")
                self.assertEqual(d.find("restart-scheduled", mark), [])
                self.assertTrue(d.running(), "batond itself keeps running")
                # status says why it failed and what starts it again (it said "failed" only).
                ctl = subprocess.run([bt.binary("batonctl"), "--socket", os.path.join(d.dir, "baton.sock"), "status"],
                                     capture_output=True, text=True, timeout=15)
                self.assertIn("web failed: the storm breaker is open: %d restarts within" % MAX_RESTARTS, ctl.stdout)
                self.assertIn("`batonctl reset web` or a reload starts it again", ctl.stdout)
        delays = [e["delay_ms"] for e in d.find("restart-scheduled")]
        print("\n  " + "\n  ".join(report))
        self.assertEqual(len(delays), MAX_RESTARTS, delays)
        # Doubling until the cap: strictly growing whatever the jitter (200, 400, 800 +-10 %).
        uncapped = [d for i, d in enumerate(delays, 1) if INITIAL_MS * 2 ** (i - 1) <= MAX_MS]
        self.assertEqual(len(uncapped), 3)
        self.assertTrue(all(a < b for a, b in zip(uncapped, uncapped[1:])), "delays grow: %s" % delays)

        # The next reload brings the failed service back.
        mark = d.mark()
        d.reload()
        [pid] = d.wait_settled("web", 1)
        self.assertEqual(bt.http_get(port, "/healthz").pid, pid)
        # ... with a fresh backoff
        bt.kill_quietly(pid, signal.SIGKILL)
        sched = d.wait_event("restart-scheduled", mark, timeout=20, service="web")
        self.assertLessEqual(sched["delay_ms"], INITIAL_MS * (1 + JITTER) + 2, sched)
        d.wait_settled("web", 1)
        self.assertEqual(d.stop(), 0)
        self.assertAllGone(d.spawned_pids())

    def test_watchdog_timeout_restarts_worker(self):
        port = bt.free_port()
        d = self.daemon(bt.config_text({"py": {
            "command": bt.pyworker_command(),
            "workers": 1,
            "watchdog": "1s",
            "env": {"NO_WATCHDOG": "1"},
            "listen": {"http": "127.0.0.1:%d" % port},
            "restart": {"initial_delay": "100ms", "max_delay": "1s", "max_restarts": 10, "window": "60s"},
        }}))
        mark = d.mark()
        d.spawn()
        first = d.wait_event("spawn", mark, timeout=10, service="py")["pid"]
        ready = d.wait_event("ready", mark, timeout=10, pid=first)
        wd = d.wait_event("watchdog-timeout", mark, timeout=20, service="py")
        self.assertEqual(wd.get("pid"), first, wd)
        t_ready, t_wd = bt.parse_time(ready.get("time")), bt.parse_time(wd.get("time"))
        if t_ready and t_wd:
            self.assertGreaterEqual(t_wd - t_ready, 0.9, "watchdog fired before 1 s of silence: %s" % wd)
        d.wait_event("exit", mark, timeout=20, pid=first)
        self.assertAllGone([first], timeout=10, what="the silent worker")
        d.wait_event("restart-scheduled", mark, timeout=20, service="py")
        d.wait_event("spawn", mark, timeout=20, service="py", pid=lambda p: p != first)


if __name__ == "__main__":
    bt.main()
