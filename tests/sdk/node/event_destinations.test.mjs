// v2 event destinations and thin events through stripe-node's stripe.v2.core.*: CRUD, include[],
// enable/disable, list pagination, ping delivered to a thin destination and verified with
// stripe.parseEventNotification, GET /v2/core/events, snapshot destinations, v2 errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Stripe from 'stripe';
import { bearer, eventually, startServer } from './harness.mjs';
import { startReceiver } from './receiver.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer({ args: ['--webhook-retry-schedule', '200ms,300ms'] });
  stripe = server.stripe();
});
after(() => server?.stop());

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const PING = 'v2.core.event_destination.ping';
const BOTH = ['webhook_endpoint.url', 'webhook_endpoint.signing_secret'];

const fields = ({ lastResponse, ...rest }) => rest;

async function receiver(t, opts) {
  const r = await startReceiver(opts);
  t.after(() => r.close());
  return r;
}

// An event destination deleted when the test ends.
async function destination(t, params) {
  const d = await stripe.v2.core.eventDestinations.create({
    name: 'test destination',
    type: 'webhook_endpoint',
    event_payload: 'thin',
    enabled_events: [PING],
    include: BOTH,
    ...params,
  });
  t.after(() => stripe.v2.core.eventDestinations.del(d.id).catch(() => {}));
  return d;
}

// Asserts a rejected v2 call and the v2 error shape it carried.
const rejectsV2 = (promise, { status, code, message }) => assert.rejects(promise, (err) => {
  assert.equal(err.statusCode, status, err.message);
  assert.equal(err.type, 'StripeInvalidRequestError', err.message);
  assert.equal(err.code, code, err.message);
  if (message) assert.match(err.message, message);
  const body = err.raw ?? {};
  assert.equal(typeof body.message, 'string');
  return true;
});

test('create, retrieve, update, enable/disable, delete through stripe.v2.core.eventDestinations', async (t) => {
  const d = await destination(t, {
    name: 'orders',
    description: 'thin events for orders',
    metadata: { team: 'payments' },
    webhook_endpoint: { url: 'https://example.com/thin' },
  });
  assert.match(d.id, /^ed_[A-Za-z0-9]+$/);
  assert.equal(d.object, 'v2.core.event_destination');
  assert.equal(d.name, 'orders');
  assert.equal(d.description, 'thin events for orders');
  assert.deepEqual(d.metadata, { team: 'payments' });
  assert.equal(d.type, 'webhook_endpoint');
  assert.equal(d.event_payload, 'thin');
  assert.deepEqual(d.enabled_events, [PING]);
  assert.equal(d.status, 'enabled');
  assert.equal(d.livemode, false);
  assert.match(d.created, RFC3339);
  assert.match(d.updated, RFC3339);
  assert.equal(d.webhook_endpoint.url, 'https://example.com/thin', 'include[] shows the url');
  assert.match(d.webhook_endpoint.signing_secret, /^whsec_[A-Za-z0-9]{24,}$/, 'include[] shows the secret');

  const got = await stripe.v2.core.eventDestinations.retrieve(d.id, { include: BOTH });
  assert.deepEqual(fields(got), fields(d));

  const updated = await stripe.v2.core.eventDestinations.update(d.id, {
    name: 'orders v2',
    description: 'renamed',
    metadata: { region: 'eu' },
    webhook_endpoint: { url: 'https://example.com/thin2' },
    include: ['webhook_endpoint.url'],
  });
  assert.equal(updated.id, d.id);
  assert.equal(updated.name, 'orders v2');
  assert.equal(updated.description, 'renamed');
  assert.deepEqual(updated.metadata, { team: 'payments', region: 'eu' });
  assert.equal(updated.webhook_endpoint.url, 'https://example.com/thin2');
  assert.equal(updated.webhook_endpoint.signing_secret ?? null, null, 'not included');
  assert.equal(updated.created, d.created);
  assert.ok(Date.parse(updated.updated) >= Date.parse(d.updated));
  const secretNow = (await stripe.v2.core.eventDestinations.retrieve(d.id, { include: BOTH }))
    .webhook_endpoint.signing_secret;
  assert.equal(secretNow, d.webhook_endpoint.signing_secret, 'the secret survives an update');

  const disabled = await stripe.v2.core.eventDestinations.disable(d.id);
  assert.equal(disabled.status, 'disabled');
  assert.deepEqual(disabled.status_details, { disabled: { reason: 'user' } });
  assert.equal((await stripe.v2.core.eventDestinations.retrieve(d.id)).status, 'disabled');
  const enabled = await stripe.v2.core.eventDestinations.enable(d.id);
  assert.equal(enabled.status, 'enabled');
  assert.equal(enabled.status_details ?? null, null);

  const deleted = await stripe.v2.core.eventDestinations.del(d.id);
  assert.equal(deleted.id, d.id);
  assert.equal(deleted.object, 'v2.core.event_destination');
  await rejectsV2(stripe.v2.core.eventDestinations.retrieve(d.id), { status: 404, code: 'not_found' });
  assert.ok(!(await stripe.v2.core.eventDestinations.list({ limit: 20 })).data.some((x) => x.id === d.id));
});

test('include[]: url and signing_secret are null unless named', async (t) => {
  const d = await destination(t, { include: undefined, webhook_endpoint: { url: 'https://example.com/inc' } });
  assert.equal(d.webhook_endpoint.url ?? null, null, 'create without include hides the url');
  assert.equal(d.webhook_endpoint.signing_secret ?? null, null, 'create without include hides the secret');

  const plain = await stripe.v2.core.eventDestinations.retrieve(d.id);
  assert.equal(plain.webhook_endpoint.url ?? null, null);
  assert.equal(plain.webhook_endpoint.signing_secret ?? null, null);

  const withUrl = await stripe.v2.core.eventDestinations.retrieve(d.id, { include: ['webhook_endpoint.url'] });
  assert.equal(withUrl.webhook_endpoint.url, 'https://example.com/inc');
  assert.equal(withUrl.webhook_endpoint.signing_secret ?? null, null);

  const withBoth = await stripe.v2.core.eventDestinations.retrieve(d.id, { include: BOTH });
  assert.equal(withBoth.webhook_endpoint.url, 'https://example.com/inc');
  assert.match(withBoth.webhook_endpoint.signing_secret, /^whsec_/);

  const listed = await stripe.v2.core.eventDestinations.list({ include: ['webhook_endpoint.url'], limit: 20 });
  const item = listed.data.find((x) => x.id === d.id);
  assert.equal(item.webhook_endpoint.url, 'https://example.com/inc');
  for (const x of listed.data) assert.equal(x.webhook_endpoint?.signing_secret ?? null, null, 'list never shows the secret');

  // An include value the endpoint does not know is rejected.
  await assert.rejects(stripe.v2.core.eventDestinations.retrieve(d.id, { include: ['webhook_endpoint.nope'] }),
    (err) => err.statusCode === 400);
});

test('list: v2 shape {data, next_page_url, previous_page_url}; limit and autoPagingEach', async (t) => {
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push((await destination(t, { name: `list ${i}`, webhook_endpoint: { url: `https://example.com/l${i}` } })).id);

  const page = await stripe.v2.core.eventDestinations.list({ limit: 2 });
  assert.equal(page.data.length, 2);
  assert.equal(typeof page.next_page_url, 'string');
  assert.match(page.next_page_url, /^\/v2\/core\/event_destinations\?/);
  assert.ok('previous_page_url' in page);
  assert.equal(page.object, undefined, 'no v1 list object');
  assert.equal(page.has_more, undefined, 'no v1 has_more');
  for (const d of page.data) assert.equal(d.object, 'v2.core.event_destination');

  // Follow next_page_url by hand once.
  const res = await server.request({ path: page.next_page_url, headers: bearer(server.secretKey) });
  assert.equal(res.status, 200, res.text);
  assert.ok(!res.json.data.some((d) => page.data.some((p) => p.id === d.id)), 'pages do not overlap');

  const seen = [];
  await stripe.v2.core.eventDestinations.list({ limit: 2 }).autoPagingEach((d) => { seen.push(d.id); });
  assert.equal(new Set(seen).size, seen.length, 'no destination is visited twice');
  for (const id of ids) assert.ok(seen.includes(id), `${id} was not visited`);

  const all = await stripe.v2.core.eventDestinations.list({ limit: 20 });
  assert.equal(all.next_page_url, null);
});

test('validation and v2 error shape: missing destination, unknown event type, bad url', async () => {
  await rejectsV2(stripe.v2.core.eventDestinations.retrieve('ed_doesnotexist'),
    { status: 404, code: 'not_found', message: /ed_doesnotexist/ });
  for (const op of ['enable', 'disable', 'ping']) {
    await rejectsV2(stripe.v2.core.eventDestinations[op]('ed_doesnotexist'), { status: 404, code: 'not_found' });
  }
  await rejectsV2(stripe.v2.core.eventDestinations.update('ed_doesnotexist', { name: 'x' }), { status: 404, code: 'not_found' });
  await rejectsV2(stripe.v2.core.eventDestinations.del('ed_doesnotexist'), { status: 404, code: 'not_found' });

  // The raw body is the v2 error shape.
  const res = await server.request({ path: '/v2/core/event_destinations/ed_doesnotexist', headers: bearer(server.secretKey) });
  assert.equal(res.status, 404);
  assert.deepEqual(Object.keys(res.json), ['error']);
  assert.equal(res.json.error.code, 'not_found');
  assert.equal(typeof res.json.error.type, 'string');
  assert.equal(typeof res.json.error.message, 'string');

  const bad = (params) => stripe.v2.core.eventDestinations.create({
    name: 'bad', type: 'webhook_endpoint', event_payload: 'thin', enabled_events: [PING],
    webhook_endpoint: { url: 'https://example.com/bad' }, ...params,
  });
  await assert.rejects(bad({ enabled_events: [PING, 'v2.core.nothing_here'] }), (err) => {
    assert.equal(err.statusCode, 400);
    assert.match(err.message, /v2\.core\.nothing_here/);
    return true;
  });
  await assert.rejects(bad({ webhook_endpoint: { url: 'ftp://example.com/x' } }), (err) => err.statusCode === 400);
  await assert.rejects(bad({ event_payload: 'fat' }), (err) => err.statusCode === 400);
  await assert.rejects(bad({ name: undefined }), (err) => err.statusCode === 400);
});

test('ping: a thin event delivered to the destination, verified by parseEventNotification; GET /v2/core/events/:id matches it', async (t) => {
  const rx = await receiver(t);
  const d = await destination(t, { webhook_endpoint: { url: rx.url } });
  const secret = d.webhook_endpoint.signing_secret;

  const idempotencyKey = `ping-${d.id}`;
  const pinged = await stripe.v2.core.eventDestinations.ping(d.id, {}, { idempotencyKey });
  assert.match(pinged.id, /^evt_[A-Za-z0-9]+$/);
  assert.equal(pinged.object, 'v2.core.event');
  assert.equal(pinged.type, PING);

  const req = await rx.waitFor((r) => r.json?.id === pinged.id);
  assert.equal(req.method, 'POST');
  assert.match(req.headers['content-type'], /^application\/json/);
  assert.match(req.headers['stripe-signature'], /^t=\d+,v1=[0-9a-f]{64}/);

  const note = stripe.parseEventNotification(req.rawBody, req.headers['stripe-signature'], secret);
  assert.equal(note.id, pinged.id);
  assert.equal(note.object, 'v2.core.event');
  assert.equal(note.type, PING);
  assert.match(note.created, RFC3339);
  assert.ok(Math.abs(Date.parse(note.created) - Date.now()) < 60000, 'created is current');
  assert.equal(note.livemode, false);
  assert.deepEqual(note.related_object,
    { id: d.id, type: 'v2.core.event_destination', url: `/v2/core/event_destinations/${d.id}` });
  assert.equal(note.reason?.type, 'request');
  assert.deepEqual(note.reason.request, { id: pinged.lastResponse.requestId, idempotency_key: idempotencyKey });

  // A wrong secret, or a v1 verifier, rejects it.
  assert.throws(() => stripe.parseEventNotification(req.rawBody, req.headers['stripe-signature'], 'whsec_wrongwrongwrongwrongwrongwrong'),
    Stripe.errors.StripeSignatureVerificationError);
  assert.throws(() => stripe.webhooks.constructEvent(req.rawBody, req.headers['stripe-signature'], secret),
    /v2|thin/i, 'constructEvent refuses a thin event');

  // The delivered payload is what GET /v2/core/events/:id returns.
  const fetched = await stripe.v2.core.events.retrieve(pinged.id);
  const { fetchRelatedObject, ...fetchedFields } = fields(fetched);
  assert.deepEqual(fetchedFields, req.json);
  assert.deepEqual(fields(pinged), req.json, 'the ping response is the event');
  const viaNote = await note.fetchEvent();
  assert.equal(viaNote.id, pinged.id);
  assert.equal(viaNote.type, PING);
  const related = await note.fetchRelatedObject();
  assert.equal(related.id, d.id);
  assert.equal(related.object, 'v2.core.event_destination');

  // Listing: by object_id and by type.
  const byObject = await stripe.v2.core.events.list({ object_id: d.id });
  assert.deepEqual(byObject.data.map((e) => e.id), [pinged.id]);
  assert.ok('next_page_url' in byObject);
  const byType = await stripe.v2.core.events.list({ types: [PING], limit: 20 });
  assert.ok(byType.data.some((e) => e.id === pinged.id));
  for (const e of byType.data) assert.equal(e.type, PING);
  assert.deepEqual((await stripe.v2.core.events.list({ object_id: 'ed_other' })).data, []);
  const none = await stripe.v2.core.events.list({ object_id: d.id, types: ['v1.billing.meter.no_meter_found'] });
  assert.deepEqual(none.data, []);

  await rejectsV2(stripe.v2.core.events.retrieve('evt_doesnotexist'), { status: 404, code: 'not_found' });
});

test('GET /v2/core/events: created[gt|gte|lt|lte] filters with RFC 3339 times, to the millisecond', async (t) => {
  const d = await destination(t, { webhook_endpoint: { url: 'http://127.0.0.1:9/unused' } });
  await stripe.v2.core.eventDestinations.disable(d.id);
  const pinged = await stripe.v2.core.eventDestinations.ping(d.id);
  const at = Date.parse(pinged.created);
  const iso = (ms) => new Date(ms).toISOString();
  const ids = async (created) =>
    (await stripe.v2.core.events.list({ object_id: d.id, created })).data.map((e) => e.id);

  assert.deepEqual(await ids({ gte: pinged.created }), [pinged.id], 'gte its own time');
  assert.deepEqual(await ids({ lte: pinged.created }), [pinged.id], 'lte its own time');
  assert.deepEqual(await ids({ gt: iso(at - 1) }), [pinged.id], 'gt 1 ms before');
  assert.deepEqual(await ids({ lt: iso(at + 1) }), [pinged.id], 'lt 1 ms after');
  assert.deepEqual(await ids({ gt: pinged.created }), [], 'gt its own time');
  assert.deepEqual(await ids({ lt: pinged.created }), [], 'lt its own time');
  assert.deepEqual(await ids({ gte: iso(at + 1) }), [], 'gte 1 ms after');
  assert.deepEqual(await ids({ lte: iso(at - 1) }), [], 'lte 1 ms before');
  assert.deepEqual(await ids({ gte: iso(at - 60000), lt: iso(at + 60000) }), [pinged.id]);

  await assert.rejects(stripe.v2.core.events.list({ created: { gte: 'yesterday' } }), (err) => err.statusCode === 400);
});

test('ping to a failing thin destination is retried with the same event', async (t) => {
  const rx = await receiver(t, { statuses: [500] });
  const d = await destination(t, { webhook_endpoint: { url: rx.url } });
  const pinged = await stripe.v2.core.eventDestinations.ping(d.id);
  const second = await rx.nth(2);
  assert.equal(rx.requests[0].status, 500);
  assert.equal(second.status, 200);
  for (const r of rx.requests.slice(0, 2)) {
    const note = stripe.parseEventNotification(r.rawBody, r.headers['stripe-signature'], d.webhook_endpoint.signing_secret);
    assert.equal(note.id, pinged.id);
  }
});

test('a snapshot destination receives v1 events signed with its secret; disabled it receives nothing', async (t) => {
  const rx = await receiver(t);
  const witness = await receiver(t);
  const d = await destination(t, {
    event_payload: 'snapshot', enabled_events: ['customer.created'], webhook_endpoint: { url: rx.url },
  });
  assert.equal(typeof d.snapshot_api_version, 'string');
  const we = await stripe.webhookEndpoints.create({ url: witness.url, enabled_events: ['customer.created'] });
  t.after(() => stripe.webhookEndpoints.del(we.id).catch(() => {}));

  const c = await stripe.customers.create({ name: 'snapshot' });
  const req = await rx.waitFor((r) => r.json?.data?.object?.id === c.id);
  const evt = stripe.webhooks.constructEvent(req.rawBody, req.headers['stripe-signature'], d.webhook_endpoint.signing_secret);
  assert.equal(evt.object, 'event');
  assert.equal(evt.type, 'customer.created');
  assert.equal(evt.data.object.name, 'snapshot');
  await witness.waitFor((r) => r.json?.id === evt.id);

  await stripe.v2.core.eventDestinations.disable(d.id);
  const c2 = await stripe.customers.create({ name: 'while disabled' });
  const w2 = await witness.waitFor((r) => r.json?.data?.object?.id === c2.id);
  await eventually(async () => (await stripe.events.retrieve(w2.json.id)).pending_webhooks === 0,
    { message: 'the witness delivery settling' });

  await stripe.v2.core.eventDestinations.enable(d.id);
  const c3 = await stripe.customers.create({ name: 'enabled again' });
  await rx.waitFor((r) => r.json?.data?.object?.id === c3.id);
  assert.deepEqual(rx.requests.map((r) => r.json.data.object.id), [c.id, c3.id],
    'nothing arrived while it was disabled');
});

test('a thin destination gets no v1 snapshot events; a deleted destination gets no pings', async (t) => {
  const rx = await receiver(t);
  const d = await destination(t, { webhook_endpoint: { url: rx.url } });
  const witness = await receiver(t);
  const we = await stripe.webhookEndpoints.create({ url: witness.url, enabled_events: ['*'] });
  t.after(() => stripe.webhookEndpoints.del(we.id).catch(() => {}));

  const c = await stripe.customers.create({ name: 'not for thin' });
  const w = await witness.waitFor((r) => r.json?.data?.object?.id === c.id);
  await eventually(async () => (await stripe.events.retrieve(w.json.id)).pending_webhooks === 0);
  const p = await stripe.v2.core.eventDestinations.ping(d.id);
  await rx.waitFor((r) => r.json?.id === p.id);
  assert.deepEqual(rx.requests.map((r) => r.json.object), ['v2.core.event'], 'only the ping arrived');

  await stripe.v2.core.eventDestinations.del(d.id);
  await rejectsV2(stripe.v2.core.eventDestinations.ping(d.id), { status: 404, code: 'not_found' });
});
