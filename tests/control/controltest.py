"""Shared helpers for the control-socket tests (tests/control/test_*.py).

Python 3 standard library only. Builds on tests/daemon/batontest.py (real
batond, temporary directories, guaranteed clean-up) and adds a JSON-RPC
client for the control socket and a runner for batonctl.

  python3 tests/control/test_jsonrpc_protocol.py --build-dir build
"""

import json
import os
import select
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "daemon"))

import batontest as bt  # noqa: E402  (after the path tweak)

MIB = 1024 * 1024


def batonctl_binary():
    return bt.binary("batonctl")


class Rpc:
    """One connection to the control socket; lines in, lines out."""

    def __init__(self, path, timeout=10.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        try:
            self.sock.connect(path)
        except OSError:
            self.sock.close()
            raise
        self.buf = b""
        self.next_id = 1

    def close(self):
        self.sock.close()

    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, method, params=None, id=None, notification=False):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        if not notification:
            if id is None:
                id = self.next_id
                self.next_id += 1
            msg["id"] = id
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        return id

    def recv(self, timeout=10.0):
        """The next line as JSON; AssertionError on timeout, EOFError on close."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no reply within %.1f s (have %r)" % (timeout, self.buf[:200]))
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                raise EOFError("connection closed (pending %r)" % self.buf[:200])
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def recv_response(self, id, timeout=10.0, keep=None):
        """Skip notifications (appended to keep) until the response with id."""
        deadline = time.monotonic() + timeout
        while True:
            msg = self.recv(max(0.05, deadline - time.monotonic()))
            if "id" in msg and msg["id"] == id:
                return msg
            if keep is not None:
                keep.append(msg)

    def call(self, method, params=None, timeout=10.0):
        return self.recv_response(self.send(method, params), timeout)

    def result(self, method, params=None, timeout=10.0):
        r = self.call(method, params, timeout)
        if "error" in r:
            raise AssertionError("%s failed: %s" % (method, r["error"]))
        return r["result"]

    def expect_eof(self, timeout=5.0):
        """Drain until the server closes; returns the lines still received."""
        lines = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                lines.append(self.recv(max(0.05, deadline - time.monotonic())))
            except EOFError:
                return lines
            except AssertionError:
                raise AssertionError("the server did not close the connection within %.1f s" % timeout)


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
                Rpc(path, timeout=2).close()
                return
            except OSError:
                time.sleep(0.02)
        self.fail("control socket %s never accepted a connection" % path)

    def rpc(self, d, timeout=10.0):
        r = Rpc(d.socket_path, timeout)
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
