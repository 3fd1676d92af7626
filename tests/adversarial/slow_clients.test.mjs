// Slow and idle clients: headers or a body trickled a byte at a time, a client that never
// reads its answers, and a few hundred idle or half-sent connections. The server must drop
// each slow client within its request timeout (a byte now and then does not extend it), and
// keep serving everyone else meanwhile: /healthz and API writes stay prompt.
//
// The timeouts are serve options when this intentd has them (`--request-timeout`,
// `--header-timeout`, `--idle-timeout` in `serve --help`), short here; otherwise the built-in
// 30 s request timeout bounds the wait, and the slow cases run side by side so the file waits
// for it once.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { describe, test } from 'node:test';
import { INTENTD_BIN, form } from '../sdk/node/harness.mjs';
import { head, parseResponses, readbackTest, sleep, useServer } from './common.mjs';

const help = execFileSync(INTENTD_BIN, ['serve', '--help'], { encoding: 'utf8' });
const hasFlag = (f) => help.includes(f);
const SHORT = hasFlag('--request-timeout') && hasFlag('--header-timeout');
// The bound on how long one request may take to arrive.
const TIMEOUT_MS = SHORT ? 2000 : 30000;
const args = SHORT ? ['--request-timeout', '2s', '--header-timeout', '2s'] : [];
if (SHORT && hasFlag('--idle-timeout')) args.push('--idle-timeout', '5s');
const SLACK_MS = 5000;

const h = useServer({ args });

// A connection that writes `first`, then one byte of `rest` every `everyMs` (never finishing
// when `rest` is long enough), and resolves when the server ends it: { ms, data, bytesSent }.
function trickle(first, rest, everyMs) {
  return new Promise((resolve) => {
    const started = Date.now();
    const sock = net.connect({ port: h.server.port, host: '127.0.0.1', allowHalfOpen: true });
    const chunks = [];
    let sent = 0;
    let timer;
    const done = () => {
      clearInterval(timer);
      sock.destroy();
      resolve({ ms: Date.now() - started, data: Buffer.concat(chunks).toString('latin1'), bytesSent: sent });
    };
    sock.on('connect', () => {
      sock.write(first);
      timer = setInterval(() => {
        if (sent < rest.length && !sock.destroyed) sock.write(rest[sent++]);
      }, everyMs);
    });
    sock.on('data', (c) => chunks.push(c));
    sock.on('end', done);
    sock.on('close', done);
    sock.on('error', done);
  });
}

// Asserts the server ended a slow connection within its timeout (plus slack), with a 408 or
// nothing at all.
function droppedInTime(r, what) {
  assert.ok(r.ms <= TIMEOUT_MS + SLACK_MS, `${what}: dropped after ${r.ms} ms (bound ${TIMEOUT_MS} ms)`);
  if (r.data.length) {
    const [res] = parseResponses(r.data);
    assert.equal(res.status, 408, `${what}: ${r.data.slice(0, 200)}`);
    assert.equal(res.json.error.type, 'invalid_request_error');
  }
}

// One quick request on a fresh connection; resolves with its duration in ms.
async function timed(req) {
  const started = Date.now();
  const res = await h.server.request(req);
  return { res, ms: Date.now() - started };
}

// Side by side: with the built-in 30 s timeout the file waits for it once, not three times.
describe('slow and idle clients', { concurrency: true }, () => {
test('slow headers and slow bodies are dropped within the timeout while others are served', async (t) => {
  const every = Math.max(100, Math.floor(TIMEOUT_MS / 20));
  const endless = 'X'.repeat(10_000);
  const slowHeaders = Array.from({ length: 20 }, () =>
    trickle(`GET /v1/customers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${h.server.secretKey}\r\nX-Slow: `, endless, every));
  const slowBodies = Array.from({ length: 20 }, () => trickle(
    head(h.server, 'POST', '/v1/customers', { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '100000' })
    + 'name=', endless, every));
  const slowChunks = Array.from({ length: 5 }, () => trickle(
    head(h.server, 'POST', '/v1/customers', { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' })
    + '1\r\nn\r\n', '1\r\na\r\n'.repeat(2000), every));

  // Meanwhile everyone else is served promptly.
  const deadline = Date.now() + Math.min(TIMEOUT_MS, 4000);
  let served = 0;
  while (Date.now() < deadline) {
    const health = await timed({ path: '/healthz' });
    assert.equal(health.res.status, 200);
    const write = await timed({ method: 'POST', path: '/v1/customers', headers: form(h.server.secretKey), body: 'email=busy@example.com' });
    assert.equal(write.res.status, 200, write.res.text);
    assert.ok(health.ms < 2000 && write.ms < 2000, `served in ${health.ms} / ${write.ms} ms beside the slow clients`);
    served++;
    await sleep(100);
  }
  t.diagnostic(`${served} health+write pairs served beside 45 slow clients`);

  const [headers, bodies, chunks] = await Promise.all([Promise.all(slowHeaders), Promise.all(slowBodies), Promise.all(slowChunks)]);
  headers.forEach((r) => droppedInTime(r, 'slow headers'));
  bodies.forEach((r) => droppedInTime(r, 'slow body'));
  chunks.forEach((r) => droppedInTime(r, 'slow chunks'));
  t.diagnostic(`slowest drop after ${Math.max(...[...headers, ...bodies, ...chunks].map((r) => r.ms))} ms; bound ${TIMEOUT_MS} ms`);
  const res = await h.server.request({ path: '/v1/customers?email=busy@example.com&limit=1', headers: form(h.server.secretKey) });
  assert.equal(res.status, 200);
});

test('a client that never reads its answers is dropped within the timeout', async (t) => {
  // Make every answer big: 100 customers with full metadata, so a pipeline of list calls
  // overflows the socket buffers.
  const meta = Array.from({ length: 50 }, (_, i) => `metadata[k${i}]=${'v'.repeat(400)}`).join('&');
  await Promise.all(Array.from({ length: 100 }, () =>
    h.server.request({ method: 'POST', path: '/v1/customers', headers: form(h.server.secretKey), body: meta })));
  const n = 200;
  const started = Date.now();
  const sock = net.connect({ port: h.server.port, host: '127.0.0.1', allowHalfOpen: true });
  await new Promise((r) => sock.on('connect', r));
  sock.pause();
  sock.write(Array.from({ length: n }, () => head(h.server, 'GET', '/v1/customers?limit=100')).join(''));
  await sleep(TIMEOUT_MS + SLACK_MS);
  // Now read what is there: the server must have given up on this connection before writing
  // all n answers (and closed it), instead of waiting on it for ever.
  const received = await new Promise((resolve) => {
    let bytes = 0;
    let ended = false;
    const finish = () => resolve({ bytes, ended });
    sock.on('data', (c) => { bytes += c.length; });
    sock.on('end', () => { ended = true; finish(); });
    sock.on('error', () => { ended = true; finish(); });
    sock.resume();
    setTimeout(finish, 5000);
  });
  sock.destroy();
  t.diagnostic(`read ${received.bytes} bytes after ${Date.now() - started} ms; ended: ${received.ended}`);
  assert.ok(received.ended, 'the server closed the connection of a client that stopped reading');
  const health = await timed({ path: '/healthz' });
  assert.equal(health.res.status, 200);
});

test('a few hundred idle and half-sent connections do not keep /healthz or writes waiting', async (t) => {
  const socks = [];
  const open = (bytes) => new Promise((resolve) => {
    const s = net.connect(h.server.port, '127.0.0.1', () => { if (bytes) s.write(bytes); resolve(); });
    s.on('error', () => {});
    socks.push(s);
  });
  try {
    await Promise.all(Array.from({ length: 250 }, () => open()));
    await Promise.all(Array.from({ length: 100 }, (_, i) => open(i % 2 ? 'GET /v1/customers HTTP/1.1\r\nHo' : 'POST /v1/c')));
    const healthTimes = [];
    for (let i = 0; i < 20; i++) {
      const r = await timed({ path: '/healthz' });
      assert.equal(r.res.status, 200);
      healthTimes.push(r.ms);
    }
    const write = await timed({ method: 'POST', path: '/v1/customers', headers: form(h.server.secretKey), body: 'email=idle@example.com' });
    assert.equal(write.res.status, 200, write.res.text);
    t.diagnostic(`/healthz beside 350 idle connections: max ${Math.max(...healthTimes)} ms; a write ${write.ms} ms`);
    assert.ok(Math.max(...healthTimes) < 2000 && write.ms < 2000, `bound 2000 ms`);
  } finally {
    for (const s of socks) s.destroy();
  }
  // And once they are gone, the server is as it was.
  assert.equal((await h.server.request({ path: '/healthz' })).status, 200);
});

});

readbackTest(h);
