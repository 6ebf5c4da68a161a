"""Shared helpers for Baton's benchmarks: processes, /proc sampling, wrk, servers.

Python 3 standard library only. Everything binds and connects to 127.0.0.1,
every process started here is tracked and stopped again (see Reaper), and
every wait is bounded.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def log(msg):
    print("bench: " + msg, flush=True)


# ---------------------------------------------------------------- processes

class Reaper:
    """Remembers every process (group) we start; kill_all() at exit."""

    def __init__(self):
        self.groups = []      # process-group ids we own
        self.pids = []        # single processes (workers in their own groups)
        self.lock = threading.Lock()

    def add_group(self, pgid):
        with self.lock:
            self.groups.append(pgid)

    def add_pid(self, pid, match):
        with self.lock:
            self.pids.append((pid, match))

    def kill_all(self):
        with self.lock:
            groups, pids = list(self.groups), list(self.pids)
            self.groups, self.pids = [], []
        for pgid in groups:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except OSError:
                pass
        for pid, match in pids:
            if cmdline_contains(pid, match):
                for target in (-pid, pid):
                    try:
                        os.kill(target, signal.SIGKILL)
                    except OSError:
                        pass


REAPER = Reaper()


def cmdline_contains(pid, needle):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return needle.encode() in f.read()
    except OSError:
        return False


def alive(pid):
    """True while pid exists and is not a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            data = f.read()
    except OSError:
        return False
    return data[data.rfind(")") + 2] != "Z"


def children_of(ppid):
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                data = f.read()
        except OSError:
            continue
        fields = data[data.rfind(")") + 2:].split()
        if len(fields) > 1 and int(fields[1]) == ppid and fields[0] != "Z":
            out.append(int(name))
    return sorted(out)


def proc_sample(pid):
    """CPU ticks, RSS bytes, context switches (all threads) of one process."""
    with open("/proc/%d/stat" % pid) as f:
        data = f.read()
    fields = data[data.rfind(")") + 2:].split()
    ticks = int(fields[11]) + int(fields[12])   # utime + stime
    rss = None
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
    ctxt = 0
    threads = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/status" % (pid, tid)) as f:
                threads += 1
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        ctxt += int(line.split()[1])
        except OSError:
            pass
    return {"time": time.monotonic(), "ticks": ticks, "rss": rss, "ctxt": ctxt, "threads": threads}


def schedstat(pid):
    """(ns on a CPU, ns waiting for a CPU) summed over the threads of pid."""
    run = wait = 0
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            try:
                with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                    a, b, _ = f.read().split()
                run += int(a)
                wait += int(b)
            except (OSError, ValueError):
                pass
    except OSError:
        return None
    return run, wait


def usage_between(a, b):
    secs = max(b["time"] - a["time"], 1e-9)
    return {
        "seconds": round(secs, 2),
        "rss_mb": round(b["rss"] / 1048576, 2),
        "cpu_percent": round(100.0 * (b["ticks"] - a["ticks"]) / CLK_TCK / secs, 3),
        "cpu_ms": round(1000.0 * (b["ticks"] - a["ticks"]) / CLK_TCK, 1),
        "wakeups": b["ctxt"] - a["ctxt"],
        "wakeups_per_s": round((b["ctxt"] - a["ctxt"]) / secs, 2),
        "threads": b["threads"],
    }


def rss_sum_mb(pids):
    total = 0
    for pid in pids:
        try:
            total += proc_sample(pid)["rss"]
        except OSError:
            pass
    return round(total / 1048576, 1)


def smaps_top(pid, n=40):
    """The mappings that hold the most RSS: the memory profile of a process."""
    per = {}
    current = None
    try:
        with open("/proc/%d/smaps" % pid) as f:
            for line in f:
                head = line.split()
                if not head:
                    continue
                if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                    current = head[5] if len(head) > 5 else "[anon]"
                elif head[0] == "Rss:" and current is not None:
                    per[current] = per.get(current, 0) + int(head[1])
    except OSError:
        return []
    top = sorted(per.items(), key=lambda kv: -kv[1])[:n]
    return [{"mapping": k, "rss_kb": v} for k, v in top]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port, path="/", timeout=1.0):
    """One plain HTTP/1.1 GET; returns the status code or None."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" % path).encode())
            data = b""
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
        return int(m.group(1)) if m else None
    except OSError:
        return None


def wait_for(predicate, timeout, interval=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def percentile(values, p):
    if not values:
        return None
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def summary(values, digits=2):
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), digits),
        "p90": round(percentile(values, 90), digits),
        "p99": round(percentile(values, 99), digits),
        "max": round(max(values), digits),
        "mean": round(sum(values) / len(values), digits),
    }


# ---------------------------------------------------------------- wrk

WRK_THREADS = 2
WRK_CONNECTIONS = 64


def parse_duration_ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)", text)
    if not m:
        return None
    v = float(m.group(1))
    return round(v * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[m.group(2)], 3)


def parse_wrk(text):
    out = {"requests": 0, "seconds": None, "rps": 0.0,
           "socket_errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0},
           "non_2xx_3xx": 0, "latency_ms": {}}
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+),", text)
    if m:
        out["requests"] = int(m.group(1))
        out["seconds"] = parse_duration_ms(m.group(2) + m.group(3)) / 1000.0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        out["socket_errors"] = dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups())))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        out["non_2xx_3xx"] = int(m.group(1))
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        out["rps"] = float(m.group(1))
    for pct in ("50", "90", "99"):
        m = re.search(r"^\s+%s%%\s+(\S+)" % pct, text, re.M)
        if m:
            out["latency_ms"]["p" + pct] = parse_duration_ms(m.group(1))
    out["errors"] = sum(out["socket_errors"].values()) + out["non_2xx_3xx"]
    return out


def start_wrk(port, path, seconds):
    cmd = ["wrk", "-t%d" % WRK_THREADS, "-c%d" % WRK_CONNECTIONS, "-d%ds" % seconds, "--latency",
           "http://127.0.0.1:%d%s" % (port, path)]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    REAPER.add_group(p.pid)
    return p


def finish_wrk(p, seconds):
    try:
        out, _ = p.communicate(timeout=seconds + 20)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
    result = parse_wrk(out)
    result["raw"] = out.strip().splitlines()
    return result


def run_load(server, path, seconds, reload_every=None):
    """wrk for `seconds`; with reload_every, server.reload() on that period."""
    wrk = start_wrk(server.port, path, seconds)
    ticks = 0
    t0 = time.monotonic()
    if reload_every:
        time.sleep(reload_every)   # let the connections be established first
        while wrk.poll() is None:
            target = t0 + (ticks + 1) * reload_every
            now = time.monotonic()
            if now - t0 >= seconds - reload_every / 2:
                break
            if target > now:
                time.sleep(target - now)
            server.reload()
            ticks += 1
    result = finish_wrk(wrk, seconds)
    result["reloads_requested"] = ticks
    return result


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


# ---------------------------------------------------------------- event log

class EventTail:
    """Follows <state_dir>/events.jsonl across rotation (events.jsonl.1)."""

    def __init__(self, path):
        self.path = path
        self.fh = None
        self.ino = None
        self.buf = ""
        self.events = []

    def _open(self):
        try:
            self.fh = open(self.path, "r")
            self.ino = os.fstat(self.fh.fileno()).st_ino
        except OSError:
            self.fh = None

    def _drain(self):
        chunk = self.fh.read()
        if not chunk:
            return
        self.buf += chunk
        *lines, self.buf = self.buf.split("\n")
        for line in lines:
            if line.strip():
                try:
                    self.events.append(json.loads(line))
                except ValueError:
                    pass

    def poll(self):
        if self.fh is None:
            self._open()
            if self.fh is None:
                return self.events
        self._drain()
        try:
            ino = os.stat(self.path).st_ino
        except OSError:
            ino = self.ino
        if ino != self.ino:      # rotated: finish the old file, then follow the new one
            self._drain()
            self.fh.close()
            self.buf = ""
            self._open()
            if self.fh:
                self._drain()
        return self.events


def event_ms(e):
    # "2026-11-23T16:55:26.123Z"
    t = e["time"]
    m = re.match(r"(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)(?:\.(\d+))?", t)
    y, mo, d, h, mi, s, frac = m.groups()
    import calendar
    secs = calendar.timegm((int(y), int(mo), int(d), int(h), int(mi), int(s)))
    ms = int((frac or "0").ljust(3, "0")[:3])
    return secs * 1000 + ms


# ---------------------------------------------------------------- servers

class Server:
    name = "?"
    path = "/"

    def __init__(self, tmp, label):
        self.dir = os.path.join(tmp, label)
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        self.proc = None
        self.logfile = os.path.join(self.dir, "output.log")

    @property
    def pid(self):
        return self.proc.pid

    def _popen(self, cmd, env=None, cwd=None):
        out = open(self.logfile, "ab")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                     start_new_session=True, env=env, cwd=cwd or self.dir)
        out.close()
        REAPER.add_group(self.proc.pid)

    def wait_serving(self, timeout=20):
        ok = wait_for(lambda: self.proc.poll() is None and http_get(self.port, self.path) == 200, timeout, 0.05)
        if not ok:
            raise RuntimeError("%s did not serve on 127.0.0.1:%d within %d s; see %s"
                               % (self.name, self.port, timeout, self.logfile))

    def worker_pids(self):
        return children_of(self.pid)

    def stop(self):
        if not self.proc or self.proc.poll() is not None:
            return
        try:
            os.kill(self.pid, self.stop_signal)
        except OSError:
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


class Nginx(Server):
    name = "nginx"
    stop_signal = signal.SIGQUIT
    reload_signal = signal.SIGHUP

    def __init__(self, tmp, label="nginx", workers=2, static_root=False):
        super().__init__(tmp, label)
        self.workers = workers
        self.error_log = os.path.join(self.dir, "error.log")
        d = self.dir
        # Static files as nginx is deployed for them: sendfile, from a root.
        static = f"""
        location = /file.html {{ root {d}/www; sendfile on; tcp_nopush on; }}""" if static_root else ""
        conf = f"""# generated by bench/: foreground, temp files only, loopback only
daemon off;
master_process on;
worker_processes {workers};
pid {d}/nginx.pid;
error_log {d}/error.log notice;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    server {{
        listen 127.0.0.1:{self.port};
        location / {{ return 200 "ok\\n"; }}{static}
    }}
}}
"""
        self.conf = os.path.join(d, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(conf)

    def start(self):
        self._popen([find_tool("nginx"), "-p", self.dir, "-c", self.conf, "-e", self.error_log])
        self.wait_serving()
        wait_for(lambda: len(self.worker_pids()) >= self.workers, 10)

    def reload(self):
        os.kill(self.pid, self.reload_signal)

    def generations_started(self):
        """Worker generations started, from the error log (notice level)."""
        try:
            with open(self.error_log) as f:
                n = sum(1 for line in f if "start worker process " in line)
        except OSError:
            return 0
        return n // self.workers

    @staticmethod
    def version():
        out = subprocess.run([find_tool("nginx"), "-v"], capture_output=True, text=True).stderr
        m = re.search(r"nginx/(\S+)", out)
        return m.group(1) if m else out.strip()


class HAProxy(Server):
    name = "haproxy"
    stop_signal = signal.SIGUSR1        # soft stop; SIGKILL of the group after 15 s
    reload_signal = signal.SIGUSR2

    def __init__(self, tmp, label="haproxy", threads=2):
        super().__init__(tmp, label)
        self.pidfile = os.path.join(self.dir, "haproxy.pid")
        conf = f"""# generated by bench/: master-worker in the foreground, loopback only
global
    master-worker
    nbthread {threads}

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout http-keep-alive 30s

frontend fe
    bind 127.0.0.1:{self.port}
    http-request return status 200 content-type text/plain string "ok"
"""
        self.conf = os.path.join(self.dir, "haproxy.cfg")
        with open(self.conf, "w") as f:
            f.write(conf)

    def start(self):
        self._popen([find_tool("haproxy"), "-W", "-db", "-f", self.conf, "-p", self.pidfile])
        self.wait_serving()
        wait_for(lambda: len(self.worker_pids()) >= 1, 10)
        self.wait_loaded(1)
        # The master loses a SIGUSR2 that comes right after its first start
        # (seen with 2.6.12: the reload never happens); give it a moment.
        time.sleep(1.0)

    def loads(self):
        """How often the master finished loading ("Loading success."): it takes
        the next SIGUSR2 only after that; one that comes earlier is lost."""
        try:
            with open(self.logfile, errors="replace") as f:
                return sum(1 for line in f if "Loading success." in line)
        except OSError:
            return 0

    def wait_loaded(self, n, timeout=15):
        return wait_for(lambda: self.loads() >= n, timeout, 0.002)

    def reload_marks(self):
        """Reloads the master has completely finished: after a reload it logs
        "path to executable is ..." once it is back in its loop; a SIGUSR2 sent
        before that is lost (seen with 2.6.12)."""
        try:
            with open(self.logfile, errors="replace") as f:
                return sum(1 for line in f if "path to executable is" in line)
        except OSError:
            return 0

    def reload(self):
        os.kill(self.pid, self.reload_signal)

    def generations_started(self):
        try:
            with open(self.logfile, errors="replace") as f:
                return sum(1 for line in f if "New worker" in line and "forked" in line)
        except OSError:
            return 0

    def stop(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except OSError:
                pass
        super().stop()

    @staticmethod
    def version():
        out = subprocess.run([find_tool("haproxy"), "-v"], capture_output=True, text=True).stdout
        m = re.search(r"version (\S+)", out)
        return m.group(1) if m else out.strip()


class Baton(Server):
    name = "baton"
    path = "/healthz"
    stop_signal = signal.SIGTERM

    def __init__(self, tmp, label, bin_dir, workers=2, command=None, use_batonctl=True,
                 drain_timeout="10s", extra_env=None, extra_services="", daemon_extra=""):
        super().__init__(tmp, label)
        self.bin_dir = bin_dir
        self.workers = workers
        self.socket = os.path.join(self.dir, "control.sock")
        self.state = os.path.join(self.dir, "state")
        self.events_path = os.path.join(self.state, "events.jsonl")
        os.makedirs(os.path.join(self.dir, "www"), exist_ok=True)
        with open(os.path.join(self.dir, "www", "index.html"), "w") as f:
            f.write("ok\n")
        command = command or ["baton-worker", "--root", "www"]
        self.worker_match = os.path.basename(command[1] if "python" in os.path.basename(command[0]) else command[0])
        cmd_toml = "[" + ", ".join(json.dumps(c) for c in command) + "]"
        env_toml = ""
        if extra_env:
            env_toml = "env = { " + ", ".join("%s = %s" % (k, json.dumps(v)) for k, v in extra_env.items()) + " }\n"
        conf = f"""# generated by bench/
[daemon]
control_socket = "control.sock"
state_dir = "state"
bus = "none"
{daemon_extra}
[service.web]
command = {cmd_toml}
workers = {workers}
ready = "notify"
ready_timeout = "20s"
drain_timeout = "{drain_timeout}"
{env_toml}
[service.web.listen]
http = "127.0.0.1:{self.port}"
{extra_services}"""
        self.conf = os.path.join(self.dir, "baton.toml")
        with open(self.conf, "w") as f:
            f.write(conf)
        self.batonctl = os.path.join(bin_dir, "batonctl")
        self.use_batonctl = use_batonctl and os.access(self.batonctl, os.X_OK)
        self.ctl_procs = []
        self.ctl_fallbacks = 0
        self.tail = None

    @property
    def trigger(self):
        return "batonctl --socket PATH reload" if self.use_batonctl else "SIGHUP"

    def start(self, timeout=60):
        self._popen([os.path.join(self.bin_dir, "batond"), "--config", self.conf])
        self.tail = EventTail(self.events_path)

        def ready():
            if self.proc.poll() is not None:
                raise RuntimeError("batond exited with %s; see %s" % (self.proc.returncode, self.logfile))
            evs = self.tail.poll()
            return any(e.get("kind") == "generation-ready" and e.get("service") == "web" for e in evs)

        if not wait_for(ready, timeout, 0.05):
            raise RuntimeError("batond: generation 1 not ready within %d s; see %s" % (timeout, self.logfile))
        self.wait_serving()
        self.track_workers()

    def track_workers(self):
        for e in self.tail.poll():
            if e.get("kind") == "spawn" and e.get("pid") and not e.get("_tracked"):
                e["_tracked"] = True
                REAPER.add_pid(int(e["pid"]), self.worker_match)

    def has_socket(self):
        return os.path.exists(self.socket)

    def reload(self):
        if self.use_batonctl:
            try:
                p = subprocess.Popen([self.batonctl, "--socket", self.socket, "reload"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
                REAPER.add_group(p.pid)
                self.ctl_procs.append(p)
                return
            except OSError:    # e.g. being relinked right now: this one by signal
                self.ctl_fallbacks += 1
        os.kill(self.pid, signal.SIGHUP)

    def collect_ctl(self, timeout=30):
        """Exit codes of the batonctl reloads started so far."""
        deadline = time.monotonic() + timeout
        codes = {}
        for p in self.ctl_procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
            codes[p.returncode] = codes.get(p.returncode, 0) + 1
        self.ctl_procs = []
        out = {str(k): v for k, v in codes.items()}
        if self.ctl_fallbacks:
            out["sighup_fallbacks"] = self.ctl_fallbacks
        return out

    def events(self):
        return self.tail.poll()

    def current_workers(self):
        """PIDs of live workers, from the event log."""
        live = {}
        for e in self.tail.poll():
            if e.get("kind") == "spawn":
                live[e["pid"]] = e["generation"]
            elif e.get("kind") == "exit":
                live.pop(e["pid"], None)
        return sorted(live)

    def stop(self):
        super().stop()
        if self.tail:
            self.track_workers()
        # Workers lead their own process groups: anything left is killed by REAPER.

    def version(self):
        out = subprocess.run([os.path.join(self.bin_dir, "batond"), "--version"], capture_output=True, text=True)
        return (out.stdout.strip() or out.stderr.strip()).replace("batond ", "")


def find_tool(name):
    path = shutil.which(name)
    if path:
        return path
    for d in ("/usr/sbin", "/sbin", "/usr/bin"):
        if os.access(os.path.join(d, name), os.X_OK):
            return os.path.join(d, name)
    raise RuntimeError("%s not found" % name)
