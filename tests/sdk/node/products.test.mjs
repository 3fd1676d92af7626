// Products and Prices through stripe-node: CRUD, default prices, expand, lists and their
// filters, lookup keys, tiers, decimal amounts, recurring rules and the events they emit.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { bearer, startServer } from './harness.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server?.stop());

const unique = (prefix) => `${prefix}_${randomUUID().replaceAll('-', '')}`;
const keysOf = (o) => Object.keys(o).filter((k) => k !== 'lastResponse');
// stripe-node turns decimal-string fields into Decimal objects; JSON gives back their text.
const plain = (o) => JSON.parse(JSON.stringify(o));

const rejectsWith = (promise, { status = 400, ...fields }) => assert.rejects(promise, (err) => {
  assert.equal(err.type, 'StripeInvalidRequestError', err.message);
  assert.equal(err.statusCode, status, err.message);
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof RegExp) assert.match(err[k], v, `${k}: ${err[k]}`);
    else assert.equal(err[k], v, `${k} (${err.message})`);
  }
  return true;
});

const PRODUCT_FIELDS = ['id', 'object', 'active', 'created', 'default_price', 'description', 'images',
  'livemode', 'marketing_features', 'metadata', 'name', 'package_dimensions', 'shippable',
  'statement_descriptor', 'tax_code', 'type', 'unit_label', 'updated', 'url'];
const PRICE_FIELDS = ['id', 'object', 'active', 'billing_scheme', 'created', 'currency',
  'custom_unit_amount', 'livemode', 'lookup_key', 'metadata', 'nickname', 'product', 'recurring',
  'tax_behavior', 'tiers_mode', 'transform_quantity', 'type', 'unit_amount', 'unit_amount_decimal'];

const newProduct = (params = {}) => stripe.products.create({ name: 'Widget', ...params });

test('product create, retrieve, update, delete: Stripe\'s field set; a deleted product is 404', async () => {
  const p = await stripe.products.create({
    name: 'T-shirt',
    description: 'Comfortable gray cotton t-shirt',
    images: ['https://example.com/shirt.png'],
    marketing_features: [{ name: 'Soft' }],
    metadata: { sku: '42' },
    package_dimensions: { height: '1.5', length: 10, weight: 3, width: 4 },
    shippable: true,
    statement_descriptor: 'SHIRT',
    unit_label: 'shirt',
    url: 'https://example.com/shirt',
  });
  assert.match(p.id, /^prod_[A-Za-z0-9]{24}$/);
  assert.deepEqual(keysOf(p), PRODUCT_FIELDS);
  assert.equal(p.object, 'product');
  assert.equal(p.active, true);
  assert.equal(p.default_price, null);
  assert.deepEqual(p.images, ['https://example.com/shirt.png']);
  assert.deepEqual(p.marketing_features, [{ name: 'Soft' }]);
  assert.deepEqual(p.package_dimensions, { height: 1.5, length: 10, weight: 3, width: 4 });
  assert.equal(p.shippable, true);
  assert.equal(p.type, 'service');
  assert.equal(p.livemode, false);
  assert.equal(p.updated, p.created);
  assert.deepEqual(await stripe.products.retrieve(p.id), p);

  const u = await stripe.products.update(p.id, {
    name: 'Gray T-shirt', description: '', metadata: { sku: '', color: 'gray' }, active: false,
  });
  assert.equal(u.name, 'Gray T-shirt');
  assert.equal(u.description, null, 'an empty value unsets');
  assert.deepEqual(u.metadata, { color: 'gray' });
  assert.equal(u.active, false);
  assert.equal(u.url, 'https://example.com/shirt', 'fields not passed stay unchanged');
  assert.ok(u.updated >= p.updated);
  assert.deepEqual(await stripe.products.retrieve(p.id), u);

  const deleted = await stripe.products.del(p.id);
  assert.deepEqual({ ...deleted }, { id: p.id, object: 'product', deleted: true });
  await rejectsWith(stripe.products.retrieve(p.id), {
    status: 404, code: 'resource_missing', param: 'id', message: `No such product: '${p.id}'`,
  });
  await rejectsWith(stripe.products.del(p.id), { status: 404, code: 'resource_missing' });
});

test('a product may have an id of the caller\'s choosing, once', async () => {
  const id = unique('gold');
  const p = await newProduct({ id });
  assert.equal(p.id, id);
  assert.equal((await stripe.products.retrieve(id)).name, 'Widget');
  await rejectsWith(newProduct({ id }), {
    code: 'resource_already_exists', param: 'id', message: 'Product already exists.',
  });
  // Ids are unique across types: a customer's id cannot be taken by a product.
  const c = await stripe.customers.create({});
  await rejectsWith(newProduct({ id: c.id }), { code: 'resource_already_exists', param: 'id' });
});

test('product params are checked: name required, unknown params and bad values named', async () => {
  await rejectsWith(stripe.products.create({}), { code: 'parameter_missing', param: 'name' });
  await rejectsWith(newProduct({ colour: 'blue' }), { code: 'parameter_unknown', param: 'colour' });
  await rejectsWith(newProduct({ type: 'thing' }), { param: 'type' });
  await rejectsWith(newProduct({ package_dimensions: { height: 'x', length: 1, weight: 1, width: 1 } }),
    { param: 'package_dimensions[height]', message: /Invalid decimal/ });
  await rejectsWith(newProduct({ package_dimensions: { height: 1 } }),
    { code: 'parameter_missing', param: 'package_dimensions[length]' });
  await rejectsWith(newProduct({ statement_descriptor: 'X'.repeat(23) }), { param: 'statement_descriptor' });
});

test('price create, retrieve, update: Stripe\'s field set; amounts cannot change; no DELETE', async () => {
  const p = await newProduct();
  const price = await stripe.prices.create({
    product: p.id, currency: 'USD', unit_amount: 2000, nickname: 'Standard', metadata: { a: '1' },
  });
  assert.match(price.id, /^price_[A-Za-z0-9]{24}$/);
  assert.deepEqual(keysOf(price), PRICE_FIELDS);
  assert.equal(price.currency, 'usd');
  assert.equal(price.unit_amount, 2000);
  assert.equal(String(price.unit_amount_decimal), '2000');
  assert.equal(price.type, 'one_time');
  assert.equal(price.billing_scheme, 'per_unit');
  assert.equal(price.recurring, null);
  assert.equal(price.tax_behavior, 'unspecified');
  assert.equal(price.product, p.id);
  assert.equal(price.active, true);
  assert.equal(price.tiers, undefined, 'tiers appear only when expanded');
  assert.deepEqual(await stripe.prices.retrieve(price.id), price);

  const u = await stripe.prices.update(price.id, {
    nickname: 'Old', metadata: { a: '', b: '2' }, active: false, tax_behavior: 'exclusive',
  });
  assert.equal(u.nickname, 'Old');
  assert.deepEqual(u.metadata, { b: '2' });
  assert.equal(u.active, false);
  assert.equal(u.tax_behavior, 'exclusive');
  assert.equal(u.unit_amount, 2000);
  assert.deepEqual(await stripe.prices.retrieve(price.id), u);

  await rejectsWith(stripe.prices.update(price.id, { tax_behavior: 'inclusive' }), { param: 'tax_behavior' });
  await rejectsWith(stripe.prices.update(price.id, { unit_amount: 100 }), {
    code: 'parameter_unknown', param: 'unit_amount', message: /Received unknown parameter: unit_amount/,
  });
  await rejectsWith(stripe.prices.update(price.id, { currency: 'eur' }), { code: 'parameter_unknown', param: 'currency' });
  await rejectsWith(stripe.prices.update(price.id, { recurring: { interval: 'month' } }),
    { code: 'parameter_unknown' });
  await rejectsWith(stripe.prices.retrieve('price_missing'), { status: 404, code: 'resource_missing', param: 'id' });

  const res = await server.request({ method: 'DELETE', path: `/v1/prices/${price.id}`, headers: bearer(server.secretKey) });
  assert.equal(res.status, 404);
  assert.match(res.json.error.message, /Unrecognized request URL/);
});

test('price params: currency and amount required, product or product_data (exactly one)', async () => {
  const p = await newProduct();
  await rejectsWith(stripe.prices.create({ product: p.id, unit_amount: 1 }), { code: 'parameter_missing', param: 'currency' });
  await rejectsWith(stripe.prices.create({ product: p.id, currency: 'xyz', unit_amount: 1 }),
    { param: 'currency', message: /^Invalid currency: xyz/ });
  await rejectsWith(stripe.prices.create({ product: p.id, currency: 'usd' }), { code: 'parameter_missing', param: 'unit_amount' });
  await rejectsWith(stripe.prices.create({ currency: 'usd', unit_amount: 1 }), { code: 'parameter_missing', param: 'product' });
  await rejectsWith(stripe.prices.create({ product: p.id, product_data: { name: 'x' }, currency: 'usd', unit_amount: 1 }),
    { code: 'parameters_exclusive' });
  await rejectsWith(stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: -1 }), { param: 'unit_amount' });
  await rejectsWith(stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 1, unit_amount_decimal: '1' }),
    { code: 'parameters_exclusive', param: 'unit_amount_decimal' });
  await rejectsWith(stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 1, tax_behavior: 'sometimes' }),
    { param: 'tax_behavior' });
});

test('a price of a missing or deleted product is 400 resource_missing naming product', async () => {
  await rejectsWith(stripe.prices.create({ product: 'prod_x', currency: 'usd', unit_amount: 1 }), {
    status: 400, code: 'resource_missing', param: 'product', message: "No such product: 'prod_x'",
  });
  const p = await newProduct();
  await stripe.products.del(p.id);
  await rejectsWith(stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 1 }), {
    status: 400, code: 'resource_missing', param: 'product', message: `No such product: '${p.id}'`,
  });
});

test('product_data creates the product with the price', async () => {
  const id = unique('inline');
  const price = await stripe.prices.create({
    currency: 'eur', unit_amount: 500, product_data: { id, name: 'Inline', metadata: { k: 'v' }, unit_label: 'seat' },
    expand: ['product'],
  });
  assert.equal(price.product.id, id);
  assert.equal(price.product.name, 'Inline');
  assert.equal(price.product.unit_label, 'seat');
  assert.deepEqual(price.product.metadata, { k: 'v' });
  await rejectsWith(stripe.prices.create({ currency: 'eur', unit_amount: 1, product_data: { unit_label: 'seat' } }),
    { code: 'parameter_missing', param: 'product_data[name]' });
});

test('default_price_data creates the default price; expand default_price and product', async () => {
  const p = await stripe.products.create({
    name: 'Pro plan',
    default_price_data: { currency: 'usd', unit_amount_decimal: '999.5', recurring: { interval: 'month', interval_count: 3 }, tax_behavior: 'inclusive' },
  });
  assert.match(p.default_price, /^price_/);
  const price = await stripe.prices.retrieve(p.default_price);
  assert.equal(price.product, p.id);
  assert.equal(price.unit_amount, null, 'a fractional decimal has no integer amount');
  assert.equal(String(price.unit_amount_decimal), '999.5');
  assert.equal(price.type, 'recurring');
  assert.equal(price.tax_behavior, 'inclusive');
  assert.deepEqual(price.recurring,
    { interval: 'month', interval_count: 3, meter: null, trial_period_days: null, usage_type: 'licensed' });

  const expanded = await stripe.products.retrieve(p.id, { expand: ['default_price'] });
  assert.deepEqual(plain(expanded.default_price), plain(price));
  const withProduct = await stripe.prices.retrieve(price.id, { expand: ['product'] });
  assert.equal(withProduct.product.id, p.id);
  assert.equal(withProduct.product.default_price, price.id);
  const listed = await stripe.prices.list({ product: p.id, expand: ['data.product'] });
  assert.equal(listed.data[0].product.name, 'Pro plan');

  await rejectsWith(stripe.products.create({ name: 'x', default_price_data: { unit_amount: 1 } }),
    { code: 'parameter_missing', param: 'default_price_data[currency]' });
  await rejectsWith(stripe.products.create({ name: 'x', default_price_data: { currency: 'usd', unit_amount: 1, recurring: { interval: 'year', interval_count: 2 } } }),
    { param: 'default_price_data[recurring][interval_count]' });
  await rejectsWith(stripe.products.create({ name: 'x', default_price_data: { currency: 'usd', unit_amount: 1, lookup_key: 'k' } }),
    { code: 'parameter_unknown', param: 'default_price_data[lookup_key]' });
});

test('default_price must be a price of the product; a default price cannot be archived', async () => {
  const a = await newProduct({ default_price_data: { currency: 'usd', unit_amount: 100 } });
  const b = await newProduct();
  const ofB = await stripe.prices.create({ product: b.id, currency: 'usd', unit_amount: 200 });
  await rejectsWith(stripe.products.update(a.id, { default_price: ofB.id }), { param: 'default_price' });
  await rejectsWith(stripe.products.update(a.id, { default_price: 'price_missing' }),
    { code: 'resource_missing', param: 'default_price', message: "No such price: 'price_missing'" });
  assert.equal((await stripe.products.retrieve(a.id)).default_price, a.default_price, 'unchanged');

  const second = await stripe.prices.create({ product: a.id, currency: 'usd', unit_amount: 300 });
  const u = await stripe.products.update(a.id, { default_price: second.id });
  assert.equal(u.default_price, second.id);

  await rejectsWith(stripe.prices.update(second.id, { active: false }), { param: 'active' });
  const old = await stripe.prices.update(a.default_price, { active: false });
  assert.equal(old.active, false, 'a price that is no longer the default can be archived');
});

test('a product with prices cannot be deleted; one without can', async () => {
  const p = await newProduct();
  const price = await stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 100 });
  await stripe.prices.update(price.id, { active: false });
  await rejectsWith(stripe.products.del(p.id), {
    message: 'This product cannot be deleted because it has one or more user-created prices.',
  });
  assert.equal((await stripe.products.retrieve(p.id)).id, p.id);

  const lonely = await newProduct();
  assert.equal((await stripe.products.del(lonely.id)).deleted, true);
});

test('product list: active, ids and shippable filters; pagination', async () => {
  const on = await newProduct({ shippable: true });
  const off = await newProduct({ active: false, shippable: false });
  const plain = await newProduct();
  const ids = [on.id, off.id, plain.id];
  const listIds = async (params) => (await stripe.products.list({ ids, ...params })).data.map((p) => p.id);

  assert.deepEqual(await listIds({}), [plain.id, off.id, on.id], 'newest first');
  assert.deepEqual(await listIds({ active: true }), [plain.id, on.id]);
  assert.deepEqual(await listIds({ active: false }), [off.id]);
  assert.deepEqual(await listIds({ shippable: true }), [on.id]);
  assert.deepEqual(await listIds({ shippable: false }), [off.id]);
  assert.deepEqual(await listIds({ ids: [on.id] }), [on.id]);

  const inactive = await stripe.products.list({ active: false, limit: 100 });
  assert.ok(inactive.data.every((p) => p.active === false));
  assert.ok(inactive.data.some((p) => p.id === off.id));

  const page = await stripe.products.list({ ids, limit: 2 });
  assert.equal(page.has_more, true);
  assert.equal(page.url, '/v1/products');
  const rest = await stripe.products.list({ ids, limit: 2, starting_after: page.data[1].id });
  assert.deepEqual(rest.data.map((p) => p.id), [on.id]);
  assert.equal(rest.has_more, false);
  const seen = [];
  await stripe.products.list({ limit: 2 }).autoPagingEach((p) => { seen.push(p.id); });
  for (const id of ids) assert.ok(seen.includes(id));
  assert.equal(new Set(seen).size, seen.length);
});

test('price list: product, active, type, currency, recurring and lookup_keys filters; pagination', async () => {
  const p = await newProduct();
  const oneTime = await stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 100 });
  const monthly = await stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } });
  const yearlyEur = await stripe.prices.create({ product: p.id, currency: 'eur', unit_amount: 9000, recurring: { interval: 'year' }, active: false });
  const metered = await stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 5, recurring: { interval: 'month', usage_type: 'metered' } });
  const other = await stripe.prices.create({ product_data: { name: 'other' }, currency: 'usd', unit_amount: 1 });
  const ids = async (params) => (await stripe.prices.list({ product: p.id, limit: 100, ...params })).data.map((x) => x.id);

  assert.deepEqual(await ids({}), [metered.id, yearlyEur.id, monthly.id, oneTime.id], 'inactive ones too, newest first');
  assert.deepEqual(await ids({ active: true }), [metered.id, monthly.id, oneTime.id]);
  assert.deepEqual(await ids({ active: false }), [yearlyEur.id]);
  assert.deepEqual(await ids({ type: 'one_time' }), [oneTime.id]);
  assert.deepEqual(await ids({ type: 'recurring' }), [metered.id, yearlyEur.id, monthly.id]);
  assert.deepEqual(await ids({ currency: 'EUR' }), [yearlyEur.id]);
  assert.deepEqual(await ids({ recurring: { interval: 'month' } }), [metered.id, monthly.id]);
  assert.deepEqual(await ids({ recurring: { usage_type: 'metered' } }), [metered.id]);
  assert.ok(!(await ids({})).includes(other.id));

  const active = await stripe.prices.list({ active: true, limit: 100 });
  assert.ok(active.data.every((x) => x.active));

  const seen = [];
  await stripe.prices.list({ product: p.id, limit: 1 }).autoPagingEach((x) => { seen.push(x.id); });
  assert.deepEqual(seen, [metered.id, yearlyEur.id, monthly.id, oneTime.id]);

  const eleven = Array.from({ length: 11 }, (_, i) => `k${i}`);
  await rejectsWith(stripe.prices.list({ lookup_keys: eleven }), { param: 'lookup_keys' });
  await rejectsWith(stripe.prices.list({ type: 'sometimes' }), { param: 'type' });
});

test('lookup_key: unique per account, moved by transfer_lookup_key, listed by lookup_keys', async () => {
  const p = await newProduct();
  const key = unique('plan');
  const first = await stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 100, lookup_key: key });
  assert.equal(first.lookup_key, key);
  await rejectsWith(stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 200, lookup_key: key }), {
    param: 'lookup_key', message: `A price (\`${first.id}\`) already uses that lookup key.`,
  });
  // An archived price still holds its key.
  await stripe.prices.update(first.id, { active: false });
  await rejectsWith(stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 200, lookup_key: key }), { param: 'lookup_key' });

  const second = await stripe.prices.create({
    product: p.id, currency: 'usd', unit_amount: 200, lookup_key: key, transfer_lookup_key: true,
  });
  assert.equal(second.lookup_key, key);
  assert.equal((await stripe.prices.retrieve(first.id)).lookup_key, null, 'moved away from the old price');
  assert.deepEqual((await stripe.prices.list({ lookup_keys: [key] })).data.map((x) => x.id), [second.id]);

  // Updates follow the same rule.
  const other = unique('other');
  await stripe.prices.update(first.id, { lookup_key: other });
  await rejectsWith(stripe.prices.update(second.id, { lookup_key: other }), { param: 'lookup_key' });
  await stripe.prices.update(second.id, { lookup_key: other, transfer_lookup_key: true });
  const both = await stripe.prices.list({ lookup_keys: [key, other] });
  assert.deepEqual(both.data.map((x) => [x.id, x.lookup_key]), [[second.id, other]]);
  assert.equal((await stripe.prices.retrieve(first.id)).lookup_key, null);
});

test('tiered prices: tiers_mode required, ascending bounds ending in inf; tiers shown when expanded', async () => {
  const p = await newProduct();
  const base = { product: p.id, currency: 'usd', billing_scheme: 'tiered' };
  const tiers = [
    { up_to: 10, unit_amount: 500 },
    { up_to: 100, unit_amount_decimal: '400.25', flat_amount: 1000 },
    { up_to: 'inf', flat_amount_decimal: '0.5' },
  ];
  await rejectsWith(stripe.prices.create({ ...base, tiers }), { code: 'parameter_missing', param: 'tiers_mode' });
  await rejectsWith(stripe.prices.create({ ...base, tiers_mode: 'volume' }), { code: 'parameter_missing', param: 'tiers' });
  await rejectsWith(stripe.prices.create({ ...base, tiers_mode: 'volume', tiers: tiers.slice(0, 2) }),
    { param: 'tiers[1][up_to]', message: /inf/ });
  await rejectsWith(stripe.prices.create({ ...base, tiers_mode: 'volume', tiers: [{ up_to: 'inf', unit_amount: 1 }, { up_to: 'inf', unit_amount: 2 }] }),
    { param: 'tiers[0][up_to]' });
  await rejectsWith(stripe.prices.create({ ...base, tiers_mode: 'volume', tiers: [{ up_to: 10, unit_amount: 1 }, { up_to: 5, unit_amount: 1 }, { up_to: 'inf', unit_amount: 1 }] }),
    { param: 'tiers[1][up_to]', message: /ascending/ });
  await rejectsWith(stripe.prices.create({ ...base, tiers_mode: 'volume', tiers: [{ up_to: 'lots', unit_amount: 1 }] }),
    { param: 'tiers[0][up_to]' });
  await rejectsWith(stripe.prices.create({ ...base, tiers_mode: 'volume', tiers: [{ up_to: 'inf' }] }),
    { message: 'An entry in the tiers array is missing an amount.' });
  await rejectsWith(stripe.prices.create({ ...base, tiers_mode: 'volume', tiers: [{ up_to: 'inf', unit_amount: 1, unit_amount_decimal: '1' }] }),
    { code: 'parameters_exclusive', param: 'tiers[0][unit_amount_decimal]' });
  await rejectsWith(stripe.prices.create({ ...base, tiers_mode: 'volume', tiers, unit_amount: 5 }), { param: 'unit_amount' });
  await rejectsWith(stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 5, tiers }), { param: 'tiers' });
  await rejectsWith(stripe.prices.create({ ...base, tiers_mode: 'sometimes', tiers }), { param: 'tiers_mode' });

  const price = await stripe.prices.create({ ...base, tiers_mode: 'graduated', tiers, recurring: { interval: 'month' } });
  assert.equal(price.billing_scheme, 'tiered');
  assert.equal(price.tiers_mode, 'graduated');
  assert.equal(price.unit_amount, null);
  assert.equal(price.unit_amount_decimal, null);
  assert.equal(price.tiers, undefined);
  const expected = [
    { flat_amount: null, flat_amount_decimal: null, unit_amount: 500, unit_amount_decimal: '500', up_to: 10 },
    { flat_amount: 1000, flat_amount_decimal: '1000', unit_amount: null, unit_amount_decimal: '400.25', up_to: 100 },
    { flat_amount: null, flat_amount_decimal: '0.5', unit_amount: null, unit_amount_decimal: null, up_to: null },
  ];
  assert.deepEqual(plain((await stripe.prices.retrieve(price.id, { expand: ['tiers'] })).tiers), expected);
  const listed = await stripe.prices.list({ product: p.id, expand: ['data.tiers'] });
  assert.deepEqual(plain(listed.data[0].tiers), expected);
});

test('unit_amount_decimal: up to 12 decimal places, normalized; a whole decimal sets unit_amount', async () => {
  const p = await newProduct();
  const create = (unit_amount_decimal) => stripe.prices.create({ product: p.id, currency: 'usd', unit_amount_decimal });
  const fine = await create('0.000000000001');
  assert.equal(String(fine.unit_amount_decimal), '0.000000000001');
  assert.equal(fine.unit_amount, null);
  const whole = await create('0150.00');
  assert.equal(String(whole.unit_amount_decimal), '150');
  assert.equal(whole.unit_amount, 150);
  for (const bad of ['1.0000000000001', 'abc', '-5', '1e3', '1.2.3']) {
    await rejectsWith(create(bad), { param: 'unit_amount_decimal', message: /Invalid decimal/ });
  }
});

test('recurring: interval is day/week/month/year, at most one year; usage_type; transform_quantity', async () => {
  const p = await newProduct();
  const create = (recurring, more = {}) => stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 100, recurring, ...more });
  await rejectsWith(create({ interval: 'fortnight' }), { param: 'recurring[interval]', message: /must be one of/ });
  await rejectsWith(create({ interval_count: 2 }), { code: 'parameter_missing', param: 'recurring[interval]' });
  for (const [interval, max] of [['day', 365], ['week', 52], ['month', 12], ['year', 1]]) {
    const ok = await create({ interval, interval_count: max });
    assert.equal(ok.recurring.interval_count, max);
    await rejectsWith(create({ interval, interval_count: max + 1 }), {
      param: 'recurring[interval_count]', message: /can't be greater than/,
    });
  }
  await rejectsWith(create({ interval: 'month', interval_count: 0 }), { param: 'recurring[interval_count]' });
  await rejectsWith(create({ interval: 'month', usage_type: 'sometimes' }), { param: 'recurring[usage_type]' });
  await rejectsWith(create({ interval: 'month', aggregate_usage: 'sum' }), { code: 'parameter_unknown', param: 'recurring[aggregate_usage]' });

  const t = await create({ interval: 'week', trial_period_days: 14 }, { transform_quantity: { divide_by: 10, round: 'up' } });
  assert.deepEqual(t.recurring, { interval: 'week', interval_count: 1, meter: null, trial_period_days: 14, usage_type: 'licensed' });
  assert.deepEqual(t.transform_quantity, { divide_by: 10, round: 'up' });
  await rejectsWith(create(undefined, { transform_quantity: { divide_by: 0, round: 'up' } }), { param: 'transform_quantity[divide_by]' });
  await rejectsWith(create(undefined, { transform_quantity: { divide_by: 2 } }), { code: 'parameter_missing', param: 'transform_quantity[round]' });
});

test('custom_unit_amount: one-time prices whose amount the customer chooses', async () => {
  const p = await newProduct();
  const price = await stripe.prices.create({
    product: p.id, currency: 'usd', custom_unit_amount: { enabled: true, minimum: 500, maximum: 5000, preset: 1000 },
  });
  assert.deepEqual(price.custom_unit_amount, { maximum: 5000, minimum: 500, preset: 1000 });
  assert.equal(price.unit_amount, null);
  await rejectsWith(stripe.prices.create({ product: p.id, currency: 'usd', custom_unit_amount: { enabled: true, minimum: 500, maximum: 100 } }),
    { param: 'custom_unit_amount[maximum]' });
  await rejectsWith(stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 5, custom_unit_amount: { enabled: true } }),
    { code: 'parameters_exclusive' });
  await rejectsWith(stripe.prices.create({ product: p.id, currency: 'usd', recurring: { interval: 'month' }, custom_unit_amount: { enabled: true } }),
    { param: 'custom_unit_amount' });
});

test('events: product.created, price.created, price.updated, product.updated, product.deleted', async () => {
  const eventsAbout = async (id, type) => {
    const out = [];
    await stripe.events.list({ type, limit: 100 }).autoPagingEach((e) => { if (e.data.object.id === id) out.push(e); });
    return out;
  };
  const p = await newProduct({ name: 'Evented', default_price_data: { currency: 'usd', unit_amount: 100 } });
  const [created] = await eventsAbout(p.id, 'product.created');
  assert.equal(created.data.object.default_price, p.default_price, 'announced with its default price');
  const [priceCreated] = await eventsAbout(p.default_price, 'price.created');
  assert.equal(priceCreated.data.object.unit_amount, 100);
  assert.ok(priceCreated.created >= created.created);

  await stripe.prices.update(p.default_price, { nickname: 'Base' });
  const [priceUpdated] = await eventsAbout(p.default_price, 'price.updated');
  assert.equal(priceUpdated.data.object.nickname, 'Base');
  assert.deepEqual(priceUpdated.data.previous_attributes, { nickname: null });

  const lonely = await newProduct({ name: 'Lonely' });
  await stripe.products.update(lonely.id, { name: 'Renamed' });
  const [productUpdated] = await eventsAbout(lonely.id, 'product.updated');
  assert.equal(productUpdated.data.previous_attributes.name, 'Lonely');
  await stripe.products.del(lonely.id);
  const [deleted] = await eventsAbout(lonely.id, 'product.deleted');
  assert.equal(deleted.data.object.name, 'Renamed');
});
