#!/usr/bin/env python3
"""Reload under load: 20 reloads (SIGHUP every ~150 ms, each awaited) while a
keep-alive load client with 32 connections runs; not a single failed request
or connection error. Once with the bundled baton-worker, once with pyworker
(tests/workers/pyworker.py), which implements LISTEN_FDS/NOTIFY_SOCKET itself.

  python3 tests/daemon/test_reload_under_load.py --build-dir build
"""

import time

import batontest as bt

RELOADS = 20
PERIOD = 0.15
MIN_LOAD_SECONDS = 3.0
CONNECTIONS = 32


class ReloadUnderLoad(bt.BatonTestCase):

    def reload_under_load(self, command, workers=2):
        port = bt.free_port()
        d = self.daemon(bt.config_text({"web": {
            "command": command,
            "workers": workers,
            "ready_timeout": "10s",
            "drain_timeout": "10s",
            "env": {"GREETING": "under-load"},
            "listen": {"http": "127.0.0.1:%d" % port},
        }})).start()
        first = d.current_workers("web")
        self.assertEqual(len(first), workers, "generation 1 should run %d workers" % workers)
        self.assertEqual(bt.http_get(port, "/healthz").status, 200)

        mark = d.mark()
        load = self.load(port, connections=CONNECTIONS, duration="40s", track=("X-Worker-Pid",))
        time.sleep(0.3)  # all connections established and busy
        t0 = time.monotonic()
        durations = []
        max_alive_generations = 0
        for _ in range(RELOADS):
            started = time.monotonic()
            ev = d.reload(timeout=20)
            durations.append(ev["_elapsed"])
            alive_gens = {e["generation"] for e in d.spawned("web") if bt.alive(e["pid"])}
            max_alive_generations = max(max_alive_generations, len(alive_gens))
            rest = PERIOD - (time.monotonic() - started)
            if rest > 0:
                time.sleep(rest)
        spent = time.monotonic() - t0
        if spent < MIN_LOAD_SECONDS:
            time.sleep(MIN_LOAD_SECONDS - spent)
        time.sleep(0.3)  # some load on the last generation too
        res = load.result()

        self.assertNoLoadErrors(res, "during %d reloads" % RELOADS)
        self.assertGreaterEqual(res["load_ms"], MIN_LOAD_SECONDS * 1000, res)
        self.assertGreater(res["ok"], 500, "suspiciously few requests: %s" % res)

        ready = d.find("generation-ready", mark, service="web")
        self.assertEqual(len(ready), RELOADS, "one new generation per reload: %s" % ready)
        gens = [e["generation"] for e in ready]
        self.assertEqual(gens, sorted(set(gens)), "generations must increase: %s" % gens)
        self.assertEqual(d.find(("reload-rolled-back", "reload-rejected"), mark), [])
        # A queued reload starts as soon as the previous one settles, so several
        # generations may drain at once; each is bounded by drain_timeout (10 s):
        # every drained worker exited within it, none was killed at the deadline.
        self.assertGreaterEqual(max_alive_generations, 1)
        drains = {e["pid"]: bt.parse_time(e["time"]) for e in d.find("drain", mark)}
        for e in d.find("exit", mark):
            if e["pid"] in drains:
                self.assertEqual(e.get("cause"), "drained", e)
                self.assertLess(bt.parse_time(e["time"]) - drains[e["pid"]], 10.0, e)

        # Every generation really served: one worker PID per generation at least.
        pids = set(res["headers"]["X-Worker-Pid"])
        self.assertGreaterEqual(len(pids), RELOADS, "requests reached only %d worker PIDs over %d generations: %s"
                                % (len(pids), RELOADS + 1, res["headers"]))

        # The old generations drain away; the last one keeps serving.
        current = d.wait_settled("web", workers, timeout=20)
        self.assertTrue(set(current).isdisjoint(first))
        r = bt.http_get(port, "/healthz")
        self.assertEqual(r.status, 200)
        self.assertIn(r.pid, current)
        self.assertEqual(d.find("restart-scheduled", mark), [], "no worker may crash during reloads")
        print("\n  %s: %d requests ok, %d retried, %d graceful closes, %d worker pids, reload %.0f-%.0f ms"
              % (command[0].split("/")[-1], res["ok"], res["retried"], res["graceful_closes"], len(pids),
                 min(durations) * 1000, max(durations) * 1000))

        self.assertEqual(d.stop(), 0, d.diag())
        self.assertAllGone(d.spawned_pids())

    def test_negative_control_abrupt_worker(self):
        """A worker that exits at once on SIGTERM must be caught: this is what
        makes "zero errors" above meaningful.

        Deterministically so: every connection's first request is slow, so it is
        in flight on a fresh connection when its worker dies, which the client
        must count as an error. (With fast keep-alive requests, whether a dying
        worker is caught depends on timing: a request it has not read yet is
        reset, an error, but a connection it dies on between requests is only
        EOF on a reused connection, which the client retries like browsers do;
        on a loaded machine the control saw 96 retries and no error.)"""
        port = bt.free_port()
        d = self.daemon(bt.config_text({"web": {
            "command": bt.pyworker_command(), "workers": 2, "env": {"ABRUPT_TERM": "1"},
            "listen": {"http": "127.0.0.1:%d" % port},
        }})).start()
        load = self.load(port, connections=CONNECTIONS, duration="40s", path="/slow?ms=3000", timeout="20s")
        # Requests in flight: connections accepted by the workers (polled).
        bt.wait_until(lambda: bt.tcp_accepted_count(port) >= 1, 20, "the workers to accept connections")
        for _ in range(3):
            d.reload(timeout=20)
            time.sleep(PERIOD)
        res = load.result(timeout=40)
        self.assertGreater(res["errors"], 0, "connections dropped by a dying worker went unnoticed: %s" % res)

    def test_baton_worker(self):
        self.reload_under_load(bt.baton_worker_command())

    def test_pyworker(self):
        self.reload_under_load(bt.pyworker_command())


if __name__ == "__main__":
    bt.main()
