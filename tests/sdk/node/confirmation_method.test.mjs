// confirmation_method=manual: only the server confirms. After 3-D Secure the intent waits in
// requires_confirmation for the server's next confirm, and a publishable key cannot confirm.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Stripe from 'stripe';
import { startServer } from './harness.mjs';
import { authenticate } from './payment_helpers.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server?.stop());

test('after authentication a manually confirmed intent waits for the server to confirm', async () => {
  const pi = await stripe.paymentIntents.create({
    amount: 2000, currency: 'usd', payment_method: 'pm_card_authenticationRequired',
    confirmation_method: 'manual', confirm: true, return_url: 'https://example.com/return',
  });
  assert.equal(pi.status, 'requires_action');
  const done = await authenticate(server, pi, 'complete');
  assert.equal(done.status, 303);
  assert.equal(new URL(done.location).searchParams.get('redirect_status'), 'succeeded');
  const waiting = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(waiting.status, 'requires_confirmation');
  assert.equal(waiting.next_action, null);
  const confirmed = await stripe.paymentIntents.confirm(pi.id);
  assert.equal(confirmed.status, 'succeeded');
  assert.equal(confirmed.amount_received, 2000);
});

test('a publishable key cannot confirm an intent with confirmation_method=manual', async () => {
  const pi = await stripe.paymentIntents.create({
    amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirmation_method: 'manual',
  });
  const client = new Stripe(server.publishableKey, {
    host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0,
  });
  await assert.rejects(client.paymentIntents.confirm(pi.id, { client_secret: pi.client_secret }),
    (err) => err.statusCode === 400 && err.code === 'payment_intent_unexpected_state' &&
      /secret key/.test(err.message));
  const confirmed = await stripe.paymentIntents.confirm(pi.id);
  assert.equal(confirmed.status, 'succeeded');
});
