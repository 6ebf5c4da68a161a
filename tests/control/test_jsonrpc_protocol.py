#!/usr/bin/env python3
"""JSON-RPC framing and error handling of batond's control socket: every
malformed input gets its error code (and the connection survives it, except
an oversized line, which closes it); notifications get no answer; replies
carry their ids; 50 concurrent clients are all served; through it all the
daemon keeps serving HTTP and other control clients.

  python3 tests/control/test_jsonrpc_protocol.py --build-dir build
"""

import json
import os
import socket
import stat
import threading
import time

import controltest as ct
import batonrpc  # noqa: E402  (controltest put tests/daemon on the path)
from controltest import bt


class Protocol(ct.ControlTestCase):

    def setUp(self):
        super().setUp()
        self.d = self.start_daemon()

    def error_of(self, rpc, raw, code, message_part=None, id=None):
        rpc.send_raw(raw if raw.endswith(b"\n") else raw + b"\n")
        r = rpc.recv()
        self.assertEqual(r.get("jsonrpc"), "2.0", r)
        self.assertIn("error", r, "expected error %d for %r, got %r" % (code, raw[:80], r))
        self.assertEqual(r["error"]["code"], code, "for %r: %r" % (raw[:80], r))
        self.assertIsInstance(r["error"]["message"], str)
        self.assertTrue(r["error"]["message"], r)
        if message_part:
            self.assertIn(message_part, r["error"]["message"])
        self.assertEqual(r.get("id", "missing"), id, r)
        return r

    def test_socket_file(self):
        st = os.stat(self.d.socket_path)
        self.assertTrue(stat.S_ISSOCK(st.st_mode))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o666)  # connecting grants only public reads

    def test_malformed_requests_keep_the_connection(self):
        rpc = self.rpc(self.d)
        self.error_of(rpc, b'{"jsonrpc":"2.0","id":1,', -32700, id=None)
        self.error_of(rpc, b'this is not json', -32700, id=None)
        self.error_of(rpc, b'42', -32600, "object", id=None)
        self.error_of(rpc, b'"status"', -32600, id=None)
        self.error_of(rpc, b'null', -32600, id=None)
        self.error_of(rpc, b'[]', -32600, "empty batch")
        self.error_of(rpc, b'{"id":5,"method":"status"}', -32600, "jsonrpc", id=5)
        self.error_of(rpc, b'{"jsonrpc":"1.0","id":6,"method":"status"}', -32600, "jsonrpc", id=6)
        self.error_of(rpc, b'{"jsonrpc":"2.0","id":7,"method":42}', -32600, "method", id=7)
        self.error_of(rpc, b'{"jsonrpc":"2.0","id":8}', -32600, "method", id=8)
        self.error_of(rpc, b'{"jsonrpc":"2.0","id":{"x":1},"method":"status"}', -32600, "id", id=None)
        self.error_of(rpc, b'{"jsonrpc":"2.0","id":9,"method":"status","params":3}', -32600, "params", id=9)
        self.error_of(rpc, b'{"jsonrpc":"2.0","id":10,"method":"status","params":[1]}', -32602, "named", id=10)
        r = self.error_of(rpc, b'{"jsonrpc":"2.0","id":11,"method":"no_such_method"}', -32601, "no_such_method", id=11)
        self.assertIn("status", r["error"].get("data", {}).get("methods", []), r)
        self.error_of(rpc, b'{"jsonrpc":"2.0","id":12,"method":"validate","params":{}}', -32602, id=12)
        self.error_of(rpc, b'{"jsonrpc":"2.0","id":13,"method":"subscribe","params":{"events":"yes"}}', -32602, id=13)
        self.error_of(rpc, b'{"jsonrpc":"2.0","id":"s1","method":"reset","params":{"service":"nope"}}', 3, "nope", id="s1")
        # Still the same connection, still working.
        self.assertEqual(rpc.result("status")["services"][0]["name"], "web")
        self.assertServing(self.d, "after malformed requests")

    def test_batches(self):
        rpc = self.rpc(self.d)
        # A batch of one answers with an array of one.
        rpc.send_raw(b'[{"jsonrpc":"2.0","id":1,"method":"status"}]\n')
        r = rpc.recv()
        self.assertIsInstance(r, list, r)
        self.assertEqual([m["id"] for m in r], [1])
        self.assertEqual(r[0]["result"]["services"][0]["name"], "web")
        # Requests, a notification and an invalid member: the notification gets no response.
        rpc.send_raw(b'[{"jsonrpc":"2.0","id":"a","method":"status"},'
                     b'{"jsonrpc":"2.0","method":"status"},'
                     b'1,'
                     b'{"jsonrpc":"2.0","id":"b","method":"get_version","params":{"id":"x"}},'
                     b'{"jsonrpc":"2.0","id":"c","method":"nope"}]\n')
        r = rpc.recv()
        self.assertIsInstance(r, list, r)
        by_id = {m.get("id"): m for m in r}
        self.assertEqual(len(r), 4, r)
        self.assertIn("result", by_id["a"])
        self.assertEqual(by_id[None]["error"]["code"], -32600)
        self.assertEqual(by_id["b"]["error"]["code"], -32602)
        self.assertEqual(by_id["c"]["error"]["code"], -32601)
        # Only notifications: nothing at all comes back; the next answer is the next request's.
        rpc.send_raw(b'[{"jsonrpc":"2.0","method":"status"},{"jsonrpc":"2.0","method":"status"}]\n')
        self.assertEqual(rpc.call("status").get("id"), rpc.next_id - 1)
        # Too many members.
        big = b"[" + b",".join([b'{"jsonrpc":"2.0","id":%d,"method":"status"}' % i for i in range(65)]) + b"]"
        self.error_of(rpc, big, -32600, "at most 64")
        # A batch with a reload waits for it; the other members' answers come with it.
        rpc.send_raw(b'[{"jsonrpc":"2.0","id":"r","method":"reload"},{"jsonrpc":"2.0","id":"s","method":"status"}]\n')
        r = rpc.recv(timeout=30)
        self.assertEqual(sorted(m["id"] for m in r), ["r", "s"])
        self.assertServing(self.d, "after batches")

    def test_validate_survives_what_toml_plus_plus_cannot(self):
        # Issue 11, scenario 9: toml++ 3.3 reaches undefined behaviour on a
        # non-ASCII bare key and asserts on "[#"; both reach batond through
        # validate. Each is an error at its line:column, and batond serves on.
        rpc = self.rpc(self.d)
        for text, line, column in (("a\u00ed=1\n", 1, 2), ("[#\n", 1, 2), ("x = 1\n\u00e9t\u00e9 = 2\n", 2, 1)):
            r = rpc.result("validate", {"text": text})
            self.assertFalse(r["valid"], r)
            self.assertEqual((r["diagnostics"][0]["line"], r["diagnostics"][0]["column"]), (line, column), r)
        self.assertServing(self.d, "after validating what toml++ cannot parse")

    def test_params_are_validated_from_the_method_table(self):
        rpc = self.rpc(self.d)
        cases = [
            ("get_version", None, "id"),
            ("get_version", {"id": "x"}, "id"),
            ("get_version", {"id": 0}, "id"),
            ("get_version", {"id": 1.5}, "id"),
            ("reload", {"service": 5}, "service"),
            ("events", {"since": "x"}, "since"),
            ("events", {"limit": -1}, "limit"),
            ("events", {"limit": 0}, "limit"),
            ("events", {"limit": 10001}, "limit"),
            ("status", {"x": 1}, "x"),
            ("apply_config", {"text": "x"}, "expected_version"),
            ("rollback", {"id": 1, "comment": 3}, "comment"),
            ("subscribe", {"metrics": 1}, "metrics"),
            ("reset", {}, "service"),
        ]
        for method, params, param in cases:
            r = rpc.call(method, params)
            self.assertIn("error", r, "%s %r was accepted: %r" % (method, params, r))
            self.assertEqual(r["error"]["code"], -32602, "%s %r: %r" % (method, params, r))
            self.assertEqual(r["error"].get("data", {}).get("param"), param, "%s %r: %r" % (method, params, r))
            self.assertIn(param, r["error"]["message"])
        self.assertIn("events", rpc.result("events", {"since": 0, "limit": 5}))
        self.assertServing(self.d, "after invalid params")

    def test_application_errors_carry_data(self):
        rpc = self.rpc(self.d)
        cfg = rpc.result("get_config")
        r = rpc.call("apply_config", {"text": cfg["text"], "expected_version": "0000"})
        self.assertEqual(r["error"]["code"], 1, r)
        self.assertEqual(r["error"]["data"]["current_version"], cfg["version"], r)
        r = rpc.call("apply_config", {"text": cfg["text"] + "\nbogus = 1\n", "expected_version": cfg["version"]})
        self.assertEqual(r["error"]["code"], 2, r)
        diags = r["error"]["data"]["diagnostics"]
        self.assertTrue(diags and diags[0]["line"] > 0 and "bogus" in diags[0]["message"], r)

    def test_notifications_ids_and_pipelining(self):
        rpc = self.rpc(self.d)
        # No id: executed, never answered, even when it fails.
        rpc.send("status", notification=True)
        rpc.send("no_such_method", notification=True)
        rpc.send("validate", {}, notification=True)
        rpc.send_raw(b'{"jsonrpc":"2.0","id":"first","method":"status"}\r\n')
        self.assertEqual(rpc.recv()["id"], "first")
        # Several requests in one write, answered with their ids.
        ids = ["a", 2, 3.5, "z" * 40]
        rpc.send_raw(b"".join(json.dumps({"jsonrpc": "2.0", "id": i, "method": "get_config"}).encode() + b"\n" for i in ids))
        got = [rpc.recv() for _ in ids]
        self.assertEqual(sorted(map(str, (g["id"] for g in got))), sorted(map(str, ids)))
        self.assertTrue(all("text" in g["result"] for g in got), got)
        # Explicit null id is a request (answered with null).
        rpc.send_raw(b'{"jsonrpc":"2.0","id":null,"method":"history"}\n')
        r = rpc.recv()
        self.assertIsNone(r["id"])
        self.assertIn("versions", r["result"])
        # Blank lines are ignored.
        rpc.send_raw(b"\n   \n")
        self.assertIn("events", rpc.result("events", {"limit": 5}))

    def test_half_close_still_gets_answers(self):
        rpc = self.rpc(self.d)
        rpc.send_raw(b'{"jsonrpc":"2.0","id":1,"method":"status"}\n{"jsonrpc":"2.0","id":2,"method":"reload"}')
        rpc.sock.shutdown(socket.SHUT_WR)
        got = rpc.expect_eof(timeout=20)
        self.assertEqual(sorted(g["id"] for g in got), [1, 2], got)
        self.assertTrue(all("result" in g for g in got), got)

    def test_oversized_line_closes_only_that_connection(self):
        other = self.rpc(self.d)
        # Just below the limit: accepted (validate answers, the text is nonsense).
        rpc = self.rpc(self.d)
        big = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "validate", "params": {"text": "#" + "x" * (ct.MIB - 200)}})
        self.assertLess(len(big), ct.MIB)
        rpc.send_raw(big.encode() + b"\n")
        self.assertIn("valid", rpc.recv(timeout=20)["result"])

        for payload in (b'{"jsonrpc":"2.0","id":1,"method":"' + b"x" * (ct.MIB + 10),          # no newline at all
                        b'{"jsonrpc":"2.0","id":2,"method":"' + b"y" * (ct.MIB + 10) + b'"}\n',  # complete but too long
                        b"z" * (3 * ct.MIB)):                                                   # keeps sending
            rpc = batonrpc.Client(self.d.socket_path)
            self.addCleanup(rpc.close)
            try:
                rpc.send_raw(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server stopped reading and closed: expected for the largest one
            r = rpc.recv(timeout=10)
            self.assertEqual(r["error"]["code"], -32600, r)
            self.assertEqual(r["error"]["message"], "request line exceeds 1 MiB")
            self.assertIsNone(r["id"])
            rpc.expect_eof()
        self.assertEqual(other.result("status")["services"][0]["name"], "web")
        self.assertServing(self.d, "after oversized lines")

    def test_fifty_concurrent_clients(self):
        errors, results = [], []
        barrier = threading.Barrier(50)

        def client(n):
            try:
                rpc = batonrpc.Client(self.d.socket_path, timeout=20)
                barrier.wait(10)
                for k in range(3):
                    r = rpc.call("status", timeout=20)
                    if r.get("result", {}).get("services", [{}])[0].get("name") != "web":
                        errors.append("client %d: %r" % (n, r))
                    results.append(n)
                rpc.close()
            except Exception as e:  # noqa: BLE001 - every failure counts
                errors.append("client %d: %s: %s" % (n, type(e).__name__, e))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])
        self.assertEqual(len(results), 150)
        self.assertServing(self.d, "after 50 concurrent clients")

    def test_unprivileged_connections_cannot_lock_out_the_operator(self):
        """Anyone may connect (mode 0666), so a user who may not change batond
        gets at most 32 connections and never the privileged reserve; root
        still gets in. A local user used to take all 512 with half-sent
        lines and lock root out for as long as it held them."""
        if os.geteuid() != 0:
            self.skipTest("needs root to act as another user")
        held = 40
        # nobody must reach the socket: the test's folders are 0700.
        folder = os.path.dirname(self.d.socket_path)
        while folder.startswith(self.tmp) and len(folder) >= len(self.tmp):
            os.chmod(folder, 0o711)
            folder = os.path.dirname(folder)
        r, w = os.pipe()
        child = os.fork()
        if child == 0:   # as nobody: open `held` connections, report which were refused
            try:
                os.close(r)
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
                socks, report = [], []
                for n in range(held):
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.settimeout(5)
                    s.connect(self.d.socket_path)
                    try:
                        s.sendall(b'{"jsonrpc": "2.0", "id": %d, "method": "status"}\n' % n)
                    except (BrokenPipeError, ConnectionResetError):
                        pass   # refused at once: its error line is already there to read
                    line = s.makefile("rb").readline()
                    report.append("error" in json.loads(line) and json.loads(line)["error"]["message"] or "ok")
                    socks.append(s)
                os.write(w, json.dumps(report).encode() + b"\n")
                time.sleep(3)   # hold them while the parent checks
            except BaseException as e:  # noqa: BLE001 - reported to the parent
                os.write(w, json.dumps(["child: %s: %s" % (type(e).__name__, e)]).encode() + b"\n")
            finally:
                os._exit(0)
        os.close(w)
        with os.fdopen(r) as f:
            report = json.loads(f.readline())
        try:
            self.assertEqual(report[:32], ["ok"] * 32, report)
            self.assertTrue(all("at most 32 per user" in m for m in report[32:]), report)
            # The operator is not locked out while they are held.
            self.assertEqual(self.rpc(self.d).result("status")["services"][0]["name"], "web")
        finally:
            os.waitpid(child, 0)
        self.assertServing(self.d, "after a user's connections were refused")

    def test_unfinished_request_line_ends_the_connection(self):
        """A request line must be complete within 10 s of its first byte:
        half-sent lines no longer hold connections forever. One that keeps
        sending whole lines is never cut."""
        slow = batonrpc.Client(self.d.socket_path, timeout=20)
        self.addCleanup(slow.close)
        slow.send_raw(b'{"jsonrpc": "2.0", "id": 1, "meth')
        r = slow.recv()
        self.assertEqual(r["error"]["code"], -32600, r)
        self.assertIn("not finished within 10 s", r["error"]["message"])
        slow.expect_eof()
        self.assertEqual(self.rpc(self.d).result("status")["services"][0]["name"], "web")

    def test_abrupt_disconnects_during_a_reload(self):
        # Clients that leave before their reload answer arrives must not disturb batond.
        for _ in range(5):
            rpc = batonrpc.Client(self.d.socket_path)
            rpc.send("reload")
            rpc.send("subscribe", {"events": True, "metrics": True})
            rpc.close()
        mark = self.d.mark()
        rpc = self.rpc(self.d)
        self.assertTrue(rpc.result("reload", timeout=30)["ok"])
        self.d.wait_event(bt.RELOAD_DONE, after=mark, timeout=20)
        self.assertServing(self.d, "after clients vanished mid-reload")


if __name__ == "__main__":
    ct.main()
