#!/usr/bin/env python3
"""Listeners passed in and handed out (README "Restart and crash"): batond
takes the sockets systemd passes in LISTEN_FDS (its FD store, or a
batond.socket unit) by the address they are bound to, closes the ones no
listener claims, and hands every listener to systemd's FD store
(FDSTORE=1 + FDNAME=, the socket as SCM_RIGHTS). Here the test plays
systemd: it binds the sockets, execs batond with them from FD 3, and is the
NOTIFY_SOCKET. The real thing is tests/systemd.

  python3 tests/daemon/test_socket_activation.py --build-dir build
"""

import array
import os
import socket
import subprocess

import batontest as bt


def listening(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(128)
    return s


class SocketActivation(bt.BatonTestCase):

    def test_passed_listeners_are_adopted_by_address_and_stored(self):
        port, stale_port = bt.free_port(), bt.free_port()
        web, stale = listening(port), listening(stale_port)
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.addCleanup(notify.close)
        address = "@baton-fdstore-%d" % os.getpid()
        notify.bind("\0" + address[1:])
        notify.settimeout(10)

        d = self.daemon(bt.config_text({"web": {
            "command": bt.baton_worker_command(), "workers": 1,
            "listen": {"http": "127.0.0.1:%d" % port}}}))
        # As systemd does: the sockets from FD 3 on, LISTEN_PID = batond's PID
        # (the shell's $$, which exec keeps). Named wrongly on purpose: batond
        # matches by the bound address, not by name.
        env = d.environment({"LISTEN_FDS": "2", "LISTEN_FDNAMES": "stale-name:other", "NOTIFY_SOCKET": address})

        def fds_from_3():
            os.dup2(web.fileno(), 3)
            os.dup2(stale.fileno(), 4)
        d._log = open(d.log_path, "ab")
        d.proc = subprocess.Popen(["/bin/sh", "-c", 'LISTEN_PID=$$; export LISTEN_PID; exec "$@"', "sh"] + d.command(),
                                  stdin=subprocess.DEVNULL, stdout=d._log, stderr=subprocess.STDOUT, env=env,
                                  cwd=d.root, start_new_session=True, preexec_fn=fds_from_3, pass_fds=(3, 4))
        d.pid = d.proc.pid
        d.sids.add(d.pid)
        web_inode = os.fstat(web.fileno()).st_ino
        web.close()
        stale.close()
        d.wait_started()

        log = d.log_text()
        self.assertIn("listener 127.0.0.1:%d taken over from systemd" % port, log)
        self.assertIn('closing the passed socket "other" (127.0.0.1:%d)' % stale_port, log)
        # The stale one is closed for good; web serves on the very socket passed in.
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", stale_port), timeout=2).close()
        self.assertEqual(bt.http_get(port, "/healthz").status, 200)

        # What batond told "systemd": FDSTOREREMOVE for the stale socket, and
        # FDSTORE=1 for web with the socket itself attached.
        messages, stored = [], None
        while stored is None or not any("FDSTOREREMOVE=1" in m for m in messages):
            data, ancdata, _, _ = notify.recvmsg(4096, socket.CMSG_SPACE(16 * 4))
            text = data.decode()
            messages.append(text)
            fds = array.array("i")
            for level, kind, payload in ancdata:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    fds.frombytes(payload[:len(payload) - len(payload) % fds.itemsize])
            if "FDSTORE=1" in text.split("\n"):
                self.assertIn("FDNAME=127.0.0.1_%d" % port, text.split("\n"))
                self.assertEqual(len(fds), 1, text)
                stored = fds[0]
            for fd in fds:
                if fd != stored:
                    os.close(fd)
        self.addCleanup(os.close, stored)
        self.assertEqual(os.fstat(stored).st_ino, web_inode, "the stored socket is the one passed in")
        self.assertTrue(any("FDSTOREREMOVE=1" in m and "FDNAME=other" in m for m in messages), messages)


if __name__ == "__main__":
    bt.main()
