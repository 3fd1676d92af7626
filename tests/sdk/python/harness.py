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
import time
import unittest

import stripe

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
INTENTD_BIN = os.environ.get("INTENTD_BIN", os.path.join(REPO_ROOT, "build", "intentd"))
READY_TIMEOUT_S = 15
STOP_TIMEOUT_S = 15
LISTENING = re.compile(r"intentd listening on http://127\.0\.0\.1:(\d+)")


class Server:
    """One intentd process with its own temp database; stop() insists on a clean exit.
    `args` are extra `serve` flags, e.g. ["--webhook-retry-schedule", "200ms,300ms"]."""

    def __init__(self, args=None):
        self.dir = tempfile.mkdtemp(prefix="intentd-py-")
        self.db_path = os.path.join(self.dir, "intentd.db")
        self.secret_key = "sk_test_" + secrets.token_hex(12)
        self.publishable_key = "pk_test_" + secrets.token_hex(12)
        self.args = list(args or [])
        try:
            self._spawn()
        except Exception:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    def _spawn(self):
        self.proc = subprocess.Popen(
            [INTENTD_BIN, "serve", "--listen", "127.0.0.1:0", "--db", self.db_path,
             "--api-key", self.secret_key, "--api-key", self.publishable_key,
             "--log-level", "warn"] + self.args,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            self.port = self._wait_for_port()
        except Exception:
            self.proc.kill()
            self.proc.wait()
            raise

    def _terminate(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        if code != 0:
            raise RuntimeError("intentd did not exit cleanly: %s" % code)

    def restart(self):
        """SIGTERM (insisting on a clean exit), then start again on the same database with the
        same keys and flags, on a new free port (call configure_stripe() again). Returns the
        time.time() by which the old process had exited."""
        self._terminate()
        stopped_at = time.time()
        self._spawn()
        return stopped_at

    def _wait_for_port(self):
        lines = queue.Queue()

        out = self.proc.stdout

        def pump():
            with out:
                for line in out:
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
        """One raw exchange; returns (status, headers dict with lower-case names, the body:
        parsed JSON for JSON answers, text otherwise (hosted pages))."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            res = conn.getresponse()
            text = res.read()
            headers = {k.lower(): v for k, v in res.getheaders()}
            if not headers.get("content-type", "").startswith("application/json"):
                return res.status, headers, text.decode()
            return res.status, headers, json.loads(text)
        finally:
            conn.close()

    def stop(self):
        try:
            self._terminate()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def eventually(fn, timeout=10.0, interval=0.025, message="condition"):
    """Calls fn until it returns a truthy value and returns it; raises AssertionError after
    `timeout` seconds. A bounded wait on a condition that changes in the background."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            last = fn()
            if last:
                return last
        except Exception as e:  # noqa: BLE001 - kept for the failure message
            last = e
        if time.monotonic() >= deadline:
            raise AssertionError("%s: not reached within %.1fs (last: %r)" % (message, timeout, last))
        time.sleep(interval)


class ServerTestCase(unittest.TestCase):
    """Starts one server per test class and points stripe at it before each test.
    A subclass may set SERVER_ARGS to pass extra `serve` flags."""

    SERVER_ARGS = None

    @classmethod
    def setUpClass(cls):
        cls.server = Server(cls.SERVER_ARGS)

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
