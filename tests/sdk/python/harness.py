"""Test harness: starts a real intentd on a free port with a fresh database and known keys,
and points Debian's python3-stripe (stripe 5.0.0) at it."""
import http.client
import json
import os
import queue
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import unittest

import stripe

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
INTENTD_BIN = os.environ.get("INTENTD_BIN", os.path.join(REPO_ROOT, "build", "intentd"))
READY_TIMEOUT_S = 15
STOP_TIMEOUT_S = 15
LISTENING = re.compile(r"intentd listening on http://127\.0\.0\.1:(\d+)")


class Server:
    """One intentd process with its own temp database; stop() insists on a clean exit."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="intentd-py-")
        self.secret_key = "sk_test_" + secrets.token_hex(12)
        self.publishable_key = "pk_test_" + secrets.token_hex(12)
        self.proc = subprocess.Popen(
            [INTENTD_BIN, "serve", "--listen", "127.0.0.1:0",
             "--db", os.path.join(self.dir, "intentd.db"),
             "--api-key", self.secret_key, "--api-key", self.publishable_key,
             "--log-level", "warn"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            self.port = self._wait_for_port()
        except Exception:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    def _wait_for_port(self):
        lines = queue.Queue()

        def pump():
            for line in self.proc.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        while True:
            try:
                line = lines.get(timeout=READY_TIMEOUT_S)
            except queue.Empty:
                self.proc.kill()
                raise RuntimeError("intentd not ready in %ds" % READY_TIMEOUT_S)
            if line is None:
                raise RuntimeError("intentd exited early with %s" % self.proc.wait())
            m = LISTENING.search(line)
            if m:
                return int(m.group(1))

    @property
    def base_url(self):
        return "http://127.0.0.1:%d" % self.port

    def configure_stripe(self, key=None):
        stripe.api_key = key or self.secret_key
        stripe.api_base = self.base_url
        stripe.max_network_retries = 0

    def request(self, method, path, headers=None, body=None):
        """One raw exchange; returns (status, headers dict with lower-case names, parsed JSON)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            res = conn.getresponse()
            text = res.read()
            return res.status, {k.lower(): v for k, v in res.getheaders()}, json.loads(text)
        finally:
            conn.close()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)
        if code != 0:
            raise RuntimeError("intentd did not exit cleanly: %s" % code)


class ServerTestCase(unittest.TestCase):
    """Starts one server per test class and points stripe at it before each test."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.server.configure_stripe()

    def assertStripeError(self, ctx, status, param=None, code=None):
        """Checks the status, param and code of an error caught by assertRaises."""
        err = ctx.exception
        self.assertEqual(err.http_status, status, str(err))
        if param is not None:
            self.assertEqual(err.param, param)
        if code is not None:
            self.assertEqual(err.code, code)
        return err
