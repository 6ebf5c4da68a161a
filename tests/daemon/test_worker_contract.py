#!/usr/bin/env python3
"""baton-worker's side of the socket-activation and notify protocols, with
no batond in between: this test plays the master (fork, FD 3, LISTEN_*,
NOTIFY_SOCKET) so each rule can be broken on purpose. baton-worker speaks
the protocols itself (daemon/worker/sd_protocol.cpp, no libsystemd).

  python3 tests/daemon/test_worker_contract.py --build-dir build
"""

import os
import select
import socket
import time

import batontest as bt


class WorkerContract(bt.BatonTestCase):

    def setUp(self):
        super().setUp()
        os.makedirs(os.path.join(self.tmp, "www"))
        with open(os.path.join(self.tmp, "www", "index.html"), "w") as f:
            f.write("hello\n")
        self.listener = socket.socket()
        self.addCleanup(self.listener.close)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.addCleanup(self.notify.close)

    def bind_notify(self, abstract=False):
        if abstract:
            name = "@baton-contract-%d-%d" % (os.getpid(), id(self))
            self.notify.bind("\0" + name[1:])
            return name
        path = os.path.join(self.tmp, "notify.sock")
        self.notify.bind(path)
        return path

    def spawn(self, env, fd3=None, args=()):
        """fork + exec baton-worker with fd3 (default: the listener) as FD 3;
        env values may use {pid} for the child's own PID."""
        fd3 = self.listener.fileno() if fd3 is None else fd3
        exe = bt.binary("baton-worker")
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: only async-signal-safe-ish work before exec
            try:
                os.close(r)
                os.dup2(w, 2)
                dup = os.dup(fd3)
                os.dup2(dup, 3)
                os.set_inheritable(3, True)
                full = {k: v.replace("{pid}", str(os.getpid())) for k, v in env.items()}
                os.execve(exe, [exe, "--root", os.path.join(self.tmp, "www")] + list(args), full)
            finally:
                os._exit(127)
        os.close(w)
        self.addCleanup(self._reap, pid, r)
        return pid, r

    def _reap(self, pid, fd):
        bt.kill_quietly(pid)
        bt.try_reap(pid)
        os.close(fd)

    def messages(self, until, timeout=10.0):
        """Notify datagrams until one contains `until`."""
        got = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.notify], [], [], 0.1)
            if ready:
                got.append(self.notify.recv(4096).decode())
                if until in got[-1]:
                    return got
        self.fail("no %r within %.0f s; got %r" % (until, timeout, got))

    def exit_and_stderr(self, pid, fd, timeout=10.0):
        status = bt.wait_exit_status(pid, timeout)
        chunks = []
        while True:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            chunks.append(chunk)
        return status, b"".join(chunks).decode(errors="replace")

    def test_ready_status_and_stopping(self):
        path = self.bind_notify()
        pid, _ = self.spawn({"LISTEN_FDS": "1", "LISTEN_FDNAMES": "http", "LISTEN_PID": "{pid}",
                             "NOTIFY_SOCKET": path})
        ready = self.messages("READY=1")[-1]
        self.assertIn("STATUS=serving on 1 listener(s)", ready)
        r = bt.http_get(self.listener.getsockname()[1], "/healthz")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.pid, pid)
        with open("/proc/%d/fdinfo/3" % pid) as f:
            flags = f.read().split("flags:")[1].split()[0]
        self.assertTrue(int(flags, 8) & 0o2000000, "FD 3 is close-on-exec once taken")
        self.messages("STATUS=", timeout=10)   # the periodic status line (at most once a second)
        os.kill(pid, 15)
        self.assertIn("STOPPING=1", "".join(self.messages("STOPPING=1")))

    def test_abstract_notify_socket_and_watchdog(self):
        name = self.bind_notify(abstract=True)
        pid, _ = self.spawn({"LISTEN_FDS": "1", "LISTEN_PID": "{pid}", "NOTIFY_SOCKET": name,
                             "WATCHDOG_USEC": "400000", "WATCHDOG_PID": "{pid}"})
        self.messages("READY=1")
        pings = 0
        deadline = time.monotonic() + 10
        while pings < 3 and time.monotonic() < deadline:
            pings += sum("WATCHDOG=1" in m for m in self.messages("WATCHDOG=1", timeout=5))
        self.assertGreaterEqual(pings, 3, "WATCHDOG=1 at least every 200 ms for WATCHDOG_USEC=400000")

    def test_watchdog_meant_for_another_process_is_ignored(self):
        path = self.bind_notify()
        pid, _ = self.spawn({"LISTEN_FDS": "1", "LISTEN_PID": "{pid}", "NOTIFY_SOCKET": path,
                             "WATCHDOG_USEC": "200000", "WATCHDOG_PID": "1"})
        self.messages("READY=1")
        time.sleep(0.6)
        stray = []
        while select.select([self.notify], [], [], 0)[0]:
            stray.append(self.notify.recv(4096).decode())
        self.assertFalse([m for m in stray if "WATCHDOG=1" in m], stray)

    def test_listen_pid_of_another_process_is_refused(self):
        path = self.bind_notify()
        pid, err = self.spawn({"LISTEN_FDS": "1", "LISTEN_PID": "1", "NOTIFY_SOCKET": path})
        status, stderr = self.exit_and_stderr(pid, err)
        self.assertNotEqual(status, 0)
        self.assertIn("LISTEN_PID (1) is not our pid", stderr)

    def test_no_listeners_is_a_clear_error(self):
        pid, err = self.spawn({})
        status, stderr = self.exit_and_stderr(pid, err)
        self.assertNotEqual(status, 0)
        self.assertIn("no listeners inherited", stderr)

    def test_malformed_listen_fds_is_an_error(self):
        pid, err = self.spawn({"LISTEN_FDS": "one", "LISTEN_PID": "{pid}"})
        status, stderr = self.exit_and_stderr(pid, err)
        self.assertNotEqual(status, 0)
        self.assertIn("cannot read inherited listeners", stderr)

    def test_a_socket_that_is_not_listening_is_refused(self):
        unbound = socket.socket()
        self.addCleanup(unbound.close)
        pid, err = self.spawn({"LISTEN_FDS": "1", "LISTEN_PID": "{pid}"}, fd3=unbound.fileno())
        status, stderr = self.exit_and_stderr(pid, err)
        self.assertNotEqual(status, 0)
        self.assertIn("is not a listening stream socket", stderr)


if __name__ == "__main__":
    bt.main()
