// Oversized requests: 10 MB and 100 MB bodies (declared by Content-Length or streamed chunked),
// a million params, oversized headers. Each is refused with a Stripe-shaped 413 (431 for
// headers) as soon as the limit is known, without reading the whole body first: the answer
// arrives while the client is still sending, the connection is closed after a bounded drain,
// and the server's memory does not grow by the body's size.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { test } from 'node:test';
import { bearer, form } from '../sdk/node/harness.mjs';
import { expectError, head, parseResponses, rawExchange, readbackTest, useServer } from './common.mjs';

const h = useServer();
const LIMIT = 1 << 20; // the default --body-limit
const MB = 1 << 20;

const post = (body, headers = form(h.server.secretKey), path = '/v1/customers') =>
  h.server.request({ method: 'POST', path, headers, body });

// Resident memory (KiB) of the intentd this test process started.
function serverRssKiB() {
  const out = execFileSync('ps', ['-o', 'rss=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => /intentd/.test(l));
  assert.ok(line, `intentd among the children: ${out}`);
  return Number(line.trim().split(/\s+/)[0]);
}

// Streams `total` bytes of body after `header` on a raw socket (respecting backpressure) and
// reports how much had been written when the first response bytes arrived, what came back,
// and whether the server ended the connection before the client finished writing.
function streamBody(header, total, { chunked = false } = {}) {
  return new Promise((resolve) => {
    // Half-open allowed: the server's FIN after its answer must not stop the client writing;
    // only the server closing its reading side (a reset) may.
    const sock = net.connect({ port: h.server.port, host: '127.0.0.1', allowHalfOpen: true });
    const piece = Buffer.alloc(256 * 1024, 'a');
    const framed = chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece;
    let written = 0;
    let writtenAtAnswer;
    let answerMs;
    const started = Date.now();
    const chunks = [];
    let closedEarly = false;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ data: Buffer.concat(chunks).toString('latin1'), written, writtenAtAnswer, answerMs, closedEarly,
        ms: Date.now() - started });
    };
    const timer = setTimeout(finish, 20000);
    sock.on('data', (c) => {
      if (writtenAtAnswer === undefined) { writtenAtAnswer = written; answerMs = Date.now() - started; }
      chunks.push(c);
    });
    sock.on('error', () => { closedEarly = written < total; finish(); });
    sock.on('close', () => { closedEarly = written < total; finish(); });
    sock.on('end', () => { if (written >= total) finish(); });
    const pump = () => {
      while (written < total && !sock.destroyed) {
        written += piece.length;
        if (!sock.write(framed)) { sock.once('drain', pump); return; }
      }
      if (written >= total && !sock.destroyed) sock.end(chunked ? '0\r\n\r\n' : undefined);
    };
    sock.on('connect', () => { sock.write(header); pump(); });
  });
}

let rssBefore;

test('a 10 MB body is a 413, whether declared or not', async () => {
  rssBefore = serverRssKiB();
  const e = expectError(await post(`name=${'a'.repeat(10 * MB)}`), 413);
  assert.equal(e.message, `Request body too large: the limit is ${LIMIT} bytes.`);
  const json = { ...bearer(h.server.secretKey), 'Content-Type': 'application/json' };
  expectError(await post(`{"name":"${'a'.repeat(10 * MB)}"}`, json, '/v2/core/event_destinations'), 413);
  const chunked = await streamBody(head(h.server, 'POST', '/v1/customers', {
    'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' }), 10 * MB, { chunked: true });
  const [res] = parseResponses(chunked.data);
  assert.equal(res.status, 413, chunked.data.slice(0, 200));
});

test('a body at the limit is read; one byte more is a 413', async () => {
  const at = `name=${'a'.repeat(LIMIT - 5)}`;
  assert.equal(at.length, LIMIT);
  const res = await post(at);
  assert.notEqual(res.status, 413, 'a body of exactly the limit is read');
  assert.ok(res.status === 200 || res.status === 400, res.text.slice(0, 200));
  expectError(await post(`${at}b`), 413);
});

test('a declared 100 MB body is refused before it is sent, and the drain is bounded', async (t) => {
  const total = 100 * MB;
  const r = await streamBody(head(h.server, 'POST', '/v1/customers', {
    'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(total) }), total);
  t.diagnostic(`answer after ${r.writtenAtAnswer} body bytes (${r.answerMs} ms); closed after ${r.written} (${r.ms} ms)`);
  const [res] = parseResponses(r.data);
  assert.equal(res.status, 413, r.data.slice(0, 200));
  assert.equal(res.json.error.type, 'invalid_request_error');
  assert.equal(res.headers.connection, 'close');
  assert.ok(r.answerMs < 2000, `answered after ${r.answerMs} ms`);
  assert.ok(r.writtenAtAnswer < total / 2, `the answer came after ${r.writtenAtAnswer} bytes of body`);
  assert.ok(r.closedEarly, `the server stopped reading before the client wrote all ${total} bytes (wrote ${r.written})`);
  assert.ok(r.ms < 10000, `done in ${r.ms} ms`);
});

test('a streamed (chunked) 100 MB body is cut off soon after the limit', async (t) => {
  const total = 100 * MB;
  const r = await streamBody(head(h.server, 'POST', '/v1/customers', {
    'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' }), total, { chunked: true });
  t.diagnostic(`answer after ${r.writtenAtAnswer} body bytes (${r.answerMs} ms); closed after ${r.written} (${r.ms} ms)`);
  const [res] = parseResponses(r.data);
  assert.equal(res.status, 413, r.data.slice(0, 200));
  assert.ok(r.writtenAtAnswer < total / 2, `the answer came after ${r.writtenAtAnswer} bytes of body`);
  assert.ok(r.closedEarly, `the server stopped reading before the client wrote all ${total} bytes (wrote ${r.written})`);
  assert.ok(r.ms < 10000, `done in ${r.ms} ms`);
});

test('the server did not keep the big bodies in memory', (t) => {
  const grown = serverRssKiB() - rssBefore;
  t.diagnostic(`RSS ${rssBefore} KiB before, grew by ${grown} KiB`);
  assert.ok(grown < 48 * 1024, `RSS grew by ${grown} KiB over the oversized requests`);
});

test('a body with 1M params is a 413', async () => {
  const body = Array.from({ length: 1_000_000 }, (_, i) => `metadata[k${i}]=v`).join('&');
  expectError(await post(body), 413);
});

test('a Content-Length past any integer is a 400 or 413, never read', async () => {
  for (const length of ['99999999999999999999999', '18446744073709551616', '-1']) {
    const { data } = await rawExchange(h.server.port, head(h.server, 'POST', '/v1/customers', {
      'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': length }) + 'name=x');
    const [res] = parseResponses(data);
    assert.ok(res.status === 400 || res.status === 413, `${length}: ${data.slice(0, 200)}`);
    assert.equal(res.json.error.type, 'invalid_request_error');
  }
});

test('headers past 16 KiB are a 431, one big header or many small ones', async () => {
  for (const extra of [{ 'X-Big': 'x'.repeat(20_000) },
    Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`X-H${i}`, 'abcdefgh']))]) {
    const { data } = await rawExchange(h.server.port, head(h.server, 'GET', '/v1/customers', extra));
    const [res] = parseResponses(data);
    assert.equal(res.status, 431, data.slice(0, 200));
    assert.equal(res.json.error.type, 'invalid_request_error');
    assert.equal(res.json.error.message, 'Request headers too large: the limit is 16384 bytes.');
  }
  const longTarget = `/v1/customers?email=${'a'.repeat(20_000)}`;
  const { data } = await rawExchange(h.server.port, head(h.server, 'GET', longTarget));
  assert.equal(parseResponses(data)[0].status, 431, data.slice(0, 200));
});

readbackTest(h);
