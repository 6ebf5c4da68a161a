#!/usr/bin/env python3
"""forkworker: socket-activated workers that fork, for the process-tree tests
(issue 11 §2: a generation owns every process it started).

The HTTP side, the listeners (LISTEN_FDS) and sd_notify come from pyworker.py
(same folder); every response carries X-Worker-Pid (the answering process)
and X-Greeting (GREETING, set per generation by the config).

  forkworker.py prefork N
      The leader (the PID batond spawned) takes the listeners, forks N
      children that accept on them and serve, then sends READY=1. On SIGTERM
      the leader exits at once without passing the signal on, like a naive
      prefork master: the children drain only when they are signalled
      themselves (process group or cgroup), else they keep serving.
  forkworker.py doublefork
      The leader forks; the child calls setsid() and forks the server, then
      exits, so the server is an orphan in a session and process group of its
      own (only a cgroup, or batond's tracking as subreaper, still knows it
      belongs to the worker). The leader sends READY=1 once the server
      serves, and exits on SIGTERM. The server drains on its own SIGTERM.

The shell-wrapper case needs no mode: sh -c "python3 pyworker.py; echo done"
with LISTEN_PID_PARENT=1 in env (sh forks python instead of exec'ing it).
"""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyworker as pw  # noqa: E402


def become_server():
    """In a forked process: answer as ourselves, drain on SIGTERM."""
    pw.PID = os.getpid()
    signal.signal(signal.SIGTERM, pw.on_term)
    signal.signal(signal.SIGINT, pw.on_term)


def leader_wait():
    """The leader, after READY=1: exits at once on SIGTERM (0)."""
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    while not stop:
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:  # children that exited by themselves
                pass
        except ChildProcessError:
            pass
        time.sleep(0.05)
    pw.log("SIGTERM: leader exits, leaving its children to themselves")
    return 0


def prefork(n):
    listeners = pw.take_listeners()
    # The leader must not exit on a SIGTERM that arrives while it forks.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for _ in range(n):
        if os.fork() == 0:
            become_server()
            os._exit(pw.serve(listeners, ready=False))
    pw.notify("READY=1\nSTATUS=prefork %d" % n)
    return leader_wait()


def doublefork():
    listeners = pw.take_listeners()
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    r, w = os.pipe()
    middle = os.fork()
    if middle == 0:
        os.close(r)
        os.setsid()
        if os.fork() != 0:
            os._exit(0)  # the server is re-parented to the nearest subreaper
        become_server()
        os.write(w, b"%d\n" % os.getpid())
        os.close(w)
        os._exit(pw.serve(listeners, ready=False))
    os.close(w)
    os.waitpid(middle, 0)
    with os.fdopen(r) as f:
        server = f.readline().strip()
    pw.log("double-forked server %s" % server)
    pw.notify("READY=1\nSTATUS=double-forked server %s" % server)
    return leader_wait()


def main():
    args = sys.argv[1:]
    if args[:1] == ["prefork"] and len(args) == 2:
        return prefork(int(args[1]))
    if args == ["doublefork"]:
        return doublefork()
    sys.stderr.write("usage: forkworker.py prefork N | doublefork\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
