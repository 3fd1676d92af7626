// PaymentMethods through stripe-node: create each type (card by details or token, sepa_debit,
// us_bank_account), invalid details, test tokens, attach/detach rules and events, update,
// lists by customer and type.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer } from './harness.mjs';
import { eventMark, eventsAbout, newCustomer, rejectsWith } from './payment_helpers.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server?.stop());

const year = new Date().getUTCFullYear();
const card = (number, extra = {}) => stripe.paymentMethods.create({
  type: 'card', card: { number, exp_month: 12, exp_year: year + 3, cvc: number.length === 15 ? '1234' : '123', ...extra },
});

test('card by details: brand, last4, expiry, funding, country, checks, networks; billing_details and metadata kept', async () => {
  const pm = await stripe.paymentMethods.create({
    type: 'card',
    card: { number: '4242424242424242', exp_month: 8, exp_year: year + 2, cvc: '314' },
    billing_details: {
      name: 'Jenny Rosen', email: 'jenny@example.com', phone: '+4930123',
      address: { line1: '1 Main St', city: 'Berlin', postal_code: '10115', country: 'DE' },
    },
    metadata: { order: '42' },
  });
  assert.match(pm.id, /^pm_[A-Za-z0-9]+$/);
  assert.equal(pm.object, 'payment_method');
  assert.equal(pm.type, 'card');
  assert.equal(pm.customer, null);
  assert.equal(pm.livemode, false);
  assert.equal(typeof pm.created, 'number');
  assert.equal(pm.card.brand, 'visa');
  assert.equal(pm.card.last4, '4242');
  assert.equal(pm.card.exp_month, 8);
  assert.equal(pm.card.exp_year, year + 2);
  assert.equal(pm.card.funding, 'credit');
  assert.equal(pm.card.country, 'US');
  assert.equal(typeof pm.card.fingerprint, 'string');
  assert.ok(pm.card.fingerprint.length > 0);
  assert.equal(pm.card.checks.cvc_check, 'unchecked', 'a CVC was given but not checked yet');
  assert.deepEqual(pm.card.networks.available, ['visa']);
  assert.equal(pm.card.three_d_secure_usage.supported, true);
  assert.equal(pm.billing_details.name, 'Jenny Rosen');
  assert.equal(pm.billing_details.email, 'jenny@example.com');
  assert.equal(pm.billing_details.phone, '+4930123');
  assert.equal(pm.billing_details.address.city, 'Berlin');
  assert.equal(pm.billing_details.address.postal_code, '10115');
  assert.equal(pm.billing_details.address.state, null);
  assert.deepEqual(pm.metadata, { order: '42' });

  const { lastResponse, ...fetched } = await stripe.paymentMethods.retrieve(pm.id);
  const { lastResponse: _, ...created } = pm;
  assert.deepEqual(fetched, created);
});

test('card brands by number; the same number always has the same fingerprint', async () => {
  const cases = [
    ['4242424242424242', 'visa', '4242'],
    ['5555555555554444', 'mastercard', '4444'],
    ['378282246310005', 'amex', '0005'],
    ['6011111111111117', 'discover', '1117'],
    ['4000056655665556', 'visa', '5556'],
  ];
  const fingerprints = new Map();
  for (const [number, brand, last4] of cases) {
    const pm = await card(number);
    assert.equal(pm.card.brand, brand, number);
    assert.equal(pm.card.last4, last4, number);
    fingerprints.set(number, pm.card.fingerprint);
  }
  assert.equal((await card('4000056655665556')).card.funding, 'debit');
  assert.equal((await card('4242424242424242')).card.fingerprint, fingerprints.get('4242424242424242'));
  assert.equal(new Set(fingerprints.values()).size, cases.length, 'different numbers, different fingerprints');
  // Spaces in the number do not matter.
  assert.equal((await card('4242 4242 4242 4242')).card.fingerprint, fingerprints.get('4242424242424242'));
});

test('card[token]: a tok_ test token makes a card payment method with that card', async () => {
  const visa = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
  assert.equal(visa.card.brand, 'visa');
  assert.equal(visa.card.last4, '4242');
  const mc = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_mastercard' } });
  assert.equal(mc.card.brand, 'mastercard');
  assert.equal(mc.card.last4, '4444');
  assert.notEqual(visa.id, mc.id);
});

test('invalid card details are 402 card_errors naming the card param', async () => {
  const cases = [
    [{ number: '4242424242424241' }, 'incorrect_number', 'card[number]'],
    [{ number: '4242' }, 'incorrect_number', 'card[number]'],
    [{ exp_month: 13 }, 'invalid_expiry_month', 'card[exp_month]'],
    [{ exp_year: year - 2 }, 'invalid_expiry_year', 'card[exp_year]'],
    [{ cvc: '99' }, 'invalid_cvc', 'card[cvc]'],
  ];
  for (const [override, code, param] of cases) {
    const params = { number: '4242424242424242', exp_month: 12, exp_year: year + 3, cvc: '123', ...override };
    await rejectsWith(stripe.paymentMethods.create({ type: 'card', card: params }), {
      type: 'StripeCardError', status: 402, rawType: 'card_error', code, param,
    });
  }
  // An Amex CVC has four digits.
  await rejectsWith(card('378282246310005', { cvc: '123' }), {
    type: 'StripeCardError', status: 402, code: 'invalid_cvc', param: 'card[cvc]',
  });
});

test('missing type or card details are 400 parameter_missing', async () => {
  await rejectsWith(stripe.paymentMethods.create({ card: { token: 'tok_visa' } }), {
    type: 'StripeInvalidRequestError', status: 400, code: 'parameter_missing', param: 'type',
  });
  await rejectsWith(stripe.paymentMethods.create({ type: 'card', card: { exp_month: 12, exp_year: year + 1 } }), {
    type: 'StripeInvalidRequestError', status: 400, code: 'parameter_missing', param: 'card[number]',
  });
});

test('sepa_debit by IBAN: country, bank code, last4, fingerprint', async () => {
  const pm = await stripe.paymentMethods.create({
    type: 'sepa_debit',
    sepa_debit: { iban: 'DE89370400440532013000' },
    billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
  });
  assert.equal(pm.type, 'sepa_debit');
  assert.equal(pm.sepa_debit.country, 'DE');
  assert.equal(pm.sepa_debit.bank_code, '37040044');
  assert.equal(pm.sepa_debit.last4, '3000');
  assert.equal(typeof pm.sepa_debit.fingerprint, 'string');
  assert.equal(pm.card, undefined);
  // Spaces and lower case are accepted; the same IBAN has the same fingerprint.
  const again = await stripe.paymentMethods.create({
    type: 'sepa_debit', sepa_debit: { iban: 'de89 3704 0044 0532 0130 00' },
    billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
  });
  assert.equal(again.sepa_debit.fingerprint, pm.sepa_debit.fingerprint);
});

test('invalid IBANs are 400 with param sepa_debit[iban]', async () => {
  for (const iban of ['DE89370400440532013001', 'DE8937040044053201300', 'XX89370400440532013000', 'not an iban']) {
    await rejectsWith(stripe.paymentMethods.create({
      type: 'sepa_debit', sepa_debit: { iban }, billing_details: { name: 'J', email: 'j@example.com' },
    }), { type: 'StripeInvalidRequestError', status: 400, rawType: 'invalid_request_error', param: 'sepa_debit[iban]' });
  }
});

test('us_bank_account by routing and account number', async () => {
  const pm = await stripe.paymentMethods.create({
    type: 'us_bank_account',
    us_bank_account: { routing_number: '110000000', account_number: '000123456789', account_holder_type: 'individual' },
    billing_details: { name: 'Jenny Rosen' },
  });
  assert.equal(pm.type, 'us_bank_account');
  assert.equal(pm.us_bank_account.routing_number, '110000000');
  assert.equal(pm.us_bank_account.last4, '6789');
  assert.equal(pm.us_bank_account.account_holder_type, 'individual');
  assert.equal(typeof pm.us_bank_account.bank_name, 'string');
  assert.equal(typeof pm.us_bank_account.fingerprint, 'string');

  await rejectsWith(stripe.paymentMethods.create({
    type: 'us_bank_account', us_bank_account: { routing_number: '123456789', account_number: '000123456789' },
    billing_details: { name: 'J' },
  }), { type: 'StripeInvalidRequestError', status: 400, param: 'us_bank_account[routing_number]' });
});

test('retrieve: an unknown payment method is 404 resource_missing', async () => {
  await rejectsWith(stripe.paymentMethods.retrieve('pm_doesnotexist'), {
    type: 'StripeInvalidRequestError', status: 404, code: 'resource_missing', param: 'id',
  });
});

test('attach: the customer is set, payment_method.attached is emitted, the method is listed under the customer', async () => {
  const since = await eventMark(stripe);
  const cus = await newCustomer(stripe);
  const pm = await card('4242424242424242');
  const attached = await stripe.paymentMethods.attach(pm.id, { customer: cus.id });
  assert.equal(attached.id, pm.id);
  assert.equal(attached.customer, cus.id);
  assert.equal((await stripe.paymentMethods.retrieve(pm.id)).customer, cus.id);

  const events = await eventsAbout(stripe, [pm.id], since);
  assert.deepEqual(events.map((e) => e.type), ['payment_method.attached']);
  assert.equal(events[0].data.object.customer, cus.id);

  const listed = await stripe.customers.listPaymentMethods(cus.id);
  assert.deepEqual(listed.data.map((p) => p.id), [pm.id]);
  assert.deepEqual((await stripe.paymentMethods.list({ customer: cus.id })).data.map((p) => p.id), [pm.id]);
  const one = await stripe.customers.retrievePaymentMethod(cus.id, pm.id);
  assert.equal(one.id, pm.id);

  // Attaching again to the same customer is harmless; to another customer it is refused.
  assert.equal((await stripe.paymentMethods.attach(pm.id, { customer: cus.id })).customer, cus.id);
  const other = await newCustomer(stripe);
  await rejectsWith(stripe.paymentMethods.attach(pm.id, { customer: other.id }), {
    type: 'StripeInvalidRequestError', status: 400,
  });
  assert.deepEqual((await stripe.customers.listPaymentMethods(other.id)).data, []);
});

test('attach: a missing or unknown customer is refused', async () => {
  const pm = await card('4242424242424242');
  await rejectsWith(stripe.paymentMethods.attach(pm.id, {}), {
    type: 'StripeInvalidRequestError', status: 400, code: 'parameter_missing', param: 'customer',
  });
  await rejectsWith(stripe.paymentMethods.attach(pm.id, { customer: 'cus_doesnotexist' }), {
    type: 'StripeInvalidRequestError', code: 'resource_missing', param: 'customer', message: /cus_doesnotexist/,
  });
  assert.equal((await stripe.paymentMethods.retrieve(pm.id)).customer, null);
});

test('declining test cards cannot be attached (402 card_error); 4000000000000341 can', async () => {
  const cus = await newCustomer(stripe);
  const cases = [
    ['4000000000000002', 'card_declined', 'generic_decline'],
    ['4000000000009995', 'card_declined', 'insufficient_funds'],
    ['4000000000009987', 'card_declined', 'lost_card'],
    ['4000000000009979', 'card_declined', 'stolen_card'],
  ];
  for (const [number, code, declineCode] of cases) {
    const pm = await card(number);
    await rejectsWith(stripe.paymentMethods.attach(pm.id, { customer: cus.id }), {
      type: 'StripeCardError', status: 402, code, decline_code: declineCode,
    });
    assert.equal((await stripe.paymentMethods.retrieve(pm.id)).customer, null, number);
  }
  const chargeFails = await card('4000000000000341');
  assert.equal((await stripe.paymentMethods.attach(chargeFails.id, { customer: cus.id })).customer, cus.id);
  assert.deepEqual((await stripe.customers.listPaymentMethods(cus.id)).data.map((p) => p.id), [chargeFails.id]);
});

test('pm_card_* tokens: each use creates a new pm_ with that card', async () => {
  const cus = await newCustomer(stripe);
  const a = await stripe.paymentMethods.attach('pm_card_visa', { customer: cus.id });
  const b = await stripe.paymentMethods.attach('pm_card_visa', { customer: cus.id });
  const mc = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: cus.id });
  for (const pm of [a, b, mc]) {
    assert.match(pm.id, /^pm_[A-Za-z0-9]+$/);
    assert.notEqual(pm.id, 'pm_card_visa');
    assert.equal(pm.customer, cus.id);
  }
  assert.notEqual(a.id, b.id);
  assert.equal(a.card.brand, 'visa');
  assert.equal(a.card.last4, '4242');
  assert.equal(a.card.fingerprint, b.card.fingerprint);
  assert.equal(mc.card.brand, 'mastercard');
  const listed = (await stripe.customers.listPaymentMethods(cus.id)).data.map((p) => p.id).sort();
  assert.deepEqual(listed, [a.id, b.id, mc.id].sort());
  // A declining token cannot be attached either.
  await rejectsWith(stripe.paymentMethods.attach('pm_card_visa_chargeDeclined', { customer: cus.id }), {
    type: 'StripeCardError', status: 402, code: 'card_declined', decline_code: 'generic_decline',
  });
});

test('detach: customer cleared, payment_method.detached emitted, not listed, and the method cannot be used again', async () => {
  const cus = await newCustomer(stripe);
  const pm = await card('4242424242424242');
  await stripe.paymentMethods.attach(pm.id, { customer: cus.id });
  const since = await eventMark(stripe);
  const detached = await stripe.paymentMethods.detach(pm.id);
  assert.equal(detached.id, pm.id);
  assert.equal(detached.customer, null);
  assert.equal((await stripe.paymentMethods.retrieve(pm.id)).customer, null);
  assert.deepEqual((await stripe.customers.listPaymentMethods(cus.id)).data, []);
  const events = await eventsAbout(stripe, [pm.id], since);
  assert.deepEqual(events.map((e) => e.type), ['payment_method.detached']);
  assert.equal(events[0].data.object.customer, null);

  // A detached method can be neither detached again, nor re-attached, nor paid with.
  await rejectsWith(stripe.paymentMethods.detach(pm.id), { type: 'StripeInvalidRequestError', status: 400 });
  await rejectsWith(stripe.paymentMethods.attach(pm.id, { customer: cus.id }), {
    type: 'StripeInvalidRequestError', status: 400,
  });
  await rejectsWith(stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', customer: cus.id, payment_method: pm.id, confirm: true,
  }), { type: 'StripeInvalidRequestError', status: 400, param: 'payment_method' });
});

test('detach: a method that is not attached is 400', async () => {
  const pm = await card('4242424242424242');
  await rejectsWith(stripe.paymentMethods.detach(pm.id), { type: 'StripeInvalidRequestError', status: 400 });
});

test('update needs the method to be attached; then billing_details, metadata and expiry change (payment_method.updated)', async () => {
  const pm = await card('4242424242424242');
  await rejectsWith(stripe.paymentMethods.update(pm.id, { metadata: { a: '1' } }), {
    type: 'StripeInvalidRequestError', status: 400,
    message: 'You must save this PaymentMethod to a customer before you update it.',
  });
  assert.deepEqual((await stripe.paymentMethods.retrieve(pm.id)).metadata, {});

  const cus = await newCustomer(stripe);
  await stripe.paymentMethods.attach(pm.id, { customer: cus.id });
  const since = await eventMark(stripe);
  const updated = await stripe.paymentMethods.update(pm.id, {
    billing_details: { name: 'Jenny Rosen', address: { city: 'Paris' } },
    metadata: { a: '1' },
    card: { exp_month: 3, exp_year: year + 5 },
  });
  assert.equal(updated.billing_details.name, 'Jenny Rosen');
  assert.equal(updated.billing_details.address.city, 'Paris');
  assert.deepEqual(updated.metadata, { a: '1' });
  assert.equal(updated.card.exp_month, 3);
  assert.equal(updated.card.exp_year, year + 5);
  assert.equal(updated.card.last4, '4242', 'the number does not change');
  assert.equal(updated.customer, cus.id);
  const { lastResponse, ...fetched } = await stripe.paymentMethods.retrieve(pm.id);
  const { lastResponse: _, ...shown } = updated;
  assert.deepEqual(fetched, shown);

  const events = await eventsAbout(stripe, [pm.id], since);
  assert.deepEqual(events.map((e) => e.type), ['payment_method.updated']);
  assert.deepEqual(events[0].data.previous_attributes.metadata, { a: null });

  await rejectsWith(stripe.paymentMethods.update(pm.id, { card: { exp_month: 13 } }), {
    type: 'StripeInvalidRequestError', status: 400,
  });
});

test('list by customer and type; the customer list filters by type', async () => {
  const cus = await newCustomer(stripe);
  const visa = await stripe.paymentMethods.attach((await card('4242424242424242')).id, { customer: cus.id });
  const sepa = await stripe.paymentMethods.create({
    type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' },
    billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
  });
  await stripe.paymentMethods.attach(sepa.id, { customer: cus.id });
  await card('5555555555554444'); // not attached: never listed under the customer

  const ids = (list) => list.data.map((p) => p.id).sort();
  assert.deepEqual(ids(await stripe.customers.listPaymentMethods(cus.id)), [visa.id, sepa.id].sort());
  assert.deepEqual(ids(await stripe.customers.listPaymentMethods(cus.id, { type: 'card' })), [visa.id]);
  assert.deepEqual(ids(await stripe.customers.listPaymentMethods(cus.id, { type: 'sepa_debit' })), [sepa.id]);
  assert.deepEqual(ids(await stripe.paymentMethods.list({ customer: cus.id, type: 'card' })), [visa.id]);
  assert.deepEqual(ids(await stripe.paymentMethods.list({ customer: cus.id, type: 'us_bank_account' })), []);

  const page = await stripe.customers.listPaymentMethods(cus.id, { limit: 1 });
  assert.equal(page.object, 'list');
  assert.equal(page.data.length, 1);
  assert.equal(page.has_more, true);
  const rest = await stripe.customers.listPaymentMethods(cus.id, { limit: 1, starting_after: page.data[0].id });
  assert.equal(rest.data.length, 1);
  assert.notEqual(rest.data[0].id, page.data[0].id);

  // The customer is in the path: a 404, as for any unknown object in the path.
  await rejectsWith(stripe.customers.listPaymentMethods('cus_doesnotexist'), {
    type: 'StripeInvalidRequestError', status: 404, code: 'resource_missing', message: /cus_doesnotexist/,
  });
});
