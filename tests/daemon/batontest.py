"""Shared helpers for Baton's process-level tests (tests/daemon/test_*.py).

Python 3 standard library only. Every test runs real processes on loopback
only: batond, its workers (baton-worker, tests/workers/pyworker.py or plain
system commands) and baton-loadclient, in a fresh temporary directory, on
ports chosen free per test, so that test scripts can run in parallel.

Locating binaries:
  build dir   --build-dir DIR on the command line, else $BATON_BUILD_DIR,
              else <repo>/build; batond and baton-worker are in DIR/bin
  loadclient  $BATON_LOADCLIENT, else DIR/bin/baton-loadclient, else
              DIR/tests/tools/baton-loadclient
Set BATON_TEST_KEEP=1 to keep the temporary directories.

Clean-up is defensive: this process becomes a child subreaper (so workers
orphaned by a dying batond are re-parented to us, not to init), batond runs in
a session of its own, and after every test everything left in that session,
every process spawned according to the event log and every orphan re-parented
to us is killed and reaped.
"""

import ctypes
import datetime
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PYWORKER = os.path.join(REPO, "tests", "workers", "pyworker.py")
PYTHON = sys.executable or "/usr/bin/python3"
# ./dev test --sanitize: AddressSanitizer's shadow memory and quarantine make
# RSS meaningless, so memory bounds are checked only in the normal build.
SANITIZED = os.environ.get("BATON_SANITIZED") == "1"

RELOAD_DONE = ("reload-finished", "reload-rolled-back", "reload-rejected")


def _take_build_dir_arg():
    """Remove --build-dir from sys.argv (unittest would choke on it)."""
    build = None
    argv = [sys.argv[0]]
    it = iter(sys.argv[1:])
    for arg in it:
        if arg == "--build-dir":
            build = next(it, None)
        elif arg.startswith("--build-dir="):
            build = arg.split("=", 1)[1]
        else:
            argv.append(arg)
    sys.argv[:] = argv
    return build


BUILD_DIR = os.path.abspath(_take_build_dir_arg() or os.environ.get("BATON_BUILD_DIR") or os.path.join(REPO, "build"))


def binary(name):
    path = os.path.join(BUILD_DIR, "bin", name)
    if not os.access(path, os.X_OK):
        raise AssertionError("%s not found in %s (build first: ninja -C %s)" % (name, os.path.dirname(path), BUILD_DIR))
    return path


def batond_binary():
    return binary("batond")


def loadclient_binary():
    candidates = [os.environ.get("BATON_LOADCLIENT"),
                  os.path.join(BUILD_DIR, "bin", "baton-loadclient"),
                  os.path.join(BUILD_DIR, "tests", "tools", "baton-loadclient")]
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    raise AssertionError("baton-loadclient not found (tried %s); build tests/tools" % ", ".join(c for c in candidates if c))


# ----------------------------------------------------------------------------
# Processes

def _set_child_subreaper():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_CHILD_SUBREAPER = 36
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except Exception:  # pragma: no cover - best effort
        pass


_set_child_subreaper()


def proc_stat(pid):
    """(state, ppid, pgrp, sid) of pid, or None when it does not exist."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            data = f.read().decode("latin-1")
    except (OSError, ValueError):
        return None
    rest = data[data.rindex(")") + 2:].split()
    return rest[0], int(rest[1]), int(rest[2]), int(rest[3])


def alive(pid):
    """True when pid exists and is not a zombie."""
    st = proc_stat(pid)
    return st is not None and st[0] not in ("Z", "X")


def all_procs():
    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = proc_stat(int(name))
            if st:
                out[int(name)] = st
    return out


def descendants(pid, procs=None):
    procs = procs if procs is not None else all_procs()
    children = {}
    for p, st in procs.items():
        children.setdefault(st[1], []).append(p)
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def session_members(sid, procs=None):
    procs = procs if procs is not None else all_procs()
    return [p for p, st in procs.items() if st[3] == sid and st[0] not in ("Z", "X")]


def fd_targets(pid):
    """{fd: readlink} for every open FD of pid."""
    out = {}
    base = "/proc/%d/fd" % pid
    for name in os.listdir(base):
        try:
            out[int(name)] = os.readlink(os.path.join(base, name))
        except OSError:
            pass
    return out


def status_field(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return line.split(":", 1)[1].strip()
    return None


def try_reap(pid):
    """waitpid(pid) if it is our child; returns the exit status or None."""
    try:
        got, status = os.waitpid(pid, os.WNOHANG)
        if got == pid:
            return status
    except ChildProcessError:
        pass
    return None


def kill_quietly(pid, sig=signal.SIGKILL):
    if pid <= 1 or pid == os.getpid():
        return
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def wait_gone(pids, timeout):
    deadline = time.monotonic() + timeout
    pids = list(pids)
    while time.monotonic() < deadline:
        for p in pids:
            try_reap(p)
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.02)
    return not any(alive(p) for p in pids)


def wait_exit_status(pid, timeout):
    """Exit code of pid (our child or an orphan re-parented to us), -signal if
    killed, or None if it ended but its status is not ours to collect.
    Raises AssertionError when it is still running after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            got, status = os.waitpid(pid, os.WNOHANG)
            if got == pid:
                return os.waitstatus_to_exitcode(status)
        except ChildProcessError:
            if not alive(pid):
                return None
        if time.monotonic() > deadline:
            raise AssertionError("process %d still running after %.1f s" % (pid, timeout))
        time.sleep(0.02)


def wait_until(pred, timeout, what, interval=0.02):
    """Poll pred() until it returns something truthy, and return that; raise
    AssertionError naming `what` after timeout seconds. Deadlines are meant to
    be generous (10x the expected time): a loaded machine makes a test slower,
    never red. `what` may be a callable, for a message built at failure time."""
    deadline = time.monotonic() + timeout
    while True:
        got = pred()
        if got:
            return got
        if time.monotonic() > deadline:
            got = pred()
            if got:
                return got
            raise AssertionError("timed out after %.1f s waiting for %s" % (timeout, what() if callable(what) else what))
        time.sleep(interval)


def wait_quiet(count, quiet, timeout, what):
    """Until count() has not changed for `quiet` seconds (polled); returns its
    value then. For "X stops happening" checks: the window starts only once
    the machine has caught up, so a late straggler cannot make it fail, while
    something that never stops still does (after timeout)."""
    deadline = time.monotonic() + timeout
    last, since = count(), time.monotonic()
    while True:
        time.sleep(min(0.05, quiet))
        now, n = time.monotonic(), count()
        if n != last:
            last, since = n, now
        elif now - since >= quiet:
            return n
        if now > deadline:
            raise AssertionError("%s: still changing after %.1f s (last value %r)" % (what, timeout, n))


def tcp_accepted_count(server_port):
    """How many established loopback TCP connections to server_port have been
    accept()ed by someone (see tcp_accepted)."""
    want = ":%04X" % server_port
    n = 0
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            fields = line.split()
            if fields[1].endswith(want) and fields[3] == "01" and fields[9] != "0":
                n += 1
    return n


def tcp_accepted(server_port, client_port):
    """True once the server side of the loopback TCP connection
    127.0.0.1:client_port -> 127.0.0.1:server_port has been accept()ed: a
    connection still in the listen queue has no socket inode yet (0 in
    /proc/net/tcp)."""
    want_local, want_remote = "%04X" % server_port, "%04X" % client_port
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if local.endswith(":" + want_local) and remote.endswith(":" + want_remote):
                return inode != "0"
    return False


def reap_orphans(keep=()):
    """Kill and reap processes re-parented to us (we are a subreaper)."""
    me = os.getpid()
    for p, st in all_procs().items():
        if st[1] == me and p not in keep:
            if st[0] not in ("Z", "X"):
                kill_quietly(p)
            try:
                os.waitpid(p, 0)
            except ChildProcessError:
                pass


# ----------------------------------------------------------------------------
# Network

def free_port():
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self._path)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    def json(self):
        return json.loads(self.body.decode())

    @property
    def pid(self):
        v = self.headers.get("x-worker-pid")
        return int(v) if v else None

    @property
    def greeting(self):
        return self.headers.get("x-greeting")

    def __repr__(self):
        return "<HTTP %d %r %r>" % (self.status, self.headers, self.body[:200])


def http_get(target, path="/", timeout=5.0):
    """GET on a fresh connection. target: TCP port (127.0.0.1) or a Unix socket path."""
    if isinstance(target, str):
        conn = _UnixHTTPConnection(target, timeout)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", target, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        r = conn.getresponse()
        return Response(r.status, r.getheaders(), r.read())
    finally:
        conn.close()


# ----------------------------------------------------------------------------
# Configuration

def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join("%s = %s" % (k, toml_value(x)) for k, x in v.items()) + " }"
    raise TypeError(v)


def config_text(services, daemon=None):
    """TOML for {name: {key: value, 'listen': {...}, 'restart': {...}}}."""
    d = {"state_dir": "state", "control_socket": "baton.sock", "bus": "none"}
    d.update(daemon or {})
    lines = ["# generated by tests/daemon/batontest.py", "[daemon]"]
    lines += ["%s = %s" % (k, toml_value(v)) for k, v in d.items()]
    for name, svc in services.items():
        lines += ["", "[service.%s]" % name]
        for k, v in svc.items():
            if k not in ("listen", "restart"):
                lines.append("%s = %s" % (k, toml_value(v)))
        lines.append("[service.%s.listen]" % name)
        for k, v in svc["listen"].items():
            lines.append("%s = %s" % (k, toml_value(v)))
        if "restart" in svc:
            lines.append("[service.%s.restart]" % name)
            for k, v in svc["restart"].items():
                lines.append("%s = %s" % (k, toml_value(v)))
    return "\n".join(lines) + "\n"


def pyworker_command():
    return [PYTHON, PYWORKER]


def baton_worker_command(*extra):
    # A bare name: batond resolves it in its own folder (build/bin).
    return ["baton-worker", "--root", ".", "--threads", "1"] + list(extra)


# ----------------------------------------------------------------------------
# The daemon

def parse_time(s):
    try:
        return datetime.datetime.fromisoformat(s).timestamp()
    except (TypeError, ValueError):
        return None


class Daemon:
    """One batond on a config file in its own directory."""

    def __init__(self, root, text, name="baton.toml"):
        self.root = root
        self.dir = os.path.join(root, "conf")  # the config folder (workers' cwd)
        os.makedirs(self.dir, exist_ok=True)
        self.config = os.path.join(self.dir, name)
        if text is not None:  # None: use the file as it is (e.g. a second master on it)
            self.write_config(text)
        self.events_path = os.path.join(self.dir, "state", "events.jsonl")
        self.log_path = os.path.join(root, "batond-%d.log" % id(self))
        self.proc = None
        self.pid = None
        self.sids = set()
        self.extra_pids = set()
        self._events = []
        self._offset = 0
        self._partial = b""
        self._log = None
        self.returncode = None

    # -- config ---------------------------------------------------------------
    def write_config(self, text):
        tmp = self.config + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, self.config)

    @staticmethod
    def environment(extra=None):
        env = dict(os.environ)
        for k in list(env):
            if k.startswith(("LISTEN_", "WATCHDOG_")) or k == "NOTIFY_SOCKET":
                del env[k]
        env["BATON_TEST_MARKER"] = "passed-through"
        env.update(extra or {})
        return env

    # -- running --------------------------------------------------------------
    def command(self, *args):
        return [batond_binary(), "--config", self.config] + list(args)

    def spawn(self, *args, env=None):
        """Start batond in the foreground (its own session), without waiting."""
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.command(*args), stdin=subprocess.DEVNULL, stdout=self._log,
                                     stderr=subprocess.STDOUT, env=self.environment(env),
                                     cwd=self.root, start_new_session=True)
        self.pid = self.proc.pid
        self.sids.add(self.pid)
        return self.proc

    def start(self, *args, env=None, timeout=20.0):
        self.spawn(*args, env=env)
        self.wait_started(timeout)
        return self

    def wait_started(self, timeout=20.0):
        """Until daemon-started and a generation-ready for every service."""
        services = self.services_in_config()

        def started():
            evs = self.events()
            kinds = {e.get("kind") for e in evs}
            ready = {e.get("service") for e in evs if e.get("kind") == "generation-ready"}
            return "daemon-started" in kinds and services <= ready

        self.wait_for(started, timeout, "batond start-up (daemon-started + generation-ready of %s)" % sorted(services))

    def services_in_config(self):
        out = set()
        with open(self.config) as f:
            for line in f:
                line = line.strip()
                if line.startswith("[service.") and line.count(".") == 1:
                    out.add(line[len("[service."):-1])
        return out

    def running(self):
        if self.proc is not None and self.proc.pid == self.pid:
            return self.proc.poll() is None
        return self.pid is not None and alive(self.pid)

    def send(self, sig):
        kill_quietly(self.pid, sig)

    def reload(self, expect=("reload-finished",), timeout=20.0):
        """SIGHUP, then wait for the reload's outcome event; check its kind."""
        mark = self.mark()
        t0 = time.monotonic()
        self.send(signal.SIGHUP)
        ev = self.wait_event(RELOAD_DONE, after=mark, timeout=timeout)
        ev["_elapsed"] = time.monotonic() - t0
        if ev["kind"] not in expect:
            raise AssertionError("reload ended with %s, expected %s: %s\n%s"
                                 % (ev["kind"], " or ".join(expect), ev, self.diag()))
        return ev

    def stop(self, timeout=30.0, sig=signal.SIGTERM):
        """Graceful stop; returns batond's exit code."""
        self.send(sig)
        return self.wait_exit(timeout)

    def wait_exit(self, timeout):
        if self.proc is not None and self.proc.pid == self.pid:
            try:
                self.returncode = self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                raise AssertionError("batond (pid %d) still running after %.0f s\n%s" % (self.pid, timeout, self.diag()))
        else:
            self.returncode = wait_exit_status(self.pid, timeout)
        return self.returncode

    # -- events ---------------------------------------------------------------
    def events(self):
        try:
            with open(self.events_path, "rb") as f:
                f.seek(self._offset)
                data = f.read()
        except FileNotFoundError:
            return self._events
        self._offset += len(data)
        data = self._partial + data
        lines = data.split(b"\n")
        self._partial = lines.pop()
        for line in lines:
            if line.strip():
                try:
                    ev = json.loads(line)
                except ValueError:
                    ev = {"kind": "<unparsable>", "raw": line.decode("utf-8", "replace")}
                ev["_seen"] = time.monotonic()
                self._events.append(ev)
                if ev.get("kind") == "spawn" and ev.get("pid"):
                    self.extra_pids.add(ev["pid"])
        return self._events

    def mark(self):
        return len(self.events())

    def find(self, kinds, after=0, **match):
        if isinstance(kinds, str):
            kinds = (kinds,)
        out = []
        for ev in self.events()[after:]:
            if ev.get("kind") not in kinds:
                continue
            ok = True
            for k, want in match.items():
                v = ev.get(k)
                if callable(want):
                    if not want(v):
                        ok = False
                elif v != want:
                    ok = False
            if ok:
                out.append(ev)
        return out

    def wait_event(self, kinds, after=0, timeout=10.0, allow_exit=False, **match):
        box = []

        def found():
            evs = self.find(kinds, after, **match)
            if evs:
                box.append(evs[0])
                return True
            return False

        self.wait_for(found, timeout, "event %s %s (after #%d)" % (kinds, match or "", after), allow_exit=allow_exit)
        return box[0]

    def wait_for(self, pred, timeout, what, allow_exit=False):
        deadline = time.monotonic() + timeout
        while True:
            if pred():
                return
            if not allow_exit and not self.running():
                if pred():
                    return
                raise AssertionError("batond exited (code %s) while waiting for %s\n%s"
                                     % (self.proc.poll() if self.proc else "?", what, self.diag()))
            if time.monotonic() > deadline:
                raise AssertionError("timed out after %.1f s waiting for %s\n%s" % (timeout, what, self.diag()))
            time.sleep(0.01)

    # -- workers --------------------------------------------------------------
    def spawned(self, service=None, after=0):
        return [e for e in self.find("spawn", after) if service is None or e.get("service") == service]

    def spawned_pids(self, service=None, after=0):
        return sorted({e["pid"] for e in self.spawned(service, after) if e.get("pid")})

    def live_workers(self, service=None, generation=None):
        """PIDs spawned for service (optionally of one generation) still running."""
        out = []
        for e in self.spawned(service):
            if generation is not None and e.get("generation") != generation:
                continue
            if alive(e["pid"]):
                out.append(e["pid"])
        return sorted(set(out))

    def current_generation(self, service):
        evs = self.find("generation-ready", service=service)
        return evs[-1]["generation"] if evs else None

    def current_workers(self, service):
        return self.live_workers(service, self.current_generation(service))

    def wait_settled(self, service, count, timeout=20.0):
        """Until only the current generation's `count` workers of service are alive."""
        def settled():
            cur = self.current_generation(service)
            return cur is not None and len(self.live_workers(service)) == count and \
                len(self.live_workers(service, cur)) == count
        self.wait_for(settled, timeout, "%s settled on %d worker(s) of its current generation" % (service, count))
        return self.current_workers(service)

    # -- diagnostics & clean-up -----------------------------------------------
    def log_text(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def diag(self, lines=60, events=30):
        log = self.log_text().splitlines()
        evs = self.events()[-events:]
        out = ["---- batond %s, config %s ----" % (self.pid, self.config),
               "---- last %d log lines ----" % min(lines, len(log))]
        out += log[-lines:]
        out.append("---- last %d events ----" % len(evs))
        out += [json.dumps({k: v for k, v in e.items() if not k.startswith("_")}) for e in evs]
        out += self.process_state()
        return "\n".join(out)

    def process_state(self):
        """Where a batond that says nothing is: its state, wait channel and
        kernel stacks (root only), for a start-up that stalls."""
        if not self.pid:
            return []
        out = ["---- process %d ----" % self.pid]
        try:
            with open("/proc/%d/status" % self.pid) as f:
                out += [l.rstrip() for l in f if l.startswith(("State:", "Threads:", "SigBlk:", "SigPnd:", "ShdPnd:"))]
            for tid in sorted(os.listdir("/proc/%d/task" % self.pid)):
                base = "/proc/%d/task/%s/" % (self.pid, tid)
                with open(base + "wchan") as f:
                    wchan = f.read().strip()
                try:
                    with open(base + "stack") as f:
                        stack = f.read().strip().replace("\n", " | ")
                except OSError:
                    stack = "?"
                out.append("thread %s wchan %s stack %s" % (tid, wchan, stack[:400]))
            with open("/proc/%d/cmdline" % self.pid, "rb") as f:
                out.append("cmdline: %s" % f.read().replace(b"\0", b" ").decode(errors="replace"))
        except OSError as e:
            out.append("(gone: %s)" % e)
        return out

    def candidates(self):
        procs = all_procs()
        pids = set()
        if self.pid:
            pids.update(descendants(self.pid, procs))
        for sid in self.sids:
            pids.update(session_members(sid, procs))
        for p in self.extra_pids:
            st = procs.get(p)
            # Only kill what is still plausibly ours: in one of our sessions, or a
            # child of batond or of this test process.
            if st and (st[3] in self.sids or st[1] in (self.pid, os.getpid())):
                pids.add(p)
        pids.discard(os.getpid())
        return pids

    def cleanup(self):
        try:
            self.events()
            if self.pid and self.running():
                kill_quietly(self.pid, signal.SIGTERM)
                deadline = time.monotonic() + 5
                while self.running() and time.monotonic() < deadline:
                    time.sleep(0.02)
            leftovers = self.candidates()
            if self.pid and self.running():
                leftovers.add(self.pid)
            for p in leftovers:
                kill_quietly(p, signal.SIGKILL)
            if self.proc is not None:
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    pass
            wait_gone(leftovers, 5)
        finally:
            if self._log:
                self._log.close()


class LoadClient:
    """baton-loadclient in the background; result() stops it and parses its JSON."""

    def __init__(self, port, connections=32, duration="60s", path="/healthz", track=("X-Worker-Pid",),
                 timeout="5s", think=None):
        cmd = [loadclient_binary(), "--connect", "127.0.0.1:%d" % port, "--connections", str(connections),
               "--duration", duration, "--path", path, "--timeout", timeout]
        for h in track:
            cmd += ["--track-header", h]
        if think:
            cmd += ["--think", think]
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.started = time.monotonic()
        self.data = None

    def result(self, stop=True, timeout=20.0):
        if self.data is not None:
            return self.data
        if stop and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            raise AssertionError("baton-loadclient did not finish in time: %s" % err.decode(errors="replace"))
        lines = [l for l in out.decode().splitlines() if l.strip()]
        if self.proc.returncode != 0 or not lines:
            raise AssertionError("baton-loadclient failed (exit %s): %s %s"
                                 % (self.proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")))
        self.data = json.loads(lines[-1])
        return self.data

    def cleanup(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class Requester(threading.Thread):
    """Background GETs on fresh connections (a second, independent client)."""

    def __init__(self, target, path="/healthz", interval=0.02, timeout=5.0):
        super().__init__(daemon=True)
        self.target, self.path, self.interval, self.timeout = target, path, interval, timeout
        self.ok, self.failures, self.pids, self.greetings = 0, [], set(), set()
        self._stop_flag = threading.Event()
        self.start()

    def run(self):
        while not self._stop_flag.is_set():
            try:
                r = http_get(self.target, self.path, self.timeout)
                if r.status == 200:
                    self.ok += 1
                    self.pids.add(r.pid)
                    self.greetings.add(r.greeting)
                else:
                    self.failures.append("status %d" % r.status)
            except Exception as e:  # noqa: BLE001 - every failure counts
                self.failures.append("%s: %s" % (type(e).__name__, e))
            self._stop_flag.wait(self.interval)

    def finish(self):
        self._stop_flag.set()
        self.join(self.timeout + 2)
        return self


# ----------------------------------------------------------------------------
# Test case base

class BatonTestCase(unittest.TestCase):
    """Temporary directory, daemons and load clients with guaranteed clean-up;
    on failure the daemons' logs and last events are printed."""

    maxDiff = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="baton-t-")
        self._daemons = []
        self._diag = []
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        for d in self._daemons:
            try:
                self._diag.append(d.diag(lines=80, events=40))
            except Exception:  # noqa: BLE001
                pass
        for d in reversed(self._daemons):
            d.cleanup()
        reap_orphans()
        if os.environ.get("BATON_TEST_KEEP") == "1":
            sys.stderr.write("kept %s\n" % self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def run(self, result=None):
        if result is None:
            return super().run(result)
        before = len(result.failures) + len(result.errors)
        out = super().run(result)
        if len(result.failures) + len(result.errors) > before and self._diag:
            sys.stderr.write("\n==== diagnostics for %s ====\n" % self.id())
            for d in self._diag:
                sys.stderr.write(d + "\n")
            sys.stderr.flush()
        return out

    def daemon(self, text, name="baton.toml", subdir=None):
        root = os.path.join(self.tmp, subdir) if subdir else self.tmp
        os.makedirs(root, exist_ok=True)
        d = Daemon(root, text, name)
        self._daemons.append(d)
        return d

    def load(self, port, **kw):
        lc = LoadClient(port, **kw)
        self.addCleanup(lc.cleanup)
        return lc

    def assertNoLoadErrors(self, res, what=""):
        self.assertEqual(res["errors"], 0, "load client errors %s: %s" % (what, json.dumps(res)))
        self.assertEqual(res["retry_failed"], 0, "failed retries %s: %s" % (what, json.dumps(res)))

    def assertAllGone(self, pids, timeout=5.0, what="workers"):
        pids = sorted(set(pids))
        if not wait_gone(pids, timeout):
            left = [(p, proc_stat(p)) for p in pids if alive(p)]
            self.fail("%s still running after %.1f s: %s" % (what, timeout, left))


def main():
    unittest.main(verbosity=2)
