// Shared pieces of the adversarial files: one server per file with a few stored objects of
// every kind, a /healthz check after each test, the final read-back of everything stored,
// Stripe error assertions, and raw-socket exchanges for what no HTTP client will send.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, afterEach, before, test } from 'node:test';
import { startServer, stripeError } from '../sdk/node/harness.mjs';
import { assertAllReadable } from './readback.mjs';

// Starts one server for the calling file (before), seeds it, checks /healthz after every
// test, and stops it (after). Returns a handle whose `server` is set once started.
export function useServer({ args = [] } = {}) {
  const handle = { server: undefined };
  before(async () => {
    handle.server = await startServer({ args });
    await seed(handle.server);
  });
  after(() => handle.server?.stop());
  afterEach(async () => {
    const res = await handle.server.request({ path: '/healthz' });
    assert.equal(res.status, 200, 'GET /healthz still answers 200');
  });
  return handle;
}

// Declares the file's last test: every stored object lists and retrieves.
export function readbackTest(handle) {
  test('every stored object still lists and reads back', async () => {
    const counts = await assertAllReadable(handle.server);
    for (const list of ['/v1/customers', '/v1/payment_intents', '/v1/setup_intents', '/v1/events',
      '/v1/checkout/sessions', '/v1/charges', '/v1/refunds', '/v1/products', '/v1/prices',
      '/v1/customers/:id/payment_methods'])
      assert.ok(counts[list] > 0, `${list}: the seeded objects were read (${JSON.stringify(counts)})`);
  });
}

// One of each kind of object, so the read-back has something of every kind to read.
async function seed(server) {
  const stripe = server.stripe();
  const customer = await stripe.customers.create({ email: 'seed@example.com', metadata: { seed: 'yes' } });
  await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true,
    payment_method_types: ['card'] });
  const paid = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa',
    confirm: true, payment_method_types: ['card'], customer: customer.id });
  await stripe.refunds.create({ payment_intent: paid.id, amount: 500 });
  await stripe.paymentIntents.create({ amount: 1500, currency: 'eur', payment_method: 'pm_card_visa', confirm: true,
    capture_method: 'manual', payment_method_types: ['card'] });
  const product = await stripe.products.create({ name: 'Seed', default_price_data: { currency: 'usd', unit_amount: 700 } });
  await stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://example.com/ok',
    line_items: [{ price: product.default_price, quantity: 2 }] });
}

// Asserts a Stripe-shaped error answer: status, JSON, Request-Id, invalid_request_error, and
// `param` when given (null asserts there is none). Returns the error object.
export function expectError(res, status, param, { type = 'invalid_request_error', code } = {}) {
  assert.equal(res.status, status, res.text.slice(0, 300));
  assert.match(res.headers['content-type'] ?? '', /^application\/json/);
  assert.match(res.headers['request-id'] ?? '', /^req_/);
  const e = stripeError(assert, res);
  assert.equal(e.type, type, e.message);
  if (param !== undefined) assert.equal(e.param ?? null, param, e.message);
  if (code !== undefined) assert.equal(e.code ?? null, code, e.message);
  return e;
}

// Writes `bytes` (a string, a Buffer, or an array of them written in order) on a fresh
// connection, half-closes unless told not to, and collects what comes back until the server
// closes or `timeoutMs` passes. Resolves { data (latin1 string), closed, ms }.
export function rawExchange(port, bytes, { halfClose = true, timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const chunks = [];
    const sock = net.connect(port, '127.0.0.1');
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ data: Buffer.concat(chunks).toString('latin1'), closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.on('connect', () => {
      for (const b of [].concat(bytes)) sock.write(b);
      if (halfClose) sock.end();
    });
    sock.on('data', (c) => chunks.push(c));
    sock.on('end', () => finish(true));
    sock.on('close', () => finish(true));
    sock.on('error', (e) => (chunks.length ? finish(true) : reject(e)));
  });
}

// Splits a byte stream of HTTP/1.x responses (Content-Length framed) into
// [{ version, status, headers (lower-case), body, json }].
export function parseResponses(data) {
  const out = [];
  let rest = data;
  while (rest.length) {
    const end = rest.indexOf('\r\n\r\n');
    assert.ok(end > 0, `an incomplete response: ${JSON.stringify(rest.slice(0, 200))}`);
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const m = statusLine.match(/^HTTP\/(1\.[01]) (\d{3}) /);
    assert.ok(m, `a status line: ${JSON.stringify(statusLine)}`);
    const headers = {};
    for (const l of lines) {
      const i = l.indexOf(':');
      headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    const body = Buffer.from(rest.slice(end + 4, end + 4 + length), 'latin1').toString('utf8');
    let json;
    try { json = JSON.parse(body); } catch { json = undefined; }
    out.push({ version: m[1], status: Number(m[2]), headers, body, json });
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

// The request line and headers of a raw request with a secret key, as one string.
export function head(server, method, target, headers = {}, version = '1.1') {
  const all = { Host: '127.0.0.1', Authorization: `Bearer ${server.secretKey}`, ...headers };
  return `${method} ${target} HTTP/${version}\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
