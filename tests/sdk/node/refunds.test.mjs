// Refunds through stripe-node: whole and partial refunds of a PaymentIntent or a Charge, the
// limits (never more than captured, fully refunded), refunds on a multicapture intent still
// in requires_capture, the pendingRefund / refundFail test cards with their events, update,
// list, cancel, the expire helper, and charge.refunds when expanded.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, startServer } from './harness.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer({ args: ['--settlement-delay', '200ms'] });
  stripe = server.stripe();
});
after(() => server?.stop());

const withoutLastResponse = ({ lastResponse, ...rest }) => rest;

// A succeeded card payment of `amount` (cents, usd) with the test card `pm`.
const paid = (amount, pm = 'pm_card_visa', extra = {}) =>
  stripe.paymentIntents.create({ amount, currency: 'usd', payment_method: pm, confirm: true, ...extra });

// The events about `id` (newest first), of `types` when given.
async function eventsAbout(id, types) {
  const out = [];
  await stripe.events.list({ limit: 100 }).autoPagingEach((e) => {
    if (e.data.object.id === id && (!types || types.includes(e.type))) out.push(e);
  });
  return out;
}

const rejectsWith = (promise, { status = 400, ...fields }) => assert.rejects(promise, (err) => {
  assert.equal(err.type, 'StripeInvalidRequestError', err.message);
  assert.equal(err.statusCode, status, err.message);
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof RegExp) assert.match(err[k], v, k);
    else assert.equal(err[k], v, `${k}: ${err.message}`);
  }
  return true;
});

test('a full refund of a PaymentIntent: the refund, the charge, its balance transaction and events', async () => {
  const pi = await paid(2000);
  const refund = await stripe.refunds.create({ payment_intent: pi.id, reason: 'requested_by_customer', metadata: { order: '7' } });
  assert.match(refund.id, /^re_[A-Za-z0-9]{24}$/);
  assert.equal(refund.object, 'refund');
  assert.equal(refund.amount, 2000);
  assert.equal(refund.currency, 'usd');
  assert.equal(refund.charge, pi.latest_charge);
  assert.equal(refund.payment_intent, pi.id);
  assert.equal(refund.status, 'succeeded');
  assert.equal(refund.reason, 'requested_by_customer');
  assert.deepEqual(refund.metadata, { order: '7' });
  assert.deepEqual(refund.destination_details, { card: { type: 'reversal' }, type: 'card' });
  for (const k of ['receipt_number', 'source_transfer_reversal', 'transfer_reversal']) assert.equal(refund[k], null, k);

  const charge = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(charge.amount_refunded, 2000);
  assert.equal(charge.refunded, true);
  assert.ok(!('refunds' in charge), 'charge.refunds only when expanded');

  const bt = await stripe.balanceTransactions.retrieve(refund.balance_transaction);
  assert.equal(bt.type, 'refund');
  assert.equal(bt.reporting_category, 'refund');
  assert.equal(bt.amount, -2000);
  assert.equal(bt.fee, 0);
  assert.deepEqual(bt.fee_details, []);
  assert.equal(bt.net, -2000);
  assert.equal(bt.source, refund.id);
  assert.equal(bt.status, 'available');

  const [created] = await eventsAbout(refund.id, ['refund.created']);
  assert.deepEqual(created.data.object, withoutLastResponse(refund));
  const [refunded] = await eventsAbout(charge.id, ['charge.refunded']);
  assert.equal(refunded.data.object.amount_refunded, 2000);
  assert.deepEqual(refunded.data.previous_attributes, { amount_refunded: 0, refunded: false });

  assert.deepEqual(withoutLastResponse(await stripe.refunds.retrieve(refund.id)), withoutLastResponse(refund));
});

test('partial refunds by charge add up; more than is left is refused, then a fully refunded charge', async () => {
  const pi = await paid(3000);
  const r1 = await stripe.refunds.create({ charge: pi.latest_charge, amount: 1000 });
  assert.equal(r1.amount, 1000);
  assert.equal(r1.payment_intent, pi.id);
  let charge = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(charge.amount_refunded, 1000);
  assert.equal(charge.refunded, false);

  await rejectsWith(stripe.refunds.create({ charge: charge.id, amount: 2500 }), {
    param: 'amount', message: 'Refund amount ($25.00) is greater than unrefunded amount on charge ($20.00)',
  });
  // Without an amount, what is left.
  const r2 = await stripe.refunds.create({ payment_intent: pi.id });
  assert.equal(r2.amount, 2000);
  charge = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(charge.amount_refunded, 3000);
  assert.equal(charge.refunded, true);
  // Each partial refund announced the charge.
  assert.equal((await eventsAbout(charge.id, ['charge.refunded'])).length, 2);

  await rejectsWith(stripe.refunds.create({ charge: charge.id }), {
    code: 'charge_already_refunded', message: `Charge ${charge.id} has already been refunded.`,
  });
  await rejectsWith(stripe.refunds.create({ payment_intent: pi.id, amount: 100 }), { code: 'charge_already_refunded' });
});

test('a refund larger than the charge is refused with Stripe\'s message', async () => {
  const pi = await paid(2000);
  await rejectsWith(stripe.refunds.create({ payment_intent: pi.id, amount: 5000 }), {
    param: 'amount', message: 'Refund amount ($50.00) is greater than charge amount ($20.00)',
  });
  const charge = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(charge.amount_refunded, 0, 'nothing changed');
  assert.equal((await stripe.refunds.list({ charge: charge.id })).data.length, 0);
});

test('bad requests: no charge or intent, unknown ids, bad reason, bad amount, mismatched charge', async () => {
  await rejectsWith(stripe.refunds.create({}), { code: 'parameter_missing', param: 'charge' });
  await rejectsWith(stripe.refunds.create({ charge: 'ch_missing' }), { code: 'resource_missing', param: 'charge' });
  await rejectsWith(stripe.refunds.create({ payment_intent: 'pi_missing' }), { code: 'resource_missing', param: 'payment_intent' });
  const pi = await paid(1000);
  await rejectsWith(stripe.refunds.create({ payment_intent: pi.id, reason: 'bored' }), { param: 'reason' });
  await rejectsWith(stripe.refunds.create({ payment_intent: pi.id, amount: 0 }), { param: 'amount' });
  const other = await paid(1000);
  await rejectsWith(stripe.refunds.create({ payment_intent: pi.id, charge: other.latest_charge }), { param: 'charge' });
  await rejectsWith(stripe.refunds.retrieve('re_missing'), { status: 404, code: 'resource_missing' });
});

test('an intent without a captured charge has nothing to refund', async () => {
  const unconfirmed = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
  const message = (id) => `This PaymentIntent (${id}) does not have a successful charge to refund.`;
  await rejectsWith(stripe.refunds.create({ payment_intent: unconfirmed.id }), { message: message(unconfirmed.id) });

  const held = await paid(1000, 'pm_card_visa', { capture_method: 'manual' });
  assert.equal(held.status, 'requires_capture');
  await rejectsWith(stripe.refunds.create({ payment_intent: held.id }), { message: message(held.id) });
  await stripe.paymentIntents.cancel(held.id);
  await rejectsWith(stripe.refunds.create({ charge: held.latest_charge }), { message: message(held.id) });
});

test('multicapture: refunds while requires_capture reach only what was received; refunded after the final capture', async () => {
  const pi = await paid(1000, 'pm_card_visa', {
    capture_method: 'manual',
    payment_method_options: { card: { request_multicapture: 'if_available' } },
  });
  await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 700, final_capture: false });

  await rejectsWith(stripe.refunds.create({ payment_intent: pi.id, amount: 800 }), {
    param: 'amount', message: 'Refund amount ($8.00) is greater than charge amount ($7.00)',
  });
  const r1 = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
  assert.equal(r1.status, 'succeeded');
  let charge = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(charge.amount_refunded, 500);
  assert.equal(charge.refunded, false);
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_capture', 'still capturable');
  await rejectsWith(stripe.refunds.create({ payment_intent: pi.id, amount: 201 }), {
    message: 'Refund amount ($2.01) is greater than unrefunded amount on charge ($2.00)',
  });

  const done = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 200 });
  assert.equal(done.status, 'succeeded');
  assert.equal(done.amount_received, 900);
  const r2 = await stripe.refunds.create({ payment_intent: pi.id });
  assert.equal(r2.amount, 400, 'captured 900, refunded 500');
  charge = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(charge.amount_captured, 900);
  assert.equal(charge.refunded, true, 'final capture and a full refund');
  await rejectsWith(stripe.refunds.create({ payment_intent: pi.id }), { code: 'charge_already_refunded' });
});

test('pm_card_pendingRefund: pending, then succeeded with refund.updated and charge.refund.updated', async () => {
  const pi = await paid(1500, 'pm_card_pendingRefund');
  const refund = await stripe.refunds.create({ payment_intent: pi.id });
  assert.equal(refund.status, 'pending');
  assert.equal(refund.pending_reason, 'processing');
  assert.ok(refund.balance_transaction, 'the money leaves the balance while pending');
  assert.equal((await stripe.charges.retrieve(pi.latest_charge)).amount_refunded, 1500);

  const settled = await eventually(async () => {
    const r = await stripe.refunds.retrieve(refund.id);
    return r.status === 'succeeded' && r;
  }, { timeoutMs: 10000, message: 'refund succeeded' });
  assert.ok(!('pending_reason' in settled));
  const events = await eventually(async () => {
    const e = await eventsAbout(refund.id, ['refund.updated', 'charge.refund.updated']);
    return e.length === 2 && e;
  }, { message: 'refund events' });
  for (const e of events) {
    assert.equal(e.data.object.status, 'succeeded', e.type);
    assert.equal(e.data.previous_attributes.status, 'pending', e.type);
    assert.equal(e.request.id, null, 'background work');
  }
});

test('pm_card_refundFail: succeeded, then failed with a refund_failure balance transaction', async () => {
  const pi = await paid(1200, 'pm_card_refundFail');
  const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
  assert.equal(refund.status, 'succeeded');
  assert.equal((await stripe.charges.retrieve(pi.latest_charge)).amount_refunded, 1000);

  const failed = await eventually(async () => {
    const r = await stripe.refunds.retrieve(refund.id);
    return r.status === 'failed' && r;
  }, { timeoutMs: 10000, message: 'refund failed' });
  assert.equal(failed.failure_reason, 'expired_or_canceled_card');
  const bt = await stripe.balanceTransactions.retrieve(failed.failure_balance_transaction);
  assert.equal(bt.type, 'refund_failure');
  assert.equal(bt.amount, 1000);
  assert.equal(bt.net, 1000);
  assert.equal(bt.source, refund.id);

  const charge = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(charge.amount_refunded, 0, 'the failed refund no longer counts');
  assert.equal(charge.refunded, false);
  const types = (await eventsAbout(refund.id)).map((e) => e.type).sort();
  assert.deepEqual(types, ['charge.refund.updated', 'refund.created', 'refund.failed', 'refund.updated']);
  // The money can be refunded again.
  const again = await stripe.refunds.create({ payment_intent: pi.id });
  assert.equal(again.amount, 1200);
});

test('update takes metadata only and emits refund.updated', async () => {
  const pi = await paid(1000);
  const refund = await stripe.refunds.create({ payment_intent: pi.id, metadata: { a: '1', b: '2' } });
  const updated = await stripe.refunds.update(refund.id, { metadata: { a: '', c: '3' } });
  assert.deepEqual(updated.metadata, { b: '2', c: '3' });
  const [evt] = await eventsAbout(refund.id, ['refund.updated']);
  assert.deepEqual(evt.data.previous_attributes, { metadata: { a: '1', c: null } });
  await rejectsWith(stripe.refunds.update(refund.id, { amount: 5 }), { code: 'parameter_unknown', param: 'amount' });
});

test('list: by charge, by payment_intent, newest first, with pagination', async () => {
  const pi = await paid(5000);
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 + i })).id);
  const other = await paid(1000);
  await stripe.refunds.create({ payment_intent: other.id });

  const byCharge = await stripe.refunds.list({ charge: pi.latest_charge });
  assert.deepEqual(byCharge.data.map((r) => r.id), [...ids].reverse());
  assert.equal(byCharge.url, '/v1/refunds');
  const byIntent = await stripe.refunds.list({ payment_intent: pi.id, limit: 2 });
  assert.equal(byIntent.data.length, 2);
  assert.equal(byIntent.has_more, true);
  const all = [];
  await stripe.refunds.list({ payment_intent: pi.id, limit: 1 }).autoPagingEach((r) => { all.push(r.id); });
  assert.deepEqual(all, [...ids].reverse());
  const everything = await stripe.refunds.list({ limit: 100 });
  assert.ok(everything.data.length >= 4);
});

test('charge.refunds and refund.charge expand', async () => {
  const pi = await paid(2000);
  const r1 = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
  const r2 = await stripe.refunds.create({ payment_intent: pi.id, amount: 600 });
  const charge = await stripe.charges.retrieve(pi.latest_charge, { expand: ['refunds'] });
  assert.equal(charge.refunds.object, 'list');
  assert.equal(charge.refunds.url, `/v1/charges/${charge.id}/refunds`);
  assert.equal(charge.refunds.has_more, false);
  assert.deepEqual(charge.refunds.data.map((r) => r.id), [r2.id, r1.id]);

  const refund = await stripe.refunds.retrieve(r1.id, { expand: ['charge', 'balance_transaction'] });
  assert.equal(refund.charge.id, charge.id);
  assert.equal(refund.balance_transaction.object, 'balance_transaction');
});

test('GET /v1/charges/:id/refunds and /v1/charges/:id/refunds/:refund (where charge.refunds.url leads)', async () => {
  const pi = await paid(3000);
  const r1 = await stripe.refunds.create({ payment_intent: pi.id, amount: 700 });
  const r2 = await stripe.refunds.create({ payment_intent: pi.id, amount: 800 });
  const other = await paid(1000);
  const foreign = await stripe.refunds.create({ payment_intent: other.id });

  const list = await stripe.rawRequest('GET', `/v1/charges/${pi.latest_charge}/refunds?limit=1`);
  assert.equal(list.object, 'list');
  assert.equal(list.url, `/v1/charges/${pi.latest_charge}/refunds`);
  assert.deepEqual(list.data.map((r) => r.id), [r2.id]);
  assert.equal(list.has_more, true);
  const rest = await stripe.rawRequest('GET', `/v1/charges/${pi.latest_charge}/refunds?starting_after=${r2.id}`);
  assert.deepEqual(rest.data.map((r) => r.id), [r1.id]);
  assert.equal(rest.has_more, false);

  const one = await stripe.rawRequest('GET', `/v1/charges/${pi.latest_charge}/refunds/${r1.id}`);
  assert.equal(one.id, r1.id);
  assert.equal(one.amount, 700);
  // A refund of another charge is not found under this one; an unknown charge is a 404 too.
  await rejectsWith(stripe.rawRequest('GET', `/v1/charges/${pi.latest_charge}/refunds/${foreign.id}`),
    { status: 404, code: 'resource_missing', message: `No such refund: '${foreign.id}'` });
  await rejectsWith(stripe.rawRequest('GET', '/v1/charges/ch_doesnotexist/refunds'),
    { status: 404, code: 'resource_missing', param: 'id', message: "No such charge: 'ch_doesnotexist'" });
});

test('cancel: only a pending refund, which gives the money back', async () => {
  const pi = await paid(1000);
  const done = await stripe.refunds.create({ payment_intent: pi.id, amount: 300 });
  await rejectsWith(stripe.refunds.cancel(done.id), {
    message: `Refund ${done.id} cannot be canceled because it has a status of succeeded. Only a refund with a status of pending or requires_action can be canceled.`,
  });

  const slow = await paid(1000, 'pm_card_pendingRefund');
  const pending = await stripe.refunds.create({ payment_intent: slow.id, amount: 400 });
  assert.equal(pending.status, 'pending');
  const canceled = await stripe.refunds.cancel(pending.id);
  assert.equal(canceled.status, 'canceled');
  assert.ok(canceled.failure_balance_transaction);
  const back = await stripe.balanceTransactions.retrieve(canceled.failure_balance_transaction);
  assert.equal(back.amount, 400);
  assert.equal((await stripe.charges.retrieve(slow.latest_charge)).amount_refunded, 0);
  // The settlement job that would have completed it finds it canceled and leaves it.
  await new Promise((r) => setTimeout(r, 600));
  assert.equal((await stripe.refunds.retrieve(pending.id)).status, 'canceled');
  await rejectsWith(stripe.refunds.cancel(pending.id), { message: /has a status of canceled/ });
});

test('test_helpers expire: only a refund that requires action', async () => {
  const pi = await paid(1000);
  const refund = await stripe.refunds.create({ payment_intent: pi.id });
  await rejectsWith(stripe.testHelpers.refunds.expire(refund.id), { message: /has a status of succeeded/ });
  await rejectsWith(stripe.testHelpers.refunds.expire('re_missing'), { status: 404, code: 'resource_missing' });
});
