#!/usr/bin/env python3
"""Listeners and the worker contract: a TCP and a Unix listener arrive at the
worker under their names, in config order, from FD 3; the environment
(LISTEN_*, NOTIFY_SOCKET, WATCHDOG_USEC, service env, batond's own env), the
working directory and the process group are as the README promises.

  python3 tests/daemon/test_listeners.py --build-dir build
"""

import os
import socket
import stat

import batontest as bt


class Listeners(bt.BatonTestCase):

    def start(self, watchdog=None, extra_services=None):
        self.port = bt.free_port()
        svc = {
            "command": bt.pyworker_command(),
            "workers": 1,
            "env": {"GREETING": "two-listeners", "NUMBER": 42},
            # Deliberately not in alphabetical order: FDs follow the config order.
            "listen": {"web": "127.0.0.1:%d" % self.port,
                       "admin": {"address": "unix:admin.sock", "mode": "0660"}},
        }
        if watchdog:
            svc["watchdog"] = watchdog
        services = {"py": svc}
        services.update(extra_services or {})
        self.d = self.daemon(bt.config_text(services))
        # Our own NOTIFY_SOCKET/LISTEN_*/WATCHDOG_* must not reach the workers.
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.addCleanup(notify.close)
        self.our_notify = "@baton-test-%d-%d" % (os.getpid(), id(self))
        notify.bind("\0" + self.our_notify[1:])
        self.d.start(env={"NOTIFY_SOCKET": self.our_notify, "LISTEN_FDS": "7", "LISTEN_PID": "1",
                          "LISTEN_FDNAMES": "bogus", "WATCHDOG_USEC": "999999999", "WATCHDOG_PID": "1"})
        self.unix_path = os.path.join(self.d.dir, "admin.sock")
        [self.worker] = self.d.current_workers("py")
        return self.d

    def test_names_order_and_addresses(self):
        self.start()
        r = bt.http_get(self.port, "/listeners")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.pid, self.worker)
        got = r.json()
        self.assertEqual([(l["fd"], l["name"]) for l in got], [(3, "web"), (4, "admin")], got)
        self.assertEqual(got[0]["family"], "AF_INET")
        self.assertEqual(got[0]["address"], "127.0.0.1:%d" % self.port)
        self.assertEqual(got[1]["family"], "AF_UNIX")
        self.assertTrue(got[1]["address"].startswith("unix:"), got[1])
        self.assertEqual(os.path.realpath(got[1]["address"][5:]), os.path.realpath(self.unix_path),
                         "unix listener path resolves against the config folder")
        for l in got:
            self.assertEqual(l["type"], "SOCK_STREAM")
            self.assertTrue(l["accepting"], "%s is not a listening socket" % l)

        # Both listeners really serve, the Unix one too.
        ru = bt.http_get(self.unix_path, "/listeners")
        self.assertEqual(ru.status, 200)
        self.assertEqual(ru.pid, self.worker)
        self.assertEqual(ru.json(), got)
        mode = stat.S_IMODE(os.stat(self.unix_path).st_mode)
        self.assertEqual(mode, 0o660, "unix socket mode %o, expected 0660" % mode)
        self.assertTrue(stat.S_ISSOCK(os.stat(self.unix_path).st_mode))

        # Same names, same order in the next generation.
        self.d.reload()
        [new] = self.d.wait_settled("py", 1)
        self.assertNotEqual(new, self.worker)
        r2 = bt.http_get(self.unix_path, "/listeners")
        self.assertEqual(r2.pid, new)
        self.assertEqual(r2.json(), got)

    def test_environment(self):
        self.start()
        r = bt.http_get(self.port, "/env")
        env = r.json()
        self.assertEqual(env.get("LISTEN_FDS"), "2")
        self.assertEqual(env.get("LISTEN_FDNAMES"), "web:admin")
        self.assertEqual(env.get("LISTEN_PID"), str(self.worker))
        self.assertEqual(r.pid, self.worker)
        ns = env.get("NOTIFY_SOCKET", "")
        self.assertTrue(ns.startswith("@"), "NOTIFY_SOCKET %r should be abstract (@...)" % ns)
        self.assertNotEqual(ns, self.our_notify, "batond passed its own NOTIFY_SOCKET on")
        self.assertNotIn("WATCHDOG_USEC", env, "watchdog is off, yet WATCHDOG_USEC=%r" % env.get("WATCHDOG_USEC"))
        self.assertNotIn("WATCHDOG_PID", env)
        self.assertEqual(env.get("GREETING"), "two-listeners")
        self.assertEqual(env.get("NUMBER"), "42", "numbers in env are converted to strings")
        self.assertEqual(env.get("BATON_TEST_MARKER"), "passed-through", "batond's own environment is inherited")
        self.assertEqual(r.greeting, "two-listeners")

        info = bt.http_get(self.unix_path, "/info").json()
        self.assertEqual(info["pid"], self.worker)
        self.assertEqual(info["ppid"], self.d.pid, "workers are children of batond")
        self.assertEqual(os.path.realpath(info["cwd"]), os.path.realpath(self.d.dir), "cwd is the config folder")
        self.assertNotEqual(os.path.realpath(self.d.root), os.path.realpath(self.d.dir))
        self.assertEqual(info["pgid"], self.worker, "each worker leads its own process group")
        self.assertEqual(info["sigmask_at_start"], [], "workers must start with no blocked signals")

    def test_watchdog_env(self):
        self.start(watchdog="3s")
        env = bt.http_get(self.port, "/env").json()
        self.assertEqual(env.get("WATCHDOG_USEC"), "3000000")
        if "WATCHDOG_PID" in env:
            self.assertEqual(env["WATCHDOG_PID"], str(self.worker))
        self.assertEqual(self.d.find("watchdog-timeout"), [], "pyworker pings every 1.5 s")

    def test_baton_worker_on_both_listeners(self):
        port = bt.free_port()
        d = self.daemon(bt.config_text({"static": {
            "command": bt.baton_worker_command(),
            "workers": 2,
            "env": {"GREETING": "static"},
            "listen": {"http": "127.0.0.1:%d" % port, "local": "unix:static.sock"},
        }})).start()
        workers = d.current_workers("static")
        self.assertEqual(len(workers), 2)
        for target in (port, os.path.join(d.dir, "static.sock")):
            r = bt.http_get(target, "/healthz")
            self.assertEqual(r.status, 200, target)
            self.assertIn(r.pid, workers, target)
            self.assertEqual(r.greeting, "static")
        # Bare command name "baton-worker" resolved next to batond.
        exe = os.readlink("/proc/%d/exe" % workers[0])
        self.assertEqual(os.path.realpath(exe), os.path.realpath(bt.binary("baton-worker")))


if __name__ == "__main__":
    bt.main()
