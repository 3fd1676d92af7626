// Events through stripe-node: the event each customer change appends (data.object,
// previous_attributes, request), GET /v1/events/:id, list filters and pagination, and
// POST /v1/events/:id/retry re-delivering to webhook endpoints.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { eventually, form, startServer } from './harness.mjs';
import { startReceiver } from './receiver.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer({ args: ['--webhook-retry-schedule', '200ms,300ms'] });
  stripe = server.stripe();
});
after(() => server?.stop());

const withoutLastResponse = ({ lastResponse, ...rest }) => rest;

// Every listed event (all pages) matching `params`.
async function listAll(params = {}) {
  const out = [];
  await stripe.events.list({ limit: 100, ...params }).autoPagingEach((e) => { out.push(e); });
  return out;
}

// The events about one object, newest first.
const eventsAbout = async (objectId, params = {}) =>
  (await listAll(params)).filter((e) => e.data.object.id === objectId);

async function receiver(t, opts) {
  const r = await startReceiver(opts);
  t.after(() => r.close());
  return r;
}

async function endpoint(t, params) {
  const we = await stripe.webhookEndpoints.create({ enabled_events: ['*'], ...params });
  t.after(() => stripe.webhookEndpoints.del(we.id).catch(() => {}));
  return we;
}

const rejectsWith = (promise, { status, ...fields }) => assert.rejects(promise, (err) => {
  assert.equal(err.type, 'StripeInvalidRequestError', err.message);
  assert.equal(err.statusCode, status, err.message);
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof RegExp) assert.match(err[k], v, k);
    else assert.equal(err[k], v, k);
  }
  return true;
});

test('customer.created: data.object is the created customer; request id and idempotency key are recorded', async () => {
  const idempotencyKey = randomUUID();
  const before = Math.floor(Date.now() / 1000);
  const c = await stripe.customers.create(
    { email: `${randomUUID()}@example.com`, name: 'Ada', metadata: { plan: 'pro' } }, { idempotencyKey });
  const [evt, ...more] = await eventsAbout(c.id, { type: 'customer.created' });
  assert.ok(evt, 'a customer.created event is listed');
  assert.equal(more.length, 0, 'exactly one');

  assert.match(evt.id, /^evt_[A-Za-z0-9]+$/);
  assert.equal(evt.object, 'event');
  assert.equal(evt.type, 'customer.created');
  assert.equal(evt.livemode, false);
  assert.equal(typeof evt.api_version, 'string');
  assert.ok(evt.created >= before && evt.created <= Math.floor(Date.now() / 1000) + 1, `created ${evt.created}`);
  assert.equal(evt.pending_webhooks, 0, 'no endpoints: nothing pending');
  assert.deepEqual(evt.data.object, withoutLastResponse(c));
  assert.ok(!('previous_attributes' in evt.data), 'no previous_attributes on *.created');
  assert.deepEqual(evt.request, { id: c.lastResponse.requestId, idempotency_key: idempotencyKey });

  const fetched = await stripe.events.retrieve(evt.id);
  assert.deepEqual(withoutLastResponse(fetched), withoutLastResponse(evt));

  // A replay of the same idempotent request appends no second event.
  const replay = await stripe.customers.create(
    { email: c.email, name: 'Ada', metadata: { plan: 'pro' } }, { idempotencyKey });
  assert.equal(replay.id, c.id);
  assert.equal((await eventsAbout(c.id, { type: 'customer.created' })).length, 1);
});

test('customer.updated: previous_attributes holds the old values of exactly the changed fields', async () => {
  const c = await stripe.customers.create(
    { email: 'old@example.com', name: 'Old', business_name: 'Acme', metadata: { keep: 'k' } });

  const u1 = await stripe.customers.update(c.id, { name: 'New', metadata: { a: '1' } });
  let updates = await eventsAbout(c.id, { type: 'customer.updated' });
  assert.equal(updates.length, 1);
  assert.deepEqual(updates[0].data.object, withoutLastResponse(u1), 'data.object is the customer after the change');
  assert.deepEqual(updates[0].data.previous_attributes, { name: 'Old', metadata: { a: null } });
  assert.equal(updates[0].request.id, u1.lastResponse.requestId);

  // Unsetting a metadata key, clearing a field and changing another.
  const u2 = await stripe.customers.update(c.id,
    { metadata: { a: '' }, business_name: '', email: 'new@example.com', phone: '+4930123' });
  updates = await eventsAbout(c.id, { type: 'customer.updated' });
  assert.equal(updates.length, 2);
  assert.equal(updates[0].id !== updates[1].id, true);
  const latest = updates[0];
  assert.deepEqual(latest.data.object, withoutLastResponse(u2));
  assert.deepEqual(latest.data.previous_attributes,
    { email: 'old@example.com', business_name: 'Acme', phone: null, metadata: { a: '1' } });
  assert.equal(latest.data.object.business_name ?? null, null, 'business_name is unset');

  // An update that changes nothing appends no event.
  await stripe.customers.update(c.id, { name: 'New' });
  assert.equal((await eventsAbout(c.id, { type: 'customer.updated' })).length, 2);
});

test('customer.deleted: data.object is the customer as it was when deleted', async () => {
  const c = await stripe.customers.create({ name: 'Doomed', metadata: { x: 'y' } });
  const u = await stripe.customers.update(c.id, { description: 'last words' });
  await stripe.customers.del(c.id);
  const [evt] = await eventsAbout(c.id, { type: 'customer.deleted' });
  assert.ok(evt, 'a customer.deleted event is listed');
  assert.equal(evt.data.object.object, 'customer');
  assert.equal(evt.data.object.description, 'last words');
  assert.deepEqual(evt.data.object, withoutLastResponse(u));
  assert.ok(!('previous_attributes' in evt.data));

  // All three events about the customer, newest first.
  assert.deepEqual((await eventsAbout(c.id)).map((e) => e.type),
    ['customer.deleted', 'customer.updated', 'customer.created']);
});

test('retrieve: an unknown event is 404 resource_missing with param id', async () => {
  await rejectsWith(stripe.events.retrieve('evt_doesnotexist'),
    { status: 404, code: 'resource_missing', param: 'id', message: /evt_doesnotexist/ });
});

test('list filters: type, types[], wildcard, created ranges; type with types[] is rejected', async () => {
  const c = await stripe.customers.create({ name: 'filters' });
  await stripe.customers.update(c.id, { name: 'filtered' });
  await stripe.customers.del(c.id);
  const mine = (events) => events.filter((e) => e.data.object.id === c.id).map((e) => e.type);

  assert.deepEqual(mine(await listAll({ type: 'customer.updated' })), ['customer.updated']);
  for (const e of await listAll({ type: 'customer.updated' })) assert.equal(e.type, 'customer.updated');

  const two = await listAll({ types: ['customer.created', 'customer.deleted'] });
  assert.deepEqual(mine(two), ['customer.deleted', 'customer.created']);
  for (const e of two) assert.ok(['customer.created', 'customer.deleted'].includes(e.type), e.type);

  const wild = await listAll({ type: 'customer.*' });
  assert.deepEqual(mine(wild), ['customer.deleted', 'customer.updated', 'customer.created']);
  for (const e of wild) assert.match(e.type, /^customer\./);
  assert.deepEqual(mine(await listAll({ type: 'charge.*' })), []);
  assert.deepEqual(mine(await listAll({ type: 'customer.source.created' })), []);

  const created = (await stripe.events.list({ type: 'customer.created', limit: 100 }))
    .data.find((e) => e.data.object.id === c.id).created;
  assert.equal(mine(await listAll({ created })).length, 3, 'created equal to a timestamp');
  assert.ok(mine(await listAll({ created: { gte: created, lte: created + 5 } })).length >= 1);
  assert.deepEqual(mine(await listAll({ created: { gt: created + 5 } })), []);
  assert.deepEqual(mine(await listAll({ created: { lt: created } })), []);
  for (const e of await listAll({ created: { gte: created } })) assert.ok(e.created >= created);
  for (const e of await listAll({ created: { lte: created } })) assert.ok(e.created <= created);

  // Wildcards page like any list: full pages of matches, has_more only when more match.
  const wildPage = await stripe.events.list({ type: 'customer.*', limit: 2 });
  assert.equal(wildPage.data.length, 2);
  assert.equal(wildPage.has_more, true);
  const wildPaged = [];
  await stripe.events.list({ type: 'customer.*', limit: 1 }).autoPagingEach((e) => { wildPaged.push(e.id); });
  assert.deepEqual(wildPaged, wild.map((e) => e.id), 'limit=1 pages visit the same events in the same order');
  const lastPage = await stripe.events.list({ type: 'customer.*', limit: 100, starting_after: wild[wild.length - 2].id });
  assert.deepEqual(lastPage.data.map((e) => e.id), [wild[wild.length - 1].id]);
  assert.equal(lastPage.has_more, false);

  await rejectsWith(stripe.events.list({ type: 'customer.created', types: ['customer.updated'] }),
    { status: 400 });
  await rejectsWith(stripe.events.list({ types: Array.from({ length: 21 }, () => 'customer.created') }),
    { status: 400, param: 'types' });
});

test('list paginates newest first: limit, has_more, starting_after, ending_before, autoPagingEach', async () => {
  const tag = randomUUID();
  const ids = [];
  for (let i = 0; i < 7; i++) ids.push((await stripe.customers.create({ name: `page ${i}`, metadata: { tag } })).id);
  // The customers' customer.created events, newest first.
  const all = (await listAll({ type: 'customer.created' })).filter((e) => e.data.object.metadata.tag === tag);
  assert.deepEqual(all.map((e) => e.data.object.id), [...ids].reverse(), 'reverse creation order');

  const first = await stripe.events.list({ limit: 3 });
  assert.equal(first.object, 'list');
  assert.equal(first.url, '/v1/events');
  assert.equal(first.data.length, 3);
  assert.equal(first.has_more, true);
  const second = await stripe.events.list({ limit: 3, starting_after: first.data[2].id });
  assert.equal(second.data.length, 3);
  assert.ok(!second.data.some((e) => first.data.some((f) => f.id === e.id)), 'pages do not overlap');
  assert.ok(first.data[2].created >= second.data[0].created);
  const back = await stripe.events.list({ limit: 3, ending_before: second.data[0].id });
  assert.deepEqual(back.data.map((e) => e.id), first.data.map((e) => e.id));

  const seen = [];
  await stripe.events.list({ limit: 2 }).autoPagingEach((e) => { seen.push(e); });
  assert.equal(new Set(seen.map((e) => e.id)).size, seen.length, 'no event is visited twice');
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1].created >= seen[i].created, 'newest first');
  for (const e of all) assert.ok(seen.some((s) => s.id === e.id), `${e.id} was not visited`);

  // Filters combine with pagination.
  const typed = [];
  await stripe.events.list({ type: 'customer.created', limit: 2 }).autoPagingEach((e) => { typed.push(e); });
  assert.ok(typed.every((e) => e.type === 'customer.created'));
  for (const e of all) assert.ok(typed.some((s) => s.id === e.id));

  await rejectsWith(stripe.events.list({ limit: 0 }), { status: 400, param: 'limit' });
  await rejectsWith(stripe.events.list({ limit: 101 }), { status: 400, param: 'limit' });
});

test('delivery_success filter: pending vs delivered events', async (t) => {
  const good = await receiver(t);
  const bad = await receiver(t, { fallback: 500 });
  const weGood = await endpoint(t, { url: good.url, enabled_events: ['customer.created'] });

  const ok = await stripe.customers.create({ name: 'delivered' });
  const okEvt = (await good.waitFor((r) => r.json?.data?.object?.id === ok.id)).json;
  await eventually(async () => (await stripe.events.retrieve(okEvt.id)).pending_webhooks === 0,
    { message: 'delivered event settling' });

  // While a second endpoint always fails, a new event stays pending.
  await endpoint(t, { url: bad.url, enabled_events: ['customer.created'] });
  const ko = await stripe.customers.create({ name: 'pending' });
  const koEvt = (await bad.waitFor((r) => r.json?.data?.object?.id === ko.id)).json;
  await good.waitFor((r) => r.json?.id === koEvt.id);
  await eventually(async () => (await stripe.events.retrieve(koEvt.id)).pending_webhooks === 1,
    { message: 'the good endpoint settling' });

  const ids = async (delivery_success) => (await listAll({ delivery_success, type: 'customer.created' })).map((e) => e.id);
  const succeeded = await ids(true);
  const failing = await ids(false);
  assert.ok(succeeded.includes(okEvt.id));
  assert.ok(!failing.includes(okEvt.id));
  assert.ok(failing.includes(koEvt.id));
  assert.ok(!succeeded.includes(koEvt.id));
  // Combined with the other filters, and without them.
  assert.ok((await listAll({ delivery_success: false })).some((e) => e.id === koEvt.id));
  assert.ok(!(await listAll({ delivery_success: true })).some((e) => e.id === koEvt.id));
  const typesFalse = await listAll({ delivery_success: false, types: ['customer.created', 'customer.updated'] });
  assert.ok(typesFalse.some((e) => e.id === koEvt.id));
  assert.ok(!typesFalse.some((e) => e.id === okEvt.id));
  const wildTrue = await listAll({ delivery_success: true, type: 'customer.*' });
  assert.ok(wildTrue.some((e) => e.id === okEvt.id));
  assert.ok(!wildTrue.some((e) => e.id === koEvt.id));
  for (const e of wildTrue) assert.equal(e.pending_webhooks, 0);
  for (const e of typesFalse) assert.ok(e.pending_webhooks > 0);
  assert.ok(weGood.id);
});

test('POST /v1/events/:id/retry re-delivers to every matching endpoint, or to the one named', async (t) => {
  const a = await receiver(t);
  const b = await receiver(t);
  const weA = await endpoint(t, { url: a.url, enabled_events: ['customer.created'] });
  const c = await stripe.customers.create({ name: 'resend me' });
  const first = await a.waitFor((r) => r.json?.data?.object?.id === c.id);
  const id = first.json.id;
  await eventually(async () => (await stripe.events.retrieve(id)).pending_webhooks === 0);

  // An endpoint added later gets the event only through a retry.
  const weB = await endpoint(t, { url: b.url, enabled_events: ['*'] });

  const retried = await stripe.rawRequest('POST', `/v1/events/${id}/retry`, { webhook_endpoint: weB.id });
  assert.equal(retried.id, id);
  assert.equal(retried.object, 'event');
  const toB = await b.waitFor((r) => r.json?.id === id);
  const evt = stripe.webhooks.constructEvent(toB.rawBody, toB.headers['stripe-signature'], weB.secret);
  assert.equal(evt.data.object.id, c.id);
  assert.equal(a.deliveriesOf(id).length, 1, 'only the named endpoint got it');

  // Without webhook_endpoint: every enabled endpoint the event type matches.
  await stripe.rawRequest('POST', `/v1/events/${id}/retry`, {});
  const again = await a.waitFor((r) => r.json?.id === id && r.index > first.index);
  stripe.webhooks.constructEvent(again.rawBody, again.headers['stripe-signature'], weA.secret);
  await b.waitFor((r) => r.json?.id === id && r.index > toB.index);
  await eventually(async () => (await stripe.events.retrieve(id)).pending_webhooks === 0,
    { message: 'retried deliveries settling' });

  // Errors: unknown event (404), unknown endpoint named in a parameter (400, as Stripe does for
  // a missing object referenced by a parameter).
  const res = await server.request({
    method: 'POST', path: '/v1/events/evt_doesnotexist/retry', headers: form(server.secretKey), body: '',
  });
  assert.equal(res.status, 404);
  assert.equal(res.json.error.param, 'id');
  await rejectsWith(stripe.rawRequest('POST', `/v1/events/${id}/retry`, { webhook_endpoint: 'we_doesnotexist' }),
    { status: 400, code: 'resource_missing', param: 'webhook_endpoint', message: /we_doesnotexist/ });
});
