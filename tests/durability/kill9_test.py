#!/usr/bin/env python3
"""Durability: every customer whose create was acknowledged (HTTP 200) survives kill -9.

Starts intentd on a temp database, runs concurrent writers over keep-alive connections,
kills the server with SIGKILL mid-load, restarts it on the same file and retrieves every
acknowledged customer. Standard library only. Exit status 0 on success, 1 on failure.
"""
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
INTENTD_BIN = os.environ.get("INTENTD_BIN", os.path.join(REPO_ROOT, "build", "intentd"))
WRITERS = 8
LOAD_SECONDS = 2.0
READY_TIMEOUT_S = 15
LISTENING = re.compile(r"intentd listening on http://127\.0\.0\.1:(\d+)")


def start(db, key):
    """Starts intentd and returns (process, port) once it prints its listening line."""
    proc = subprocess.Popen(
        [INTENTD_BIN, "serve", "--listen", "127.0.0.1:0", "--db", db, "--api-key", key,
         "--log-level", "warn"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = []

    def read_port():
        for line in proc.stdout:
            m = LISTENING.search(line)
            if m:
                port.append(int(m.group(1)))
                break
        for _ in proc.stdout:  # keep draining so the server never blocks on stdout
            pass

    reader = threading.Thread(target=read_port, daemon=True)
    reader.start()
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not port and proc.poll() is None and time.monotonic() < deadline:
        reader.join(0.05)
    if not port:
        proc.kill()
        raise RuntimeError("intentd did not start (exit %s)" % proc.poll())
    return proc, port[0]


def writer(port, key, n, stop, acked, errors, lock):
    """Creates customers on one keep-alive connection until told to stop or the server dies."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Authorization": "Bearer " + key,
               "Content-Type": "application/x-www-form-urlencoded"}
    i = 0
    while not stop.is_set():
        email = "w%d-%d@example.com" % (n, i)
        i += 1
        try:
            conn.request("POST", "/v1/customers", urllib.parse.urlencode({"email": email}), headers)
            res = conn.getresponse()
            body = res.read()
        except (OSError, http.client.HTTPException):
            return  # the server was killed: this create was never acknowledged
        with lock:
            if res.status == 200:
                acked.append((json.loads(body)["id"], email))
            else:
                errors.append((res.status, body[:200]))


def main():
    tmp = tempfile.mkdtemp(prefix="intentd-kill9-")
    db = os.path.join(tmp, "intentd.db")
    key = "sk_test_" + secrets.token_hex(12)
    acked, errors, lock, stop = [], [], threading.Lock(), threading.Event()
    proc = restarted = None
    try:
        proc, port = start(db, key)
        threads = [threading.Thread(target=writer, args=(port, key, n, stop, acked, errors, lock))
                   for n in range(WRITERS)]
        for t in threads:
            t.start()
        time.sleep(LOAD_SECONDS)  # the load window itself, not a wait for a condition
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        stop.set()
        for t in threads:
            t.join(30)
        if not acked:
            print("kill9: FAIL: no create was acknowledged before the kill")
            return 1
        if errors:
            print("kill9: FAIL: %d creates under load were not 200; first: %r" % (len(errors), errors[:3]))
            return 1

        restarted, port = start(db, key)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        missing = []
        for cus_id, email in acked:
            conn.request("GET", "/v1/customers/" + cus_id, headers={"Authorization": "Bearer " + key})
            res = conn.getresponse()
            body = res.read()
            if res.status != 200 or json.loads(body).get("email") != email:
                missing.append((cus_id, email, res.status, body[:200]))
        conn.close()
        restarted.send_signal(signal.SIGTERM)
        code = restarted.wait(15)
        restarted = None

        if missing:
            print("kill9: FAIL: %d of %d acknowledged customers lost or changed after kill -9; first: %r"
                  % (len(missing), len(acked), missing[:3]))
            return 1
        print("kill9: durability OK: %d acknowledged creates from %d writers in %.1f s; all present after "
              "kill -9 and restart" % (len(acked), WRITERS, LOAD_SECONDS))
        if code != 0:
            print("kill9: FAIL: the restarted server did not exit cleanly on SIGTERM (exit %s)" % code)
            return 1
        return 0
    finally:
        stop.set()
        for p in (proc, restarted):
            if p is not None and p.poll() is None:
                p.kill()
                p.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
