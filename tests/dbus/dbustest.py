"""Helpers for batond's D-Bus tests (tests/dbus/test_*.py).

Python 3 standard library only; the bus is driven with the command-line
tools `busctl` (systemd; typed JSON output, used for results) and `gdbus`
(libglib2.0-bin; used for error names, introspection and `gdbus monitor`).
Run under a private session bus:

  dbus-run-session -- python3 tests/dbus/test_dbus.py --build-dir build

Everything else (temporary directories, starting batond, clean-up, events)
comes from tests/daemon/batontest.py.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "daemon"))

import batontest as bt  # noqa: E402  (after the path change)

NAME = "io.github.baton.Daemon1"
PATH = "/io/github/baton/Daemon1"
IFACE = "io.github.baton.Daemon1.Manager"
ERROR = "io.github.baton.Daemon1.Error."


def require_tools(test):
    for tool in ("busctl", "gdbus"):
        if not shutil.which(tool):
            raise unittest.SkipTest("%s not installed (packages systemd, libglib2.0-bin)" % tool)
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        test.fail("no session bus: run under dbus-run-session -- python3 %s" % sys.argv[0])


# ----------------------------------------------------------------------------
# busctl --json: typed values to plain Python

def _type_end(sig, i):
    c = sig[i]
    if c == "a":
        return _type_end(sig, i + 1)
    if c in "({":
        depth = 0
        j = i
        while True:
            if sig[j] in "({":
                depth += 1
            elif sig[j] in ")}":
                depth -= 1
            j += 1
            if depth == 0:
                return j
    return i + 1


def split_signature(sig):
    out, i = [], 0
    while i < len(sig):
        j = _type_end(sig, i)
        out.append(sig[i:j])
        i = j
    return out


def decode(sig, value):
    if sig == "v":
        return decode(value["type"], value["data"])
    if sig.startswith("a{"):
        _, vt = split_signature(sig[2:-1])
        return {k: decode(vt, v) for k, v in value.items()}
    if sig.startswith("a") and sig != "ay":
        return [decode(sig[1:], v) for v in value]
    if sig.startswith("("):
        return [decode(t, v) for t, v in zip(split_signature(sig[1:-1]), value)]
    return value


class DBusError(Exception):
    def __init__(self, name, message):
        super().__init__("%s: %s" % (name, message))
        self.name, self.message = name, message


def gvariant_string(s):
    """A GVariant text literal for s (gdbus parses its arguments)."""
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


def busctl(*args, timeout=60):
    return subprocess.run(["busctl", "--user"] + list(args), capture_output=True, text=True, timeout=timeout)


def call(method, signature="", *args, timeout=60):
    """Manager.method(args) with busctl; the a{sv} result as a dict.
    Raises DBusError (name and message from gdbus) on an error reply."""
    cmd = ["--json=short", "--timeout=%d" % timeout, "call", NAME, PATH, IFACE, method]
    if signature:
        cmd += [signature] + [str(a) for a in args]
    r = busctl(*cmd, timeout=timeout + 10)
    if r.returncode != 0:
        # busctl shows only the message: ask gdbus for the error name.
        name, message = gdbus_error(method, signature, *args)
        raise DBusError(name, message or r.stderr.strip())
    out = json.loads(r.stdout)
    values = [decode(t, v) for t, v in zip(split_signature(out["type"]), out["data"])]
    return values[0] if len(values) == 1 else values


def gdbus_args(signature, args):
    out = []
    for t, a in zip(split_signature(signature), args):
        out.append(gvariant_string(a) if t == "s" else str(a))
    return out


def gdbus_call(method, signature="", *args, timeout=60):
    cmd = ["gdbus", "call", "--session", "--dest", NAME, "--object-path", PATH, "--timeout", str(timeout),
           "--method", "%s.%s" % (IFACE, method)] + gdbus_args(signature, args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout + 10)


def gdbus_error(method, signature="", *args):
    """(error name, message) of a call expected to fail, via gdbus."""
    r = gdbus_call(method, signature, *args)
    if r.returncode == 0:
        return None, None
    m = re.search(r"GDBus\.Error:([\w.]+):\s*(.*)", r.stderr, re.S)
    if not m:
        return "?", r.stderr.strip()
    return m.group(1), m.group(2).strip()


def get_property(prop):
    r = busctl("--json=short", "get-property", NAME, PATH, IFACE, prop)
    if r.returncode != 0:
        raise AssertionError("get-property %s: %s" % (prop, r.stderr))
    out = json.loads(r.stdout)
    return decode(out["type"], out["data"])


def introspect():
    r = subprocess.run(["gdbus", "introspect", "--session", "--dest", NAME, "--object-path", PATH, "--xml"],
                       capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        raise AssertionError("introspection failed: %s" % r.stderr)
    return r.stdout


def wait_for_name(timeout=10.0):
    """Until someone owns the name; returns the owner's unique name."""
    deadline = time.monotonic() + timeout
    while True:
        r = busctl("--json=short", "call", "org.freedesktop.DBus", "/org/freedesktop/DBus",
                   "org.freedesktop.DBus", "GetNameOwner", "s", NAME)
        if r.returncode == 0:
            return json.loads(r.stdout)["data"][0]
        if time.monotonic() > deadline:
            raise AssertionError("nobody owns %s after %.0f s" % (NAME, timeout))
        time.sleep(0.05)


def name_owner_pid():
    r = busctl("--json=short", "call", "org.freedesktop.DBus", "/org/freedesktop/DBus",
               "org.freedesktop.DBus", "GetConnectionUnixProcessID", "s", NAME)
    return json.loads(r.stdout)["data"][0] if r.returncode == 0 else None


class Monitor:
    """`gdbus monitor` on batond's name, in the background; lines() so far."""

    def __init__(self, path):
        self.path = path
        self.file = open(path, "w")
        self.proc = subprocess.Popen(["gdbus", "monitor", "--session", "--dest", NAME],
                                     stdout=self.file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while "is owned by" not in self.text():   # subscribed to the owner's signals
            if time.monotonic() > deadline:
                raise AssertionError("gdbus monitor did not start: %r" % self.text())
            time.sleep(0.05)

    def text(self):
        with open(self.path) as f:
            return f.read()

    def lines(self, member):
        """Signal lines for member (e.g. "Manager.Event", "PropertiesChanged")."""
        return [line for line in self.text().splitlines() if (".%s (" % member) in line]

    def wait(self, member, pattern, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            found = [line for line in self.lines(member) if re.search(pattern, line)]
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError("no %s signal matching %r within %.0f s; monitor saw:\n%s"
                                     % (member, pattern, timeout, self.text()[-4000:]))
            time.sleep(0.05)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.file.close()


class DBusTestCase(bt.BatonTestCase):

    def setUp(self):
        require_tools(self)
        super().setUp()

    def config(self, port, workers=2, bus="session", **daemon):
        return bt.config_text({"web": {
            "command": bt.baton_worker_command(),
            "workers": workers,
            "drain_timeout": "5s",
            "listen": {"http": "127.0.0.1:%d" % port},
        }}, daemon=dict(daemon, bus=bus))

    def start_daemon(self, workers=2, subdir=None):
        port = bt.free_port()
        d = self.daemon(self.config(port, workers), subdir=subdir).start()
        d.port = port
        return d

    def wait_owned_by(self, d, timeout=10.0):
        deadline = time.monotonic() + timeout
        while name_owner_pid() != d.pid:
            if time.monotonic() > deadline:
                self.fail("%s is not owned by batond (pid %d) after %.0f s; owner pid %s\n%s"
                          % (NAME, d.pid, timeout, name_owner_pid(), d.log_text()[-3000:]))
            time.sleep(0.05)

    def monitor(self):
        m = Monitor(os.path.join(self.tmp, "monitor-%d.log" % len(os.listdir(self.tmp))))
        self.addCleanup(m.stop)
        return m

    def assertDBusError(self, name, method, signature="", *args):
        """The call fails with ERROR + name; returns the error message."""
        with self.assertRaises(DBusError, msg="%s should fail with %s" % (method, name)) as cm:
            call(method, signature, *args)
        self.assertEqual(cm.exception.name, ERROR + name, cm.exception.message)
        return cm.exception.message


def main():
    unittest.main(verbosity=2)
