"""Worker output under load (issue 13 §5), one section of bench/bench.py.

One batond runs two services: `web` (baton-worker, 2 workers, the load's
target) and `flood` (tests/workers/outputworker.py in flood mode: a thread
writing 70-byte lines to stdout as fast as it can; GET /stop ends it, a
reload of `flood` starts a new flooding worker). Rounds alternate between
"flood on" and "flood off" so background load on the machine hits both:
  forwarding  MB/s of lines batond takes into the ring (kept + dropped lines,
              from `status`), batond's CPU for it and CPU-ms per MB;
  throughput  wrk -t2 -c64 against web, flood on versus off;
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


def _log_counters(rpc, service):
    for svc in rpc.result("status")["services"]:
        if svc["name"] == service:
            log_ = svc.get("log", {})
            return log_.get("lines", 0) + log_.get("dropped", 0)
    return 0


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


def bench_worker_output(tmp, bin_dir, s):
    flood_port = free_port()
    extra = f"""
[service.flood]
command = [{sys.executable!r}, {OUTPUTWORKER!r}]
workers = 1
ready_timeout = "10s"
drain_timeout = "2s"
log_buffer = "1MiB"
env = {{ OUT_MODE = "flood" }}

[service.flood.listen]
http = "127.0.0.1:{flood_port}"
""".replace("'", '"')
    b = Baton(tmp, "output-baton", bin_dir, workers=2, extra_services=extra)
    b.start()
    rpc = batonrpc.Client(b.socket, timeout=30.0)
    wait_for(lambda: http_get(flood_port, "/healthz") == 200, 10)
    rounds = 2 if s.quick else 3
    slice_s = max(2, s.throughput_s // 2)
    acc = {"on": {"rps": [], "reload_ms": [], "mb_s": [], "batond_cpu": [], "cpu_ms_per_mb": []},
           "off": {"rps": [], "reload_ms": []}}
    _flood_off(flood_port)
    for r in range(rounds):
        for mode in (("off", "on") if r % 2 == 0 else ("on", "off")):
            if mode == "on":
                _flood_on(rpc, flood_port)
                time.sleep(0.5)
            # Forwarding: batond's CPU against the lines it took, over the wrk round.
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
                acc["on"]["cpu_ms_per_mb"].append(cpu_ms / mb if mb else None)
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
    cpm = [v for v in on["cpu_ms_per_mb"] if v is not None]
    return {
        "rounds": rounds, "round_seconds": slice_s,
        "forward_mb_s": round(statistics.median(on["mb_s"]), 1),
        "batond_cpu_percent_while_flooding": round(statistics.median(on["batond_cpu"]), 1),
        "batond_cpu_ms_per_mb": round(statistics.median(cpm), 2) if cpm else None,
        "limited_by": "batond" if statistics.median(on["batond_cpu"]) >= 90 else "the flooding worker / the machine",
        "rps_flood_off": round(rps_off), "rps_flood_on": round(rps_on),
        "throughput_ratio": round(rps_on / rps_off, 3) if rps_off else None,
        "reload_p50_ms_flood_off": round(rel_off, 1), "reload_p50_ms_flood_on": round(rel_on, 1),
        "reload_ratio": round(rel_on / rel_off, 2) if rel_off else None,
        "rounds_rps": {"on": on["rps"], "off": off["rps"]},
    }
