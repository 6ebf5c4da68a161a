#!/usr/bin/env python3
"""Invalid config on reload: rejected (event reload-rejected, diagnostics
logged), the old generation keeps serving untouched, and the next valid
reload works. Likewise a reload whose new listener cannot bind.

  python3 tests/daemon/test_invalid_reload.py --build-dir build
"""

import socket
import time

import batontest as bt


def config(port, greeting, extra_listen=None, **svc):
    listen = {"http": "127.0.0.1:%d" % port}
    listen.update(extra_listen or {})
    s = {"command": bt.baton_worker_command(), "workers": 2, "drain_timeout": "5s",
         "env": {"GREETING": greeting}, "listen": listen}
    s.update(svc)
    return bt.config_text({"web": s})


class InvalidReload(bt.BatonTestCase):

    def test_invalid_config_rejected(self):
        port = bt.free_port()
        d = self.daemon(config(port, "v1")).start()
        old = d.wait_settled("web", 2)
        load = self.load(port, connections=16, duration="60s", track=("X-Greeting",))
        time.sleep(0.2)

        broken = {
            "semantic errors": config(port, "v2").replace("workers = 2", "wrokers = 2\nready_timeout = \"10x\""),
            "TOML syntax error": config(port, "v2") + "\n[service.web\nworkers = = 3\n",
            "missing command": config(port, "v2").replace('command = ', 'xcommand = '),
        }
        for what, text in broken.items():
            with self.subTest(what):
                mark = d.mark()
                log_before = len(d.log_text())
                d.write_config(text)
                ev = d.reload(expect=("reload-rejected",))
                time.sleep(0.2)
                self.assertEqual(d.spawned("web", mark), [], "a rejected reload spawns nothing")
                self.assertEqual(d.find(("generation-ready", "drain", "kill"), mark), [])
                self.assertEqual(d.live_workers("web"), old)
                r = bt.http_get(port, "/healthz")
                self.assertEqual((r.status, r.greeting), (200, "v1"))
                self.assertIn(r.pid, old)
                if what == "semantic errors":
                    logged = d.log_text()[log_before:] + ev.get("message", "")
                    self.assertIn("wrokers", logged, "diagnostics are logged: %r" % logged[-2000:])
                    self.assertIn("10x", logged, "every problem is reported at once: %r" % logged[-2000:])

        res = load.result()
        self.assertNoLoadErrors(res, "during rejected reloads")
        self.assertEqual(set(res["headers"]["X-Greeting"]), {"v1"}, res)

        # The next valid reload works.
        d.write_config(config(port, "v2"))
        d.reload()
        new = d.wait_settled("web", 2)
        r = bt.http_get(port, "/healthz")
        self.assertEqual((r.status, r.greeting), (200, "v2"))
        self.assertIn(r.pid, new)
        self.assertAllGone(old, timeout=10, what="generation 1 after the valid reload")
        self.assertEqual(d.stop(), 0)
        self.assertAllGone(d.spawned_pids())

    def test_new_listener_port_in_use_rejects_reload(self):
        port, busy_port = bt.free_port(), bt.free_port()
        d = self.daemon(config(port, "v1")).start()
        old = d.wait_settled("web", 2)
        blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(blocker.close)
        blocker.bind(("127.0.0.1", busy_port))
        blocker.listen(1)

        mark = d.mark()
        d.write_config(config(port, "v2", {"extra": "127.0.0.1:%d" % busy_port}))
        ev = d.reload(expect=("reload-rejected", "reload-rolled-back"))
        text = (ev.get("message", "") + d.log_text()).lower()
        self.assertTrue("address already in use" in text or "127.0.0.1:%d" % busy_port in text,
                        "the reason names the problem: %s" % ev)
        time.sleep(0.2)
        self.assertEqual(d.spawned("web", mark), [], "nothing starts when a new listener cannot bind")
        self.assertEqual(d.live_workers("web"), old)
        r = bt.http_get(port, "/healthz")
        self.assertEqual((r.status, r.greeting), (200, "v1"))

        # Free the port: the same file now reloads fine and the new listener serves.
        blocker.close()
        d.reload()
        new = d.wait_settled("web", 2)
        for p in (port, busy_port):
            r = bt.http_get(p, "/healthz")
            self.assertEqual((r.status, r.greeting), (200, "v2"), p)
            self.assertIn(r.pid, new)
        self.assertEqual(d.stop(), 0)
        self.assertAllGone(d.spawned_pids())


if __name__ == "__main__":
    bt.main()
