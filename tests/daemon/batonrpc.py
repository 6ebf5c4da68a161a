"""The one Python client of batond's control socket (JSON-RPC 2.0, one JSON
object per line), shared by the daemon tests (tests/daemon), the control
tests (tests/control) and the benchmarks (bench/). Python 3 standard
library only; importable from anywhere with

  sys.path.insert(0, "<repo>/tests/daemon")
  import batonrpc

  with batonrpc.Client("/run/baton/control.sock") as c:
      status = c.result("status")              # the result, or RpcError
      reply = c.call("reload", {"service": "web"}, timeout=30)   # the whole response
      c.send("subscribe", {"metrics": True})   # pipelining: send now, read later
      note = c.recv_notification("metrics")

Errors: Timeout (an AssertionError, so an unanswered call fails a test as a
failure, not as an error) when nothing arrives in time, EOFError when batond
closed the connection, RpcError when batond answered an error to result().
Shapes and methods: docs/control-api.md.
"""

import json
import socket
import time

DEFAULT_TIMEOUT = 10.0


class Timeout(AssertionError):
    """Nothing (or no complete line) arrived within the timeout."""


class RpcError(Exception):
    """batond answered a JSON-RPC error; .code, .message, .data as sent."""

    def __init__(self, method, error):
        self.method = method
        self.error = error
        self.code = error.get("code")
        self.message = error.get("message", "")
        self.data = error.get("data")
        super().__init__("%s failed: %s" % (method, error))


class Client:
    """One connection to the control socket: lines in, lines out.

    Responses and notifications share the stream: recv() returns whatever
    comes next, recv_response() skips (or keeps) notifications until the
    answer to one id. Not thread-safe; one reader at a time.
    """

    def __init__(self, path, timeout=DEFAULT_TIMEOUT):
        self.path = path
        self.timeout = timeout
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        try:
            self.sock.connect(path)
        except OSError:
            self.sock.close()
            raise
        self.buf = b""
        self.next_id = 1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    # -- sending ---------------------------------------------------------------

    def send_raw(self, data):
        """Bytes as they are: for malformed requests, batches, partial lines."""
        self.sock.sendall(data)

    def send(self, method, params=None, id=None, notification=False):
        """Sends one request (params left out when None); returns its id
        (None for a notification, which batond acts on and never answers)."""
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        if not notification:
            if id is None:
                id = self.next_id
                self.next_id += 1
            msg["id"] = id
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        return id if not notification else None

    # -- receiving -------------------------------------------------------------

    def recv(self, timeout=None):
        """The next line as JSON (a response, a notification or a batch array)."""
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout("no reply within %.1f s from %s (have %r)" % (timeout, self.path, self.buf[:200]))
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                raise EOFError("control socket closed (pending %r)" % self.buf[:200])
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def recv_response(self, id, timeout=None, keep=None):
        """Skips notifications and other answers (appended to keep, if given)
        until the response with this id."""
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            msg = self.recv(max(0.05, deadline - time.monotonic()))
            if isinstance(msg, dict) and "id" in msg and msg["id"] == id:
                return msg
            if keep is not None:
                keep.append(msg)

    def recv_notification(self, method=None, timeout=None, keep=None):
        """The next notification (of this method, if given); the params."""
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            msg = self.recv(max(0.05, deadline - time.monotonic()))
            if isinstance(msg, dict) and "id" not in msg and (method is None or msg.get("method") == method):
                return msg.get("params")
            if keep is not None:
                keep.append(msg)

    def expect_eof(self, timeout=5.0):
        """Drains until batond closes; returns the lines still received."""
        lines = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                lines.append(self.recv(max(0.05, deadline - time.monotonic())))
            except EOFError:
                return lines
            except Timeout:
                raise Timeout("the server did not close the connection within %.1f s" % timeout)

    # -- calls -----------------------------------------------------------------

    def call(self, method, params=None, timeout=None):
        """The whole response ({"result": ...} or {"error": ...})."""
        return self.recv_response(self.send(method, params), timeout)

    def result(self, method, params=None, timeout=None):
        """The result; RpcError when batond answered an error."""
        r = self.call(method, params, timeout)
        if "error" in r:
            raise RpcError(method, r["error"])
        return r["result"]
