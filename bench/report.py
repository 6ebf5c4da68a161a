#!/usr/bin/env python3
"""Regenerates BENCHMARKS.md and bench/results/chart.png from a results JSON.

    python3 bench/report.py [bench/results/DATE-HOST.json]

Without an argument, the newest results file (by its "date" field) is used.
Everything in BENCHMARKS.md comes from that JSON, except the analysis of a
missed goal, which is taken from bench/analysis.md (one "## <goal id>"
section per goal) and shown only while that goal is missed.
"""

import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RESULTS = os.path.join(HERE, "results")

LABELS = {"baton": "Baton", "nginx": "nginx", "haproxy": "HAProxy", "baton-pyworker": "Baton + pyworker",
          "baton-t1": "Baton, --threads 1", "baton-file": "Baton, 4 KiB file", "nginx-file": "nginx, 4 KiB file (sendfile)",
          "baton-history": "Baton, metrics_history = 10m (default)"}
COLORS = {"baton": "#2a7ab9", "nginx": "#3d9a50", "haproxy": "#c8553d", "baton-pyworker": "#7fb3dd",
          "baton-t1": "#5e9ed6", "baton-history": "#1f5f91",
          "baton-file": "#5e9ed6", "nginx-file": "#8cc896"}


def newest():
    files = glob.glob(os.path.join(RESULTS, "*.json"))
    if not files:
        sys.exit("report: no results in bench/results/ (run bench/run first)")
    def key(p):
        try:
            with open(p) as f:
                return json.load(f).get("date", "")
        except (OSError, ValueError):
            return ""
    return max(files, key=key)


def fmt(v, digits=1):
    if v is None:
        return "–"
    if isinstance(v, float):
        return ("{:,.%df}" % digits).format(v)
    if isinstance(v, int):
        return "{:,}".format(v)
    return str(v)


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        out.append("| " + " | ".join(fmt(c) if not isinstance(c, str) else c for c in r) + " |")
    return "\n".join(out)


def analysis_sections():
    path = os.path.join(HERE, "analysis.md")
    if not os.path.exists(path):
        return {}
    sections, current = {}, None
    with open(path) as f:
        for line in f:
            m = re.match(r"^## (\S+)\s*$", line)
            if m:
                current = m.group(1)
                sections[current] = []
            elif current:
                sections[current].append(line)
    return {k: "".join(v).strip() for k, v in sections.items()}


# ---------------------------------------------------------------- chart

def chart(res, png):
    load = res.get("reload_under_load", []) + ([res["pyworker"]] if res.get("pyworker") else [])
    tput = res.get("throughput", [])
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return chart_gnuplot(load, tput, png)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2), dpi=110)
    names = [LABELS.get(r["system"], r["system"]) for r in load]
    vals = [r["errors_per_reload"] or 0 for r in load]
    bars = ax1.bar(names, vals, color=[COLORS.get(r["system"], "#888") for r in load])
    for b, r in zip(bars, load):
        ax1.annotate("%s\n(%d errors / %d reloads)" % (fmt(r["errors_per_reload"], 2), r["errors"], r["reloads_done"]),
                     (b.get_x() + b.get_width() / 2, b.get_height()), ha="center", va="bottom", fontsize=8,
                     xytext=(0, 2), textcoords="offset points")
    ax1.set_title("Errors per reload under keep-alive load\n(wrk -t2 -c64, reload every %d ms; lower is better)"
                  % res["settings"]["reload_period_ms"], fontsize=10)
    ax1.set_ylabel("wrk socket errors + non-2xx per reload")
    ax1.set_ylim(0, max(vals + [1]) * 1.3)
    ax1.tick_params(axis="x", labelsize=8)
    names = [LABELS.get(r["system"], r["system"]) for r in tput]
    vals = [r["rps"] / 1000 for r in tput]
    bars = ax2.bar(names, vals, color=[COLORS.get(r["system"], "#888") for r in tput])
    for b, r in zip(bars, tput):
        ax2.annotate("%.1fk (%.2f×)" % (r["rps"] / 1000, r["ratio_to_best_peer"] or 0),
                     (b.get_x() + b.get_width() / 2, b.get_height()), ha="center", va="bottom", fontsize=8,
                     xytext=(0, 2), textcoords="offset points")
    ax2.set_title("Throughput without reloads\n(wrk -t2 -c64 sharing the %d cores; higher is better)"
                  % res["machine"]["nproc"], fontsize=10)
    ax2.set_ylabel("thousand requests/s")
    ax2.set_ylim(0, max(vals + [1]) * 1.2)
    fig.suptitle("Baton benchmarks, %s, %s" % (res["date"][:10], res["machine"]["cpu_model"]), fontsize=9)
    fig.tight_layout()
    fig.savefig(png)
    return "matplotlib"


def chart_gnuplot(load, tput, png):
    try:
        data = os.path.join(RESULTS, ".chart.dat")
        with open(data, "w") as f:
            for r in load:
                f.write('"%s" %s\n' % (LABELS.get(r["system"], r["system"]), r["errors_per_reload"] or 0))
            f.write("\n\n")
            for r in tput:
                f.write('"%s" %s\n' % (LABELS.get(r["system"], r["system"]), r["rps"] / 1000))
        script = f"""set terminal png size 1100,420
set output '{png}'
set multiplot layout 1,2
set style fill solid
set boxwidth 0.6
set title 'Errors per reload (lower is better)'
plot '{data}' index 0 using 0:2:xtic(1) with boxes notitle
set title 'Throughput, thousand req/s (higher is better)'
plot '{data}' index 1 using 0:2:xtic(1) with boxes notitle
unset multiplot
"""
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
        os.remove(data)
        return "gnuplot"
    except (OSError, subprocess.CalledProcessError):
        return None


# ---------------------------------------------------------------- markdown

MEMORY_GROUPS = [
    ("Qt Core and what it pulls in (ICU, GLib, PCRE2, double-conversion, libb2 + libgomp, zlib, zstd)",
     ("libQt6Core", "libicu", "libglib", "libpcre2", "libdouble-conversion", "libb2", "libgomp", "libz.so",
      "libzstd")),
    ("libsystemd and what it pulls in (gcrypt, gpg-error, lzma, lz4, cap)",
     ("libsystemd", "libgcrypt", "libgpg-error", "liblzma", "liblz4", "libcap")),
    ("Qt D-Bus and libdbus (loaded even with bus = \"none\")", ("libQt6DBus", "libdbus")),
    ("C and C++ runtime (libc, libstdc++, libm, libgcc_s, ld.so)",
     ("libc.so", "libstdc++", "libm.so", "libgcc_s", "ld-linux")),
    ("toml++", ("libtomlplusplus",)),
    ("batond's own code and data", ("/batond",)),
    ("heap, stack, anonymous memory", ("[heap]", "[anon]", "[stack]")),
]


def memory_groups(idle):
    totals = {}
    for m in idle["memory_profile"]:
        name = m["mapping"]
        group = "other (locale files, gconv cache, vdso)"
        for label, needles in MEMORY_GROUPS:
            if any(n in name for n in needles):
                group = label
                break
        totals[group] = totals.get(group, 0) + m["rss_kb"]
    rows = [[k, "%.2f" % (v / 1024.0)] for k, v in sorted(totals.items(), key=lambda kv: -kv[1])]
    roll = idle.get("smaps_rollup", {})
    text = table(["idle master's RSS by origin (from /proc/PID/smaps)", "MB"], rows)
    if roll:
        text += ("\n\nOf the %.1f MB RSS, %.1f MB are file-backed pages of shared libraries (%.1f MB of them "
                 "private to this process, i.e. touched by relocation or used only here) and %.1f MB anonymous "
                 "memory; PSS is %.1f MB." % (roll.get("Rss", 0) / 1024.0,
                                              (roll.get("Rss", 0) - roll.get("Anonymous", 0)) / 1024.0,
                                              roll.get("Private_Clean", 0) / 1024.0, roll.get("Anonymous", 0) / 1024.0,
                                              roll.get("Pss", 0) / 1024.0))
    return text

def render(res, source, chart_tool):
    m, v, s = res["machine"], res["versions"], res["settings"]
    goals = res.get("goals", [])
    out = []
    w = out.append
    w("# Benchmarks")
    w("")
    w("Baton's claim is *reload without dropping anything, fast*. These numbers compare it with nginx and "
      "HAProxy in the same run on the same machine. **This file is generated** by `bench/report.py` from "
      "[`%s`](%s); do not edit it by hand: run the benchmarks again (below)." % (source, source))
    w("")
    w("Run of **%s** on %d × %s, %s GiB RAM, %s, kernel %s. Versions: Baton %s (%s), nginx %s, HAProxy %s, wrk %s. "
      "Load average at start %s, at end %s; total runtime %s s." % (
          res["date"], m["nproc"], m["cpu_model"], m["memory_gib"], m.get("os", ""), m["kernel"], v.get("baton"),
          v.get("baton_commit", "?"), v.get("nginx"), v.get("haproxy"), v.get("wrk"),
          " / ".join(str(x) for x in res.get("loadavg_at_start", [])),
          " / ".join(str(x) for x in res.get("loadavg_at_end", [])), res.get("runtime_seconds")))
    # A section measured again later (--only) says so: its numbers are from another run.
    for note in res.get("notes", []):
        w("")
        w("Note: %s." % note)
    if s.get("quick"):
        w("")
        w("> **Quick run** (`--quick`): shortened durations, not comparable with a full run.")
    w("")
    w("## Goals")
    w("")
    w(table(["goal", "measured", "met?"],
            [[g["goal"], g["measured"], "**met**" if g["met"] else "**not met**"] for g in goals]))
    w("")
    w("Where a goal is not met, [Profiles](#profiles-of-the-missed-goals) says why, with the profile that shows it.")
    w("")
    if chart_tool:
        w("![Errors per reload and throughput per system](bench/results/chart.png)")
        w("")
    w("## How to reproduce")
    w("")
    w("```sh")
    w("./dev bench                 # installs missing Debian packages, builds, runs bench/run build")
    w("bench/run build             # the same, on an existing build")
    w("bench/run build --quick     # a short trial of the harness (results marked as quick)")
    w("python3 bench/report.py     # regenerate this file and the chart from the newest results")
    w("```")
    w("")
    w("Needs `wrk`, `nginx-light`, `haproxy`, `python3-matplotlib` (or `gnuplot`) and, for the profiles, "
      "`linux-perf` (or `valgrind`), all Debian packages. nginx and HAProxy are never used as system services: "
      "each run starts them in the foreground (`daemon off;`, `haproxy -W -db`) with generated configurations, "
      "PID files and logs in a temporary folder, on free high ports of 127.0.0.1, and stops them again. "
      "Every run is bounded (`bench/run` gives up after 25 minutes) and only talks to 127.0.0.1. Results go to "
      "`bench/results/<date>-<host>.json` (machine, versions, date, every number and the raw wrk output); "
      "this file and `bench/results/chart.png` are regenerated from it. Run as root, `bench/run` runs at "
      "`nice -n -19` (this run: niceness %s) so that other work on the machine disturbs the measurements "
      "less; the load average before and after is recorded above." % s.get("niceness", "0"))
    w("")
    w("All servers answer a small fixed response: nginx `return 200 \"ok\\n\"`, HAProxy "
      "`http-request return status 200 content-type text/plain string \"ok\"`, Baton `GET /healthz` from "
      "`baton-worker` (2 workers, default `--threads 1`). wrk uses %s, and runs on the same %d cores "
      "as the servers (no pinning), as the issue asks." % (s["wrk"], m["nproc"]))
    w("")

    # 1
    load = res.get("reload_under_load", [])
    w("## 1. Reload under keep-alive load")
    w("")
    w("wrk for %d s while the server reloads every %d ms. *Errors* are wrk's socket errors (connect, read, write, "
      "timeout) plus non-2xx/3xx responses; *reloads done* counts generations that actually took over (Baton: "
      "`generation-ready` events; nginx: `start worker process` pairs in its error log; HAProxy: `New worker ... "
      "forked` lines of the master), *requested* the reload commands sent." % (s["load_seconds"],
                                                                              s["reload_period_ms"]))
    w("")
    rows = []
    for r in load + ([res["pyworker"]] if res.get("pyworker") else []):
        se = r["socket_errors"]
        rows.append([LABELS.get(r["system"], r["system"]), r.get("trigger", ""), r["requests"], r["rps"],
                     "%d / %d / %d / %d" % (se["connect"], se["read"], se["write"], se["timeout"]),
                     r["non_2xx_3xx"], "%d / %d" % (r["reloads_done"], r["reloads_requested"]),
                     fmt(r["errors_per_reload"], 2)])
    w(table(["system", "reload by", "requests", "req/s", "socket errors c/r/w/t", "non-2xx", "reloads done / requested",
             "errors per reload"], rows))
    w("")
    base = [r for r in load if r["system"] == "baton"]
    if base and base[0].get("reloads_finished") is not None:
        b = base[0]
        codes = b.get("batonctl_exit_codes") or {}
        ctl = ""
        if codes:
            n = sum(v for k, v in codes.items() if k != "sighup_fallbacks")
            ctl = ("; all %d `batonctl reload` calls exited 0" % n if set(codes) == {"0"}
                   else "; `batonctl reload` exit codes: %s" % ", ".join("%s × %s" % (v, k) for k, v in codes.items()))
        w("Baton: %d reloads finished, %d rolled back, %d workers killed at a drain deadline%s." % (
            b["reloads_finished"], b["rolled_back"], b["workers_killed"], ctl))
        w("")
    short = [r for r in load + ([res["pyworker"]] if res.get("pyworker") else [])
             if r["reloads_done"] < r["reloads_requested"]]
    if short:
        w("Fewer reloads done than requested: Baton queues a reload requested while another is in progress and "
          "coalesces all queued requests into one (under this load a reload can take longer than the %d ms "
          "period, see section 2, and more so with pyworker, whose start-up and drain are slower); HAProxy's master loses a SIGUSR2 that "
          "arrives while it is still re-executing itself for the previous one. Errors per reload divide by the "
          "reloads done." % s["reload_period_ms"])
        w("")
    w("For reference, measured on this kind of machine before this issue (wrk -t2 -c64, 50 reloads in 10 s): nginx "
      "about 57 errors per reload, HAProxy about 9.5. Most errors are the keep-alive race: a server closes an idle "
      "keep-alive connection just as the client sends a request on it, and wrk counts a *read* error.")
    w("")

    stall = res.get("client_stall")
    if stall:
        w("### A client that stalls during a reload")
        w("")
        w("wrk is stopped (SIGSTOP) right before a reload and continued a moment after the old generation was "
          "told to drain; %d s of wrk per row. Meanwhile its keep-alive connections on the draining workers look "
          "idle, and a worker closes an idle connection after its drain grace (100 ms in both workers); the "
          "requests wrk sends when it wakes up then meet a FIN, which wrk counts as read errors. This is the "
          "race behind most errors in the table above, made deterministic." % s.get("stall_seconds", 4))
        w("")
        w(table(["worker", "client stopped for", "requests", "errors", "socket errors c/r/w/t"],
                [[LABELS.get(r["system"], r["system"]), "%d ms" % r["pause_ms"], r["requests"], r["errors"],
                  "%d / %d / %d / %d" % tuple(r["socket_errors"][k] for k in ("connect", "read", "write", "timeout"))]
                 for r in stall]))
        w("")

    # 2
    lat = res.get("reload_latency", {})
    w("## 2. Reload latency")
    w("")
    rows = []
    for key in ("baton_2", "baton_16", "baton_64"):
        r = lat.get(key)
        if not r:
            continue
        for metric, label in (("request_to_ready_ms", "request → new generation ready"),
                              ("started_to_ready_ms", "reload-started → generation-ready"),
                              ("started_to_gone_ms", "reload-started → last old worker exited"),
                              ("spawn_to_ready_max_ms", "first spawn → last READY=1 (worker start-up)"),
                              ("worker_startup_cpu_ms", "CPU time of one new worker until settled"),
                              ("worker_startup_runqueue_wait_ms", "time one new worker waited for a CPU"),
                              ("master_cpu_ms", "batond CPU time per reload"),
                              ("master_runqueue_wait_ms", "time batond waited for a CPU per reload")):
            x = r.get(metric)
            if not x:
                continue
            rows.append(["Baton, %d workers" % r["workers"], label, x.get("n", 0), x.get("p50"), x.get("p90"),
                         x.get("p99"), x.get("max")])
    for key in ("nginx", "haproxy"):
        r = lat.get(key)
        if not r:
            continue
        x = r["signal_to_old_gone_ms"]
        rows.append(["%s, %d worker%s" % (LABELS[key], r["workers"], "s" if r["workers"] > 1 else ""),
                     "%s → every old worker gone" % r["trigger"], x.get("n", 0), x.get("p50"), x.get("p90"),
                     x.get("p99"), x.get("max")])
    w(table(["system", "interval (ms)", "reloads", "p50", "p90", "p99", "max"], rows))
    w("")
    if lat.get("baton_2"):
        w("Baton reloads are requested with %s, one at a time (the next once the old generation is gone), no "
          "load. The event intervals come from batond's own `events.jsonl` (`reload-started` → `generation-ready` "
          "→ the old generation's last `exit`), whose timestamps have a 1 ms resolution; *request → ready* is "
          "measured by the client. nginx and HAProxy have no readiness event: their row is the time from the "
          "signal until every worker process that existed before it has exited (polled every 0.5 ms). The CPU "
          "and *waited for a CPU* rows come from `/proc/PID/task/*/schedstat` (time on a CPU, time runnable but "
          "waiting in the run queue): they separate what a reload costs from what the machine's other load "
          "added. Each system had a budget of %s s for its reloads. Failures (timeouts or rollbacks): Baton 2 "
          "workers %s, 16 workers %s." % (
              lat["baton_2"]["trigger"], s.get("latency_budget_seconds", "–"), lat["baton_2"]["failures"],
              lat.get("baton_16", {}).get("failures")))
        w("")

    # 3
    tp = res.get("throughput", [])
    w("## 3. Throughput without reloads")
    w("")
    rows = [[LABELS.get(r["system"], r["system"]), r["rps"], fmt(r["ratio_to_best_peer"], 2),
             fmt(r.get("cpu_ratio_to_best_peer"), 2), r["latency_ms"].get("p50"), r["latency_ms"].get("p99"), r["errors"],
             r["server_cpu_percent"], r["wrk_cpu_percent"], r["requests_per_server_cpu_second"],
             ", ".join("%.0f" % v for v in r["rounds_rps"])] for r in tp]
    w(table(["system", "req/s", "ratio to best peer (median of rounds)", "per CPU-second ratio", "latency p50 ms",
             "p99 ms", "errors", "server CPU %", "wrk CPU %", "req per server CPU-second", "req/s per round"], rows))
    w("")
    w("wrk for %s s per system and round, %s rounds: all servers run at once (idle ones cost nothing) and wrk "
      "visits them in order, then in reverse order, by turns, so that background load that comes and goes on the "
      "machine hits every system alike. The ratios are the median over the rounds of each round's ratio to the best "
      "peer in that round (the small response: nginx and HAProxy; the 4 KiB file: nginx with `sendfile on`, HAProxy "
      "serves no files). Latency columns are the mean of the rounds. CPU %% is summed over the server's processes "
      "(200 %% = both cores); wrk competes for the same cores, so a server that needs less CPU per request leaves "
      "more to wrk." % (s.get("throughput_slice_seconds", s["throughput_seconds"]), s.get("throughput_rounds", 2)))
    w("")

    # 4
    fp = res.get("footprint", {})
    w("## 4. Footprint")
    w("")
    idle = fp.get("idle", {})
    if idle:
        rows = [[LABELS[k], x["rss_mb"], x["cpu_percent"], x["cpu_ms"], x["wakeups"], x["threads"], x["workers"],
                 x["workers_rss_mb_sum"]] for k, x in idle.items()]
        w(table(["idle master", "RSS MB", "CPU %", "CPU ms", "wake-ups", "threads", "workers", "workers' RSS MB (sum)"],
                rows))
        w("")
        w("The masters run side by side with no client for **%d s** (the issue asks for 1 minute; shortened "
          "to keep `./dev bench` under ~8 minutes). *Wake-ups* are the master's context switches over the window "
          "(voluntary + involuntary, summed over its threads, from `/proc/PID/task/*/status`); RSS is `VmRSS` at "
          "the end. Workers' RSS counts shared pages once per process. *Baton* runs with `[daemon] metrics_history = \"0\"` "
          "(nothing to do when nobody watches); *%s* keeps the app's chart history, a sample every 10 s."
          % (s["idle_seconds"], LABELS["baton-history"]))
        w("")
    sub = fp.get("subscriber_64")
    if sub:
        a = sub["without_subscriber"]
        b = sub["with_subscriber"]
        rows = [["64 workers, nobody watching", a["rss_mb"], a["cpu_percent"], a["wakeups"], "–"]]
        if "rss_mb" in b:
            n = b.get("notifications", {})
            rows.append(["64 workers, one metrics subscriber", b["rss_mb"], b["cpu_percent"], b["wakeups"],
                         "%d metrics, %s KB" % (n.get("metrics", 0), fmt(n.get("bytes", 0) / 1024, 0))])
        else:
            rows.append(["64 workers, one metrics subscriber", "not measured: " + b["not_measured"], "", "", ""])
        w(table(["Baton master", "RSS MB", "CPU %", "wake-ups", "notifications received"], rows))
        w("")
        w("Each window is %d s. The subscriber connects to `[daemon] control_socket` and sends "
          "`{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscribe\",\"params\":{\"metrics\":true}}`; batond then "
          "samples every worker once a second." % s["subscriber_seconds"])
        w("")
    adm = fp.get("admin_64")
    if adm:
        if "not_measured" in adm:
            w("**baton-admin with 64 workers:** not measured: %s." % adm["not_measured"])
        else:
            w("**baton-admin with 64 workers** (`%s`, QT_QPA_PLATFORM=%s): RSS %s MB, CPU %s %%, %d wake-ups in %s s."
              % (adm["args"], adm["platform"], adm["rss_mb"], adm["cpu_percent"], adm["wakeups"], adm["seconds"]))
        w("")

    # 5
    py = res.get("pyworker")
    if py:
        w("## 5. Reload under load with a third-party worker")
        w("")
        se = py["socket_errors"]
        w("The same load and reload cadence as in 1, with `tests/workers/pyworker.py` (Python standard library, a "
          "thread per connection, written against the worker contract only) instead of baton-worker: %s requests "
          "(%s req/s), **%d errors** (socket errors c/r/w/t %d / %d / %d / %d, non-2xx %d) in %d reloads done "
          "(%d requested)." % (fmt(py["requests"]), fmt(py["rps"]), py["errors"], se["connect"], se["read"],
                               se["write"], se["timeout"], py["non_2xx_3xx"], py["reloads_done"],
                               py["reloads_requested"]))
        w("")

    # 6
    out_ = res.get("worker_output")
    if out_:
        w("## 6. Worker output under load")
        w("")
        w("One batond, two services: `web` (baton-worker, 2 workers) under wrk, and `flood` "
          "(`tests/workers/outputworker.py`, a thread writing 70-byte lines to stdout as fast as it can). "
          "%d alternating rounds of %d s, flood on and off (bench/output_bench.py), `flood` with the default "
          "`log_rate`: batond took %.1f MB/s of it while wrk ran (batond CPU %.0f %%), and the flooding thread "
          "waited in write() for the rest. It runs on the same %s cores as wrk, web and batond."
          % (out_["rounds"], out_["round_seconds"], out_.get("flood_mb_s_under_load", 0),
             out_.get("batond_cpu_percent_under_load", 0), res.get("machine", {}).get("nproc", "?")))
        w("")
        w(table(["measure", "flood off", "flood on", "ratio"],
                [["req/s of web (wrk -t2 -c64)", fmt(out_["rps_flood_off"]), fmt(out_["rps_flood_on"]),
                  "%.2f×" % (out_["throughput_ratio"] or 0)],
                 ["`reload web` p50", "%.1f ms" % out_["reload_p50_ms_flood_off"],
                  "%.1f ms" % out_["reload_p50_ms_flood_on"], "%.2f×" % (out_["reload_ratio"] or 0)]]))
        w("")
        w("Capacity (`log_rate = \"unlimited\"`, no load): **%.1f MB/s** of lines into the ring buffer, batond at "
          "%.0f %% of one core, %s ms of batond CPU per MB (limited by %s)." % (out_["forward_mb_s"], out_["batond_cpu_percent_while_flooding"],
                               out_["batond_cpu_ms_per_mb"], out_["limited_by"]))
        w("")

    jr = res.get("journal_forwarding")
    if jr:
        w("### Into the journal")
        w("")
        if jr.get("skipped"):
            w("Not measured in this run: %s." % jr["skipped"])
        else:
            w("Under a real systemd 252 (the systemd tests' container, the packaged unit), the same flood for %s s: "
              "batond took **%s lines/s** (%s MB/s) into its ring and forwarded them to the journal's native socket; "
              "journald kept %s lines/s (%s MB/s), bounded by the unit's %s."
              % (jr["seconds"], fmt(jr["ring_lines_per_s"]), jr["ring_mb_s"], fmt(jr["journal_lines_per_s"]),
                 jr["journal_mb_s"], jr["rate_limit"]))
        w("")

    # 7
    up = res.get("master_upgrade")
    if up:
        w("## 7. Master upgrade under keep-alive load")
        w("")
        w("The master process itself is replaced %d times while wrk -t2 -c64 runs (bench/upgrade_bench.py): "
          "Baton with `batonctl upgrade` (re-exec in place, same PID, the workers stay), nginx with its binary "
          "upgrade (USR2, WINCH and QUIT to the old master), HAProxy with its master re-exec (SIGUSR2)."
          % up[0]["upgrades_requested"])
        w("")
        w(table(["system", "how", "upgrades", "requests", "errors", "errors per upgrade", "socket errors c/r/w/t"],
                [[LABELS.get(r["system"], r["system"]), r["trigger"], "%d/%d" % (r["upgrades_done"], r["upgrades_requested"]),
                  fmt(r["requests"]), r["errors"], r["errors_per_upgrade"],
                  "%d / %d / %d / %d" % tuple(r["socket_errors"][k] for k in ("connect", "read", "write", "timeout"))]
                 for r in up]))
        w("")

    mr = res.get("master_restart")
    if mr:
        w("### Restart and crash of the master under a real systemd")
        w("")
        if isinstance(mr, dict):
            w("Not measured in this run: %s." % mr.get("skipped"))
        else:
            w("systemd 252 as PID 1 in a container (the systemd tests' rootfs), each server under its own unit "
              "(Baton's packaged unit with the FD store; Debian's nginx and HAProxy units), wrk -t2 -c32 for 8 s from "
              "inside, `systemctl restart` at 2 s, then the same with `kill -9` of the unit's main PID.")
            w("")
            w(table(["system", "restart: requests", "restart: errors", "kill -9: requests", "kill -9: errors",
                     "after the crash"],
                    [[LABELS.get(r["system"], r["system"]), fmt(r["restart"]["requests"]), r["restart"]["errors"],
                      fmt(r["crash"]["requests"]), r["crash"]["errors"], r["after_crash"]] for r in mr]))
        w("")

    # profiles
    profiles = res.get("profiles", {})
    missed = [g for g in goals if not g["met"]]
    w("## Profiles of the missed goals")
    w("")
    if not missed:
        w("Every goal is met in this run.")
        w("")
    sections = analysis_sections()
    for g in missed:
        w("### %s" % g["goal"])
        w("")
        w("Measured: %s." % g["measured"])
        w("")
        text = sections.get(g["id"])
        if text:
            w(text)
            w("")
        if g["id"] in ("idle_rss",) and res.get("footprint", {}).get("idle", {}).get("baton", {}).get("memory_profile"):
            w(memory_groups(res["footprint"]["idle"]["baton"]))
            w("")
        key = {"throughput": "throughput", "reload_latency": "reload_latency", "idle_rss": "idle",
               "idle_wakeups": "idle", "zero_errors": "errors",
               "zero_errors_pyworker": "errors_pyworker"}.get(g["id"])
        p = profiles.get(key)
        if p:
            w("<details><summary>Profile data (%s)</summary>" % p.get("tool", p.get("what", "")))
            w("")
            w("```")
            for k, val in p.items():
                if k in ("file",):
                    continue
                if isinstance(val, list):
                    w("%s:" % k)
                    for line in val:
                        w("    %s" % (json.dumps(line) if isinstance(line, dict) else line))
                elif isinstance(val, dict):
                    w("%s: %s" % (k, json.dumps(val)))
                else:
                    w("%s: %s" % (k, val))
            w("```")
            w("")
            w("</details>")
            w("")
            if p.get("file"):
                w("Full text: [`%s`](%s)." % (p["file"], p["file"]))
                w("")
    return "\n".join(out).rstrip() + "\n"


def main():
    path = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else newest()
    with open(path) as f:
        res = json.load(f)
    png = os.path.join(RESULTS, "chart.png")
    tool = chart(res, png)
    source = os.path.relpath(path, ROOT)
    md = render(res, source, tool)
    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as f:
        f.write(md)
    print("report: wrote BENCHMARKS.md%s from %s" % (" and bench/results/chart.png (%s)" % tool if tool else
                                                     " (no chart: install python3-matplotlib or gnuplot)", source))


if __name__ == "__main__":
    main()
