#!/usr/bin/env python3
"""Upgrade in place (batonctl upgrade, JSON-RPC `upgrade`, SIGUSR2): batond
re-executes itself keeping its PID, its listeners and its workers.

- 5 upgrades under keep-alive load (32 connections, at least 3 s): zero errors, the same batond PID and worker PIDs,
  the caller answered by the new image on the same connection, an event
  subscriber's connection carried with no sequence number skipped, control
  calls served and a reload working afterwards;
- the default binary is the one at batond's own path, also after a package
  upgrade replaced the file (/proc/self/exe then says "(deleted)");
- every failure leaves the old master serving, answered with the reason:
  missing binary, not executable, a relative path, a preflight that refuses
  (its stderr is the reason), an execve that fails after the preflight;
- SIGUSR2 takes the same path; batonctl upgrade prints the outcome;
- a [daemon] change (plan re-exec) is applied through the same path.

  python3 tests/daemon/test_upgrade.py --build-dir build
"""

import json
import os
import shutil
import signal
import stat
import subprocess
import time

import batontest as bt
import batonrpc

CONNECTIONS = 32
UPGRADES = 5
PERIOD = 0.3
MIN_LOAD_SECONDS = 3.0



# A fake new binary for the exec failure: it answers the preflight as a
# batond would (the token is a CBOR text string after the key
# "preflight_token" in the state on FD 3), then makes itself unexecutable.
VANISHING = r"""
import os, sys
state = os.read(3, 1 << 24)
at = state.find(b"preflight_token") + len(b"preflight_token")
head = state[at]
size, at = (head - 0x60, at + 1) if head < 0x78 else (state[at + 1], at + 2)
print("baton-upgrade-check: accept " + state[at:at + size].decode())
os.chmod(sys.argv[0], 0o644)
"""

class Upgrade(bt.BatonTestCase):

    def start(self, workers=2, command=None):
        port = bt.free_port()
        d = self.daemon(bt.config_text({"web": {
            "command": command or bt.baton_worker_command(),
            "workers": workers,
            "drain_timeout": "10s",
            "listen": {"http": "127.0.0.1:%d" % port},
        }}))
        d.port = port
        d.sock = os.path.join(d.dir, "baton.sock")
        return d

    def rpc(self, d, timeout=20.0):
        c = batonrpc.Client(d.sock, timeout=timeout)
        self.addCleanup(c.close)
        return c

    def status(self, d):
        with batonrpc.Client(d.sock) as c:
            return c.result("status")

    def worker_pids(self, d):
        return sorted(w["pid"] for s in self.status(d)["services"] for w in s["workers"])

    def script(self, name, body, mode=0o755):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body)
        os.chmod(path, mode)
        return path

    # -- success -----------------------------------------------------------------

    def test_upgrade_under_load(self):
        d = self.start().start()
        before = self.worker_pids(d)
        self.assertEqual(len(before), 2)
        follower = self.rpc(d)
        sub = follower.result("subscribe", {"events": True, "metrics": False})
        mark = d.mark()

        load = self.load(d.port, connections=CONNECTIONS, duration="30s", track=("X-Worker-Pid",))
        bt.wait_until(lambda: bt.tcp_accepted_count(d.port) >= CONNECTIONS // 2, 20, "the load to be running")
        time.sleep(0.5)
        requester = self.rpc(d, timeout=30)
        took = []
        t_load = time.monotonic()
        for n in range(1, UPGRADES + 1):
            t0 = time.monotonic()
            result = requester.result("upgrade", timeout=30)   # answered by the new image, same connection
            took.append(time.monotonic() - t0)
            self.assertEqual((result["pid"], result["upgrades"]), (d.pid, n), result)
            time.sleep(PERIOD)
        rest = MIN_LOAD_SECONDS - (time.monotonic() - t_load)
        time.sleep(max(rest, 0.5))   # load on the last image too
        res = load.result()

        self.assertNoLoadErrors(res, "during the upgrade")
        self.assertGreater(res["ok"], 500, res)
        self.assertGreaterEqual(res["load_ms"], MIN_LOAD_SECONDS * 1000, res)
        self.assertTrue(result["ok"], result)
        self.assertEqual(result["pid"], d.pid)
        self.assertEqual(sorted(result["workers"]), before)
        self.assertTrue(d.running())
        self.assertEqual(self.worker_pids(d), before, "the workers are kept, not restarted")
        self.assertEqual(d.find("spawn", mark), [], "no worker may be spawned by an upgrade")
        st = self.status(d)["daemon"]
        self.assertEqual(st["pid"], d.pid)
        self.assertEqual(st["upgrades"], UPGRADES)
        self.assertEqual(st["previous_version"], st["version"])

        # The subscriber's connection was carried: every event, no seq skipped.
        seqs, kinds = [], []
        while kinds.count("upgrade-finished") < UPGRADES:
            ev = follower.recv_notification("event", timeout=10)
            seqs.append(ev["seq"])
            kinds.append(ev["kind"])
        self.assertEqual(seqs, list(range(sub["last_seq"] + 1, sub["last_seq"] + 1 + len(seqs))), kinds)
        self.assertIn("upgrade-started", kinds)
        # Still live on the same connection, and the new image drives the workers.
        reload_id = requester.send("reload")
        ev = follower.recv_notification("event", timeout=20)
        self.assertEqual(ev["seq"], seqs[-1] + 1, ev)
        self.assertTrue(requester.recv_response(reload_id, timeout=30)["result"]["ok"])
        after = d.wait_settled("web", 2)
        self.assertTrue(set(after).isdisjoint(before))
        self.assertEqual(bt.http_get(d.port, "/healthz").status, 200)
        print("\n  %d upgrades under load: %d requests ok, 0 errors, pid %d kept, workers %s kept, answered in %.0f-%.0f ms"
              % (UPGRADES, res["ok"], d.pid, before, min(took) * 1000, max(took) * 1000))
        self.assertEqual(d.stop(), 0, d.diag())
        self.assertAllGone(d.spawned_pids() + before)

    def test_default_binary_replaced_on_disk(self):
        """A package upgrade replaces the file batond runs from: the default
        binary is that path, not the deleted image, whatever argv[0] was."""
        bindir = os.path.join(self.tmp, "sbin")
        os.makedirs(bindir)
        copy = os.path.join(bindir, "batond")
        shutil.copy2(bt.batond_binary(), copy)
        worker = [bt.binary("baton-worker"), "--root", ".", "--threads", "1"]
        d = self.start(workers=1, command=worker)
        # Started with a relative argv[0] (resolved against its cwd, the test's
        # folder): the default binary comes from /proc/self/exe, not from it.
        d.command = lambda *args: [os.path.relpath(copy, d.root), "--config", d.config] + list(args)
        d.start()
        before = self.worker_pids(d)
        tmp = copy + ".new"
        shutil.copy2(bt.batond_binary(), tmp)
        os.replace(tmp, copy)   # what dpkg does
        self.assertTrue(os.readlink("/proc/%d/exe" % d.pid).endswith(" (deleted)"))
        result = self.rpc(d).result("upgrade", timeout=30)
        self.assertEqual(result["binary"], copy)
        self.assertEqual(os.readlink("/proc/%d/exe" % d.pid), copy)
        self.assertEqual(self.worker_pids(d), before)
        self.assertEqual(d.stop(), 0, d.diag())

    def test_drain_deadline_survives(self):
        """A generation draining across the upgrade: its drain deadline is
        carried as remaining time and still kills the worker on time."""
        port = bt.free_port()
        cfg = lambda greeting: bt.config_text({"web": {
            "command": bt.pyworker_command(), "workers": 1, "drain_timeout": "4s",
            "env": {"IGNORE_TERM": "1", "GREETING": greeting}, "listen": {"http": "127.0.0.1:%d" % port}}})
        d = self.daemon(cfg("one"))
        d.sock = os.path.join(d.dir, "baton.sock")
        d.start()
        old = d.current_workers("web")
        d.write_config(cfg("two"))
        mark = d.mark()
        d.reload()
        drain = d.wait_event("drain", after=mark, timeout=10, pid=old[0])
        # Half-way through the drain: a deadline re-armed with its full time
        # would kill at 6 s instead of 4.
        time.sleep(max(0.0, 2.0 - (time.time() - bt.parse_time(drain["time"]))))
        result = self.rpc(d).result("upgrade", timeout=30)
        self.assertIn(old[0], result["workers"], "the draining worker is carried")
        ex = d.wait_event("exit", after=mark, timeout=20, pid=old[0])
        self.assertEqual(ex.get("cause"), "killed-drain-deadline", ex)
        late = bt.parse_time(ex["time"]) - bt.parse_time(drain["time"])
        self.assertGreater(late, 3.5, "killed before its deadline: %s" % ex)
        self.assertLess(late, 5.3, "the deadline was not carried as remaining time: %s" % ex)
        self.assertEqual(d.stop(), 0, d.diag())

    def test_worker_exit_around_upgrade(self):
        """A worker that dies while batond re-executes is reaped by whichever
        image sees it, and replaced: nothing is lost in between."""
        d = self.start().start()
        victim = self.worker_pids(d)[0]
        mark = d.mark()
        os.kill(victim, signal.SIGKILL)
        d.send(signal.SIGUSR2)
        d.wait_event("upgrade-finished", after=mark, timeout=30)
        ex = d.wait_event("exit", after=mark, timeout=20, pid=victim)
        self.assertEqual(ex.get("cause"), "signal-not-from-batond", ex)
        d.wait_event("spawn", after=mark, timeout=20)
        bt.wait_until(lambda: len(self.worker_pids(d)) == 2 and victim not in self.worker_pids(d), 20, "the replacement")
        # The restart counts, whichever image saw the exit, and stays counted across a second upgrade.
        self.assertEqual(self.status(d)["services"][0]["restarts_in_window"], 1)
        self.rpc(d).result("upgrade", timeout=30)
        self.assertEqual(self.status(d)["services"][0]["restarts_in_window"], 1)
        self.assertEqual(d.stop(), 0, d.diag())

    def test_running_version_carried(self):
        """A hand edit on disk not applied (watch = false) stays not applied:
        the new image runs the running text, not the file."""
        d = self.start(workers=1).start()
        with batonrpc.Client(d.sock) as c:
            running = c.result("get_config")
        d.write_config(running["text"].replace("workers = 1", "workers = 2"))
        bt.wait_until(lambda: self.status(d)["daemon"]["on_disk_differs"], 10, "the edit to be seen on disk")
        with batonrpc.Client(d.sock) as c:
            c.result("upgrade", timeout=30)
            after = c.result("get_config")
            st = c.result("status")
        self.assertEqual((after["version"], after["text"]), (running["version"], running["text"]))
        self.assertTrue(st["daemon"]["on_disk_differs"])
        self.assertEqual(st["services"][0]["workers_wanted"], 1)
        self.assertEqual(d.stop(), 0, d.diag())

    def test_daemon_change_reexecs(self):
        """Issue 12 §2: a [daemon] change has the plan re-exec; once its reload
        has finished batond re-executes itself (same PID, same workers) and the
        new image runs with the new [daemon] table: the control socket moved
        (connections on the old one carried), watch switched on."""
        port = bt.free_port()

        def svc(greeting):
            return {"web": {"command": bt.baton_worker_command(), "workers": 1, "env": {"GREETING": greeting},
                            "listen": {"http": "127.0.0.1:%d" % port}}}
        d = self.daemon(bt.config_text(svc("one")))
        d.sock = os.path.join(d.dir, "baton.sock")
        d.start()
        before = self.worker_pids(d)
        follower = self.rpc(d)
        follower.result("subscribe", {"events": True, "metrics": False})
        moved = os.path.join(d.dir, "moved.sock")
        text = bt.config_text(svc("one"), daemon={"control_socket": "moved.sock", "watch": True})
        # Under keep-alive load: the [daemon] change refuses nothing (issue 12 §2).
        load = self.load(port, connections=16, duration="30s")
        bt.wait_until(lambda: bt.tcp_accepted_count(port) >= 8, 20, "the load to be running")
        mark = d.mark()
        with batonrpc.Client(d.sock) as c:
            plan = c.result("validate", {"text": text})["plan"]
            self.assertIn("daemon.control_socket: re-exec: batond re-executes itself in place to apply it", plan)
            version = c.result("get_config")["version"]
            self.assertTrue(c.result("apply_config", {"text": text, "expected_version": version}, timeout=30)["ok"])
        ev = d.wait_event("upgrade-finished", after=mark, timeout=30)
        self.assertIn("pid %d" % d.pid, ev["message"])
        time.sleep(1.0)   # load on the new image too
        res = load.result()
        self.assertNoLoadErrors(res, "during the [daemon] change's re-exec")
        self.assertGreater(res["ok"], 100, res)
        bt.wait_until(lambda: os.path.exists(moved), 10, "the control socket at its new path")
        self.assertFalse(os.path.exists(d.sock), "the old socket file is removed")
        d.sock = moved
        st = self.status(d)["daemon"]
        self.assertEqual((st["pid"], st["upgrades"]), (d.pid, 1))
        self.assertEqual(self.worker_pids(d), before, "a [daemon]-only change restarts no worker")
        kinds = []
        while "upgrade-finished" not in kinds:   # the old path's connection was carried
            kinds.append(follower.recv_notification("event", timeout=10)["kind"])
        self.assertEqual(follower.result("status")["daemon"]["upgrades"], 1)
        # watch = true is in force now: an edit on disk reloads by itself.
        mark = d.mark()
        d.write_config(bt.config_text(svc("two"), daemon={"control_socket": "moved.sock", "watch": True}))
        d.wait_event("reload-finished", after=mark, timeout=30)
        self.assertEqual(d.stop(), 0, d.diag())

    def test_daemon_change_refused_by_the_preflight(self):
        """A [daemon] change the new image could not adopt (a state_dir that
        cannot be created) is refused by the preflight: the old master serves
        on with its old [daemon] values, and says why."""
        d = self.start(workers=1).start()
        before = self.worker_pids(d)
        text = open(d.config).read().replace('state_dir = "state"', 'state_dir = "baton.toml/state"')
        mark = d.mark()
        with batonrpc.Client(d.sock) as c:
            version = c.result("get_config")["version"]
            self.assertTrue(c.result("apply_config", {"text": text, "expected_version": version}, timeout=30)["ok"])
        failed = d.wait_event("upgrade-failed", after=mark, timeout=30)
        self.assertIn("cannot adopt: state_dir", failed["reason"])
        st = self.status(d)["daemon"]
        self.assertEqual((st["pid"], st["upgrades"]), (d.pid, 0))
        self.assertEqual(self.worker_pids(d), before)
        self.assertEqual(bt.http_get(d.port, "/healthz").status, 200)
        self.assertEqual(d.stop(), 0, d.diag())

    def test_sigusr2(self):
        """SIGUSR2 takes the same path; the worker output ring (batonctl logs) is carried."""
        d = self.start().start()
        before = self.worker_pids(d)
        with batonrpc.Client(d.sock) as c:
            logs = bt.wait_until(lambda: c.result("logs")["lines"], 10, "worker output")
        mark = d.mark()
        d.send(signal.SIGUSR2)
        ev = d.wait_event("upgrade-finished", after=mark, timeout=30)
        with batonrpc.Client(d.sock) as c:
            after = c.result("logs")["lines"]
        self.assertEqual(after[:len(logs)], logs, "the lines and their seq survive the upgrade")
        # The carried descriptors lost FD_CLOEXEC only for the execve: in the
        # new image every descriptor but 0-2 has it again.
        leaky = []
        for fd in os.listdir("/proc/%d/fd" % d.pid):
            try:
                with open("/proc/%d/fdinfo/%s" % (d.pid, fd)) as f:
                    flags = int(next(l for l in f if l.startswith("flags:")).split()[1], 8)
            except (OSError, StopIteration):
                continue
            if int(fd) > 2 and not flags & 0o2000000:
                leaky.append((fd, bt.fd_targets(d.pid).get(int(fd))))
        self.assertEqual(leaky, [], "descriptors without FD_CLOEXEC after the upgrade")
        self.assertIn("pid %d" % d.pid, ev["message"])
        self.assertEqual(self.status(d)["daemon"]["upgrades"], 1)
        self.assertEqual(self.worker_pids(d), before)
        # And again: the count goes on, and no descriptor is left behind.
        fds = sorted(bt.fd_targets(d.pid).values())
        d.send(signal.SIGUSR2)
        d.wait_event("upgrade-finished", after=d.mark(), timeout=30)
        bt.wait_until(lambda: self.status(d)["daemon"]["upgrades"] == 2, 20, "a second upgrade")
        bt.wait_until(lambda: len(bt.fd_targets(d.pid)) <= len(fds), 10,
                      lambda: "batond's descriptors to be as many as before (%s), now %s" % (fds, sorted(bt.fd_targets(d.pid).values())))
        self.assertEqual(d.stop(), 0, d.diag())

    def test_batonctl_upgrade(self):
        """batonctl upgrade prints the outcome; a `batonctl events --follow`
        started before goes on across it, seeing every event once."""
        d = self.start(workers=1).start()
        log = open(os.path.join(self.tmp, "follow.out"), "w+")
        follow = subprocess.Popen([bt.binary("batonctl"), "--socket", d.sock, "events", "--follow", "--json"],
                                  stdout=log, stderr=subprocess.STDOUT)
        self.addCleanup(lambda: (follow.poll() is None and follow.kill(), follow.wait(), log.close()))

        def followed():
            with open(log.name) as f:
                return [json.loads(line)["event"] for line in f if line.startswith("{")]
        bt.wait_until(lambda: any(e["kind"] == "daemon-started" for e in followed()), 20, "the follower's backlog")
        r = subprocess.run([bt.binary("batonctl"), "--socket", d.sock, "upgrade"], capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("upgraded in place", r.stdout)
        self.assertIn("pid %d" % d.pid, r.stdout)
        mark = d.mark()
        d.reload()
        bt.wait_until(lambda: any(e["kind"] == "reload-finished" for e in followed()), 20, "the reload in the follower's output")
        self.assertIsNone(follow.poll(), "events --follow must not end at an upgrade")
        seqs = [e["seq"] for e in followed()]
        self.assertEqual(seqs, list(range(1, len(seqs) + 1)), "every event exactly once, in order")
        self.assertIn("upgrade-finished", [e["kind"] for e in followed()])
        self.assertGreater(len(d.find("reload-finished", mark)), 0)
        r = subprocess.run([bt.binary("batonctl"), "--socket", d.sock, "status", "--json"], capture_output=True, text=True, timeout=60)
        self.assertIn('"upgrades": 1', r.stdout.replace('":1', '": 1'))
        r = subprocess.run([bt.binary("batonctl"), "--socket", d.sock, "upgrade", "--binary", "/nonexistent/batond"],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("/nonexistent/batond", r.stderr)
        self.assertEqual(d.stop(), 0, d.diag())

    # -- failures: the old master serves on ------------------------------------------

    def assertRefused(self, d, binary, code, reason, stage):
        before = self.worker_pids(d)
        mark = d.mark()
        c = self.rpc(d, timeout=30)
        params = {} if binary is None else {"binary": binary}
        r = c.call("upgrade", params, timeout=30)
        self.assertIn("error", r, r)
        self.assertEqual(r["error"]["code"], code, r)
        self.assertIn(reason, r["error"]["message"])
        self.assertEqual(r["error"]["data"]["stage"], stage, r)
        # Same connection, same master, same workers, serving.
        st = c.result("status")
        self.assertEqual(st["daemon"]["pid"], d.pid)
        self.assertEqual(st["daemon"]["upgrades"], 0)
        self.assertEqual(self.worker_pids(d), before)
        self.assertEqual(bt.http_get(d.port, "/healthz").status, 200)
        failed = d.wait_event("upgrade-failed", after=mark, timeout=10)
        self.assertIn(reason, failed["reason"])
        return r["error"]["message"]

    def test_failures_leave_the_old_master(self):
        d = self.start().start()
        self.assertRefused(d, os.path.join(self.tmp, "missing"), 3, "No such file", "binary")
        self.assertRefused(d, self.script("not-executable", "exit 0\n", mode=0o644), 6, "not an executable file", "binary")
        self.assertRefused(d, "sbin/batond", -32602, "relative path", "binary")
        refuser = self.script("refuser", 'echo "batond 99: cannot adopt: upgrade state format 1, this batond reads format 2" >&2\nexit 3\n')
        msg = self.assertRefused(d, refuser, 6, "this batond reads format 2", "preflight")
        self.assertIn("exited with 3", msg)
        # Exit status 0 is no acceptance: /bin/true used to be exec'ed in
        # batond's place, and batond and its workers were gone.
        msg = self.assertRefused(d, "/bin/true", 6, "never said it can adopt the state", "preflight")
        self.assertIn("baton-upgrade-check: accept", msg)
        # Passes its preflight (it finds the token in the state on FD 3 and
        # says it back), then removes its own x bit: execve fails (EACCES).
        vanishing = os.path.join(self.tmp, "vanishing")
        with open(vanishing, "w") as f:
            f.write("#!%s\n" % bt.PYTHON + VANISHING)
        os.chmod(vanishing, 0o755)
        self.assertRefused(d, vanishing, 6, "execve %s: Permission denied" % vanishing, "exec")
        # After all that, a real upgrade works, and the master is still one process.
        result = self.rpc(d).result("upgrade", timeout=30)
        self.assertEqual(result["pid"], d.pid)
        self.assertEqual(d.stop(), 0, d.diag())

    def test_refused_while_reloading(self):
        """A generation still starting has callers waiting in this image: refused (conflict), retried later."""
        port = bt.free_port()
        d = self.daemon(bt.config_text({"web": {"command": bt.pyworker_command(), "workers": 1,
                                                  "listen": {"http": "127.0.0.1:%d" % port}}}))
        d.sock = os.path.join(d.dir, "baton.sock")
        d.start()
        d.write_config(bt.config_text({"web": {"command": bt.pyworker_command(), "workers": 1, "env": {"STARTUP_DELAY": "5"},
                                                 "listen": {"http": "127.0.0.1:%d" % port}}}))
        mark = d.mark()
        c = self.rpc(d, timeout=30)
        rid = c.send("reload")
        d.wait_event("spawn", after=mark, timeout=10)
        r = c.call("upgrade", timeout=30)
        self.assertEqual(r.get("error", {}).get("code"), 1, r)
        self.assertIn("reload", r["error"]["message"])
        self.assertTrue(c.recv_response(rid, timeout=30)["result"]["ok"])
        self.assertEqual(c.result("upgrade", timeout=30)["pid"], d.pid)   # once settled, it goes
        self.assertEqual(d.stop(), 0, d.diag())

if __name__ == "__main__":
    bt.main()
