"""Shared helpers for the control-socket tests (tests/control/test_*.py).

Python 3 standard library only. Builds on tests/daemon/batontest.py (real
batond, temporary directories, guaranteed clean-up) and tests/daemon/batonrpc.py
(the one JSON-RPC client of the control socket, shared with bench/), and adds
a runner for batonctl.

  python3 tests/control/test_jsonrpc_protocol.py --build-dir build
"""

import os
import select
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "daemon"))

import batonrpc  # noqa: E402  (after the path tweak)
import batontest as bt  # noqa: E402

MIB = 1024 * 1024


def batonctl_binary():
    return bt.binary("batonctl")


def readable_eof(sock):
    """True when the peer closed (readable with no data, or reset)."""
    r, _, _ = select.select([sock], [], [], 0)
    if not r:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except ConnectionResetError:
        return True


def rss_kib(pid):
    v = bt.status_field(pid, "VmRSS")
    return int(v.split()[0]) if v else 0


class ControlTestCase(bt.BatonTestCase):
    """A batond with one baton-worker service (2 workers) on a free port."""

    workers = 2

    def config(self, port, workers=None, daemon=None):
        return bt.config_text({"web": {
            "command": bt.baton_worker_command(),
            "workers": workers or self.workers,
            "drain_timeout": "2s",
            "listen": {"http": "127.0.0.1:%d" % port},
        }}, daemon)

    def start_daemon(self, daemon=None, subdir=None):
        self.port = bt.free_port()
        d = self.daemon(self.config(self.port, daemon=daemon), subdir=subdir).start()
        d.wait_settled("web", self.workers)
        d.socket_path = os.path.join(d.dir, (daemon or {}).get("control_socket", "baton.sock"))
        self.wait_socket(d.socket_path)
        return d

    def wait_socket(self, path, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                batonrpc.Client(path, timeout=2).close()
                return
            except OSError:
                time.sleep(0.02)
        self.fail("control socket %s never accepted a connection" % path)

    def rpc(self, d, timeout=10.0):
        r = batonrpc.Client(d.socket_path, timeout)
        self.addCleanup(r.close)
        return r

    def assertServing(self, d, what=""):
        """HTTP through the workers and a status call on a fresh connection both work."""
        resp = bt.http_get(self.port, "/healthz", timeout=5)
        self.assertEqual(resp.status, 200, "HTTP failed %s: %r" % (what, resp))
        status = self.rpc(d).result("status")
        self.assertEqual(status["services"][0]["name"], "web", what)
        self.assertTrue(d.running(), "batond exited %s" % what)

    def ctl(self, d, *args, input=None, timeout=30.0, env=None, socket_path=None):
        cmd = [batonctl_binary(), "--socket", socket_path or d.socket_path] + list(args)
        p = subprocess.run(cmd, input=input, capture_output=True, timeout=timeout, env=env, cwd=d.dir if d else None)
        p.out = p.stdout.decode("utf-8", "replace")
        p.err = p.stderr.decode("utf-8", "replace")
        return p

    def assertExit(self, p, code, what=""):
        self.assertEqual(p.returncode, code, "%s: exit %s, expected %s\nstdout:\n%s\nstderr:\n%s"
                         % (what or " ".join(p.args), p.returncode, code, p.out, p.err))


def main():
    bt.main()
