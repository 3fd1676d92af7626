// Malformed form encoding over raw HTTP: broken percent-escapes, bracket keys that do not
// close or nest too deep, invalid UTF-8, NUL bytes, one param in two shapes, too many params.
// Each gets a Stripe-shaped 400 naming the param where there is one; what is accepted reads
// back byte for byte; the server keeps serving, and everything stored still reads back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearer, form } from '../sdk/node/harness.mjs';
import { expectError, parseResponses, rawExchange, readbackTest, useServer } from './common.mjs';

const h = useServer();

const post = (body, headers = form(h.server.secretKey), path = '/v1/customers') =>
  h.server.request({ method: 'POST', path, headers, body });
const get = (target) => h.server.request({ path: target, headers: bearer(h.server.secretKey) });

test('broken percent-encoding is a 400 naming the param', async () => {
  expectError(await post('name=%ZZ'), 400, 'name');
  expectError(await post('email=a%4'), 400, 'email');
  expectError(await post('description=%'), 400, 'description');
  expectError(await post('metadata[k]=%%41'), 400, 'metadata[k]');
  expectError(await get('/v1/customers?email=%G1'), 400, 'email');
  expectError(await post('na%ZZme=x'), 400);
  // On other resources too: the decoder is shared, the param is theirs.
  expectError(await post('amount=%1&currency=usd', undefined, '/v1/payment_intents'), 400, 'amount');
  expectError(await post('name=%E2%82', undefined, '/v1/products'), 400, 'name');
});

test('bracket keys that do not close, or close nothing, are a 400 naming them', async () => {
  for (const key of ['[]', 'metadata[', 'metadata]', 'metadata[a', 'metadata]a['])
    expectError(await post(`${key}=x`), 400, key);
});

test('1000-deep brackets are a 400 naming the param', async () => {
  const key = `metadata${'[a]'.repeat(1000)}`;
  const e = expectError(await post(`${key}=x`), 400);
  assert.ok(e.param.startsWith('metadata[a]'), `param: ${e.param.slice(0, 80)}`);
  assert.ok(e.param.length <= 1024, 'the echoed param is bounded');
  // Deep arrays and mixed nesting as well, on a query string and on a nested-object param.
  expectError(await get(`/v1/customers?created${'[0]'.repeat(200)}=1`), 400);
  expectError(await post(`address${'[line1]'.repeat(50)}=x`), 400);
});

test('an array index past any bound is a 400 naming the array', async () => {
  for (const i of ['99999999999999999999', '-1', '1e3', '0x1'])
    expectError(await post(`preferred_locales[${i}]=en`), 400, 'preferred_locales');
});

test('too many params within the size limit is a 400', async () => {
  const body = Array.from({ length: 30_000 }, () => 'a=1').join('&');
  assert.ok(body.length < 1 << 20);
  const e = expectError(await post(body), 400);
  assert.match(e.message, /param/i);
});

test('invalid UTF-8 in a value is a 400 naming the param', async () => {
  expectError(await post('name=%FF%FE'), 400, 'name');
  expectError(await post('name=%C0%AF'), 400, 'name'); // overlong '/'
  expectError(await post('name=%F4%90%80%80'), 400, 'name'); // past U+10FFFF
  expectError(await post(Buffer.concat([Buffer.from('description='), Buffer.from([0xed, 0xa0, 0x80])])), 400, 'description');
  expectError(await post('metadata[k]=%E2%28%A1'), 400, 'metadata[k]');
  expectError(await post('expand[]=%FF'), 400, 'expand[]');
  expectError(await get('/v1/customers?email=%FF'), 400, 'email');
});

test('invalid UTF-8 in a key is a 400 that says so', async () => {
  for (const body of ['metadata[%FF]=x', '%FF=x', Buffer.from([0x61, 0xc3, 0x3d, 0x78])])
    assert.match(expectError(await post(body), 400).message, /UTF-8/);
});

test('NUL bytes: in values they are stored and read back exactly; in keys they are unknown params', async () => {
  const stripe = h.server.stripe();
  for (const body of ['name=a%00b', Buffer.from('name=a\0b')]) {
    const res = await post(body);
    assert.equal(res.status, 200, res.text);
    assert.equal((await stripe.customers.retrieve(res.json.id)).name, 'a\0b');
  }
  const res = await post('metadata[k%00]=v%00w&description=%00');
  assert.equal(res.status, 200, res.text);
  const back = await stripe.customers.retrieve(res.json.id);
  assert.deepEqual(back.metadata, { 'k\0': 'v\0w' });
  assert.equal(back.description, '\0');
  // The event carries the same bytes.
  const events = await stripe.events.list({ type: 'customer.created', limit: 1 });
  assert.equal(events.data[0].data.object.id, res.json.id);
  assert.deepEqual(events.data[0].data.object.metadata, { 'k\0': 'v\0w' });

  const e = expectError(await post('na%00me=x'), 400, 'na\0me', { code: 'parameter_unknown' });
  assert.match(e.message, /unknown parameter/);
  expectError(await get('/v1/customers/cus_%00'), 404, 'id', { code: 'resource_missing' });
  expectError(await get('/v1/customers?starting_after=cus_%00'), 400, 'starting_after', { code: 'resource_missing' });
});

test('a JSON body on /v1/customers is a 400', async () => {
  const e = expectError(await post('{"name":"Jenny"}', { ...bearer(h.server.secretKey), 'Content-Type': 'application/json' }), 400);
  assert.match(e.message, /form|urlencoded/i);
});

test('one param given two shapes is a 400 naming it', async () => {
  expectError(await post('metadata=x&metadata[a]=b'), 400, 'metadata');
  expectError(await post('address[line1]=x&address=y'), 400, 'address');
  expectError(await post('preferred_locales[]=en&preferred_locales[0]=fr'), 400, 'preferred_locales');
  expectError(await post('metadata[a][b]=x'), 400, 'metadata[a]');
  expectError(await post('expand=email'), 400, 'expand');
});

test('repeated scalars keep the last value; + is a space and %2B a plus', async () => {
  const res = await post('name=a&name=b+c%2Bd&metadata[k]=1&metadata[k]=2');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.name, 'b c+d');
  assert.deepEqual(res.json.metadata, { k: '2' });
});

test('malformed HTTP is answered with a Stripe-shaped 400', async () => {
  for (const bytes of ['HELLO THERE\r\n\r\n', 'POST /v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
    'GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n', 'GET /healthz\r\n\r\n']) {
    const { data } = await rawExchange(h.server.port, bytes);
    const [res] = parseResponses(data);
    assert.equal(res.status, 400, JSON.stringify(bytes));
    assert.equal(res.json.error.type, 'invalid_request_error');
  }
});

readbackTest(h);
