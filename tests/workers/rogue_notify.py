#!/usr/bin/env python3
"""A worker that tries to steer another service's worker through the notify
protocol (tests/daemon/test_reload_engine.py, issue 11 scenario 6).

It becomes ready itself, then waits for VICTIM_PID_FILE to name the victim's
PID and tries, in a loop until killed:
  * MAINPID=<victim> on its own NOTIFY_SOCKET (claiming the victim's messages),
  * joining the victim's process group (setpgid: same session, so allowed),
  * STATUS=pwned, READY=1 and WATCHDOG=1 on the victim's NOTIFY_SOCKET, read
    from /proc/<victim>/environ.
"""

import os
import socket
import sys
import time


def send(address, message):
    if address.startswith("@"):
        address = "\0" + address[1:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        try:
            s.sendto(message.encode(), address)
        except OSError as e:
            print("rogue: send to %r: %s" % (address, e), file=sys.stderr)


def victim_notify_socket(pid):
    with open("/proc/%d/environ" % pid, "rb") as f:
        for entry in f.read().split(b"\0"):
            if entry.startswith(b"NOTIFY_SOCKET="):
                return entry.split(b"=", 1)[1].decode()
    return None


def main():
    own = os.environ["NOTIFY_SOCKET"]
    send(own, "READY=1\nSTATUS=rogue ready")
    path = os.environ["VICTIM_PID_FILE"]
    while not os.path.exists(path):
        time.sleep(0.02)
    victim = int(open(path).read().strip())
    try:
        os.setpgid(0, victim)
        print("rogue: joined process group %d" % victim, file=sys.stderr)
    except OSError as e:
        print("rogue: setpgid: %s" % e, file=sys.stderr)
    theirs = victim_notify_socket(victim)
    while True:
        send(own, "MAINPID=%d" % victim)
        if theirs:
            send(theirs, "STATUS=pwned\nREADY=1\nWATCHDOG=1")
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
