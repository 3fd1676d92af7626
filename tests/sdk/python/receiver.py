"""A local webhook receiver for tests (standard library only): an HTTP server on a free port
that records every request (raw body bytes, headers, arrival time), answers with scripted
status codes, and lets a test wait for the N-th request (or one matching a predicate)."""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_TIMEOUT_S = 10.0


class Request:
    def __init__(self, index, method, path, headers, raw_body, status):
        self.index = index
        self.method = method
        self.path = path
        self.headers = headers  # lower-case names
        self.raw_body = raw_body
        self.text = raw_body.decode("utf-8", "replace")
        try:
            self.json = json.loads(self.text)
        except ValueError:
            self.json = None
        self.status = status
        self.received_at = time.time()

    def __repr__(self):
        j = self.json or {}
        return "<%s %s -> %s>" % (j.get("type"), j.get("id"), self.status)


class _HTTPServer(ThreadingHTTPServer):
    # Deliveries come in bursts on many connections: the default backlog of 5 drops
    # connections, and the sender's SYN retries then take seconds.
    request_queue_size = 512

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the sender is gone (a test killed it); nothing to report
        super().handle_error(request, client_address)


class Receiver:
    """statuses: codes answered one per request in arrival order; after them, `fallback`."""

    def __init__(self, statuses=(), fallback=200):
        self.statuses = list(statuses)
        self.fallback = fallback
        self.requests = []
        self._cond = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status = receiver._record(self, body)
                reply = b"ok" if 200 <= status < 300 else b"scripted failure"
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self._httpd = _HTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.url = "http://127.0.0.1:%d/webhook" % self.port
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def _record(self, handler, body):
        with self._cond:
            index = len(self.requests)
            status = self.statuses[index] if index < len(self.statuses) else self.fallback
            headers = {k.lower(): v for k, v in handler.headers.items()}
            self.requests.append(Request(index, handler.command, handler.path, headers, body, status))
            self._cond.notify_all()
            return status

    def wait_for(self, pred, timeout=DEFAULT_TIMEOUT_S, what="a matching request"):
        """The first recorded request for which pred(request) holds, waiting up to `timeout`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for r in self.requests:
                    if pred(r):
                        return r
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("receiver :%d: no %s within %.1fs; got %r"
                                         % (self.port, what, timeout, self.requests))
                self._cond.wait(left)

    def nth(self, n, timeout=DEFAULT_TIMEOUT_S):
        """The n-th request (1-based), once it has arrived."""
        return self.wait_for(lambda r: r.index == n - 1, timeout, "request #%d" % n)

    def wait_for_object(self, event_type, object_id, timeout=DEFAULT_TIMEOUT_S):
        """The first delivery of an event of `event_type` about `object_id`."""
        def match(r):
            j = r.json or {}
            return j.get("type") == event_type and \
                ((j.get("data") or {}).get("object") or {}).get("id") == object_id
        return self.wait_for(match, timeout, "%s for %s" % (event_type, object_id))

    def deliveries_of(self, event_id):
        with self._cond:
            return [r for r in self.requests if (r.json or {}).get("id") == event_id]

    def close(self):
        self._httpd.shutdown()
        self._httpd.server_close()
