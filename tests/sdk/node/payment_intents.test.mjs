// PaymentIntents through stripe-node: the state machine of seed 001 (SEMANTICS §8), each test
// card's outcome (§7), 3-D Secure, manual/partial/multi/over-capture, cancel and update rules,
// setup_future_usage, SEPA and ACH debits that settle in the background, publishable keys with
// client_secret, the events of each transition, and lists.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, startServer } from './harness.mjs';
import {
  authenticate, eventMark, eventsAbout, mandateData, newCustomer, rejectsWith, unexpectedState,
} from './payment_helpers.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer({ args: ['--settlement-delay', '200ms'] });
  stripe = server.stripe();
});
after(() => server?.stop());

const year = new Date().getUTCFullYear();
const strip = ({ lastResponse, ...rest }) => rest;

// A card payment method by its number (a CVC is sent, as a checkout form would).
const cardPm = (number, extra = {}) => stripe.paymentMethods.create({
  type: 'card', card: { number, exp_month: 12, exp_year: year + 3, cvc: number.length === 15 ? '1234' : '123', ...extra },
});

const pay = (params, opts) => stripe.paymentIntents.create({ amount: 1000, currency: 'usd', ...params }, opts);
const authorize = (params) => pay({ capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true, ...params });
const types = (events) => events.map((e) => e.type);

const CANCEL_STATUSES = 'requires_payment_method, requires_capture, requires_confirmation, requires_action, processing';
const cancelMessage = (status) => `You cannot cancel this PaymentIntent because it has a status of ${status}. ` +
  `Only a PaymentIntent with one of the following statuses may be canceled: ${CANCEL_STATUSES}.`;
const captureMessage = (status) => `This PaymentIntent could not be captured because it has a status of ${status}. ` +
  'Only a PaymentIntent with one of the following statuses may be captured: requires_capture.';
const updatePmMessage = (status) => `This PaymentIntent's payment_method could not be updated because it has a status of ${status}. ` +
  'You may only update the payment_method of a PaymentIntent with one of the following statuses: ' +
  'requires_payment_method, requires_confirmation, requires_action.';

// ---------------------------------------------------------------------------------------------
// Create, retrieve, confirm.

test('create: requires_payment_method with Stripe\'s defaults; retrieve returns the same object', async () => {
  const mark = await eventMark(stripe);
  const pi = await pay({ amount: 2000, description: 'Order 42', metadata: { order: '42' } });
  assert.match(pi.id, /^pi_[A-Za-z0-9]+$/);
  assert.equal(pi.object, 'payment_intent');
  assert.equal(pi.amount, 2000);
  assert.equal(pi.currency, 'usd');
  assert.equal(pi.status, 'requires_payment_method');
  assert.equal(pi.amount_capturable, 0);
  assert.equal(pi.amount_received, 0);
  assert.equal(pi.capture_method, 'automatic_async', 'the default since 2024-04-10');
  assert.equal(pi.confirmation_method, 'automatic');
  assert.match(pi.client_secret, new RegExp(`^${pi.id}_secret_[A-Za-z0-9]+$`));
  assert.equal(pi.payment_method, null);
  assert.equal(pi.latest_charge, null);
  assert.equal(pi.last_payment_error, null);
  assert.equal(pi.next_action, null);
  assert.equal(pi.canceled_at, null);
  assert.equal(pi.cancellation_reason, null);
  assert.equal(pi.customer, null);
  assert.equal(pi.description, 'Order 42');
  assert.deepEqual(pi.metadata, { order: '42' });
  assert.equal(pi.livemode, false);
  assert.ok(pi.payment_method_types.includes('card'));
  assert.deepEqual(strip(await stripe.paymentIntents.retrieve(pi.id)), strip(pi));

  const events = await eventsAbout(stripe, [pi.id], mark);
  assert.deepEqual(types(events), ['payment_intent.created']);
  assert.deepEqual(events[0].data.object, strip(pi));
});

test('create: amount and currency are required; an amount below the minimum is refused', async () => {
  await rejectsWith(stripe.paymentIntents.create({ currency: 'usd' }), {
    type: 'StripeInvalidRequestError', status: 400, code: 'parameter_missing', param: 'amount',
  });
  await rejectsWith(stripe.paymentIntents.create({ amount: 1000 }), {
    type: 'StripeInvalidRequestError', status: 400, code: 'parameter_missing', param: 'currency',
  });
  await rejectsWith(pay({ amount: 10 }), {
    type: 'StripeInvalidRequestError', status: 400, code: 'amount_too_small', param: 'amount',
  });
});

test('create: confirm-only params need confirm=true', async () => {
  await rejectsWith(pay({ payment_method: 'pm_card_visa', off_session: true }), {
    type: 'StripeInvalidRequestError', status: 400, param: 'off_session',
  });
  await rejectsWith(pay({ payment_method: 'pm_card_visa', return_url: 'https://example.com/back' }), {
    type: 'StripeInvalidRequestError', status: 400, param: 'return_url',
  });
});

test('create with a payment method is requires_confirmation; confirm then succeeds', async () => {
  const pm = await cardPm('4242424242424242');
  const pi = await pay({ payment_method: pm.id });
  assert.equal(pi.status, 'requires_confirmation');
  assert.equal(pi.payment_method, pm.id);
  const confirmed = await stripe.paymentIntents.confirm(pi.id);
  assert.equal(confirmed.status, 'succeeded');
  assert.equal(confirmed.amount_received, 1000);
  assert.equal(confirmed.payment_method, pm.id);
  assert.match(confirmed.latest_charge, /^ch_/);
});

test('success with each brand (pm_card_visa, mastercard, amex, discover): succeeded, and the charge shows the card', async () => {
  const cases = [
    ['pm_card_visa', 'visa', '4242'],
    ['pm_card_mastercard', 'mastercard', '4444'],
    ['pm_card_amex', 'amex', '0005'],
    ['pm_card_discover', 'discover', '1117'],
  ];
  for (const [token, brand, last4] of cases) {
    const pi = await pay({ amount: 1234, payment_method: token, confirm: true });
    assert.equal(pi.status, 'succeeded', token);
    assert.equal(pi.amount_received, 1234, token);
    assert.equal(pi.amount_capturable, 0, token);
    assert.equal(pi.last_payment_error, null, token);
    assert.equal(pi.next_action, null, token);
    assert.match(pi.payment_method, /^pm_/, token);
    assert.notEqual(pi.payment_method, token, 'a test token becomes a real pm_');
    const pm = await stripe.paymentMethods.retrieve(pi.payment_method);
    assert.equal(pm.card.brand, brand, token);
    assert.equal(pm.card.last4, last4, token);
    const ch = await stripe.charges.retrieve(pi.latest_charge);
    assert.equal(ch.status, 'succeeded', token);
    assert.equal(ch.paid, true, token);
    assert.equal(ch.captured, true, token);
    assert.equal(ch.amount, 1234, token);
    assert.equal(ch.amount_captured, 1234, token);
    assert.equal(ch.payment_intent, pi.id, token);
    assert.equal(ch.payment_method, pi.payment_method, token);
    assert.equal(ch.payment_method_details.type, 'card', token);
    assert.equal(ch.payment_method_details.card.brand, brand, token);
    assert.equal(ch.payment_method_details.card.last4, last4, token);
  }
  // The same cards by number succeed as well.
  for (const number of ['4242424242424242', '5555555555554444', '378282246310005', '6011111111111117']) {
    const pm = await cardPm(number);
    assert.equal((await pay({ payment_method: pm.id, confirm: true })).status, 'succeeded', number);
  }
});

test('pm_card_visa creates a new payment method on each use', async () => {
  const a = await pay({ payment_method: 'pm_card_visa', confirm: true });
  const b = await pay({ payment_method: 'pm_card_visa', confirm: true });
  assert.notEqual(a.payment_method, b.payment_method);
  const [pa, pb] = [await stripe.paymentMethods.retrieve(a.payment_method), await stripe.paymentMethods.retrieve(b.payment_method)];
  assert.equal(pa.card.fingerprint, pb.card.fingerprint);
});

test('a payment method used without a customer cannot be used again', async () => {
  const pm = await cardPm('4242424242424242');
  assert.equal((await pay({ payment_method: pm.id, confirm: true })).status, 'succeeded');
  await rejectsWith(pay({ payment_method: pm.id, confirm: true }), {
    type: 'StripeInvalidRequestError', status: 400, param: 'payment_method',
  });
});

// ---------------------------------------------------------------------------------------------
// Declines.

const DECLINES = [
  { number: '4000000000000002', token: 'pm_card_visa_chargeDeclined', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  { number: '4000000000009995', token: 'pm_card_visa_chargeDeclinedInsufficientFunds', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  { number: '4000000000009987', token: 'pm_card_visa_chargeDeclinedLostCard', code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' },
  { number: '4000000000009979', token: 'pm_card_visa_chargeDeclinedStolenCard', code: 'card_declined', decline_code: 'stolen_card', message: 'Your card was declined.' },
  { number: '4000000000000069', token: 'pm_card_chargeDeclinedExpiredCard', code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.', param: 'exp_month' },
  { number: '4000000000000127', token: 'pm_card_chargeDeclinedIncorrectCvc', code: 'incorrect_cvc', decline_code: 'incorrect_cvc', message: "Your card's security code is incorrect.", param: 'cvc' },
  { number: '4000000000000119', token: 'pm_card_chargeDeclinedProcessingError', code: 'processing_error', decline_code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' },
];

// Checks a declined confirmation: the 402 card_error, the intent it carries and stores, and
// the failed charge. Returns the error.
async function assertDeclined(promise, d, pmId) {
  const err = await rejectsWith(promise, {
    type: 'StripeCardError', status: 402, rawType: 'card_error', code: d.code, decline_code: d.decline_code, message: d.message,
  });
  const label = d.number ?? d.token;
  if (d.param) assert.equal(err.param, d.param, label);
  assert.match(err.charge, /^ch_/, label);
  assert.equal(err.payment_method.object, 'payment_method', label);
  if (pmId) assert.equal(err.payment_method.id, pmId, label);

  const shown = err.payment_intent;
  assert.equal(shown.object, 'payment_intent', label);
  assert.equal(shown.status, 'requires_payment_method', label);
  assert.equal(shown.payment_method, null, label);
  assert.equal(shown.latest_charge, err.charge, label);
  const lpe = shown.last_payment_error;
  assert.equal(lpe.type, 'card_error', label);
  assert.equal(lpe.code, d.code, label);
  assert.equal(lpe.decline_code, d.decline_code, label);
  assert.equal(lpe.message, d.message, label);
  assert.equal(lpe.charge, err.charge, label);
  assert.equal(lpe.payment_method.id, err.payment_method.id, label);

  // The intent keeps what the error showed.
  const pi = await stripe.paymentIntents.retrieve(shown.id);
  assert.deepEqual(strip(pi), shown, label);
  assert.equal(pi.amount_received, 0, label);

  const ch = await stripe.charges.retrieve(err.charge);
  assert.equal(ch.status, 'failed', label);
  assert.equal(ch.paid, false, label);
  assert.equal(ch.captured, false, label);
  assert.equal(ch.amount_captured, 0, label);
  assert.equal(ch.failure_code, d.code, label);
  assert.equal(ch.failure_message, d.message, label);
  assert.equal(ch.outcome.type, 'issuer_declined', label);
  assert.equal(ch.payment_intent, pi.id, label);
  assert.equal(ch.payment_method, err.payment_method.id, label);
  return err;
}

test('each decline card (by number): 402 card_error with code, decline_code and message; the intent and charge afterwards', async () => {
  for (const d of DECLINES) {
    const pm = await cardPm(d.number);
    await assertDeclined(pay({ payment_method: pm.id, confirm: true }), d, pm.id);
  }
});

test('each decline card (by pm_card_* token) declines the same way', async () => {
  for (const d of DECLINES) {
    await assertDeclined(pay({ payment_method: d.token, confirm: true }), { ...d, number: undefined });
  }
  // The older spellings work too.
  await assertDeclined(pay({ payment_method: 'pm_card_chargeDeclined', confirm: true }), { ...DECLINES[0], number: undefined });
  await assertDeclined(pay({ payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true }), { ...DECLINES[1], number: undefined });
});

test('a decline on /confirm (not create) answers the same way', async () => {
  const pm = await cardPm('4000000000009995');
  const pi = await pay({ payment_method: pm.id });
  const err = await assertDeclined(stripe.paymentIntents.confirm(pi.id), DECLINES[1], pm.id);
  assert.equal(err.payment_intent.id, pi.id);
});

test('4000000000000341: attaching works, then the charge fails', async () => {
  const cus = await newCustomer(stripe);
  const pm = await cardPm('4000000000000341');
  assert.equal((await stripe.paymentMethods.attach(pm.id, { customer: cus.id })).customer, cus.id);
  const err = await rejectsWith(pay({ customer: cus.id, payment_method: pm.id, confirm: true }), {
    type: 'StripeCardError', status: 402, code: 'card_declined',
  });
  assert.equal(err.payment_intent.status, 'requires_payment_method');
  assert.equal(err.payment_intent.last_payment_error.code, 'card_declined');
  assert.equal((await stripe.charges.retrieve(err.charge)).status, 'failed');
  assert.equal((await stripe.paymentMethods.retrieve(pm.id)).customer, cus.id, 'still attached');
});

test('a decline, then a retry with another card succeeds on the same intent', async () => {
  const pi = await pay({ amount: 2500 });
  const err = await assertDeclined(
    stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds' }),
    { ...DECLINES[1], number: undefined });
  const retried = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
  assert.equal(retried.id, pi.id);
  assert.equal(retried.status, 'succeeded');
  assert.equal(retried.amount_received, 2500);
  assert.equal(retried.last_payment_error, null, 'a success clears the last error');
  assert.notEqual(retried.latest_charge, err.charge);

  // One charge per attempt.
  const charges = (await stripe.charges.list({ payment_intent: pi.id })).data;
  assert.deepEqual(charges.map((c) => c.id), [retried.latest_charge, err.charge], 'newest first');
  assert.deepEqual(charges.map((c) => c.status), ['succeeded', 'failed']);

  // The same through update + confirm.
  const pi2 = await pay({ payment_method: 'pm_card_visa_chargeDeclined' });
  await rejectsWith(stripe.paymentIntents.confirm(pi2.id), { type: 'StripeCardError', status: 402 });
  const updated = await stripe.paymentIntents.update(pi2.id, { payment_method: 'pm_card_mastercard' });
  assert.equal(updated.status, 'requires_confirmation');
  assert.equal((await stripe.paymentIntents.confirm(pi2.id)).status, 'succeeded');
});

// ---------------------------------------------------------------------------------------------
// 3-D Secure.

test('4000002760003184: requires_action with redirect_to_url (return_url) or use_stripe_sdk; no charge yet', async () => {
  const mark = await eventMark(stripe);
  const pm = await cardPm('4000002760003184');
  const pi = await pay({ payment_method: pm.id, confirm: true, return_url: 'https://shop.example/back?order=7' });
  assert.equal(pi.status, 'requires_action');
  assert.equal(pi.next_action.type, 'redirect_to_url');
  assert.equal(pi.next_action.redirect_to_url.return_url, 'https://shop.example/back?order=7');
  assert.match(pi.next_action.redirect_to_url.url, /^https?:\/\//);
  assert.equal(pi.latest_charge, null);
  assert.equal(pi.amount_received, 0);
  assert.deepEqual(types(await eventsAbout(stripe, [pi.id], mark)), ['payment_intent.created', 'payment_intent.requires_action']);

  const sdk = await pay({ payment_method: 'pm_card_authenticationRequired', confirm: true });
  assert.equal(sdk.status, 'requires_action');
  assert.equal(sdk.next_action.type, 'use_stripe_sdk');
  assert.equal(typeof sdk.next_action.use_stripe_sdk, 'object');
  assert.equal(sdk.next_action.redirect_to_url, undefined);
  // Confirming again without authenticating stays in requires_action.
  assert.equal((await stripe.paymentIntents.confirm(sdk.id)).status, 'requires_action');
});

test('3-D Secure page: completing authentication succeeds and redirects to return_url; failing returns to requires_payment_method', async () => {
  const pi = await pay({ payment_method: 'pm_card_authenticationRequired', confirm: true, return_url: 'https://shop.example/back' });
  const done = await authenticate(server, pi, 'complete');
  assert.equal(done.status, 303);
  const back = new URL(done.location);
  assert.equal(back.origin + back.pathname, 'https://shop.example/back');
  assert.equal(back.searchParams.get('payment_intent'), pi.id);
  assert.equal(back.searchParams.get('payment_intent_client_secret'), pi.client_secret);
  assert.equal(back.searchParams.get('redirect_status'), 'succeeded');
  const succeeded = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(succeeded.status, 'succeeded');
  assert.equal(succeeded.next_action, null);
  assert.equal(succeeded.amount_received, 1000);

  const pi2 = await pay({ payment_method: 'pm_card_authenticationRequired', confirm: true, return_url: 'https://shop.example/back' });
  const failed = await authenticate(server, pi2, 'fail');
  assert.equal(new URL(failed.location).searchParams.get('redirect_status'), 'failed');
  const after = await stripe.paymentIntents.retrieve(pi2.id);
  assert.equal(after.status, 'requires_payment_method');
  assert.equal(after.last_payment_error.code, 'payment_intent_authentication_failure');
  // The intent can then be paid with another card.
  assert.equal((await stripe.paymentIntents.confirm(pi2.id, { payment_method: 'pm_card_visa' })).status, 'succeeded');
});

test('off_session with 4000002760003184: 402 authentication_required, the intent back in requires_payment_method', async () => {
  const cus = await newCustomer(stripe);
  const pm = await cardPm('4000002760003184');
  await stripe.paymentMethods.attach(pm.id, { customer: cus.id });
  const err = await rejectsWith(pay({ customer: cus.id, payment_method: pm.id, confirm: true, off_session: true }), {
    type: 'StripeCardError', status: 402, code: 'authentication_required', decline_code: 'authentication_required',
  });
  assert.equal(err.payment_intent.status, 'requires_payment_method');
  assert.equal(err.payment_intent.last_payment_error.code, 'authentication_required');
  assert.equal(err.payment_intent.next_action, null);
  const pi = await stripe.paymentIntents.retrieve(err.payment_intent.id);
  assert.equal(pi.status, 'requires_payment_method');
  assert.equal(pi.last_payment_error.code, 'authentication_required');
  assert.equal(pi.last_payment_error.decline_code, 'authentication_required');
});

test('4000002500003155: on-session needs authentication; off-session succeeds only once set up with setup_future_usage=off_session', async () => {
  // On-session: requires_action.
  const onSession = await pay({ payment_method: (await cardPm('4000002500003155')).id, confirm: true });
  assert.equal(onSession.status, 'requires_action');

  // Off-session before any setup: authentication_required.
  const cus = await newCustomer(stripe);
  const fresh = await cardPm('4000002500003155');
  await stripe.paymentMethods.attach(fresh.id, { customer: cus.id });
  const err = await rejectsWith(pay({ customer: cus.id, payment_method: fresh.id, confirm: true, off_session: true }), {
    type: 'StripeCardError', status: 402, code: 'authentication_required',
  });
  assert.equal(err.payment_intent.status, 'requires_payment_method');

  // An on-session payment with setup_future_usage=off_session, authenticated by the customer,
  // saves the card to the customer for off-session use.
  const cus2 = await newCustomer(stripe);
  const pm = await cardPm('4000002500003155');
  const first = await pay({
    customer: cus2.id, payment_method: pm.id, setup_future_usage: 'off_session', confirm: true,
    return_url: 'https://shop.example/back',
  });
  assert.equal(first.status, 'requires_action');
  await authenticate(server, first, 'complete');
  assert.equal((await stripe.paymentIntents.retrieve(first.id)).status, 'succeeded');
  assert.equal((await stripe.paymentMethods.retrieve(pm.id)).customer, cus2.id);

  const later = await pay({ amount: 3000, customer: cus2.id, payment_method: pm.id, confirm: true, off_session: true });
  assert.equal(later.status, 'succeeded');
  assert.equal(later.amount_received, 3000);
  // On-session it still asks for authentication.
  assert.equal((await pay({ customer: cus2.id, payment_method: pm.id, confirm: true })).status, 'requires_action');
});

test('4000002760003184 needs authentication off-session even after being set up', async () => {
  const cus = await newCustomer(stripe);
  const pm = await cardPm('4000002760003184');
  const first = await pay({
    customer: cus.id, payment_method: pm.id, setup_future_usage: 'off_session', confirm: true,
    return_url: 'https://shop.example/back',
  });
  await authenticate(server, first, 'complete');
  assert.equal((await stripe.paymentIntents.retrieve(first.id)).status, 'succeeded');
  assert.equal((await stripe.paymentMethods.retrieve(pm.id)).customer, cus.id);
  await rejectsWith(pay({ customer: cus.id, payment_method: pm.id, confirm: true, off_session: true }), {
    type: 'StripeCardError', status: 402, code: 'authentication_required',
  });
});

test('4000008260003178: authentication completes, then the payment is declined insufficient_funds', async () => {
  const pi = await pay({ payment_method: (await cardPm('4000008260003178')).id, confirm: true, return_url: 'https://shop.example/back' });
  assert.equal(pi.status, 'requires_action');
  const done = await authenticate(server, pi, 'complete');
  assert.equal(new URL(done.location).searchParams.get('redirect_status'), 'failed');
  const after = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(after.status, 'requires_payment_method');
  assert.equal(after.last_payment_error.code, 'card_declined');
  assert.equal(after.last_payment_error.decline_code, 'insufficient_funds');
  assert.equal((await stripe.charges.retrieve(after.latest_charge)).status, 'failed');
});

test('error_on_requires_action=true: a card needing authentication fails instead of requires_action', async () => {
  const err = await rejectsWith(pay({ payment_method: 'pm_card_authenticationRequired', confirm: true, error_on_requires_action: true }), {
    type: 'StripeCardError', status: 402,
  });
  assert.equal(err.payment_intent.status, 'requires_payment_method');
  assert.equal(err.payment_intent.next_action, null);
});

// ---------------------------------------------------------------------------------------------
// Capture.

test('manual capture: requires_capture holds the amount; capture succeeds and captures the charge', async () => {
  const mark = await eventMark(stripe);
  const pi = await authorize({ amount: 1500 });
  assert.equal(pi.status, 'requires_capture');
  assert.equal(pi.capture_method, 'manual');
  assert.equal(pi.amount_capturable, 1500);
  assert.equal(pi.amount_received, 0);
  let ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.status, 'succeeded');
  assert.equal(ch.paid, true);
  assert.equal(ch.captured, false);
  assert.equal(ch.amount_captured, 0);

  const captured = await stripe.paymentIntents.capture(pi.id);
  assert.equal(captured.status, 'succeeded');
  assert.equal(captured.amount_capturable, 0);
  assert.equal(captured.amount_received, 1500);
  ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.captured, true);
  assert.equal(ch.amount_captured, 1500);
  assert.equal(ch.amount_refunded, 0);

  const events = types(await eventsAbout(stripe, [pi.id, pi.latest_charge], mark));
  assert.deepEqual(events.filter((t) => t !== 'charge.updated'), [
    'payment_intent.created', 'charge.succeeded', 'payment_intent.amount_capturable_updated',
    'charge.captured', 'payment_intent.succeeded',
  ]);
});

test('partial capture: the rest of the authorization is released', async () => {
  const pi = await authorize({ amount: 1000 });
  const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 600 });
  assert.equal(captured.status, 'succeeded');
  assert.equal(captured.amount, 1000);
  assert.equal(captured.amount_received, 600);
  assert.equal(captured.amount_capturable, 0);
  const ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.captured, true);
  assert.equal(ch.amount_captured, 600);
  assert.equal(ch.amount_refunded, 400, 'the uncaptured 400 is released');
  assert.equal(ch.refunded, false);
  await unexpectedState(stripe.paymentIntents.capture(pi.id), captureMessage('succeeded'));
});

test('multicapture (SEMANTICS §8.6): capture 700 of 1000 with final_capture=false, then 200', async () => {
  const mark = await eventMark(stripe);
  const pi = await authorize({ payment_method_options: { card: { request_multicapture: 'if_available' } } });
  let ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.payment_method_details.card.multicapture.status, 'available');

  const first = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 700, final_capture: false });
  assert.equal(first.status, 'requires_capture');
  assert.equal(first.amount_capturable, 300);
  assert.equal(first.amount_received, 700);
  ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.amount_captured, 700);
  assert.equal(ch.captured, false, 'captured turns true only with the final capture');

  const second = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 200 });
  assert.equal(second.status, 'succeeded');
  assert.equal(second.amount_capturable, 0);
  assert.equal(second.amount_received, 900);
  ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.amount_captured, 900);
  assert.equal(ch.captured, true);

  const events = await eventsAbout(stripe, [pi.id, pi.latest_charge], mark);
  assert.deepEqual(types(events), [
    'payment_intent.created', 'charge.succeeded', 'payment_intent.amount_capturable_updated',
    // capture 700, not final
    'charge.updated', 'payment_intent.amount_capturable_updated',
    // capture 200, final
    'charge.captured', 'payment_intent.amount_capturable_updated', 'payment_intent.succeeded',
  ]);
  const capturable = events.filter((e) => e.type === 'payment_intent.amount_capturable_updated');
  assert.deepEqual(capturable.map((e) => e.data.object.amount_capturable), [1000, 300, 0]);
  assert.equal(capturable[1].data.previous_attributes.amount_capturable, 1000);
});

test('multicapture: a non-final capture of everything left completes the payment (seed 002)', async () => {
  const pi = await authorize({ amount: 4600, payment_method_options: { card: { request_multicapture: 'if_available' } } });
  const a = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 2300, final_capture: false });
  assert.equal(a.status, 'requires_capture');
  assert.equal(a.amount_capturable, 2300);
  const b = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 2300, final_capture: false });
  assert.equal(b.status, 'succeeded');
  assert.equal(b.amount_capturable, 0);
  assert.equal(b.amount_received, 4600);
});

test('overcapture: up to the maximum_amount_capturable (+20%); the amount becomes the captured amount', async () => {
  const options = { payment_method_options: { card: { request_overcapture: 'if_available' } } };
  const pi = await authorize(options);
  const ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.payment_method_details.card.overcapture.status, 'available');
  assert.equal(ch.payment_method_details.card.overcapture.maximum_amount_capturable, 1200);

  const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1200 });
  assert.equal(captured.status, 'succeeded');
  assert.equal(captured.amount, 1200);
  assert.equal(captured.amount_received, 1200);
  assert.equal(captured.amount_capturable, 0);
  const after = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(after.amount_captured, 1200);
  assert.equal(after.captured, true);

  const over = await authorize(options);
  await rejectsWith(stripe.paymentIntents.capture(over.id, { amount_to_capture: 1201 }), {
    type: 'StripeInvalidRequestError', status: 400, param: 'amount_to_capture',
  });
  assert.equal((await stripe.paymentIntents.retrieve(over.id)).status, 'requires_capture');

  // Without the request, the authorization is the limit.
  const plain = await authorize();
  assert.equal((await stripe.charges.retrieve(plain.latest_charge)).payment_method_details.card.overcapture.status, 'unavailable');
});

test('increment_authorization: raises the held amount (requires_capture only, when requested, to a higher total)', async () => {
  const pi = await authorize({ payment_method_options: { card: { request_incremental_authorization: 'if_available' } } });
  assert.equal((await stripe.charges.retrieve(pi.latest_charge)).payment_method_details.card.incremental_authorization.status, 'available');
  const mark = await eventMark(stripe);
  const raised = await stripe.paymentIntents.incrementAuthorization(pi.id, { amount: 1500 });
  assert.equal(raised.status, 'requires_capture');
  assert.equal(raised.amount, 1500);
  assert.equal(raised.amount_capturable, 1500);
  assert.deepEqual(types(await eventsAbout(stripe, [pi.id], mark)), ['payment_intent.amount_capturable_updated']);
  await rejectsWith(stripe.paymentIntents.incrementAuthorization(pi.id, { amount: 1200 }), {
    type: 'StripeInvalidRequestError', status: 400, param: 'amount',
  });
  const captured = await stripe.paymentIntents.capture(pi.id);
  assert.equal(captured.amount_received, 1500);
  await unexpectedState(stripe.paymentIntents.incrementAuthorization(pi.id, { amount: 2000 }),
    /has a status of succeeded/);

  const plain = await authorize();
  await rejectsWith(stripe.paymentIntents.incrementAuthorization(plain.id, { amount: 1500 }), {
    type: 'StripeInvalidRequestError', status: 400,
  });
  assert.equal((await stripe.paymentIntents.retrieve(plain.id)).amount, 1000);
});

test('capture errors: more than capturable, final_capture=false without multicapture, the wrong state', async () => {
  const pi = await authorize({ amount: 1000 });
  await rejectsWith(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1001 }), {
    type: 'StripeInvalidRequestError', status: 400, param: 'amount_to_capture',
  });
  await rejectsWith(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 500, final_capture: false }), {
    type: 'StripeInvalidRequestError', status: 400, param: 'final_capture',
  });
  const unchanged = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(unchanged.status, 'requires_capture');
  assert.equal(unchanged.amount_capturable, 1000);
  assert.equal(unchanged.amount_received, 0);

  const rpm = await pay({});
  const err = await unexpectedState(stripe.paymentIntents.capture(rpm.id), captureMessage('requires_payment_method'));
  assert.equal(err.payment_intent.id, rpm.id);
  const rc = await pay({ payment_method: 'pm_card_visa', capture_method: 'manual' });
  await unexpectedState(stripe.paymentIntents.capture(rc.id), captureMessage('requires_confirmation'));
  const done = await pay({ payment_method: 'pm_card_visa', confirm: true });
  await unexpectedState(stripe.paymentIntents.capture(done.id), captureMessage('succeeded'));
  const canceled = await stripe.paymentIntents.cancel((await authorize()).id);
  await unexpectedState(stripe.paymentIntents.capture(canceled.id), captureMessage('canceled'));
});

// ---------------------------------------------------------------------------------------------
// Cancel (seed 001: "at any point before it's in a processing or succeeded state").

test('cancel from requires_payment_method, requires_confirmation and requires_action, with cancellation_reason', async () => {
  const intents = {
    requires_payment_method: await pay({}),
    requires_confirmation: await pay({ payment_method: 'pm_card_visa' }),
    requires_action: await pay({ payment_method: 'pm_card_authenticationRequired', confirm: true }),
  };
  for (const [status, pi] of Object.entries(intents)) {
    assert.equal(pi.status, status);
    const mark = await eventMark(stripe);
    const before = Math.floor(Date.now() / 1000);
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'requested_by_customer' });
    assert.equal(canceled.status, 'canceled', status);
    assert.equal(canceled.cancellation_reason, 'requested_by_customer', status);
    assert.ok(canceled.canceled_at >= before && canceled.canceled_at <= Math.floor(Date.now() / 1000) + 1, status);
    assert.equal(canceled.next_action, null, status);
    assert.deepEqual(strip(await stripe.paymentIntents.retrieve(pi.id)), strip(canceled));
    assert.deepEqual(types(await eventsAbout(stripe, [pi.id], mark)), ['payment_intent.canceled'], status);
  }
  const noReason = await stripe.paymentIntents.cancel((await pay({})).id);
  assert.equal(noReason.cancellation_reason, null);
  await rejectsWith(stripe.paymentIntents.cancel((await pay({})).id, { cancellation_reason: 'bored' }), {
    type: 'StripeInvalidRequestError', status: 400, param: 'cancellation_reason',
  });
});

test('cancel from requires_capture releases the held funds', async () => {
  const pi = await authorize({ amount: 1800 });
  const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' });
  assert.equal(canceled.status, 'canceled');
  assert.equal(canceled.cancellation_reason, 'abandoned');
  assert.equal(canceled.amount_capturable, 0);
  assert.equal(canceled.amount_received, 0);
  const ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.captured, false);
  assert.equal(ch.amount_captured, 0);
  assert.equal(ch.amount_refunded, 1800);
  assert.equal(ch.refunded, true);
});

test('cancel from succeeded is refused with Stripe\'s message; canceled is final', async () => {
  const pi = await pay({ payment_method: 'pm_card_visa', confirm: true });
  const err = await unexpectedState(stripe.paymentIntents.cancel(pi.id), cancelMessage('succeeded'));
  assert.equal(err.payment_intent.id, pi.id);
  assert.equal(err.payment_intent.status, 'succeeded');
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'succeeded');

  const canceled = await stripe.paymentIntents.cancel((await pay({ payment_method: 'pm_card_visa' })).id);
  await unexpectedState(stripe.paymentIntents.cancel(canceled.id), cancelMessage('canceled'));
  await rejectsWith(stripe.paymentIntents.confirm(canceled.id), {
    type: 'StripeInvalidRequestError', status: 400, code: 'payment_intent_unexpected_state', message: /status of canceled/,
  });
  await rejectsWith(stripe.paymentIntents.update(canceled.id, { payment_method: 'pm_card_visa' }), {
    type: 'StripeInvalidRequestError', status: 400, code: 'payment_intent_unexpected_state', param: 'payment_method',
    message: updatePmMessage('canceled'),
  });
  await rejectsWith(stripe.paymentIntents.update(canceled.id, { amount: 5000 }), {
    type: 'StripeInvalidRequestError', status: 400, code: 'payment_intent_unexpected_state',
  });
});

test('cancel while processing: allowed for a US bank account debit, not for SEPA', async () => {
  const ach = await pay({
    payment_method: 'pm_usBankAccount_processing', payment_method_types: ['us_bank_account'], confirm: true, mandate_data: mandateData,
  });
  assert.equal(ach.status, 'processing');
  const canceled = await stripe.paymentIntents.cancel(ach.id);
  assert.equal(canceled.status, 'canceled');
  assert.equal((await stripe.charges.retrieve(ach.latest_charge)).status, 'failed');

  // pm_successDelayed_de stays processing for minutes.
  const sepa = await pay({
    currency: 'eur', payment_method: 'pm_successDelayed_de', payment_method_types: ['sepa_debit'], confirm: true, mandate_data: mandateData,
  });
  assert.equal(sepa.status, 'processing');
  await rejectsWith(stripe.paymentIntents.cancel(sepa.id), {
    type: 'StripeInvalidRequestError', status: 400, code: 'payment_intent_unexpected_state',
  });
  assert.equal((await stripe.paymentIntents.retrieve(sepa.id)).status, 'processing');
});

// ---------------------------------------------------------------------------------------------
// Update rules.

test('update: metadata and description change in any status', async () => {
  const intents = [
    await pay({}),
    await authorize(),
    await pay({ payment_method: 'pm_card_visa', confirm: true }),
    await stripe.paymentIntents.cancel((await pay({})).id),
  ];
  for (const pi of intents) {
    const u = await stripe.paymentIntents.update(pi.id, { metadata: { note: pi.status }, description: `was ${pi.status}` });
    assert.deepEqual(u.metadata, { note: pi.status });
    assert.equal(u.description, `was ${pi.status}`);
    assert.equal(u.status, pi.status, 'status unchanged');
  }
});

test('update: the amount changes only before confirmation', async () => {
  const rpm = await pay({});
  assert.equal((await stripe.paymentIntents.update(rpm.id, { amount: 4321 })).amount, 4321);
  const rc = await pay({ payment_method: 'pm_card_visa' });
  const u = await stripe.paymentIntents.update(rc.id, { amount: 2222 });
  assert.equal(u.amount, 2222);
  assert.equal(u.status, 'requires_confirmation');
  const confirmed = await stripe.paymentIntents.confirm(rc.id);
  assert.equal(confirmed.amount_received, 2222);

  for (const pi of [await authorize(), await pay({ payment_method: 'pm_card_visa', confirm: true })]) {
    const err = await rejectsWith(stripe.paymentIntents.update(pi.id, { amount: 5000 }), {
      type: 'StripeInvalidRequestError', status: 400, code: 'payment_intent_unexpected_state', param: 'amount',
    });
    assert.equal(err.payment_intent?.id, pi.id, 'the error carries the intent');
    assert.equal((await stripe.paymentIntents.retrieve(pi.id)).amount, 1000);
  }
});

test('update: the payment_method changes only in requires_payment_method, requires_confirmation and requires_action', async () => {
  const action = await pay({ payment_method: 'pm_card_authenticationRequired', confirm: true });
  assert.equal(action.status, 'requires_action');
  const switched = await stripe.paymentIntents.update(action.id, { payment_method: 'pm_card_visa' });
  assert.equal(switched.status, 'requires_confirmation', 'a new method needs a new confirmation');
  assert.equal(switched.next_action, null);
  assert.notEqual(switched.payment_method, action.payment_method);
  assert.equal((await stripe.paymentIntents.confirm(action.id)).status, 'succeeded');

  const rpm = await pay({});
  assert.equal((await stripe.paymentIntents.update(rpm.id, { payment_method: 'pm_card_visa' })).status, 'requires_confirmation');

  for (const pi of [await authorize(), await pay({ payment_method: 'pm_card_visa', confirm: true })]) {
    const err = await rejectsWith(stripe.paymentIntents.update(pi.id, { payment_method: 'pm_card_mastercard' }), {
      type: 'StripeInvalidRequestError', status: 400, code: 'payment_intent_unexpected_state', param: 'payment_method',
      message: updatePmMessage(pi.status),
    });
    assert.equal(err.payment_intent?.id, pi.id, 'the error carries the intent');
    assert.equal((await stripe.paymentIntents.retrieve(pi.id)).payment_method, pi.payment_method);
  }
});

// ---------------------------------------------------------------------------------------------
// Confirm errors.

test('confirm without a payment method is refused', async () => {
  const pi = await pay({});
  const err = await rejectsWith(stripe.paymentIntents.confirm(pi.id), {
    type: 'StripeInvalidRequestError', status: 400, code: 'payment_intent_unexpected_state',
    message: /^You cannot confirm this PaymentIntent because it's missing a payment method\./,
  });
  assert.equal(err.payment_intent.id, pi.id);
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_payment_method');
});

test('confirm with a payment method whose type is not in payment_method_types is refused', async () => {
  const pi = await pay({ currency: 'eur', payment_method_types: ['card'] });
  assert.deepEqual(pi.payment_method_types, ['card']);
  const sepa = await stripe.paymentMethods.create({
    type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' },
    billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
  });
  await rejectsWith(stripe.paymentIntents.confirm(pi.id, { payment_method: sepa.id, mandate_data: mandateData }), {
    type: 'StripeInvalidRequestError', status: 400, param: 'payment_method', message: /sepa_debit/,
  });
  const after = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(after.status, 'requires_payment_method');
  assert.equal(after.latest_charge, null, 'no attempt was made');

  const cardOnly = await pay({ payment_method_types: ['card'] });
  await rejectsWith(stripe.paymentIntents.confirm(cardOnly.id, { payment_method: 'pm_usBankAccount_success', mandate_data: mandateData }), {
    type: 'StripeInvalidRequestError', status: 400, param: 'payment_method',
  });
});

test('confirm of a succeeded intent is refused with Stripe\'s message', async () => {
  const pi = await pay({ payment_method: 'pm_card_visa', confirm: true });
  await unexpectedState(stripe.paymentIntents.confirm(pi.id),
    'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.');
  const held = await authorize();
  await rejectsWith(stripe.paymentIntents.confirm(held.id), {
    type: 'StripeInvalidRequestError', status: 400, code: 'payment_intent_unexpected_state',
  });
});

// ---------------------------------------------------------------------------------------------
// setup_future_usage.

test('setup_future_usage with a customer attaches the payment method (payment_method.attached); it is then reusable off-session', async () => {
  const cus = await newCustomer(stripe);
  const mark = await eventMark(stripe);
  const pi = await pay({ customer: cus.id, payment_method: 'pm_card_visa', setup_future_usage: 'off_session', confirm: true });
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.setup_future_usage, 'off_session');
  assert.equal(pi.customer, cus.id);
  const pm = await stripe.paymentMethods.retrieve(pi.payment_method);
  assert.equal(pm.customer, cus.id);
  assert.deepEqual((await stripe.customers.listPaymentMethods(cus.id)).data.map((p) => p.id), [pm.id]);
  const attached = (await eventsAbout(stripe, [pm.id], mark)).filter((e) => e.type === 'payment_method.attached');
  assert.equal(attached.length, 1);
  assert.equal(attached[0].data.object.customer, cus.id);

  const again = await pay({ amount: 700, customer: cus.id, payment_method: pm.id, confirm: true, off_session: true });
  assert.equal(again.status, 'succeeded');
  assert.equal(again.payment_method, pm.id);

  // on_session attaches too; without setup_future_usage nothing is attached.
  const cus2 = await newCustomer(stripe);
  const on = await pay({ customer: cus2.id, payment_method: 'pm_card_mastercard', setup_future_usage: 'on_session', confirm: true });
  assert.equal((await stripe.paymentMethods.retrieve(on.payment_method)).customer, cus2.id);
  const cus3 = await newCustomer(stripe);
  const plain = await pay({ customer: cus3.id, payment_method: 'pm_card_visa', confirm: true });
  assert.equal((await stripe.paymentMethods.retrieve(plain.payment_method)).customer, null);
  assert.deepEqual((await stripe.customers.listPaymentMethods(cus3.id)).data, []);
});

test('setup_future_usage does not attach a declined card', async () => {
  const cus = await newCustomer(stripe);
  const err = await rejectsWith(pay({
    customer: cus.id, payment_method: 'pm_card_visa_chargeDeclined', setup_future_usage: 'off_session', confirm: true,
  }), { type: 'StripeCardError', status: 402 });
  assert.equal((await stripe.paymentMethods.retrieve(err.payment_method.id)).customer, null);
  assert.deepEqual((await stripe.customers.listPaymentMethods(cus.id)).data, []);
});

test('a payment method attached to one customer cannot pay for another', async () => {
  const a = await newCustomer(stripe);
  const b = await newCustomer(stripe);
  const pm = await stripe.paymentMethods.attach((await cardPm('4242424242424242')).id, { customer: a.id });
  await rejectsWith(pay({ customer: b.id, payment_method: pm.id, confirm: true }), {
    type: 'StripeInvalidRequestError', status: 400, param: 'payment_method',
  });
  assert.equal((await pay({ customer: a.id, payment_method: pm.id, confirm: true })).status, 'succeeded');
});

// ---------------------------------------------------------------------------------------------
// SEPA Direct Debit and ACH: processing, then settled by a background job.

async function settles(pi, status) {
  return eventually(async () => {
    const now = await stripe.paymentIntents.retrieve(pi.id);
    return now.status === status && now;
  }, { message: `${pi.id} reaching ${status}` });
}

test('SEPA pm_success_de: processing (charge pending), then succeeded, with events', async () => {
  const mark = await eventMark(stripe);
  const pi = await pay({
    amount: 1099, currency: 'eur', payment_method: 'pm_success_de', payment_method_types: ['sepa_debit'], confirm: true,
    mandate_data: mandateData,
  });
  assert.equal(pi.status, 'processing');
  assert.equal(pi.amount_received, 0);
  const pending = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(pending.status, 'pending');
  assert.equal(pending.payment_method_details.type, 'sepa_debit');

  const done = await settles(pi, 'succeeded');
  assert.equal(done.amount_received, 1099);
  assert.equal(done.latest_charge, pi.latest_charge);
  const ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.status, 'succeeded');
  assert.equal(ch.paid, true);
  assert.equal(ch.captured, true);
  assert.equal(ch.amount_captured, 1099);

  const events = await eventually(async () => {
    const evs = types(await eventsAbout(stripe, [pi.id, pi.latest_charge], mark));
    return evs.includes('payment_intent.succeeded') && evs;
  });
  assert.deepEqual(events.filter((t) => t !== 'charge.updated'), [
    'payment_intent.created', 'charge.pending', 'payment_intent.processing', 'charge.succeeded', 'payment_intent.succeeded',
  ]);
});

test('SEPA by IBAN (payment_method_data) settles the same way', async () => {
  const pi = await pay({
    currency: 'eur', payment_method_types: ['sepa_debit'], confirm: true, mandate_data: mandateData,
    payment_method_data: {
      type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' },
      billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
    },
  });
  assert.equal(pi.status, 'processing');
  await settles(pi, 'succeeded');
});

test('SEPA pm_failed_de: processing, then requires_payment_method with last_payment_error; the charge fails', async () => {
  const mark = await eventMark(stripe);
  const pi = await pay({
    currency: 'eur', payment_method: 'pm_failed_de', payment_method_types: ['sepa_debit'], confirm: true, mandate_data: mandateData,
  });
  assert.equal(pi.status, 'processing');
  const failed = await settles(pi, 'requires_payment_method');
  assert.ok(failed.last_payment_error, 'last_payment_error is set');
  assert.equal(failed.last_payment_error.payment_method.id, pi.payment_method);
  assert.equal(failed.payment_method, null);
  assert.equal(failed.amount_received, 0);
  const ch = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(ch.status, 'failed');
  assert.equal(typeof ch.failure_code, 'string');
  assert.equal(typeof ch.failure_message, 'string');

  const events = await eventually(async () => {
    const evs = types(await eventsAbout(stripe, [pi.id, pi.latest_charge], mark));
    return evs.includes('payment_intent.payment_failed') && evs;
  });
  assert.deepEqual(events.filter((t) => t !== 'charge.updated'), [
    'payment_intent.created', 'charge.pending', 'payment_intent.processing', 'charge.failed', 'payment_intent.payment_failed',
  ]);
});

test('ACH pm_usBankAccount_success settles to succeeded; pm_usBankAccount_insufficientFunds fails with insufficient_funds', async () => {
  const mark = await eventMark(stripe);
  const ok = await pay({
    amount: 5000, payment_method: 'pm_usBankAccount_success', payment_method_types: ['us_bank_account'], confirm: true,
    mandate_data: mandateData,
  });
  assert.equal(ok.status, 'processing');
  assert.equal((await stripe.charges.retrieve(ok.latest_charge)).status, 'pending');
  assert.equal((await settles(ok, 'succeeded')).amount_received, 5000);
  assert.equal((await stripe.charges.retrieve(ok.latest_charge)).status, 'succeeded');

  const poor = await pay({
    payment_method: 'pm_usBankAccount_insufficientFunds', payment_method_types: ['us_bank_account'], confirm: true,
    mandate_data: mandateData,
  });
  assert.equal(poor.status, 'processing');
  const failed = await settles(poor, 'requires_payment_method');
  assert.ok(failed.last_payment_error);
  const ch = await stripe.charges.retrieve(poor.latest_charge);
  assert.equal(ch.status, 'failed');
  assert.equal(ch.failure_code, 'insufficient_funds');

  const events = await eventually(async () => {
    const evs = types(await eventsAbout(stripe, [ok.id, poor.id], mark));
    return evs.filter((t) => t === 'payment_intent.succeeded' || t === 'payment_intent.payment_failed').length === 2 && evs;
  });
  assert.equal(events.filter((t) => t === 'payment_intent.processing').length, 2);
});

// ---------------------------------------------------------------------------------------------
// Publishable key + client_secret (Stripe.js).

test('publishable key: retrieve and confirm with the client_secret; a wrong secret fails; everything else is 401', async () => {
  const pk = server.stripe({ key: server.publishableKey });
  const pi = await pay({ amount: 1999 });

  const seen = await pk.paymentIntents.retrieve(pi.id, { client_secret: pi.client_secret });
  assert.equal(seen.id, pi.id);
  assert.equal(seen.status, 'requires_payment_method');
  assert.equal(seen.amount, 1999);
  assert.equal(seen.client_secret, pi.client_secret);
  assert.equal(seen.next_action, null);
  // Only what Stripe.js may see: no metadata, customer, charges or amounts received.
  for (const hidden of ['metadata', 'customer', 'latest_charge', 'amount_received', 'amount_capturable', 'statement_descriptor'])
    assert.ok(!(hidden in strip(seen)), `${hidden} is not shown to a publishable key`);

  const wrong = `${pi.id}_secret_wrongwrongwrongwrong`;
  await rejectsWith(pk.paymentIntents.retrieve(pi.id, { client_secret: wrong }), {
    type: 'StripeInvalidRequestError', status: 400, rawType: 'invalid_request_error',
  });
  await rejectsWith(pk.paymentIntents.confirm(pi.id, { client_secret: wrong, payment_method: 'pm_card_visa' }), {
    type: 'StripeInvalidRequestError', status: 400,
  });
  await rejectsWith(pk.paymentIntents.retrieve(pi.id), { type: 'StripeInvalidRequestError' });
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_payment_method', 'nothing happened');

  const confirmed = await pk.paymentIntents.confirm(pi.id, { client_secret: pi.client_secret, payment_method: 'pm_card_visa' });
  assert.equal(confirmed.status, 'succeeded');
  assert.match(confirmed.payment_method, /^pm_/);
  assert.ok(!('latest_charge' in confirmed) && !('metadata' in confirmed));
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'succeeded');

  const denied = { type: 'StripeAuthenticationError', status: 401 };
  await rejectsWith(pk.paymentIntents.create({ amount: 1000, currency: 'usd' }), denied);
  await rejectsWith(pk.paymentIntents.update(pi.id, { metadata: { a: 'b' } }), denied);
  await rejectsWith(pk.paymentIntents.list(), denied);
  const held = await authorize();
  await rejectsWith(pk.paymentIntents.capture(held.id), denied);
  await rejectsWith(pk.paymentIntents.cancel(held.id), denied);
  assert.equal((await stripe.paymentIntents.retrieve(held.id)).status, 'requires_capture');
  await rejectsWith(pk.charges.list(), denied);
  await rejectsWith(pk.paymentMethods.attach('pm_card_visa', { customer: 'cus_x' }), denied);
});

test('publishable key: a decline on confirm is a 402 card_error as with the secret key', async () => {
  const pk = server.stripe({ key: server.publishableKey });
  const pi = await pay({});
  const err = await rejectsWith(pk.paymentIntents.confirm(pi.id, {
    client_secret: pi.client_secret, payment_method: 'pm_card_visa_chargeDeclined',
  }), { type: 'StripeCardError', status: 402, code: 'card_declined', decline_code: 'generic_decline' });
  assert.equal(err.payment_intent.id, pi.id);
  assert.equal(err.payment_intent.status, 'requires_payment_method');
});

// ---------------------------------------------------------------------------------------------
// Events, in order.

test('events in order: a card success and a card decline', async () => {
  let mark = await eventMark(stripe);
  const ok = await pay({ payment_method: 'pm_card_visa', confirm: true });
  const okEvents = await eventsAbout(stripe, [ok.id, ok.latest_charge, ok.payment_method], mark);
  assert.deepEqual(types(okEvents).filter((t) => t !== 'charge.updated'),
    ['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
  const succeeded = okEvents.find((e) => e.type === 'payment_intent.succeeded');
  assert.equal(succeeded.data.object.status, 'succeeded');
  assert.equal(succeeded.data.object.latest_charge, ok.latest_charge);
  assert.equal(okEvents.find((e) => e.type === 'charge.succeeded').data.object.payment_intent, ok.id);

  mark = await eventMark(stripe);
  const err = await rejectsWith(pay({ payment_method: 'pm_card_visa_chargeDeclined', confirm: true }), { status: 402 });
  const failEvents = await eventsAbout(stripe, [err.payment_intent.id, err.charge, err.payment_method.id], mark);
  assert.deepEqual(types(failEvents), ['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
  const failed = failEvents[2].data.object;
  assert.equal(failed.status, 'requires_payment_method');
  assert.equal(failed.last_payment_error.decline_code, 'generic_decline');
  assert.equal(failEvents[1].data.object.failure_code, 'card_declined');
});

// ---------------------------------------------------------------------------------------------
// Lists.

test('list: newest first, filtered by customer and created, paginated', async () => {
  const cus = await newCustomer(stripe);
  const mine = [];
  for (let i = 0; i < 3; i++) mine.push(await pay({ customer: cus.id, amount: 1000 + i }));
  await pay({});
  const byCustomer = await stripe.paymentIntents.list({ customer: cus.id });
  assert.equal(byCustomer.object, 'list');
  assert.equal(byCustomer.url, '/v1/payment_intents');
  assert.deepEqual(byCustomer.data.map((p) => p.id), mine.map((p) => p.id).reverse());
  assert.equal(byCustomer.has_more, false);

  const page = await stripe.paymentIntents.list({ customer: cus.id, limit: 2 });
  assert.equal(page.has_more, true);
  const next = await stripe.paymentIntents.list({ customer: cus.id, limit: 2, starting_after: page.data[1].id });
  assert.deepEqual(next.data.map((p) => p.id), [mine[0].id]);

  const seen = [];
  await stripe.paymentIntents.list({ customer: cus.id, limit: 1 }).autoPagingEach((p) => { seen.push(p.id); });
  assert.equal(seen.length, 3);

  const c = mine[0].created;
  const ids = async (created) => (await stripe.paymentIntents.list({ created, limit: 100 })).data.map((p) => p.id);
  assert.ok((await ids({ gte: c, lte: c + 5 })).includes(mine[0].id));
  assert.ok(!(await ids({ gt: c + 5 })).includes(mine[0].id));
  assert.ok(!(await ids({ lt: c })).includes(mine[0].id));
  assert.deepEqual((await stripe.paymentIntents.list({ customer: (await newCustomer(stripe)).id })).data, []);
});

test('retrieve: an unknown intent is 404 resource_missing', async () => {
  await rejectsWith(stripe.paymentIntents.retrieve('pi_doesnotexist'), {
    type: 'StripeInvalidRequestError', status: 404, code: 'resource_missing', param: 'id', message: /pi_doesnotexist/,
  });
  await rejectsWith(stripe.paymentIntents.confirm('pi_doesnotexist', { payment_method: 'pm_card_visa' }), {
    type: 'StripeInvalidRequestError', status: 404, code: 'resource_missing',
  });
});

// ---------------------------------------------------------------------------------------------
// Idempotent replays and concurrency.

test('idempotent replays: a success and a decline each happen once', async () => {
  const cus = await newCustomer(stripe);
  const okKey = `ok-${cus.id}`;
  const ok = await pay({ customer: cus.id, payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: okKey });
  const replay = await pay({ customer: cus.id, payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: okKey });
  assert.deepEqual(strip(replay), strip(ok));

  const badKey = `bad-${cus.id}`;
  const params = { customer: cus.id, payment_method: 'pm_card_visa_chargeDeclined', confirm: true };
  const first = await rejectsWith(pay(params, { idempotencyKey: badKey }), { type: 'StripeCardError', status: 402 });
  const second = await rejectsWith(pay(params, { idempotencyKey: badKey }), { type: 'StripeCardError', status: 402 });
  const shape = (e) => ({ code: e.code, decline_code: e.decline_code, message: e.message, charge: e.charge,
    payment_intent: e.payment_intent, payment_method: e.payment_method });
  assert.deepEqual(shape(second), shape(first), 'the replay answers the same 402');
  const intents = (await stripe.paymentIntents.list({ customer: cus.id })).data;
  assert.equal(intents.length, 2, 'one intent per idempotency key');
  assert.equal((await stripe.charges.list({ customer: cus.id })).data.length, 2, 'one charge per attempt, not per request');
});

test('concurrency: 50 parallel captures of 100 on a 1,000 multicapture authorization capture exactly 1,000', async () => {
  const pi = await authorize({ payment_method_options: { card: { request_multicapture: 'if_available' } } });
  const results = await Promise.allSettled(Array.from({ length: 50 },
    () => stripe.paymentIntents.capture(pi.id, { amount_to_capture: 100, final_capture: false })));
  const ok = results.filter((r) => r.status === 'fulfilled');
  assert.equal(ok.length, 10, 'ten captures of 100 fit');
  for (const r of results.filter((x) => x.status === 'rejected')) assert.equal(r.reason.statusCode, 400, r.reason.message);
  const after = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(after.amount_received, 1000);
  assert.equal(after.amount_capturable, 0);
  assert.equal((await stripe.charges.retrieve(pi.latest_charge)).amount_captured, 1000);
});

test('concurrency: a confirm racing a cancel ends in exactly one of the two outcomes', async () => {
  for (let i = 0; i < 10; i++) {
    const pi = await pay({ payment_method: 'pm_card_visa' });
    const [confirm, cancel] = await Promise.allSettled([
      stripe.paymentIntents.confirm(pi.id), stripe.paymentIntents.cancel(pi.id),
    ]);
    const final = await stripe.paymentIntents.retrieve(pi.id);
    if (final.status === 'succeeded') {
      assert.equal(confirm.status, 'fulfilled');
      assert.equal(cancel.status, 'rejected');
      assert.equal(cancel.reason.code, 'payment_intent_unexpected_state');
    } else {
      assert.equal(final.status, 'canceled');
      assert.equal(cancel.status, 'fulfilled');
      assert.equal(confirm.status, 'rejected');
      assert.equal(confirm.reason.code, 'payment_intent_unexpected_state');
      assert.deepEqual((await stripe.charges.list({ payment_intent: pi.id })).data, [], 'no charge for a canceled intent');
    }
  }
});
