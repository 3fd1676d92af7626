// The seeds in /work/shared/seeds as tests.
//
// Seed 002 (Stripe docs, "Payments line items": multicapture and overcapture with
// amount_details): each curl example is sent VERBATIM over raw HTTP — the same -d arguments in
// the same order, joined with '&' exactly as curl -d joins them (curl does not encode -d data,
// so brackets and the space in "Product 001" go on the wire as they are), with curl -u's Basic
// auth and the harness's test key — chaining the created intent's id where the seed says
// pi_xxxxxxxx. Every field the seed's response JSON shows is compared with the response, field
// for field (the seed abbreviates with "...": fields it does not show are not compared).
//
// Then the rules seed 002 states in prose, through stripe-node: the line items list endpoint,
// arithmetic validation, what the first and later captures must / cannot carry, postal codes,
// and line items only appearing when expanded.
//
// Seed 001 (Stripe docs, "How PaymentIntents and SetupIntents work": the status state machine)
// is already covered statement by statement in payment_intents.test.mjs, so it is not repeated
// here:
//   requires_payment_method when created       'create: requires_payment_method with Stripe's defaults ...'
//   requires_confirmation with a method        'create with a payment method is requires_confirmation; confirm then succeeds'
//   requires_action for 3-D Secure             '4000002760003184: requires_action ...', '3-D Secure page: ...'
//   processing for bank debits                 'SEPA pm_success_de: processing ...', 'ACH pm_usBankAccount_success ...'
//   requires_capture with manual capture       'manual capture: requires_capture holds the amount ...'
//   succeeded                                  the brand, confirm and capture tests
//   a failed attempt -> requires_payment_method, retried on the same intent
//                                              'a decline, then a retry with another card succeeds on the same intent',
//                                              '3-D Secure page: ... failing returns to requires_payment_method'
//   cancel before processing/succeeded; held funds released; canceled is final
//                                              'cancel from requires_payment_method, requires_confirmation and requires_action ...',
//                                              'cancel from requires_capture releases the held funds',
//                                              'cancel from succeeded is refused ...; canceled is final'
//   cancel in processing only for US bank accounts
//                                              'cancel while processing: allowed for a US bank account debit, not for SEPA'
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from './harness.mjs';
import { rejectsWith } from './payment_helpers.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server?.stop());

// ---------------------------------------------------------------------------------------------
// Sending a seed's curl request as curl does.

// `curl -u "KEY:"`: Basic auth with the key as user name and an empty password.
const curlAuth = () => ({ Authorization: `Basic ${Buffer.from(`${server.secretKey}:`).toString('base64')}` });

// `curl URL -u KEY: -d a -d b ...`: a POST with the -d arguments joined by '&', unencoded, as
// application/x-www-form-urlencoded. Resolves with {status, json, text}.
async function curl(path, dArgs) {
  const body = dArgs.join('&');
  const res = await server.request({
    method: 'POST', path, body,
    headers: { ...curlAuth(), 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
  });
  assert.ok(res.json, `POST ${path}: not JSON: ${res.text.slice(0, 300)}`);
  return res;
}

async function get(path) {
  const res = await server.request({ path, headers: curlAuth() });
  assert.ok(res.json, `GET ${path}: not JSON: ${res.text.slice(0, 300)}`);
  return res;
}

// The seed's pi_xxxxxxxx placeholder, replaced by the chained intent's id.
const capturePath = (id) => '/v1/payment_intents/pi_xxxxxxxx/capture'.replace('pi_xxxxxxxx', id);

// ---------------------------------------------------------------------------------------------
// Comparing a response with the seed's (abbreviated) JSON.

// `actual` projected onto the keys `seed` shows, recursively, so that deepEqual compares exactly
// the fields the seed shows (and shows the difference when one is off).
//
// One deliberate difference: the seed's abbreviated JSON shows an expanded
// amount_details.line_items as a bare array, while intentd renders it as a Stripe list object
// {object: "list", data: [...], has_more, url} — the shape stripe-node's types declare
// (PaymentIntent.AmountDetails.line_items?: ApiList<PaymentIntentAmountDetailsLineItem>). So
// the seed's array is compared with the list's `.data` (and the list envelope is checked
// separately, in assertLineItemsList).
function project(actual, seed, path = '') {
  if (Array.isArray(seed)) {
    let arr = actual;
    if (path === '.amount_details.line_items') {
      assert.equal(actual?.object, 'list', `${path} is a list object`);
      arr = actual.data;
    }
    assert.ok(Array.isArray(arr), `${path} is an array in the response: ${JSON.stringify(actual)}`);
    return arr.map((v, i) => (i < seed.length ? project(v, seed[i], `${path}[${i}]`) : v));
  }
  if (seed !== null && typeof seed === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return actual;
    const out = {};
    for (const k of Object.keys(seed)) {
      if (k in actual) out[k] = project(actual[k], seed[k], `${path}.${k}`);
    }
    return out;
  }
  return actual;
}

function assertMatchesSeed(res, seed, label) {
  assert.equal(res.status, 200, `${label}: ${res.status} ${res.text.slice(0, 500)}`);
  assert.deepEqual(project(res.json, seed), seed, label);
}

// The list envelope of an expanded amount_details.line_items, and the items' own fields.
function assertLineItemsList(pi, count) {
  const list = pi.amount_details.line_items;
  assert.equal(list.object, 'list');
  assert.equal(list.has_more, false);
  assert.equal(list.url, `/v1/payment_intents/${pi.id}/amount_details_line_items`);
  assert.equal(list.data.length, count);
  for (const item of list.data) {
    assert.match(item.id, /^uli_[A-Za-z0-9]+$/);
    assert.equal(item.object, 'payment_intent_amount_details_line_item');
  }
  assert.equal(new Set(list.data.map((i) => i.id)).size, count, 'distinct line item ids');
}

// ---------------------------------------------------------------------------------------------
// Seed 002, verbatim. The -d arguments below are the seed's, with the shell quoting removed
// (`-d "amount_details[line_items][0][product_name]"="Product 001"` is the argument
// `amount_details[line_items][0][product_name]=Product 001`).

const LINE_ITEMS_2 = [
  'amount_details[line_items][0][product_code]=SKU001',
  'amount_details[line_items][0][product_name]=Product 001',
  'amount_details[line_items][0][unit_cost]=2000',
  'amount_details[line_items][0][quantity]=1',
  'amount_details[line_items][0][unit_of_measure]=feet',
  'amount_details[line_items][0][payment_method_options][card][commodity_code]=123123',
  'amount_details[line_items][1][product_code]=SKU002',
  'amount_details[line_items][1][product_name]=Product 002',
  'amount_details[line_items][1][unit_cost]=2000',
  'amount_details[line_items][1][quantity]=1',
  'amount_details[line_items][1][unit_of_measure]=gallons',
  'amount_details[line_items][1][payment_method_options][card][commodity_code]=123123',
];

// "Einen nicht erfassten PaymentIntent erstellen und bestätigen" (multicapture), and the same
// for overcapture with request_overcapture in place of request_multicapture.
const createArgs = (request) => [
  'amount=4600',
  'currency=usd',
  'payment_method_types[0]=card',
  'payment_method=pm_card_visa',
  `payment_method_options[card][${request}]=if_available`,
  'payment_details[customer_reference]=customer_reference',
  'payment_details[order_reference]=order_reference',
  'amount_details[discount_amount]=200',
  'amount_details[tax][total_tax_amount]=400',
  'amount_details[shipping][from_postal_code]=94110',
  'amount_details[shipping][to_postal_code]=94117',
  'amount_details[shipping][amount]=400',
  ...LINE_ITEMS_2,
  'confirm=true',
  'capture_method=manual',
  'expand[0]=amount_details.line_items',
];
const SEED_MULTICAPTURE_CREATE = createArgs('request_multicapture');
const SEED_OVERCAPTURE_CREATE = createArgs('request_overcapture');

// The two multicapture captures: 2300 each, final_capture=false, one line item each.
const multicaptureArgs = (item) => [
  'amount_to_capture=2300',
  'payment_details[customer_reference]=customer_reference',
  'payment_details[order_reference]=order_reference',
  'amount_details[discount_amount]=100',
  'amount_details[tax][total_tax_amount]=200',
  'amount_details[shipping][from_postal_code]=94110',
  'amount_details[shipping][to_postal_code]=94117',
  'amount_details[shipping][amount]=200',
  ...item,
  'final_capture=false',
  'expand[0]=amount_details.line_items',
];
const SEED_MULTICAPTURE_CAPTURE_1 = multicaptureArgs([
  'amount_details[line_items][0][product_code]=SKU001',
  'amount_details[line_items][0][product_name]=Product 001',
  'amount_details[line_items][0][unit_cost]=2000',
  'amount_details[line_items][0][quantity]=1',
  'amount_details[line_items][0][unit_of_measure]=feet',
  'amount_details[line_items][0][payment_method_options][card][commodity_code]=123123',
]);
const SEED_MULTICAPTURE_CAPTURE_2 = multicaptureArgs([
  'amount_details[line_items][0][product_code]=SKU002',
  'amount_details[line_items][0][product_name]=Product 002',
  'amount_details[line_items][0][unit_cost]=2000',
  'amount_details[line_items][0][quantity]=1',
  'amount_details[line_items][0][unit_of_measure]=gallons',
  'amount_details[line_items][0][payment_method_options][card][commodity_code]=123123',
]);

// The overcapture capture: 5000 of a 4600 authorization.
const SEED_OVERCAPTURE_CAPTURE = [
  'amount_to_capture=5000',
  'payment_details[customer_reference]=customer_reference',
  'payment_details[order_reference]=order_reference',
  'amount_details[discount_amount]=200',
  'amount_details[tax][total_tax_amount]=600',
  'amount_details[shipping][from_postal_code]=94110',
  'amount_details[shipping][to_postal_code]=94117',
  'amount_details[shipping][amount]=600',
  ...LINE_ITEMS_2,
  'expand[0]=amount_details.line_items',
];

// The seed's response JSON (its "..." dropped).
const SEED_ITEM_1 = {
  product_code: 'SKU001', product_name: 'Product 001', unit_cost: 2000, quantity: 1, unit_of_measure: 'feet',
  payment_method_options: { card: { commodity_code: '123123' } },
};
const SEED_ITEM_2 = {
  product_code: 'SKU002', product_name: 'Product 002', unit_cost: 2000, quantity: 1, unit_of_measure: 'gallons',
  payment_method_options: { card: { commodity_code: '123123' } },
};
const SEED_PAYMENT_DETAILS = { customer_reference: 'customer_reference', order_reference: 'order_reference' };
const seedDetails = (discount, tax, shipping, items) => ({
  discount_amount: discount,
  tax: { total_tax_amount: tax },
  shipping: { from_postal_code: '94110', to_postal_code: '94117', amount: shipping },
  line_items: items,
});

const SEED_CREATED = {
  amount: 4600, amount_capturable: 4600, amount_received: 0, payment_details: SEED_PAYMENT_DETAILS,
  amount_details: seedDetails(200, 400, 400, [SEED_ITEM_1, SEED_ITEM_2]),
};
const SEED_MULTICAPTURE_AFTER_1 = {
  amount: 4600, amount_capturable: 2300, amount_received: 2300, payment_details: SEED_PAYMENT_DETAILS,
  amount_details: seedDetails(100, 200, 200, [SEED_ITEM_1]),
  status: 'requires_capture',
};
const SEED_MULTICAPTURE_AFTER_2 = {
  amount: 4600, amount_capturable: 0, amount_received: 4600, payment_details: SEED_PAYMENT_DETAILS,
  amount_details: seedDetails(200, 400, 400, [SEED_ITEM_1, SEED_ITEM_2]),
  status: 'succeeded',
};
const SEED_OVERCAPTURED = {
  amount: 5000, amount_capturable: 0, amount_received: 5000, payment_details: SEED_PAYMENT_DETAILS,
  amount_details: seedDetails(200, 600, 600, [SEED_ITEM_1, SEED_ITEM_2]),
  status: 'succeeded',
};

describe('seed 002, verbatim curl requests', () => {
  test('multicapture: create+confirm, capture 2300 (SKU001), capture 2300 (SKU002) -> succeeded', async () => {
    const created = await curl('/v1/payment_intents', SEED_MULTICAPTURE_CREATE);
    assertMatchesSeed(created, SEED_CREATED, 'create');
    // Not shown by the seed (its "..."), but what capture_method=manual&confirm=true means.
    assert.equal(created.json.status, 'requires_capture');
    assert.equal(created.json.capture_method, 'manual');
    assertLineItemsList(created.json, 2);
    const pi = created.json.id;
    assert.match(pi, /^pi_[A-Za-z0-9]+$/);

    const first = await curl(capturePath(pi), SEED_MULTICAPTURE_CAPTURE_1);
    assertMatchesSeed(first, SEED_MULTICAPTURE_AFTER_1, 'first capture');
    assert.equal(first.json.id, pi);
    assertLineItemsList(first.json, 1);

    const second = await curl(capturePath(pi), SEED_MULTICAPTURE_CAPTURE_2);
    assertMatchesSeed(second, SEED_MULTICAPTURE_AFTER_2, 'second capture');
    assertLineItemsList(second.json, 2);
    // "line_items wird über alle Erfassungen hinweg aggregiert": the first capture's item keeps its id.
    assert.equal(second.json.amount_details.line_items.data[0].id, first.json.amount_details.line_items.data[0].id);

    // A later retrieve with the same expand shows the same.
    const again = await get(`/v1/payment_intents/${pi}?expand[0]=amount_details.line_items`);
    assertMatchesSeed(again, SEED_MULTICAPTURE_AFTER_2, 'retrieve after the captures');
    assert.deepEqual(again.json.amount_details, second.json.amount_details);
  });

  test('overcapture: create+confirm, capture 5000 of 4600 -> succeeded, amount 5000', async () => {
    const created = await curl('/v1/payment_intents', SEED_OVERCAPTURE_CREATE);
    assertMatchesSeed(created, SEED_CREATED, 'create');
    assert.equal(created.json.status, 'requires_capture');
    assertLineItemsList(created.json, 2);
    const pi = created.json.id;

    const captured = await curl(capturePath(pi), SEED_OVERCAPTURE_CAPTURE);
    assertMatchesSeed(captured, SEED_OVERCAPTURED, 'capture');
    assertLineItemsList(captured.json, 2);
    // The first capture replaces the creation's details: these are the capture's items.
    assert.notDeepEqual(captured.json.amount_details.line_items.data.map((i) => i.id),
      created.json.amount_details.line_items.data.map((i) => i.id));
  });

  test('the same create, URL-encoded as the SDKs send it, answers the same', async () => {
    // What stripe-node or `curl --data-urlencode` would send: brackets %5B%5D, the space as '+'.
    const encoded = SEED_MULTICAPTURE_CREATE.map((a) => {
      const i = a.indexOf('=');
      return `${encodeURIComponent(a.slice(0, i))}=${encodeURIComponent(a.slice(i + 1)).replace(/%20/g, '+')}`;
    });
    assertMatchesSeed(await curl('/v1/payment_intents', encoded), SEED_CREATED, 'encoded create');
  });
});

// ---------------------------------------------------------------------------------------------
// Seed 002's rules, through stripe-node.

const visaItem = (code, unitCost = 2000, extra = {}) => ({
  product_code: code, product_name: `Product ${code}`, unit_cost: unitCost, quantity: 1, ...extra,
});

// A manual-capture authorization of `amount` (multicapture unless told otherwise).
const authorize = (params = {}, { multicapture = true } = {}) => stripe.paymentIntents.create({
  amount: 4000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual',
  ...(multicapture ? { payment_method_options: { card: { request_multicapture: 'if_available' } } } : {}),
  ...params,
});

// Two 2000 items, tax 100, shipping 100, discount 200: 4000.
const DETAILS_4000 = {
  discount_amount: 200,
  tax: { total_tax_amount: 100 },
  shipping: { amount: 100, from_postal_code: '94110', to_postal_code: '94117' },
  line_items: [visaItem('A1'), visaItem('A2')],
};
// One 2000 item: 2000.
const details2000 = (code, extra = {}) => ({ line_items: [visaItem(code)], ...extra });

const expandItems = { expand: ['amount_details.line_items'] };

describe('seed 002 rules', () => {
  test('GET /v1/payment_intents/:id/amount_details_line_items lists the items in order, paginated', async () => {
    const pi = await authorize({ amount_details: DETAILS_4000 });
    const all = await stripe.paymentIntents.listAmountDetailsLineItems(pi.id);
    assert.equal(all.object, 'list');
    assert.equal(all.url, `/v1/payment_intents/${pi.id}/amount_details_line_items`);
    assert.equal(all.has_more, false);
    assert.deepEqual(all.data.map((i) => i.product_code), ['A1', 'A2']);
    for (const item of all.data) {
      assert.match(item.id, /^uli_/);
      assert.equal(item.object, 'payment_intent_amount_details_line_item');
      assert.equal(item.unit_cost, 2000);
      assert.equal(item.quantity, 1);
    }
    // The same items as the expansion.
    const expanded = await stripe.paymentIntents.retrieve(pi.id, expandItems);
    assert.deepEqual(expanded.amount_details.line_items.data, all.data);

    const page = await stripe.paymentIntents.listAmountDetailsLineItems(pi.id, { limit: 1 });
    assert.equal(page.has_more, true);
    assert.deepEqual(page.data.map((i) => i.id), [all.data[0].id]);
    const next = await stripe.paymentIntents.listAmountDetailsLineItems(pi.id, { limit: 1, starting_after: page.data[0].id });
    assert.equal(next.has_more, false);
    assert.deepEqual(next.data.map((i) => i.id), [all.data[1].id]);
    const seen = [];
    await stripe.paymentIntents.listAmountDetailsLineItems(pi.id, { limit: 1 }).autoPagingEach((i) => { seen.push(i.id); });
    assert.deepEqual(seen, all.data.map((i) => i.id));

    // Raw, with curl's auth: the same page.
    const raw = await get(`/v1/payment_intents/${pi.id}/amount_details_line_items`);
    assert.equal(raw.status, 200);
    assert.deepEqual(raw.json.data, all.data);

    // An intent without details: an empty list. An unknown intent: 404.
    const plain = await authorize();
    assert.deepEqual((await stripe.paymentIntents.listAmountDetailsLineItems(plain.id)).data, []);
    await rejectsWith(stripe.paymentIntents.listAmountDetailsLineItems('pi_doesnotexist'), {
      type: 'StripeInvalidRequestError', status: 404, code: 'resource_missing',
    });
  });

  test('arithmetic validation: items that do not add up are a 400 amount_details_amount_mismatch; nothing is created', async () => {
    const customer = (await stripe.customers.create({ email: 'arith@example.com' })).id;
    const bad = { ...DETAILS_4000, shipping: { ...DETAILS_4000.shipping, amount: 300 } }; // 4200, not 4000
    await rejectsWith(authorize({ customer, amount_details: bad }), {
      type: 'StripeInvalidRequestError', status: 400, code: 'amount_details_amount_mismatch',
      param: 'amount_details',
    });
    // Without line items the totals are not checked against the amount.
    const noItems = await authorize({ customer, amount_details: { tax: { total_tax_amount: 100 } } });
    assert.equal(noItems.amount_details.tax.total_tax_amount, 100);
    assert.deepEqual((await stripe.paymentIntents.list({ customer })).data.map((p) => p.id), [noItems.id],
      'the mismatched create made no intent');

    // On capture the items are checked against amount_to_capture.
    const pi = await authorize();
    await rejectsWith(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 2500, amount_details: details2000('C1') }), {
      type: 'StripeInvalidRequestError', status: 400, code: 'amount_details_amount_mismatch',
    });
    const unchanged = await stripe.paymentIntents.retrieve(pi.id);
    assert.equal(unchanged.amount_received, 0);
    assert.equal(unchanged.amount_capturable, 4000);
  });

  test('arithmetic validation: enforce_arithmetic_validation=false creates the intent with amount_details.error', async () => {
    const bad = { ...DETAILS_4000, shipping: { ...DETAILS_4000.shipping, amount: 300 }, enforce_arithmetic_validation: false };
    const pi = await authorize({ amount_details: bad, ...expandItems });
    assert.equal(pi.status, 'requires_capture');
    assert.equal(pi.amount, 4000);
    assert.equal(pi.amount_details.error.code, 'amount_details_amount_mismatch');
    assert.equal(typeof pi.amount_details.error.message, 'string');
    assert.ok(pi.amount_details.error.message.length > 0);
    assert.equal(pi.amount_details.shipping.amount, 300, 'the details are kept as given');
    assert.equal(pi.amount_details.line_items.data.length, 2);
    assert.equal(pi.amount_details.enforce_arithmetic_validation, undefined, 'a request flag, not shown');
    assert.deepEqual((await stripe.paymentIntents.retrieve(pi.id)).amount_details.error, pi.amount_details.error);

    // Details that add up carry no error.
    const ok = await authorize({ amount_details: { ...DETAILS_4000, enforce_arithmetic_validation: false } });
    assert.equal(ok.amount_details.error, undefined);
  });

  test('first capture: created with details, a capture without amount_details is a 400; amount_details="" unsets them', async () => {
    const pi = await authorize({ amount_details: DETAILS_4000 }, { multicapture: false });
    await rejectsWith(stripe.paymentIntents.capture(pi.id), {
      type: 'StripeInvalidRequestError', status: 400, param: 'amount_details',
    });
    const unchanged = await stripe.paymentIntents.retrieve(pi.id, expandItems);
    assert.equal(unchanged.status, 'requires_capture');
    assert.equal(unchanged.amount_capturable, 4000);
    assert.equal(unchanged.amount_details.line_items.data.length, 2);

    const captured = await stripe.paymentIntents.capture(pi.id, { amount_details: '', ...expandItems });
    assert.equal(captured.status, 'succeeded');
    assert.equal(captured.amount_received, 4000);
    for (const f of ['discount_amount', 'tax', 'shipping']) assert.equal(captured.amount_details[f], undefined, f);
    assert.deepEqual(captured.amount_details.line_items.data, []);
    assert.deepEqual((await stripe.paymentIntents.listAmountDetailsLineItems(pi.id)).data, []);
  });

  test('first capture: created with details, a capture with new details replaces them', async () => {
    const pi = await authorize({ amount_details: DETAILS_4000 }, { multicapture: false });
    const captured = await stripe.paymentIntents.capture(pi.id, {
      amount_to_capture: 2000, amount_details: details2000('R1'), ...expandItems,
    });
    assert.equal(captured.status, 'succeeded');
    assert.deepEqual(captured.amount_details.line_items.data.map((i) => i.product_code), ['R1']);
    for (const f of ['discount_amount', 'tax', 'shipping']) assert.equal(captured.amount_details[f], undefined, f);
  });

  test('first capture: details can be added when the intent was created without them', async () => {
    const pi = await authorize({}, { multicapture: false });
    const captured = await stripe.paymentIntents.capture(pi.id, { amount_details: DETAILS_4000, ...expandItems });
    assert.equal(captured.status, 'succeeded');
    assert.equal(captured.amount_details.discount_amount, 200);
    assert.deepEqual(captured.amount_details.line_items.data.map((i) => i.product_code), ['A1', 'A2']);
  });

  // "Dieselben Regeln gelten für amount_details[line_items]": created with line items, the first
  // capture must include them or remove them explicitly (amount_details[line_items]="").
  test('first capture: created with line items, details without line_items are a 400; line_items="" removes them', async () => {
    const pi = await authorize({ amount_details: DETAILS_4000 }, { multicapture: false });
    await rejectsWith(stripe.paymentIntents.capture(pi.id, { amount_details: { tax: { total_tax_amount: 100 } } }), {
      type: 'StripeInvalidRequestError', status: 400,
    });
    const captured = await stripe.paymentIntents.capture(pi.id, {
      amount_details: { tax: { total_tax_amount: 100 }, line_items: '' }, ...expandItems,
    });
    assert.equal(captured.status, 'succeeded');
    assert.equal(captured.amount_details.tax.total_tax_amount, 100);
    assert.deepEqual(captured.amount_details.line_items.data, []);
  });

  test('later captures: after a first capture with details, each later one must carry them too', async () => {
    const pi = await authorize();
    await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 2000, final_capture: false, amount_details: details2000('L1') });
    await rejectsWith(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1000, final_capture: false }), {
      type: 'StripeInvalidRequestError', status: 400, param: 'amount_details',
    });
    await rejectsWith(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1000, final_capture: false, amount_details: '' }), {
      type: 'StripeInvalidRequestError', status: 400, param: 'amount_details',
    });
    const held = await stripe.paymentIntents.retrieve(pi.id);
    assert.equal(held.amount_received, 2000, 'the refused captures captured nothing');
    assert.equal(held.amount_capturable, 2000);
    const done = await stripe.paymentIntents.capture(pi.id, { amount_details: details2000('L2'), ...expandItems });
    assert.equal(done.status, 'succeeded');
    assert.deepEqual(done.amount_details.line_items.data.map((i) => i.product_code), ['L1', 'L2']);
  });

  test('later captures: after a first capture without details, later ones cannot add them', async () => {
    const pi = await authorize();
    await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 2000, final_capture: false });
    await rejectsWith(stripe.paymentIntents.capture(pi.id, { amount_details: details2000('N1') }), {
      type: 'StripeInvalidRequestError', status: 400, param: 'amount_details',
    });
    const done = await stripe.paymentIntents.capture(pi.id, expandItems);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.amount_received, 4000);
    assert.deepEqual(done.amount_details.line_items.data, []);
  });

  // The same rule for line_items on their own ("Wenn frühere Erfassungen amount_details oder
  // amount_details[line_items] enthielten ...").
  test('later captures: line_items, once captured with, must stay; once captured without, cannot be added', async () => {
    const withItems = await authorize();
    await stripe.paymentIntents.capture(withItems.id, { amount_to_capture: 2000, final_capture: false, amount_details: details2000('W1') });
    await rejectsWith(stripe.paymentIntents.capture(withItems.id, { amount_to_capture: 100, final_capture: false, amount_details: { shipping: { amount: 100 } } }), {
      type: 'StripeInvalidRequestError', status: 400,
    });

    const without = await authorize();
    await stripe.paymentIntents.capture(without.id, { amount_to_capture: 100, final_capture: false, amount_details: { shipping: { amount: 100 } } });
    await rejectsWith(stripe.paymentIntents.capture(without.id, { amount_to_capture: 2000, final_capture: false, amount_details: details2000('W2') }), {
      type: 'StripeInvalidRequestError', status: 400,
    });
  });

  test('later captures: postal codes may be left out but not changed; amounts add up', async () => {
    const pi = await authorize();
    const shipping = (amount, codes) => ({ amount, ...codes });
    await stripe.paymentIntents.capture(pi.id, {
      amount_to_capture: 2100, final_capture: false,
      amount_details: details2000('P1', { shipping: shipping(100, { from_postal_code: '94110', to_postal_code: '94117' }) }),
    });
    for (const codes of [{ from_postal_code: '94111' }, { to_postal_code: '10001' }]) {
      const field = Object.keys(codes)[0];
      await rejectsWith(stripe.paymentIntents.capture(pi.id, {
        amount_to_capture: 1100, final_capture: false,
        amount_details: { line_items: [visaItem('P2', 1000)], shipping: shipping(100, codes) },
      }), { type: 'StripeInvalidRequestError', status: 400, param: `amount_details[shipping][${field}]` });
    }
    // Left out: kept. The same: fine. Shipping amounts add up.
    const second = await stripe.paymentIntents.capture(pi.id, {
      amount_to_capture: 1050, final_capture: false, amount_details: { line_items: [visaItem('P2', 1000)], shipping: { amount: 50 } },
    });
    assert.deepEqual(second.amount_details.shipping, { amount: 150, from_postal_code: '94110', to_postal_code: '94117' });
    const third = await stripe.paymentIntents.capture(pi.id, {
      amount_details: { line_items: [visaItem('P3', 800)], shipping: shipping(50, { from_postal_code: '94110' }) }, ...expandItems,
    });
    assert.equal(third.status, 'succeeded');
    assert.equal(third.amount_received, 4000);
    assert.deepEqual(third.amount_details.shipping, { amount: 200, from_postal_code: '94110', to_postal_code: '94117' });
    assert.deepEqual(third.amount_details.line_items.data.map((i) => i.product_code), ['P1', 'P2', 'P3']);
  });

  test('line items are only in a response when amount_details.line_items is expanded', async () => {
    const created = await authorize({ amount_details: DETAILS_4000 });
    assert.equal(created.amount_details.discount_amount, 200);
    assert.equal('line_items' in created.amount_details, false, 'create');
    assert.equal('line_items' in (await stripe.paymentIntents.retrieve(created.id)).amount_details, false, 'retrieve');
    const listed = (await stripe.paymentIntents.list({ limit: 5 })).data.find((p) => p.id === created.id);
    assert.ok(listed);
    assert.equal('line_items' in listed.amount_details, false, 'list');
    const updated = await stripe.paymentIntents.update(created.id, { metadata: { k: 'v' } });
    assert.equal('line_items' in updated.amount_details, false, 'update');
    const captured = await stripe.paymentIntents.capture(created.id, {
      amount_to_capture: 2000, final_capture: false, amount_details: details2000('E1'),
    });
    assert.equal('line_items' in captured.amount_details, false, 'capture');

    const expanded = await stripe.paymentIntents.retrieve(created.id, expandItems);
    assert.deepEqual(expanded.amount_details.line_items.data.map((i) => i.product_code), ['E1']);
    // The raw JSON, as the seed's note says ("The API response doesn't include line items by default").
    const raw = await get(`/v1/payment_intents/${created.id}`);
    assert.equal(raw.status, 200);
    assert.equal('line_items' in raw.json.amount_details, false);
  });
});
