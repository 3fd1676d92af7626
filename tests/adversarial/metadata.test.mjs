// Metadata limits as Stripe states them: at most 50 keys (counted after an update merges),
// keys up to 40 characters, values up to 500 characters (characters, not bytes), values are
// strings, no brackets in keys. Each violation is a 400 with Stripe's message and the exact
// param, on every resource that takes metadata and on nested metadata params; values at the
// limits are stored and read back exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearer, form } from '../sdk/node/harness.mjs';
import { expectError, readbackTest, useServer } from './common.mjs';

const h = useServer();

const post = (path, body) => h.server.request({ method: 'POST', path, headers: form(h.server.secretKey), body });
const get = (target) => h.server.request({ path: target, headers: bearer(h.server.secretKey) });
const ok = (res) => { assert.equal(res.status, 200, res.text.slice(0, 300)); return res.json; };

const keys = (n, prefix = 'metadata', from = 0) =>
  Array.from({ length: n }, (_, i) => `${prefix}[k${from + i}]=v`).join('&');
const enc = encodeURIComponent;

const tooMany = (n) => `Metadata can have up to 50 keys, but you've set ${n}. Email us at support+metadata@stripe.com for more information.`;
const longKey = (k) => `Metadata keys can have up to 40 characters, but you passed in a key that is ${[...k].length} characters. Invalid key: ${k}`;
const longValue = (v) => `Metadata values can have up to 500 characters, but you passed in a value that is ${[...v].length} characters. Invalid value: ${v}`;

// Creates with a valid body for each resource, so only the metadata part is under test.
const RESOURCES = {
  '/v1/customers': '',
  '/v1/payment_intents': 'amount=100&currency=usd',
  '/v1/setup_intents': '',
  '/v1/products': 'name=x',
  '/v1/prices': 'currency=usd&unit_amount=5&product_data[name]=x',
  '/v1/webhook_endpoints': 'url=https://example.com/h&enabled_events[]=customer.created',
};
const create = (path, metadata) => post(path, [RESOURCES[path], metadata].filter(Boolean).join('&'));

test('50 keys are fine, 51 are a 400 with Stripe\'s message on every resource', async () => {
  for (const path of Object.keys(RESOURCES)) {
    const made = ok(await create(path, keys(50)));
    assert.equal(Object.keys(made.metadata).length, 50, path);
    const e = expectError(await create(path, keys(51)), 400, 'metadata');
    assert.equal(e.message, tooMany(51), path);
    if (path === '/v1/webhook_endpoints') await h.server.request({ method: 'DELETE', path: `${path}/${made.id}`, headers: bearer(h.server.secretKey) });
  }
});

test('an update counts the merged keys: unsetting makes room, adding past 50 does not', async () => {
  const c = ok(await create('/v1/customers', keys(50)));
  const e = expectError(await post(`/v1/customers/${c.id}`, 'metadata[new]=x'), 400, 'metadata');
  assert.equal(e.message, tooMany(51));
  const swapped = ok(await post(`/v1/customers/${c.id}`, 'metadata[new]=x&metadata[k0]='));
  assert.equal(Object.keys(swapped.metadata).length, 50);
  assert.equal(swapped.metadata.new, 'x');
  assert.ok(!('k0' in swapped.metadata));
  // The refused update changed nothing.
  assert.deepEqual(ok(await get(`/v1/customers/${c.id}`)).metadata, swapped.metadata);
  assert.deepEqual(ok(await post(`/v1/customers/${c.id}`, 'metadata=')).metadata, {});
  // Unsets do not count towards the 50 of one request.
  ok(await post(`/v1/customers/${c.id}`, `${keys(50)}&${keys(10, 'metadata', 100).replaceAll('=v', '=')}`));
});

test('keys of 40 characters are fine, 41 are a 400 naming the key', async () => {
  for (const k of ['k'.repeat(40), 'é'.repeat(40), '😀'.repeat(40)]) {
    const c = ok(await create('/v1/customers', `metadata[${enc(k)}]=v`));
    assert.deepEqual(ok(await get(`/v1/customers/${c.id}`)).metadata, { [k]: 'v' });
  }
  for (const k of ['k'.repeat(41), 'é'.repeat(41), '😀'.repeat(41)]) {
    const e = expectError(await create('/v1/customers', `metadata[${enc(k)}]=v`), 400, `metadata[${k}]`);
    assert.equal(e.message, longKey(k));
  }
});

test('values of 500 characters are fine, 501 are a 400 naming the key', async () => {
  for (const v of ['v'.repeat(500), 'é'.repeat(500), '😀'.repeat(500)]) {
    const c = ok(await create('/v1/products', `metadata[k]=${enc(v)}`));
    assert.equal(ok(await get(`/v1/products/${c.id}`)).metadata.k, v);
  }
  for (const v of ['v'.repeat(501), 'é'.repeat(501), '😀'.repeat(501)]) {
    for (const path of Object.keys(RESOURCES)) {
      const e = expectError(await create(path, `metadata[k]=${enc(v)}`), 400, 'metadata[k]');
      assert.equal(e.message, longValue(v), path);
    }
  }
});

const SESSION = 'mode=payment&success_url=https://example.com/ok&line_items[0][price_data][currency]=usd'
  + '&line_items[0][price_data][unit_amount]=500&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1';

test('nested metadata params are checked the same way, with the nested param', async () => {
  const k41 = 'k'.repeat(41);
  const e = expectError(await post('/v1/prices', `currency=usd&unit_amount=5&product_data[name]=x&product_data[metadata][${k41}]=v`),
    400, `product_data[metadata][${k41}]`);
  assert.equal(e.message, longKey(k41));
  const v501 = 'v'.repeat(501);
  expectError(await post('/v1/checkout/sessions', `${SESSION}&payment_intent_data[metadata][k]=${v501}`), 400,
    'payment_intent_data[metadata][k]');
  expectError(await post('/v1/checkout/sessions', `${SESSION}&metadata[k]=${v501}`), 400, 'metadata[k]');
  const many = await post('/v1/checkout/sessions', `${SESSION}&${keys(51, 'payment_intent_data[metadata]')}`);
  assert.equal(expectError(many, 400).message, tooMany(51));
});

// Too many keys in a nested metadata param names the nested param (as the key and value
// limits do), e.g. payment_intent_data[metadata], not the top-level "metadata".
test('too many keys in nested metadata names the nested param', async () => {
  expectError(await post('/v1/checkout/sessions', `${SESSION}&${keys(51, 'payment_intent_data[metadata]')}`),
    400, 'payment_intent_data[metadata]');
  expectError(await post('/v1/prices', `currency=usd&unit_amount=5&product_data[name]=x&${keys(51, 'product_data[metadata]')}`),
    400, 'product_data[metadata]');
});

test('metadata on updates of charges, refunds and intents is limited too', async () => {
  const pi = ok(await post('/v1/payment_intents',
    'amount=1000&currency=usd&payment_method=pm_card_visa&confirm=true&payment_method_types[]=card'));
  const re = ok(await post('/v1/refunds', `payment_intent=${pi.id}&amount=100`));
  for (const path of [`/v1/payment_intents/${pi.id}`, `/v1/charges/${pi.latest_charge}`, `/v1/refunds/${re.id}`]) {
    const res = await post(path, keys(51));
    if (res.status === 404) continue; // an update endpoint this server does not have
    assert.equal(expectError(res, 400, 'metadata').message, tooMany(51), path);
    expectError(await post(path, `metadata[k]=${'v'.repeat(501)}`), 400, 'metadata[k]');
    ok(await post(path, keys(50)));
  }
});

test('values must be strings; brackets cannot be smuggled into keys', async () => {
  expectError(await create('/v1/customers', 'metadata[a][b]=x'), 400, 'metadata[a]');
  expectError(await create('/v1/customers', 'metadata[a][]=x'), 400, 'metadata[a]');
  expectError(await create('/v1/customers', 'metadata[]=x'), 400, 'metadata');
  expectError(await create('/v1/customers', 'metadata[a%5Bb]=x'), 400);
  expectError(await create('/v1/customers', 'metadata[a%5Db]=x'), 400);
});

readbackTest(h);
