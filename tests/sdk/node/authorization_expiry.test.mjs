// The authorization window: an intent left in requires_capture past it is canceled
// ("automatic") when nothing was captured, or finishes as succeeded with what multicapture
// took. The window is shortened with --authorization-window.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, startServer } from './harness.mjs';
import { eventMark, eventsAbout } from './payment_helpers.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer({ args: ['--authorization-window', '300ms'] });
  stripe = server.stripe();
});
after(() => server?.stop());

const authorize = (extra = {}) => stripe.paymentIntents.create({
  amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true,
  capture_method: 'manual', ...extra,
});

test('an uncaptured authorization is canceled automatically when the window ends', async () => {
  const mark = await eventMark(stripe);
  const pi = await authorize();
  assert.equal(pi.status, 'requires_capture');
  const done = await eventually(async () => {
    const now = await stripe.paymentIntents.retrieve(pi.id);
    return now.status === 'canceled' && now;
  }, { message: 'the intent to expire' });
  assert.equal(done.cancellation_reason, 'automatic');
  assert.equal(done.amount_capturable, 0);
  assert.ok(done.canceled_at >= pi.created);
  const charge = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(charge.captured, false);
  assert.equal(charge.refunded, true);
  assert.equal(charge.amount_refunded, 1000);
  const types = (await eventsAbout(stripe, [pi.id, pi.latest_charge], mark)).map((e) => e.type);
  assert.ok(types.includes('charge.expired'), types.join(','));
  assert.equal(types.at(-1), 'payment_intent.canceled');
});

test('a partly captured multicapture payment finishes as succeeded when the window ends', async () => {
  const pi = await authorize({ payment_method_options: { card: { request_multicapture: 'if_available' } } });
  await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 300, final_capture: false });
  const done = await eventually(async () => {
    const now = await stripe.paymentIntents.retrieve(pi.id);
    return now.status === 'succeeded' && now;
  }, { message: 'the intent to finish' });
  assert.equal(done.amount_received, 300);
  assert.equal(done.amount_capturable, 0);
  const charge = await stripe.charges.retrieve(pi.latest_charge);
  assert.equal(charge.captured, true);
  assert.equal(charge.amount_captured, 300);
  assert.equal(charge.amount_refunded, 700);
});

test('a captured payment is left alone when the window ends', async () => {
  const pi = await authorize();
  // A sentinel authorized alongside: once its window has closed, so has this one's.
  const sentinel = await authorize();
  const captured = await stripe.paymentIntents.capture(pi.id);
  assert.equal(captured.status, 'succeeded');
  await eventually(async () => (await stripe.paymentIntents.retrieve(sentinel.id)).status === 'canceled',
    { message: 'the sentinel to expire' });
  const now = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(now.status, 'succeeded');
  assert.equal(now.amount_received, 1000);
  assert.equal(now.cancellation_reason, null);
});
