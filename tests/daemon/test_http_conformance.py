#!/usr/bin/env python3
"""baton-worker's HTTP/1.1 against third-party clients: the real batond runs
the bundled baton-worker, and curl (--http1.1) and Python's http.client
check pipelining, chunked request bodies, "Connection: close", HEAD, Range
on static files, and the error replies. The worker parses and serialises
HTTP itself (daemon/worker/request_parser.hpp, response_heads.cpp), so
these are the checks that it still speaks the protocol other programs do.

  python3 tests/daemon/test_http_conformance.py --build-dir build
"""

import hashlib
import http.client
import io
import os
import shutil
import socket
import subprocess
import unittest

import batontest as bt

CURL = shutil.which("curl")
BIG = 3 * 1024 * 1024 + 12345  # larger than the socket buffer and the worker's file chunk


class _SharedReader:
    """A buffered reader that HTTPResponse cannot close: it closes its file
    once a body is read, and the next response is in the same buffer."""

    def __init__(self, reader):
        self._reader = reader

    def close(self):
        pass

    def __getattr__(self, name):
        return getattr(self._reader, name)


class _ReplayedSocket:
    """What http.client.HTTPResponse wants from a socket: one shared buffered
    reader, so consecutive responses on one connection parse in order."""

    def __init__(self, reader):
        self._reader = reader if isinstance(reader, _SharedReader) else _SharedReader(reader)

    def makefile(self, *_args, **_kw):
        return self._reader


def read_responses(sock, count, method="GET"):
    """`count` responses from `sock`, parsed by http.client, in arrival order."""
    reader = sock.makefile("rb")
    out = []
    for _ in range(count):
        r = http.client.HTTPResponse(_ReplayedSocket(reader), method=method)
        r.begin()
        out.append((r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()))
    return out


class HttpConformance(bt.BatonTestCase):
    WORKER_ARGS = ()

    def setUp(self):
        super().setUp()
        self.port = bt.free_port()
        self.d = self.daemon(bt.config_text({"web": {
            "command": bt.baton_worker_command(*self.WORKER_ARGS),
            "workers": 1,
            "listen": {"http": "127.0.0.1:%d" % self.port},
        }}))
        www = self.d.dir  # the worker's --root "." is the config folder
        self.small = bytes(range(256)) * 4 + b"tail"
        with open(os.path.join(www, "data.bin"), "wb") as f:
            f.write(self.small)
        self.big = os.urandom(BIG)
        with open(os.path.join(www, "big.bin"), "wb") as f:
            f.write(self.big)
        os.makedirs(os.path.join(www, "dir"))
        with open(os.path.join(www, "dir", "index.html"), "w") as f:
            f.write("<p>index</p>\n")
        # Symlinks: out of the root (relative and absolute) must be refused;
        # inside it (relative, and absolute, which openat2's RESOLVE_BENEATH
        # cannot decide and the canonical fallback serves) they are followed.
        outside = os.path.join(self.tmp, "outside.txt")
        with open(outside, "w") as f:
            f.write("secret\n")
        os.symlink("../outside.txt", os.path.join(www, "escape-relative"))
        os.symlink(outside, os.path.join(www, "escape-absolute"))
        os.symlink("data.bin", os.path.join(www, "link-relative.bin"))
        os.symlink(os.path.join(os.path.realpath(www), "data.bin"), os.path.join(www, "link-absolute.bin"))
        os.symlink(os.path.realpath(os.path.join(www, "dir")), os.path.join(www, "dirlink"))
        self.d.start()

    # -- helpers ------------------------------------------------------------
    def connect(self):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        self.addCleanup(s.close)
        return s

    def conn(self):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        self.addCleanup(c.close)
        return c

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def curl(self, *args):
        """curl --http1.1 with `args`; its standard output."""
        if not CURL:
            self.skipTest("curl is not installed")
        p = subprocess.run([CURL, "--http1.1", "-sS", "--max-time", "10"] + list(args),
                           capture_output=True, timeout=20)
        self.assertEqual(p.returncode, 0, p.stderr.decode(errors="replace"))
        return p.stdout

    def curl_one(self, *args):
        """One transfer: (status, {header: value}, body) from `curl -i`."""
        out = self.curl("-i", *args)
        head, _, body = out.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        return status, headers, body

    # -- pipelining ---------------------------------------------------------
    def test_pipelined_requests_are_answered_in_order(self):
        s = self.connect()
        s.sendall(b"GET /data.bin HTTP/1.1\r\nHost: x\r\n\r\n"
                  b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                  b"GET /missing HTTP/1.1\r\nHost: x\r\n\r\n")
        (s1, h1, b1), (s2, h2, b2), (s3, _, _) = read_responses(s, 3)
        self.assertEqual((s1, b1), (200, self.small))
        self.assertEqual(int(h1["content-length"]), len(self.small))
        self.assertEqual((s2, b2), (200, b"ok\n"))
        self.assertEqual(s3, 404)
        # The connection is still usable after the pipelined batch.
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertEqual(read_responses(s, 1)[0][2], b"ok\n")

    def test_pipelined_request_split_across_writes(self):
        s = self.connect()
        # The second request starts in the first write and ends in another.
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /data.b")
        first = read_responses(s, 1)
        s.sendall(b"in HTTP/1.1\r\nHost: x\r\n\r\n")
        rest = read_responses(s, 1)
        self.assertEqual(first[0][2], b"ok\n")
        self.assertEqual(rest[0][2], self.small)

    # -- chunked request bodies ----------------------------------------------
    def test_chunked_request_body_with_http_client(self):
        c = self.conn()
        c.request("GET", "/healthz", body=iter([b"hello ", b"chunked ", b"world"]),
                  encode_chunked=True)
        r = c.getresponse()
        self.assertEqual((r.status, r.read()), (200, b"ok\n"))
        # The body's framing was honoured: the next request on the same
        # connection parses as a request, not as leftover chunk data.
        c.request("POST", "/data.bin", body=iter([b"x" * 70000, b"y"]), encode_chunked=True)
        r = c.getresponse()
        self.assertEqual(r.status, 405)
        self.assertEqual(r.getheader("Allow"), "GET, HEAD")
        r.read()
        c.request("GET", "/data.bin")
        r = c.getresponse()
        self.assertEqual((r.status, r.read()), (200, self.small))

    def test_chunked_request_body_with_curl(self):
        # Two transfers in one curl: the second reuses the connection only
        # if the first response came back cleanly after the chunked body.
        fmt = "%{http_code} %{num_connects}\\n"
        out = self.curl("-X", "GET", "-H", "Transfer-Encoding: chunked", "--data-binary", "a chunked body",
                        "-o", "/dev/null", "-w", fmt, self.url("/healthz"),
                        "--next", "--http1.1", "-sS", "-o", "/dev/null", "-w", fmt, self.url("/data.bin"))
        self.assertEqual(out.decode().split("\n")[:2], ["200 1", "200 0"], out)

    def test_chunked_body_with_trailer_and_pipelined_follower(self):
        s = self.connect()
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  b"5\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n"
                  b"GET /data.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        (s1, _, b1), (s2, _, b2) = read_responses(s, 2)
        self.assertEqual((s1, b1), (200, b"ok\n"))
        self.assertEqual((s2, b2), (200, self.small))

    # -- Connection: close ----------------------------------------------------
    def test_connection_close_is_honoured(self):
        s = self.connect()
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)  # the worker must close: EOF, not a timeout
            if not chunk:
                break
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        self.assertIn(b"\r\nConnection: close", head)
        self.assertEqual(body, b"ok\n")

    def test_connection_close_with_curl_and_http_client(self):
        status, headers, body = self.curl_one("-H", "Connection: close", self.url("/data.bin"))
        self.assertEqual((status, body), (200, self.small))
        self.assertEqual(headers.get("connection"), "close")
        c = self.conn()
        c.request("GET", "/healthz", headers={"Connection": "close"})
        r = c.getresponse()
        self.assertTrue(r.will_close)
        self.assertEqual(r.read(), b"ok\n")

    def test_http10_closes_unless_keep_alive(self):
        s = self.connect()
        s.sendall(b"GET /healthz HTTP/1.0\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        self.assertTrue(data.startswith(b"HTTP/1.0 200 OK\r\n"), data)
        s = self.connect()
        s.sendall(b"GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                  b"GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        got = read_responses(s, 2)
        self.assertEqual([g[0] for g in got], [200, 200])
        self.assertEqual(got[0][1].get("connection"), "keep-alive")

    # -- HEAD ------------------------------------------------------------------
    def test_head_has_no_body_but_the_get_content_length(self):
        for path, body in (("/data.bin", self.small), ("/healthz", b"ok\n"), ("/missing", None)):
            s = self.connect()
            # HEAD then GET in one write: a body after the HEAD response
            # would be read as the start of the GET's response.
            s.sendall(("HEAD %s HTTP/1.1\r\nHost: x\r\n\r\nGET %s HTTP/1.1\r\nHost: x\r\n\r\n"
                       % (path, path)).encode())
            reader = _SharedReader(s.makefile("rb"))
            head = http.client.HTTPResponse(_ReplayedSocket(reader), method="HEAD")
            head.begin()
            head.read()
            get = http.client.HTTPResponse(_ReplayedSocket(reader), method="GET")
            get.begin()
            get_body = get.read()
            self.assertEqual(head.status, get.status, path)
            self.assertEqual(head.getheader("Content-Length"), str(len(get_body)), path)
            if body is not None:
                self.assertEqual(get_body, body, path)

    def test_head_with_curl(self):
        status, headers, body = self.curl_one("-I", self.url("/big.bin"))
        self.assertEqual(status, 200)
        self.assertEqual(int(headers["content-length"]), BIG)
        self.assertEqual(body.strip(), b"")

    # -- Range -----------------------------------------------------------------
    def test_range_with_curl(self):
        for spec, first, last in (("2-5", 2, 5), ("1000-", 1000, len(self.small) - 1),
                                  ("-7", len(self.small) - 7, len(self.small) - 1),
                                  ("10-99999", 10, len(self.small) - 1)):
            status, headers, body = self.curl_one("-r", spec, self.url("/data.bin"))
            self.assertEqual(status, 206, spec)
            self.assertEqual(body, self.small[first:last + 1], spec)
            self.assertEqual(headers["content-range"], "bytes %d-%d/%d" % (first, last, len(self.small)))
            self.assertEqual(int(headers["content-length"]), last - first + 1)

    def test_range_out_of_bounds_is_416(self):
        status, headers, _ = self.curl_one("-r", "5000-6000", self.url("/data.bin"))
        self.assertEqual(status, 416)
        self.assertEqual(headers["content-range"], "bytes */%d" % len(self.small))
        c = self.conn()
        c.request("GET", "/data.bin", headers={"Range": "bytes=%d-" % len(self.small)})
        r = c.getresponse()
        r.read()
        self.assertEqual(r.status, 416)
        # 416 keeps the connection; the next request is answered normally.
        c.request("GET", "/data.bin", headers={"Range": "bytes=0-0"})
        r = c.getresponse()
        self.assertEqual((r.status, r.read()), (206, self.small[:1]))

    def test_range_in_a_large_file_and_whole_large_file(self):
        c = self.conn()
        lo, hi = 100000, 2500000
        c.request("GET", "/big.bin", headers={"Range": "bytes=%d-%d" % (lo, hi)})
        r = c.getresponse()
        self.assertEqual(r.status, 206)
        self.assertEqual(hashlib.sha256(r.read()).digest(), hashlib.sha256(self.big[lo:hi + 1]).digest())
        c.request("GET", "/big.bin")
        r = c.getresponse()
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Accept-Ranges"), "bytes")
        self.assertEqual(hashlib.sha256(r.read()).digest(), hashlib.sha256(self.big).digest())

    def test_ignored_ranges_send_the_whole_file(self):
        c = self.conn()
        for value in ("bytes=0-1,4-5", "bytes=9-3", "items=0-1", "bytes=abc"):
            c.request("GET", "/data.bin", headers={"Range": value})
            r = c.getresponse()
            self.assertEqual((r.status, r.read()), (200, self.small), value)
        c.request("GET", "/data.bin", headers={"Range": "bytes=0-1", "If-Range": '"x"'})
        r = c.getresponse()
        self.assertEqual((r.status, r.read()), (200, self.small), "If-Range without validators")

    # -- errors and routing ----------------------------------------------------
    def test_symlinks_stay_inside_the_root(self):
        c = self.conn()
        for path, status, body in (("/escape-relative", 403, None), ("/escape-absolute", 403, None),
                                   ("/dir/../../outside.txt", 403, None), ("/%2e%2e/outside.txt", 403, None),
                                   ("/link-relative.bin", 200, self.small), ("/link-absolute.bin", 200, self.small),
                                   ("/dirlink/", 200, b"<p>index</p>\n"), ("/data.bin/", 404, None)):
            c.request("GET", path)
            r = c.getresponse()
            got = r.read()
            self.assertEqual(r.status, status, path)
            self.assertNotIn(b"secret", got, path)
            if body is not None:
                self.assertEqual(got, body, path)
        c.request("GET", "/dir/")
        r = c.getresponse()
        r.read()
        self.assertEqual(r.getheader("Content-Type"), "text/html; charset=utf-8")

    def test_error_replies(self):
        c = self.conn()
        for method, path, status in (("GET", "/missing", 404), ("GET", "/%2e%2e/etc/passwd", 403),
                                     ("DELETE", "/healthz", 405), ("GET", "/dir", 301),
                                     ("GET", "/dir/", 200), ("GET", "http://example/healthz", 200)):
            c.request(method, path)
            r = c.getresponse()
            r.read()
            self.assertEqual(r.status, status, (method, path))
            self.assertEqual(r.getheader("Server"), "baton-worker")
            self.assertTrue(r.getheader("X-Worker-Pid"))
        s = self.connect()
        s.sendall(b"GARBAGE\r\n\r\n")
        data = s.recv(65536)
        self.assertTrue(data.startswith(b"HTTP/1.1 400 Bad Request\r\n"), data)
        s = self.connect()
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
        self.assertTrue(s.recv(65536).startswith(b"HTTP/1.1 431 "))


class HttpConformanceThreads(HttpConformance):
    """The same with --threads 3: one io_context per thread, connections
    spread over them (daemon/worker/io_pool.hpp)."""
    WORKER_ARGS = ("--threads", "3")


if __name__ == "__main__":
    bt.main()
