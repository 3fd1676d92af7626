// Response headers every endpoint carries: Request-Id, Content-Type, Stripe-Version.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, form, startServer } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server?.stop());

// A spread of successes and failures, each a fresh connection.
const exchanges = () => [
  { name: 'healthz', method: 'GET', path: '/healthz' },
  { name: 'list', method: 'GET', path: '/v1/customers', headers: bearer(server.secretKey) },
  { name: 'create', method: 'POST', path: '/v1/customers', headers: form(server.secretKey), body: 'name=h' },
  { name: 'no key (401)', method: 'GET', path: '/v1/customers' },
  { name: 'missing (404)', method: 'GET', path: '/v1/customers/cus_missing', headers: bearer(server.secretKey) },
  { name: 'unknown URL (404)', method: 'GET', path: '/v1/nope', headers: bearer(server.secretKey) },
  { name: 'bad param (400)', method: 'POST', path: '/v1/customers', headers: form(server.secretKey), body: 'x=1' },
  { name: 'body too large (413)', method: 'POST', path: '/v1/customers', headers: form(server.secretKey),
    body: `name=${'a'.repeat(2 << 20)}` },
];

test('every response carries a unique Request-Id req_… and a JSON Content-Type', async () => {
  const ids = new Set();
  for (const ex of exchanges()) {
    const res = await server.request(ex);
    assert.match(res.headers['request-id'] ?? '', /^req_[A-Za-z0-9]+$/, ex.name);
    assert.match(res.headers['content-type'] ?? '', /^application\/json\b/, ex.name);
    assert.ok(res.json !== undefined, `${ex.name}: body is JSON`);
    ids.add(res.headers['request-id']);
  }
  assert.equal(ids.size, exchanges().length, 'request ids are unique');
});

test('the SDK sees the Request-Id as lastResponse.requestId', async () => {
  const c = await server.stripe().customers.create({ name: 'r' });
  assert.match(c.lastResponse.requestId, /^req_/);
});

test('Stripe-Version echoes the requested version', async () => {
  for (const ex of exchanges()) {
    const res = await server.request({ ...ex, headers: { ...ex.headers, 'Stripe-Version': '2024-06-20' } });
    assert.equal(res.headers['stripe-version'], '2024-06-20', ex.name);
  }
  const c = await server.stripe({ apiVersion: '2025-03-31.basil' }).customers.create({ name: 'v' });
  assert.equal(c.lastResponse.headers['stripe-version'], '2025-03-31.basil');
});

test('Stripe-Version is the pinned default when none is requested', async () => {
  const versions = new Set();
  for (const ex of exchanges()) {
    const res = await server.request(ex);
    assert.match(res.headers['stripe-version'] ?? '', /^\d{4}-\d{2}-\d{2}\.[a-z]+$/, ex.name);
    versions.add(res.headers['stripe-version']);
  }
  assert.equal(versions.size, 1, `one default version, got ${[...versions]}`);
});
