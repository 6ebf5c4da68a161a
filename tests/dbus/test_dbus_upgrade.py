#!/usr/bin/env python3
"""Upgrade over D-Bus: Upgrade("") answers {ok, accepted} at once, batond
re-executes itself (same PID, same workers), owns io.github.baton.Daemon1
again and emits UpgradeFinished with the outcome; a refused upgrade (a
binary that does not exist) is an error reply, and one whose preflight
refuses is accepted, then UpgradeFinished says ok false with the reason.

  dbus-run-session -- python3 tests/dbus/test_dbus_upgrade.py --build-dir build
"""

import os

import dbustest as dt
from dbustest import bt, call


class DBusUpgrade(dt.DBusTestCase):

    def workers(self):
        return sorted(w["pid"] for s in call("Status")["services"] for w in s["workers"])

    def test_upgrade_accepted_then_finished(self):
        d = self.start_daemon()
        self.wait_owned_by(d)
        before = self.workers()
        monitor = self.monitor()
        result = call("Upgrade", "s", "")
        self.assertTrue(result["ok"], result)
        self.assertTrue(result["accepted"], result)
        line = monitor.wait("UpgradeFinished", r"'ok': <true>", timeout=30)[0]
        self.assertRegex(line, r"'pid': <(int64 )?%d>" % d.pid)
        self.wait_owned_by(d)
        self.assertEqual(call("Status")["daemon"]["upgrades"], 1)
        self.assertEqual(self.workers(), before)
        self.assertEqual(bt.http_get(d.port, "/healthz").status, 200)
        self.assertEqual(d.stop(), 0, d.diag())

    def test_refused_upgrades(self):
        d = self.start_daemon(workers=1)
        self.wait_owned_by(d)
        msg = self.assertDBusError("NotFound", "Upgrade", "s", os.path.join(self.tmp, "missing"))
        self.assertIn("No such file", msg)
        refuser = os.path.join(self.tmp, "refuser")
        with open(refuser, "w") as f:
            f.write("#!/bin/sh\necho 'cannot adopt: format 7' >&2\nexit 1\n")
        os.chmod(refuser, 0o755)
        monitor = self.monitor()
        self.assertTrue(call("Upgrade", "s", refuser)["accepted"])
        line = monitor.wait("UpgradeFinished", r"'ok': <false>", timeout=30)[0]
        self.assertIn("cannot adopt: format 7", line)
        self.assertEqual(dt.name_owner_pid(), d.pid)
        self.assertEqual(call("Status")["daemon"]["upgrades"], 0)
        self.assertEqual(d.stop(), 0, d.diag())


if __name__ == "__main__":
    dt.main()
