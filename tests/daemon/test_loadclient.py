#!/usr/bin/env python3
"""Self-test of baton-loadclient, so that "errors == 0" in the daemon tests
means something: against a deliberately misbehaving server it must count
resets, EOF without response, partial responses, bad statuses, timeouts and
refused connections as errors, while graceful closes and the retried EOF on
a reused keep-alive connection are not errors. No batond involved.

  python3 tests/daemon/test_loadclient.py --build-dir build
"""

import socket
import struct
import subprocess
import threading
import time
import json
import unittest

import batontest as bt

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX-Mode: %s\r\n\r\nok\n"


class BadServer(threading.Thread):
    """HTTP/1.1 server whose behaviour depends on the request path."""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(256)
        self.port = self.sock.getsockname()[1]
        self.stopped = False
        self.start()

    def run(self):
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def close(self):
        self.stopped = True
        self.sock.close()

    def serve(self, conn):
        n = 0
        buf = b""
        try:
            while True:
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        conn.close()
                        return
                    buf += data
                head, _, buf = buf.partition(b"\r\n\r\n")
                path = head.split(b" ")[1].decode()
                n += 1
                mode = path.strip("/")
                if mode == "ok":
                    conn.sendall(OK % b"ok")
                elif mode == "500":
                    conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")
                elif mode == "rst":
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    conn.close()
                    return
                elif mode == "eof-fresh":
                    conn.shutdown(socket.SHUT_WR)
                    self.drain_and_close(conn)
                    return
                elif mode == "eof-reused":
                    if n == 1:
                        conn.sendall(OK % b"eof-reused")
                    else:  # as if an idle keep-alive connection was closed just as the request came
                        conn.shutdown(socket.SHUT_WR)
                        self.drain_and_close(conn)
                        return
                elif mode == "close":
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
                    conn.shutdown(socket.SHUT_WR)
                    self.drain_and_close(conn)
                    return
                elif mode == "partial":
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b")
                    conn.shutdown(socket.SHUT_WR)
                    self.drain_and_close(conn)
                    return
                elif mode == "hang":
                    time.sleep(30)
                    conn.close()
                    return
        except OSError:
            conn.close()

    @staticmethod
    def drain_and_close(conn):
        conn.settimeout(2)
        try:
            while conn.recv(65536):
                pass
        except OSError:
            pass
        conn.close()


class LoadClientSelfTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = BadServer()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def run_client(self, path, port=None, duration="0.5s", timeout="5s", connections=4, limit=15):
        cmd = [bt.loadclient_binary(), "--connect", "127.0.0.1:%d" % (port or self.server.port),
               "--connections", str(connections), "--duration", duration, "--path", path,
               "--timeout", timeout, "--track-header", "X-Mode"]
        t0 = time.monotonic()
        p = subprocess.run(cmd, capture_output=True, timeout=limit + 10)
        elapsed = time.monotonic() - t0
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertLess(elapsed, limit, "the run must be bounded in time")
        res = json.loads(p.stdout.decode().strip().splitlines()[-1])
        return res

    def test_ok(self):
        r = self.run_client("/ok")
        self.assertEqual(r["errors"], 0, r)
        self.assertGreater(r["ok"], 10, r)
        self.assertEqual(r["connects"], 4, "keep-alive: one connection each: %s" % r)
        self.assertEqual(r["headers"]["X-Mode"], {"ok": r["ok"]})

    def test_graceful_close_is_no_error(self):
        r = self.run_client("/close")
        self.assertEqual(r["errors"], 0, r)
        self.assertGreater(r["graceful_closes"], 10, r)
        self.assertGreater(r["connects"], 10, r)

    def test_eof_on_reused_connection_is_retried(self):
        r = self.run_client("/eof-reused")
        self.assertEqual(r["errors"], 0, r)
        self.assertGreater(r["retried"], 10, r)
        self.assertEqual(r["retry_failed"], 0, r)

    def test_errors_are_counted(self):
        cases = {
            "/500": "bad_status",
            "/rst": "resets",
            "/eof-fresh": "eof_without_response",
            "/partial": "partial_responses",
        }
        for path, counter in cases.items():
            with self.subTest(path):
                r = self.run_client(path)
                self.assertGreater(r[counter], 0, r)
                self.assertGreaterEqual(r["errors"], r[counter], r)
                self.assertTrue(r["error_samples"], r)

    def test_timeout_is_an_error_and_bounded(self):
        r = self.run_client("/hang", duration="0.3s", timeout="700ms", limit=5)
        self.assertGreater(r["timeouts"], 0, r)
        self.assertGreater(r["errors"], 0, r)

    def test_refused_is_an_error(self):
        r = self.run_client("/ok", port=bt.free_port(), duration="0.3s")
        self.assertGreater(r["connect_errors"], 0, r)
        self.assertEqual(r["ok"], 0, r)


if __name__ == "__main__":
    bt.main()
