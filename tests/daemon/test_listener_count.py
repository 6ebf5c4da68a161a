#!/usr/bin/env python3
"""Listener count (issue 11, scenario 8): a service with 300 listeners hands
every one of them to its worker. batond used to drop those beyond 256 while
still announcing LISTEN_FDS=300, so FDs 259 and up were missing.

  python3 tests/daemon/test_listener_count.py --build-dir build
"""

import socket

import batontest as bt

COUNT = 300


def free_ports(n):
    """n distinct free loopback ports (all held at once while choosing)."""
    held = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            held.append(s)
        return [s.getsockname()[1] for s in held]
    finally:
        for s in held:
            s.close()


class ListenerCount(bt.BatonTestCase):

    def test_300_listeners_all_arrive(self):
        ports = free_ports(COUNT)
        listen = {"l%03d" % i: "127.0.0.1:%d" % p for i, p in enumerate(ports)}
        d = self.daemon(bt.config_text({"many": {"command": bt.pyworker_command(), "listen": listen}}))
        d.start(timeout=60)
        [worker] = d.current_workers("many")

        env = bt.http_get(ports[0], "/env").json()
        self.assertEqual(env.get("LISTEN_FDS"), str(COUNT))
        self.assertEqual(env.get("LISTEN_FDNAMES"), ":".join(listen))

        got = bt.http_get(ports[0], "/listeners").json()
        self.assertEqual([l["fd"] for l in got], list(range(3, 3 + COUNT)))
        for i, l in enumerate(got):
            self.assertEqual((l["name"], l["address"]), ("l%03d" % i, "127.0.0.1:%d" % ports[i]), l)
            self.assertTrue(l["accepting"], l)
        fds = bt.fd_targets(worker)
        for fd in range(3, 3 + COUNT):
            self.assertTrue(fds.get(fd, "").startswith("socket:"), "FD %d of the worker: %r" % (fd, fds.get(fd)))
        # The last listener really serves, not only exists.
        r = bt.http_get(ports[-1], "/healthz")
        self.assertEqual((r.status, r.pid), (200, worker))


if __name__ == "__main__":
    bt.main()
