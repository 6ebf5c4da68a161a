"""Master upgrade under keep-alive load (issue 12 section 6), one section
of bench/bench.py: the master process itself is replaced while wrk -t2 -c64
runs, UPGRADES times, evenly spread over the run.

  Baton    `batonctl upgrade` (batond re-executes itself in place, keeping
           its PID and its workers; the same binary, which is what a package
           upgrade of the same version does)
  nginx    the documented binary upgrade: USR2 (a new master, started by the
           old one), WINCH to the old master (its workers finish), QUIT to
           the old master
  HAProxy  a master re-exec: SIGUSR2 (master-worker mode re-executes the
           master in place and starts new workers)

Errors per upgrade come from wrk; for Baton the master's PID must stay the
same through every upgrade. Loopback only, bounded in time.
"""

import os
import signal
import subprocess
import time

from benchlib import REAPER, Baton, HAProxy, Nginx, find_tool, finish_wrk, http_get, log, start_wrk, wait_for

UPGRADES = 20


def _read_pid(path):
    try:
        with open(path) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def _alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def _spread(seconds, upgrades, step):
    """Calls step(i) upgrades times across seconds; returns how many succeeded."""
    done = 0
    t0 = time.monotonic()
    for i in range(upgrades):
        target = t0 + (i + 1) * seconds / (upgrades + 1)
        time.sleep(max(0.0, target - time.monotonic()))
        if step(i):
            done += 1
    return done


def _row(system, res, done, extra=None):
    row = {"system": system, "upgrades_requested": UPGRADES, "upgrades_done": done, "requests": res["requests"],
           "rps": round(res["rps"]), "errors": res["errors"], "socket_errors": res["socket_errors"],
           "non_2xx_3xx": res["non_2xx_3xx"],
           "errors_per_upgrade": round(res["errors"] / done, 2) if done else None}
    row.update(extra or {})
    return row


def bench_upgrade(tmp, bin_dir, s):
    seconds = max(10, s.load_s)
    rows = []

    # Baton
    b = Baton(tmp, "upgrade-baton", bin_dir, workers=2)
    b.start()
    pid0 = b.pid
    kept = []

    def baton_step(i):
        r = subprocess.run([b.batonctl, "--socket", b.socket, "upgrade"], capture_output=True, text=True, timeout=60)
        kept.append(_alive(pid0) and b.proc.poll() is None)
        if r.returncode != 0:
            log("upgrade: Baton upgrade %d failed: %s" % (i + 1, (r.stdout + r.stderr).strip()[:300]))
        return r.returncode == 0
    log("upgrade: Baton, %d × batonctl upgrade under wrk for %d s" % (UPGRADES, seconds))
    w = start_wrk(b.port, b.path, seconds)
    done = _spread(seconds - 1, UPGRADES, baton_step)
    res = finish_wrk(w, seconds)
    b.stop()
    rows.append(_row("baton", res, done, {"same_pid_every_time": all(kept) and len(kept) == UPGRADES,
                                          "trigger": "batonctl upgrade"}))
    log("  Baton: %d upgrades, %d errors, PID kept: %s" % (done, res["errors"], rows[-1]["same_pid_every_time"]))

    # nginx: daemonized, as its binary upgrade requires (a master started in
    # the foreground ignores USR2: its parent never changes).
    n = Nginx(tmp, "upgrade-nginx")
    with open(n.conf) as f:
        conf = f.read().replace("daemon off;", "daemon on;")
    with open(n.conf, "w") as f:
        f.write(conf)
    pidfile = os.path.join(n.dir, "nginx.pid")
    oldbin = pidfile + ".oldbin"
    subprocess.run([find_tool("nginx"), "-p", n.dir, "-c", n.conf, "-e", n.error_log], check=True, timeout=30)
    wait_for(lambda: _read_pid(pidfile) and http_get(n.port, "/") == 200, 20, 0.05)
    REAPER.add_pid(_read_pid(pidfile), "nginx")

    def nginx_step(i):
        old = _read_pid(pidfile)
        if not old:
            return False
        os.kill(old, signal.SIGUSR2)
        if not wait_for(lambda: _read_pid(pidfile) not in (None, old) and os.path.exists(oldbin), 10, 0.005):
            return False
        new = _read_pid(pidfile)
        REAPER.add_pid(new, "nginx")
        wait_for(lambda: len(subprocess.run(["pgrep", "-P", str(new)], capture_output=True, text=True)
                             .stdout.split()) >= n.workers, 10, 0.005)
        os.kill(old, signal.SIGWINCH)
        os.kill(old, signal.SIGQUIT)
        return wait_for(lambda: not _alive(old) or not os.path.exists(oldbin), 15, 0.005)
    log("upgrade: nginx, %d binary upgrades (USR2, WINCH, QUIT) under wrk for %d s" % (UPGRADES, seconds))
    w = start_wrk(n.port, "/", seconds)
    done = _spread(seconds - 1, UPGRADES, nginx_step)
    res = finish_wrk(w, seconds)
    last = _read_pid(pidfile)
    if last and _alive(last):
        os.kill(last, signal.SIGQUIT)
        wait_for(lambda: not _alive(last), 10)
    rows.append(_row("nginx", res, done, {"trigger": "USR2 + WINCH + QUIT"}))
    log("  nginx: %d upgrades, %d errors" % (done, res["errors"]))

    # HAProxy
    h = HAProxy(tmp, "upgrade-haproxy")
    h.start()

    def haproxy_step(i):
        marks = h.reload_marks()
        h.reload()
        return wait_for(lambda: h.reload_marks() > marks, 10, 0.005)
    log("upgrade: HAProxy, %d master re-execs (SIGUSR2) under wrk for %d s" % (UPGRADES, seconds))
    w = start_wrk(h.port, "/", seconds)
    done = _spread(seconds - 1, UPGRADES, haproxy_step)
    res = finish_wrk(w, seconds)
    h.stop()
    rows.append(_row("haproxy", res, done, {"trigger": "SIGUSR2 (master re-exec)"}))
    log("  HAProxy: %d upgrades, %d errors" % (done, res["errors"]))
    return rows
