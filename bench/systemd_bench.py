"""Restart and crash of the master under a real systemd 252 (issue 12
section 6), one section of bench/bench.py: Baton (the packaged unit, its
listeners in systemd's FD store), nginx and HAProxy (Debian's own units),
each under wrk -t2 -c32 for 8 s from inside the container, with
`systemctl restart` at 2 s, then again with `kill -9` of the unit's main PID
(Restart= brings it back: Baton's and HAProxy's units restart on failure;
Debian's nginx unit does not, so its service stays down, as an operator
would find it).

Needs root and the systemd tests' rootfs with the peers
(scripts/systemd-rootfs.sh --peers, which this runs; the network on the
first run); otherwise the rows say why.
"""

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "systemd"))

import container as ct  # noqa: E402
from benchlib import log, parse_wrk  # noqa: E402

SECONDS = 8
BATON = """\
[daemon]
control_socket = "/run/baton/control.sock"
bus = "none"
state_dir = "/var/lib/baton"

[service.web]
command = ["/usr/bin/baton-worker", "--root", "/usr/share/baton/www"]
workers = 2
drain_timeout = "5s"

[service.web.listen]
http = "127.0.0.1:8080"
"""
NGINX = """\
worker_processes 2;
pid /run/nginx.pid;
error_log /var/log/nginx/error.log notice;
events { worker_connections 4096; }
http {
    access_log off;
    server { listen 127.0.0.1:8081; location / { return 200 "ok\\n"; } }
}
"""
HAPROXY = """\
global
    master-worker
    nbthread 2
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout http-keep-alive 30s
frontend fe
    bind 127.0.0.1:8082
    http-request return status 200 content-type text/plain string "ok"
"""
SYSTEMS = (("baton", "batond", 8080, "/healthz"), ("nginx", "nginx", 8081, "/"), ("haproxy", "haproxy", 8082, "/"))


def _under_load(c, port, path, action):
    w = c.popen("wrk", "-t2", "-c32", "-d%ds" % SECONDS, "http://127.0.0.1:%d%s" % (port, path))
    time.sleep(2)
    action()
    out, _ = w.communicate(timeout=SECONDS + 30)
    return parse_wrk(out)


def _main_pid(c, unit):
    return int(c.run("systemctl", "show", "-p", "MainPID", "--value", unit).stdout.strip() or 0)


def bench_systemd(tmp, build_dir, s):
    try:
        ct.require_host()
        deb = ct.build_deb(build_dir, tmp)
        rootfs = ct.prepare_rootfs(deb)
        r = ct.subprocess.run([os.path.join(ROOT, "scripts", "systemd-rootfs.sh"), "--peers"], capture_output=True,
                              text=True, timeout=900)
        if r.returncode != 0:
            raise ct.Skip("the peers could not be installed into the rootfs: " + r.stderr.strip()[-300:])
    except ct.Skip as e:
        log("systemd: skipped: %s" % e)
        return {"skipped": str(e)}
    c = ct.Container(rootfs)
    rows = []
    try:
        c.boot()
        c.write("/etc/baton/baton.toml", BATON)
        c.write("/etc/nginx/nginx.conf", NGINX)
        c.write("/etc/haproxy/haproxy.cfg", HAPROXY)
        for label, unit, port, path in SYSTEMS:
            c.run("systemctl", "start", unit, timeout=120)
            time.sleep(1)
            restart = _under_load(c, port, path, lambda: c.run("systemctl", "restart", unit, check=False, timeout=120))
            time.sleep(1)
            pid = _main_pid(c, unit)
            crash = _under_load(c, port, path, lambda: c.run("kill", "-9", str(pid), check=False))
            time.sleep(1)
            state = c.run("systemctl", "is-active", unit, check=False).stdout.strip()
            rows.append({"system": label, "unit": unit,
                         "restart": {k: restart[k] for k in ("requests", "errors", "socket_errors", "non_2xx_3xx")},
                         "crash": {k: crash[k] for k in ("requests", "errors", "socket_errors", "non_2xx_3xx")},
                         "after_crash": state})
            log("systemd: %s: systemctl restart %d errors, kill -9 %d errors (then %s)"
                % (label, restart["errors"], crash["errors"], state))
            c.run("systemctl", "stop", unit, check=False, timeout=120)
    finally:
        c.shutdown()
    return rows
