#!/usr/bin/env python3
"""Signed configs (README "Signed configs"): with [daemon] signing_keys, every
config batond loads must carry a valid signature by a key of the *running*
config. Unsigned or tampered files are refused at start, SIGHUP, watch,
apply_config and --check, with a `security` event, and the running
generation keeps serving. Key pairs and signatures come from
`batonctl keygen` and `batonctl sign`.

  python3 tests/daemon/test_signed_configs.py --build-dir build
"""

import os
import subprocess
import time

import batonrpc
import batontest as bt


class Keys:
    """Key pairs made with batonctl keygen in a root-or-us owned 0755 folder."""

    def __init__(self, root):
        self.dir = os.path.join(root, "keys")
        os.makedirs(self.dir, exist_ok=True)
        os.chmod(self.dir, 0o755)

    def make(self, name):
        prefix = os.path.join(self.dir, name)
        out = subprocess.run([bt.binary("batonctl"), "keygen", "--out", prefix], capture_output=True, text=True, timeout=10)
        assert out.returncode == 0, out.stderr
        return prefix + ".pub", prefix + ".key", out.stdout.strip()


def read(path):
    with open(path) as f:
        return f.read()


def sign(text, key):
    out = subprocess.run([bt.binary("batonctl"), "sign", "-", "--key", key], input=text.encode(),
                         capture_output=True, timeout=10)
    assert out.returncode == 0, out.stderr
    return out.stdout.decode()


def config(port, greeting, keys, watch=False):
    s = {"command": bt.baton_worker_command(), "workers": 2, "drain_timeout": "5s",
         "env": {"GREETING": greeting}, "listen": {"http": "127.0.0.1:%d" % port}}
    return bt.config_text({"web": s}, daemon={"signing_keys": list(keys), "watch": watch})


class SignedConfigs(bt.BatonTestCase):

    def setUp(self):
        super().setUp()
        keys = Keys(self.tmp)
        self.pubA, self.keyA, self.idA = keys.make("a")
        self.pubB, self.keyB, self.idB = keys.make("b")

    def serves(self, port, greeting, pids=None):
        r = bt.http_get(port, "/healthz")
        self.assertEqual((r.status, r.greeting), (200, greeting))
        if pids is not None:
            self.assertIn(r.pid, pids)

    def comes_to_serve(self, port, greeting, timeout=10.0):
        # Right after a reload answered, a worker of the replaced generation
        # may still take a fresh connection before its SIGTERM lands.
        deadline = time.monotonic() + timeout
        while True:
            r = bt.http_get(port, "/healthz")
            if (r.status, r.greeting) == (200, greeting):
                return
            self.assertLess(time.monotonic(), deadline, "still answered by %r" % (r.greeting,))
            time.sleep(0.05)

    def test_tampered_file_refused_at_sighup_and_signed_one_accepted(self):
        port = bt.free_port()
        d = self.daemon(sign(config(port, "v1", [self.pubA]), self.keyA)).start()
        old = d.wait_settled("web", 2)
        self.serves(port, "v1", old)

        signed = sign(config(port, "v2", [self.pubA]), self.keyA)
        cases = {
            "tampered byte": signed.replace('"v2"', '"v3"'),
            "unsigned": config(port, "v2", [self.pubA]),
            "bytes after the signature": signed + "workers = 1\n",
            "signed by an untrusted key": sign(config(port, "v2", [self.pubA]), self.keyB),
        }
        for what, text in cases.items():
            with self.subTest(what):
                mark = d.mark()
                d.write_config(text)
                d.reload(expect=("reload-rejected",))
                sec = d.find(("security",), mark)
                self.assertEqual(len(sec), 1, d.diag())
                self.assertIn(d.config + ":", sec[0]["message"], "the refusal names file:line")
                self.assertIn("keeps serving", sec[0]["message"])
                self.assertEqual(d.spawned("web", mark), [], "a refused config spawns nothing")
                self.assertEqual(d.live_workers("web"), old)
                self.serves(port, "v1", old)
        self.assertNotIn("baton-ed25519-secret", d.log_text(), "no private key in the log")

        d.write_config(signed)
        d.reload()
        new = d.wait_settled("web", 2)
        self.serves(port, "v2", new)
        self.assertEqual(d.stop(), 0)

    def test_rotation_with_two_keys(self):
        port = bt.free_port()
        d = self.daemon(sign(config(port, "v1", [self.pubA]), self.keyA)).start()
        d.wait_settled("web", 2)

        # A file that brings its own key B and is signed by B: B is not trusted yet.
        d.write_config(sign(config(port, "v2", [self.pubA, self.pubB]), self.keyB))
        d.reload(expect=("reload-rejected",))
        self.serves(port, "v1")

        # Release signed by the current key A introduces B ...
        d.write_config(sign(config(port, "v2", [self.pubA, self.pubB]), self.keyA))
        d.reload()
        d.wait_settled("web", 2)
        self.serves(port, "v2")
        # ... the next one, signed by B, retires A ...
        d.write_config(sign(config(port, "v3", [self.pubB]), self.keyB))
        d.reload()
        d.wait_settled("web", 2)
        self.serves(port, "v3")
        # ... after which A no longer verifies anything.
        mark = d.mark()
        d.write_config(sign(config(port, "v4", [self.pubB]), self.keyA))
        d.reload(expect=("reload-rejected",))
        self.assertIn(self.idA, d.find(("security",), mark)[0]["message"])
        self.serves(port, "v3")
        self.assertEqual(d.stop(), 0)

    def test_unsigned_apply_config_refused_over_the_socket(self):
        port = bt.free_port()
        d = self.daemon(sign(config(port, "v1", [self.pubA]), self.keyA)).start()
        old = d.wait_settled("web", 2)
        client = batonrpc.Client(os.path.join(d.dir, "baton.sock"))
        self.addCleanup(client.close)
        version = client.call("get_config")["result"]["version"]
        before = read(d.config)

        unsigned = config(port, "v2", [self.pubA])
        mark = d.mark()
        answer = client.call("apply_config", {"text": unsigned, "expected_version": version})
        error = answer.get("error")
        self.assertIsNotNone(error, answer)
        self.assertEqual(error["code"], 2, error)
        self.assertIn("requires signed configurations", error["message"])
        self.assertTrue(error["data"]["signature_required"])
        self.assertTrue(any("baton-signature" in x["message"] for x in error["data"]["diagnostics"]), error)
        self.assertEqual(read(d.config), before, "nothing was written")
        self.assertEqual(len(d.find(("security",), mark)), 1)
        self.serves(port, "v1", old)

        # validate reports it as a diagnostic.
        v = client.call("validate", {"text": unsigned})["result"]
        self.assertFalse(v["valid"])
        self.assertTrue(any("requires signed configurations" in x["message"] for x in v["diagnostics"]), v)
        self.assertTrue(client.call("validate", {"text": sign(unsigned, self.keyA)})["result"]["valid"])

        # Signed: applied, and the history keeps the signed text; rollback to it verifies.
        signed = sign(unsigned, self.keyA)
        ok = client.call("apply_config", {"text": signed, "expected_version": version})
        self.assertTrue(ok.get("result", {}).get("ok"), ok)
        self.comes_to_serve(port, "v2")
        versions = client.call("history")["result"]["versions"]
        first = versions[-1]["id"]
        text = client.call("get_version", {"id": first})["result"]["text"]
        self.assertIn("# baton-signature: ed25519:%s:" % self.idA, text)
        back = client.call("rollback", {"id": first})
        self.assertTrue(back.get("result", {}).get("ok"), back)
        self.comes_to_serve(port, "v1")
        self.assertEqual(d.stop(), 0)

    def test_watch_ignores_an_unsigned_edit(self):
        port = bt.free_port()
        d = self.daemon(sign(config(port, "v1", [self.pubA], watch=True), self.keyA)).start()
        old = d.wait_settled("web", 2)
        mark = d.mark()
        d.write_config(config(port, "v2", [self.pubA], watch=True))
        d.wait_event(("security",), after=mark)
        time.sleep(0.5)
        self.assertEqual(d.spawned("web", mark), [])
        self.serves(port, "v1", old)
        # A signed edit is applied by the watch.
        d.write_config(sign(config(port, "v2", [self.pubA], watch=True), self.keyA))
        d.wait_event(("reload-finished",), after=mark)
        d.wait_settled("web", 2)
        self.serves(port, "v2")
        self.assertEqual(d.stop(), 0)

    def test_start_with_an_unsigned_file_is_refused(self):
        port = bt.free_port()
        d = self.daemon(config(port, "v1", [self.pubA]))
        d.spawn()
        code = d.wait_exit(20)
        self.assertNotEqual(code, 0)
        log = d.log_text()
        self.assertIn("security", log)
        self.assertIn("not signed", log)
        self.assertEqual(d.spawned("web"), [])

    def test_check_refuses_an_unsigned_file(self):
        port = bt.free_port()
        path = os.path.join(self.tmp, "baton.toml")
        text = config(port, "v1", [self.pubA]).replace('"baton.sock"', '"%s"' % os.path.join(self.tmp, "baton.sock"))
        for what, content, expected in (("unsigned", text, 1), ("signed", sign(text, self.keyA), 0),
                                        ("tampered", sign(text, self.keyA).replace("v1", "v9"), 1)):
            with self.subTest(what):
                with open(path, "w") as f:
                    f.write(content)
                out = subprocess.run([bt.batond_binary(), "--check", path], capture_output=True, text=True, timeout=20,
                                     cwd=self.tmp)
                self.assertEqual(out.returncode, expected, out.stdout + out.stderr)
                if expected:
                    self.assertIn("requires signed configurations", out.stderr)
                    self.assertIn(path + ":", out.stderr)


if __name__ == "__main__":
    bt.main()
