#!/usr/bin/env python3
"""The runtime folder (issue 11, scenario 7): batond keeps the mode the unit
gave its runtime folder (RuntimeDirectoryMode=0755), so a member of
admin_group reaches the 0660 control socket in it. batond used to chmod the
folder to 0700 while taking its lock, locking the group out.

Needs root (a throwaway user and group are created with groupadd/useradd and
removed afterwards; the client runs under them via setpriv); skipped, saying
so, otherwise.

  python3 tests/daemon/test_runtime_dir.py --build-dir build
"""

import os
import shutil
import subprocess
import unittest

import batontest as bt


def _run(*cmd):
    return subprocess.run(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)


@unittest.skipUnless(os.geteuid() == 0, "needs root: creates a throwaway user and group, switches to them with setpriv")
@unittest.skipUnless(all(shutil.which(t) for t in ("setpriv", "useradd", "groupadd", "userdel", "groupdel")),
                     "needs setpriv, useradd, groupadd, userdel and groupdel")
class RuntimeDir(bt.BatonTestCase):

    def setUp(self):
        super().setUp()
        suffix = "%d" % (os.getpid() % 100000)
        self.group, self.user = "btg" + suffix, "btu" + suffix
        r = _run("groupadd", self.group)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.addCleanup(_run, "groupdel", self.group)
        r = _run("useradd", "-M", "-N", "-g", self.group, "-d", "/nonexistent", "-s", "/usr/sbin/nologin", self.user)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.addCleanup(_run, "userdel", self.user)   # runs before groupdel
        os.chmod(self.tmp, 0o755)   # mkdtemp made it 0700; the member must reach run/ inside

    def as_member(self, *cmd):
        env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LANG": "C.UTF-8"}
        return subprocess.run(["setpriv", "--reuid=" + self.user, "--regid=" + self.group, "--groups=" + self.group, "--"]
                              + list(cmd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=30)

    def test_admin_group_member_runs_status(self):
        run = os.path.join(self.tmp, "run")
        os.mkdir(run)
        os.chmod(run, 0o755)   # what systemd makes of RuntimeDirectory= with RuntimeDirectoryMode=0755
        sock = os.path.join(run, "control.sock")
        port = bt.free_port()
        d = self.daemon(bt.config_text({"web": {"command": bt.pyworker_command(), "listen": {"http": "127.0.0.1:%d" % port}}},
                                       daemon={"control_socket": sock, "admin_group": self.group}))
        d.start(env={"RUNTIME_DIRECTORY": run})

        r = self.as_member(bt.binary("batonctl"), "--socket", sock, "status")
        self.assertEqual(r.returncode, 0, "batonctl status as a member of admin_group failed:\n%s" % r.stdout.decode(errors="replace"))
        self.assertIn("web", r.stdout.decode())
        self.assertEqual(oct(os.stat(run).st_mode & 0o7777), oct(0o755), "batond changed the runtime folder's mode")
        self.assertTrue(any(n.startswith("batond-") and n.endswith(".lock") for n in os.listdir(run)), os.listdir(run))

    def test_created_runtime_folder_is_0755(self):
        run = os.path.join(self.tmp, "fresh", "run")
        port = bt.free_port()
        d = self.daemon(bt.config_text({"web": {"command": bt.pyworker_command(), "listen": {"http": "127.0.0.1:%d" % port}}},
                                       daemon={"control_socket": os.path.join(run, "control.sock"), "admin_group": self.group}))
        old = os.umask(0o077)   # even a strict umask must not narrow it
        try:
            d.start(env={"RUNTIME_DIRECTORY": run})
        finally:
            os.umask(old)
        self.assertEqual(oct(os.stat(run).st_mode & 0o7777), oct(0o755))
        os.chmod(os.path.dirname(run), 0o755)
        r = self.as_member(bt.binary("batonctl"), "--socket", os.path.join(run, "control.sock"), "status")
        self.assertEqual(r.returncode, 0, r.stdout.decode(errors="replace"))


if __name__ == "__main__":
    bt.main()
