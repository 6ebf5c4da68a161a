#!/usr/bin/env python3
"""Who may use batond over D-Bus, on private buses started by the test (root
only: other users are played with setpriv):

- session bus: only batond's own uid (and root); anyone else gets
  PermissionDenied, whatever the bus allowed;
- system bus with packaging/dbus/io.github.baton.Daemon1.conf (its group
  "baton" replaced by a test group, which is also [daemon] admin_group): the
  one rule of the command layer, as on the socket: anyone may call the
  public reads (Status); sensitive reads and writes are for root and members
  (no polkit asked); an outsider's are left to polkit (not running here:
  refused, saying so); outsiders receive no Event signals (they carry
  messages).

  dbus-run-session -- python3 tests/dbus/test_dbus_access.py --build-dir build
"""

import os
import re
import shutil
import subprocess
import time
import unittest

import dbustest as dt
from dbustest import bt

REPO = os.path.dirname(os.path.dirname(dt.HERE))
POLICY = os.path.join(REPO, "packaging", "dbus", "io.github.baton.Daemon1.conf")
# Users that exist on any Debian system (dbus-daemon refuses unknown uids and
# looks group membership up by user): nobody, and daemon in its own group.
OUTSIDER = ("65534", "65534", "65534")     # nobody:nogroup
INSIDER = ("1", "1", "1")                  # daemon:daemon
TEST_GROUP = "daemon"

SESSION_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

# The defaults of Debian's /usr/share/dbus-1/system.conf, plus the policy file.
SYSTEM_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
  </policy>
  <include>{policy}</include>
</busconfig>
"""


class PrivateBus:
    def __init__(self, folder, kind):
        self.socket = os.path.join(folder, "%s_bus.sock" % kind)
        self.address = "unix:path=" + self.socket
        conf = os.path.join(folder, "%s-bus.conf" % kind)
        policy = os.path.join(folder, "baton-policy.conf")
        with open(POLICY) as f:
            text = f.read()
        with open(policy, "w") as f:
            f.write(text.replace('group="baton"', 'group="%s"' % TEST_GROUP))
        with open(conf, "w") as f:
            f.write((SESSION_CONF if kind == "session" else SYSTEM_CONF).format(socket=self.socket, policy=policy))
        self.log = open(os.path.join(folder, "%s-bus.log" % kind), "w")
        self.proc = subprocess.Popen(["dbus-daemon", "--nofork", "--nosyslog", "--config-file=" + conf],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while not os.path.exists(self.socket):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("private %s bus did not start" % kind)
            time.sleep(0.02)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)
        self.log.close()


def read(path):
    with open(path) as f:
        return f.read()


def as_user(user, cmd):
    uid, gid, groups = user
    return ["setpriv", "--reuid=" + uid, "--regid=" + gid, "--groups=" + groups] + cmd


class Access(dt.DBusTestCase):

    def setUp(self):
        if os.geteuid() != 0:
            raise unittest.SkipTest("needs root, to play other users with setpriv")
        import pwd
        for uid in (OUTSIDER[0], INSIDER[0]):
            try:
                pwd.getpwuid(int(uid))
            except KeyError:
                raise unittest.SkipTest("no user with uid %s" % uid)
        for tool in ("setpriv", "dbus-daemon"):
            if not shutil.which(tool):
                raise unittest.SkipTest("%s not installed" % tool)
        super().setUp()
        os.chmod(self.tmp, 0o755)   # other users must reach the bus sockets

    def bus(self, kind):
        b = PrivateBus(self.tmp, kind)
        self.addCleanup(b.stop)
        return b

    def gdbus(self, kind, bus, user, method, *args):
        cmd = ["gdbus", "call", "--%s" % kind, "--dest", dt.NAME, "--object-path", dt.PATH,
               "--method", "%s.%s" % (dt.IFACE, method)] + list(args)
        env = dict(os.environ)
        env["DBUS_SESSION_BUS_ADDRESS" if kind == "session" else "DBUS_SYSTEM_BUS_ADDRESS"] = bus.address
        r = subprocess.run(as_user(user, cmd) if user else cmd, capture_output=True, text=True, env=env, timeout=60)
        if r.returncode == 0:
            return None, r.stdout
        m = re.search(r"GDBus\.Error:([\w.]+):\s*(.*)", r.stderr, re.S)
        return (m.group(1), m.group(2).strip()) if m else ("?", r.stderr.strip())

    def start_on(self, kind, bus):
        port = bt.free_port()
        d = self.daemon(self.config(port, 2, bus=kind, admin_group=TEST_GROUP), subdir=kind)
        var = "DBUS_SESSION_BUS_ADDRESS" if kind == "session" else "DBUS_SYSTEM_BUS_ADDRESS"
        d.start(env={var: bus.address})
        d.wait_for(lambda: "D-Bus: %s on the %s bus" % (dt.NAME, kind) in d.log_text(), 10, "the bus name")
        return d

    def test_session_bus_only_own_user(self):
        bus = self.bus("session")
        self.start_on("session", bus)
        error, out = self.gdbus("session", bus, None, "Status")
        self.assertIsNone(error, out)
        error, message = self.gdbus("session", bus, OUTSIDER, "Status")
        self.assertEqual(error, dt.ERROR + "PermissionDenied", message)
        self.assertIn("you are uid 65534", message)
        error, message = self.gdbus("session", bus, OUTSIDER, "Stop")
        self.assertEqual(error, dt.ERROR + "PermissionDenied", message)

    def test_system_bus_policy_and_polkit(self):
        bus = self.bus("system")
        d = self.start_on("system", bus)
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=bus.address)

        # Signals: members receive them, outsiders do not.
        monitors = {}
        for who, user in (("insider", INSIDER), ("outsider", OUTSIDER)):
            path = os.path.join(self.tmp, "monitor-%s.log" % who)
            f = open(path, "w")
            p = subprocess.Popen(as_user(user, ["gdbus", "monitor", "--system", "--dest", dt.NAME]),
                                 stdout=f, stderr=subprocess.STDOUT, env=env)
            self.addCleanup(lambda p=p, f=f: (p.kill(), p.wait(), f.close()))
            monitors[who] = path
        # Both monitors watch batond's name before anything is signalled.
        for who, path in monitors.items():
            bt.wait_until(lambda: "is owned by" in read(path), 20,
                          lambda: "%s's monitor to start: %r" % (who, read(path)), interval=0.05)

        error, out = self.gdbus("system", bus, INSIDER, "Status")
        self.assertIsNone(error, out)
        self.assertIn("'pid': <int64 %d>" % d.pid, out)
        error, out = self.gdbus("system", bus, INSIDER, "GetConfig")
        self.assertIsNone(error, out)
        error, out = self.gdbus("system", bus, INSIDER, "Reset", "'web'")   # a member: no polkit needed
        self.assertIsNone(error, out)

        error, out = self.gdbus("system", bus, OUTSIDER, "Status")          # a public read
        self.assertIsNone(error, out)
        self.assertIn("'pid': <int64 %d>" % d.pid, out)
        for method, args in (("GetConfig", ()), ("Events", ("0", "10")), ("Reset", ("'web'",)), ("Stop", ()),
                             ("StopService", ("'web'",)), ("StartService", ("'web'",)), ("RestartWorker", ("1",)),
                             ("SignalWorker", ("1", "'TERM'"))):
            error, message = self.gdbus("system", bus, OUTSIDER, method, *args)
            self.assertEqual(error, dt.ERROR + "PermissionDenied", "%s: %s" % (method, message))
            self.assertIn("io.github.baton.manage", message)
            self.assertIn("polkit is not available", message)

        error, out = self.gdbus("system", bus, None, "Reload", "''")   # root: no polkit needed
        self.assertIsNone(error, out)
        self.assertIn("'ok': <true>", out)
        deadline = time.monotonic() + 20
        while "Manager.Event (" not in read(monitors["insider"]):
            self.assertLess(time.monotonic(), deadline, "the insider got no Event signal: %s" % read(monitors["insider"]))
            time.sleep(0.05)
        time.sleep(0.3)
        outsider = read(monitors["outsider"])
        self.assertIn("is owned by", outsider, "the outsider's monitor did not get as far as watching batond")
        self.assertNotIn("Manager.Event (", outsider, "an outsider received batond's signals")


if __name__ == "__main__":
    dt.main()
