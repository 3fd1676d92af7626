// Charges through stripe-node: one ch_ per payment attempt, their fields for successes,
// declines, manual captures and bank debits, GET /v1/charges[/:id] with the customer and
// payment_intent filters, expansion, and the charge.* events.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, startServer } from './harness.mjs';
import { eventMark, eventsAbout, mandateData, newCustomer, rejectsWith } from './payment_helpers.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer({ args: ['--settlement-delay', '200ms'] });
  stripe = server.stripe();
});
after(() => server?.stop());

const strip = ({ lastResponse, ...rest }) => rest;
const pay = (params) => stripe.paymentIntents.create({ amount: 1000, currency: 'usd', ...params });
const types = (events) => events.map((e) => e.type);

test('a successful card payment: one succeeded, captured charge with the card\'s details', async () => {
  const cus = await newCustomer(stripe);
  const pm = await stripe.paymentMethods.create({
    type: 'card', card: { number: '5555555555554444', exp_month: 7, exp_year: new Date().getUTCFullYear() + 2, cvc: '123' },
    billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
  });
  const before = Math.floor(Date.now() / 1000);
  const pi = await pay({
    amount: 2599, currency: 'eur', customer: cus.id, payment_method: pm.id, confirm: true,
    description: 'Order 17', receipt_email: 'receipts@example.com', payment_method_types: ['card'],
  });
  assert.equal(pi.status, 'succeeded');
  const ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.match(ch.id, /^ch_[A-Za-z0-9]+$/);
  assert.equal(ch.object, 'charge');
  assert.equal(ch.amount, 2599);
  assert.equal(ch.currency, 'eur');
  assert.equal(ch.customer, cus.id);
  assert.equal(ch.payment_intent, pi.id);
  assert.equal(ch.payment_method, pm.id);
  assert.equal(ch.description, 'Order 17');
  assert.equal(ch.receipt_email, 'receipts@example.com');
  assert.equal(ch.status, 'succeeded');
  assert.equal(ch.paid, true);
  assert.equal(ch.captured, true);
  assert.equal(ch.amount_captured, 2599);
  assert.equal(ch.amount_refunded, 0);
  assert.equal(ch.refunded, false);
  assert.equal(ch.disputed, false);
  assert.equal(ch.failure_code, null);
  assert.equal(ch.failure_message, null);
  assert.equal(ch.livemode, false);
  assert.ok(ch.created >= before && ch.created <= Math.floor(Date.now() / 1000) + 1);
  assert.equal(ch.outcome.type, 'authorized');
  assert.equal(ch.outcome.network_status, 'approved_by_network');
  assert.equal(ch.outcome.risk_level, 'normal');
  assert.equal(ch.billing_details.name, 'Jenny Rosen');
  const card = ch.payment_method_details.card;
  assert.equal(ch.payment_method_details.type, 'card');
  assert.equal(card.brand, 'mastercard');
  assert.equal(card.last4, '4444');
  assert.equal(card.exp_month, 7);
  assert.equal(card.funding, 'credit');
  assert.equal(card.fingerprint, pm.card.fingerprint);
  assert.equal(card.amount_authorized, 2599);

  const listed = await stripe.charges.list({ payment_intent: pi.id });
  assert.equal(listed.object, 'list');
  assert.equal(listed.url, '/v1/charges');
  assert.deepEqual(listed.data.map(strip), [strip(ch)]);
});

test('a declined attempt is a failed charge with failure_code, failure_message and the issuer_declined outcome', async () => {
  const err = await rejectsWith(pay({ payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds', confirm: true }), {
    type: 'StripeCardError', status: 402,
  });
  const ch = await stripe.charges.retrieve(err.charge);
  assert.equal(ch.status, 'failed');
  assert.equal(ch.paid, false);
  assert.equal(ch.captured, false);
  assert.equal(ch.amount_captured, 0);
  assert.equal(ch.failure_code, 'card_declined');
  assert.equal(ch.failure_message, 'Your card has insufficient funds.');
  assert.equal(ch.outcome.type, 'issuer_declined');
  assert.equal(ch.outcome.network_status, 'declined_by_network');
  assert.equal(ch.outcome.reason, 'insufficient_funds');
  assert.equal(ch.payment_intent, err.payment_intent.id);
  assert.equal(ch.payment_method, err.payment_method.id);
});

test('Radar: the highest risk level is blocked before the network; elevated risk is recorded on a success', async () => {
  for (const token of ['pm_card_radarBlock', 'pm_card_riskLevelHighest']) {
    const err = await rejectsWith(pay({ payment_method: token, confirm: true }), {
      type: 'StripeCardError', status: 402, code: 'card_declined', decline_code: 'fraudulent',
    });
    const ch = await stripe.charges.retrieve(err.charge);
    assert.equal(ch.outcome.type, 'blocked', token);
    assert.equal(ch.outcome.network_status, 'not_sent_to_network', token);
    assert.equal(ch.outcome.risk_level, 'highest', token);
    assert.equal(ch.outcome.reason, 'highest_risk_level', token);
  }
  // A card given by its number keeps its behaviour once stored.
  const elevated = await stripe.paymentMethods.create({
    type: 'card', card: { number: '4000000000009235', exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvc: '123' },
  });
  const pi = await pay({ payment_method: elevated.id, confirm: true });
  const ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.outcome.type, 'authorized');
  assert.equal(ch.outcome.risk_level, 'elevated');
  assert.equal(ch.outcome.reason, 'elevated_risk_level');
});

test('ACH: an account Radar rates highest risk is blocked at confirm, without processing', async () => {
  const err = await rejectsWith(pay({
    payment_method: 'pm_usBankAccount_riskLevelHighest', payment_method_types: ['us_bank_account'],
    confirm: true, mandate_data: mandateData,
  }), { status: 402, code: 'payment_method_provider_decline' });
  assert.equal(err.payment_intent.status, 'requires_payment_method');
  const ch = await stripe.charges.retrieve(err.charge);
  assert.equal(ch.status, 'failed');
  assert.equal(ch.failure_code, 'payment_method_provider_decline');
  assert.equal(ch.outcome.type, 'blocked');
});

test('one charge per attempt: two declines and a success on one intent are three charges', async () => {
  const pi = await pay({});
  const e1 = await rejectsWith(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa_chargeDeclined' }), { status: 402 });
  const e2 = await rejectsWith(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclinedExpiredCard' }), { status: 402 });
  const ok = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
  assert.equal(ok.status, 'succeeded');
  assert.equal(new Set([e1.charge, e2.charge, ok.latest_charge]).size, 3);

  const charges = (await stripe.charges.list({ payment_intent: pi.id })).data;
  assert.deepEqual(charges.map((c) => c.id), [ok.latest_charge, e2.charge, e1.charge], 'newest first');
  assert.deepEqual(charges.map((c) => c.status), ['succeeded', 'failed', 'failed']);
  assert.deepEqual(charges.map((c) => c.failure_code), [null, 'expired_card', 'card_declined']);

  // A 3-D Secure challenge is not an attempt yet: no charge until it is authenticated.
  const action = await pay({ payment_method: 'pm_card_authenticationRequired', confirm: true });
  assert.equal(action.status, 'requires_action');
  assert.deepEqual((await stripe.charges.list({ payment_intent: action.id })).data, []);
});

test('list filters by customer and payment_intent, newest first, paginated', async () => {
  const cus = await newCustomer(stripe);
  const a = await pay({ customer: cus.id, payment_method: 'pm_card_visa', confirm: true });
  const b = await pay({ customer: cus.id, payment_method: 'pm_card_mastercard', confirm: true });
  const other = await pay({ customer: (await newCustomer(stripe)).id, payment_method: 'pm_card_visa', confirm: true });
  await pay({ payment_method: 'pm_card_visa', confirm: true });

  const byCustomer = await stripe.charges.list({ customer: cus.id });
  assert.deepEqual(byCustomer.data.map((c) => c.id), [b.latest_charge, a.latest_charge]);
  assert.equal(byCustomer.has_more, false);
  assert.deepEqual((await stripe.charges.list({ customer: cus.id, payment_intent: a.id })).data.map((c) => c.id), [a.latest_charge]);
  assert.deepEqual((await stripe.charges.list({ customer: cus.id, payment_intent: other.id })).data, []);
  assert.deepEqual((await stripe.charges.list({ payment_intent: other.id })).data.map((c) => c.id), [other.latest_charge]);

  const page = await stripe.charges.list({ customer: cus.id, limit: 1 });
  assert.equal(page.has_more, true);
  assert.deepEqual(page.data.map((c) => c.id), [b.latest_charge]);
  const next = await stripe.charges.list({ customer: cus.id, limit: 1, starting_after: page.data[0].id });
  assert.deepEqual(next.data.map((c) => c.id), [a.latest_charge]);

  const all = [];
  await stripe.charges.list({ limit: 2 }).autoPagingEach((c) => { all.push(c.id); });
  for (const pi of [a, b, other]) assert.ok(all.includes(pi.latest_charge));
  assert.equal(new Set(all).size, all.length);
});

test('retrieve: an unknown charge is 404 resource_missing', async () => {
  await rejectsWith(stripe.charges.retrieve('ch_doesnotexist'), {
    type: 'StripeInvalidRequestError', status: 404, code: 'resource_missing', param: 'id', message: /ch_doesnotexist/,
  });
});

test('expand: the intent\'s latest_charge, and the charge\'s payment_intent and payment_method', async () => {
  const pi = await pay({ payment_method: 'pm_card_visa', confirm: true });
  const expanded = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
  assert.equal(expanded.latest_charge.object, 'charge');
  assert.equal(expanded.latest_charge.id, pi.latest_charge);
  assert.deepEqual(expanded.latest_charge, strip(await stripe.charges.retrieve(pi.latest_charge)));

  const ch = await stripe.charges.retrieve(pi.latest_charge, { expand: ['payment_intent', 'payment_method'] });
  assert.equal(ch.payment_intent.object, 'payment_intent');
  assert.equal(ch.payment_intent.id, pi.id);
  assert.equal(ch.payment_method.object, 'payment_method');
  assert.equal(ch.payment_method.id, pi.payment_method);
  const listed = await stripe.charges.list({ payment_intent: pi.id, expand: ['data.payment_intent'] });
  assert.equal(listed.data[0].payment_intent.id, pi.id);
});

test('manual capture: the charge is authorized but uncaptured, then charge.captured', async () => {
  const mark = await eventMark(stripe);
  const pi = await pay({ amount: 3000, capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
  let ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.status, 'succeeded');
  assert.equal(ch.paid, true);
  assert.equal(ch.captured, false);
  assert.equal(ch.amount_captured, 0);
  assert.equal(ch.payment_method_details.card.amount_authorized, 3000);
  assert.equal(ch.payment_method_details.card.multicapture.status, 'unavailable', 'not requested');

  await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 2500 });
  ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.captured, true);
  assert.equal(ch.amount_captured, 2500);
  assert.equal(ch.amount, 3000);

  const events = (await eventsAbout(stripe, [ch.id], mark)).filter((e) => e.type !== 'charge.updated');
  assert.deepEqual(types(events), ['charge.succeeded', 'charge.captured']);
  assert.equal(events[0].data.object.captured, false);
  assert.equal(events[1].data.object.captured, true);
  assert.equal(events[1].data.object.amount_captured, 2500);
  assert.equal(events[1].data.previous_attributes.captured, false);
});

test('multicapture: each non-final capture is a charge.updated; the final one charge.captured', async () => {
  const pi = await pay({
    capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true,
    payment_method_options: { card: { request_multicapture: 'if_available' } },
  });
  const mark = await eventMark(stripe);
  assert.equal((await stripe.charges.retrieve(pi.latest_charge)).payment_method_details.card.multicapture.status, 'available');
  await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 100, final_capture: false });
  await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 150, final_capture: false });
  let ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.amount_captured, 250);
  assert.equal(ch.captured, false);
  await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 50, final_capture: true });
  ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.amount_captured, 300);
  assert.equal(ch.captured, true);

  const events = await eventsAbout(stripe, [ch.id], mark);
  assert.deepEqual(types(events), ['charge.updated', 'charge.updated', 'charge.captured']);
  assert.deepEqual(events.map((e) => e.data.object.amount_captured), [100, 250, 300]);
  assert.equal(events[1].data.previous_attributes.amount_captured, 100);
});

test('bank debits: the charge is pending (charge.pending), then succeeded (charge.succeeded) or failed (charge.failed)', async () => {
  const mark = await eventMark(stripe);
  const ok = await pay({
    currency: 'eur', payment_method: 'pm_success_de', payment_method_types: ['sepa_debit'], confirm: true, mandate_data: mandateData,
  });
  const bad = await pay({
    payment_method: 'pm_usBankAccount_accountClosed', payment_method_types: ['us_bank_account'], confirm: true, mandate_data: mandateData,
  });
  for (const pi of [ok, bad]) {
    const ch = await stripe.charges.retrieve(pi.latest_charge);
    assert.equal(ch.status, 'pending');
    assert.equal(ch.paid, false);
    assert.equal(ch.amount_captured, 0);
  }
  const sepa = await stripe.charges.retrieve(ok.latest_charge);
  assert.equal(sepa.payment_method_details.type, 'sepa_debit');
  assert.equal(sepa.payment_method_details.sepa_debit.last4, '3000');
  assert.equal((await stripe.charges.retrieve(bad.latest_charge)).payment_method_details.type, 'us_bank_account');

  const settled = await eventually(async () => {
    const c = await stripe.charges.retrieve(ok.latest_charge);
    return c.status === 'succeeded' && c;
  }, { message: 'the SEPA charge succeeding' });
  assert.equal(settled.paid, true);
  assert.equal(settled.captured, true);
  assert.equal(settled.amount_captured, 1000);
  const failed = await eventually(async () => {
    const c = await stripe.charges.retrieve(bad.latest_charge);
    return c.status === 'failed' && c;
  }, { message: 'the ACH charge failing' });
  assert.equal(failed.paid, false);
  assert.equal(failed.failure_code, 'account_closed');
  assert.equal(typeof failed.failure_message, 'string');

  const okEvents = types(await eventsAbout(stripe, [ok.latest_charge], mark)).filter((t) => t !== 'charge.updated');
  assert.deepEqual(okEvents, ['charge.pending', 'charge.succeeded']);
  const badEvents = types(await eventsAbout(stripe, [bad.latest_charge], mark)).filter((t) => t !== 'charge.updated');
  assert.deepEqual(badEvents, ['charge.pending', 'charge.failed']);
});

test('charge events carry the charge as it was: charge.succeeded for a card, charge.failed for a decline', async () => {
  const mark = await eventMark(stripe);
  const ok = await pay({ payment_method: 'pm_card_visa', confirm: true });
  const err = await rejectsWith(pay({ payment_method: 'pm_card_visa_chargeDeclinedLostCard', confirm: true }), { status: 402 });
  const okEvents = (await eventsAbout(stripe, [ok.latest_charge], mark)).filter((e) => e.type !== 'charge.updated');
  assert.deepEqual(types(okEvents), ['charge.succeeded']);
  assert.equal(okEvents[0].data.object.status, 'succeeded');
  assert.equal(okEvents[0].data.object.payment_intent, ok.id);
  const failEvents = await eventsAbout(stripe, [err.charge], mark);
  assert.deepEqual(types(failEvents), ['charge.failed']);
  assert.deepEqual(failEvents[0].data.object, strip(await stripe.charges.retrieve(err.charge)));
  assert.equal(failEvents[0].data.object.outcome.reason, 'lost_card');
});
