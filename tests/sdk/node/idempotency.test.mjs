// Idempotency-Key: replay, conflicting reuse, reuse on another endpoint, concurrent use.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { form, startServer, stripeError } from './harness.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server?.stop());

const isIdempotencyError = (err) => {
  assert.equal(err.type, 'StripeIdempotencyError', err.message);
  assert.equal(err.statusCode, 400);
  assert.equal(err.rawType, 'idempotency_error');
  return true;
};

test('the same key and params replay the first response with Idempotent-Replayed: true', async () => {
  const key = randomUUID();
  const first = await stripe.customers.create({ email: 'replay@example.com', metadata: { n: '1' } }, { idempotencyKey: key });
  assert.notEqual(first.lastResponse.headers['idempotent-replayed'], 'true');

  const again = await stripe.customers.create({ email: 'replay@example.com', metadata: { n: '1' } }, { idempotencyKey: key });
  assert.equal(again.id, first.id);
  assert.deepEqual(again, first);
  assert.equal(again.lastResponse.headers['idempotent-replayed'], 'true');
  assert.equal(again.lastResponse.idempotencyKey, key);

  // Only one customer was created.
  const listed = await stripe.customers.list({ email: 'replay@example.com' });
  assert.deepEqual(listed.data.map((c) => c.id), [first.id]);
});

test('the same key with different params is an IdempotencyError', async () => {
  const key = randomUUID();
  await stripe.customers.create({ name: 'first' }, { idempotencyKey: key });
  await assert.rejects(stripe.customers.create({ name: 'second' }, { idempotencyKey: key }), (err) => {
    isIdempotencyError(err);
    assert.match(err.message, /^Keys for idempotent requests can only be used with the same parameters/);
    assert.ok(err.message.includes(key));
    return true;
  });
});

test('the same key on another endpoint is an IdempotencyError', async () => {
  const key = randomUUID();
  const c = await stripe.customers.create({ name: 'x' }, { idempotencyKey: key });
  await assert.rejects(stripe.customers.update(c.id, { name: 'x' }, { idempotencyKey: key }), (err) => {
    isIdempotencyError(err);
    assert.match(err.message, /^Keys for idempotent requests can only be used for the same endpoint/);
    return true;
  });
});

test('a request that fails param validation saves nothing: the key stays usable', async () => {
  const key = randomUUID();
  await assert.rejects(stripe.customers.create({ bogus: '1' }, { idempotencyKey: key }),
    (err) => err.code === 'parameter_unknown');
  const c = await stripe.customers.create({ name: 'after validation error' }, { idempotencyKey: key });
  assert.match(c.id, /^cus_/);
  assert.notEqual(c.lastResponse.headers['idempotent-replayed'], 'true');
});

test('a key on DELETE has no effect in v1: the second delete is a 404, not a replay', async () => {
  const key = randomUUID();
  const c = await stripe.customers.create({ name: 'del' });
  const deleted = await stripe.customers.del(c.id, {}, { idempotencyKey: key });
  assert.equal(deleted.lastResponse.idempotencyKey, key, 'the key was sent');
  await assert.rejects(stripe.customers.del(c.id, {}, { idempotencyKey: key }), (err) => err.statusCode === 404);
});

test('a key longer than 255 characters is rejected with 400', async () => {
  await assert.rejects(stripe.customers.create({ name: 'x' }, { idempotencyKey: 'k'.repeat(256) }),
    (err) => err.statusCode === 400);
  const ok = await stripe.customers.create({ name: 'x' }, { idempotencyKey: 'k'.repeat(255) });
  assert.match(ok.id, /^cus_/);
});

test('concurrent requests with one key create one customer: the rest replay it or get 409', async () => {
  const key = randomUUID();
  const email = `${key}@example.com`;
  const body = `email=${encodeURIComponent(email)}`;
  const send = () => server.request({
    method: 'POST', path: '/v1/customers',
    headers: { ...form(server.secretKey), 'Idempotency-Key': key }, body,
  });
  const results = await Promise.all(Array.from({ length: 8 }, send));

  const ok = results.filter((r) => r.status === 200);
  assert.ok(ok.length >= 1, 'at least one request succeeds');
  assert.equal(new Set(ok.map((r) => r.json.id)).size, 1, 'every 200 carries the same customer');
  assert.equal(ok.filter((r) => r.headers['idempotent-replayed'] !== 'true').length, 1,
    'exactly one 200 is the original, the others are replays');
  for (const r of results.filter((x) => x.status !== 200)) {
    assert.equal(r.status, 409, r.text);
    const e = stripeError(assert, r);
    assert.equal(e.code, 'idempotency_key_in_use');
    assert.match(e.message, /^There is currently another in-progress request using this Idempotent Key/);
  }

  // After the dust settles: one customer, and the key replays it.
  const listed = await stripe.customers.list({ email });
  assert.deepEqual(listed.data.map((c) => c.id), [ok[0].json.id]);
  const replay = await send();
  assert.equal(replay.status, 200);
  assert.equal(replay.json.id, ok[0].json.id);
  assert.equal(replay.headers['idempotent-replayed'], 'true');
});
