#!/usr/bin/env python3
"""Config apply through the control socket: version conflicts and invalid
text write nothing; a valid apply is written, recorded in the history and
reloaded by its plan; rollback re-applies an old version; a kill -9 of batond
in the middle of an apply never leaves a partial file; edits made on disk
are validated and announced, and applied only with [daemon] watch = true.

  python3 tests/daemon/test_apply.py --build-dir build
"""

import os
import pwd
import random
import signal
import time

import batonrpc
import batontest as bt


def service(port, workers=2, **extra):
    svc = {"command": bt.baton_worker_command(), "workers": workers, "listen": {"http": "127.0.0.1:%d" % port}}
    svc.update(extra)
    return {"web": svc}


def read(path):
    with open(path, "rb") as f:
        return f.read()


class ApplyTest(bt.BatonTestCase):
    def start(self, workers=2, daemon_extra=None, subdir=None):
        port = bt.free_port()
        daemon = self.daemon(bt.config_text(service(port, workers), daemon_extra), subdir=subdir).start()
        daemon.wait_settled("web", workers)
        client = batonrpc.Client(os.path.join(daemon.dir, "baton.sock"))
        self.addCleanup(client.close)
        return daemon, client, port

    def test_conflict_invalid_apply_history_rollback(self):
        daemon, client, port = self.start()
        original = read(daemon.config)
        got = client.call("get_config")["result"]
        self.assertEqual(got["text"].encode(), original)
        version = got["version"]

        # Someone else applied first: refused, nothing written.
        edited = bt.config_text(service(port, 3))
        conflict = client.call("apply_config", {"text": edited, "expected_version": "0000000000000000"})
        self.assertEqual(conflict["error"]["code"], 1, conflict)
        self.assertIn("changed since you read it", conflict["error"]["message"])
        self.assertEqual(read(daemon.config), original)

        # Invalid text: refused with diagnostics at their place, nothing written.
        invalid = bt.config_text(service(port, 0))
        rejected = client.call("apply_config", {"text": invalid, "expected_version": version})
        self.assertEqual(rejected["error"]["code"], 2, rejected)
        diagnostics = rejected["error"]["data"]["diagnostics"]
        self.assertTrue(any("workers" in d["message"] and d["line"] > 0 and d["column"] > 0 for d in diagnostics), diagnostics)
        self.assertEqual(read(daemon.config), original)

        # Valid: written, recorded, reloaded by its plan (scale, no new generation).
        generation = daemon.current_generation("web")
        mark = daemon.mark()
        applied = client.call("apply_config", {"text": edited, "expected_version": version, "comment": "one more worker"})
        result = applied["result"]
        self.assertTrue(result["ok"], applied)
        # The event names what was applied and by whom as fields, for clients to word (docs/control-api.md).
        event = daemon.wait_event("config-applied", after=mark, timeout=10)
        self.assertEqual(event["version"], result["version"], event)
        self.assertEqual(event["author"], pwd.getpwuid(os.geteuid()).pw_name, event)
        self.assertEqual(event["comment"], "one more worker", event)
        self.assertIn("web: scale 2 → 3, no restart", result["plan"])
        self.assertEqual(read(daemon.config), edited.encode())
        daemon.wait_settled("web", 3)
        self.assertEqual(daemon.current_generation("web"), generation, "a scale must not start a new generation")

        versions = client.call("history")["result"]["versions"]
        self.assertGreaterEqual(len(versions), 2)
        newest, first = versions[0], versions[-1]
        self.assertEqual(newest["comment"], "one more worker")
        self.assertEqual(newest["author"], pwd.getpwuid(os.geteuid()).pw_name)
        self.assertTrue(newest["current"])
        self.assertFalse(first["current"])
        self.assertEqual(client.call("get_version", {"id": first["id"]})["result"]["text"].encode(), original)

        # Rollback re-applies the first version through the same path.
        back = client.call("rollback", {"id": first["id"]})
        self.assertTrue(back["result"]["ok"], back)
        self.assertEqual(read(daemon.config), original)
        daemon.wait_settled("web", 2)
        missing = client.call("rollback", {"id": 9999})
        self.assertEqual(missing["error"]["code"], 3, missing)

        # The history survives a restart of batond.
        client.close()
        daemon.stop()
        again = self.daemon(None).start()   # same folder, same config, same state_dir
        again.wait_settled("web", 2)
        client2 = batonrpc.Client(os.path.join(daemon.dir, "baton.sock"))
        self.addCleanup(client2.close)
        self.assertGreaterEqual(len(client2.call("history")["result"]["versions"]), 3)

    def test_kill_during_apply_never_leaves_a_partial_file(self):
        padding = "# " + "x" * 200 + "\n"
        for attempt in range(8):
            daemon, client, port = self.start(workers=1, subdir="kill-%d" % attempt)
            old = read(daemon.config)
            new = (bt.config_text(service(port, 1, env={"ROUND": str(attempt)})) + padding * 3000).encode()
            version = client.call("get_config")["result"]["version"]
            client.send("apply_config", {"text": new.decode(), "expected_version": version})
            time.sleep(random.uniform(0, 0.03))
            os.kill(daemon.pid, signal.SIGKILL)
            daemon.wait_exit(10)
            content = read(daemon.config)
            self.assertIn(content, (old, new), "attempt %d: partial config file (%d bytes)" % (attempt, len(content)))
            leftovers = [n for n in os.listdir(daemon.dir) if ".tmp" in n]
            client.close()
            daemon.cleanup()
            self.assertLessEqual(len(leftovers), 1, leftovers)  # at most the temp file of the interrupted write

    def test_disk_edit_read_by_a_reload_is_not_called_unapplied(self):
        """An edit followed at once by a reload (the usual `vi; systemctl
        reload`): the file watcher's announcement, which comes while that
        reload is still starting the new generation, says the reload is
        applying it, not "not applied (watch = false)" as it used to."""
        daemon, client, port = self.start(workers=1)
        mark = daemon.mark()
        daemon.write_config(bt.config_text({"web": {
            "command": [bt.PYTHON, bt.PYWORKER], "workers": 1, "ready_timeout": "10s",
            "env": {"STARTUP_DELAY": "2"}, "listen": {"http": "127.0.0.1:%d" % port}}}))
        daemon.send(signal.SIGHUP)
        event = daemon.wait_event("config-changed", after=mark, timeout=10)
        self.assertIn("being applied by the reload under way", event["message"])
        self.assertEqual(daemon.wait_event("reload-finished", after=mark, timeout=20).get("reason", ""), "")

    def test_disk_edit_is_announced_not_applied(self):
        daemon, client, port = self.start()
        mark = daemon.mark()
        daemon.write_config(bt.config_text(service(port, 3)))   # rename-over, like editors
        event = daemon.wait_event("config-changed", after=mark, timeout=10)
        self.assertIn("not applied (watch = false)", event["message"])
        self.assertIn("web: scale 2 → 3", event["message"])
        time.sleep(1)
        self.assertEqual(len(daemon.current_workers("web")), 2)

        mark = daemon.mark()
        daemon.write_config(bt.config_text(service(port, 0)))
        event = daemon.wait_event("config-changed", after=mark, timeout=10)
        self.assertIn("is invalid", event["message"])
        self.assertIn("workers", event["reason"])

    def test_disk_edit_applied_with_watch(self):
        daemon, client, port = self.start(daemon_extra={"watch": True})
        mark = daemon.mark()
        daemon.write_config(bt.config_text(service(port, 3), {"watch": True}))
        event = daemon.wait_event("config-changed", after=mark, timeout=10)
        self.assertIn("applying (watch = true)", event["message"])
        daemon.wait_settled("web", 3)


if __name__ == "__main__":
    bt.main()
