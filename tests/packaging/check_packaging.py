#!/usr/bin/env python3
"""Packaging tests (issue 7), Python 3 standard library only.

    check_packaging.py lint    --source-dir SRC --build-dir BUILD
    check_packaging.py install --source-dir SRC --build-dir BUILD
    check_packaging.py deb     --source-dir SRC --build-dir BUILD

lint:    desktop-file-validate, appstreamcli validate --no-net, xmllint --noout
         (D-Bus policy, polkit action, metainfo), maintainer scripts (sh -n).
install: `cmake --install BUILD --prefix /usr` with DESTDIR=tmp: every file
         where the FHS and freedesktop expect it; `systemd-analyze verify` on
         both units; the installed `batond --check` passes on the installed
         default config; a smoke run of the installed batond on it.
deb:     cpack builds the .deb into a temporary folder; its control data
         (shlibdeps, conffiles, scripts), `dpkg-deb -c`, an unpack into a
         throwaway root with `dpkg --root`, the copyright file (DEP-5) and
         changelog.Debian.gz, the postinst run against stub commands
         (creates the group, enables/starts nothing), and lintian when it is
         installed: no errors, no hardening tags.

Prints one line per check and closes with "N passed, N failed, N skipped".
A tool that cannot run here (systemd-analyze without systemd's unit files,
say) makes only its own check skipped, with the reason.
"""
import argparse
import gzip
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSED, FAILED, SKIPPED = [], [], []


def ok(name):
    PASSED.append(name)
    print(f"PASS {name}", flush=True)


def fail(name, why):
    FAILED.append(name)
    print(f"FAIL {name}: {why}", flush=True)


def skip(name, why):
    SKIPPED.append(name)
    print(f"SKIP {name}: {why}", flush=True)


def check(name, condition, why=""):
    (ok(name) if condition else fail(name, why))
    return condition


def run(cmd, **kw):
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    kw.setdefault("timeout", 300)
    return subprocess.run([str(c) for c in cmd], **kw)


def tool(name, package):
    path = shutil.which(name)
    if not path:
        fail(f"tool {name}", f"not installed (Debian package {package}; ./dev setup installs it)")
    return path


# Installed layout with prefix /usr. Paths are relative to DESTDIR.
REQUIRED = [
    "usr/sbin/batond",
    "usr/bin/batonctl",
    "usr/bin/baton-worker",
    "usr/lib/baton/batond-dbus.so",
    "usr/lib/systemd/system/batond.service",
    "usr/lib/systemd/user/batond.service",
    "usr/share/dbus-1/system.d/io.github.baton.Daemon1.conf",
    "usr/share/polkit-1/actions/io.github.baton.manage.policy",
    "usr/share/applications/io.github.baton.Admin.desktop",
    "usr/share/metainfo/io.github.baton.Admin.metainfo.xml",
    "usr/share/baton/autostart/io.github.baton.Admin.desktop",
    "usr/share/baton/www/index.html",
    "etc/baton/baton.toml",
    "usr/share/man/man8/batond.8.gz",
    "usr/share/man/man1/batonctl.1.gz",
    "usr/share/man/man1/baton-worker.1.gz",
    "usr/share/man/man1/baton-admin.1.gz",
    "usr/share/doc/baton/README.md",
    "usr/share/doc/baton/copyright",
    "usr/share/doc/baton/changelog.Debian.gz",
    "usr/share/lintian/overrides/baton",
]
EXECUTABLES = ["usr/sbin/batond", "usr/bin/batonctl", "usr/bin/baton-worker"]
# Where nothing of ours may land (FHS): no /usr/etc, no /usr/local, no /lib
# outside /usr, no CMake leftovers.
FORBIDDEN = [re.compile(p) for p in (r"^usr/etc/", r"^usr/local/", r"^lib/", r"^usr/share/Baton", r"\.cmake$")]


def expected_files(build):
    """The fixed list plus what packaging/CMakeLists.txt says this build adds
    (icons rendered from resources/, baton-admin once it is built)."""
    extra = build / "packaging" / "expected-files.txt"
    files = list(REQUIRED)
    if extra.exists():
        for line in extra.read_text().splitlines():
            line = line.strip()
            if line:
                files.append(line.lstrip("/") if line.startswith("/") else "usr/" + line)
    if (build / "bin" / "baton-admin").exists() and "usr/bin/baton-admin" not in files:
        files.append("usr/bin/baton-admin")
    return files


# --------------------------------------------------------------------- lint
def cmd_lint(src, build):
    pkg = src / "packaging"
    desktop_files = [pkg / "desktop/io.github.baton.Admin.desktop", pkg / "desktop/io.github.baton.Admin.autostart.desktop"]
    dfv = tool("desktop-file-validate", "desktop-file-utils")
    if dfv:
        for f in desktop_files:
            r = run([dfv, f])
            # desktop-file-validate prints hints too; only errors fail it (exit 1).
            check(f"desktop-file-validate {f.name}", r.returncode == 0 and "error:" not in r.stdout,
                  (r.stdout + r.stderr).strip())

    metainfo = build / "packaging" / "io.github.baton.Admin.metainfo.xml"
    if not check("metainfo generated", metainfo.exists(), f"{metainfo} missing (configure the build first)"):
        metainfo = None
    asc = tool("appstreamcli", "appstream")
    if asc and metainfo:
        r = run([asc, "validate", "--no-net", "--pedantic", "--explain", metainfo])
        out = r.stdout + r.stderr
        # Pedantic hints ("P:") and info are fine; errors and warnings are not.
        bad = [l for l in out.splitlines() if re.match(r"^\s*[EW]: ", l)]
        check("appstreamcli validate --no-net", r.returncode == 0 and not bad, out.strip())
    if metainfo:
        text = metainfo.read_text()
        for shot in ("dashboard.png", "editor.png", "history.png"):
            check(f"metainfo screenshot {shot}", f"/{shot}</image>" in text, "not referenced")
        check("metainfo launchable", "<launchable type=\"desktop-id\">io.github.baton.Admin.desktop</launchable>" in text)
        check("metainfo fully configured", "@" not in re.sub(r"<!--.*?-->", "", text, flags=re.S), "an @VAR@ is left")

    xmllint = tool("xmllint", "libxml2-utils")
    if xmllint:
        for f in (pkg / "dbus/io.github.baton.Daemon1.conf", pkg / "polkit/io.github.baton.manage.policy", metainfo):
            if f is None:
                continue
            if not f.exists():
                fail(f"xmllint {f.name}", f"{f} does not exist")
                continue
            r = run([xmllint, "--noout", f])
            check(f"xmllint {f.name}", r.returncode == 0 and not r.stderr.strip(), r.stderr.strip())
        policy = pkg / "polkit/io.github.baton.manage.policy"
        if policy.exists():
            check("polkit action io.github.baton.manage", 'id="io.github.baton.manage"' in policy.read_text(),
                  "the action id is missing")
        conf = pkg / "dbus/io.github.baton.Daemon1.conf"
        if conf.exists():
            check("D-Bus policy names io.github.baton.Daemon1", "io.github.baton.Daemon1" in conf.read_text())

    for script in ("postinst", "prerm", "postrm"):
        f = pkg / "debian" / script
        r = run(["sh", "-n", f])
        check(f"{script} is valid sh", r.returncode == 0 and os.access(f, os.X_OK), r.stderr.strip() or "not executable")
    # The units must keep their contract (the values are also in the README).
    unit = (pkg / "systemd/batond.service.in").read_text()
    for line in ("Type=notify", "NotifyAccess=main", "KillMode=process", "RestartSec=100ms", "ExecReload=@BATON_BINDIR@/batonctl reload",
                 "ExecStart=@BATON_SBINDIR@/batond --config @BATON_SYSCONFDIR@/baton/baton.toml",
                 "ProtectSystem=strict", "NoNewPrivileges=yes", "RuntimeDirectory=baton", "StateDirectory=baton",
                 "PrivateTmp=yes", "ProtectHome=read-only"):
        check(f"batond.service has {line}", re.search(rf"^{re.escape(line)}$", unit, re.M) is not None, "missing")
    m = re.search(r"^TimeoutStopSec=(\d+)s$", unit, re.M)
    check("TimeoutStopSec above the default drain_timeout (30s)", m is not None and int(m.group(1)) > 30,
          m.group(0) if m else "TimeoutStopSec missing")


# ------------------------------------------------------------------ install
def destdir_install(build, destdir):
    env = dict(os.environ, DESTDIR=str(destdir))
    return run(["cmake", "--install", build, "--prefix", "/usr"], env=env)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port, path="/", timeout=2):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.read().decode(errors="replace")
    finally:
        conn.close()


def verify_units(root):
    """systemd-analyze verify on the installed units. The units name the
    installed programs (/usr/sbin/batond ...), which live under DESTDIR here:
    verify copies whose absolute program paths are prefixed with DESTDIR."""
    sa = shutil.which("systemd-analyze")
    if not sa:
        skip("systemd-analyze verify", "systemd-analyze is not installed (Debian package systemd)")
        return
    if not Path("/usr/lib/systemd/system/sysinit.target").exists() and not Path("/lib/systemd/system/sysinit.target").exists():
        skip("systemd-analyze verify", "systemd's own units are missing, so no unit can be verified here")
        return
    work = root.parent / "verify"
    man_args = []
    if shutil.which("man"):
        # Documentation=man:... is checked against the man pages just installed.
        os.environ["MANPATH"] = str(root / "usr/share/man")
    else:
        man_args = ["--man=no"]
    for kind in ("system", "user"):
        text = (root / f"usr/lib/systemd/{kind}/batond.service").read_text()
        text = re.sub(r"(?<=[=\s])/usr/(s?bin)/", f"{root}/usr/\\1/", text)
        d = work / kind
        d.mkdir(parents=True, exist_ok=True)
        (d / "batond.service").write_text(text)
        env = dict(os.environ)
        cmd = [sa] + man_args
        if kind == "user":
            xdg = work / "xdg-runtime"
            xdg.mkdir(mode=0o700, exist_ok=True)
            env["XDG_RUNTIME_DIR"] = str(xdg)
            cmd.append("--user")
        r = run(cmd + ["verify", d / "batond.service"], env=env, timeout=120)
        out = (r.stdout + r.stderr).strip()
        if r.returncode != 0 and re.search(r"Failed to (initialize manager|connect)|No such device or address|"
                                          r"Operation not permitted|Read-only file system", out):
            skip(f"systemd-analyze verify ({kind} unit)", f"cannot run in this environment: {out}")
            continue
        check(f"systemd-analyze verify ({kind} unit)", r.returncode == 0 and not out, out)


def smoke_run(root, config_text, tmp):
    """Run the installed batond on the installed default config, made to fit
    a test: programs under DESTDIR, socket/state in tmp, a free port, no bus.
    Then reload it the way ExecReload= does and stop it like systemd."""
    port = free_port()
    text = config_text.replace('"/usr/', f'"{root}/usr/')
    text = re.sub(r'^control_socket = ".*"$', f'control_socket = "{tmp}/control.sock"', text, flags=re.M)
    text = re.sub(r'^state_dir = ".*"$', f'state_dir = "{tmp}/state"', text, flags=re.M)
    text = re.sub(r'^bus = ".*"$', 'bus = "none"', text, flags=re.M)
    text = re.sub(r'^admin_group = ".*"$', "", text, flags=re.M)
    text = text.replace('"127.0.0.1:8080"', f'"127.0.0.1:{port}"')
    cfg = tmp / "smoke.toml"
    cfg.write_text(text)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(tmp), RUNTIME_DIRECTORY=str(tmp / "run"))
    (tmp / "run").mkdir(exist_ok=True)
    log = open(tmp / "batond.log", "w")
    proc = subprocess.Popen([root / "usr/sbin/batond", "--config", cfg], stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        body, deadline = None, time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status, body = http_get(port)
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        if not check("installed batond serves the default site", body is not None and "Baton is running" in body,
                     f"no page on port {port}; batond log:\n{(tmp / 'batond.log').read_text()}"):
            return
        r = run([root / "usr/bin/batonctl", "--socket", tmp / "control.sock", "reload"], env=env, timeout=60)
        check("installed batonctl reload (ExecReload=) exits 0", r.returncode == 0, (r.stdout + r.stderr).strip())
        status, body = http_get(port)
        check("site still served after reload", status == 200 and "Baton is running" in body, f"HTTP {status}")
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
        check("SIGTERM (systemctl stop) drains and exits 0", code == 0, f"exit {code}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()


def check_unit_release(build, unit):
    """The system unit is made for the systemd the build found (packaging/CMakeLists.txt):
    both delegate batond's cgroup subtree (Delegate=yes: a cgroup per worker); 252
    (Debian 12) without ProtectControlGroups= (it would make the subtree read-only);
    257 (Debian 13) with ProtectControlGroups=private and an FD store kept across restarts."""
    lines = unit.splitlines()
    check("installed unit: Type=notify", "Type=notify" in lines, "missing")
    version_file = build / "packaging" / "systemd-version.txt"
    if not check("build records the systemd version of its units", version_file.exists(), f"{version_file} missing"):
        return
    version = int(version_file.read_text().strip())
    newer = version >= 257
    check(f"unit for systemd {version} has Delegate=yes", "Delegate=yes" in lines, unit)
    for line in ("ProtectControlGroups=private", "FileDescriptorStorePreserve=restart"):
        check(f"unit for systemd {version} {'has' if newer else 'lacks'} {line}", (line in lines) == newer, unit)
    if not newer:
        check(f"unit for systemd {version} lacks ProtectControlGroups=yes", "ProtectControlGroups=yes" not in lines, unit)
    systemctl = shutil.which("systemctl")
    if systemctl:
        m = re.match(r"systemd (\d+)", run([systemctl, "--version"]).stdout)
        if m:
            check(f"unit made for this machine's systemd ({m.group(1)})", int(m.group(1)) == version,
                  f"made for {version}")


def cmd_install(src, build):
    with tempfile.TemporaryDirectory(prefix="baton-destdir-") as t:
        tmp = Path(t)
        root = tmp / "root"
        r = destdir_install(build, root)
        if not check("cmake --install --prefix /usr with DESTDIR", r.returncode == 0, r.stdout + r.stderr):
            return
        installed = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() or p.is_symlink())
        for f in expected_files(build):
            check(f"installed /{f}", (root / f).is_file(), "missing")
        for f in EXECUTABLES:
            p = root / f
            check(f"/{f} is executable", p.is_file() and os.access(p, os.X_OK), "not executable")
        misplaced = [f for f in installed if any(p.search(f) for p in FORBIDDEN)]
        check("nothing outside the FHS places", not misplaced, ", ".join(misplaced))
        for f in ("usr/share/man/man8/batond.8.gz", "usr/share/man/man1/batonctl.1.gz",
                  "usr/share/man/man1/baton-worker.1.gz", "usr/share/man/man1/baton-admin.1.gz"):
            p = root / f
            if p.exists():
                text = gzip.decompress(p.read_bytes()).decode()
                check(f"/{f} is a rendered man page", text.startswith(".\\\"") or ".TH" in text, text[:80])
        for f in installed:
            if f.startswith("usr/share/icons/hicolor/") and f.endswith(".png"):
                size = re.search(r"/(\d+)x(\d+)/", f)
                data = (root / f).read_bytes()
                w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
                check(f"/{f} is a {size.group(1)} px PNG", data[:8] == b"\x89PNG\r\n\x1a\n" and w == int(size.group(1)),
                      f"{w}x{h}")

        unit = (root / "usr/lib/systemd/system/batond.service").read_text()
        for line in ("ExecStart=/usr/sbin/batond --config /etc/baton/baton.toml", "ExecReload=/usr/bin/batonctl reload",
                     "ReadWritePaths=/etc/baton /var/lib/baton /run/baton"):
            check(f"installed unit: {line}", line in unit.splitlines(), "missing")
        check("installed units fully configured", "@" not in unit and
              "@" not in (root / "usr/lib/systemd/user/batond.service").read_text())
        check_unit_release(build, unit)
        desktop = root / "usr/share/applications/io.github.baton.Admin.desktop"
        if shutil.which("desktop-file-validate") and desktop.exists():
            r = run(["desktop-file-validate", desktop])
            check("installed desktop file validates", r.returncode == 0, r.stdout + r.stderr)

        config = root / "etc/baton/baton.toml"
        text = config.read_text()
        for want in ('bus = "system"', 'state_dir = "/var/lib/baton"', 'control_socket = "/run/baton/control.sock"',
                     '"/usr/bin/baton-worker", "--root", "/usr/share/baton/www"', 'http = "127.0.0.1:8080"',
                     'admin_group = "baton"'):
            check(f"default config has {want}", want in text, "missing")
        # The config names /usr/bin/baton-worker absolutely, which exists only
        # under DESTDIR here: check a copy whose /usr/ paths are prefixed with
        # DESTDIR, with the installed batond.
        copy = tmp / "baton-destdir.toml"
        copy.write_text(text.replace('"/usr/', f'"{root}/usr/'))
        r = run([root / "usr/sbin/batond", "--check", copy], timeout=60)
        check("installed batond --check on the installed baton.toml", r.returncode == 0, r.stdout + r.stderr)

        verify_units(root)
        smoke_run(root, text, tmp)


# ---------------------------------------------------------------------- deb
def stub_bin(folder, log, groups_present):
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("addgroup", "groupadd", "adduser", "useradd", "systemctl", "deb-systemd-helper",
                 "deb-systemd-invoke", "invoke-rc.d", "service", "update-rc.d", "getent"):
        status = "0" if name != "getent" or groups_present else "2"
        (folder / name).write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\nexit {status}\n')
        (folder / name).chmod(0o755)


def lintian_deb(deb):
    """lintian on the .deb (issue 12 section 5, issue 17): no error tags, and
    none of the hardening tags, which lintian only reports as info."""
    lintian = shutil.which("lintian")
    if not lintian:
        skip("lintian --fail-on error", "lintian not installed (Debian package lintian; ./dev setup installs it)")
        return
    r = run([lintian, "--fail-on", "error", "--display-info", "--tag-display-limit", "0", deb], timeout=420)
    tags = [l for l in r.stdout.splitlines() if re.match(r"^[EWIPXO]: ", l)]
    print("lintian: " + (f"{len(tags)} tag(s)" if tags else "no tags"), flush=True)
    for line in tags:
        print(f"  {line}", flush=True)
    errors = [l for l in tags if l.startswith("E: ")]
    check("lintian --fail-on error: no errors", r.returncode == 0 and not errors,
          "\n".join(errors) or (r.stdout + r.stderr).strip())
    hardening = [l for l in tags if re.search(r": hardening-", l)]
    check("lintian: no hardening-* tags (PIE, RELRO, bind now, fortify)", not hardening, "\n".join(hardening))


def doc_files(root, version):
    """The DEP-5 copyright file and the Debian changelog in /usr/share/doc/baton."""
    doc = root / "usr/share/doc/baton"
    copyright_file = doc / "copyright"
    if copyright_file.exists():
        text = copyright_file.read_text()
        check("copyright is DEP-5",
              text.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"),
              text.splitlines()[0] if text else "empty")
        check("copyright: Apache-2.0, pointing to common-licenses",
              re.search(r"^License: Apache-2\.0$", text, re.M) is not None
              and "/usr/share/common-licenses/Apache-2.0" in text and "@" not in re.sub(r"<[^>]*>", "", text),
              text)
    changelog = doc / "changelog.Debian.gz"
    if changelog.exists():
        raw = changelog.read_bytes()
        # gzip -9n: no file name (FLG.FNAME), no time stamp (MTIME 0), XFL 2 (best compression).
        check("changelog.Debian.gz is gzip -9n", raw[:3] == b"\x1f\x8b\x08" and not raw[3] & 0x08
              and raw[4:8] == b"\0\0\0\0" and raw[8] == 2, raw[:10].hex())
        text = gzip.decompress(raw).decode()
        first = text.splitlines()[0] if text else ""
        check("changelog.Debian.gz: top entry is this version", first.startswith(f"baton ({version}) "), first)
        check("changelog.Debian.gz fully configured", "@" not in re.sub(r"<[^>]*>", "", text), "an @VAR@ is left")


def cmd_deb(src, build):
    cpack = tool("cpack", "cmake")
    dpkg_deb = tool("dpkg-deb", "dpkg")
    if not (cpack and dpkg_deb and tool("dpkg-shlibdeps", "dpkg-dev")):
        return
    with tempfile.TemporaryDirectory(prefix="baton-deb-") as t:
        tmp = Path(t)
        r = run([cpack, "--config", build / "CPackConfig.cmake", "-G", "DEB", "-B", tmp / "out"], timeout=600)
        debs = sorted((tmp / "out").glob("*.deb"))
        if not check("cpack -G DEB builds one .deb", r.returncode == 0 and len(debs) == 1, r.stdout + r.stderr):
            return
        deb = debs[0]
        check("package file name", re.fullmatch(r"baton_\d+\.\d+\.\d+-\d+_[a-z0-9]+\.deb", deb.name) is not None, deb.name)
        info = run([dpkg_deb, "-f", deb]).stdout
        fields = dict(re.findall(r"^(\S+): (.*)$", info, re.M))
        version = fields.get("Version", "")
        check("Version has a Debian revision", re.fullmatch(r"\d+\.\d+\.\d+-\d+", version) is not None, version)
        for field, value in (("Section", "admin"), ("Priority", "optional")):
            check(f"{field}: {value}", fields.get(field) == value, info)
        check("Maintainer: name <address>", re.fullmatch(r"[^<>]+ <[^<>@\s]+@[^<>@\s]+\.[a-z]+>", fields.get("Maintainer", "")) is not None,
              fields.get("Maintainer", "missing"))
        homepage = fields.get("Homepage")
        check("Homepage absent or not a placeholder",
              homepage is None or (homepage.startswith("https://") and not re.search(r"example\.|localhost|placeholder|TODO", homepage)),
              str(homepage))
        depends = fields.get("Depends", "")
        check("Package: baton", fields.get("Package") == "baton", info)
        # Debian 13 renamed libraries in the 64-bit time_t transition (libqt6core6t64 ...).
        # No libsystemd0: batond speaks sd_notify itself (daemon/sd); libqt6dbus6 is the D-Bus module's.
        wanted = ["libc6", "libqt6core6", "libqt6dbus6", "adduser"]
        if "usr/bin/baton-admin" in expected_files(build):
            wanted += ["libqt6widgets6", "libqt6svg6"]
        for lib in wanted:
            check(f"Depends on {lib} (dpkg-shlibdeps)", re.search(rf"(^|, ){lib}(t64)?\b", depends) is not None, depends)

        listing = run([dpkg_deb, "-c", deb]).stdout
        paths = {line.split()[5].lstrip(".").lstrip("/") for line in listing.splitlines() if len(line.split()) >= 6}
        for f in expected_files(build):
            check(f"dpkg-deb -c lists /{f}", f in paths, "missing")
        bad = [p for p in paths if p and any(x.search(p) for x in FORBIDDEN)]
        check("dpkg-deb -c: nothing outside the FHS places", not bad, ", ".join(sorted(bad)))

        ctl = tmp / "control"
        run([dpkg_deb, "-e", deb, ctl])
        conffiles = (ctl / "conffiles").read_text().split() if (ctl / "conffiles").exists() else []
        check("conffiles: /etc/baton/baton.toml", conffiles == ["/etc/baton/baton.toml"], str(conffiles))
        for script in ("postinst", "prerm", "postrm"):
            p = ctl / script
            check(f"control {script} is executable", p.exists() and os.access(p, os.X_OK), "missing or not executable")

        lintian_deb(deb)

        # Unpack into a throwaway root with dpkg itself; nothing of the host is
        # touched. No postinst here (it would run chrooted, without a shell).
        root = tmp / "root"
        for d in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/log"):
            (root / d).mkdir(parents=True, exist_ok=True)
        for f in ("var/lib/dpkg/status", "var/lib/dpkg/available"):
            (root / f).touch()
        r = run(["dpkg", f"--root={root}", "--force-not-root", "--force-depends",
                 "--log=/dev/null", "--unpack", deb], timeout=120)
        if check("dpkg --root --unpack into a throwaway root", r.returncode == 0, r.stdout + r.stderr):
            for f in expected_files(build):
                # Conffiles stay *.dpkg-new until dpkg --configure (not run here).
                check(f"unpacked /{f}", (root / f).exists() or (f"/{f}" in conffiles and (root / f"{f}.dpkg-new").exists()),
                      "missing")
            r = run(["dpkg", f"--root={root}", "-L", "baton"])
            check("dpkg -L baton lists the unit", "/usr/lib/systemd/system/batond.service" in r.stdout, r.stdout + r.stderr)
            doc_files(root, version)
        else:
            # Fall back to a plain extraction so the listing is still checked.
            r = run([dpkg_deb, "-x", deb, root])
            for f in expected_files(build):
                check(f"dpkg-deb -x /{f}", (root / f).exists(), "missing")

        # postinst against stub commands: group created when missing, kept
        # when present, and no service enabled or started either way.
        for present in (False, True):
            log = tmp / f"calls-{present}.log"
            log.write_text("")
            stub_bin(tmp / f"stubs-{present}", log, present)
            env = dict(os.environ, PATH=f"{tmp / f'stubs-{present}'}:/usr/bin:/bin")
            r = run(["sh", ctl / "postinst", "configure", ""], env=env)
            calls = log.read_text()
            what = "present" if present else "missing"
            check(f"postinst configure exits 0 (group {what})", r.returncode == 0, r.stdout + r.stderr)
            created = re.search(r"^addgroup --system( --quiet)? baton$", calls, re.M) is not None
            check(f"postinst {'keeps' if present else 'creates'} the baton group ({what})", created != present, calls)
            check(f"postinst enables and starts nothing (group {what})",
                  not re.search(r"\b(enable|start|restart|reload-or-restart)\b", calls) and "deb-systemd-invoke" not in calls,
                  calls)
        for script, arg in (("prerm", "upgrade"), ("postrm", "remove"), ("prerm", "remove")):
            log = tmp / "calls-rm.log"
            log.write_text("")
            stub_bin(tmp / "stubs-rm", log, True)
            env = dict(os.environ, PATH=f"{tmp / 'stubs-rm'}:/usr/bin:/bin")
            r = run(["sh", ctl / script, arg], env=env)
            check(f"{script} {arg} exits 0", r.returncode == 0, r.stdout + r.stderr)
            if script == "prerm" and arg == "upgrade":
                check("prerm upgrade leaves the running service alone", log.read_text() == "", log.read_text())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["lint", "install", "deb"])
    ap.add_argument("--source-dir", required=True, type=Path)
    ap.add_argument("--build-dir", required=True, type=Path)
    a = ap.parse_args()
    src, build = a.source_dir.resolve(), a.build_dir.resolve()
    {"lint": cmd_lint, "install": cmd_install, "deb": cmd_deb}[a.what](src, build)
    print(f"{len(PASSED)} passed, {len(FAILED)} failed, {len(SKIPPED)} skipped")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
