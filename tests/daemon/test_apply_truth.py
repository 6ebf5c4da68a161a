#!/usr/bin/env python3
"""One truth about what runs (issue 11, scenarios 5 and 8):

- an apply whose new generation is rolled back leaves the previous version
  running *and* its file on disk; status, history and get_config say the old
  version runs; the attempt is in the history as rolled back, with a reason;
  plan and diff agree; a restart boots the old version;
- a hand edit on disk with watch = false is "on disk, not applied";
- an apply whose history record cannot be written (history folder full, the
  config folder not) fails with an I/O error and changes nothing (root: a
  small tmpfs on the history folder; skipped visibly otherwise).

  python3 tests/daemon/test_apply_truth.py --build-dir build
"""

import os
import subprocess
import unittest

import batonrpc
import batontest as bt


def read(path):
    with open(path, "rb") as f:
        return f.read()


def version_of(text):
    import hashlib
    return hashlib.sha256(text if isinstance(text, bytes) else text.encode()).hexdigest()[:16]


class ApplyTruth(bt.BatonTestCase):

    def config(self, port, daemon=None, **extra):
        svc = {"command": bt.pyworker_command(), "ready_timeout": "2s", "listen": {"http": "127.0.0.1:%d" % port}}
        svc.update(extra)
        return bt.config_text({"web": svc}, daemon)

    def start(self, daemon=None):
        port = bt.free_port()
        d = self.daemon(self.config(port, daemon)).start()
        d.wait_settled("web", 1)
        client = batonrpc.Client(os.path.join(d.dir, "baton.sock"))
        self.addCleanup(client.close)
        return d, client, port

    def test_rolled_back_apply_keeps_and_restores_the_old_version(self):
        d, client, port = self.start()
        original = read(d.config)
        old = version_of(original)
        broken = self.config(port, env={"NEVER_READY": "1"})
        got = client.call("apply_config", {"text": broken, "expected_version": old, "comment": "never ready"})["result"]
        self.assertFalse(got["ok"], got)
        self.assertTrue(got["rolled_back"], got)
        self.assertEqual(read(d.config), original, "the file that failed is still on disk")
        self.assertEqual(got["running_version"], old)
        status = client.call("status")["result"]["daemon"]
        self.assertEqual(status["config_version"], old)
        self.assertFalse(status["on_disk_differs"], status)
        cfg = client.call("get_config")["result"]
        self.assertEqual((cfg["text"].encode(), cfg["version"]), (original, old))

        versions = client.call("history")["result"]["versions"]
        attempt = versions[0]
        self.assertEqual((attempt["comment"], attempt["status"], attempt["current"]), ("never ready", "rolled-back", False), attempt)
        self.assertIn("web", attempt["reason"])
        self.assertEqual(attempt["hash"][:16], version_of(broken))
        current = [v for v in versions if v["current"]]
        self.assertEqual([v["hash"][:16] for v in current], [old], versions)
        self.assertTrue(any(e["kind"] == "config-restored" for e in d.events()))

        # Plan and diff agree: both against the running text.
        same = client.call("validate", {"text": cfg["text"]})["result"]
        self.assertTrue(all("unchanged" in p for p in same["plan"]), same)
        again = client.call("validate", {"text": broken})["result"]
        self.assertTrue(any("new generation" in p for p in again["plan"]), again)
        r = subprocess.run([bt.binary("batonctl"), "--socket", os.path.join(d.dir, "baton.sock"), "status"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        self.assertIn(old, r.stdout.decode())

        # A restart boots the old version (the broken one could not start).
        client.close()
        self.assertEqual(d.stop(), 0)
        self.daemon(None).start()

    def test_hand_edit_is_on_disk_not_applied(self):
        d, client, port = self.start()
        original = read(d.config)
        mark = d.mark()
        edited = self.config(port, workers=2)
        d.write_config(edited)
        d.wait_event("config-changed", after=mark, timeout=10)
        status = client.call("status")["result"]["daemon"]
        self.assertEqual(status["config_version"], version_of(original))
        self.assertEqual(status["disk_version"], version_of(edited))
        self.assertTrue(status["on_disk_differs"])
        self.assertEqual(client.call("get_config")["result"]["text"].encode(), original)
        versions = client.call("history")["result"]["versions"]
        self.assertEqual((versions[0]["status"], versions[0]["current"]), ("on-disk", False), versions[0])
        self.assertEqual(versions[0]["hash"][:16], version_of(edited))
        r = subprocess.run([bt.binary("batonctl"), "--socket", os.path.join(d.dir, "baton.sock"), "status"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        self.assertIn("not applied", r.stdout.decode())
        # SIGHUP applies what is on disk: then it runs.
        d.reload()
        d.wait_settled("web", 2)
        status = client.call("status")["result"]["daemon"]
        self.assertEqual((status["config_version"], status["on_disk_differs"]), (version_of(edited), False))

    @unittest.skipUnless(os.geteuid() == 0, "needs root to mount a small tmpfs on the history folder")
    def test_history_full_apply_fails_and_changes_nothing(self):
        port = bt.free_port()
        d = self.daemon(self.config(port))
        history = os.path.join(d.dir, "state", "history")
        os.makedirs(history)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32k,mode=0755", "tmpfs", history],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            self.skipTest("cannot mount a tmpfs here: %s" % r.stdout.decode(errors="replace").strip())
        self.addCleanup(subprocess.run, ["umount", "-l", history])
        d.start()
        client = batonrpc.Client(os.path.join(d.dir, "baton.sock"))
        self.addCleanup(client.close)
        original = read(d.config)
        before = client.call("history")["result"]["versions"]
        self.assertEqual(len(before), 1, before)   # the start-up version fitted

        # 60 KiB: the config folder takes it, the 32 KiB history folder does not.
        big = self.config(port, workers=2) + ("# " + "x" * 98 + "\n") * 600
        got = client.call("apply_config", {"text": big, "expected_version": version_of(original)})
        self.assertIn("error", got, got)
        self.assertEqual(got["error"]["code"], 6, got)
        self.assertIn("history", got["error"]["message"])
        self.assertEqual(read(d.config), original)
        self.assertEqual(client.call("history")["result"]["versions"], before)
        self.assertEqual(client.call("status")["result"]["daemon"]["config_version"], version_of(original))
        self.assertEqual(len(d.current_workers("web")), 1)
        self.assertFalse([n for n in os.listdir(history) if n.startswith(".")], os.listdir(history))


if __name__ == "__main__":
    bt.main()
