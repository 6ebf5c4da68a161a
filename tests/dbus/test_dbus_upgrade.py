#!/usr/bin/env python3
"""Upgrade over D-Bus: Upgrade("") answers {ok, accepted} at once, batond
re-executes itself (same PID, same workers), owns io.github.baton.Daemon1
again and emits UpgradeFinished with the outcome; a refused upgrade (a
binary that does not exist) is an error reply, and one whose preflight
refuses (a script that says no; a batond without its D-Bus module) is
accepted, then UpgradeFinished says ok false with the reason.

  dbus-run-session -- python3 tests/dbus/test_dbus_upgrade.py --build-dir build
"""

import json
import os
import re
import shutil
import subprocess
import time

import dbustest as dt
from dbustest import bt, call


class UpgradeFinishedTap:
    """dbus-monitor for UpgradeFinished from any sender. Not `gdbus monitor
    --dest`: that one follows the name's owner and subscribes to the new
    owner only once it has seen it change, which a signal sent right after
    the new image owns the name can overtake (clients that care about it
    match on the well-known name, which the bus resolves at delivery)."""

    def __init__(self, path):
        self.path = path
        self.file = open(path, "w")
        self.proc = subprocess.Popen(["dbus-monitor", "--session",
                                      "type='signal',interface='%s',member='UpgradeFinished'" % dt.IFACE],
                                     stdout=self.file, stderr=subprocess.STDOUT)
        bt.wait_until(lambda: "NameLost" in self.text(), 10, "dbus-monitor to become a monitor")

    def text(self):
        with open(self.path) as f:
            return f.read()

    def wait(self, ok, timeout=30.0):
        """The body of the first UpgradeFinished with ok = true/false."""
        want = re.compile(r'string "ok"\s+variant\s+boolean %s' % ("true" if ok else "false"))
        deadline = time.monotonic() + timeout
        while True:
            for body in self.text().split("member=UpgradeFinished")[1:]:
                body = body.split("\nsignal ")[0]
                if want.search(body):
                    return body
            if time.monotonic() > deadline:
                raise AssertionError("no UpgradeFinished with ok %s within %.0f s; saw:\n%s" % (ok, timeout, self.text()[-3000:]))
            time.sleep(0.05)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(5)
        self.file.close()


class DBusUpgrade(dt.DBusTestCase):

    def tap(self):
        t = UpgradeFinishedTap(os.path.join(self.tmp, "tap-%d.log" % len(os.listdir(self.tmp))))
        self.addCleanup(t.stop)
        return t

    def workers(self):
        return sorted(w["pid"] for s in call("Status")["services"] for w in s["workers"])

    def test_upgrade_accepted_then_finished(self):
        d = self.start_daemon()
        self.wait_owned_by(d)
        before = self.workers()
        tap = self.tap()
        result = call("Upgrade", "s", "")
        self.assertTrue(result["ok"], result)
        self.assertTrue(result["accepted"], result)
        body = tap.wait(True)
        self.assertRegex(body, r'string "pid"\s+variant\s+int64 %d\b' % d.pid)
        self.wait_owned_by(d)
        self.assertEqual(call("Status")["daemon"]["upgrades"], 1)
        self.assertEqual(self.workers(), before)
        self.assertEqual(bt.http_get(d.port, "/healthz").status, 200)
        self.assertEqual(d.stop(), 0, d.diag())

    def test_events_follow_resumes(self):
        """`batonctl --bus session events --follow` across an upgrade: the bus
        name changes hands, the follower waits for it and resumes from the
        last sequence number it printed: every event once, in order."""
        d = self.start_daemon(workers=1)
        self.wait_owned_by(d)
        out = open(os.path.join(self.tmp, "follow.out"), "w+")
        follow = subprocess.Popen([bt.binary("batonctl"), "--bus", "session", "events", "--follow", "--json"],
                                  stdout=out, stderr=subprocess.STDOUT)
        self.addCleanup(lambda: (follow.poll() is None and follow.kill(), follow.wait(), out.close()))

        def followed():
            with open(out.name) as f:
                return [json.loads(line)["event"] for line in f if line.startswith("{")]
        bt.wait_until(lambda: any(e["kind"] == "generation-ready" for e in followed()), 20, "the follower's backlog")
        self.assertTrue(call("Upgrade", "s", "")["accepted"])
        bt.wait_until(lambda: any(e["kind"] == "upgrade-finished" for e in followed()), 30, "upgrade-finished in the follower")
        self.wait_owned_by(d)
        d.reload()
        bt.wait_until(lambda: any(e["kind"] == "reload-finished" for e in followed()), 30, "the reload in the follower")
        self.assertIsNone(follow.poll(), "events --follow must outlive an upgrade")
        seqs = [e["seq"] for e in followed()]
        self.assertEqual(seqs, list(range(1, len(seqs) + 1)), "every event once, in order")
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
        tap = self.tap()
        self.assertTrue(call("Upgrade", "s", refuser)["accepted"])
        self.assertIn("cannot adopt: format 7", tap.wait(False))
        self.assertEqual(dt.name_owner_pid(), d.pid)
        # A binary without its D-Bus module beside it (nor in ../lib/baton):
        # on a bus config its preflight refuses, the old image keeps the name.
        lone = os.path.join(self.tmp, "lone", "sbin", "batond")
        os.makedirs(os.path.dirname(lone))
        shutil.copy2(bt.binary("batond"), lone)
        os.symlink(bt.binary("baton-worker"), os.path.join(os.path.dirname(lone), "baton-worker"))
        tap = self.tap()
        self.assertTrue(call("Upgrade", "s", lone)["accepted"])
        self.assertRegex(tap.wait(False), r"cannot adopt: the D-Bus module batond-dbus.so is neither in")
        self.assertEqual(dt.name_owner_pid(), d.pid)
        self.assertEqual(call("Status")["daemon"]["upgrades"], 0)
        self.assertEqual(d.stop(), 0, d.diag())


if __name__ == "__main__":
    dt.main()
