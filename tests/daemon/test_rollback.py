#!/usr/bin/env python3
"""Rollback: a new generation that never sends READY=1 is killed after
ready_timeout, one that crashes on start is killed at once; the old
generation serves throughout (requests keep flowing during the attempt) and
a later valid reload still works.

  python3 tests/daemon/test_rollback.py --build-dir build
"""

import os
import signal
import time

import batontest as bt


class Rollback(bt.BatonTestCase):

    def config(self, port, ready_timeout, **env):
        env.setdefault("GREETING", "v1")
        return bt.config_text({"web": {
            "command": bt.pyworker_command(),
            "workers": 2,
            "ready_timeout": ready_timeout,
            "drain_timeout": "5s",
            "env": env,
            "listen": {"http": "127.0.0.1:%d" % port},
        }})

    def attempt(self, ready_timeout, bad_env, min_s, max_s):
        port = bt.free_port()
        d = self.daemon(self.config(port, ready_timeout)).start()
        old = d.wait_settled("web", 2)
        old_gen = d.current_generation("web")

        load = self.load(port, connections=8, duration="60s", track=("X-Greeting", "X-Worker-Pid"))
        probe = bt.Requester(port)
        time.sleep(0.3)

        mark = d.mark()
        d.write_config(self.config(port, ready_timeout, GREETING="v2", **bad_env))
        ev = d.reload(expect=("reload-rolled-back",), timeout=max_s + 20)
        # Timed by batond's own clock (reload-started -> reload-rolled-back), so that a
        # slow test process does not count; the test's view is the fallback.
        started = d.find("reload-started", mark)
        t_start = bt.parse_time(started[0].get("time")) if started else None
        t_end = bt.parse_time(ev.get("time"))
        elapsed = (t_end - t_start) if t_start and t_end else ev["_elapsed"]
        self.assertGreaterEqual(elapsed, min_s, "rolled back too early: %s" % ev)
        self.assertLessEqual(elapsed, max_s, "rolled back too late: %s" % ev)

        attempted = d.spawned_pids("web", mark)
        self.assertTrue(attempted, "the new generation was never spawned")
        self.assertTrue(set(attempted).isdisjoint(old))
        self.assertAllGone(attempted, timeout=10, what="workers of the rolled-back generation")
        self.assertEqual(d.find("generation-ready", mark), [])
        self.assertEqual(d.find("restart-scheduled", mark), [], "a failed new generation is not restarted")
        time.sleep(0.3)  # the old generation keeps serving after the attempt

        res = load.result()
        probe.finish()
        self.assertNoLoadErrors(res, "during the rolled-back reload")
        self.assertEqual(probe.failures, [], "fresh-connection requests failed")
        self.assertGreater(res["ok"], 100, res)
        self.assertEqual(set(res["headers"]["X-Greeting"]), {"v1"}, "only the old generation may answer: %s" % res)
        self.assertTrue({int(p) for p in res["headers"]["X-Worker-Pid"]} <= set(old), res)
        self.assertEqual(probe.greetings, {"v1"})
        self.assertEqual(d.live_workers("web"), old, "the old generation is untouched")
        self.assertEqual(d.current_generation("web"), old_gen)

        # The next valid reload works.
        d.write_config(self.config(port, ready_timeout, GREETING="v3"))
        d.reload()
        new = d.wait_settled("web", 2)
        r = bt.http_get(port, "/healthz")
        self.assertEqual((r.status, r.greeting), (200, "v3"))
        self.assertIn(r.pid, new)
        self.assertAllGone(old, timeout=10, what="the drained generation")
        self.assertEqual(d.stop(), 0)
        self.assertAllGone(d.spawned_pids())
        return elapsed

    def test_never_ready(self):
        # killed after ready_timeout (2 s), not before
        self.attempt("2s", {"NEVER_READY": "1"}, min_s=1.95, max_s=12.0)

    def test_crash_soon_after_ready_is_rolled_back_within_ready_hold(self):
        """ready_hold: the new generation takes over only once its workers
        stayed ready that long. Workers that send READY=1 and crash while
        the generation is held are rolled back while the old generation
        keeps serving, never signalled: no request fails, no drain of the
        old workers, no crash loop on the new config.

        The test makes the crash happen once batond reports the hold
        (CRASH_WHEN), not after a fixed delay: on a loaded machine the
        second worker may get ready later than any delay, and a crash
        before the hold began is the case of the other tests."""
        port = bt.free_port()
        crash = os.path.join(self.tmp, "crash-now")

        def config(hold="3s", **env):
            env.setdefault("GREETING", "v1")
            return bt.config_text({"web": {
                "command": bt.pyworker_command(), "workers": 2, "ready_timeout": "10s", "ready_hold": hold,
                "drain_timeout": "5s", "env": env, "listen": {"http": "127.0.0.1:%d" % port}}})
        d = self.daemon(config()).start()
        old = d.wait_settled("web", 2)
        load = self.load(port, connections=8, duration="60s", track=("X-Greeting",))
        time.sleep(0.3)
        mark = d.mark()
        d.write_config(config(hold="30s", GREETING="v2", CRASH_WHEN=crash))
        d.send(signal.SIGHUP)
        held = d.wait_event("generation-holding", after=mark, timeout=30, service="web")
        self.assertEqual(held.get("delay_ms"), 30000, held)
        with open(crash, "w"):
            pass
        ev = d.wait_event(bt.RELOAD_DONE, after=mark, timeout=30)
        self.assertEqual(ev["kind"], "reload-rolled-back", ev)
        self.assertIn("during ready_hold", ev["message"])
        self.assertIn("status 4", ev["message"])
        self.assertEqual(d.find("generation-ready", mark), [])
        self.assertEqual([e for e in d.find("drain", mark) if e.get("pid") in old], [], "the old workers were signalled")
        self.assertEqual(d.find("restart-scheduled", mark), [])
        time.sleep(0.3)
        res = load.result()
        self.assertNoLoadErrors(res, "during the held and rolled-back reload")
        # The rolled-back workers exit on their own time (a Python exit on
        # a loaded machine takes a while): wait for them before comparing.
        self.assertAllGone(d.spawned_pids("web", mark), timeout=10, what="workers of the rolled-back generation")
        self.assertEqual(d.live_workers("web"), old, "the old generation is untouched")

    def test_crash_on_start(self):
        # killed as soon as one of its workers exits, long before ready_timeout (20 s;
        # the expected time is a Python start-up, well under a second even when loaded)
        self.attempt("20s", {"CRASH_ON_START": "1"}, min_s=0.0, max_s=10.0)


if __name__ == "__main__":
    bt.main()
