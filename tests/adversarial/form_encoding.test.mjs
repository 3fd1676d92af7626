// Malformed input over raw HTTP: each gets a Stripe-shaped 4xx naming the param where there
// is one, and the server keeps serving afterwards.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, afterEach, before, test } from 'node:test';
import { bearer, form, startServer, stripeError } from '../sdk/node/harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server?.stop());
afterEach(async () => {
  const res = await server.request({ path: '/healthz' });
  assert.equal(res.status, 200, 'GET /healthz still answers 200');
});

const post = (body, headers = form(server.secretKey)) =>
  server.request({ method: 'POST', path: '/v1/customers', headers, body });

// Asserts a 4xx Stripe error with the given status and (when given) param.
function expectError(res, status, param) {
  assert.equal(res.status, status, res.text.slice(0, 300));
  assert.match(res.headers['content-type'] ?? '', /^application\/json/);
  assert.match(res.headers['request-id'] ?? '', /^req_/);
  const e = stripeError(assert, res);
  assert.equal(e.type, 'invalid_request_error');
  if (param !== undefined) assert.equal(e.param, param, e.message);
  return e;
}

// Sends bytes on a raw socket and collects everything until the server closes.
function rawExchange(bytes) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1', () => sock.end(bytes));
    const chunks = [];
    sock.on('data', (c) => chunks.push(c));
    sock.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    sock.on('error', reject);
  });
}

test('broken percent-encoding is a 400 naming the param', async () => {
  expectError(await post('name=%ZZ'), 400, 'name');
  expectError(await post('email=a%4'), 400, 'email');
  expectError(await server.request({ path: '/v1/customers?email=%G1', headers: bearer(server.secretKey) }), 400, 'email');
  expectError(await post('na%ZZme=x'), 400);
});

test('1000-deep brackets are a 400 naming the param', async () => {
  const key = `metadata${'[a]'.repeat(1000)}`;
  const e = expectError(await post(`${key}=x`), 400);
  assert.ok(e.param.startsWith('metadata[a]'), `param: ${e.param.slice(0, 80)}`);
  assert.ok(e.param.length <= 1024, 'the echoed param is bounded');
});

test('a 10 MB body is a 413', async () => {
  expectError(await post(`name=${'a'.repeat(10 << 20)}`), 413);
});

test('a body with 1M params is rejected with a 4xx (too large: 413)', async () => {
  const body = Array.from({ length: 1_000_000 }, (_, i) => `metadata[k${i}]=v`).join('&');
  expectError(await post(body), 413);
});

test('too many params within the size limit is a 400', async () => {
  const body = Array.from({ length: 30_000 }, () => 'a=1').join('&');
  assert.ok(body.length < 1 << 20);
  const e = expectError(await post(body), 400);
  assert.match(e.message, /param/i);
});

test('integers past int64 are a 400 naming the param', async () => {
  for (const v of ['9223372036854775808', '-9223372036854775809', '99999999999999999999999999'])
    expectError(await post(`balance=${v}`), 400, 'balance');
  expectError(await server.request({ path: '/v1/customers?created[gt]=9223372036854775808', headers: bearer(server.secretKey) }),
    400, 'created[gt]');
  // The edges themselves are fine.
  assert.equal((await post('balance=-9223372036854775808')).status, 200);
});

test('invalid UTF-8 in a value is a 400 naming the param', async () => {
  expectError(await post('name=%FF%FE'), 400, 'name');
  expectError(await post('name=%C0%AF'), 400, 'name'); // overlong '/'
  expectError(await post(Buffer.concat([Buffer.from('description='), Buffer.from([0xed, 0xa0, 0x80])])), 400, 'description');
  expectError(await server.request({ path: '/v1/customers?email=%FF', headers: bearer(server.secretKey) }), 400, 'email');
});

test('a JSON body on /v1/customers is a 400', async () => {
  const e = expectError(await post('{"name":"Jenny"}', { ...bearer(server.secretKey), 'Content-Type': 'application/json' }), 400);
  assert.match(e.message, /form|urlencoded/i);
});

test('one param given two shapes is a 400 naming it', async () => {
  expectError(await post('metadata=x&metadata[a]=b'), 400, 'metadata');
});

test('malformed HTTP is answered with a Stripe-shaped 400', async () => {
  for (const bytes of ['HELLO THERE\r\n\r\n', 'POST /v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n']) {
    const reply = await rawExchange(bytes);
    assert.match(reply, /^HTTP\/1\.1 400 /, JSON.stringify(bytes));
    const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4));
    assert.equal(body.error.type, 'invalid_request_error');
  }
});
