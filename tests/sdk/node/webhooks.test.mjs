// Webhook endpoints and signed deliveries through stripe-node: endpoint CRUD and validation,
// Stripe-Signature verified by stripe.webhooks.constructEvent, retries on a shortened schedule,
// delivery across a restart, enabled_events filtering, disabled and deleted endpoints.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import Stripe from 'stripe';
import { eventually, startServer } from './harness.mjs';
import { startReceiver } from './receiver.mjs';

// Retries 200 ms and 300 ms after the 1st and 2nd failures: at most 3 attempts.
const SCHEDULE = ['--webhook-retry-schedule', '200ms,300ms'];

let server;
let stripe;
before(async () => {
  server = await startServer({ args: SCHEDULE });
  stripe = server.stripe();
});
after(() => server?.stop());

// A receiver closed when the test ends.
async function receiver(t, opts) {
  const r = await startReceiver(opts);
  t.after(() => r.close());
  return r;
}

// A webhook endpoint deleted when the test ends, so later tests' events do not reach it.
async function endpoint(t, params, client = stripe) {
  const we = await client.webhookEndpoints.create({ enabled_events: ['*'], ...params });
  t.after(() => client.webhookEndpoints.del(we.id).catch(() => {}));
  return we;
}

// Waits until no delivery of the event is pending any more (every enqueued delivery settled).
const settled = (eventId, client = stripe) => eventually(
  async () => (await client.events.retrieve(eventId)).pending_webhooks === 0,
  { message: `pending_webhooks of ${eventId} reaching 0` });

const sigHeader = (req) => req.headers['stripe-signature'];
const verify = (req, secret) => stripe.webhooks.constructEvent(req.rawBody, sigHeader(req), secret);

const rejectsWith = (promise, { status, ...fields }) => assert.rejects(promise, (err) => {
  assert.equal(err.type, 'StripeInvalidRequestError', err.message);
  assert.equal(err.statusCode, status, err.message);
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof RegExp) assert.match(err[k], v, k);
    else assert.equal(err[k], v, k);
  }
  return true;
});

test('webhook endpoint CRUD: the secret is returned on create only; list, update, delete', async (t) => {
  const created = await endpoint(t, {
    url: 'https://example.com/hooks',
    enabled_events: ['customer.created', 'customer.updated'],
    description: 'orders',
    metadata: { team: 'payments' },
    api_version: '2020-08-27',
  });
  assert.match(created.id, /^we_[A-Za-z0-9]+$/);
  assert.equal(created.object, 'webhook_endpoint');
  assert.equal(created.url, 'https://example.com/hooks');
  assert.deepEqual(created.enabled_events, ['customer.created', 'customer.updated']);
  assert.equal(created.description, 'orders');
  assert.deepEqual(created.metadata, { team: 'payments' });
  assert.equal(created.api_version, '2020-08-27');
  assert.equal(created.status, 'enabled');
  assert.equal(created.livemode, false);
  assert.equal(typeof created.created, 'number');
  assert.match(created.secret, /^whsec_[A-Za-z0-9]{24,}$/);

  const fetched = await stripe.webhookEndpoints.retrieve(created.id);
  assert.equal(fetched.secret, undefined, 'retrieve does not return the secret');
  const { secret: _, lastResponse: __, ...withoutSecret } = created;
  const { lastResponse: ___, ...fetchedFields } = fetched;
  assert.deepEqual(fetchedFields, withoutSecret);

  const listed = await stripe.webhookEndpoints.list({ limit: 100 });
  assert.equal(listed.object, 'list');
  assert.equal(listed.url, '/v1/webhook_endpoints');
  const item = listed.data.find((w) => w.id === created.id);
  assert.ok(item, 'the endpoint is listed');
  for (const w of listed.data) assert.equal(w.secret, undefined, `list shows no secret (${w.id})`);

  const updated = await stripe.webhookEndpoints.update(created.id, {
    url: 'http://example.com/other',
    enabled_events: ['*'],
    description: 'everything',
    metadata: { region: 'eu' },
  });
  assert.equal(updated.url, 'http://example.com/other');
  assert.deepEqual(updated.enabled_events, ['*']);
  assert.equal(updated.description, 'everything');
  assert.deepEqual(updated.metadata, { team: 'payments', region: 'eu' }, 'metadata merges');
  assert.equal(updated.secret, undefined, 'update does not return the secret');

  const disabled = await stripe.webhookEndpoints.update(created.id, { disabled: true });
  assert.equal(disabled.status, 'disabled');
  assert.equal((await stripe.webhookEndpoints.retrieve(created.id)).status, 'disabled');
  assert.equal((await stripe.webhookEndpoints.update(created.id, { disabled: false })).status, 'enabled');

  const deleted = await stripe.webhookEndpoints.del(created.id);
  assert.deepEqual({ ...deleted }, { id: created.id, object: 'webhook_endpoint', deleted: true });
  await rejectsWith(stripe.webhookEndpoints.retrieve(created.id),
    { status: 404, code: 'resource_missing', param: 'id' });
  assert.ok(!(await stripe.webhookEndpoints.list({ limit: 100 })).data.some((w) => w.id === created.id));
});

test('list paginates webhook endpoints', async (t) => {
  const ids = new Set();
  for (let i = 0; i < 5; i++) ids.add((await endpoint(t, { url: `https://example.com/${i}` })).id);
  const first = await stripe.webhookEndpoints.list({ limit: 2 });
  assert.equal(first.data.length, 2);
  assert.equal(first.has_more, true);
  const seen = [];
  await stripe.webhookEndpoints.list({ limit: 2 }).autoPagingEach((w) => { seen.push(w.id); });
  assert.equal(new Set(seen).size, seen.length, 'no endpoint is visited twice');
  for (const id of ids) assert.ok(seen.includes(id), `${id} was not visited`);
});

test('validation: unknown enabled_events type → 400 naming it; bad or missing url; missing enabled_events', async (t) => {
  await rejectsWith(stripe.webhookEndpoints.create({
    url: 'https://example.com/x', enabled_events: ['customer.created', 'customer.exploded'],
  }), { status: 400, param: 'enabled_events[1]', message: /customer\.exploded/ });

  for (const url of ['ftp://example.com/x', 'example.com/hooks', 'http://', 'not a url']) {
    await rejectsWith(stripe.webhookEndpoints.create({ url, enabled_events: ['*'] }),
      { status: 400, param: 'url' });
  }
  await rejectsWith(stripe.webhookEndpoints.create({ enabled_events: ['*'] }), { status: 400, param: 'url' });
  await rejectsWith(stripe.webhookEndpoints.create({ url: 'https://example.com/x' }),
    { status: 400, param: 'enabled_events' });

  const we = await endpoint(t, { url: 'https://example.com/x', enabled_events: ['customer.created'] });
  await rejectsWith(stripe.webhookEndpoints.update(we.id, { enabled_events: ['nope.nothing'] }),
    { status: 400, param: 'enabled_events[0]', message: /nope\.nothing/ });
  await rejectsWith(stripe.webhookEndpoints.update(we.id, { url: 'mailto:a@example.com' }),
    { status: 400, param: 'url' });
  assert.deepEqual((await stripe.webhookEndpoints.retrieve(we.id)).enabled_events, ['customer.created'],
    'a rejected update changes nothing');
  await rejectsWith(stripe.webhookEndpoints.retrieve('we_doesnotexist'),
    { status: 404, code: 'resource_missing', param: 'id' });
});

test('a delivery is a signed JSON POST that constructEvent verifies with the endpoint secret, and only with it', async (t) => {
  const rx = await receiver(t);
  const other = await receiver(t);
  const we = await endpoint(t, { url: rx.url, enabled_events: ['customer.created'] });
  const we2 = await endpoint(t, { url: other.url, enabled_events: ['customer.created'] });
  assert.notEqual(we.secret, we2.secret, 'each endpoint has its own secret');

  const idempotencyKey = randomUUID();
  const customer = await stripe.customers.create(
    { email: `${randomUUID()}@example.com`, metadata: { order: '7' } }, { idempotencyKey });
  const req = await rx.waitFor((r) => r.json?.data?.object?.id === customer.id);

  assert.equal(req.method, 'POST');
  assert.equal(req.path, '/webhook');
  assert.match(req.headers['content-type'], /^application\/json/);
  assert.match(req.headers['user-agent'], /^Stripe\/1\.0 \(\+https:\/\/stripe\.com\/docs\/webhooks\)$/);
  assert.match(sigHeader(req), /^t=\d+,v1=[0-9a-f]{64}(,v[01]=[0-9a-f]{64})*$/);
  const t0 = Number(sigHeader(req).match(/^t=(\d+)/)[1]);
  assert.ok(Math.abs(t0 - Date.now() / 1000) < 60, `timestamp ${t0} is current`);

  const event = verify(req, we.secret);
  assert.match(event.id, /^evt_[A-Za-z0-9]+$/);
  assert.equal(event.object, 'event');
  assert.equal(event.type, 'customer.created');
  assert.equal(event.livemode, false);
  assert.equal(typeof event.api_version, 'string');
  assert.equal(typeof event.created, 'number');
  assert.equal(typeof event.pending_webhooks, 'number');
  const { lastResponse, ...customerFields } = customer;
  assert.deepEqual(event.data.object, customerFields, 'data.object is the customer as created');
  assert.equal(event.data.previous_attributes, undefined);
  assert.deepEqual(event.request, { id: lastResponse.requestId, idempotency_key: idempotencyKey });

  // The same event, as the API returns it.
  const fetched = await stripe.events.retrieve(event.id);
  assert.deepEqual(fetched.data, event.data);
  assert.equal(fetched.type, event.type);

  // The other endpoint got the same event signed with its own secret.
  const req2 = await other.waitFor((r) => r.json?.id === event.id);
  assert.equal(verify(req2, we2.secret).id, event.id);
  assert.throws(() => verify(req2, we.secret), Stripe.errors.StripeSignatureVerificationError,
    "another endpoint's secret does not verify");

  // A wrong secret or a changed body fails verification.
  assert.throws(() => verify(req, 'whsec_wrongwrongwrongwrongwrongwrong'),
    Stripe.errors.StripeSignatureVerificationError);
  const tampered = Buffer.from(req.text.replace('"order":"7"', '"order":"8"'));
  assert.notDeepEqual(tampered, req.rawBody);
  assert.throws(() => stripe.webhooks.constructEvent(tampered, sigHeader(req), we.secret),
    Stripe.errors.StripeSignatureVerificationError);
});

test('customer.updated and customer.deleted deliveries carry previous_attributes and the last object', async (t) => {
  const rx = await receiver(t);
  const we = await endpoint(t, { url: rx.url, enabled_events: ['customer.updated', 'customer.deleted'] });
  const c = await stripe.customers.create({ name: 'Old', metadata: { keep: 'k' } });
  const u = await stripe.customers.update(c.id, { name: 'New', metadata: { a: '1' } });

  const upd = verify(await rx.waitForEvent('customer.updated'), we.secret);
  assert.equal(upd.data.object.id, c.id);
  const { lastResponse: _, ...updFields } = u;
  assert.deepEqual(upd.data.object, updFields);
  assert.deepEqual(upd.data.previous_attributes, { name: 'Old', metadata: { a: null } });

  await stripe.customers.del(c.id);
  const del = verify(await rx.waitForEvent('customer.deleted'), we.secret);
  assert.equal(del.data.object.id, c.id);
  assert.equal(del.data.object.object, 'customer');
  assert.equal(del.data.object.name, 'New');
  assert.ok(!rx.requests.some((r) => r.json?.type === 'customer.created'), 'customer.created was not enabled');
});

test('a receiver answering 500 twice then 200 gets the same event on the 3rd attempt; then it is delivered', async (t) => {
  const rx = await receiver(t, { statuses: [500, 500] });
  const we = await endpoint(t, { url: rx.url, enabled_events: ['customer.created'] });
  const c = await stripe.customers.create({ name: 'retry me' });

  const third = await rx.nth(3);
  const attempts = rx.requests.slice(0, 3);
  assert.deepEqual(attempts.map((r) => r.status), [500, 500, 200]);
  const events = attempts.map((r) => verify(r, we.secret));
  assert.equal(events[0].data.object.id, c.id);
  assert.ok(events.every((e) => e.id === events[0].id), 'every attempt carries the same event id');
  assert.equal(third.json.id, events[0].id);
  // The retries follow the configured schedule (200 ms, then 300 ms; some slack for timers).
  assert.ok(attempts[1].receivedAt - attempts[0].receivedAt >= 150,
    `2nd attempt ${attempts[1].receivedAt - attempts[0].receivedAt} ms after the 1st`);
  assert.ok(attempts[2].receivedAt - attempts[1].receivedAt >= 250,
    `3rd attempt ${attempts[2].receivedAt - attempts[1].receivedAt} ms after the 2nd`);

  await settled(events[0].id);
  const ok = await stripe.events.list({ delivery_success: true, type: 'customer.created', limit: 100 });
  assert.ok(ok.data.some((e) => e.id === events[0].id), 'delivery_success=true lists it');
  const failed = await stripe.events.list({ delivery_success: false, type: 'customer.created', limit: 100 });
  assert.ok(!failed.data.some((e) => e.id === events[0].id), 'delivery_success=false does not');
  assert.equal(rx.deliveriesOf(events[0].id).length, 3, 'no attempt after the 2xx');
});

test('redirects and 4xx count as failures; a receiver that always fails gets 3 attempts and the event stays pending', async (t) => {
  const flaky = await receiver(t, { statuses: [302, 404] });
  const down = await receiver(t, { fallback: 503 });
  const weFlaky = await endpoint(t, { url: flaky.url, enabled_events: ['customer.created'] });
  await endpoint(t, { url: down.url, enabled_events: ['customer.created'] });
  const c = await stripe.customers.create({ name: 'failing' });

  await flaky.nth(3);
  assert.deepEqual(flaky.requests.map((r) => r.status), [302, 404, 200]);
  const id = verify(flaky.requests[2], weFlaky.secret).id;
  assert.equal(flaky.requests[2].json.data.object.id, c.id);

  await down.nth(3);
  assert.ok(down.requests.every((r) => r.json.id === id));
  // The flaky endpoint succeeded, the dead one never will: one delivery stays pending.
  const evt = await eventually(async () => {
    const e = await stripe.events.retrieve(id);
    return e.pending_webhooks === 1 && e;
  }, { message: 'pending_webhooks settling at 1' });
  assert.equal(evt.pending_webhooks, 1);
  const failed = await stripe.events.list({ delivery_success: false, type: 'customer.created', limit: 100 });
  assert.ok(failed.data.some((e) => e.id === id), 'delivery_success=false lists it');
  const ok = await stripe.events.list({ delivery_success: true, type: 'customer.created', limit: 100 });
  assert.ok(!ok.data.some((e) => e.id === id), 'delivery_success=true does not');
  assert.equal(down.requests.length, 3, 'no attempt beyond the schedule so far');
});

test('a retry pending across a restart (SIGTERM, start on the same db) is delivered after the restart', async (t) => {
  const local = await startServer({ args: ['--webhook-retry-schedule', '1500ms'] });
  t.after(() => local.stop());
  let client = local.stripe();
  const rx = await receiver(t, { statuses: [500] });
  const we = await client.webhookEndpoints.create({ url: rx.url, enabled_events: ['customer.created'] });

  const c = await client.customers.create({ name: 'survivor' });
  const first = await rx.nth(1);
  assert.equal(first.status, 500);
  const id = verify(first, we.secret).id;
  assert.equal(first.json.data.object.id, c.id);

  assert.equal(rx.requests.length, 1, 'the retry is still pending when the server stops');
  const { stoppedAt } = await local.restart();
  client = local.stripe();

  const second = await rx.nth(2, { timeoutMs: 15000 });
  assert.ok(second.receivedAt >= stoppedAt, 'delivered by the restarted server');
  assert.equal(second.status, 200);
  const again = verify(second, we.secret);
  assert.equal(again.id, id, 'the same event is retried');
  assert.equal(again.data.object.id, c.id);
  assert.ok(second.receivedAt - first.receivedAt >= 1400, 'the retry kept its schedule');

  await settled(id, client);
  assert.equal(rx.deliveriesOf(id).length, 2);
  // The endpoint and its secret survived too.
  assert.equal((await client.webhookEndpoints.retrieve(we.id)).status, 'enabled');
});

test('an attempt in flight at SIGTERM (never answered) is made again after the restart', async (t) => {
  const local = await startServer({ args: ['--webhook-retry-schedule', '300ms'] });
  t.after(() => local.stop());
  let client = local.stripe();
  const rx = await receiver(t);
  const we = await client.webhookEndpoints.create({ url: rx.url, enabled_events: ['customer.created'] });

  rx.hold(); // the first attempt arrives but gets no answer
  const c = await client.customers.create({ name: 'in flight' });
  const first = await rx.nth(1);
  const id = verify(first, we.secret).id;
  const { stoppedAt } = await local.restart();
  assert.equal(first.answered, false, 'the server stopped before the receiver answered');
  rx.release();
  client = local.stripe();

  const redelivered = await rx.waitFor((r) => r.json?.id === id && r.receivedAt >= stoppedAt && r.answered,
    { what: `${id} after the restart`, timeoutMs: 15000 });
  assert.equal(redelivered.status, 200);
  assert.equal(verify(redelivered, we.secret).data.object.id, c.id);
  await settled(id, client);
});

test('enabled_events filtering: an endpoint for customer.created never sees customer.updated', async (t) => {
  const createdOnly = await receiver(t);
  const everything = await receiver(t);
  const we = await endpoint(t, { url: createdOnly.url, enabled_events: ['customer.created'] });
  await endpoint(t, { url: everything.url, enabled_events: ['*'] });

  const c = await stripe.customers.create({ name: 'one' });
  await stripe.customers.update(c.id, { name: 'two' });
  const upd = await everything.waitFor((r) => r.json?.type === 'customer.updated' && r.json.data.object.id === c.id);
  await everything.waitFor((r) => r.json?.type === 'customer.created' && r.json.data.object.id === c.id);
  await createdOnly.waitFor((r) => r.json?.type === 'customer.created' && r.json.data.object.id === c.id);

  // Once the update event has no pending delivery left, nothing more goes out for it.
  await settled(upd.json.id);
  assert.deepEqual(createdOnly.requests.map((r) => r.json.type), ['customer.created']);

  // Adding the type to the endpoint delivers later updates.
  await stripe.webhookEndpoints.update(we.id, { enabled_events: ['customer.created', 'customer.updated'] });
  await stripe.customers.update(c.id, { name: 'three' });
  const later = await createdOnly.waitFor((r) => r.json?.type === 'customer.updated');
  assert.equal(verify(later, we.secret).data.object.name, 'three');
  assert.ok(!createdOnly.requests.some((r) => r.json.id === upd.json.id), 'the earlier update was never sent');
});

test('a disabled endpoint receives nothing; re-enabled, it receives new events again', async (t) => {
  const rx = await receiver(t);
  const witness = await receiver(t);
  const we = await endpoint(t, { url: rx.url, enabled_events: ['customer.created'] });
  await endpoint(t, { url: witness.url, enabled_events: ['customer.created'] });

  assert.equal((await stripe.webhookEndpoints.update(we.id, { disabled: true })).status, 'disabled');
  const c1 = await stripe.customers.create({ name: 'while disabled' });
  const w1 = await witness.waitFor((r) => r.json?.data?.object?.id === c1.id);
  await settled(w1.json.id);

  assert.equal((await stripe.webhookEndpoints.update(we.id, { disabled: false })).status, 'enabled');
  const c2 = await stripe.customers.create({ name: 'after re-enable' });
  const got = await rx.waitFor((r) => r.json?.data?.object?.id === c2.id);
  assert.equal(verify(got, we.secret).type, 'customer.created');
  assert.ok(!rx.requests.some((r) => r.json?.id === w1.json.id), 'the event from while it was disabled never arrives');
  assert.deepEqual(rx.requests.map((r) => r.json.data.object.id), [c2.id]);
});

test('disabling an endpoint stops its pending retries', async (t) => {
  const rx = await receiver(t, { fallback: 500 });
  const witness = await receiver(t, { statuses: [500, 500] });
  const we = await endpoint(t, { url: rx.url, enabled_events: ['customer.created'] });
  await endpoint(t, { url: witness.url, enabled_events: ['customer.created'] });

  const c = await stripe.customers.create({ name: 'disable mid-retry' });
  const first = await rx.nth(1);
  assert.equal(first.json.data.object.id, c.id);
  await stripe.webhookEndpoints.update(we.id, { disabled: true });
  // The witness's retries run on the same schedule; by its 3rd attempt, ours would have had its 2nd.
  await witness.nth(3);
  assert.equal(rx.requests.length, 1, 'no retry after the endpoint was disabled');
});

test('an endpoint disabled and re-enabled before its next retry still gets that retry', async (t) => {
  const local = await startServer({ args: ['--webhook-retry-schedule', '1500ms'] });
  t.after(() => local.stop());
  const client = local.stripe();
  const rx = await receiver(t, { statuses: [500] });
  const we = await client.webhookEndpoints.create({ url: rx.url, enabled_events: ['customer.created'] });
  const c = await client.customers.create({ name: 'toggle' });
  const first = await rx.nth(1);
  assert.equal(first.json.data.object.id, c.id);
  await client.webhookEndpoints.update(we.id, { disabled: true });
  await client.webhookEndpoints.update(we.id, { disabled: false });
  assert.equal(rx.requests.length, 1, 're-enabled before the retry was due');
  const second = await rx.nth(2);
  assert.equal(verify(second, we.secret).id, first.json.id);
  await settled(first.json.id, client);
});

test('deleting an endpoint stops deliveries, including pending retries', async (t) => {
  const rx = await receiver(t, { fallback: 500 });
  const witness = await receiver(t, { statuses: [500, 500] });
  const we = await endpoint(t, { url: rx.url, enabled_events: ['customer.created'] });
  await endpoint(t, { url: witness.url, enabled_events: ['customer.created'] });

  const c = await stripe.customers.create({ name: 'delete mid-retry' });
  await rx.nth(1);
  const deleted = await stripe.webhookEndpoints.del(we.id);
  assert.equal(deleted.deleted, true);
  await witness.nth(3);
  assert.equal(rx.requests.length, 1, 'no retry after the endpoint was deleted');

  // New events do not go to it either.
  const c2 = await stripe.customers.create({ name: 'after delete' });
  const w = await witness.waitFor((r) => r.json?.data?.object?.id === c2.id);
  await settled(w.json.id);
  assert.equal(rx.requests.length, 1);
  assert.equal(rx.requests[0].json.data.object.id, c.id);
});
