// A local webhook receiver for tests: an HTTP server on a free port that records every
// request (raw body bytes, headers, arrival time), answers with scripted status codes, and
// lets a test await the N-th request (or one matching a predicate) with a timeout.
import http from 'node:http';

const DEFAULT_TIMEOUT_MS = 10000;

// statuses: codes to answer with, one per request in arrival order; once used up, every
// further request gets `fallback` (200 unless told). Or a function (request, index) → code.
export async function startReceiver({ statuses = [], fallback = 200 } = {}) {
  const requests = [];
  const waiters = new Set();
  let script = statuses;
  let held = null; // while holding: answers waiting for release()

  const statusFor = (rec, index) => {
    if (typeof script === 'function') return script(rec, index);
    return index < script.length ? script[index] : fallback;
  };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const text = rawBody.toString('utf8');
      let json;
      try { json = JSON.parse(text); } catch { json = undefined; }
      const rec = {
        index: requests.length,
        method: req.method,
        path: req.url,
        headers: req.headers,
        rawBody,
        text,
        json,
        receivedAt: Date.now(),
        answered: false, // set once the status was actually sent (see hold())
      };
      rec.status = statusFor(rec, rec.index);
      requests.push(rec);
      const answer = () => {
        if (res.destroyed) return;
        rec.answered = true;
        res.writeHead(rec.status, { 'Content-Type': 'text/plain' });
        res.end(rec.status >= 200 && rec.status < 300 ? 'ok' : 'scripted failure');
      };
      if (held) held.push(answer); else answer();
      for (const w of [...waiters]) w.check();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  // Resolves with the first recorded request for which `pred(request)` holds (checking those
  // already received first); rejects after `timeoutMs`.
  function waitFor(pred, { timeoutMs = DEFAULT_TIMEOUT_MS, what = 'a matching request' } = {}) {
    return new Promise((resolve, reject) => {
      const w = {
        fail: reject,
        check() {
          const hit = requests.find(pred);
          if (!hit) return;
          waiters.delete(w);
          clearTimeout(w.timer);
          resolve(hit);
        },
      };
      w.timer = setTimeout(() => {
        waiters.delete(w);
        const seen = requests.map((r) => `${r.json?.type ?? '?'} ${r.json?.id ?? '?'} → ${r.status}`);
        reject(new Error(`receiver :${port}: no ${what} within ${timeoutMs} ms; got ${requests.length}: ` +
          JSON.stringify(seen)));
      }, timeoutMs);
      waiters.add(w);
      w.check();
    });
  }

  return {
    port,
    url: `http://127.0.0.1:${port}/webhook`,
    requests,
    // The n-th request (1-based), once it has arrived.
    nth(n, opts = {}) {
      return waitFor((r) => r.index === n - 1, { what: `request #${n}`, ...opts });
    },
    waitFor,
    // The first delivery whose JSON body has this `type` (and `id`, if given).
    waitForEvent(type, id, opts = {}) {
      return waitFor((r) => r.json?.type === type && (id === undefined || r.json?.id === id),
        { what: `${type} ${id ?? ''}`.trim(), ...opts });
    },
    // Requests whose JSON body is the event with this id.
    deliveriesOf(eventId) { return requests.filter((r) => r.json?.id === eventId); },
    // From now on, requests are recorded but not answered until release().
    hold() { held = held || []; },
    release() {
      const pending = held || [];
      held = null;
      for (const answer of pending) answer();
    },
    // Replaces the script; indexes keep counting from the first request ever received.
    setStatuses(next, nextFallback = fallback) { script = next; fallback = nextFallback; },
    close() {
      held = null;
      for (const w of waiters) {
        clearTimeout(w.timer);
        w.fail(new Error(`receiver :${port} closed while waiting`));
      }
      waiters.clear();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
