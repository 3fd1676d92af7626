// Test harness: starts a real intentd on a free port with a fresh database and known keys,
// and hands out stripe-node clients and a raw HTTP helper pointed at it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const INTENTD_BIN = process.env.INTENTD_BIN || path.join(repoRoot, 'build/intentd');
const READY_TIMEOUT_MS = 15000;
const STOP_TIMEOUT_MS = 15000;

const randomKey = (prefix) => prefix + randomBytes(12).toString('hex');

// Spawns intentd on `dbPath`; resolves with the child and its port once it prints its
// "listening" line.
async function spawnIntentd(dbPath, keys, args) {
  const child = spawn(
    INTENTD_BIN,
    ['serve', '--listen', '127.0.0.1:0', '--db', dbPath,
      ...keys.flatMap((k) => ['--api-key', k]), '--log-level', 'warn', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const proc = { child, stderr: '' };
  child.stderr.on('data', (d) => { proc.stderr += d; });
  proc.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  const ready = new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`intentd not ready after ${READY_TIMEOUT_MS} ms\n${proc.stderr}`)),
      READY_TIMEOUT_MS);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/intentd listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    proc.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`intentd exited early (code ${code}, signal ${signal})\n${proc.stderr}`));
    });
  });
  try {
    proc.port = await ready;
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return proc;
}

// SIGTERM, then insist on a clean exit (a crash or hang fails the test file).
async function terminate(proc) {
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  const { code, signal } = await proc.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`intentd did not exit cleanly (code ${code}, signal ${signal})\n${proc.stderr}`);
}

// Starts intentd with a fresh database in a temp dir; resolves once it listens.
// `args` are extra `serve` flags (e.g. ['--webhook-retry-schedule', '200ms,300ms']).
export async function startServer({ args = [] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'intentd-node-'));
  const dbPath = path.join(dir, 'intentd.db');
  const secretKey = randomKey('sk_test_');
  const publishableKey = randomKey('pk_test_');
  let proc;
  try {
    proc = await spawnIntentd(dbPath, [secretKey, publishableKey], args);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  return {
    // The port changes on restart(); clients made before a restart point at the old one.
    get port() { return proc.port; },
    dbPath,
    secretKey,
    publishableKey,
    // A stripe-node client for this server; opts may override the key or add client options.
    stripe({ key = secretKey, ...opts } = {}) {
      return new Stripe(key, { host: '127.0.0.1', port: proc.port, protocol: 'http', maxNetworkRetries: 0, ...opts });
    },
    // One raw HTTP/1.1 exchange on a fresh connection; body may be a string or a Buffer.
    request(opts) { return rawRequest(proc.port, opts); },
    // Stops with SIGTERM (insisting on a clean exit) and starts again on the same database,
    // with the same keys and flags (or `newArgs`), on a new free port. Resolves with the
    // times (Date.now()) by which the old process had exited and the new one was listening.
    async restart({ args: newArgs = args } = {}) {
      await terminate(proc);
      const stoppedAt = Date.now();
      proc = await spawnIntentd(dbPath, [secretKey, publishableKey], newArgs);
      return { stoppedAt, startedAt: Date.now() };
    },
    // SIGTERM, then insist on a clean exit (a crash or hang fails the test file).
    async stop() {
      try {
        await terminate(proc);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function rawRequest(port, { method = 'GET', path: target = '/', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body); else req.end();
  });
}

// Authorization header value for a key, as the SDKs send it.
export const bearer = (key) => ({ Authorization: `Bearer ${key}` });

// Form-encoded POST headers.
export const form = (key) => ({ ...bearer(key), 'Content-Type': 'application/x-www-form-urlencoded' });

// Asserts `body` is Stripe's error shape and returns its `error` object.
export function stripeError(assert, res) {
  assert.ok(res.json && typeof res.json.error === 'object', `not a Stripe error body: ${res.text.slice(0, 300)}`);
  const e = res.json.error;
  assert.equal(typeof e.type, 'string');
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0);
  return e;
}

// Polls `fn` (sync or async) until it returns a truthy value, and returns that value; fails
// after `timeoutMs` with `message` and the last value or error seen. A bounded wait on a
// condition, for state that changes in the background (webhook deliveries, retries).
export async function eventually(fn, { timeoutMs = 10000, intervalMs = 25, message = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`${message}: not reached within ${timeoutMs} ms (last: ${detail})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
