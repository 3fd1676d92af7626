// Customers through stripe-node: CRUD, lists and pagination, filters, metadata, expand.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startServer } from './harness.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server?.stop());

const uniqueEmail = () => `${randomUUID()}@example.com`;

test('create, retrieve, update, delete; a deleted customer is 404 with param id', async () => {
  const email = uniqueEmail();
  const created = await stripe.customers.create({
    email,
    name: 'Jenny Rosen',
    description: 'first',
    address: { line1: '1 Main St', city: 'Berlin', country: 'DE' },
    metadata: { order: '42' },
  });
  assert.match(created.id, /^cus_[A-Za-z0-9]{24}$/);
  assert.equal(created.object, 'customer');
  assert.equal(created.email, email);
  assert.equal(created.name, 'Jenny Rosen');
  assert.equal(created.address.city, 'Berlin');
  assert.deepEqual(created.metadata, { order: '42' });
  assert.equal(created.livemode, false);
  assert.equal(typeof created.created, 'number');

  const fetched = await stripe.customers.retrieve(created.id);
  assert.deepEqual(fetched, created);

  const updated = await stripe.customers.update(created.id, { name: 'Jenny R.', phone: '+4930123' });
  assert.equal(updated.name, 'Jenny R.');
  assert.equal(updated.phone, '+4930123');
  assert.equal(updated.email, email, 'fields not passed stay unchanged');
  assert.equal(updated.description, 'first');
  assert.deepEqual(await stripe.customers.retrieve(created.id), updated);

  const deleted = await stripe.customers.del(created.id);
  assert.deepEqual({ ...deleted }, { id: created.id, object: 'customer', deleted: true });

  await assert.rejects(stripe.customers.retrieve(created.id), (err) => {
    assert.equal(err.type, 'StripeInvalidRequestError');
    assert.equal(err.statusCode, 404);
    assert.equal(err.code, 'resource_missing');
    assert.equal(err.param, 'id');
    assert.match(err.message, new RegExp(`No such customer: '?${created.id}'?`));
    return true;
  });
  await assert.rejects(stripe.customers.del(created.id), (err) => err.statusCode === 404 && err.param === 'id');
  const listed = await stripe.customers.list({ email });
  assert.deepEqual(listed.data, [], 'a deleted customer is no longer listed');
});

test('list with limit=3 and autoPagingEach visits every customer exactly once over several pages', async () => {
  const ids = new Set();
  for (let i = 0; i < 8; i++) ids.add((await stripe.customers.create({ email: uniqueEmail() })).id);

  const first = await stripe.customers.list({ limit: 3 });
  assert.equal(first.object, 'list');
  assert.equal(first.url, '/v1/customers');
  assert.equal(first.data.length, 3);
  assert.equal(first.has_more, true);

  let pages = 0;
  const onResponse = (e) => { if (e.path.startsWith('/v1/customers')) pages++; };
  stripe.on('response', onResponse);
  const seen = [];
  await stripe.customers.list({ limit: 3 }).autoPagingEach((c) => { seen.push(c.id); });
  stripe.off('response', onResponse);

  assert.equal(new Set(seen).size, seen.length, 'no customer is visited twice');
  for (const id of ids) assert.ok(seen.includes(id), `${id} was not visited`);
  assert.ok(pages >= Math.ceil(seen.length / 3), `fetched ${pages} pages for ${seen.length} customers`);

  // Newest first: `created` never increases along the list.
  const all = await stripe.customers.list({ limit: 100 });
  for (let i = 1; i < all.data.length; i++) assert.ok(all.data[i - 1].created >= all.data[i].created);

  // ending_before walks back: the page before the 4th item is the first three.
  const back = await stripe.customers.list({ limit: 3, ending_before: all.data[3].id });
  assert.deepEqual(back.data.map((c) => c.id), all.data.slice(0, 3).map((c) => c.id));
});

test('list filters by email', async () => {
  const email = uniqueEmail();
  const a = await stripe.customers.create({ email });
  const b = await stripe.customers.create({ email });
  await stripe.customers.create({ email: uniqueEmail() });

  const page = await stripe.customers.list({ email });
  assert.deepEqual(page.data.map((c) => c.id).sort(), [a.id, b.id].sort());
  assert.equal(page.has_more, false);
  assert.deepEqual((await stripe.customers.list({ email: uniqueEmail() })).data, []);
});

test('list filters by created (exact value and gt/gte/lt/lte)', async () => {
  const c = await stripe.customers.create({ email: uniqueEmail() });
  const ids = async (created) => (await stripe.customers.list({ created, limit: 100 })).data.map((x) => x.id);

  assert.ok((await ids(c.created)).includes(c.id));
  assert.ok((await ids({ gte: c.created, lte: c.created })).includes(c.id));
  assert.ok((await ids({ gt: c.created - 1, lt: c.created + 1 })).includes(c.id));
  assert.ok(!(await ids({ gt: c.created })).includes(c.id));
  assert.ok(!(await ids({ lt: c.created })).includes(c.id));
  for (const x of (await stripe.customers.list({ created: { gte: c.created }, limit: 100 })).data)
    assert.ok(x.created >= c.created);
});

test('metadata: set merges, an empty value unsets a key, an empty metadata clears all', async () => {
  const c = await stripe.customers.create({ metadata: { a: '1', b: '2' } });
  assert.deepEqual(c.metadata, { a: '1', b: '2' });

  let u = await stripe.customers.update(c.id, { metadata: { c: '3' } });
  assert.deepEqual(u.metadata, { a: '1', b: '2', c: '3' });

  u = await stripe.customers.update(c.id, { metadata: { b: '' } });
  assert.deepEqual(u.metadata, { a: '1', c: '3' });

  u = await stripe.customers.update(c.id, { metadata: '' });
  assert.deepEqual(u.metadata, {});
  assert.deepEqual((await stripe.customers.retrieve(c.id)).metadata, {});
});

test('metadata limits: 50 keys, keys up to 40 and values up to 500 characters', async () => {
  const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
  const limit = (metadata, param) => assert.rejects(stripe.customers.create({ metadata }),
    (err) => err.statusCode === 400 && err.param === param);
  await limit(tooMany, 'metadata');
  await limit({ ['k'.repeat(41)]: 'v' }, `metadata[${'k'.repeat(41)}]`);
  await limit({ k: 'v'.repeat(501) }, 'metadata[k]');
  const ok = await stripe.customers.create({ metadata: { ['k'.repeat(40)]: 'v'.repeat(500) } });
  assert.equal(ok.metadata['k'.repeat(40)].length, 500);
});

test('address and shipping are unset by an empty value', async () => {
  const c = await stripe.customers.create({
    address: { city: 'Berlin' }, shipping: { name: 'Jenny', address: { city: 'Berlin' } },
  });
  assert.equal(c.shipping.name, 'Jenny');
  const u = await stripe.customers.update(c.id, { address: '', shipping: '' });
  assert.equal(u.address, null);
  assert.equal(u.shipping, null);
});

test('expand: valid paths work, invalid ones are 400 "cannot be expanded"', async () => {
  const c = await stripe.customers.create({ email: uniqueEmail() });
  const ok = await stripe.customers.retrieve(c.id, { expand: ['default_source'] });
  assert.equal(ok.id, c.id);
  assert.ok((await stripe.customers.list({ limit: 1, expand: ['data.default_source'] })).data.length === 1);

  const expectBadExpand = (p, pattern) => assert.rejects(p, (err) => {
    assert.equal(err.type, 'StripeInvalidRequestError');
    assert.equal(err.statusCode, 400);
    assert.equal(err.rawType, 'invalid_request_error');
    assert.match(err.message, pattern);
    return true;
  });
  await expectBadExpand(stripe.customers.retrieve(c.id, { expand: ['nope'] }),
    /^This property cannot be expanded \(nope\)\./);
  await expectBadExpand(stripe.customers.create({ expand: ['email'] }),
    /^This property cannot be expanded \(email\)\./);
  // On lists the path needs the data. prefix, and Stripe says so.
  await expectBadExpand(stripe.customers.list({ expand: ['default_source'] }),
    /cannot be expanded \(default_source\).*data\.default_source/);
});
