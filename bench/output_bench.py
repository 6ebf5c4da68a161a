"""Worker output under load (issue 13 §5), one section of bench/bench.py.

One batond runs two services: `web` (baton-worker, 2 workers, the load's
target) and `flood` (tests/workers/outputworker.py in flood mode: a thread
writing 70-byte lines to stdout as fast as it can; GET /stop ends it, a
reload of `flood` starts a new flooding worker). Rounds alternate between
"flood on" and "flood off" so background load on the machine hits both. `flood` runs with
the default log_rate (what an operator gets without asking), except for the
capacity measurement:
  forwarding  with log_rate = "unlimited" and no load: MB/s of lines batond
              takes into the ring (kept + dropped lines, from `status`),
              batond's CPU for it and CPU-ms per MB;
  throughput  wrk -t2 -c64 against web, flood on versus off (and the MB/s
              log_rate let through meanwhile);
  reload      `reload web` request-to-answer p50, flood on versus off.
Loopback only, bounded: every round has a fixed length.
"""

import os
import statistics
import sys
import time

import batonrpc
from benchlib import (Baton, finish_wrk, free_port, http_get, log, proc_sample, start_wrk, usage_between,
                      wait_for)

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUTWORKER = os.path.join(os.path.dirname(HERE), "tests", "workers", "outputworker.py")
FLOOD_LINE_BYTES = 70


def _log_status(rpc, service):
    for svc in rpc.result("status")["services"]:
        if svc["name"] == service:
            return svc.get("log", {})
    return {}


def _log_counters(rpc, service):
    log_ = _log_status(rpc, service)
    return log_.get("lines", 0) + log_.get("dropped", 0)


def _flood_on(rpc, flood_port):
    rpc.result("reload", {"service": "flood"}, timeout=30)
    wait_for(lambda: http_get(flood_port, "/healthz") == 200, 10)


def _flood_off(flood_port):
    try:
        http_get(flood_port, "/stop", timeout=15)
    except OSError:
        pass


def _reload_p50(rpc, n):
    times = []
    for _ in range(n):
        t = time.monotonic()
        rpc.result("reload", {"service": "web"}, timeout=30)
        times.append((time.monotonic() - t) * 1000)
    return times


def _flood_service(flood_port, log_rate):
    rate = f'log_rate = "{log_rate}"\n' if log_rate else ""
    return f"""
[service.flood]
command = [{sys.executable!r}, {OUTPUTWORKER!r}]
workers = 1
ready_timeout = "10s"
drain_timeout = "2s"
log_buffer = "1MiB"
{rate}env = {{ OUT_MODE = "flood" }}

[service.flood.listen]
http = "127.0.0.1:{flood_port}"
""".replace("'", '"')


def _capacity(tmp, bin_dir, seconds):
    """The most batond takes of one flooding worker: log_rate off, no load."""
    flood_port = free_port()
    b = Baton(tmp, "output-capacity", bin_dir, workers=1, extra_services=_flood_service(flood_port, "unlimited"))
    b.start()
    rpc = batonrpc.Client(b.socket, timeout=30.0)
    try:
        wait_for(lambda: http_get(flood_port, "/healthz") == 200, 10)
        time.sleep(0.5)
        a, c0, t0 = proc_sample(b.pid), _log_counters(rpc, "flood"), time.monotonic()
        time.sleep(seconds)
        bb, c1, t1 = proc_sample(b.pid), _log_counters(rpc, "flood"), time.monotonic()
    finally:
        _flood_off(flood_port)
        rpc.close()
        b.stop()
    mb = (c1 - c0) * FLOOD_LINE_BYTES / 1e6
    cpu_ms = usage_between(a, bb)["cpu_ms"]
    cpu = 100.0 * cpu_ms / 1000.0 / (t1 - t0)
    log("output: capacity %.1f MB/s into the ring, batond CPU %.0f %%, %s ms per MB"
        % (mb / (t1 - t0), cpu, "%.2f" % (cpu_ms / mb) if mb else "-"))
    return {"forward_mb_s": round(mb / (t1 - t0), 1), "batond_cpu_percent_while_flooding": round(cpu, 1),
            "batond_cpu_ms_per_mb": round(cpu_ms / mb, 2) if mb else None,
            "limited_by": "batond" if cpu >= 90 else "the flooding worker / the machine"}


def bench_worker_output(tmp, bin_dir, s):
    capacity = _capacity(tmp, bin_dir, 3 if s.quick else 6)
    flood_port = free_port()
    b = Baton(tmp, "output-baton", bin_dir, workers=2, extra_services=_flood_service(flood_port, None))
    b.start()
    rpc = batonrpc.Client(b.socket, timeout=30.0)
    wait_for(lambda: http_get(flood_port, "/healthz") == 200, 10)
    rate_bytes = _log_status(rpc, "flood").get("rate_bytes")   # the default, as batond reports it
    rounds = 2 if s.quick else 3
    slice_s = max(2, s.throughput_s // 2)
    acc = {"on": {"rps": [], "reload_ms": [], "mb_s": [], "batond_cpu": []},
           "off": {"rps": [], "reload_ms": []}}
    _flood_off(flood_port)
    for r in range(rounds):
        for mode in (("off", "on") if r % 2 == 0 else ("on", "off")):
            if mode == "on":
                _flood_on(rpc, flood_port)
                time.sleep(0.5)
            # What log_rate let through, and batond's CPU for it, over the wrk round.
            a, c0, t0 = proc_sample(b.pid), _log_counters(rpc, "flood"), time.monotonic()
            w = start_wrk(b.port, b.path, slice_s)
            res = finish_wrk(w, slice_s)
            bb, c1, t1 = proc_sample(b.pid), _log_counters(rpc, "flood"), time.monotonic()
            acc[mode]["rps"].append(res["rps"])
            if mode == "on":
                mb = (c1 - c0) * FLOOD_LINE_BYTES / 1e6
                cpu_ms = usage_between(a, bb)["cpu_ms"]
                acc["on"]["mb_s"].append(mb / (t1 - t0))
                acc["on"]["batond_cpu"].append(100.0 * cpu_ms / 1000.0 / (t1 - t0))
            acc[mode]["reload_ms"] += _reload_p50(rpc, 5 if s.quick else 10)
            log("output: flood %s: %.0f req/s, reload p50 %.1f ms%s"
                % (mode, res["rps"], statistics.median(acc[mode]["reload_ms"][-10:]),
                   ", %.1f MB/s into the ring, batond CPU %.0f %%" % (acc["on"]["mb_s"][-1], acc["on"]["batond_cpu"][-1])
                   if mode == "on" else ""))
            if mode == "on":
                _flood_off(flood_port)
    rpc.close()
    b.stop()
    on, off = acc["on"], acc["off"]
    rps_on, rps_off = statistics.median(on["rps"]), statistics.median(off["rps"])
    rel_on, rel_off = statistics.median(on["reload_ms"]), statistics.median(off["reload_ms"])
    return dict(capacity, **{
        "rounds": rounds, "round_seconds": slice_s,
        "log_rate_bytes": rate_bytes,
        "flood_mb_s_under_load": round(statistics.median(on["mb_s"]), 1),
        "batond_cpu_percent_under_load": round(statistics.median(on["batond_cpu"]), 1),
        "rps_flood_off": round(rps_off), "rps_flood_on": round(rps_on),
        "throughput_ratio": round(rps_on / rps_off, 3) if rps_off else None,
        "reload_p50_ms_flood_off": round(rel_off, 1), "reload_p50_ms_flood_on": round(rel_on, 1),
        "reload_ratio": round(rel_on / rel_off, 2) if rel_off else None,
        "rounds_rps": {"on": on["rps"], "off": off["rps"]},
    })
