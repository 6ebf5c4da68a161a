#!/usr/bin/env python3
"""[daemon] metrics_history: batond keeps recent per-worker samples for
`metrics_history`, taken every 10 s while nobody subscribes (so batond wakes
for them only every 10 s) and every second while someone does; the key is
hot (a reload applies it in place, no re-exec), and "0" stops the sampling.
An upgrade in place carries the samples to the new image (the app's charts
keep their past across `batonctl upgrade`).

  python3 tests/daemon/test_metrics_history.py --build-dir build
"""

import os
import time

import batonrpc
import batontest as bt

from test_metrics_idle import wakeups


def wakeup_bursts(pid, seconds):
    """Moments (monotonic) at which batond woke up, polled every 50 ms; wake-ups
    less than 0.5 s apart count as one burst (one sample may switch a few times)."""
    bursts = []
    last = wakeups(pid)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now, n = time.monotonic(), wakeups(pid)
        if n != last:
            if not bursts or now - bursts[-1] > 0.5:
                bursts.append(now)
            last = n
    return bursts


class MetricsHistoryTest(bt.BatonTestCase):
    def config(self, port, history=None):
        daemon = {} if history is None else {"metrics_history": history}
        return bt.config_text({"web": {"command": bt.baton_worker_command(), "workers": 2,
                                       "listen": {"http": "127.0.0.1:%d" % port}}}, daemon=daemon)

    def test_samples_every_10s_idle_every_second_live_and_hot_off(self):
        port = bt.free_port()
        daemon = self.daemon(self.config(port)).start()   # the default: 10 minutes
        daemon.wait_settled("web", 2)
        client = batonrpc.Client(os.path.join(daemon.dir, "baton.sock"))
        self.addCleanup(client.close)
        bt.wait_quiet(lambda: wakeups(daemon.pid), 1.0, 30, "batond's start-up wake-ups")

        # Idle: woken about every 10 s, never more often.
        bursts = wakeup_bursts(daemon.pid, 25.0)
        self.assertIn(len(bursts), (2, 3), "expected a wake-up every 10 s in 25 s, got %d" % len(bursts))
        gaps = [b - a for a, b in zip(bursts, bursts[1:])]
        self.assertTrue(all(8.0 < g < 12.0 for g in gaps), "wake-up gaps %s" % gaps)

        history = client.result("metrics_history")
        self.assertEqual(history["interval_ms"], 10000, history)
        self.assertEqual(history["kept_ms"], 600000, history)
        samples = history["samples"]
        self.assertGreaterEqual(len(samples), 2, history)
        spacing = [b["time_ms"] - a["time_ms"] for a, b in zip(samples, samples[1:])]
        self.assertTrue(all(8000 < s < 12000 for s in spacing), spacing)
        live = set(daemon.current_workers("web"))
        latest = samples[-1]
        self.assertEqual(latest["interval_ms"], 10000)
        self.assertLess(abs(latest["time_ms"] / 1000.0 - time.time()), 15)
        self.assertEqual({w["pid"] for w in latest["workers"]}, live, latest)
        for w in latest["workers"]:
            self.assertEqual(w["service"], "web")
            self.assertEqual(w["generation"], daemon.current_generation("web"))
            self.assertGreater(w["fds"], 0, w)
            self.assertGreater(w["rss_bytes"], 0, w)
            self.assertGreaterEqual(w["cpu_percent"], 0, w)

        # A subscriber: samples every second, in the history too.
        watcher = batonrpc.Client(os.path.join(daemon.dir, "baton.sock"))
        watcher.call("subscribe", {"events": False, "metrics": True})
        seen = 0
        while seen < 4:
            if watcher.recv().get("method") == "metrics":
                seen += 1
        history = client.result("metrics_history")
        self.assertEqual(history["interval_ms"], 1000, history)
        recent = history["samples"][-3:]
        self.assertTrue(all(s["interval_ms"] == 1000 for s in recent), recent)
        spacing = [b["time_ms"] - a["time_ms"] for a, b in zip(recent, recent[1:])]
        self.assertTrue(all(500 < s < 2000 for s in spacing), spacing)
        watcher.close()

        # Hot: "0" applies in place (no re-exec, same image), drops what was kept,
        # and batond goes quiet.
        status_before = client.result("status")["daemon"]
        mark = daemon.mark()
        daemon.write_config(self.config(port, "0"))
        daemon.reload()
        started = daemon.find(("reload-started",), after=mark)
        self.assertTrue(any("daemon.metrics_history: hot: applied in place" in e["message"] for e in started), started)
        time.sleep(0.5)
        self.assertFalse(daemon.find(("upgrade-started",), after=mark), "a hot key must not re-exec batond")
        status_after = client.result("status")["daemon"]
        self.assertEqual(status_after["upgrades"], status_before["upgrades"])
        history = client.result("metrics_history")
        self.assertEqual(history, {"interval_ms": 0, "kept_ms": 0, "samples": []})
        bt.wait_quiet(lambda: wakeups(daemon.pid), 1.0, 30, "batond's wake-ups after metrics_history = 0")
        before = wakeups(daemon.pid)
        time.sleep(12.0)
        idle = wakeups(daemon.pid) - before
        self.assertLessEqual(idle, 1, "batond woke up %d times in 12 s with metrics_history = 0" % idle)

    def test_requests_served_reach_status_and_history(self):
        # baton-worker sends X_BATON_REQUESTS; the Python worker sends none, so
        # its workers have no `requests` (not 0: nobody counted).
        port, py_port = bt.free_port(), bt.free_port()
        text = bt.config_text({"web": {"command": bt.baton_worker_command(), "workers": 1,
                                       "listen": {"http": "127.0.0.1:%d" % port}},
                               "py": {"command": bt.pyworker_command(), "workers": 1,
                                      "listen": {"http": "127.0.0.1:%d" % py_port}}})
        daemon = self.daemon(text).start()
        daemon.wait_settled("web", 1)
        daemon.wait_settled("py", 1)
        client = batonrpc.Client(os.path.join(daemon.dir, "baton.sock"))
        self.addCleanup(client.close)
        for _ in range(7):
            self.assertEqual(bt.http_get(port, "/healthz").status, 200)
            bt.http_get(py_port)

        def workers(result):
            return {s["name"]: s["workers"] for s in result["services"]}

        bt.wait_until(lambda: workers(client.result("status"))["web"][0].get("requests") == 7, 10,
                      "status' web worker to report 7 requests")
        self.assertNotIn("requests", workers(client.result("status"))["py"][0])

        # A subscriber's first sample is recorded at once, with the count.
        watcher = batonrpc.Client(os.path.join(daemon.dir, "baton.sock"))
        watcher.result("subscribe", {"events": False, "metrics": True})
        latest = client.result("metrics_history")["samples"][-1]
        by_service = {w["service"]: w for w in latest["workers"]}
        self.assertEqual(by_service["web"]["requests"], 7, latest)
        self.assertNotIn("requests", by_service["py"], latest)
        watcher.close()


if __name__ == "__main__":
    bt.main()


class MetricsHistoryUpgradeTest(bt.BatonTestCase):
    def test_samples_survive_an_upgrade_in_place(self):
        port = bt.free_port()
        text = bt.config_text({"web": {"command": bt.baton_worker_command(), "workers": 2,
                                       "listen": {"http": "127.0.0.1:%d" % port}}})
        daemon = self.daemon(text).start()
        daemon.wait_settled("web", 2)
        sock = os.path.join(daemon.dir, "baton.sock")
        # A subscriber makes a sample every second: a few, then the upgrade.
        watcher = batonrpc.Client(sock)
        watcher.result("subscribe", {"events": False, "metrics": True})
        client = batonrpc.Client(sock)
        self.addCleanup(client.close)
        bt.wait_until(lambda: len(client.result("metrics_history")["samples"]) >= 3, 15, "three samples")
        before = client.result("metrics_history")["samples"]
        watcher.close()
        result = client.result("upgrade", timeout=30)
        self.assertTrue(result.get("ok"), result)
        after = batonrpc.Client(sock)
        self.addCleanup(after.close)
        carried = after.result("metrics_history")["samples"]
        self.assertGreaterEqual(len(carried), len(before), "samples lost across the upgrade")
        self.assertEqual(carried[:len(before)], before)
        self.assertEqual(daemon.stop(), 0, daemon.diag())
