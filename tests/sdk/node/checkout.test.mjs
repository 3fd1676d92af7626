// Checkout Sessions through stripe-node: create in payment, setup and subscription mode, line
// items (listLineItems and expand[]=line_items), the params Stripe refuses and the param each
// error names, list filters and pagination, expire (by the API and by the expiry job), and
// completions driven through the hosted page's form without a browser (card payments, declines,
// customer_creation, SEPA settling later or failing, 3-D Secure, and seed 003's setup-then-charge
// sequence), each checked with the session, its intents and the events written.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  card, follow, oneTimePrice, openPage, paymentSession, sepa, submitPage, textOf,
} from './checkout_helpers.mjs';
import { eventually, startServer } from './harness.mjs';
import {
  authenticate, authenticationUrl, eventMark, eventsAbout, newCustomer, rejectsWith,
} from './payment_helpers.mjs';

let server;
let stripe;
before(async () => {
  // SEPA debits settle 200 ms after confirmation.
  server = await startServer({ args: ['--settlement-delay', '200ms'] });
  stripe = server.stripe();
});
after(() => server?.stop());

const strip = ({ lastResponse, ...rest }) => rest;
const types = (events) => events.map((e) => e.type);
const invalid = (promise, param, fields = {}) => rejectsWith(promise, {
  type: 'StripeInvalidRequestError', status: 400, param, ...fields,
});
const SUCCESS = 'https://shop.example/success?session_id={CHECKOUT_SESSION_ID}';
const successFor = (id) => `https://shop.example/success?session_id=${id}`;
const year = new Date().getUTCFullYear();
const cardPm = (number) => stripe.paymentMethods.create({
  type: 'card', card: { number, exp_month: 12, exp_year: year + 2, cvc: '123' },
});

// Waits for the event `type` about `id` written after `mark`; resolves with the types so far.
const eventTypes = (ids, mark, type) => eventually(async () => {
  const t = types(await eventsAbout(stripe, ids, mark));
  return t.includes(type) && t;
}, { timeoutMs: 5000, message: `${type} about ${ids.join(', ')}` });

const SESSION_FIELDS = ['id', 'object', 'adaptive_pricing', 'after_expiration', 'allow_promotion_codes',
  'amount_subtotal', 'amount_total', 'automatic_tax', 'billing_address_collection', 'cancel_url',
  'client_reference_id', 'client_secret', 'collected_information', 'consent', 'consent_collection',
  'created', 'currency', 'currency_conversion', 'custom_fields', 'custom_text', 'customer',
  'customer_account', 'customer_creation', 'customer_details', 'customer_email', 'discounts',
  'expires_at', 'integration_identifier', 'invoice', 'invoice_creation', 'livemode', 'locale',
  'managed_payments', 'metadata', 'mode', 'origin_context', 'payment_intent', 'payment_link',
  'payment_method_collection', 'payment_method_configuration_details', 'payment_method_options',
  'payment_method_types', 'payment_status', 'permissions', 'phone_number_collection',
  'recovered_from', 'saved_payment_method_options', 'setup_intent', 'shipping_address_collection',
  'shipping_cost', 'shipping_options', 'status', 'submit_type', 'subscription', 'success_url',
  'total_details', 'ui_mode', 'url', 'wallet_options'];

test('payment mode with price and price_data: amounts, currency, url, line items listed and expanded', async () => {
  const price = await oneTimePrice(stripe, { name: 'Mug', unitAmount: 1500 });
  const mark = await eventMark(stripe);
  const s = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [
      { price: price.id, quantity: 2 },
      { price_data: { currency: 'usd', unit_amount: 1099, product_data: { name: 'T-shirt', description: 'Gray', images: ['https://shop.example/shirt.png'] } }, quantity: 1, metadata: { size: 'M' } },
    ],
    success_url: SUCCESS,
    cancel_url: 'https://shop.example/cart',
    client_reference_id: 'order-42',
    metadata: { order: '42' },
  });
  assert.match(s.id, /^cs_test_[A-Za-z0-9]+$/);
  assert.deepEqual(Object.keys(strip(s)).filter((k) => k !== 'line_items').sort(), [...SESSION_FIELDS].sort());
  assert.equal(s.object, 'checkout.session');
  assert.equal(s.mode, 'payment');
  assert.equal(s.status, 'open');
  assert.equal(s.payment_status, 'unpaid');
  assert.equal(s.amount_subtotal, 2 * 1500 + 1099);
  assert.equal(s.amount_total, 4099);
  assert.deepEqual(s.total_details, { amount_discount: 0, amount_shipping: 0, amount_tax: 0 });
  assert.equal(s.currency, 'usd');
  assert.deepEqual(s.payment_method_types, ['card']);
  assert.equal(s.payment_intent, null, 'the PaymentIntent is made when the customer pays');
  assert.equal(s.setup_intent, null);
  assert.equal(s.customer, null);
  assert.equal(s.customer_creation, 'if_required');
  assert.equal(s.customer_details, null);
  assert.equal(s.customer_email, null);
  assert.equal(s.success_url, SUCCESS, 'success_url keeps its {CHECKOUT_SESSION_ID} template');
  assert.equal(s.cancel_url, 'https://shop.example/cart');
  assert.equal(s.client_reference_id, 'order-42');
  assert.deepEqual(s.metadata, { order: '42' });
  assert.equal(s.expires_at, s.created + 24 * 3600, 'sessions last 24 hours by default');
  assert.equal(s.ui_mode, 'hosted_page', 'the 2026-03-25.dahlia name of hosted');
  assert.equal(s.livemode, false);
  assert.match(s.url, new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/intentd/checkout/[^/]+/${s.id}$`));
  assert.equal(s.line_items, undefined, 'line_items only when expanded');
  assert.deepEqual(strip(await stripe.checkout.sessions.retrieve(s.id)), strip(s));

  const items = await stripe.checkout.sessions.listLineItems(s.id);
  assert.equal(items.object, 'list');
  assert.equal(items.url, `/v1/checkout/sessions/${s.id}/line_items`);
  assert.equal(items.has_more, false);
  assert.equal(items.data.length, 2);
  const [mugs, shirt] = items.data;
  assert.match(mugs.id, /^li_[A-Za-z0-9]+$/);
  assert.deepEqual(Object.keys(mugs).sort(), ['amount_discount', 'amount_subtotal', 'amount_tax',
    'amount_total', 'currency', 'description', 'id', 'metadata', 'object', 'price', 'quantity']);
  assert.equal(mugs.object, 'item');
  assert.equal(mugs.description, 'Mug');
  assert.equal(mugs.quantity, 2);
  assert.equal(mugs.amount_subtotal, 3000);
  assert.equal(mugs.amount_total, 3000);
  assert.equal(mugs.amount_discount, 0);
  assert.equal(mugs.amount_tax, 0);
  assert.equal(mugs.currency, 'usd');
  assert.equal(mugs.price.id, price.id);
  assert.equal(mugs.price.unit_amount, 1500);
  assert.equal(shirt.description, 'T-shirt');
  assert.equal(shirt.amount_total, 1099);
  assert.equal(shirt.quantity, 1);
  assert.deepEqual(shirt.metadata, { size: 'M' });
  assert.equal(shirt.price.unit_amount, 1099);
  assert.equal(shirt.price.type, 'one_time');
  assert.equal(shirt.price.active, false, 'a price made from price_data is not for sale elsewhere');
  const product = await stripe.products.retrieve(shirt.price.product);
  assert.equal(product.name, 'T-shirt');
  assert.equal(product.description, 'Gray');
  assert.deepEqual(product.images, ['https://shop.example/shirt.png']);
  const withProducts = await stripe.checkout.sessions.listLineItems(s.id, { expand: ['data.price.product'] });
  assert.deepEqual(withProducts.data.map((i) => i.price.product.name), ['Mug', 'T-shirt']);
  assert.equal(withProducts.data[1].price.product.id, product.id);
  const made = (await eventsAbout(stripe, [product.id, shirt.price.id, s.id], mark)).map((e) => e.type);
  assert.deepEqual(made, ['product.created', 'price.created'], 'creating a session emits no session event');

  // Paginated, and expandable on retrieve and on create.
  const first = await stripe.checkout.sessions.listLineItems(s.id, { limit: 1 });
  assert.deepEqual(first.data.map((i) => i.id), [mugs.id]);
  assert.equal(first.has_more, true);
  const second = await stripe.checkout.sessions.listLineItems(s.id, { limit: 1, starting_after: mugs.id });
  assert.deepEqual(second.data.map((i) => i.id), [shirt.id]);
  assert.equal(second.has_more, false);
  const expanded = await stripe.checkout.sessions.retrieve(s.id, { expand: ['line_items'] });
  assert.deepEqual(expanded.line_items, strip(items));
  const created = await stripe.checkout.sessions.create({
    mode: 'payment', line_items: [{ price: price.id, quantity: 3 }], expand: ['line_items'],
  });
  assert.equal(created.amount_total, 4500);
  assert.equal(created.line_items.data.length, 1);
  assert.equal(created.line_items.data[0].amount_total, 4500);
  assert.equal(created.success_url, null);
  assert.equal(created.cancel_url, null);
});

test('currency in upper case is taken in lower case; eur sessions offer SEPA Direct Debit', async () => {
  const s = await stripe.checkout.sessions.create({
    mode: 'payment', currency: 'EUR',
    line_items: [{ price_data: { currency: 'eur', unit_amount: 500, product_data: { name: 'Book' } }, quantity: 1 }],
  });
  assert.equal(s.currency, 'eur');
  assert.deepEqual(s.payment_method_types, ['card', 'sepa_debit']);
  const only = await stripe.checkout.sessions.create({
    mode: 'payment', payment_method_types: ['card'],
    line_items: [{ price_data: { currency: 'eur', unit_amount: 500, product_data: { name: 'Book' } }, quantity: 1 }],
  });
  assert.deepEqual(only.payment_method_types, ['card']);
  assert.doesNotMatch(await openPage(server, only), /id="method-sepa"/);
  assert.match(await openPage(server, s), /id="method-sepa"/);

  // SEPA only: no card fields to fill, and the IBAN is what the form takes.
  const sepaOnly = await stripe.checkout.sessions.create({
    mode: 'payment', payment_method_types: ['sepa_debit'], success_url: SUCCESS,
    line_items: [{ price_data: { currency: 'eur', unit_amount: 700, product_data: { name: 'Book' } }, quantity: 1 }],
  });
  const html = await openPage(server, sepaOnly);
  assert.doesNotMatch(html, /id="method-card"/);
  assert.match(html, /id="method-sepa"[^>]*checked/);
  assert.match(html, /id="card-fields" hidden/);
  assert.doesNotMatch(html, /id="sepa-fields" hidden/);
  const { method, ...withoutMethod } = sepa('DE89370400440532013000');
  assert.equal((await submitPage(server, sepaOnly, withoutMethod)).location, successFor(sepaOnly.id));
  const paid = await stripe.checkout.sessions.retrieve(sepaOnly.id, { expand: ['payment_intent.payment_method'] });
  assert.equal(paid.status, 'complete');
  assert.equal(paid.payment_intent.payment_method.type, 'sepa_debit');
  const refused = await stripe.checkout.sessions.create({
    mode: 'payment', payment_method_types: ['sepa_debit'],
    line_items: [{ price_data: { currency: 'eur', unit_amount: 700, product_data: { name: 'Book' } }, quantity: 1 }],
  });
  assert.equal(textOf((await submitPage(server, refused, card('4242424242424242'))).text, 'error'), 'Choose a payment method.');
});

test('setup mode (seed 003): a SetupIntent for the customer, no amounts', async () => {
  const customer = await newCustomer(stripe);
  const mark = await eventMark(stripe);
  const s = await stripe.checkout.sessions.create({
    mode: 'setup', currency: 'usd', customer: customer.id, success_url: SUCCESS,
    setup_intent_data: { description: 'card on file', metadata: { plan: 'pro' } },
  });
  assert.equal(s.mode, 'setup');
  assert.equal(s.status, 'open');
  assert.equal(s.payment_status, 'no_payment_required');
  assert.equal(s.amount_subtotal, null);
  assert.equal(s.amount_total, null);
  assert.equal(s.total_details, null);
  assert.equal(s.currency, 'usd');
  assert.equal(s.customer, customer.id);
  assert.equal(s.payment_intent, null);
  assert.deepEqual(s.payment_method_types, ['card']);
  assert.match(s.setup_intent, /^seti_[A-Za-z0-9]{24}$/);
  assert.deepEqual((await stripe.checkout.sessions.listLineItems(s.id)).data, []);

  const withSi = await stripe.checkout.sessions.retrieve(s.id, { expand: ['setup_intent', 'customer'] });
  const si = withSi.setup_intent;
  assert.equal(si.id, s.setup_intent);
  assert.equal(si.object, 'setup_intent');
  assert.equal(si.status, 'requires_payment_method');
  assert.equal(si.customer, customer.id);
  assert.equal(si.usage, 'off_session');
  assert.deepEqual(si.payment_method_types, ['card']);
  assert.equal(si.description, 'card on file');
  assert.deepEqual(si.metadata, { plan: 'pro' });
  assert.equal(withSi.customer.id, customer.id);
  assert.equal(withSi.customer.email, customer.email);
  assert.deepEqual(types(await eventsAbout(stripe, [s.id, si.id], mark)), ['setup_intent.created']);

  const eur = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'eur' });
  assert.deepEqual(eur.payment_method_types, ['card', 'sepa_debit']);
  assert.equal(eur.customer, null);
  const typed = await stripe.checkout.sessions.create({ mode: 'setup', payment_method_types: ['sepa_debit'] });
  assert.equal(typed.currency, null, 'payment_method_types stand in for currency');
  assert.deepEqual((await stripe.setupIntents.retrieve(typed.setup_intent)).payment_method_types, ['sepa_debit']);
});

test('subscription mode: accepted with a recurring price, refused without one', async () => {
  const product = await stripe.products.create({ name: 'Plan' });
  const monthly = await stripe.prices.create({ product: product.id, unit_amount: 900, currency: 'usd', recurring: { interval: 'month' } });
  const setupFee = await stripe.prices.create({ product: product.id, unit_amount: 2500, currency: 'usd' });
  const s = await stripe.checkout.sessions.create({
    mode: 'subscription', success_url: SUCCESS,
    line_items: [{ price: monthly.id, quantity: 2 }, { price: setupFee.id, quantity: 1 }],
  });
  assert.equal(s.mode, 'subscription');
  assert.equal(s.status, 'open');
  assert.equal(s.amount_total, 2 * 900 + 2500);
  assert.equal(s.subscription, null);
  assert.equal(s.customer_creation, null);
  assert.equal(s.payment_intent, null);
  assert.equal(s.setup_intent, null);

  await invalid(stripe.checkout.sessions.create({
    mode: 'subscription', line_items: [{ price: setupFee.id, quantity: 1 }],
  }), 'line_items', { message: /recurring price/ });
  await invalid(stripe.checkout.sessions.create({
    mode: 'payment', line_items: [{ price: setupFee.id, quantity: 1 }, { price: monthly.id, quantity: 1 }],
  }), 'line_items[1][price]', { message: /recurring price/ });
  await invalid(stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price_data: { currency: 'usd', unit_amount: 900, recurring: { interval: 'month' }, product: product.id }, quantity: 1 }],
  }), 'line_items[0][price]');
});

test('bad create params are refused, each naming its param', async () => {
  const customer = await newCustomer(stripe);
  const price = await oneTimePrice(stripe, { unitAmount: 1000 });
  const inactive = await oneTimePrice(stripe, { unitAmount: 1000 });
  await stripe.prices.update(inactive.id, { active: false });
  const eurPrice = await oneTimePrice(stripe, { unitAmount: 1000, currency: 'eur' });
  const line = [{ price: price.id, quantity: 1 }];
  const now = Math.floor(Date.now() / 1000);
  const create = (params) => stripe.checkout.sessions.create(params);

  await invalid(create({ line_items: line }), 'mode', { code: 'parameter_missing' });
  await invalid(create({ mode: 'rental', line_items: line }), 'mode');
  await invalid(create({ mode: 'payment' }), 'line_items', { code: 'parameter_missing' });
  await invalid(create({ mode: 'payment', line_items: [] }), 'line_items');
  await invalid(create({ mode: 'setup', currency: 'usd', line_items: line }), 'line_items');
  await invalid(create({ mode: 'setup' }), 'currency', { code: 'parameter_missing' });
  await invalid(create({ mode: 'payment', line_items: [{ price: price.id }] }), 'line_items[0][quantity]', { code: 'parameter_missing' });
  await invalid(create({ mode: 'payment', line_items: [{ quantity: 1 }] }), 'line_items[0][price]');
  await invalid(create({ mode: 'payment', line_items: [{ price: inactive.id, quantity: 1 }] }), 'line_items[0][price]', {
    message: 'The price specified is inactive. This field only accepts active prices.',
  });
  await invalid(create({ mode: 'payment', line_items: [{ price: 'price_missing', quantity: 1 }] }), 'line_items[0][price]', {
    code: 'resource_missing', message: "No such price: 'price_missing'",
  });
  await invalid(create({ mode: 'payment', line_items: [{ price_data: { currency: 'usd', unit_amount: 100 }, quantity: 1 }] }),
    'line_items[0][price_data][product]');
  await invalid(create({ mode: 'payment', line_items: line, customer: customer.id, customer_email: 'a@example.com' }), 'customer', {
    code: 'parameters_exclusive', message: 'You may only specify one of these parameters: customer, customer_email.',
  });
  await invalid(create({ mode: 'payment', line_items: line, customer: 'cus_missing' }), 'customer', { code: 'resource_missing' });
  await invalid(create({ mode: 'payment', line_items: line, success_url: 'not a url' }), 'success_url', { code: 'url_invalid' });
  await invalid(create({ mode: 'payment', line_items: line, cancel_url: 'javascript:alert(1)' }), 'cancel_url', { code: 'url_invalid' });
  for (const expiresAt of [now + 29 * 60, now + 25 * 3600]) {
    await invalid(create({ mode: 'payment', line_items: line, expires_at: expiresAt }), 'expires_at', {
      message: /between 30 minutes and 24 hours/,
    });
  }
  await invalid(create({ mode: 'payment', line_items: [...line, { price: eurPrice.id, quantity: 1 }] }), 'line_items[1][price]', {
    message: /one currency/,
  });
  await invalid(create({ mode: 'payment', currency: 'eur', line_items: line }), 'line_items[0][price]');
  await invalid(create({ mode: 'payment', currency: 'xyz', line_items: line }), 'currency');
  await invalid(create({ mode: 'payment', line_items: [{ price_data: { currency: 'usd', unit_amount: 10, product_data: { name: 'Gum' } }, quantity: 1 }] }),
    'line_items', { code: 'amount_too_small' });
  await invalid(create({ mode: 'payment', line_items: line, payment_method_types: ['bitcoin'] }), 'payment_method_types[0]');
  await invalid(create({ mode: 'payment', line_items: line, setup_intent_data: { description: 'x' } }), 'setup_intent_data');
  await invalid(create({ mode: 'setup', currency: 'usd', payment_intent_data: { description: 'x' } }), 'payment_intent_data');
  await invalid(create({ mode: 'payment', line_items: line, customer: customer.id, customer_creation: 'always' }), 'customer_creation');
  await invalid(create({ mode: 'payment', line_items: line, ui_mode: 'embedded_page' }), 'ui_mode');
  await invalid(create({ mode: 'payment', line_items: line, after_expiration: { recovery: { enabled: true } } }), 'after_expiration');
  const hosted = await create({ mode: 'payment', line_items: line, ui_mode: 'hosted_page' });
  assert.equal(hosted.ui_mode, 'hosted_page');

  // The edges of expires_at are accepted.
  const soon = await create({ mode: 'payment', line_items: line, expires_at: now + 31 * 60 });
  assert.equal(soon.expires_at, now + 31 * 60);
});

test('list: filters by customer, payment_intent and status; paginates newest first', async () => {
  const customer = await newCustomer(stripe);
  const a = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', customer: customer.id });
  const b = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', customer: customer.id });
  const c = await paymentSession(stripe, { customer: customer.id });
  await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd' });
  await stripe.checkout.sessions.expire(a.id);
  const paid = await submitPage(server, c, card('4242424242424242'));
  assert.equal(paid.status, 303);
  const done = await stripe.checkout.sessions.retrieve(c.id);
  assert.equal(done.status, 'complete');

  const ids = async (params) => (await stripe.checkout.sessions.list({ limit: 100, ...params })).data.map((s) => s.id);
  assert.deepEqual(await ids({ customer: customer.id }), [c.id, b.id, a.id]);
  assert.deepEqual(await ids({ customer: customer.id, status: 'open' }), [b.id]);
  assert.deepEqual(await ids({ customer: customer.id, status: 'expired' }), [a.id]);
  assert.deepEqual(await ids({ customer: customer.id, status: 'complete' }), [c.id]);
  assert.deepEqual(await ids({ payment_intent: done.payment_intent }), [c.id]);
  assert.deepEqual(await ids({ customer: 'cus_nobody' }), []);
  assert.ok((await ids({ status: 'expired' })).includes(a.id));
  assert.ok(!(await ids({ status: 'open' })).includes(a.id));
  assert.deepEqual(await ids({ customer_details: { email: customer.email } }), [c.id]);
  assert.deepEqual(await ids({ customer_details: { email: 'nobody@example.com' }, customer: customer.id }), []);

  const page1 = await stripe.checkout.sessions.list({ customer: customer.id, limit: 2 });
  assert.equal(page1.object, 'list');
  assert.equal(page1.url, '/v1/checkout/sessions');
  assert.deepEqual(page1.data.map((s) => s.id), [c.id, b.id]);
  assert.equal(page1.has_more, true);
  const page2 = await stripe.checkout.sessions.list({ customer: customer.id, limit: 2, starting_after: b.id });
  assert.deepEqual(page2.data.map((s) => s.id), [a.id]);
  assert.equal(page2.has_more, false);
  const back = await stripe.checkout.sessions.list({ customer: customer.id, limit: 2, ending_before: a.id });
  assert.deepEqual(back.data.map((s) => s.id), [c.id, b.id]);
  const all = [];
  for await (const s of stripe.checkout.sessions.list({ customer: customer.id, limit: 1 })) all.push(s.id);
  assert.deepEqual(all, [c.id, b.id, a.id]);
  await invalid(stripe.checkout.sessions.list({ status: 'done' }), 'status');
});

test('expire: status expired, url null, its SetupIntent canceled, checkout.session.expired; twice is refused', async () => {
  const s = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: SUCCESS });
  const mark = await eventMark(stripe);
  const expired = await stripe.checkout.sessions.expire(s.id);
  assert.equal(expired.id, s.id);
  assert.equal(expired.status, 'expired');
  assert.equal(expired.url, null);
  assert.equal(expired.payment_status, 'no_payment_required');
  assert.deepEqual(strip(await stripe.checkout.sessions.retrieve(s.id)), strip(expired));
  const si = await stripe.setupIntents.retrieve(s.setup_intent);
  assert.equal(si.status, 'canceled');
  assert.equal(si.cancellation_reason, 'abandoned');
  const events = await eventsAbout(stripe, [s.id, si.id], mark);
  assert.deepEqual(types(events), ['setup_intent.canceled', 'checkout.session.expired']);
  assert.equal(events[1].data.object.status, 'expired');
  assert.equal(events[1].data.object.id, s.id);

  await invalid(stripe.checkout.sessions.expire(s.id), undefined, {
    message: 'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "expired".',
  });
  await rejectsWith(stripe.checkout.sessions.expire('cs_test_missing'), { status: 404, code: 'resource_missing' });
  const html = await openPage(server, s);
  assert.equal(textOf(html, 'ended'), 'This checkout has expired');
  assert.doesNotMatch(html, /id="submit"/);
  const late = await submitPageRaw(s, card('4242424242424242'));
  assert.equal(late.status, 303, 'a form posted after expiry goes back to the page, which says why');
  assert.equal((await stripe.checkout.sessions.retrieve(s.id)).status, 'expired');

  // A payment-mode session that was paid cannot be expired.
  const p = await paymentSession(stripe);
  assert.equal((await submitPage(server, p, card('4242424242424242'))).status, 303);
  await invalid(stripe.checkout.sessions.expire(p.id), undefined, {
    message: 'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "complete".',
  });
});

// POSTs the form fields straight to the session's page (no GET first: the page may be ended).
async function submitPageRaw(session, fields) {
  const res = await server.request({
    method: 'POST', path: new URL(session.url).pathname,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, location: res.headers.location, text: res.text };
}

test('a payment-mode session whose payment was declined: expiring it cancels its PaymentIntent', async () => {
  const s = await paymentSession(stripe);
  const declined = await submitPage(server, s, card('4000000000000002'));
  assert.equal(declined.status, 200);
  const open = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(open.status, 'open');
  const pi = await stripe.paymentIntents.retrieve(open.payment_intent);
  assert.equal(pi.status, 'requires_payment_method');
  const mark = await eventMark(stripe);
  await stripe.checkout.sessions.expire(s.id);
  const canceled = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(canceled.status, 'canceled');
  assert.equal(canceled.cancellation_reason, 'automatic', 'canceled by Stripe, not the merchant');
  assert.deepEqual(types(await eventsAbout(stripe, [s.id, pi.id], mark)), ['payment_intent.canceled', 'checkout.session.expired']);
});

test('the intents of a session cannot be canceled (nor its SetupIntent confirmed) through the API', async () => {
  const s = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd' });
  await rejectsWith(stripe.setupIntents.cancel(s.setup_intent), {
    type: 'StripeInvalidRequestError', status: 400, code: 'setup_intent_unexpected_state',
    message: /belongs to a Checkout Session/,
  });
  await rejectsWith(stripe.setupIntents.confirm(s.setup_intent, { payment_method: 'pm_card_visa' }), {
    type: 'StripeInvalidRequestError', status: 400, code: 'setup_intent_unexpected_state',
    message: /belongs to a Checkout Session/,
  });
  assert.equal((await stripe.setupIntents.retrieve(s.setup_intent)).status, 'requires_payment_method');
  assert.equal((await stripe.checkout.sessions.retrieve(s.id)).status, 'open');
  // Other SetupIntents are confirmed as before.
  const own = await stripe.setupIntents.create({ payment_method_types: ['card'] });
  assert.equal((await stripe.setupIntents.confirm(own.id, { payment_method: 'pm_card_visa' })).status, 'succeeded');

  const p = await paymentSession(stripe);
  await submitPage(server, p, card('4000000000000002'));
  const { payment_intent: piId } = await stripe.checkout.sessions.retrieve(p.id);
  await rejectsWith(stripe.paymentIntents.cancel(piId), {
    type: 'StripeInvalidRequestError', status: 400, code: 'payment_intent_unexpected_state',
    message: /Checkout Session/,
  });
  assert.equal((await stripe.paymentIntents.retrieve(piId)).status, 'requires_payment_method');

  // Once authorized (capture_method=manual) it can be canceled, and captured.
  const held = await paymentSession(stripe, { payment_intent_data: { capture_method: 'manual' } });
  assert.equal((await submitPage(server, held, card('4242424242424242'))).status, 303);
  const heldSession = await stripe.checkout.sessions.retrieve(held.id);
  assert.equal(heldSession.status, 'complete');
  assert.equal(heldSession.payment_status, 'paid');
  const heldPi = await stripe.paymentIntents.retrieve(heldSession.payment_intent);
  assert.equal(heldPi.status, 'requires_capture');
  assert.equal((await stripe.paymentIntents.cancel(heldPi.id)).status, 'canceled');
});

test('card payment through the page: session complete and paid, PaymentIntent succeeded, checkout.session.completed', async () => {
  const mark = await eventMark(stripe);
  const s = await paymentSession(stripe, {
    amount: 2599, payment_intent_data: { description: 'Order 77', metadata: { order: '77' } },
  });
  const html = await openPage(server, s);
  assert.equal(textOf(html, 'total'), '$25.99');
  assert.equal(textOf(html, 'submit'), 'Pay $25.99');
  assert.equal(textOf(html, 'lines'), 'T-shirt $25.99 Total due $25.99');
  assert.equal(textOf(html, 'error'), null);

  const res = await submitPage(server, s, card('4242 4242 4242 4242', { email: 'pay@example.com', name: 'Pat Payer' }));
  assert.equal(res.status, 303);
  assert.equal(res.location, successFor(s.id));

  const done = await stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] });
  assert.equal(done.status, 'complete');
  assert.equal(done.payment_status, 'paid');
  assert.equal(done.url, null);
  assert.equal(done.customer, null, 'no customer unless customer_creation=always');
  assert.deepEqual(done.customer_details, {
    address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
    business_name: null, email: 'pay@example.com', individual_name: null, name: 'Pat Payer',
    phone: null, tax_exempt: 'none', tax_ids: [],
  });
  const pi = done.payment_intent;
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.amount, 2599);
  assert.equal(pi.amount_received, 2599);
  assert.equal(pi.currency, 'usd');
  assert.equal(pi.description, 'Order 77');
  assert.deepEqual(pi.metadata, { order: '77' });
  assert.equal(pi.receipt_email, 'pay@example.com');
  const pm = await stripe.paymentMethods.retrieve(pi.payment_method);
  assert.equal(pm.card.last4, '4242');
  assert.equal(pm.card.exp_month, 12);
  assert.equal(pm.card.exp_year, 2034);
  assert.equal(pm.billing_details.name, 'Pat Payer');
  assert.equal(pm.billing_details.email, 'pay@example.com');

  const t = await eventTypes([s.id, pi.id], mark, 'checkout.session.completed');
  assert.deepEqual(t, ['payment_intent.created', 'payment_intent.succeeded', 'checkout.session.completed']);
  const [completed] = (await eventsAbout(stripe, [s.id], mark));
  assert.equal(completed.data.object.status, 'complete');
  assert.equal(completed.data.object.payment_status, 'paid');
  assert.equal(completed.data.object.payment_intent, pi.id);

  // The page now says it is done, and links back to success_url.
  const ended = await openPage(server, s);
  assert.equal(textOf(ended, 'ended'), 'Thank you');
  assert.match(ended, new RegExp(`id="back"[^>]*>|href="${successFor(s.id).replace(/[?.]/g, '\\$&')}"`));
  const again = await submitPageRaw(s, card('4242424242424242'));
  assert.equal(again.status, 303);
  assert.equal((await stripe.paymentIntents.list({ limit: 3 })).data.filter((p) => p.id !== pi.id && p.amount === 2599 && p.description === 'Order 77').length, 0,
    'a second post after completion pays nothing more');
});

test('a known email (customer_email, or the customer\'s) is not asked for and fills customer_details', async () => {
  const s = await paymentSession(stripe, { customer_email: 'known@example.com' });
  assert.equal(s.customer_email, 'known@example.com');
  const html = await openPage(server, s);
  assert.equal(textOf(html, 'email-known'), 'known@example.com');
  assert.doesNotMatch(html, /id="email"/);
  const res = await submitPage(server, s, card('4242424242424242', { email: null }));
  assert.equal(res.status, 303, `posted without email: ${textOf(res.text, 'error')}`);
  const done = await stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] });
  assert.equal(done.status, 'complete');
  assert.equal(done.customer_details.email, 'known@example.com');
  assert.equal(done.payment_intent.receipt_email, 'known@example.com');

  const customer = await newCustomer(stripe, { name: 'Kim' });
  const c = await paymentSession(stripe, { customer: customer.id });
  assert.equal(textOf(await openPage(server, c), 'email-known'), customer.email);
  assert.equal((await submitPage(server, c, card('4242424242424242', { email: null }))).status, 303);
  const paid = await stripe.checkout.sessions.retrieve(c.id, { expand: ['payment_intent'] });
  assert.equal(paid.customer, customer.id);
  assert.equal(paid.customer_details.email, customer.email);
  assert.equal(paid.payment_intent.customer, customer.id);
});

test('the form\'s own checks: what is missing or wrong is shown in #error and nothing is paid', async () => {
  const s = await paymentSession(stripe);
  const cases = [
    [{ ...card('4242424242424242'), email: '' }, 'Enter your email address.'],
    [{ ...card('4242424242424242'), email: 'not-an-email' }, 'Your email address is invalid.'],
    [{ ...card('4242424242424242'), name: '' }, 'Enter the name on your card.'],
    [card(''), 'Your card number is incomplete.'],
    [card('4242424242424242', { expiry: '' }), 'Your card\'s expiration date is incomplete.'],
    [card('4242424242424242', { cvc: '' }), 'Your card\'s security code is incomplete.'],
    [{ ...card('4242424242424242'), method: 'sepa_debit' }, 'Choose a payment method.'],
    [card('4242424242424241'), 'Your card number is incorrect.'],
    [card('4242424242424242', { expiry: '01 / 20' }), 'Your card\'s expiration year is invalid.'],
  ];
  for (const [fields, message] of cases) {
    const res = await submitPage(server, s, fields);
    assert.equal(res.status, 200, message);
    assert.equal(textOf(res.text, 'error'), message);
    assert.match(res.text, /role="alert"/);
  }
  const still = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(still.status, 'open');
  // What was typed (but never the card number) is kept.
  const res = await submitPage(server, s, { ...card(''), email: 'kept@example.com', name: 'Kept Name' });
  assert.match(res.text, /id="email"[^>]*value="kept@example\.com"/);
  assert.match(res.text, /id="name"[^>]*value="Kept Name"/);
  assert.doesNotMatch(res.text, /id="card-number"[^>]*value="[^"]/);
});

test('a declined card is shown on the page; a retry with another card pays on the same PaymentIntent', async () => {
  const mark = await eventMark(stripe);
  const s = await paymentSession(stripe, { amount: 1200 });
  const declined = await submitPage(server, s, card('4000000000000002'));
  assert.equal(declined.status, 200);
  assert.equal(textOf(declined.text, 'error'), 'Your card was declined.');
  const open = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(open.status, 'open');
  assert.equal(open.payment_status, 'unpaid');
  assert.match(open.payment_intent, /^pi_/);
  assert.match(open.url, new RegExp(`${s.id}$`));
  const failed = await stripe.paymentIntents.retrieve(open.payment_intent);
  assert.equal(failed.status, 'requires_payment_method');
  assert.equal(failed.last_payment_error.code, 'card_declined');

  const paid = await submitPage(server, s, card('4242424242424242'));
  assert.equal(paid.status, 303);
  assert.equal(paid.location, successFor(s.id));
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(done.status, 'complete');
  assert.equal(done.payment_status, 'paid');
  assert.equal(done.payment_intent, open.payment_intent);
  assert.equal((await stripe.paymentIntents.retrieve(done.payment_intent)).status, 'succeeded');
  const t = await eventTypes([s.id, done.payment_intent], mark, 'checkout.session.completed');
  assert.deepEqual(t, ['payment_intent.created', 'payment_intent.payment_failed', 'payment_intent.succeeded', 'checkout.session.completed']);
});

test('customer_creation=always makes a customer with the email and name typed', async () => {
  const mark = await eventMark(stripe);
  const s = await paymentSession(stripe, { customer_creation: 'always' });
  assert.equal(s.customer_creation, 'always');
  assert.equal(s.customer, null);
  const email = `${randomUUID()}@example.com`;
  assert.equal((await submitPage(server, s, card('4242424242424242', { email, name: 'Cam Created' }))).status, 303);
  const done = await stripe.checkout.sessions.retrieve(s.id, { expand: ['customer', 'payment_intent'] });
  assert.equal(done.status, 'complete');
  assert.match(done.customer.id, /^cus_/);
  assert.equal(done.customer.email, email);
  assert.equal(done.customer.name, 'Cam Created');
  assert.equal(done.payment_intent.customer, done.customer.id);
  assert.equal(done.customer_details.email, email);
  const t = await eventTypes([s.id, done.customer.id], mark, 'checkout.session.completed');
  assert.deepEqual(t, ['customer.created', 'checkout.session.completed']);
  assert.deepEqual((await stripe.checkout.sessions.list({ customer: done.customer.id })).data.map((x) => x.id), [s.id]);

  // if_required (the default) makes none.
  const guest = await paymentSession(stripe);
  assert.equal((await submitPage(server, guest, card('4242424242424242', { email }))).status, 303);
  assert.equal((await stripe.checkout.sessions.retrieve(guest.id)).customer, null);
});

test('SEPA Direct Debit: complete and unpaid, then async_payment_succeeded and paid', async () => {
  const mark = await eventMark(stripe);
  const s = await paymentSession(stripe, { currency: 'eur', amount: 4200 });
  assert.deepEqual(s.payment_method_types, ['card', 'sepa_debit']);
  const res = await submitPage(server, s, sepa('DE89370400440532013000'));
  assert.equal(res.status, 303);
  assert.equal(res.location, successFor(s.id));
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(done.status, 'complete');
  assert.equal(done.payment_status, 'unpaid', 'the debit has not settled yet');
  const pi = await stripe.paymentIntents.retrieve(done.payment_intent);
  assert.equal(pi.status, 'processing');
  assert.equal(pi.amount, 4200);
  assert.equal(pi.currency, 'eur');
  const pm = await stripe.paymentMethods.retrieve(pi.payment_method);
  assert.equal(pm.type, 'sepa_debit');
  assert.equal(pm.sepa_debit.last4, '3000');

  const t = await eventTypes([s.id], mark, 'checkout.session.async_payment_succeeded');
  assert.deepEqual(t, ['checkout.session.completed', 'checkout.session.async_payment_succeeded']);
  const paid = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(paid.payment_status, 'paid');
  assert.equal(paid.status, 'complete');
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'succeeded');
  const [completed, succeeded] = await eventsAbout(stripe, [s.id], mark);
  assert.equal(completed.data.object.payment_status, 'unpaid');
  assert.equal(succeeded.data.object.payment_status, 'paid');
});

test('SEPA Direct Debit that fails to settle: checkout.session.async_payment_failed, still unpaid', async () => {
  const mark = await eventMark(stripe);
  const s = await paymentSession(stripe, { currency: 'eur', amount: 4300 });
  assert.equal((await submitPage(server, s, sepa('DE62370400440532013001'))).status, 303);
  const t = await eventTypes([s.id], mark, 'checkout.session.async_payment_failed');
  assert.deepEqual(t, ['checkout.session.completed', 'checkout.session.async_payment_failed']);
  const after = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(after.status, 'complete');
  assert.equal(after.payment_status, 'unpaid');
  const pi = await stripe.paymentIntents.retrieve(after.payment_intent);
  assert.equal(pi.status, 'requires_payment_method');
  assert.equal(pi.last_payment_error.code, 'generic_could_not_process');
});

test('a payment confirmed again after its debit failed is not the session\'s: no second async event', async () => {
  const mark = await eventMark(stripe);
  const s = await paymentSession(stripe, { currency: 'eur', amount: 4400 });
  assert.equal((await submitPage(server, s, sepa('DE62370400440532013001'))).status, 303);
  await eventTypes([s.id], mark, 'checkout.session.async_payment_failed');
  const { payment_intent: piId } = await stripe.checkout.sessions.retrieve(s.id);
  const paid = await stripe.paymentIntents.confirm(piId, { payment_method: 'pm_card_visa' });
  assert.equal(paid.status, 'succeeded');
  const after = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(after.payment_status, 'unpaid');
  assert.deepEqual(types(await eventsAbout(stripe, [s.id], mark)),
    ['checkout.session.completed', 'checkout.session.async_payment_failed']);
});

test('capturing a session\'s held payment leaves the session as it was: paid, no async event', async () => {
  const mark = await eventMark(stripe);
  const s = await paymentSession(stripe, { payment_intent_data: { capture_method: 'manual' } });
  assert.equal((await submitPage(server, s, card('4242424242424242'))).status, 303);
  const { payment_intent: piId } = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal((await stripe.paymentIntents.capture(piId)).status, 'succeeded');
  const after = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(after.status, 'complete');
  assert.equal(after.payment_status, 'paid');
  assert.deepEqual(types(await eventsAbout(stripe, [s.id], mark)), ['checkout.session.completed']);
});

test('3-D Secure through the page: completed authentication completes the session; failed shows the page again', async () => {
  const s = await paymentSession(stripe, { amount: 3100 });
  const res = await submitPage(server, s, card('4000002760003184'));
  assert.equal(res.status, 303);
  const waiting = await stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] });
  assert.equal(waiting.status, 'open');
  const pi = waiting.payment_intent;
  assert.equal(pi.status, 'requires_action');
  assert.equal(res.location, authenticationUrl(pi));
  const back = await authenticate(server, pi, 'fail');
  assert.equal(back.status, 303);
  const returnUrl = new URL(back.location);
  assert.equal(returnUrl.pathname, `${new URL(s.url).pathname}/return`);
  assert.equal(returnUrl.searchParams.get('payment_intent'), pi.id);
  const page = await follow(server, back.location);
  assert.equal(page.status, 303, 'back to the checkout page');
  assert.equal(page.location, s.url);
  const shown = await openPage(server, s);
  assert.equal(textOf(shown, 'error'),
    'We are unable to authenticate your payment method. Please choose a different payment method and try again.');
  assert.equal((await stripe.checkout.sessions.retrieve(s.id)).status, 'open');

  const retry = await submitPage(server, s, card('4000002760003184'));
  const again = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(retry.location, authenticationUrl(again));
  const mark = await eventMark(stripe);
  const ok = await authenticate(server, again, 'complete');
  // The session completes with the authentication, before (and whether or not) the browser
  // comes back to the page.
  const completed = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(completed.status, 'complete');
  assert.equal(completed.payment_status, 'paid');
  assert.deepEqual(await eventTypes([s.id], mark, 'checkout.session.completed'), ['checkout.session.completed']);
  const done = await follow(server, ok.location);
  assert.equal(done.status, 303);
  assert.equal(done.location, successFor(s.id));
  const session = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(session.status, 'complete');
  assert.equal(session.payment_status, 'paid');
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'succeeded');
});

test('a decline after a completed 3-D Secure (4000008260003178) is shown in the decline\'s words', async () => {
  const s = await paymentSession(stripe);
  await submitPage(server, s, card('4000008260003178'));
  const pi = await stripe.paymentIntents.retrieve((await stripe.checkout.sessions.retrieve(s.id)).payment_intent);
  const ok = await authenticate(server, pi, 'complete');
  const back = await follow(server, ok.location);
  assert.equal(back.location, s.url);
  assert.equal(textOf(await openPage(server, s), 'error'), 'Your card has insufficient funds.');
  assert.equal((await stripe.checkout.sessions.retrieve(s.id)).status, 'open');
  const failed = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(failed.status, 'requires_payment_method');
  assert.equal(failed.last_payment_error.decline_code, 'insufficient_funds');
});

test('3-D Secure left unfinished: back on the page, another card pays on the same PaymentIntent', async () => {
  const s = await paymentSession(stripe, { amount: 1700 });
  const res = await submitPage(server, s, card('4000002760003184'));
  const { payment_intent: piId } = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(res.location, authenticationUrl(await stripe.paymentIntents.retrieve(piId)));
  const paid = await submitPage(server, s, card('4242424242424242'));
  assert.equal(paid.location, successFor(s.id));
  const done = await stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent.payment_method'] });
  assert.equal(done.status, 'complete');
  assert.equal(done.payment_intent.id, piId);
  assert.equal(done.payment_intent.status, 'succeeded');
  assert.equal(done.payment_intent.payment_method.card.last4, '4242');
});

test('an expired session ends the 3-D Secure its PaymentIntent waits for', async () => {
  const s = await paymentSession(stripe);
  await submitPage(server, s, card('4000002760003184'));
  const waiting = await stripe.paymentIntents.retrieve((await stripe.checkout.sessions.retrieve(s.id)).payment_intent);
  assert.equal(waiting.status, 'requires_action');
  await stripe.checkout.sessions.expire(s.id);
  const canceled = await stripe.paymentIntents.retrieve(waiting.id);
  assert.equal(canceled.status, 'canceled');
  assert.equal(canceled.next_action, null);
  const page = await follow(server, authenticationUrl(waiting));
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /id="complete"/, 'nothing left to authenticate');
});

test('what the merchant wrote is escaped on the page', async () => {
  const s = await paymentSession(stripe, { name: '<script>alert(1)</script> & "more"' });
  const html = await openPage(server, s);
  assert.doesNotMatch(html, /<script>alert/);
  assert.equal(textOf(html, 'lines'), '<script>alert(1)</script> & "more" $20.00 Total due $20.00');
});

test('seed 003: setup session completed → session → SetupIntent → payment_method → off-session payment', async () => {
  const customer = await newCustomer(stripe);
  const mark = await eventMark(stripe);
  const s = await stripe.checkout.sessions.create({
    mode: 'setup', currency: 'usd', customer: customer.id, success_url: SUCCESS,
  });
  const html = await openPage(server, s);
  assert.match(textOf(html, 'setup-notice'), /You will not be charged now/);
  assert.equal(textOf(html, 'submit'), 'Save');
  const res = await submitPage(server, s, card('4242424242424242', { email: null }));
  assert.equal(res.status, 303);
  assert.equal(res.location, successFor(s.id));

  const session = await stripe.checkout.sessions.retrieve(new URL(res.location).searchParams.get('session_id'));
  assert.equal(session.status, 'complete');
  assert.equal(session.payment_status, 'no_payment_required');
  assert.equal(session.customer, customer.id);
  assert.equal(session.customer_details.email, customer.email);
  const si = await stripe.setupIntents.retrieve(session.setup_intent);
  assert.equal(si.status, 'succeeded');
  assert.equal(si.customer, customer.id);
  const pm = await stripe.paymentMethods.retrieve(si.payment_method);
  assert.equal(pm.customer, customer.id, 'the payment method is attached to the session\'s customer');
  assert.equal(pm.card.last4, '4242');
  const t = await eventTypes([s.id, si.id, pm.id], mark, 'checkout.session.completed');
  assert.deepEqual(t, ['setup_intent.created', 'payment_method.attached', 'setup_intent.succeeded', 'checkout.session.completed']);

  const pi = await stripe.paymentIntents.create({
    amount: 1099, currency: 'usd', customer: customer.id, payment_method: pm.id, off_session: true, confirm: true,
  });
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.amount_received, 1099);

  // The same through expand, in one request.
  const expanded = await stripe.checkout.sessions.retrieve(s.id, { expand: ['setup_intent.payment_method'] });
  assert.equal(expanded.setup_intent.payment_method.id, pm.id);
});

test('seed 003 with 4000002760003184: set up through 3-D Secure, the off-session payment needs authentication (402)', async () => {
  const customer = await newCustomer(stripe);
  const s = await stripe.checkout.sessions.create({
    mode: 'setup', currency: 'usd', customer: customer.id, success_url: SUCCESS,
  });
  const res = await submitPage(server, s, card('4000002760003184', { email: null }));
  assert.equal(res.status, 303);
  const si = await stripe.setupIntents.retrieve(s.setup_intent);
  assert.equal(si.status, 'requires_action');
  assert.equal(res.location, authenticationUrl(si));
  const ok = await authenticate(server, si, 'complete');
  assert.equal((await stripe.checkout.sessions.retrieve(s.id)).status, 'complete', 'complete before the browser is back');
  const returned = new URL(ok.location);
  assert.equal(returned.searchParams.get('setup_intent'), si.id);
  const done = await follow(server, ok.location);
  assert.equal(done.status, 303);
  assert.equal(done.location, successFor(s.id));
  const session = await stripe.checkout.sessions.retrieve(s.id, { expand: ['setup_intent'] });
  assert.equal(session.status, 'complete');
  assert.equal(session.setup_intent.status, 'succeeded');
  const pmId = session.setup_intent.payment_method;

  const err = await rejectsWith(stripe.paymentIntents.create({
    amount: 1099, currency: 'usd', customer: customer.id, payment_method: pmId, off_session: true, confirm: true,
  }), { type: 'StripeCardError', status: 402, code: 'authentication_required' });
  const pi = err.raw.payment_intent;
  assert.equal(pi.status, 'requires_payment_method');
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_payment_method');
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).last_payment_error.code, 'authentication_required');
});

test('a setup session whose 3-D Secure failed can be retried with another card', async () => {
  const s = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: SUCCESS });
  await submitPage(server, s, card('4000002760003184'));
  const si = await stripe.setupIntents.retrieve(s.setup_intent);
  const failed = await authenticate(server, si, 'fail');
  const back = await follow(server, failed.location);
  assert.equal(back.location, s.url);
  assert.equal(textOf(await openPage(server, s), 'error'),
    'We are unable to authenticate your payment method. Please choose a different payment method and try again.');
  const declined = await submitPage(server, s, card('4000000000000002'));
  assert.equal(declined.status, 200);
  assert.equal(textOf(declined.text, 'error'), 'Your card was declined.');
  const ok = await submitPage(server, s, card('5555555555554444'));
  assert.equal(ok.location, successFor(s.id));
  const done = await stripe.checkout.sessions.retrieve(s.id, { expand: ['setup_intent.payment_method'] });
  assert.equal(done.status, 'complete');
  assert.equal(done.customer, null);
  assert.equal(done.setup_intent.payment_method.card.last4, '4444');
  assert.equal(done.customer_details.email, 'jenny@example.com');
});

test('the expiry job ends open sessions (serve --checkout-expiry), not completed ones', async () => {
  const quick = await startServer({ args: ['--checkout-expiry', '1s'] });
  try {
    const api = quick.stripe();
    const mark = await eventMark(api);
    const setup = await api.checkout.sessions.create({ mode: 'setup', currency: 'usd' });
    const pay = await paymentSession(api);
    const paid = await paymentSession(api);
    assert.equal((await submitPage(quick, paid, card('4242424242424242'))).status, 303);
    const expired = await eventually(async () => {
      const s = await api.checkout.sessions.retrieve(setup.id);
      const p = await api.checkout.sessions.retrieve(pay.id);
      return s.status === 'expired' && p.status === 'expired' && [s, p];
    }, { timeoutMs: 10000, message: 'sessions expired by the job' });
    assert.equal(expired[0].url, null);
    assert.equal((await api.setupIntents.retrieve(setup.setup_intent)).status, 'canceled');
    const t = await eventually(async () => {
      const e = types(await eventsAbout(api, [setup.id, pay.id, paid.id], mark));
      return e.filter((x) => x === 'checkout.session.expired').length === 2 && e;
    }, { timeoutMs: 5000, message: 'two checkout.session.expired' });
    assert.deepEqual(t.filter((x) => x.startsWith('checkout.')).sort(),
      ['checkout.session.completed', 'checkout.session.expired', 'checkout.session.expired']);
    assert.equal((await api.checkout.sessions.retrieve(paid.id)).status, 'complete');
    assert.equal(textOf(await openPage(quick, pay), 'ended'), 'This checkout has expired');
  } finally {
    await quick.stop();
  }
});
