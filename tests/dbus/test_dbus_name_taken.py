#!/usr/bin/env python3
"""A second batond (another config) on a bus where io.github.baton.Daemon1 is
already owned: it says so on stderr, keeps running without D-Bus and serves
its control socket; the first keeps the name. The name is not queued: when
the first batond stops, the second does not take it over. The same holds when
the D-Bus module (batond-dbus.so, opened only for a bus config) is missing or
is not Baton's: batond says why and serves its socket.

  dbus-run-session -- python3 tests/dbus/test_dbus_name_taken.py --build-dir build
"""

import json
import os
import re
import socket

import dbustest as dt
from dbustest import bt, call


def jsonrpc(path, method, params=None, timeout=10.0):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(path)
        s.sendall((json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or {}}) + "\n").encode())
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return json.loads(data)


class NameTaken(dt.DBusTestCase):

    def test_second_daemon_keeps_its_socket(self):
        first = self.start_daemon(subdir="first")
        self.wait_owned_by(first)

        second = self.start_daemon(subdir="second")
        pattern = (r"batond: D-Bus unavailable, control socket only: the name %s is already taken "
                   r"on the session bus \(by pid %d" % (re.escape(dt.NAME), first.pid))
        second.wait_for(lambda: re.search(pattern, second.log_text()), 10, "the name-taken message")
        self.assertTrue(second.running())
        self.assertEqual(dt.name_owner_pid(), first.pid)
        self.assertEqual(call("Status")["daemon"]["pid"], first.pid)

        reply = jsonrpc(os.path.join(second.dir, "baton.sock"), "status")
        self.assertEqual(reply.get("result", {}).get("daemon", {}).get("pid"), second.pid, reply)

        # Not queued: once the first is gone, nobody owns the name.
        self.assertEqual(first.stop(), 0)
        # Until the bus daemon has seen the first one go: queued, the name would pass
        # straight to the second; not queued, nobody owns it.
        bt.wait_until(lambda: dt.name_owner_pid() != first.pid, 20, "the first batond's name to be released",
                      interval=0.05)
        self.assertIsNone(dt.name_owner_pid())
        self.assertTrue(second.running())
        self.assertEqual(second.stop(), 0)

    def test_module_missing_or_foreign(self):
        foreign = next(p for p in ("/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1",
                                   "/lib/aarch64-linux-gnu/libz.so.1") if os.path.exists(p))
        cases = [(os.path.join(self.tmp, "nowhere", "batond-dbus.so"), r"cannot load the D-Bus module: "),
                 (foreign, r"%s is not a Baton D-Bus module" % re.escape(foreign))]
        for i, (module, pattern) in enumerate(cases):
            port = bt.free_port()
            d = self.daemon(self.config(port), subdir="module-%d" % i).start(env={"BATON_BUS_MODULE": module})
            d.wait_for(lambda: re.search(r"batond: D-Bus unavailable, control socket only: " + pattern, d.log_text()),
                       10, "the module message")
            self.assertIsNone(dt.name_owner_pid())
            reply = jsonrpc(os.path.join(d.dir, "baton.sock"), "status")
            self.assertEqual(reply.get("result", {}).get("daemon", {}).get("pid"), d.pid, reply)
            self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    dt.main()
