"""A real systemd 252 as PID 1 in a systemd-nspawn container, for
tests/systemd (issue 12 section 4). Why it works this way:

- The rootfs is a debootstrap --variant=minbase Debian 12 kept outside the
  clone (scripts/systemd-rootfs.sh builds it once and installs the .deb under
  test with its dependencies; only that step needs the network).
- Each boot uses --volatile=overlay: the cached rootfs is read-only beneath
  a tmpfs, so a test run leaves nothing behind in it and two runs never see
  each other's journal, state or config.
- --private-network: the container has its own loopback only, so the load
  the tests send from inside reaches nothing else. systemd is never booted
  over the host's root (it would start the host's units and wipe /tmp).
- Commands run inside with nsenter into the container's PID 1 namespaces:
  no machined is needed on the host (--register=no --keep-unit).
"""

import os
import shutil
import signal
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


class Skip(Exception):
    """The environment cannot run these tests (said visibly, exit 77)."""


def build_deb(build_dir, out_dir):
    cpack = shutil.which("cpack")
    if not cpack:
        raise Skip("cpack not found")
    r = subprocess.run([cpack, "--config", os.path.join(build_dir, "CPackConfig.cmake"), "-G", "DEB", "-B", out_dir],
                       capture_output=True, text=True, timeout=600)
    debs = [f for f in os.listdir(out_dir) if f.endswith(".deb")]
    if r.returncode != 0 or len(debs) != 1:
        raise RuntimeError("cpack failed:\n" + r.stdout + r.stderr)
    return os.path.join(out_dir, debs[0])


def in_nspawn():
    """Inside a systemd-nspawn container (scripts/ci-container.sh runs
    ./dev test in one): booting another from there is the nesting these tests
    never do. A CI runner that is itself, say, a Docker container is a host
    here: nspawn works there."""
    if os.environ.get("container") == "systemd-nspawn":
        return True
    try:
        with open("/run/host/container-manager") as f:
            return f.read().strip() == "systemd-nspawn"
    except OSError:
        return False


def require_host():
    if os.geteuid() != 0:
        raise Skip("needs root (debootstrap, systemd-nspawn): run as root, as CI does")
    if in_nspawn():
        raise Skip("running inside a container: the systemd container is booted from the host only, never nested")
    for tool in ("systemd-nspawn", "nsenter", "debootstrap"):
        if not shutil.which(tool):
            raise Skip("%s not found (./dev setup installs systemd-container, debootstrap)" % tool)


def prepare_rootfs(deb):
    require_host()
    r = subprocess.run([os.path.join(ROOT, "scripts", "systemd-rootfs.sh"), deb], capture_output=True, text=True,
                       timeout=900)
    if r.returncode == 77:
        raise Skip(r.stderr.strip())
    if r.returncode != 0:
        raise RuntimeError("scripts/systemd-rootfs.sh failed (network needed on the first run):\n" + r.stderr[-4000:])
    return r.stdout.strip().splitlines()[-1]


class Container:
    def __init__(self, rootfs, binds=()):
        self.rootfs = rootfs
        self.binds = list(binds)
        self.proc = None
        self.leader = None

    def boot(self, timeout=180):
        cmd = ["systemd-nspawn", "--quiet", "--register=no", "--keep-unit", "--boot", "--private-network",
               "--volatile=overlay", "-D", self.rootfs, "--console=pipe"]
        for host, inside in self.binds:
            cmd.append("--bind-ro=%s:%s" % (host, inside))
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        state = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("systemd-nspawn exited with %s:\n%s" % (self.proc.returncode,
                                                                           self.proc.stdout.read().decode(errors="replace")))
            # The container's PID 1: nspawn's child whose command is systemd.
            # nspawn forks an intermediate child first, which exits; taking
            # that one (it happens under load) left every nsenter failing.
            if self.leader is None or not self._is_systemd(self.leader):
                self.leader = None
                kids = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout.split()
                self.leader = next((int(k) for k in kids if self._is_systemd(int(k))), None)
            if self.leader:
                state = self.run("systemctl", "is-system-running", check=False).stdout.strip()
                if state in ("running", "degraded"):
                    return self
            time.sleep(0.2)
        kids = subprocess.run(["pgrep", "-a", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        probe = self.run("systemctl", "is-system-running", check=False) if self.leader else None
        jobs = "children of nspawn: %s\nprobe: %s\n" % (kids.strip(), probe and (probe.returncode, probe.stdout, probe.stderr[-500:]))
        jobs += self.run("systemctl", "list-jobs", "--no-pager", check=False).stdout if self.leader else ""
        failed = self.run("systemctl", "--failed", "--no-pager", check=False).stdout if self.leader else ""
        raise RuntimeError("systemd in the container did not finish booting within %d s (state %r)\njobs:\n%s\nfailed:\n%s"
                           % (timeout, state if self.leader else None, jobs, failed))

    @staticmethod
    def _is_systemd(pid):
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                return os.path.basename(f.read().split(b"\0")[0]) == b"systemd"
        except OSError:
            return False

    def command(self, *args):
        return ["nsenter", "-t", str(self.leader), "-a", "--"] + list(args)

    def run(self, *args, check=True, timeout=120, input=None):
        r = subprocess.run(self.command(*args), capture_output=True, text=True, timeout=timeout, input=input)
        if check and r.returncode != 0:
            raise AssertionError("%s: exit %d\n%s%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
        return r

    def popen(self, *args):
        return subprocess.Popen(self.command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def write(self, path, text):
        self.run("sh", "-c", 'cat > "$1"', "sh", path, input=text)

    def shutdown(self):
        if not self.proc or self.proc.poll() is not None:
            return
        if self.leader:
            subprocess.run(self.command("systemctl", "poweroff", "--no-block"), capture_output=True, timeout=30)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
