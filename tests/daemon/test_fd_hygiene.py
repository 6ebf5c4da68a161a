#!/usr/bin/env python3
"""FD hygiene: a worker's FDs are exactly 0, 1, 2 and its listeners (also in
later generations, also FDs batond inherited itself); the master's FD count
is the same after 100 reloads as before.

  python3 tests/daemon/test_fd_hygiene.py --build-dir build
"""

import http.client
import os
import re
import time
from collections import Counter

import batontest as bt


def socket_inodes(kind, match):
    """Inodes of listening sockets in /proc/net/{tcp,unix} that satisfy match(fields)."""
    out = set()
    with open("/proc/net/" + kind) as f:
        next(f)
        for line in f:
            fields = line.split()
            if match(fields):
                out.add(fields[9] if kind == "tcp" else fields[6])
    return out


def tcp_listen_inodes(port):
    # local_address is HEX_IP:HEX_PORT; state 0A = LISTEN
    return socket_inodes("tcp", lambda f: f[1].endswith(":%04X" % port) and f[3] == "0A")


def unix_inodes(path):
    def same(bound):
        return bound == path or (not bound.startswith("@") and os.path.realpath(bound) == os.path.realpath(path))
    return socket_inodes("unix", lambda f: len(f) > 7 and same(f[7]))


def socket_inode(target):
    m = re.fullmatch(r"socket:\[(\d+)\]", target)
    return m.group(1) if m else None


class FdHygiene(bt.BatonTestCase):

    def check_sleeper(self, d, pid, tcp_port, unix_path):
        fds = bt.fd_targets(pid)
        self.assertEqual(sorted(fds), [0, 1, 2, 3, 4], "worker %d FDs: %s" % (pid, fds))
        self.assertEqual(fds[0], "/dev/null", "stdin is /dev/null")
        master = bt.fd_targets(d.pid)
        # stdout and stderr are pipes batond reads (README "Worker output"), one each.
        self.assertRegex(fds[1], r"^pipe:\[\d+\]$", "stdout is a pipe to batond")
        self.assertRegex(fds[2], r"^pipe:\[\d+\]$", "stderr is a pipe to batond")
        self.assertNotEqual(fds[1], fds[2], "stdout and stderr are separate pipes")
        self.assertIn(fds[2], master.values(), "batond holds the read end of the worker's stderr")
        ino3, ino4 = socket_inode(fds[3]), socket_inode(fds[4])
        self.assertIn(ino3, tcp_listen_inodes(tcp_port), "FD 3 is the TCP listener on %d: %s" % (tcp_port, fds[3]))
        self.assertIn(ino4, unix_inodes(unix_path), "FD 4 is the unix listener %s: %s" % (unix_path, fds[4]))
        master_sockets = {socket_inode(t) for t in master.values()}
        self.assertIn(ino3, master_sockets, "the listener is batond's own socket, not a re-bound one")
        self.assertIn(ino4, master_sockets)

    def fds_of_every_worker(self, port, pids, timeout=30.0):
        """GET /fds until every worker in pids has answered: {pid: fds}. The
        workers share one listening socket and whichever accepts first wins, so
        sequential requests may all reach the same one (on a loaded machine they
        did, 100 times in a row): connections are queued in batches, so that
        each worker finds some waiting, until a deadline."""
        seen = {}
        deadline = time.monotonic() + timeout
        while not set(pids) <= set(seen):
            if time.monotonic() > deadline:
                self.fail("could not reach pyworker(s) %s in %.0f s (answers from %s)"
                          % (sorted(set(pids) - set(seen)), timeout, sorted(seen)))
            conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(8)]
            try:
                for c in conns:
                    c.connect()
                for c in conns:
                    c.request("GET", "/fds", headers={"Connection": "close"})
                for c in conns:
                    r = c.getresponse()
                    resp = bt.Response(r.status, r.getheaders(), r.read())
                    self.assertEqual(resp.status, 200, resp)
                    seen.setdefault(resp.pid, resp.json())
            finally:
                for c in conns:
                    c.close()
        return seen

    def test_worker_fds_exact(self):
        tcp_port, py_port = bt.free_port(), bt.free_port()
        d = self.daemon(bt.config_text({
            # `sleep` opens nothing itself: what it holds is exactly what it inherited.
            "sleeper": {"command": ["sleep", "600"], "ready": "exec",
                        "listen": {"http": "127.0.0.1:%d" % tcp_port, "local": "unix:sleeper.sock"}},
            "py": {"command": bt.pyworker_command(), "workers": 2,
                   "listen": {"http": "127.0.0.1:%d" % py_port}},
        }))
        # FDs batond itself inherited must not reach workers either.
        leak = os.open(os.path.join(self.tmp, "inherited-by-batond"), os.O_WRONLY | os.O_CREAT, 0o600)
        os.set_inheritable(leak, True)
        try:
            d.start()
        finally:
            os.close(leak)
        unix_path = os.path.join(d.dir, "sleeper.sock")

        for round_ in ("generation 1", "after reload 1", "after reload 2"):
            with self.subTest(round_):
                [sleeper] = d.wait_settled("sleeper", 1)
                py_workers = d.wait_settled("py", 2)
                self.check_sleeper(d, sleeper, tcp_port, unix_path)
                # pyworker's own record of its FDs before it opened anything, from each worker
                for pid, fds in self.fds_of_every_worker(py_port, py_workers).items():
                    self.assertEqual(sorted(int(k) for k in fds), [0, 1, 2, 3],
                                     "pyworker %d started with FDs %s" % (pid, fds))
                self.assertEqual(bt.status_field(sleeper, "SigBlk"), "0" * 16,
                                 "worker starts with blocked signals")
                self.assertEqual(bt.status_field(sleeper, "SigIgn"), "0" * 16,
                                 "worker starts with ignored signals")
            if round_ != "after reload 2":
                d.reload()

        self.assertEqual(d.stop(), 0)
        self.assertAllGone(d.spawned_pids())

    def test_master_fd_count_stable_over_100_reloads(self):
        port = bt.free_port()
        d = self.daemon(bt.config_text({"web": {
            "command": bt.baton_worker_command(),
            "workers": 1,
            "drain_timeout": "5s",
            "listen": {"http": "127.0.0.1:%d" % port, "local": "unix:web.sock"},
        }})).start()
        d.wait_settled("web", 1)
        self.assertEqual(bt.http_get(port, "/healthz").status, 200)
        # batond's FD table once it has settled (two equal snapshots 0.2 s apart).
        snap = {}

        def stable():
            first = bt.fd_targets(d.pid)
            time.sleep(0.2)
            snap["fds"] = bt.fd_targets(d.pid)
            return first == snap["fds"]
        bt.wait_until(stable, 20, "batond's FDs to settle")
        before = snap["fds"]

        t0 = time.monotonic()
        for i in range(100):
            d.reload(timeout=15)
            if i % 10 == 9:
                self.assertEqual(bt.http_get(port, "/healthz").status, 200)
        spent = time.monotonic() - t0
        d.wait_settled("web", 1, timeout=20)
        # A drained worker may be gone before batond has closed what it held for
        # it (pidfd, notify socket): poll; a real leak stays.
        try:
            bt.wait_until(lambda: len(bt.fd_targets(d.pid)) == len(before), 20, "batond's FD count to return")
        except AssertionError:
            pass  # reported in detail below
        after = bt.fd_targets(d.pid)

        def kinds(fds):
            return Counter(re.sub(r"\[\d+\]$", "[]", t) for t in fds.values())

        self.assertEqual(len(after), len(before),
                         "batond FDs: %d before, %d after 100 reloads (%.1f s)\nbefore %s\nafter  %s\n"
                         "added kinds: %s" % (len(before), len(after), spent, sorted(before.items()),
                                              sorted(after.items()), dict(kinds(after) - kinds(before))))
        self.assertEqual(bt.http_get(port, "/healthz").status, 200)
        self.assertEqual(bt.http_get(os.path.join(d.dir, "web.sock"), "/healthz").status, 200)
        self.assertEqual(d.stop(), 0)
        self.assertAllGone(d.spawned_pids())


if __name__ == "__main__":
    bt.main()
