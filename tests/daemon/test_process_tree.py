#!/usr/bin/env python3
"""A generation owns every process it started (issue 11 §2): after a reload
has settled, no process of the old generation holds the listener, and after
batond has stopped, none holds the port at all (a fresh batond binds it at
once). Workers that fork, from tests/workers/:

  prefork     forkworker.py prefork 3: the leader forks 3 servers and, on
              SIGTERM, exits without passing the signal on
  doublefork  forkworker.py doublefork: the server double-forked and called
              setsid(), an orphan outside the worker's session and group
  sh          sh -c "python3 pyworker.py; echo done": a wrapper that forks
              instead of exec'ing its server

Each runs with the cgroup mechanism (where batond finds a writable cgroup v2)
and without it (BATON_NO_CGROUPS=1: process group + subreaper).

Who holds the listener is found independently of batond: every process with
an FD on the listening socket's inode (/proc/net/tcp, /proc/*/fd), its
generation from the GREETING in /proc/PID/environ, set per generation by the
config; the HTTP answers (X-Greeting) must agree.

  python3 tests/daemon/test_process_tree.py --build-dir build
"""

import collections
import os
import signal
import uuid

import batontest as bt

FORKWORKER = os.path.join(bt.REPO, "tests", "workers", "forkworker.py")
DRAIN = 1.0      # drain_timeout, seconds
SETTLE = 15.0    # more than 10x what a settled reload or a stop needs with it


def listening_inode(port):
    """Inode of the socket listening on 127.0.0.1:port, or None."""
    want = "0100007F:%04X" % port
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            fields = line.split()
            if fields[1] == want and fields[3] == "0A":
                return int(fields[9])
    return None


def holders(inode):
    """PIDs of every process with an FD on socket inode."""
    target = "socket:[%d]" % inode
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            fds = os.listdir("/proc/%s/fd" % name)
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink("/proc/%s/fd/%s" % (name, fd)) == target:
                    out.append(int(name))
                    break
            except OSError:
                pass
    return sorted(out)


def environ(pid):
    try:
        with open("/proc/%d/environ" % pid, "rb") as f:
            data = f.read()
    except OSError:
        return {}
    out = {}
    for item in data.split(b"\0"):
        k, sep, v = item.partition(b"=")
        if sep:
            out[k.decode(errors="replace")] = v.decode(errors="replace")
    return out


def describe(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        cmd = "?"
    st = bt.proc_stat(pid)
    return "pid %d (GREETING=%s, ppid %s, sid %s, cgroup %s): %s" % (
        pid, environ(pid).get("GREETING"), st and st[1], st and st[3], cgroup(pid), cmd)


def cgroup(pid):
    try:
        with open("/proc/%d/cgroup" % pid) as f:
            for line in f:
                if line.startswith("0::"):
                    return line[3:].strip()
    except OSError:
        pass
    return None


class ProcessTree(bt.BatonTestCase):

    def setUp(self):
        super().setUp()
        self.token = uuid.uuid4().hex
        self.addCleanup(self.kill_marked)

    def kill_marked(self):
        """Everything our workers left behind, wherever it was re-parented."""
        marked = [int(p) for p in os.listdir("/proc")
                  if p.isdigit() and environ(int(p)).get("TREE_TEST_MARK") == self.token]
        for p in marked:
            bt.kill_quietly(p, signal.SIGKILL)
        bt.wait_gone(marked, 5)

    def config(self, port, kind, greeting, extra_env=None):
        env = dict({"GREETING": greeting, "TREE_TEST_MARK": self.token}, **(extra_env or {}))
        if kind == "prefork":
            command = [bt.PYTHON, FORKWORKER, "prefork", "3"]
        elif kind == "doublefork":
            command = [bt.PYTHON, FORKWORKER, "doublefork"]
        else:
            command = ["/bin/sh", "-c", "%s %s; echo done" % (bt.PYTHON, bt.PYWORKER)]
            env["LISTEN_PID_PARENT"] = "1"
        return bt.config_text({"web": {
            "command": command,
            "workers": 1,
            "ready_timeout": "20s",
            "drain_timeout": "%gs" % DRAIN,
            "env": env,
            "listen": {"http": "127.0.0.1:%d" % port},
        }})

    def start(self, kind, cgroups):
        port = bt.free_port()
        d = self.daemon(self.config(port, kind, "v1"))
        d.start(env=None if cgroups else {"BATON_NO_CGROUPS": "1"})
        inode = listening_inode(port)
        self.assertIsNotNone(inode, "nothing listens on port %d" % port)
        leader = d.wait_settled("web", 1)[0]
        # The worker really forked: something besides batond and the leader serves.
        servers = {}

        def forked():
            servers["pids"] = [p for p in holders(inode) if p not in (d.pid, leader)]
            return len(servers["pids"]) >= (3 if kind == "prefork" else 1)
        d.wait_for(forked, SETTLE, "the forked servers of the first generation")
        for p in servers["pids"]:
            self.assertEqual(environ(p).get("GREETING"), "v1", describe(p))
        self.assertEqual(self.greetings(port), {"v1"})
        return d, port, inode, servers["pids"]

    def greetings(self, port, n=40):
        seen = set()
        for _ in range(n):
            seen.add(bt.http_get(port, "/healthz").greeting)
        return seen

    def assertOnlyGeneration(self, d, inode, greeting):
        """Until every holder of the listener (but batond) is of `greeting`."""
        box = {}

        def only():
            box["stale"] = [p for p in holders(inode)
                            if p != d.pid and environ(p).get("GREETING") != greeting]
            return not box["stale"]
        try:
            d.wait_for(only, SETTLE, "only generation %s holds the listener" % greeting)
        except AssertionError:
            self.fail("%.0f s after the reload settled, processes of an old generation still hold the listener:\n  %s"
                      % (SETTLE, "\n  ".join(describe(p) for p in box["stale"])))

    def reload_case(self, kind, cgroups=True):
        d, port, inode, old = self.start(kind, cgroups)
        d.write_config(self.config(port, kind, "v2"))
        d.reload(timeout=SETTLE + 20)
        d.wait_settled("web", 1, timeout=SETTLE)
        self.assertOnlyGeneration(d, inode, "v2")
        self.assertEqual(self.greetings(port), {"v2"}, "40 requests after the reload settled")
        self.assertAllGone(old, timeout=SETTLE, what="servers of the old generation")
        self.assertEqual(d.stop(), 0)

    def stop_case(self, kind, cgroups=True):
        d, port, inode, servers = self.start(kind, cgroups)
        self.assertEqual(d.stop(), 0)
        box = {}

        def nobody():
            box["left"] = holders(inode)
            return not box["left"]
        if not self.poll(nobody, SETTLE):
            self.fail("%.0f s after batond exited, processes still hold its listener:\n  %s"
                      % (SETTLE, "\n  ".join(describe(p) for p in box["left"])))
        self.assertAllGone(servers, timeout=SETTLE, what="the stopped generation's servers")
        # A fresh batond binds the port at once.
        d2 = self.daemon(self.config(port, kind, "v3"), subdir="second")
        d2.start(env=None if cgroups else {"BATON_NO_CGROUPS": "1"})
        self.assertEqual(self.greetings(port, 5), {"v3"})
        self.assertEqual(d2.stop(), 0)

    @staticmethod
    def poll(pred, timeout):
        deadline = bt.time.monotonic() + timeout
        while not pred():
            if bt.time.monotonic() > deadline:
                return False
            bt.time.sleep(0.02)
        return True

    def signal_once_case(self, cgroups):
        """Each process of a draining tree gets stop_signal once: a second
        SIGTERM means "stop now" to many servers. The prefork servers count
        theirs (TERM_LOG); the leader exits at once on its SIGTERM while its
        servers stay a second after draining (EXIT_DELAY), so the tree goes on
        lingering without its leader, and batond's stop signal to the rest of
        it must spare what already got it (it used to send it again)."""
        log = os.path.join(self.tmp, "term-%s.log" % ("cgroup" if cgroups else "pgroup"))
        port = bt.free_port()
        d = self.daemon(self.config(port, "prefork", "v1", {"TERM_LOG": log, "EXIT_DELAY": "1"}))
        d.start(env=None if cgroups else {"BATON_NO_CGROUPS": "1"})
        inode = listening_inode(port)
        leader = d.wait_settled("web", 1)[0]
        box = {}

        def forked():
            box["servers"] = [p for p in holders(inode) if p not in (d.pid, leader)]
            return len(box["servers"]) >= 3
        d.wait_for(forked, SETTLE, "the prefork servers")
        d.write_config(self.config(port, "prefork", "v2", {"TERM_LOG": log, "EXIT_DELAY": "1"}))
        d.reload(timeout=SETTLE + 20)
        self.assertAllGone(box["servers"], timeout=SETTLE, what="the old generation's servers")
        with open(log) as f:
            counts = collections.Counter(int(line) for line in f if line.strip())
        for pid in box["servers"]:
            self.assertEqual(counts.get(pid), 1, "server %d got SIGTERM %s times" % (pid, counts.get(pid)))
        self.assertEqual(d.stop(), 0)

    def test_stop_signal_once_per_process(self):
        self.signal_once_case(cgroups=True)

    def test_stop_signal_once_per_process_without_cgroups(self):
        self.signal_once_case(cgroups=False)

    # -- the cases ------------------------------------------------------------
    def test_prefork_reload(self):
        self.reload_case("prefork")

    def test_prefork_reload_without_cgroups(self):
        self.reload_case("prefork", cgroups=False)

    def test_prefork_stop(self):
        self.stop_case("prefork")

    def test_prefork_stop_without_cgroups(self):
        self.stop_case("prefork", cgroups=False)

    def test_doublefork_reload(self):
        self.reload_case("doublefork")

    def test_doublefork_reload_without_cgroups(self):
        self.reload_case("doublefork", cgroups=False)

    def test_doublefork_stop(self):
        self.stop_case("doublefork")

    def test_doublefork_stop_without_cgroups(self):
        self.stop_case("doublefork", cgroups=False)

    def test_sh_wrapper_reload(self):
        self.reload_case("sh")

    def test_sh_wrapper_reload_without_cgroups(self):
        self.reload_case("sh", cgroups=False)

    def test_sh_wrapper_stop(self):
        self.stop_case("sh")

    def test_sh_wrapper_stop_without_cgroups(self):
        self.stop_case("sh", cgroups=False)


if __name__ == "__main__":
    bt.main()
