// Malformed and hostile JSON on the /v2 paths (JSON bodies): 100k-deep nesting, truncated and
// trailing data, non-object bodies, numbers past every range, invalid UTF-8 and lone
// surrogates, comments and NaN, and bracket nesting in v2 query strings. Each is a v2-shaped
// 400 ({error: {type, code, message}}), answered quickly; a NUL in a string is stored and read
// back exactly; the server keeps serving and everything stored still reads back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearer } from '../sdk/node/harness.mjs';
import { expectError, readbackTest, useServer } from './common.mjs';

const h = useServer();

const json = () => ({ ...bearer(h.server.secretKey), 'Content-Type': 'application/json' });
const post = (body, path = '/v2/core/event_destinations', headers = json()) =>
  h.server.request({ method: 'POST', path, headers, body });
const get = (target) => h.server.request({ path: target, headers: bearer(h.server.secretKey) });

const VALID = {
  name: 'adversarial',
  type: 'webhook_endpoint',
  event_payload: 'thin',
  enabled_events: ['v1.billing.meter.error_report_triggered'],
  webhook_endpoint: { url: 'https://example.com/hook' },
};

// A v2 error: invalid_request_error with a code; returns the error.
function v2Error(res, code = 'invalid_request', message) {
  const e = expectError(res, 400, undefined, { code });
  if (message) assert.match(e.message, message);
  return e;
}

test('100,000-deep JSON is refused at once, whatever nests', async () => {
  const n = 100_000;
  for (const body of ['['.repeat(n) + ']'.repeat(n), '{"a":'.repeat(n) + '1' + '}'.repeat(n),
    '[{"a":'.repeat(n / 2) + '1' + '}]'.repeat(n / 2), '['.repeat(n), `{"name":${'['.repeat(n)}`]) {
    const started = Date.now();
    v2Error(await post(body), 'invalid_request', /too deep|incomplete|syntax/);
    assert.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms`);
  }
  // Deep nesting inside an otherwise valid create, and on update.
  const deepMeta = `{"name":"x","metadata":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`;
  v2Error(await post(deepMeta), 'invalid_request', /too deep/);
  const made = await post(JSON.stringify(VALID));
  assert.equal(made.status, 200, made.text);
  v2Error(await post('['.repeat(n) + ']'.repeat(n), `/v2/core/event_destinations/${made.json.id}`), 'invalid_request', /too deep/);
});

test('truncated, trailing, commented and non-standard JSON is a 400', async () => {
  v2Error(await post('{"name":'), 'invalid_request', /incomplete/);
  v2Error(await post('{}x'), 'invalid_request', /extra data/);
  v2Error(await post('{}{}'), 'invalid_request');
  for (const body of ['\ufeff{}', '{/*c*/}', '{"a":NaN}', '{"a":Infinity}', "{'a':1}", '{"a":1,}', '{a:1}', '{"a":01}'])
    v2Error(await post(body), 'invalid_request', /syntax|Invalid JSON/);
});

test('a body that is not a JSON object is a 400', async () => {
  for (const body of ['[]', '"s"', 'null', '1', 'true'])
    v2Error(await post(body), 'invalid_request', /must be a JSON object/);
});

test('numbers past every range are refused where a string or integer is expected', async () => {
  v2Error(await post(JSON.stringify({ ...VALID, name: undefined }).replace('{', '{"name":1e999,')));
  v2Error(await post('{"name":18446744073709551616}'));
  v2Error(await post('{"name":-1e400}'));
  v2Error(await get('/v2/core/events?limit=99999999999999999999999'), 'parameter_invalid_integer');
  v2Error(await get('/v2/core/event_destinations?limit=-1'), 'parameter_invalid_integer');
});

test('invalid UTF-8 and lone surrogates in JSON strings are a 400', async () => {
  v2Error(await post(Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')])));
  v2Error(await post(Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')])));
  v2Error(await post('{"description":"\\ud800"}'));
  v2Error(await post('{"description":"\\udc00\\ud800"}'));
  v2Error(await post(Buffer.concat([Buffer.from('{"'), Buffer.from([0xc3]), Buffer.from('":1}')])));
});

test('wrong shapes in JSON are a 400 saying what was expected', async () => {
  v2Error(await post(JSON.stringify({ ...VALID, enabled_events: 'x' })), 'invalid_request', /array/i);
  v2Error(await post(JSON.stringify({ ...VALID, metadata: { a: { b: 1 } } })), 'invalid_request', /must be a string/);
  v2Error(await post(JSON.stringify({ ...VALID, webhook_endpoint: [] })));
  v2Error(await post(JSON.stringify({ ...VALID, name: ['x'] })));
});

test('a NUL and other escapes in JSON strings are stored and read back exactly', async () => {
  const name = 'n\u0000\u001f\u2028\ud83d\ude00"\\';
  const res = await post(JSON.stringify({ ...VALID, name, metadata: { 'k\u0000': 'v\u0000' } }));
  assert.equal(res.status, 200, res.text);
  const back = await get(`/v2/core/event_destinations/${res.json.id}`);
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.name, name);
  assert.deepEqual(back.json.metadata, { 'k\u0000': 'v\u0000' });
});

test('a long JSON string within the body limit is handled, not echoed without bound', async () => {
  const res = await post(JSON.stringify({ ...VALID, description: 'd'.repeat(900_000) }));
  assert.ok(res.status === 200 || res.status === 400, res.text.slice(0, 300));
  assert.ok(res.text.length < 1_000_000 + 10_000);
  if (res.status === 400) v2Error(res);
});

test('bracket nesting and bad escapes in v2 query strings are a 400', async () => {
  v2Error(await get(`/v2/core/events?types${'%5B0%5D'.repeat(1000)}=x`), 'invalid_request', /nested/);
  v2Error(await get('/v2/core/events?limit=%ZZ'), 'invalid_request', /URL encoding/);
  v2Error(await get('/v2/core/events?object_id=%FF'), 'invalid_request', /UTF-8/);
});

test('a form body on a /v2 path is not read as JSON', async () => {
  const res = await post('name=x', '/v2/core/event_destinations',
    { ...bearer(h.server.secretKey), 'Content-Type': 'application/x-www-form-urlencoded' });
  assert.equal(res.status, 400, res.text);
  v2Error(res, res.json.error.code);
});

readbackTest(h);
