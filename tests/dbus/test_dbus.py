#!/usr/bin/env python3
"""batond's D-Bus API on a private session bus: introspection, every method,
the errors, the signals and the properties, against the real daemon running
baton-worker (docs/control-api.md).

  dbus-run-session -- python3 tests/dbus/test_dbus.py --build-dir build
"""

import os
import re
import time
import xml.etree.ElementTree as ET

import dbustest as dt
from dbustest import bt, call

METHODS = {
    "Status": ("", "a{sv}"), "Reload": ("s", "a{sv}"), "Validate": ("s", "a{sv}"), "GetConfig": ("", "a{sv}"),
    "ApplyConfig": ("sss", "a{sv}"), "History": ("", "a{sv}"), "GetVersion": ("u", "a{sv}"),
    "Rollback": ("us", "a{sv}"), "Events": ("tu", "a{sv}"), "Reset": ("s", "a{sv}"), "Stop": ("", "a{sv}"),
    "Subscribe": ("", "a{sv}"), "Unsubscribe": ("", "a{sv}"), "MetricsHistory": ("", "a{sv}"),
    "Logs": ("a{sv}", "a{sv}"), "SubscribeLogs": ("a{sv}", "a{sv}"), "UnsubscribeLogs": ("", "a{sv}"),
    "RestartWorker": ("u", "a{sv}"), "SignalWorker": ("us", "a{sv}"),
    "StopService": ("s", "a{sv}"), "StartService": ("s", "a{sv}"),
    "Upgrade": ("s", "a{sv}"),
}
SIGNALS = {"Event": "a{sv}", "ServicesChanged": "a{sv}", "MetricsUpdated": "a{sv}", "LogLines": "a{sv}", "UpgradeFinished": "a{sv}"}
PROPERTIES = {"State": "s", "ConfigVersion": "s"}


def ready_workers(status, service="web"):
    for s in status["services"]:
        if s["name"] == service:
            return sorted(w["pid"] for w in s["workers"] if w["state"] == "ready")
    raise AssertionError("no service %s in %s" % (service, status))


class DBusApi(dt.DBusTestCase):

    def wait_ready_workers(self, count, timeout=20.0):
        deadline = time.monotonic() + timeout
        while True:
            status = call("Status")
            pids = ready_workers(status)
            svc = status["services"][0]
            if len(pids) == count and len(svc["workers"]) == count:
                return pids
            if time.monotonic() > deadline:
                self.fail("expected %d ready workers, Status says %s" % (count, svc))
            time.sleep(0.1)

    def test_introspection_and_reads(self):
        d = self.start_daemon()
        self.wait_owned_by(d)

        iface = None
        for node in ET.fromstring(dt.introspect()).iter("interface"):
            if node.get("name") == dt.IFACE:
                iface = node
        self.assertIsNotNone(iface, "interface %s not exported" % dt.IFACE)
        # batond's interface carries no binding-specific (QtDBus) annotations;
        # only QtDBus's own description of org.freedesktop.DBus.Properties does.
        self.assertNotIn("org.qtproject", ET.tostring(iface).decode())
        methods = {}
        for m in iface.iter("method"):
            args = m.findall("arg")
            ins = "".join(a.get("type") for a in args if a.get("direction", "in") == "in")
            outs = "".join(a.get("type") for a in args if a.get("direction") == "out")
            methods[m.get("name")] = (ins, outs)
        self.assertEqual(methods, METHODS)
        self.assertEqual({s.get("name"): "".join(a.get("type") for a in s.findall("arg")) for s in iface.iter("signal")},
                         SIGNALS)
        self.assertEqual({p.get("name"): p.get("type") for p in iface.iter("property")}, PROPERTIES)
        self.assertTrue(all(p.get("access") == "read" for p in iface.iter("property")))

        status = call("Status")
        self.assertEqual(status["daemon"]["pid"], d.pid)
        self.assertEqual(status["daemon"]["state"], "running")
        self.assertEqual(len(ready_workers(status)), 2, status)
        svc = status["services"][0]
        self.assertEqual((svc["name"], svc["workers_wanted"], svc["generation"]), ("web", 2, 1))
        self.assertIsInstance(svc["generations"], list)
        self.assertEqual(set(ready_workers(status)), set(d.current_workers("web")))

        config = call("GetConfig")
        with open(d.config) as f:
            self.assertEqual(config["text"], f.read())
        self.assertEqual(config["path"], d.config)
        self.assertTrue(config["version"])
        self.assertEqual(status["daemon"]["config_version"], config["version"])
        self.assertEqual(dt.get_property("ConfigVersion"), config["version"])
        self.assertEqual(dt.get_property("State"), "running")

        bad = "[service.web]\ncommand = [\"baton-worker\"]\nwrokers = 2\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n"
        result = call("Validate", "s", bad)
        self.assertFalse(result["valid"])
        self.assertTrue(result["diagnostics"], result)
        diag = result["diagnostics"][0]
        self.assertEqual((diag["severity"], diag["line"]), ("error", 3), diag)
        self.assertGreaterEqual(diag["column"], 1)
        self.assertIn("wrokers", diag["message"])
        self.assertRegex(diag["text"], r"^baton\.toml:3:\d+: error: ")
        syntax = call("Validate", "s", "[service.web\n")
        self.assertFalse(syntax["valid"])
        self.assertEqual(syntax["diagnostics"][0]["line"], 1, syntax)

        good = call("Validate", "s", config["text"].replace("workers = 2", "workers = 4"))
        self.assertTrue(good["valid"], good)
        self.assertEqual(good["diagnostics"], [])
        self.assertTrue(any("scale" in p for p in good["plan"]), good)

        history = call("History")["versions"]
        self.assertEqual(len(history), 1, history)
        self.assertTrue(history[0]["current"])
        version = call("GetVersion", "u", history[0]["id"])
        self.assertEqual(version["text"], config["text"])
        self.assertDBusError("NotFound", "GetVersion", "u", 999)

        events = call("Events", "tu", 0, 0)
        kinds = [e["kind"] for e in events["events"]]
        self.assertIn("daemon-started", kinds)
        self.assertIn("generation-ready", kinds)
        self.assertEqual(events["last_seq"], events["events"][-1]["seq"])
        self.assertEqual(len(call("Events", "tu", 0, 2)["events"]), 2)
        self.assertEqual(call("Events", "tu", events["last_seq"], 0)["events"], [])

        self.assertEqual(call("Reset", "s", "web"), {"ok": True})   # not failed: nothing to do
        self.assertDBusError("NotFound", "Reset", "s", "nope")
        self.assertDBusError("NotFound", "Reload", "s", "nope")
        self.assertTrue(d.running())

    def test_results_are_the_same_records_on_both_transports(self):
        # One record definition (core/ControlRecords): what D-Bus decodes is
        # what JSON-RPC decodes, key for key (times and uptimes aside).
        import batonrpc
        d = self.start_daemon()
        self.wait_owned_by(d)
        rpc = batonrpc.Client(os.path.join(d.dir, "baton.sock"))
        self.addCleanup(rpc.close)

        def stable(status):
            services = []
            for s in status["services"]:
                s = dict(s)
                s["workers"] = sorted(({k: v for k, v in w.items() if k not in ("uptime_ms", "fds", "rss_bytes", "cpu_percent")}
                                       for w in s["workers"]), key=lambda w: w["pid"])
                services.append(s)
            return services

        self.assertEqual(stable(call("Status")), stable(rpc.result("status")))
        self.assertEqual(call("History")["versions"], rpc.result("history")["versions"])
        via_bus = call("Events", "tu", 0, 50)["events"]
        via_socket = rpc.result("events", {"since": 0, "limit": 50})["events"]
        self.assertEqual(via_bus, via_socket[:len(via_bus)])
        diag_bus = call("Validate", "s", "[service.x]\nworkers = 0\n")["diagnostics"]
        diag_socket = rpc.result("validate", {"text": "[service.x]\nworkers = 0\n"})["diagnostics"]
        self.assertEqual(diag_bus, diag_socket)
        # metrics_history: a sample may come between the two calls.
        history_bus = call("MetricsHistory")
        history_socket = rpc.result("metrics_history")
        self.assertEqual(set(history_bus), {"interval_ms", "kept_ms", "samples"})
        self.assertEqual(history_bus["kept_ms"], history_socket["kept_ms"])
        self.assertEqual(history_bus["samples"], history_socket["samples"][:len(history_bus["samples"])])

    def test_apply_history_rollback(self):
        d = self.start_daemon()
        self.wait_owned_by(d)
        mon = self.monitor()
        first = self.wait_ready_workers(2)
        config = call("GetConfig")
        v1 = config["version"]

        message = self.assertDBusError("Conflict", "ApplyConfig", "sss", config["text"], "0123456789abcdef", "")
        self.assertIn(v1, message)

        broken = config["text"].replace("workers = 2", "workers = \"two\"")
        message = self.assertDBusError("InvalidConfig", "ApplyConfig", "sss", broken, v1, "")
        self.assertRegex(message, r"baton\.toml:\d+:\d+: error: .*workers", "diagnostics belong in the message")
        self.assertEqual(call("GetConfig")["version"], v1, "an invalid config must not be written")

        scaled = config["text"].replace("workers = 2", "workers = 3")
        result = call("ApplyConfig", "sss", scaled, v1, "scale to three")
        self.assertTrue(result["ok"], result)
        self.assertNotEqual(result["version"], v1)
        self.assertTrue(any("scale" in p for p in result["plan"]), result)
        self.assertEqual(result["rolled_back"], [])
        v2 = result["version"]
        with open(d.config) as f:
            self.assertEqual(f.read(), scaled)
        third = self.wait_ready_workers(3)
        self.assertTrue(set(first) < set(third), "scaling up keeps the running workers: %s -> %s" % (first, third))
        self.assertEqual(dt.get_property("ConfigVersion"), v2)
        mon.wait("PropertiesChanged", r"'ConfigVersion': <'%s'>" % v2)

        history = call("History")["versions"]
        self.assertEqual([h["id"] for h in history], [result["history_id"], history[-1]["id"]], history)
        self.assertEqual(history[0]["comment"], "scale to three")
        self.assertTrue(history[0]["current"])
        self.assertFalse(history[1]["current"])
        self.assertEqual(history[0]["uid"], __import__("os").getuid())

        back = call("Rollback", "us", history[-1]["id"], "")
        self.assertTrue(back["ok"], back)
        self.assertEqual(back["version"], v1)
        self.wait_ready_workers(2)
        self.assertEqual(call("GetConfig")["text"], config["text"])
        history = call("History")["versions"]
        self.assertEqual(len(history), 3, history)
        self.assertIn("rollback", history[0]["comment"])
        self.assertDBusError("NotFound", "Rollback", "us", 999, "")

    def test_reload_signals_properties(self):
        d = self.start_daemon()
        self.wait_owned_by(d)
        mon = self.monitor()
        old = self.wait_ready_workers(2)
        mark = d.mark()

        t0 = time.monotonic()
        result = call("Reload", "s", "")
        elapsed = time.monotonic() - t0
        self.assertTrue(result["ok"], result)
        self.assertEqual(result["rolled_back"], [])
        # Answered after the new generation took over, not before.
        ready = d.find("generation-ready", mark)
        self.assertTrue(ready, "Reload answered before generation-ready (%.2f s)" % elapsed)
        self.assertTrue(d.find(bt.RELOAD_DONE, mark), "Reload answered before the reload finished")
        new = self.wait_ready_workers(2)
        self.assertTrue(set(new).isdisjoint(old), "a reload starts a new generation: %s -> %s" % (old, new))

        lines = mon.wait("Manager.Event", r"'kind': <'generation-ready'>")
        self.assertRegex(lines[0], r"'service': <'web'>")
        self.assertRegex(lines[0], r"'generation': <(int32 |int64 )?2>")
        mon.wait("PropertiesChanged", r"io\.github\.baton\.Daemon1\.Manager', \{'State': <'reloading'>")
        mon.wait("PropertiesChanged", r"\{'State': <'running'>")
        changed = mon.wait("Manager.ServicesChanged", r"'state': <'running'>")
        self.assertRegex(changed[-1], r"'workers': <\[\{")   # aa{sv}, not av
        self.assertEqual(dt.get_property("State"), "running")

        # Subscribe turns metrics on; a subscriber that leaves the bus (gdbus
        # exits right after the call) is dropped, and sampling stops.
        before = len(mon.lines("Manager.MetricsUpdated"))
        result = call("Subscribe")
        self.assertTrue(result["ok"])
        self.assertGreaterEqual(result["last_seq"], d.events()[-1]["seq"])
        sample = mon.wait("Manager.MetricsUpdated", r"'rss_bytes': <int64 [1-9]")
        self.assertGreater(len(mon.lines("Manager.MetricsUpdated")), before, sample)
        # Sampling (once a second) must stop: no new MetricsUpdated for 3 s at some
        # point within 30 s, however late batond or the monitor are on a loaded machine.
        try:
            bt.wait_quiet(lambda: len(mon.lines("Manager.MetricsUpdated")), 3.0, 30, "MetricsUpdated signals")
        except AssertionError as e:
            self.fail("metrics kept coming after the only subscriber left the bus: %s" % e)
        self.assertEqual(call("Unsubscribe"), {"ok": True})

    # The operator actions over D-Bus: the same records and errors as on the socket.
    def test_operator_actions(self):
        d = self.start_daemon()
        self.wait_owned_by(d)
        old = d.current_workers("web")[0]
        r = call("RestartWorker", "u", old)
        self.assertEqual((r["ok"], r["old_pid"]), (True, old), r)
        self.assertTrue(bt.alive(r["new_pid"]), r)
        self.assertEqual(d.wait_event("exit", pid=old, timeout=20).get("cause"), "restarted-by-request")
        self.assertDBusError("NotFound", "RestartWorker", "u", 999999)
        self.assertDBusError("InvalidArgs", "RestartWorker", "u", 0)

        victim = r["new_pid"]
        self.assertEqual(call("SignalWorker", "us", victim, "TERM"), {"ok": True, "pid": victim, "signal": "SIGTERM"})
        self.assertEqual(d.wait_event("exit", pid=victim, timeout=20).get("cause"), "signalled-by-request")
        self.assertDBusError("InvalidArgs", "SignalWorker", "us", victim, "SEGV")

        stopped = call("StopService", "s", "web")
        self.assertEqual((stopped["ok"], stopped["state"]), (True, "stopped"), stopped)
        self.assertTrue(call("Status")["services"][0]["stopped_by_request"])
        self.assertDBusError("NotFound", "StopService", "s", "nope")
        started = call("StartService", "s", "web")
        self.assertEqual((started["ok"], started["state"]), (True, "running"), started)
        self.assertDBusError("Conflict", "StartService", "s", "web")
        self.assertTrue(d.running())

    def test_stop(self):
        d = self.start_daemon()
        self.wait_owned_by(d)
        pids = d.current_workers("web")
        self.assertEqual(call("Stop"), {"ok": True})
        self.assertEqual(d.wait_exit(30), 0, d.log_text()[-3000:])
        self.assertAllGone(pids)
        # The bus daemon releases the name once it has seen the connection close.
        try:
            bt.wait_until(lambda: dt.name_owner_pid() is None, 20, "the bus name to be released", interval=0.05)
        except AssertionError:
            self.fail("the bus name outlived batond (owner pid %s)" % dt.name_owner_pid())
        self.assertTrue(re.search(r"D-Bus: %s on the session bus" % re.escape(dt.NAME), d.log_text()), d.log_text())


if __name__ == "__main__":
    dt.main()
