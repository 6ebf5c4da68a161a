#!/usr/bin/env python3
"""outputworker: a socket-activated worker that prints, for the worker-output
tests (tests/daemon/test_worker_output.py). Python 3 standard library only.

OUT_MODE (environment):
  basic   prints "hello stdout" (stdout), "<4>careful" and "plain stderr"
          (stderr), then READY=1 and serves; with TICK=SECS prints
          "tick N" on stdout every SECS
  flood   READY=1, serves, and a thread writes lines to stdout as fast as it
          can (FLOOD_LINE bytes each, newline included); GET /count answers
          the bytes written so far, GET /stall the longest single write() in
          microseconds (how long batond let the pipe stay full), GET /stop
          stops the flood and answers the final count
  die     prints a traceback to stderr and exits 1 before READY=1
  escapes prints a line full of terminal escape sequences (a window title,
          clear screen, colour) to stderr and exits 1 before READY=1
HTTP on the first listener: /healthz "ok" (and /count), threaded.
"""

import http.server
import os
import socket
import sys
import threading
import time


def notify(message):
    path = os.environ.get("NOTIFY_SOCKET", "")
    if not path:
        return
    if path.startswith("@"):
        path = "\0" + path[1:]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        s.sendto(message.encode(), path)
    finally:
        s.close()


written = 0
longest_write_us = 0
flooding = threading.Event()
flood_stopped = threading.Event()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/stop":
            flooding.clear()
            flood_stopped.wait(10)
        if self.path in ("/count", "/stop"):
            body = str(written).encode()
        elif self.path == "/stall":
            body = str(longest_write_us).encode()
        else:
            body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Worker-Pid", str(os.getpid()))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve():
    listener = socket.socket(fileno=3)
    server = http.server.ThreadingHTTPServer(listener.getsockname(), Handler, bind_and_activate=False)
    server.socket = listener
    server.daemon_threads = True
    server.serve_forever(poll_interval=0.05)


FLOOD_LINE = b"flood line with some padding to look like a real log line 0123456789\n"


def flood():
    global written, longest_write_us
    chunk = FLOOD_LINE * 900
    flooding.set()
    while flooding.is_set():
        t = time.monotonic_ns()
        view = memoryview(chunk)
        while view:   # whole lines only, so /count counts lines exactly
            n = os.write(1, view)
            view = view[n:]
        longest_write_us = max(longest_write_us, (time.monotonic_ns() - t) // 1000)
        written += len(chunk)
    flood_stopped.set()


def main():
    mode = os.environ.get("OUT_MODE", "basic")
    if mode == "die":
        sys.stderr.write("Traceback (most recent call last):\n")
        sys.stderr.write('  File "app.py", line 1, in <module>\n')
        sys.stderr.write("ModuleNotFoundError: No module named 'flask'\n")
        sys.stderr.flush()
        sys.exit(1)
    if mode == "escapes":
        sys.stderr.write("\x1b]0;owned\x07\x1b[2Jboom \x1b[31mred\x1b[0m\x9b1m\n")
        sys.stderr.flush()
        sys.exit(1)
    if mode == "basic":
        print("hello stdout", flush=True)
        sys.stderr.write("<4>careful\nplain stderr\n")
        sys.stderr.flush()
    threading.Thread(target=serve, daemon=True).start()
    notify("READY=1\nSTATUS=serving")
    if mode == "flood":
        threading.Thread(target=flood, daemon=True).start()
    tick = float(os.environ.get("TICK", "0"))
    n = 0
    while True:
        if tick > 0:
            time.sleep(tick)
            n += 1
            print("tick %d" % n, flush=True)
        else:
            time.sleep(3600)


if __name__ == "__main__":
    main()
