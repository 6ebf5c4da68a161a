#!/usr/bin/env python3
"""Baton's benchmarks (issue 6), side by side with nginx and HAProxy.

    bench/run BUILD_DIR          (what `./dev bench` runs)
    python3 bench/bench.py --build-dir build [--quick] [--only load,latency,...]

Five benchmarks, each bounded in time, loopback only:
  load        reload under keep-alive load (wrk -t2 -c64, reload every 200 ms)
  latency     reload latency (Baton 2 and 16 workers, nginx, HAProxy)
  throughput  the same load without reloads
  footprint   idle masters, the master with a metrics subscriber and 64
              workers, baton-admin with 64 workers
  pyworker    reload under load with the third-party Python worker
  upgrade     the master replaced under load: batonctl upgrade, nginx's
              binary upgrade, HAProxy's master re-exec (bench/upgrade_bench.py)
  systemd     systemctl restart and kill -9 of the master under load, Baton
              vs nginx vs HAProxy under a real systemd 252 (bench/systemd_bench.py)
  journal     worker output into the journal under a real systemd 252
              (root and the systemd tests' rootfs; bench/journal_bench.py)
  output      worker output: forwarding rate, throughput and reload latency
              while another service floods its stdout (bench/output_bench.py)
then profiles for every goal Baton misses. Writes
bench/results/<date>-<host>.json; bench/report.py turns it into
BENCHMARKS.md and bench/results/chart.png.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
# The one client of the control socket, shared with the tests.
sys.path.insert(0, os.path.join(ROOT, "tests", "daemon"))
sys.dont_write_bytecode = True   # keep bench/ and tests/ free of __pycache__

import batonrpc  # noqa: E402

from output_bench import bench_worker_output  # noqa: E402
from upgrade_bench import bench_upgrade  # noqa: E402
from journal_bench import bench_journal  # noqa: E402
from systemd_bench import bench_systemd  # noqa: E402
from benchlib import (REAPER, Baton, HAProxy, Nginx, alive, event_ms,  # noqa: E402
                      finish_wrk, loadavg, log, proc_sample, rss_sum_mb, run_load, schedstat, smaps_top,
                      start_wrk, summary, usage_between, wait_for)

RELOAD_PERIOD = 0.2


class Settings:
    def __init__(self, quick):
        self.load_s = 6 if quick else 20
        self.throughput_s = 4 if quick else 10
        self.rounds = 2 if quick else 5            # alternating rounds of every throughput workload
        self.throughput_slice_s = 2 if quick else 3
        self.idle_s = 5 if quick else 60            # the no-wake-up goal is "over a minute"
        self.subscriber_s = 4 if quick else 10
        self.reloads = 30 if quick else 200
        self.latency_budget_s = 15 if quick else 40
        self.profile_s = 3 if quick else 6
        self.stall_s = 4
        self.quick = quick

    def to_json(self):
        return {"wrk": "wrk -t2 -c64 --latency (keep-alive)", "load_seconds": self.load_s,
                "reload_period_ms": int(RELOAD_PERIOD * 1000), "throughput_seconds": self.throughput_s,
                "throughput_rounds": self.rounds, "throughput_slice_seconds": self.throughput_slice_s,
                "idle_seconds": self.idle_s, "subscriber_seconds": self.subscriber_s,
                "latency_reloads": self.reloads, "latency_budget_seconds": self.latency_budget_s,
                "stall_seconds": self.stall_s, "quick": self.quick, "niceness": os.nice(0)}


# ---------------------------------------------------------------- machine

def machine_info():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    return {"nproc": os.cpu_count(), "cpu_model": model, "memory_gib": round(mem_kb / 1048576, 1),
            "kernel": platform.release(), "os": os_release(), "hostname": socket.gethostname()}


def os_release():
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.system()


def versions(bin_dir):
    out = {"nginx": Nginx.version(), "haproxy": HAProxy.version()}
    w = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    out["wrk"] = (w.stdout + w.stderr).split("\n")[0].replace("wrk ", "").split(" [")[0].strip()
    b = subprocess.run([os.path.join(bin_dir, "batond"), "--version"], capture_output=True, text=True)
    out["baton"] = (b.stdout.strip() or b.stderr.strip()).replace("batond ", "")
    try:
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        out["baton_commit"] = commit + ("+dirty" if dirty else "")
    except OSError:
        pass
    out["python"] = platform.python_version()
    return out


# ---------------------------------------------------------------- 1. reload under load

def baton_reloads_done(events, first_gen=1):
    gens = sorted({e["generation"] for e in events if e.get("kind") == "generation-ready" and e.get("service") == "web"
                   and e["generation"] > first_gen})
    rolled = sum(1 for e in events if e.get("kind") == "reload-rolled-back")
    finished = sum(1 for e in events if e.get("kind") == "reload-finished")
    kills = sum(1 for e in events if e.get("kind") == "kill")
    return len(gens), rolled, finished, kills


def finish_load_result(system, label, res, reloads_done, extra=None):
    r = {"system": system, "label": label, "requests": res["requests"], "seconds": res["seconds"],
         "rps": res["rps"], "socket_errors": res["socket_errors"], "non_2xx_3xx": res["non_2xx_3xx"],
         "errors": res["errors"], "latency_ms": res["latency_ms"],
         "reloads_requested": res["reloads_requested"], "reloads_done": reloads_done,
         "errors_per_reload": round(res["errors"] / reloads_done, 2) if reloads_done else None,
         "wrk_output": res["raw"], "loadavg_after": loadavg()}
    if extra:
        r.update(extra)
    return r


def bench_load(tmp, bin_dir, s):
    results = []
    # Baton
    b = Baton(tmp, "load-baton", bin_dir, workers=2)
    b.start()
    log("load: Baton (2 workers, reload by %s every %d ms) for %d s" % (b.trigger, RELOAD_PERIOD * 1000, s.load_s))
    res = run_load(b, b.path, s.load_s, RELOAD_PERIOD)
    ctl = b.collect_ctl() if b.use_batonctl else None
    time.sleep(0.5)
    b.track_workers()
    done, rolled, finished, kills = baton_reloads_done(b.events())
    b.stop()
    results.append(finish_load_result("baton", "Baton (baton-worker)", res, done, {
        "trigger": b.trigger, "rolled_back": rolled, "reloads_finished": finished, "workers_killed": kills,
        "batonctl_exit_codes": ctl}))
    log("  %s" % short(results[-1]))
    # nginx
    n = Nginx(tmp, "load-nginx")
    n.start()
    log("load: nginx (worker_processes 2, SIGHUP every %d ms) for %d s" % (RELOAD_PERIOD * 1000, s.load_s))
    g0 = n.generations_started()
    res = run_load(n, "/", s.load_s, RELOAD_PERIOD)
    time.sleep(0.5)
    done = n.generations_started() - g0
    n.stop()
    results.append(finish_load_result("nginx", "nginx %s" % Nginx.version(), res, done, {"trigger": "SIGHUP"}))
    log("  %s" % short(results[-1]))
    # HAProxy
    h = HAProxy(tmp, "load-haproxy")
    h.start()
    log("load: HAProxy (master-worker, nbthread 2, SIGUSR2 every %d ms) for %d s" % (RELOAD_PERIOD * 1000, s.load_s))
    g0 = h.generations_started()
    res = run_load(h, "/", s.load_s, RELOAD_PERIOD)
    time.sleep(0.5)
    done = h.generations_started() - g0
    h.stop()
    results.append(finish_load_result("haproxy", "HAProxy %s" % HAProxy.version(), res, done, {"trigger": "SIGUSR2"}))
    log("  %s" % short(results[-1]))
    return results


def short(r):
    return ("%d requests, %.0f req/s, errors %d (socket %s, non-2xx %d), reloads %d/%d, errors/reload %s"
            % (r["requests"], r["rps"], r["errors"], r["socket_errors"], r["non_2xx_3xx"], r["reloads_done"],
               r["reloads_requested"], r["errors_per_reload"]))


def bench_stall(tmp, bin_dir, s):
    """A client that stops reading while its keep-alive connections sit on a
    generation being drained: the worker sees them idle and closes them, and
    the requests the client sends when it wakes up meet a FIN (wrk: read
    errors). The pause stands for a client (or a whole machine) that is busy
    for a moment; the worker's idle grace during a drain is 100 ms."""
    rows = []
    py = os.path.join(ROOT, "tests", "workers", "pyworker.py")
    for label, command in (("baton", None), ("baton-pyworker", [sys.executable, py])):
        b = Baton(tmp, "stall-" + label, bin_dir, workers=2, command=command)
        b.start()
        for pause in (0.05, 0.3):
            w = start_wrk(b.port, b.path, s.stall_s)
            time.sleep(1.5)
            os.kill(w.pid, signal.SIGSTOP)
            gens = sum(1 for e in b.tail.poll() if e.get("kind") == "generation-ready")
            os.kill(b.pid, signal.SIGHUP)    # not batonctl: the moment matters here
            # The pause starts when the old generation is told to drain.
            wait_for(lambda: sum(1 for e in b.tail.poll() if e.get("kind") == "generation-ready") > gens, 10, 0.001)
            time.sleep(pause)
            os.kill(w.pid, signal.SIGCONT)
            res = finish_wrk(w, s.stall_s)
            rows.append({"system": label, "pause_ms": int(pause * 1000), "requests": res["requests"],
                         "errors": res["errors"], "socket_errors": res["socket_errors"]})
            log("stall: %s, wrk stopped for %d ms during a reload: %d errors" % (label, pause * 1000, res["errors"]))
        b.stop()
    return rows


# ---------------------------------------------------------------- 2. reload latency

def baton_latency(tmp, bin_dir, workers, s):
    b = Baton(tmp, "latency-baton-%d" % workers, bin_dir, workers=workers)
    b.start()
    rpc = None
    if wait_for(b.has_socket, 3):
        try:
            rpc = batonrpc.Client(b.socket, timeout=30.0)
            rpc.result("status")
        except (OSError, EOFError, batonrpc.RpcError, batonrpc.Timeout, ValueError):
            rpc = None
    trigger = "JSON-RPC reload on the control socket" if rpc else "SIGHUP"
    log("latency: Baton, %d workers, up to %d reloads (%s)" % (workers, s.reloads, trigger))
    rows = []
    failures = 0
    t_end = time.monotonic() + s.latency_budget_s
    for _ in range(s.reloads):
        if time.monotonic() > t_end:
            break
        evs = b.tail.poll()
        start = len(evs)
        cur = max((e["generation"] for e in evs if e.get("kind") == "generation-ready" and e.get("service") == "web"),
                  default=0)
        live = {}
        for e in evs:
            if e.get("kind") == "spawn":
                live[e["pid"]] = e["generation"]
            elif e.get("kind") == "exit":
                live.pop(e["pid"], None)
        old = {pid for pid, g in live.items() if g == cur}
        master_sched0 = schedstat(b.pid)
        t_req_wall = time.time()
        t_req = time.monotonic()
        rpc_ms = None
        if rpc:
            rpc.result("reload")
            rpc_ms = (time.monotonic() - t_req) * 1000
        else:
            os.kill(b.pid, signal.SIGHUP)

        def settled():
            new = b.tail.poll()[start:]
            ready = any(e.get("kind") == "generation-ready" and e["generation"] > cur for e in new)
            gone = {e["pid"] for e in new if e.get("kind") == "exit"} >= old
            bad = any(e.get("kind") == "reload-rolled-back" for e in new)
            return (ready and gone) or bad

        if not wait_for(settled, 15, 0.002):
            failures += 1
            continue
        new = b.tail.poll()[start:]
        if any(e.get("kind") == "reload-rolled-back" for e in new):
            failures += 1
            continue
        gen = min(e["generation"] for e in new if e.get("kind") == "generation-ready" and e["generation"] > cur)
        t = {}
        for e in new:
            k = e.get("kind")
            if k == "reload-started" and e.get("service") == "web" and e["generation"] == gen:
                t["started"] = event_ms(e)
            elif k == "reload-started" and not e.get("service"):
                t.setdefault("daemon_started", event_ms(e))
            elif k == "spawn" and e["generation"] == gen:
                t.setdefault("spawn", []).append(event_ms(e))
            elif k == "ready" and e["generation"] == gen:
                t.setdefault("ready", []).append(event_ms(e))
            elif k == "generation-ready" and e["generation"] == gen:
                t["gen_ready"] = event_ms(e)
            elif k == "exit" and e["pid"] in old:
                t["gone"] = max(t.get("gone", 0), event_ms(e))
        # Where the workers' start-up time went: on a CPU, or waiting for one.
        new_pids = [e["pid"] for e in new if e.get("kind") == "spawn" and e["generation"] == gen]
        cpu = [schedstat(p) for p in new_pids]
        cpu = [c for c in cpu if c]
        master_sched1 = schedstat(b.pid)
        started = t.get("daemon_started", t.get("started"))
        if started is None or "gen_ready" not in t:
            failures += 1
            continue
        gone = t.get("gone", t["gen_ready"])
        rows.append({
            "request_to_ready_ms": rpc_ms if rpc_ms is not None else t["gen_ready"] - t_req_wall * 1000,
            "request_to_gone_ms": gone - t_req_wall * 1000,
            "started_to_ready_ms": t["gen_ready"] - started,
            "started_to_gone_ms": gone - started,
            "started_to_first_spawn_ms": min(t.get("spawn", [started])) - started,
            "spawn_to_ready_max_ms": max(t.get("ready", [0])) - min(t.get("spawn", [0])),
            "ready_to_old_gone_ms": gone - t["gen_ready"],
            "worker_startup_cpu_ms": max(c[0] for c in cpu) / 1e6 if cpu else None,
            "worker_startup_runqueue_wait_ms": max(c[1] for c in cpu) / 1e6 if cpu else None,
            "master_cpu_ms": (master_sched1[0] - master_sched0[0]) / 1e6 if master_sched0 and master_sched1 else None,
            "master_runqueue_wait_ms": (master_sched1[1] - master_sched0[1]) / 1e6
            if master_sched0 and master_sched1 else None,
        })
        time.sleep(0.005)
    b.track_workers()
    rss_after = proc_sample(b.pid)["rss"]
    if rpc:
        rpc.close()
    b.stop()
    out = {"system": "baton", "workers": workers, "trigger": trigger, "reloads": len(rows), "failures": failures,
           "master_rss_mb_after": round(rss_after / 1048576, 2),
           "note": "event times are batond's own timestamps (1 ms resolution); request_to_ready is measured "
                   "by the client (%s)" % ("microseconds, reply to the reload call" if rpc else "SIGHUP sent to "
                                                                                          "generation-ready, 1 ms")}
    for key in ("request_to_ready_ms", "started_to_ready_ms", "started_to_gone_ms", "request_to_gone_ms",
                "started_to_first_spawn_ms", "spawn_to_ready_max_ms", "ready_to_old_gone_ms",
                "worker_startup_cpu_ms", "worker_startup_runqueue_wait_ms", "master_cpu_ms", "master_runqueue_wait_ms"):
        out[key] = summary([r[key] for r in rows if r.get(key) is not None])
    log("  ready p50 %s ms, old gone p50 %s ms (%d reloads, %d failures)"
        % (out["started_to_ready_ms"].get("p50"), out["started_to_gone_ms"].get("p50"), len(rows), failures))
    return out


def signal_latency(server, s, expected_workers):
    server.start()
    log("latency: %s, up to %d reloads (%s)" % (server.name, s.reloads, server.reload_signal.name))
    gone_ms, new_ms = [], []
    failures = sent = 0
    t_end = time.monotonic() + s.latency_budget_s
    for _ in range(s.reloads):
        if time.monotonic() > t_end:
            break
        if isinstance(server, HAProxy) and not wait_for(lambda: server.reload_marks() >= sent, 15, 0.002):
            failures += 1
            break
        old = set(server.worker_pids())
        t0 = time.monotonic()
        os.kill(server.pid, server.reload_signal)
        sent += 1
        if not wait_for(lambda: not any(alive(p) for p in old), 15, 0.0005):
            failures += 1
            continue
        gone_ms.append((time.monotonic() - t0) * 1000)
        if not wait_for(lambda: len(set(server.worker_pids()) - old) >= expected_workers, 10, 0.002):
            failures += 1
            continue
        new_ms.append((time.monotonic() - t0) * 1000)
        time.sleep(0.005)
    server.stop()
    out = {"system": server.name, "workers": expected_workers, "trigger": server.reload_signal.name,
           "reloads": len(gone_ms), "failures": failures,
           "signal_to_old_gone_ms": summary(gone_ms),
           "note": "time from the signal until every worker that existed before it is gone (polled every 0.5 ms)"}
    log("  old gone p50 %s ms (%d reloads)" % (out["signal_to_old_gone_ms"].get("p50"), len(gone_ms)))
    return out


def bench_latency(tmp, bin_dir, s):
    return {
        "baton_2": baton_latency(tmp, bin_dir, 2, s),
        "baton_16": baton_latency(tmp, bin_dir, 16, s),
        "baton_64": baton_latency(tmp, bin_dir, 64, s),
        "nginx": signal_latency(Nginx(tmp, "latency-nginx"), s, 2),
        "haproxy": signal_latency(HAProxy(tmp, "latency-haproxy"), s, 1),
    }


# ---------------------------------------------------------------- 3. throughput

STATIC_FILE = "file.html"
STATIC_BYTES = 4096


def write_static_file(root):
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, STATIC_FILE), "w") as f:
        f.write(("<!-- bench: a small static page -->\n" + "x" * 79 + "\n") * (STATIC_BYTES // 117) +
                "y" * (STATIC_BYTES - 117 * (STATIC_BYTES // 117)))


def bench_throughput(tmp, bin_dir, s):
    """Every server runs at once (idle ones cost nothing) and wrk visits them in
    s.rounds rounds, in order then in reverse order by turns: background load
    that comes and goes on the machine then hits every system alike. Two
    workloads: the fixed small response, and a 4 KiB static file (Baton's
    --root, nginx with sendfile on; HAProxy serves no files). The goal ratios
    are the median over rounds of the per-round ratio."""
    baton = Baton(tmp, "tput-baton", bin_dir, workers=2)
    nginx = Nginx(tmp, "tput-nginx", static_root=True)
    haproxy = HAProxy(tmp, "tput-haproxy")
    write_static_file(os.path.join(baton.dir, "www"))
    write_static_file(os.path.join(nginx.dir, "www"))
    visits = [("baton", baton, baton.path), ("nginx", nginx, nginx.path), ("haproxy", haproxy, haproxy.path),
              ("baton-file", baton, "/" + STATIC_FILE), ("nginx-file", nginx, "/" + STATIC_FILE)]
    for srv in (baton, nginx, haproxy):
        srv.start()
    slice_s = s.throughput_slice_s
    acc = {label: {"requests": 0, "seconds": 0.0, "errors": 0, "server_cpu_ms": 0.0, "wrk_cpu_ms": 0.0,
                   "cpu_window_s": 0.0, "rounds_rps": [], "rounds_rps_per_cpu_s": [], "p50": [], "p90": [], "p99": [],
                   "socket_errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0}, "non_2xx_3xx": 0,
                   "wrk_output": []} for label, _, _ in visits}
    for rnd in range(s.rounds):
        for label, srv, path in (visits if rnd % 2 == 0 else list(reversed(visits))):
            time.sleep(0.3)
            w = start_wrk(srv.port, path, slice_s)
            # CPU split between the server (all its processes) and wrk, over the run.
            pids = [srv.pid] + srv.worker_pids()
            a = {p: proc_sample(p) for p in pids if alive(p)}
            aw = proc_sample(w.pid)
            time.sleep(max(0.5, slice_s - 0.5))
            bsm = {}
            for p in a:
                try:
                    bsm[p] = proc_sample(p)
                except OSError:
                    pass
            bw = proc_sample(w.pid) if alive(w.pid) else aw
            res = finish_wrk(w, slice_s)
            x = acc[label]
            x["requests"] += res["requests"]
            x["seconds"] += res["seconds"] or slice_s
            x["errors"] += res["errors"]
            x["non_2xx_3xx"] += res["non_2xx_3xx"]
            for k in x["socket_errors"]:
                x["socket_errors"][k] += res["socket_errors"][k]
            cpu_ms = sum(usage_between(a[p], bsm[p])["cpu_ms"] for p in bsm)
            window_s = bsm[srv.pid]["time"] - a[srv.pid]["time"]
            x["server_cpu_ms"] += cpu_ms
            x["cpu_window_s"] += window_s
            x["wrk_cpu_ms"] += usage_between(aw, bw)["cpu_ms"]
            x["rounds_rps"].append(res["rps"])
            cpu_frac = cpu_ms / 1000.0 / window_s if window_s else 0
            x["rounds_rps_per_cpu_s"].append(round(res["rps"] / cpu_frac) if cpu_frac else None)
            for q in ("p50", "p90", "p99"):
                if res["latency_ms"].get(q) is not None:
                    x[q].append(res["latency_ms"][q])
            x["wrk_output"] += res["raw"]
            log("throughput: round %d, %s, %d s: %.0f req/s" % (rnd + 1, label, slice_s, res["rps"]))
    for srv in (baton, nginx, haproxy):
        srv.stop()
    rows = []
    for label, _, path in visits:
        x = acc[label]
        rps = x["requests"] / x["seconds"] if x["seconds"] else 0.0
        server_cpu = 100.0 * x["server_cpu_ms"] / 1000.0 / x["cpu_window_s"]
        wrk_cpu = 100.0 * x["wrk_cpu_ms"] / 1000.0 / x["cpu_window_s"]
        rows.append({"system": label, "path": path, "rps": round(rps, 1), "requests": x["requests"], "errors": x["errors"],
                     "socket_errors": x["socket_errors"], "non_2xx_3xx": x["non_2xx_3xx"],
                     "rounds_rps": x["rounds_rps"], "rounds_rps_per_cpu_s": x["rounds_rps_per_cpu_s"],
                     "latency_ms": {q: round(sum(x[q]) / len(x[q]), 2) for q in ("p50", "p90", "p99") if x[q]},
                     "server_cpu_percent": round(server_cpu, 1), "wrk_cpu_percent": round(wrk_cpu, 1),
                     "requests_per_server_cpu_second": round(rps / (server_cpu / 100.0)) if server_cpu else None,
                     "wrk_output": x["wrk_output"], "loadavg_after": loadavg()})
        log("  %s: %.0f req/s (rounds %s; server CPU %.0f %%, wrk CPU %.0f %%)"
            % (label, rps, ", ".join("%.0f" % v for v in x["rounds_rps"]), server_cpu, wrk_cpu))
    by = {r["system"]: r for r in rows}

    def median_ratio(mine, peers, key):
        ratios = []
        for i in range(s.rounds):
            best = max((by[p][key][i] or 0) for p in peers)
            if best and by[mine][key][i]:
                ratios.append(by[mine][key][i] / best)
        return round(statistics.median(ratios), 3) if ratios else None

    for r in rows:
        peers = ["nginx-file"] if r["system"].endswith("-file") else ["nginx", "haproxy"]
        r["peers"] = peers
        r["ratio_to_best_peer"] = median_ratio(r["system"], peers, "rounds_rps")
        r["cpu_ratio_to_best_peer"] = median_ratio(r["system"], peers, "rounds_rps_per_cpu_s")
    return rows


# ---------------------------------------------------------------- 4. footprint

def bench_footprint(tmp, bin_dir, s):
    out = {}
    # "baton": nothing to do when nobody watches (metrics_history = "0");
    # "baton-history": the default, a sample every 10 s for the app's charts.
    b = Baton(tmp, "idle-baton", bin_dir, workers=2, daemon_extra='metrics_history = "0"')
    bh = Baton(tmp, "idle-baton-history", bin_dir, workers=2)
    n = Nginx(tmp, "idle-nginx")
    h = HAProxy(tmp, "idle-haproxy")
    for srv in (b, bh, n, h):
        srv.start()
    time.sleep(2)   # let start-up work (first STATUS, log flushes) settle
    log("footprint: idle masters (Baton, nginx, HAProxy side by side, no clients) for %d s" % s.idle_s)
    masters = {"baton": b, "baton-history": bh, "nginx": n, "haproxy": h}
    a = {k: proc_sample(v.pid) for k, v in masters.items()}
    time.sleep(s.idle_s)
    idle = {}
    for k, v in masters.items():
        u = usage_between(a[k], proc_sample(v.pid))
        workers = v.current_workers() if k.startswith("baton") else v.worker_pids()
        u["workers"] = len(workers)
        u["workers_rss_mb_sum"] = rss_sum_mb(workers)
        idle[k] = u
        log("  %s master: RSS %.1f MB, CPU %.3f %%, wake-ups %d" % (k, u["rss_mb"], u["cpu_percent"], u["wakeups"]))
    idle["baton"]["memory_profile"] = smaps_top(b.pid)
    with open("/proc/%d/smaps_rollup" % b.pid) as f:
        idle["baton"]["smaps_rollup"] = {ln.split(":")[0]: int(ln.split()[1]) for ln in f if ln.endswith("kB\n")}
    for srv in (b, bh, n, h):
        srv.stop()
    out["idle"] = idle

    # Master with 64 workers, without then with a metrics subscriber.
    b = Baton(tmp, "sub-baton", bin_dir, workers=64, daemon_extra='metrics_history = "0"')   # "nobody watching": no work
    log("footprint: Baton with 64 workers")
    b.start(timeout=120)
    time.sleep(2)
    a = proc_sample(b.pid)
    time.sleep(s.subscriber_s)
    sub = {"workers": len(b.current_workers()), "without_subscriber": usage_between(a, proc_sample(b.pid))}
    if wait_for(b.has_socket, 2):
        rpc = batonrpc.Client(b.socket, timeout=1.0)
        rpc.result("subscribe", {"metrics": True})
        counts = {"metrics": 0, "event": 0, "bytes": 0}
        stop = threading.Event()

        def reader():
            while not stop.is_set():
                try:
                    msg = rpc.recv()
                except batonrpc.Timeout:
                    continue
                except (EOFError, OSError, ValueError):
                    return
                m = msg.get("method")
                if m in counts:
                    counts[m] += 1
                counts["bytes"] += len(json.dumps(msg))

        t = threading.Thread(target=reader, daemon=True)
        t.start()
        time.sleep(2)
        counts.update(metrics=0, event=0, bytes=0)
        a = proc_sample(b.pid)
        time.sleep(s.subscriber_s)
        sub["with_subscriber"] = usage_between(a, proc_sample(b.pid))
        sub["with_subscriber"]["notifications"] = dict(counts)
        stop.set()
        t.join(3)
        rpc.close()
        log("  64 workers: master RSS %.1f MB idle, %.1f MB with a metrics subscriber (CPU %.2f %%)"
            % (sub["without_subscriber"]["rss_mb"], sub["with_subscriber"]["rss_mb"],
               sub["with_subscriber"]["cpu_percent"]))
    else:
        sub["with_subscriber"] = {"not_measured": "this batond has no control socket"}
        log("  64 workers: no control socket, subscriber not measured")
    out["subscriber_64"] = sub

    admin = os.path.join(bin_dir, "baton-admin")
    if os.access(admin, os.X_OK):
        out["admin_64"] = measure_admin(admin, b, s)
    else:
        out["admin_64"] = {"not_measured": "baton-admin not built"}
        log("  baton-admin: not measured (baton-admin not built)")
    b.stop()
    return out


def measure_admin(admin, b, s):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    helptext = subprocess.run([admin, "--help"], capture_output=True, text=True, env=env, timeout=20)
    args = [admin]
    if "--socket" in helptext.stdout + helptext.stderr:
        args += ["--socket", b.socket]
    logpath = os.path.join(b.dir, "admin.log")
    with open(logpath, "wb") as lf:
        p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=lf, stderr=subprocess.STDOUT, env=env,
                             start_new_session=True, cwd=b.dir)
    REAPER.add_group(p.pid)
    time.sleep(5)
    if p.poll() is not None:
        return {"not_measured": "baton-admin exited with %s at start-up; see its log" % p.returncode}
    a = proc_sample(p.pid)
    time.sleep(s.subscriber_s)
    u = usage_between(a, proc_sample(p.pid))
    u["args"] = " ".join(os.path.basename(x) if i == 0 else x for i, x in enumerate(args))
    u["platform"] = "offscreen"
    os.killpg(p.pid, signal.SIGTERM)
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
    log("  baton-admin with 64 workers: RSS %.1f MB, CPU %.2f %%" % (u["rss_mb"], u["cpu_percent"]))
    return u


# ---------------------------------------------------------------- 5. third-party worker

def bench_pyworker(tmp, bin_dir, s):
    py = os.path.join(ROOT, "tests", "workers", "pyworker.py")
    b = Baton(tmp, "load-pyworker", bin_dir, workers=2, command=[sys.executable, py])
    b.start()
    log("pyworker: Baton + tests/workers/pyworker.py (2 workers, reload every %d ms) for %d s"
        % (RELOAD_PERIOD * 1000, s.load_s))
    res = run_load(b, "/healthz", s.load_s, RELOAD_PERIOD)
    ctl = b.collect_ctl() if b.use_batonctl else None
    time.sleep(0.5)
    b.track_workers()
    done, rolled, finished, kills = baton_reloads_done(b.events())
    b.stop()
    r = finish_load_result("baton-pyworker", "Baton (pyworker.py)", res, done, {
        "trigger": b.trigger, "rolled_back": rolled, "reloads_finished": finished, "workers_killed": kills,
        "batonctl_exit_codes": ctl})
    log("  %s" % short(r))
    return r


# ---------------------------------------------------------------- goals and profiles

def goals(results):
    g = []
    load = {r["system"]: r for r in results.get("reload_under_load", [])}
    if "baton" in load:
        epr = load["baton"]["errors_per_reload"]
        g.append({"id": "zero_errors", "goal": "0 errors per reload for Baton under keep-alive load",
                  "measured": "%s errors in %d reloads (%s per reload)" % (load["baton"]["errors"],
                                                                          load["baton"]["reloads_done"], epr),
                  "met": load["baton"]["errors"] == 0 and load["baton"]["reloads_done"] > 0})
    py = results.get("pyworker")
    if py:
        g.append({"id": "zero_errors_pyworker", "goal": "0 errors per reload with the third-party Python worker",
                  "measured": "%s errors in %d reloads" % (py["errors"], py["reloads_done"]),
                  "met": py["errors"] == 0 and py["reloads_done"] > 0})
    tp = {r["system"]: r for r in results.get("throughput", [])}
    for mine, what, peer in (("baton", "the fixed small response", "the best of nginx and HAProxy"),
                             ("baton-file", "a 4 KiB static file", "nginx (sendfile on)")):
        r = tp.get(mine)
        if not r:
            continue
        ok = (r["ratio_to_best_peer"] or 0) >= 1.05 and (r["cpu_ratio_to_best_peer"] or 0) >= 1.05
        g.append({"id": "throughput", "goal": "baton-worker ≥ 1.05× %s on %s, in req/s and per server CPU-second "
                                              "(median of %d alternating rounds)" % (peer, what, len(r["rounds_rps"])),
                  "measured": "%.0f req/s: %.2f× in req/s, %.2f× per CPU-second"
                              % (r["rps"], r["ratio_to_best_peer"] or 0, r["cpu_ratio_to_best_peer"] or 0),
                  "met": ok})
    lat = results.get("reload_latency", {}).get("baton_2")
    if lat and lat.get("started_to_ready_ms", {}).get("n"):
        p50 = lat["started_to_ready_ms"]["p50"]
        g.append({"id": "reload_latency", "goal": "reload-to-ready p50 under 15 ms with 2 workers",
                  "measured": "p50 %.1f ms (request to ready p50 %.1f ms)" % (p50, lat["request_to_ready_ms"]["p50"]),
                  "met": p50 < 15})
    scale = [results.get("reload_latency", {}).get("baton_%d" % n) for n in (2, 16, 64)]
    if all(x and x.get("request_to_ready_ms", {}).get("p50") for x in scale):
        p64 = scale[2]["request_to_ready_ms"]["p50"]
        g.append({"id": "reload_scale", "goal": "reload p50 (request on the control socket to its answer) ≤ 40 ms with 64 workers (%d cores)" % os.cpu_count(),
                  "measured": "p50 %.1f ms (16 workers %.1f ms, 2 workers %.1f ms)"
                              % (p64, scale[1]["request_to_ready_ms"]["p50"], scale[0]["request_to_ready_ms"]["p50"]),
                  "met": p64 <= 40})
        per = [x["master_cpu_ms"].get("p50") / x["workers"] * 1000 if x.get("master_cpu_ms", {}).get("p50") else None
               for x in scale]
        if all(per):
            mid = statistics.median(per)
            g.append({"id": "reload_scale_cpu", "goal": "batond CPU per reload per worker flat from 2 to 64 workers (±20 %)",
                      "measured": "%s µs per worker (2, 16, 64 workers; median %.0f)" % (", ".join("%.0f" % v for v in per), mid),
                      "met": all(abs(v - mid) <= 0.2 * mid for v in per)})
    idle_all = results.get("footprint", {}).get("idle", {})
    idle = idle_all.get("baton")
    if idle:
        nginx_rss = idle_all.get("nginx", {}).get("rss_mb")
        limit = 1.5 * nginx_rss if nginx_rss else 10.0
        g.append({"id": "idle_rss", "goal": "idle master RSS ≤ 1.5× nginx's master (bus = \"none\")",
                  "measured": "%.1f MB (nginx %s MB, limit %.1f MB)" % (idle["rss_mb"], nginx_rss, limit),
                  "met": idle["rss_mb"] <= limit})
        g.append({"id": "idle_wakeups", "goal": "idle master: no wake-ups with metrics_history = \"0\"",
                  "measured": "%d context switches in %d s (default metrics_history: %s)"
                              % (idle["wakeups"], idle["seconds"], idle_all.get("baton-history", {}).get("wakeups")),
                  "met": idle["wakeups"] == 0})
    admin = results.get("footprint", {}).get("admin_64")
    if admin and "rss_mb" in admin:
        g.append({"id": "admin_app", "goal": "baton-admin with 64 live workers on the dashboard: CPU ≤ 1 %, RSS ≤ 40 MB",
                  "measured": "CPU %.2f %%, RSS %.1f MB" % (admin["cpu_percent"], admin["rss_mb"]),
                  "met": admin["cpu_percent"] <= 1.0 and admin["rss_mb"] <= 40})
    up = {r["system"]: r for r in results.get("master_upgrade", [])}
    if "baton" in up:
        u = up["baton"]
        g.append({"id": "upgrade_zero_errors", "goal": "0 errors per master upgrade for Baton, the PID kept every time",
                  "measured": "%d errors in %d upgrades (nginx %s, HAProxy %s per upgrade); PID kept: %s"
                              % (u["errors"], u["upgrades_done"], up.get("nginx", {}).get("errors_per_upgrade"),
                                 up.get("haproxy", {}).get("errors_per_upgrade"), u["same_pid_every_time"]),
                  "met": u["errors"] == 0 and u["upgrades_done"] == u["upgrades_requested"] and u["same_pid_every_time"]})
    mr = results.get("master_restart")
    if isinstance(mr, list):
        b = {r["system"]: r for r in mr}.get("baton")
        if b:
            peers = ", ".join("%s %d/%d" % (r["system"], r["restart"]["errors"], r["crash"]["errors"])
                              for r in mr if r["system"] != "baton")
            g.append({"id": "master_restart_zero_errors",
                      "goal": "0 errors for Baton on systemctl restart and on kill -9 of the master, under real systemd",
                      "measured": "restart %d, crash %d errors (peers restart/crash: %s)"
                                  % (b["restart"]["errors"], b["crash"]["errors"], peers),
                      "met": b["restart"]["errors"] == 0 and b["crash"]["errors"] == 0})
    jr = results.get("journal_forwarding")
    if jr and not jr.get("skipped"):
        g.append({"id": "output_journal", "goal": "batond takes at least what journald takes of a flooding worker",
                  "measured": "%d lines/s into the ring, %d lines/s kept by journald (%s)"
                              % (jr["ring_lines_per_s"], jr["journal_lines_per_s"], jr["rate_limit"]),
                  "met": jr["ring_lines_per_s"] >= jr["journal_lines_per_s"]})
    out = results.get("worker_output")
    if out:
        g.append({"id": "output_forwarding", "goal": "batond takes at least 100 MB/s of worker output into the ring",
                  "measured": "%.1f MB/s (batond CPU %.0f %%, %s ms per MB; limited by %s)"
                              % (out["forward_mb_s"], out["batond_cpu_percent_while_flooding"],
                                 out["batond_cpu_ms_per_mb"], out["limited_by"]),
                  "met": out["forward_mb_s"] >= 100})
        g.append({"id": "output_throughput", "goal": "throughput while another service floods: within 5 % of without",
                  "measured": "%d vs %d req/s (%.2f×; the flood held to %.1f MB/s by the default log_rate, batond CPU %.0f %%)"
                              % (out["rps_flood_on"], out["rps_flood_off"], out["throughput_ratio"] or 0,
                                 out.get("flood_mb_s_under_load", 0), out.get("batond_cpu_percent_under_load", 0)),
                  "met": bool(out["throughput_ratio"] and out["throughput_ratio"] >= 0.95)})
        g.append({"id": "output_reload", "goal": "reload p50 during a flood: within 2× of without",
                  "measured": "%.1f vs %.1f ms (%.2f×)" % (out["reload_p50_ms_flood_on"], out["reload_p50_ms_flood_off"],
                                                           out["reload_ratio"] or 0),
                  "met": bool(out["reload_ratio"] and out["reload_ratio"] <= 2.0)})
    return g


def perf_usable():
    try:
        r = subprocess.run(["perf", "record", "-e", "cpu-clock", "-o", "/dev/null", "--", "true"],
                           capture_output=True, text=True, timeout=20)
        return r.returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def perf_report(data, sort, comm=None, limit=25, pct_min=0.3):
    cmd = ["perf", "report", "-i", data, "--stdio", "--no-children", "-g", "none", "--percent-limit", str(pct_min),
           "--sort", sort]
    if comm:
        cmd += ["--comms", comm, "--percentage", "relative"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    lines = []
    for ln in r.stdout.splitlines():
        if not ln.strip() or ln.startswith("#"):
            continue
        ln = re.sub(r"(\s+-)+\s*$", "", ln)          # empty trailing columns
        lines.append(re.sub(r"\s{2,}", "  ", ln.strip()))
    return lines[:limit]


def perf_by_dso(data, comm, limit=10):
    """Share of comm's samples per shared object, summed from its symbols."""
    totals = {}
    for line in perf_report(data, "dso,symbol", comm=comm, limit=100000, pct_min=0):
        m = re.match(r"([\d.]+)%\s+(\S+)", line)
        if m:
            totals[m.group(2)] = totals.get(m.group(2), 0.0) + float(m.group(1))
    top = sorted(totals.items(), key=lambda kv: -kv[1])[:limit]
    return ["%6.2f%%  %s" % (v, k) for k, v in top]


def profile_throughput(tmp, bin_dir, s, results_dir):
    """Where the CPU goes while wrk hammers Baton: perf (cpu-clock) system-wide, or callgrind."""
    b = Baton(tmp, "profile-baton", bin_dir, workers=2)
    b.start()
    prof = {"what": "wrk -t2 -c64 against baton-worker (2 workers), no reloads"}
    if perf_usable():
        data = os.path.join(tmp, "perf-throughput.data")
        w = start_wrk(b.port, b.path, s.profile_s + 2)
        time.sleep(1)
        subprocess.run(["perf", "record", "-e", "cpu-clock", "-F", "2000", "-a", "-o", data, "--", "sleep",
                        str(s.profile_s)], capture_output=True, timeout=s.profile_s + 60)
        res = finish_wrk(w, s.profile_s + 2)
        prof["tool"] = "perf record -e cpu-clock -a (hardware counters are not available on this VM)"
        prof["rps_during_profile"] = res["rps"]
        prof["by_process"] = perf_report(data, "comm", limit=10, pct_min=0.5)
        prof["baton_worker_by_dso"] = perf_by_dso(data, "baton-worker")
        prof["baton_worker_top_symbols"] = perf_report(data, "dso,symbol", comm="baton-worker", limit=30, pct_min=0.4)
    else:
        prof.update(callgrind_worker(tmp, bin_dir, s))
    b.stop()
    write_profile(results_dir, "profile-throughput.txt", prof)
    return prof


def callgrind_worker(tmp, bin_dir, s):
    out = os.path.join(tmp, "callgrind.out")
    worker = os.path.join(bin_dir, "baton-worker")
    b = Baton(tmp, "profile-callgrind", bin_dir, workers=1,
              command=["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, worker, "--root", "www",
                       "--threads", "1"])
    b.worker_match = "callgrind"
    b.start(timeout=120)
    w = start_wrk(b.port, b.path, s.profile_s)
    finish_wrk(w, s.profile_s)
    b.stop()
    r = subprocess.run(["callgrind_annotate", out], capture_output=True, text=True, timeout=120)
    return {"tool": "valgrind --tool=callgrind (perf unavailable)", "top": r.stdout.splitlines()[:45]}


def profile_reload(tmp, bin_dir, s, results_dir, latency):
    """Why a reload takes what it takes: the per-phase breakdown from the event log, plus perf."""
    prof = {"what": "reloads of Baton with 2 workers, no load",
            "phases_ms_p50": {k: latency[k].get("p50") for k in ("started_to_first_spawn_ms", "spawn_to_ready_max_ms",
                                                                  "started_to_ready_ms", "ready_to_old_gone_ms")}}
    if perf_usable():
        b = Baton(tmp, "profile-reload", bin_dir, workers=2)
        b.start()
        data = os.path.join(tmp, "perf-reload.data")
        perf = subprocess.Popen(["perf", "record", "-e", "cpu-clock", "-F", "4000", "-a", "-g", "-o", data],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        REAPER.add_group(perf.pid)
        time.sleep(0.5)
        n = 0
        t_end = time.monotonic() + s.profile_s
        while time.monotonic() < t_end:
            gen_before = sum(1 for e in b.tail.poll() if e.get("kind") == "generation-ready")
            os.kill(b.pid, signal.SIGHUP)
            wait_for(lambda: sum(1 for e in b.tail.poll() if e.get("kind") == "generation-ready") > gen_before, 10,
                     0.002)
            n += 1
            time.sleep(0.02)
        os.kill(perf.pid, signal.SIGINT)
        perf.wait(60)
        b.stop()
        prof["tool"] = "perf record -e cpu-clock -a during %d reloads" % n
        prof["by_process"] = perf_report(data, "comm", limit=10, pct_min=0.5)
        prof["batond_top_symbols"] = perf_report(data, "dso,symbol", comm="batond", limit=20, pct_min=1)
        prof["batond_by_dso"] = perf_by_dso(data, "batond")
        prof["baton_worker_by_dso"] = perf_by_dso(data, "baton-worker")
        prof["baton_worker_top_symbols"] = perf_report(data, "dso,symbol", comm="baton-worker", limit=20, pct_min=1)
    prof["exec_cost_ms"] = exec_costs(bin_dir)
    write_profile(results_dir, "profile-reload.txt", prof)
    return prof


def task_clock_ms(cmd, runs=20):
    """Mean CPU time (perf stat task-clock) of running cmd to the end."""
    try:
        r = subprocess.run(["perf", "stat", "-r", str(runs), "-x", ",", "-e", "task-clock"] + cmd,
                           capture_output=True, text=True, timeout=120)
        for line in r.stderr.splitlines():
            if "task-clock" in line:
                return round(float(line.split(",")[0]), 2)
    except (OSError, subprocess.TimeoutExpired, ValueError):
        pass
    return None


def exec_costs(bin_dir):
    """What starting a process costs on this machine, with and without our binaries' libraries."""
    out = {}
    for label, cmd in (("/bin/true (exec floor)", ["/bin/true"]),
                       ("baton-worker --help (dynamic loading, no serving)", [os.path.join(bin_dir, "baton-worker"),
                                                                              "--help"]),
                       ("batond --version", [os.path.join(bin_dir, "batond"), "--version"])):
        out[label] = task_clock_ms(cmd)
    for exe in ("baton-worker", "batond"):
        r = subprocess.run(["ldd", os.path.join(bin_dir, exe)], capture_output=True, text=True)
        out["shared objects loaded by " + exe] = sum(1 for ln in r.stdout.splitlines() if "=>" in ln or "ld-linux" in ln)
    return out


def profile_errors(load, results):
    """The errors and what explains them: wrk's own output (latency tail) and
    the client-stall experiment, whose errors come from the same race."""
    return {"what": "errors reported by wrk for %s under reloads" % load["label"],
            "socket_errors": load["socket_errors"], "non_2xx_3xx": load["non_2xx_3xx"],
            "wrk_output": load["wrk_output"],
            "client_stall": ["%s, wrk stopped %d ms during a reload: %d errors %s" % (
                r["system"], r["pause_ms"], r["errors"], r["socket_errors"]) for r in results.get("client_stall", [])],
            "loadavg_after": load.get("loadavg_after")}


def write_profile(results_dir, name, prof):
    with open(os.path.join(results_dir, name), "w") as f:
        for k, v in prof.items():
            if isinstance(v, list):
                f.write("%s:\n" % k)
                for line in v:
                    f.write("    %s\n" % line)
            else:
                f.write("%s: %s\n" % (k, v))
    prof["file"] = "bench/results/" + name


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--quick", action="store_true", help="short runs, for trying the harness (not for BENCHMARKS.md)")
    ap.add_argument("--only", default="load,latency,throughput,footprint,pyworker,stall,upgrade,systemd,output,journal,profiles")
    ap.add_argument("--results", default=os.path.join(HERE, "results"))
    ap.add_argument("--no-report", action="store_true")
    args = ap.parse_args()

    bin_dir = os.path.join(os.path.abspath(args.build_dir), "bin")
    for exe in ("batond", "baton-worker"):
        if not os.access(os.path.join(bin_dir, exe), os.X_OK):
            sys.exit("bench: %s/%s missing: build first (./dev build)" % (bin_dir, exe))
    only = set(args.only.split(","))
    s = Settings(args.quick)
    os.makedirs(args.results, exist_ok=True)

    def on_term(signum, frame):
        raise KeyboardInterrupt("signal %d" % signum)
    signal.signal(signal.SIGTERM, on_term)

    started = time.monotonic()
    now = datetime.datetime.now(datetime.timezone.utc)
    results = {"schema": 1, "date": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "machine": machine_info(),
               "versions": versions(bin_dir), "settings": s.to_json(), "loadavg_at_start": loadavg()}
    log("machine: %(nproc)d × %(cpu_model)s, %(memory_gib)s GiB, kernel %(kernel)s" % results["machine"])
    log("versions: %s" % results["versions"])
    log("load average at start: %s" % results["loadavg_at_start"])
    tmp = tempfile.mkdtemp(prefix="baton-bench-")
    # A snapshot of the binaries: a rebuild during the run must not swap them under us.
    snap = os.path.join(tmp, "bin")
    os.makedirs(snap)
    for exe in ("batond", "baton-worker", "batonctl", "baton-admin"):
        src = os.path.join(bin_dir, exe)
        if os.access(src, os.X_OK) and os.path.getsize(src) > 0:
            shutil.copy2(src, snap)
    bin_dir = snap
    try:
        if "load" in only:
            results["reload_under_load"] = bench_load(tmp, bin_dir, s)
        if "latency" in only:
            results["reload_latency"] = bench_latency(tmp, bin_dir, s)
        if "throughput" in only:
            results["throughput"] = bench_throughput(tmp, bin_dir, s)
        if "footprint" in only:
            results["footprint"] = bench_footprint(tmp, bin_dir, s)
        if "pyworker" in only:
            results["pyworker"] = bench_pyworker(tmp, bin_dir, s)
        if "stall" in only:
            results["client_stall"] = bench_stall(tmp, bin_dir, s)
        if "upgrade" in only:
            results["master_upgrade"] = bench_upgrade(tmp, bin_dir, s)
        if "systemd" in only:
            results["master_restart"] = bench_systemd(tmp, os.path.abspath(args.build_dir), s)
        if "output" in only:
            results["worker_output"] = bench_worker_output(tmp, bin_dir, s)
        if "journal" in only:
            results["journal_forwarding"] = bench_journal(tmp, os.path.abspath(args.build_dir), s)
        results["goals"] = goals(results)
        if "profiles" in only:
            profiles = {}
            for g in results["goals"]:
                if g["met"]:
                    continue
                log("profile: goal not met: %s" % g["goal"])
                if g["id"] == "throughput":
                    profiles["throughput"] = profile_throughput(tmp, bin_dir, s, args.results)
                elif g["id"] == "reload_latency":
                    profiles["reload_latency"] = profile_reload(tmp, bin_dir, s, args.results,
                                                                results["reload_latency"]["baton_2"])
                elif g["id"] in ("idle_rss", "idle_wakeups") and "idle" not in profiles:
                    profiles["idle"] = {"what": "memory map of the idle master (largest RSS first)",
                                        "memory_profile": results["footprint"]["idle"]["baton"]["memory_profile"],
                                        "smaps_rollup_kb": results["footprint"]["idle"]["baton"]["smaps_rollup"]}
                elif g["id"] == "zero_errors":
                    profiles["errors"] = profile_errors(
                        {r["system"]: r for r in results["reload_under_load"]}["baton"], results)
                elif g["id"] == "zero_errors_pyworker":
                    profiles["errors_pyworker"] = profile_errors(results["pyworker"], results)
            results["profiles"] = profiles
    except KeyboardInterrupt as e:
        log("interrupted (%s): cleaning up, nothing written" % e)
        REAPER.kill_all()
        sys.exit(130)
    finally:
        REAPER.kill_all()
        if os.environ.get("BENCH_KEEP_TMP"):
            log("kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    results["runtime_seconds"] = round(time.monotonic() - started)
    results["loadavg_at_end"] = loadavg()
    host = results["machine"]["hostname"]
    name = "%s-%s.json" % (now.strftime("%Y-%m-%d"), host)
    path = os.path.join(args.results, name)
    with open(path, "w") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
        f.write("\n")
    log("wrote %s (%d s)" % (os.path.relpath(path, ROOT), results["runtime_seconds"]))
    for g in results["goals"]:
        log("goal %-8s %s: %s" % ("MET" if g["met"] else "NOT MET", g["goal"], g["measured"]))
    if not args.no_report:
        subprocess.run([sys.executable, os.path.join(HERE, "report.py"), path], check=True)


if __name__ == "__main__":
    main()
