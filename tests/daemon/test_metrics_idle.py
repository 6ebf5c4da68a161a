#!/usr/bin/env python3
"""Live metrics and idleness: with `metrics_history = "0"` and nobody
subscribed batond does no periodic work (it is not woken up at all); a metrics subscriber gets once-a-second
samples whose FD counts and RSS match /proc; when the subscriber leaves,
batond goes quiet again.

A master with `bus = "none"` maps none of the D-Bus stack (QtDBus,
libdbus-1, and libsystemd, which libdbus-1 pulls in): those live in the
batond-dbus.so module, opened only for a bus. It runs Qt's own event
dispatcher, not GLib's (QT_NO_GLIB=1 while the application is built), and
does not hand QT_NO_GLIB on to its workers.

  python3 tests/daemon/test_metrics_idle.py --build-dir build
"""

import os
import time

import batonrpc
import batontest as bt

PAGE = os.sysconf("SC_PAGE_SIZE")


def wakeups(pid):
    """Context switches of every thread of pid: each one is a wake-up."""
    total = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        with open("/proc/%d/task/%s/status" % (pid, tid)) as f:
            for line in f:
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    total += int(line.split()[1])
    return total


def rss_bytes(pid):
    with open("/proc/%d/statm" % pid) as f:
        return int(f.read().split()[1]) * PAGE


class MetricsIdleTest(bt.BatonTestCase):
    def start_daemon(self):
        port = bt.free_port()
        text = bt.config_text({"web": {"command": bt.baton_worker_command(), "workers": 2,
                                       "listen": {"http": "127.0.0.1:%d" % port}}},
                              daemon={"metrics_history": "0"})
        daemon = self.daemon(text).start()
        daemon.wait_settled("web", 2)
        return daemon

    def quiet_wakeups(self, pid, seconds):
        before = wakeups(pid)
        time.sleep(seconds)
        return wakeups(pid) - before

    def test_no_bus_stack_without_a_bus(self):
        daemon = self.start_daemon()
        with open("/proc/%d/maps" % daemon.pid) as f:
            mapped = {line.split()[-1] for line in f if "/" in line}
        names = sorted(os.path.basename(p) for p in mapped)
        for lib in ("libQt6DBus", "libdbus-1", "libsystemd", "batond-dbus"):
            self.assertFalse([n for n in names if n.startswith(lib)], "%s is mapped by batond: %s" % (lib, names))
        for pid in daemon.current_workers("web"):
            with open("/proc/%d/environ" % pid, "rb") as f:
                self.assertNotIn(b"QT_NO_GLIB=", f.read())

    def test_idle_without_subscriber_and_metrics_with_one(self):
        daemon = self.start_daemon()
        socket_path = os.path.join(daemon.dir, "baton.sock")
        # Let start-up chatter (first STATUS= of each worker) pass: until batond has
        # not woken for a whole second (polled, so a slow machine only takes longer).
        bt.wait_quiet(lambda: wakeups(daemon.pid), 1.0, 30, "batond's start-up wake-ups")

        idle = self.quiet_wakeups(daemon.pid, 3.0)
        self.assertLessEqual(idle, 1, "batond woke up %d times in 3 s with nobody watching" % idle)

        # A status call works without sampling: metrics are -1 until someone subscribes.
        client = batonrpc.Client(socket_path)
        status = client.call("status")["result"]
        workers = status["services"][0]["workers"]
        self.assertEqual(len(workers), 2)
        self.assertTrue(all(w["fds"] == -1 for w in workers), workers)

        reply = client.call("subscribe", {"events": False, "metrics": True})
        self.assertTrue(reply["result"]["ok"], reply)
        samples = []
        deadline = time.monotonic() + 30
        while len(samples) < 5 and time.monotonic() < deadline:
            message = client.recv()
            if message.get("method") == "metrics":
                samples.append((time.monotonic(), message["params"]))
        self.assertEqual(len(samples), 5, "expected five metrics notifications within 30 s")
        # About once a second, as seen by the client: the mean gap, since one late
        # read of ours (a loaded machine) shortens one gap and lengthens the next.
        gaps = [b[0] - a[0] for a, b in zip(samples, samples[1:])]
        mean = (samples[-1][0] - samples[0][0]) / (len(samples) - 1)
        self.assertTrue(0.5 < mean < 2.0, "mean gap %.2f s: %s" % (mean, gaps))

        latest = samples[-1][1]
        for worker in latest["services"][0]["workers"]:
            pid = worker["pid"]
            self.assertEqual(worker["fds"], len(os.listdir("/proc/%d/fd" % pid)), worker)
            real = rss_bytes(pid)
            self.assertLess(abs(worker["rss_bytes"] - real), max(real // 10, 512 * 1024), (worker, real))
            self.assertGreaterEqual(worker["cpu_percent"], 0)

        # While subscribed the daemon does work once a second...
        busy = self.quiet_wakeups(daemon.pid, 3.0)
        self.assertGreaterEqual(busy, 2, "sampling should wake batond about once a second")

        # ...and stops when the last subscriber goes away.
        client.close()
        # Sampling stops once batond has seen the close: wait for a quiet second
        # (a daemon that keeps sampling never gets one), then the strict window.
        bt.wait_quiet(lambda: wakeups(daemon.pid), 1.0, 20, "batond's wake-ups after the subscriber left")
        idle_again = self.quiet_wakeups(daemon.pid, 3.0)
        self.assertLessEqual(idle_again, 1, "batond kept waking up (%d) after the subscriber left" % idle_again)


if __name__ == "__main__":
    bt.main()
