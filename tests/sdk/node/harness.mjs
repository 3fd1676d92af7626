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

// Starts intentd; resolves once it prints its "listening" line.
export async function startServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'intentd-node-'));
  const secretKey = randomKey('sk_test_');
  const publishableKey = randomKey('pk_test_');
  const child = spawn(
    INTENTD_BIN,
    ['serve', '--listen', '127.0.0.1:0', '--db', path.join(dir, 'intentd.db'),
      '--api-key', secretKey, '--api-key', publishableKey, '--log-level', 'warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`intentd not ready after ${READY_TIMEOUT_MS} ms\n${stderr}`)),
      READY_TIMEOUT_MS);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/intentd listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`intentd exited early (code ${code}, signal ${signal})\n${stderr}`));
    });
  });

  return {
    port,
    secretKey,
    publishableKey,
    // A stripe-node client for this server; opts may override the key or add client options.
    stripe({ key = secretKey, ...opts } = {}) {
      return new Stripe(key, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0, ...opts });
    },
    // One raw HTTP/1.1 exchange on a fresh connection; body may be a string or a Buffer.
    request(opts) { return rawRequest(port, opts); },
    // SIGTERM, then insist on a clean exit (a crash or hang fails the test file).
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const { code, signal } = await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) throw new Error(`intentd did not exit cleanly (code ${code}, signal ${signal})\n${stderr}`);
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
