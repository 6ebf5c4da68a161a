#!/usr/bin/env python3
"""batond under a real systemd 252 (issue 12 section 4): the packaged .deb,
installed in a Debian 12 container that boots systemd as PID 1
(tests/systemd/container.py), checked with load from inside the container.

  python3 tests/systemd/test_systemd.py --build-dir build

Needs root (CI runs as root) and, on the first run, the network (the
rootfs and the package's dependencies are cached under /var/cache/baton).
Without them it says why and exits 77, which CTest shows as skipped.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True

import container as ct  # noqa: E402

BUILD = None
C = None          # the booted container, shared by the tests (in name order)

CONFIG = """\
[daemon]
control_socket = "/run/baton/control.sock"
bus = "system"
state_dir = "/var/lib/baton"
admin_group = "baton"

[service.web]
command = ["/usr/bin/baton-worker", "--root", "/usr/share/baton/www"]
workers = 2
ready_timeout = "10s"
drain_timeout = "5s"

[service.web.listen]
http = "127.0.0.1:8080"

# A shell wrapper that prints before it execs the worker: its line must
# reach the journal with the structured fields.
[service.echo]
command = ["/bin/sh", "-c", "echo 'hello from the echo wrapper'; exec /usr/bin/baton-worker --root /usr/share/baton/www"]
workers = 1
ready_timeout = "10s"
drain_timeout = "5s"

[service.echo.listen]
http = "127.0.0.1:8081"
"""


def load(seconds, connections=32):
    """baton-loadclient inside the container against web; returns its Popen."""
    return C.popen("/usr/local/bin/baton-loadclient", "--connect", "127.0.0.1:8080", "--connections",
                   str(connections), "--duration", "%ds" % seconds, "--timeout", "5s")


def load_result(p, seconds):
    out, err = p.communicate(timeout=seconds + 30)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if not lines:
        raise AssertionError("baton-loadclient printed no totals: %s %s" % (out, err))
    return json.loads(lines[-1])


def errors(totals):
    return sum(totals.get(k, 0) for k in ("connect_errors", "resets", "eof_without_response", "partial_responses",
                                           "bad_status", "timeouts", "other_errors"))


def status():
    return json.loads(C.run("batonctl", "status", "--json").stdout)


def main_pid():
    return int(C.run("systemctl", "show", "-p", "MainPID", "--value", "batond").stdout.strip())


class Systemd(unittest.TestCase):
    maxDiff = None

    def test_1_start_is_ready_when_serving(self):
        C.write("/etc/baton/baton.toml", CONFIG)
        C.run("systemctl", "start", "batond", timeout=120)
        # Type=notify: start returns once generation 1 of every service is ready.
        self.assertEqual(C.run("curl", "-sS", "http://127.0.0.1:8080/healthz").stdout.strip(), "ok")
        self.assertEqual(C.run("curl", "-sS", "http://127.0.0.1:8081/healthz").stdout.strip(), "ok")
        self.assertEqual(C.run("systemctl", "is-active", "batond").stdout.strip(), "active")

    def test_2_reload_returns_after_the_takeover(self):
        before = {s["name"]: s for s in status()["services"]}["web"]
        r = C.run("systemctl", "reload", "batond", check=False, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        after = {s["name"]: s for s in status()["services"]}["web"]
        # Synchronous: by the time systemctl returns, the new generation serves.
        self.assertGreater(after["generation"], before["generation"], after)
        # An invalid file: systemctl reload fails, the running generation serves on.
        C.write("/etc/baton/baton.toml", CONFIG.replace("workers = 2", "workers = 0"))
        r = C.run("systemctl", "reload", "batond", check=False, timeout=120)
        self.assertNotEqual(r.returncode, 0, "an invalid config must fail systemctl reload")
        self.assertEqual(C.run("curl", "-sS", "http://127.0.0.1:8080/healthz").stdout.strip(), "ok")
        journal = C.run("journalctl", "-u", "batond", "--no-pager", "-o", "cat").stdout
        self.assertIn("workers", journal, "the journal says why the reload failed")
        # A new generation that prints a traceback and exits before READY=1:
        # systemctl reload fails, and the unit's journal quotes the worker
        # (batond's rollback reason, and batonctl's stderr tail of ExecReload).
        dying = CONFIG.replace('command = ["/usr/bin/baton-worker", "--root", "/usr/share/baton/www"]\nworkers = 2',
                               'command = ["/bin/sh", "-c", "echo Traceback >&2; echo \\"ModuleNotFoundError: No module named flask\\" >&2; exit 1"]\nworkers = 2')
        self.assertNotEqual(dying, CONFIG)
        C.write("/etc/baton/baton.toml", dying)
        r = C.run("systemctl", "reload", "batond", check=False, timeout=120)
        self.assertNotEqual(r.returncode, 0, "a rolled-back reload must fail systemctl reload")
        self.assertEqual(C.run("curl", "-sS", "http://127.0.0.1:8080/healthz").stdout.strip(), "ok")
        journal = C.run("journalctl", "-u", "batond", "--no-pager", "-o", "cat").stdout
        quoted = [line for line in journal.splitlines() if "ModuleNotFoundError: No module named flask" in line]
        self.assertTrue(any("rolled back" in line for line in quoted), quoted)
        self.assertTrue(any(line.lstrip().startswith("|") for line in quoted), "batonctl's tail in the journal: %s" % quoted)
        C.write("/etc/baton/baton.toml", CONFIG)
        self.assertEqual(C.run("systemctl", "reload", "batond", check=False, timeout=120).returncode, 0)

    def test_3_journal_has_batond_and_worker_lines(self):
        deadline = time.monotonic() + 10
        while True:
            own = C.run("journalctl", "-u", "batond", "--no-pager", "-o", "cat").stdout
            worker = C.run("journalctl", "BATON_SERVICE=echo", "--no-pager", "-o", "json").stdout
            if ("batond:" in own and "hello from the echo wrapper" in worker) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.assertIn("batond:", own)
        entries = [json.loads(line) for line in worker.splitlines() if line.strip()]
        hello = [e for e in entries if e.get("MESSAGE") == "hello from the echo wrapper"]
        self.assertTrue(hello, entries[-5:])
        e = hello[0]
        self.assertEqual(e["SYSLOG_IDENTIFIER"], "baton/echo")
        self.assertEqual(e["BATON_STREAM"], "stdout")
        self.assertEqual(e["PRIORITY"], "6")
        self.assertTrue(int(e["BATON_GENERATION"]) >= 1 and int(e["BATON_WORKER_PID"]) > 1, e)

    def test_4_dbus_policy_and_polkit_action_load(self):
        r = C.run("busctl", "--system", "get-property", "io.github.baton.Daemon1", "/io/github/baton/Daemon1",
                  "io.github.baton.Daemon1.Manager", "State")
        self.assertIn("running", r.stdout)
        r = C.run("pkaction", "--action-id", "io.github.baton.manage", "--verbose")
        self.assertIn("io.github.baton.manage", r.stdout)

    def under_load(self, action, seconds=8):
        p = load(seconds)
        time.sleep(2)
        pid = main_pid()
        action(pid)
        totals = load_result(p, seconds)
        return pid, totals

    def wait_serving(self, timeout=10):
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            r = C.run("curl", "-sS", "-m", "1", "http://127.0.0.1:8080/healthz", check=False)
            if r.stdout.strip() == "ok":
                return time.monotonic() - t0
            time.sleep(0.05)
        self.fail("not serving again within %d s" % timeout)

    def test_5_restart_refuses_no_connection(self):
        pid, totals = self.under_load(lambda pid: C.run("systemctl", "restart", "batond", timeout=120))
        print("\nsystemctl restart under load: %s" % json.dumps(totals))
        self.assertNotEqual(main_pid(), pid)
        journal = C.run("journalctl", "-u", "batond", "--no-pager", "-o", "cat").stdout
        self.assertIn("taken over from systemd", journal, "the restarted batond got its listeners from the FD store")
        self.assertEqual(totals["connect_errors"], 0, totals)
        self.assertGreater(totals["responses"], 0, totals)

    def test_6_crash_of_the_master_refuses_no_connection(self):
        t = {}

        def crash(pid):
            t["workers"] = [w["pid"] for s in status()["services"] for w in s["workers"]]
            C.run("kill", "-9", str(pid))
            t["back"] = self.wait_serving()
        pid, totals = self.under_load(crash)
        print("\nkill -9 of batond under load: serving again after %.2f s; %s" % (t["back"], json.dumps(totals)))
        deadline = time.monotonic() + 10
        while main_pid() in (0, pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertNotIn(main_pid(), (0, pid), "systemd restarted batond (Restart=on-failure)")
        self.assertEqual(totals["connect_errors"], 0, totals)
        self.assertLess(t["back"], 1.0, "the restarted master serves again within a second")
        # KillMode=process: systemd does not SIGKILL the crashed master's
        # workers (nothing in flight is cut); the kernel sends them SIGTERM
        # (PR_SET_PDEATHSIG) and they drain, and whatever a worker left
        # running the new master drains through its cgroup (LeftoverDrain):
        # none lives on holding a listener.
        self.assertEqual(errors(totals), 0, totals)
        deadline = time.monotonic() + 15
        while True:
            left = [p for p in t["workers"] if C.run("test", "-e", "/proc/%d" % p, check=False).returncode == 0]
            if not left or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.assertEqual(left, [], "workers of the crashed master still alive")

    def test_7_upgrade_in_place_keeps_the_main_pid(self):
        before = main_pid()
        workers = sorted(w["pid"] for s in status()["services"] for w in s["workers"])
        r = {}
        pid, totals = self.under_load(lambda pid: r.setdefault("ctl", C.run("batonctl", "upgrade", check=False, timeout=60)))
        print("\nbatonctl upgrade under load: %s" % json.dumps(totals))
        self.assertEqual(r["ctl"].returncode, 0, r["ctl"].stdout + r["ctl"].stderr)
        self.assertEqual(main_pid(), before, "systemd's main PID is the same process")
        self.assertEqual(sorted(w["pid"] for s in status()["services"] for w in s["workers"]), workers)
        self.assertEqual(C.run("systemctl", "is-active", "batond").stdout.strip(), "active")
        self.assertEqual(errors(totals), 0, totals)

    def test_8_package_upgrade_reaches_the_running_batond(self):
        # A second build of the package (the same files, version -2): dpkg
        # replaces /usr/sbin/batond under the running master, whose
        # /proc/PID/exe then reads "(deleted)"; the postinst has it re-execute
        # the new file in place.
        before = main_pid()
        upgrades = status()["daemon"].get("upgrades", 0)
        r = {}
        pid, totals = self.under_load(lambda pid: r.setdefault("dpkg", C.run("dpkg", "-i", "/tmp/baton-next.deb",
                                                                             check=False, timeout=120)))
        out = r["dpkg"].stdout + r["dpkg"].stderr
        print("\ndpkg -i of the next package under load: %s\n%s" % (json.dumps(totals), out.strip()))
        self.assertEqual(r["dpkg"].returncode, 0, out)
        self.assertIn("now runs the new version in place", out)
        self.assertEqual(main_pid(), before)
        self.assertEqual(status()["daemon"].get("upgrades", 0), upgrades + 1)
        exe = C.run("readlink", "/proc/%d/exe" % before).stdout.strip()
        self.assertEqual(exe, "/usr/sbin/batond", "the master runs the installed file, not the deleted one")
        self.assertIn("0.1.0-2", C.run("dpkg-query", "-W", "-f", "${Version}", "baton").stdout)
        self.assertEqual(errors(totals), 0, totals)


def next_package(deb, tmp):
    """The same package as version <version>-2: a second build for dpkg."""
    tree = os.path.join(tmp, "next")
    subprocess.run(["dpkg-deb", "-R", deb, tree], check=True)
    control = os.path.join(tree, "DEBIAN", "control")
    with open(control) as f:
        text = f.read()
    text = re.sub(r"^Version: (\S+)-\d+$", r"Version: \1-2", text, flags=re.M)
    with open(control, "w") as f:
        f.write(text)
    out = os.path.join(tmp, "baton-next.deb")
    subprocess.run(["dpkg-deb", "--root-owner-group", "-b", tree, out], check=True, capture_output=True)
    return out


def run(argv):
    global BUILD, C
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", required=True)
    args, rest = ap.parse_known_args(argv)
    BUILD = os.path.abspath(args.build_dir)
    try:
        with tempfile.TemporaryDirectory(prefix="baton-systemd-") as tmp:
            ct.require_host()
            deb = ct.build_deb(BUILD, tmp)
            rootfs = ct.prepare_rootfs(deb)
            C = ct.Container(rootfs, binds=[(os.path.join(BUILD, "bin", "baton-loadclient"),
                                             "/usr/local/bin/baton-loadclient"),
                                            (next_package(deb, tmp), "/tmp/baton-next.deb")])
            try:
                C.boot()
                prog = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
                return 0 if prog.result.wasSuccessful() else 1
            finally:
                C.shutdown()
    except ct.Skip as e:
        print("SKIPPED: systemd tests: %s" % e)
        return 77


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
