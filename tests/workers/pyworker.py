#!/usr/bin/env python3
"""pyworker: a small socket-activated HTTP/1.1 worker for Baton's process tests.

Python 3 standard library only, and deliberately independent of baton-worker:
it speaks the worker contract (README "The worker contract") directly.

Start-up:
  * records its open FDs (before opening anything itself), the environment,
    the working directory and its signal mask, all exposed over HTTP;
  * takes LISTEN_FDS listeners from FD 3 on, named by LISTEN_FDNAMES, and
    checks LISTEN_PID (exit 2 when the activation variables are missing or
    not for us);
  * sends READY=1 to NOTIFY_SOCKET ('@' = abstract namespace) once every
    listener is being served; WATCHDOG=1 every WATCHDOG_USEC/2 when set.

HTTP (GET, keep-alive; every response has X-Worker-Pid and, when GREETING is
set, X-Greeting):
  /healthz        "ok"
  /listeners      JSON list of {fd, name, family, type, address}, in FD order
  /env            JSON of the environment as received at start-up
  /fds            JSON {fd: readlink target} of the FDs open at start-up
  /info           JSON {pid, ppid, pgid, sid, cwd, argv, sigmask_at_start}
  /slow?ms=N      answers after N milliseconds
  anything else   "hello from pyworker"

Drain (SIGTERM or SIGINT): send STOPPING=1, close our copies of the
listeners, finish requests in progress; later responses carry
"Connection: close"; a connection idle for 100 ms is closed gracefully
(shutdown(SHUT_WR), then input is read and discarded until the peer closes,
at most 5 s). Exit 0 once no connection is left (1 after DRAIN_TIMEOUT
seconds, default 30).

Behaviour switches (environment, so that a config `env` change makes a new
generation):
  NEVER_READY=1       never send READY=1 and never accept (just wait)
  CRASH_ON_START=1    exit with status 3 right after start-up
  STARTUP_DELAY=SECS  sleep before serving and sending READY=1
  IGNORE_TERM=1       ignore SIGTERM and SIGINT (tests drain_timeout/SIGKILL)
  NO_WATCHDOG=1       never send WATCHDOG=1
  ABRUPT_TERM=1       exit at once on SIGTERM, dropping every connection (a
                      broken worker: lets the tests prove they detect it)
  CRASH_AFTER=SECS    exit with status 4 SECS after becoming ready (a crash loop);
                      with CRASH_WHILE=PATH only while PATH exists
  CRASH_WHEN=PATH     exit with status 4 once PATH exists, after becoming ready
                      (checked every 20 ms: a test decides when the crash is)
  ONLY_FIRST_SERVES=PATH  the first worker to create PATH serves; every other
                      one exits with status 1 before READY after FAIL_DELAY
                      seconds (default 1.5): a generation half ready
  LISTEN_PID_PARENT=1 accept a LISTEN_PID that is our parent's: we were
                      started by a wrapper that did not exec (sh -c "...; ...")
  TERM_LOG=PATH       append our PID to PATH for every SIGTERM/SIGINT we get
                      (tests: batond signals each process of a tree once)
  EXIT_DELAY=SECS     stay SECS seconds after draining before exiting (a
                      slow shutdown: the tree outlives a leader that exits
                      at once)

forkworker.py imports this module and reuses take_listeners(), serve() and
notify() for workers that fork (prefork, double fork).
"""

import os


def _fd_snapshot():
    """FDs open right now, as {fd: link target}, without counting our own."""
    dir_fd = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        names = os.listdir(dir_fd)  # listdir dups dir_fd; that dup is closed again
        out = {}
        for name in names:
            fd = int(name)
            if fd == dir_fd:
                continue
            try:
                out[fd] = os.readlink("/proc/self/fd/%d" % fd)
            except OSError:
                pass  # listdir's own (already closed) duplicate
        return out
    finally:
        os.close(dir_fd)


# Before any import that might open something.
START_FDS = _fd_snapshot()
START_ENV = dict(os.environ)
START_CWD = os.getcwd()

import json  # noqa: E402
import select  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from urllib.parse import parse_qs, urlsplit  # noqa: E402

START_SIGMASK = sorted(int(s) for s in signal.pthread_sigmask(signal.SIG_BLOCK, []))

PID = os.getpid()
# One write(2) per signal, from the handler: no lock, no buffer.
TERM_LOG_FD = (os.open(START_ENV["TERM_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
               if START_ENV.get("TERM_LOG") else None)
GREETING = START_ENV.get("GREETING")
DRAIN_TIMEOUT = float(START_ENV.get("DRAIN_TIMEOUT", "30"))
IDLE_CLOSE = 1.0   # drain grace for idle keep-alive connections (see baton-worker)
LINGER = 5.0

draining = threading.Event()
drain_started = [0.0]
conn_lock = threading.Lock()
conn_count = [0]


def log(msg):
    sys.stderr.write("pyworker[%d]: %s\n" % (PID, msg))
    sys.stderr.flush()


def notify(message):
    addr = START_ENV.get("NOTIFY_SOCKET")
    if not addr:
        return
    if addr.startswith("@"):
        addr = "\0" + addr[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as s:
            s.sendto(message.encode(), addr)
    except OSError as e:
        log("notify %r failed: %s" % (message, e))


def take_listeners():
    if "LISTEN_FDS" not in START_ENV or "LISTEN_PID" not in START_ENV:
        log("LISTEN_FDS/LISTEN_PID missing")
        sys.exit(2)
    ours = {str(PID)}
    if START_ENV.get("LISTEN_PID_PARENT") == "1":
        ours.add(str(os.getppid()))  # started by a wrapper that did not exec (sh -c "...; ...")
    if START_ENV["LISTEN_PID"] not in ours:
        log("LISTEN_PID=%s is not our pid %d" % (START_ENV["LISTEN_PID"], PID))
        sys.exit(2)
    n = int(START_ENV["LISTEN_FDS"])
    names = START_ENV.get("LISTEN_FDNAMES", "").split(":") if START_ENV.get("LISTEN_FDNAMES") else []
    for var in ("LISTEN_FDS", "LISTEN_FDNAMES", "LISTEN_PID"):
        os.environ.pop(var, None)
    out = []
    for i in range(n):
        fd = 3 + i
        sock = socket.socket(fileno=fd)
        os.set_inheritable(fd, False)
        sock.setblocking(False)
        addr = sock.getsockname()
        if sock.family == socket.AF_UNIX:
            address = "unix:" + (addr.decode() if isinstance(addr, bytes) else addr)
        elif sock.family == socket.AF_INET6:
            address = "[%s]:%d" % (addr[0], addr[1])
        else:
            address = "%s:%d" % (addr[0], addr[1])
        out.append({
            "fd": fd,
            "name": names[i] if i < len(names) else "",
            "family": sock.family.name,
            "type": socket.SocketKind(sock.type).name,
            "address": address,
            "accepting": bool(sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)),
            "sock": sock,
        })
    return out


def info_json():
    return {
        "pid": PID,
        "ppid": os.getppid(),
        "pgid": os.getpgid(0),
        "sid": os.getsid(0),
        "cwd": START_CWD,
        "argv": sys.argv,
        "sigmask_at_start": START_SIGMASK,
    }


def respond(conn, status, body, content_type, close):
    reason = {200: "OK", 404: "Not Found", 400: "Bad Request", 405: "Method Not Allowed"}.get(status, "OK")
    if isinstance(body, str):
        body = body.encode()
    head = ["HTTP/1.1 %d %s" % (status, reason),
            "Content-Type: " + content_type,
            "Content-Length: %d" % len(body),
            "X-Worker-Pid: %d" % PID]
    if GREETING is not None:
        head.append("X-Greeting: " + "".join(c for c in GREETING if c >= " " and c != "\x7f"))
    head.append("Connection: " + ("close" if close else "keep-alive"))
    conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body)


def handle(target):
    url = urlsplit(target)
    path = url.path
    if path == "/healthz":
        return 200, "ok\n", "text/plain"
    if path == "/listeners":
        return 200, json.dumps([{k: v for k, v in l.items() if k != "sock"} for l in LISTENERS]), "application/json"
    if path == "/env":
        return 200, json.dumps(START_ENV), "application/json"
    if path == "/fds":
        return 200, json.dumps({str(k): v for k, v in sorted(START_FDS.items())}), "application/json"
    if path == "/info":
        return 200, json.dumps(info_json()), "application/json"
    if path == "/slow":
        ms = int(parse_qs(url.query).get("ms", ["1000"])[0])
        time.sleep(ms / 1000.0)
        return 200, "slept %d ms\n" % ms, "text/plain"
    return 200, "hello from pyworker\n", "text/plain"


def graceful_close(conn):
    try:
        conn.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + LINGER
        conn.settimeout(0.2)
        while time.monotonic() < deadline:
            try:
                if not conn.recv(65536):
                    break
            except socket.timeout:
                continue
    except OSError:
        pass
    finally:
        conn.close()


def serve_connection(conn):
    buf = b""
    idle_since = time.monotonic()
    try:
        conn.setblocking(True)
        while True:
            # Wait for a complete request head.
            while b"\r\n\r\n" not in buf:
                r, _, _ = select.select([conn], [], [], 0.05)
                if not r:
                    if not buf and draining.is_set():
                        now = time.monotonic()
                        if now - max(idle_since, drain_started[0]) >= IDLE_CLOSE:
                            graceful_close(conn)
                            return
                    continue
                data = conn.recv(65536)
                if not data:
                    conn.close()
                    return
                buf += data
            head, _, buf = buf.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            parts = lines[0].split(" ")
            if len(parts) != 3:
                respond(conn, 400, "bad request\n", "text/plain", True)
                graceful_close(conn)
                return
            method, target, version = parts
            headers = {}
            for line in lines[1:]:
                k, _, v = line.partition(":")
                headers[k.strip().lower()] = v.strip()
            length = int(headers.get("content-length", "0") or "0")
            while len(buf) < length:
                data = conn.recv(65536)
                if not data:
                    conn.close()
                    return
                buf += data
            buf = buf[length:]
            conn_hdr = headers.get("connection", "").lower()
            close = (draining.is_set() or conn_hdr == "close"
                     or (version == "HTTP/1.0" and conn_hdr != "keep-alive"))
            if method not in ("GET", "HEAD"):
                status, body, ctype = 405, "method not allowed\n", "text/plain"
            else:
                status, body, ctype = handle(target)
            close = close or draining.is_set()
            respond(conn, status, body, ctype, close)
            if close:
                graceful_close(conn)
                return
            idle_since = time.monotonic()
    except OSError as e:
        log("connection error: %s" % e)
        try:
            conn.close()
        except OSError:
            pass
    finally:
        with conn_lock:
            conn_count[0] -= 1


def on_term(signum, frame):
    if TERM_LOG_FD is not None:
        os.write(TERM_LOG_FD, b"%d\n" % os.getpid())
    if START_ENV.get("ABRUPT_TERM") == "1":
        os._exit(0)
    if not draining.is_set():
        drain_started[0] = time.monotonic()
        draining.set()


def watchdog_loop(interval):
    while True:
        notify("WATCHDOG=1")
        time.sleep(interval)


def main():
    global LISTENERS
    if START_ENV.get("CRASH_ON_START") == "1":
        log("CRASH_ON_START=1: exiting with status 3")
        sys.exit(3)
    if START_ENV.get("IGNORE_TERM") == "1":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    else:
        signal.signal(signal.SIGTERM, on_term)
        signal.signal(signal.SIGINT, on_term)

    LISTENERS = take_listeners()
    usec = START_ENV.get("WATCHDOG_USEC")
    if usec and START_ENV.get("NO_WATCHDOG") != "1":
        threading.Thread(target=watchdog_loop, args=(int(usec) / 2e6,), daemon=True).start()

    if START_ENV.get("NEVER_READY") == "1":
        log("NEVER_READY=1: not serving, never ready")
        while not draining.is_set():
            draining.wait(0.1)
        return 0

    first = START_ENV.get("ONLY_FIRST_SERVES")
    if first:
        try:
            os.close(os.open(first, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            time.sleep(float(START_ENV.get("FAIL_DELAY", "1.5")))
            log("ONLY_FIRST_SERVES: not the first, exiting with status 1 before READY")
            return 1

    delay = float(START_ENV.get("STARTUP_DELAY", "0") or "0")
    if delay > 0:
        time.sleep(delay)
    return serve(LISTENERS)


def serve(listeners, ready=True):
    """Accept on listeners until SIGTERM/SIGINT, then drain; the exit code.
    ready: send READY=1 once serving (only the process batond spawned, or a
    descendant of it, may)."""
    sel_map = {l["sock"].fileno(): l["sock"] for l in listeners}
    poller = select.poll()
    for fd in sel_map:
        poller.register(fd, select.POLLIN)
    log("serving %s" % ", ".join("%s=%s" % (l["name"], l["address"]) for l in listeners))
    if ready:
        notify("READY=1\nSTATUS=serving")
    crash_after = START_ENV.get("CRASH_AFTER")
    crash_while = START_ENV.get("CRASH_WHILE")
    if crash_after and (not crash_while or os.path.exists(crash_while)):
        threading.Timer(float(crash_after), lambda: os._exit(4)).start()
    crash_when = START_ENV.get("CRASH_WHEN")
    if crash_when:
        def crash_once_it_exists():
            while not os.path.exists(crash_when):
                time.sleep(0.02)
            os._exit(4)
        threading.Thread(target=crash_once_it_exists, daemon=True).start()

    while not draining.is_set():
        try:
            events = poller.poll(50)
        except InterruptedError:
            continue
        for fd, _ in events:
            try:
                conn, _ = sel_map[fd].accept()
            except (BlockingIOError, InterruptedError):
                continue
            except OSError as e:
                log("accept: %s" % e)
                continue
            with conn_lock:
                conn_count[0] += 1
            threading.Thread(target=serve_connection, args=(conn,), daemon=True).start()

    if ready:
        notify("STOPPING=1")
    for l in listeners:
        l["sock"].close()  # the master keeps its copy: queued clients go to the next generation
    log("draining %d connection(s)" % conn_count[0])
    deadline = time.monotonic() + DRAIN_TIMEOUT
    while time.monotonic() < deadline:
        with conn_lock:
            drained = conn_count[0] == 0
        if drained:
            log("drained, exiting")
            time.sleep(float(START_ENV.get("EXIT_DELAY", "0")))
            return 0
        time.sleep(0.02)
    log("drain timeout, exiting with %d connection(s)" % conn_count[0])
    return 1


LISTENERS = []

if __name__ == "__main__":
    sys.exit(main())
