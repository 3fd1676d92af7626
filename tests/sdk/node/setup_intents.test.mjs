// SetupIntents through stripe-node: saving a card or a bank account for later, every status and
// test instrument (3-D Secure completed and failed on intentd's page, declines, SEPA mandates,
// ACH microdeposits), the off-session payments a setup enables (seed 003), attempts, cancel,
// update, list and publishable keys with the client_secret.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer } from './harness.mjs';
import {
  authenticate, eventMark, eventsAbout, mandateData, newCustomer, rejectsWith,
} from './payment_helpers.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server?.stop());

const year = new Date().getUTCFullYear();
const strip = ({ lastResponse, ...rest }) => rest;
const cardPm = (number) => stripe.paymentMethods.create({
  type: 'card', card: { number, exp_month: 12, exp_year: year + 2, cvc: '123' },
});
const unexpected = (promise, message) => rejectsWith(promise, {
  type: 'StripeInvalidRequestError', status: 400, code: 'setup_intent_unexpected_state', message,
});
const types = (events) => events.map((e) => e.type);

test('create: Stripe\'s fields and defaults, then setup_intent.created', async () => {
  const mark = await eventMark(stripe);
  const si = await stripe.setupIntents.create({ description: 'car rental deposit', metadata: { booking: 'B-7' } });
  assert.match(si.id, /^seti_[A-Za-z0-9]{24}$/);
  assert.equal(si.object, 'setup_intent');
  assert.match(si.client_secret, new RegExp(`^${si.id}_secret_[A-Za-z0-9]{25}$`));
  assert.equal(si.status, 'requires_payment_method');
  assert.equal(si.usage, 'off_session', 'usage defaults to off_session');
  assert.deepEqual(si.automatic_payment_methods, { allow_redirects: 'always', enabled: true });
  assert.deepEqual(si.payment_method_types, ['card', 'sepa_debit', 'us_bank_account']);
  assert.deepEqual(si.payment_method_options.card, { mandate_options: null, network: null, request_three_d_secure: 'automatic' });
  assert.equal(si.description, 'car rental deposit');
  assert.deepEqual(si.metadata, { booking: 'B-7' });
  for (const k of ['customer', 'payment_method', 'latest_attempt', 'mandate', 'single_use_mandate',
    'last_setup_error', 'next_action', 'cancellation_reason', 'application', 'on_behalf_of', 'flow_directions'])
    assert.equal(si[k], null, k);
  assert.equal(si.livemode, false);
  assert.equal(typeof si.created, 'number');
  assert.deepEqual(strip(await stripe.setupIntents.retrieve(si.id)), strip(si));
  assert.deepEqual(types(await eventsAbout(stripe, [si.id], mark)), ['setup_intent.created']);

  const typed = await stripe.setupIntents.create({ payment_method_types: ['card'], usage: 'on_session' });
  assert.deepEqual(typed.payment_method_types, ['card']);
  assert.equal(typed.automatic_payment_methods, null);
  assert.equal(typed.usage, 'on_session');
});

test('bad create params name the param', async () => {
  await rejectsWith(stripe.setupIntents.create({ usage: 'sometimes' }), { status: 400, param: 'usage' });
  await rejectsWith(stripe.setupIntents.create({ customer: 'cus_missing' }), {
    status: 400, code: 'resource_missing', param: 'customer', message: "No such customer: 'cus_missing'",
  });
  await rejectsWith(stripe.setupIntents.create({ return_url: 'https://example.com' }), {
    status: 400, param: 'return_url', message: 'You can only pass return_url when confirm is true.',
  });
  await rejectsWith(stripe.setupIntents.create({ payment_method_types: ['card'], automatic_payment_methods: { enabled: true } }), {
    status: 400, code: 'parameters_exclusive',
  });
  await rejectsWith(stripe.setupIntents.create({ payment_method_types: ['ideal'] }), { status: 400, param: 'payment_method_types[0]' });
  await rejectsWith(stripe.setupIntents.create({ confirm: true }), {
    status: 400, code: 'setup_intent_unexpected_state', message: /missing a payment method/,
  });
  await rejectsWith(stripe.setupIntents.retrieve('seti_doesnotexist'), {
    status: 404, code: 'resource_missing', message: "No such setup_intent: 'seti_doesnotexist'",
  });
});

test('a card set up for a customer: requires_confirmation → succeeded, attached, with its attempt and events', async () => {
  const customer = await newCustomer(stripe);
  const pm = await cardPm('4242424242424242');
  const mark = await eventMark(stripe);
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: pm.id });
  assert.equal(si.status, 'requires_confirmation');
  assert.equal(si.payment_method, pm.id);

  const done = await stripe.setupIntents.confirm(si.id);
  assert.equal(done.status, 'succeeded');
  assert.equal(done.next_action, null);
  assert.match(done.latest_attempt, /^setatt_/);
  assert.equal((await stripe.paymentMethods.retrieve(pm.id)).customer, customer.id, 'attached to the customer');
  const saved = await stripe.customers.listPaymentMethods(customer.id);
  assert.deepEqual(saved.data.map((p) => p.id), [pm.id]);

  const expanded = await stripe.setupIntents.retrieve(si.id, { expand: ['latest_attempt', 'payment_method'] });
  assert.equal(expanded.latest_attempt.object, 'setup_attempt');
  assert.equal(expanded.latest_attempt.status, 'succeeded');
  assert.equal(expanded.latest_attempt.setup_intent, si.id);
  assert.equal(expanded.latest_attempt.customer, customer.id);
  assert.equal(expanded.latest_attempt.payment_method_details.type, 'card');
  assert.equal(expanded.latest_attempt.payment_method_details.card.last4, '4242');
  assert.equal(expanded.latest_attempt.payment_method_details.card.three_d_secure, null);
  assert.equal(expanded.payment_method.id, pm.id);

  const attempts = await stripe.setupAttempts.list({ setup_intent: si.id });
  assert.deepEqual(attempts.data.map((a) => a.id), [done.latest_attempt]);
  assert.deepEqual(types(await eventsAbout(stripe, [si.id, pm.id], mark)),
    ['setup_intent.created', 'payment_method.attached', 'setup_intent.succeeded']);
  await unexpected(stripe.setupIntents.confirm(si.id),
    'You cannot confirm this SetupIntent because it has already succeeded after being previously confirmed.');
});

test('create with confirm=true and a test token', async () => {
  const si = await stripe.setupIntents.create({ confirm: true, payment_method: 'pm_card_mastercard' });
  assert.equal(si.status, 'succeeded');
  const pm = await stripe.paymentMethods.retrieve(si.payment_method);
  assert.equal(pm.card.brand, 'mastercard');
  assert.equal(pm.customer, null, 'no customer to attach to');
});

test('3-D Secure: requires_action with the page; completing it on the page succeeds and redirects to return_url', async () => {
  const customer = await newCustomer(stripe);
  const si = await stripe.setupIntents.create({
    customer: customer.id, payment_method: 'pm_card_authenticationRequired', confirm: true,
    return_url: 'https://shop.example/saved?step=2',
  });
  assert.equal(si.status, 'requires_action');
  assert.equal(si.next_action.type, 'redirect_to_url');
  assert.equal(si.next_action.redirect_to_url.return_url, 'https://shop.example/saved?step=2');
  assert.match(si.next_action.redirect_to_url.url, new RegExp(`/intentd/authenticate/[^/]+/${si.id}\\?client_secret=`));
  const attempt = (await stripe.setupAttempts.list({ setup_intent: si.id })).data[0];
  assert.equal(attempt.status, 'requires_action');

  const res = await authenticate(server, si, 'complete');
  assert.equal(res.status, 303);
  const back = new URL(res.location);
  assert.equal(back.origin + back.pathname, 'https://shop.example/saved');
  assert.equal(back.searchParams.get('step'), '2');
  assert.equal(back.searchParams.get('setup_intent'), si.id);
  assert.equal(back.searchParams.get('setup_intent_client_secret'), si.client_secret);
  assert.equal(back.searchParams.get('redirect_status'), 'succeeded');

  const done = await stripe.setupIntents.retrieve(si.id, { expand: ['latest_attempt'] });
  assert.equal(done.status, 'succeeded');
  assert.equal(done.latest_attempt.id, attempt.id, 'the waiting attempt went on');
  assert.equal(done.latest_attempt.status, 'succeeded');
  assert.equal(done.latest_attempt.payment_method_details.card.three_d_secure.result, 'authenticated');
  assert.equal((await stripe.paymentMethods.retrieve(si.payment_method)).customer, customer.id);
});

test('3-D Secure failed on the page: requires_payment_method with setup_intent_authentication_failure', async () => {
  const mark = await eventMark(stripe);
  const si = await stripe.setupIntents.create({ payment_method: 'pm_card_threeDSecure2Required', confirm: true });
  assert.equal(si.status, 'requires_action');
  assert.equal(si.next_action.type, 'use_stripe_sdk', 'no return_url: Stripe.js handles it');
  const pmId = si.payment_method;
  const res = await authenticate(server, si, 'fail');
  assert.equal(res.status, 200, 'no return_url: the page says how it ended');
  assert.match(res.text, /Authentication failed/);
  const failed = await stripe.setupIntents.retrieve(si.id);
  assert.equal(failed.status, 'requires_payment_method');
  assert.equal(failed.payment_method, null);
  assert.equal(failed.last_setup_error.code, 'setup_intent_authentication_failure');
  assert.equal(failed.last_setup_error.type, 'invalid_request_error');
  assert.equal(failed.last_setup_error.payment_method.id, pmId);
  assert.deepEqual(types(await eventsAbout(stripe, [si.id], mark)),
    ['setup_intent.created', 'setup_intent.requires_action', 'setup_intent.setup_failed']);

  // A second card then succeeds on the same intent.
  const retried = await stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' });
  assert.equal(retried.status, 'succeeded');
  assert.equal(retried.last_setup_error, null);
  assert.equal((await stripe.setupAttempts.list({ setup_intent: si.id })).data.length, 2);
});

test('a declined card: 402 card_error carrying the SetupIntent, back to requires_payment_method', async () => {
  const si = await stripe.setupIntents.create({});
  const err = await rejectsWith(stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds' }), {
    type: 'StripeCardError', status: 402, code: 'card_declined', decline_code: 'insufficient_funds',
  });
  assert.equal(err.raw.setup_intent.id, si.id);
  assert.equal(err.raw.setup_intent.status, 'requires_payment_method');
  assert.equal(err.raw.setup_intent.last_setup_error.decline_code, 'insufficient_funds');
  const stored = await stripe.setupIntents.retrieve(si.id, { expand: ['latest_attempt'] });
  assert.equal(stored.status, 'requires_payment_method');
  assert.equal(stored.last_setup_error.code, 'card_declined');
  assert.equal(stored.last_setup_error.type, 'card_error');
  assert.equal(stored.latest_attempt.status, 'failed');
  assert.equal(stored.latest_attempt.setup_error.decline_code, 'insufficient_funds');
});

test('seed 003: a card set up off-session pays off-session; one that always authenticates gets a 402', async () => {
  const customer = await newCustomer(stripe);
  // 4000002500003155 asks for authentication while being set up, then never again off-session.
  const si = await stripe.setupIntents.create({
    customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true,
  });
  assert.equal(si.status, 'requires_action');
  await authenticate(server, si);
  const pmId = (await stripe.setupIntents.retrieve(si.id)).payment_method;
  const paid = await stripe.paymentIntents.create({
    amount: 1099, currency: 'usd', customer: customer.id, payment_method: pmId, off_session: true, confirm: true,
  });
  assert.equal(paid.status, 'succeeded');

  // The same card never set up needs authentication off-session.
  const other = await newCustomer(stripe);
  const unsaved = await stripe.paymentMethods.attach('pm_card_authenticationRequiredOnSetup', { customer: other.id });
  const err = await rejectsWith(stripe.paymentIntents.create({
    amount: 1099, currency: 'usd', customer: other.id, payment_method: unsaved.id, off_session: true, confirm: true,
  }), { type: 'StripeCardError', status: 402, code: 'authentication_required' });
  assert.equal(err.raw.payment_intent.status, 'requires_payment_method');

  // 4000002760003184 authenticates every time, however it was set up.
  const always = await stripe.setupIntents.create({
    customer: customer.id, payment_method: 'pm_card_authenticationRequired', confirm: true,
  });
  await authenticate(server, always);
  const alwaysPm = (await stripe.setupIntents.retrieve(always.id)).payment_method;
  const refused = await rejectsWith(stripe.paymentIntents.create({
    amount: 1099, currency: 'usd', customer: customer.id, payment_method: alwaysPm, off_session: true, confirm: true,
  }), { type: 'StripeCardError', status: 402, code: 'authentication_required' });
  assert.equal(refused.raw.payment_intent.status, 'requires_payment_method');
  assert.equal(refused.raw.payment_intent.id, (await stripe.paymentIntents.retrieve(refused.raw.payment_intent.id)).id);
});

test('usage=on_session does not set a card up for off-session payments', async () => {
  const customer = await newCustomer(stripe);
  const si = await stripe.setupIntents.create({
    customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true, usage: 'on_session',
  });
  await authenticate(server, si);
  const pmId = (await stripe.setupIntents.retrieve(si.id)).payment_method;
  await rejectsWith(stripe.paymentIntents.create({
    amount: 500, currency: 'usd', customer: customer.id, payment_method: pmId, off_session: true, confirm: true,
  }), { status: 402, code: 'authentication_required' });
});

test('SEPA Direct Debit: mandate_data is required; the setup succeeds with a multi-use mandate', async () => {
  const customer = await newCustomer(stripe);
  const pm = await stripe.paymentMethods.create({
    type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' }, billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
  });
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: pm.id, payment_method_types: ['sepa_debit'] });
  await rejectsWith(stripe.setupIntents.confirm(si.id), { status: 400, param: 'mandate_data', code: 'parameter_missing' });
  assert.equal((await stripe.setupIntents.retrieve(si.id)).status, 'requires_confirmation', 'nothing happened');

  const done = await stripe.setupIntents.confirm(si.id, { mandate_data: mandateData });
  assert.equal(done.status, 'succeeded');
  assert.match(done.mandate, /^mandate_/);
  const mandate = await stripe.mandates.retrieve(done.mandate);
  assert.equal(mandate.object, 'mandate');
  assert.equal(mandate.status, 'active');
  assert.equal(mandate.type, 'multi_use');
  assert.deepEqual(mandate.multi_use, {});
  assert.equal(mandate.payment_method, pm.id);
  assert.equal(mandate.payment_method_details.type, 'sepa_debit');
  assert.match(mandate.payment_method_details.sepa_debit.reference, /^[A-Z0-9]{16}$/);
  assert.equal(mandate.customer_acceptance.type, 'online');
  assert.deepEqual(mandate.customer_acceptance.online, { ip_address: '127.0.0.1', user_agent: 'intentd-tests' });
  assert.equal(typeof mandate.customer_acceptance.accepted_at, 'number');
  assert.equal((await stripe.paymentMethods.retrieve(pm.id)).customer, customer.id);
  await rejectsWith(stripe.mandates.retrieve('mandate_doesnotexist'), { status: 404, code: 'resource_missing' });
});

test('single_use: the mandate is single-use for the amount and currency given', async () => {
  const si = await stripe.setupIntents.create({
    payment_method: 'pm_success_de', payment_method_types: ['sepa_debit'], confirm: true, mandate_data: mandateData,
    single_use: { amount: 4200, currency: 'eur' },
  });
  assert.equal(si.status, 'succeeded');
  assert.equal(si.mandate, null);
  const mandate = await stripe.mandates.retrieve(si.single_use_mandate);
  assert.equal(mandate.type, 'single_use');
  assert.deepEqual(mandate.single_use, { amount: 4200, currency: 'eur' });
});

test('US bank account: microdeposits, a wrong guess, then the right amounts', async () => {
  const customer = await newCustomer(stripe);
  const pm = await stripe.paymentMethods.create({
    type: 'us_bank_account', billing_details: { name: 'Jenny Rosen' },
    us_bank_account: { routing_number: '110000000', account_number: '000123456789', account_holder_type: 'individual' },
  });
  const mark = await eventMark(stripe);
  const si = await stripe.setupIntents.create({
    customer: customer.id, payment_method: pm.id, confirm: true, mandate_data: mandateData,
  });
  assert.equal(si.status, 'requires_action');
  assert.equal(si.next_action.type, 'verify_with_microdeposits');
  const v = si.next_action.verify_with_microdeposits;
  assert.equal(v.microdeposit_type, 'amounts');
  assert.ok(v.arrival_date > si.created);
  assert.match(v.hosted_verification_url, /^http:\/\/127\.0\.0\.1:\d+\/intentd\/microdeposits\//);

  await rejectsWith(stripe.setupIntents.verifyMicrodeposits(si.id, { amounts: [32, 46] }), {
    status: 400, code: 'payment_method_microdeposit_verification_amounts_mismatch', param: 'amounts',
  });
  await rejectsWith(stripe.setupIntents.verifyMicrodeposits(si.id, { amounts: [32] }), {
    status: 400, code: 'payment_method_microdeposit_verification_amounts_invalid',
  });
  await rejectsWith(stripe.setupIntents.verifyMicrodeposits(si.id, {}), { status: 400 });
  assert.equal((await stripe.setupIntents.retrieve(si.id)).status, 'requires_action', 'a wrong guess can be retried');

  const done = await stripe.setupIntents.verifyMicrodeposits(si.id, { amounts: [45, 32] });
  assert.equal(done.status, 'succeeded');
  assert.equal(done.next_action, null);
  const mandate = await stripe.mandates.retrieve(done.mandate);
  assert.equal(mandate.payment_method_details.type, 'us_bank_account');
  assert.equal((await stripe.paymentMethods.retrieve(pm.id)).customer, customer.id);
  assert.deepEqual(types(await eventsAbout(stripe, [si.id], mark)),
    ['setup_intent.created', 'setup_intent.requires_action', 'setup_intent.succeeded']);
  await unexpected(stripe.setupIntents.verifyMicrodeposits(si.id, { descriptor_code: 'SM11AA' }),
    "This SetupIntent's microdeposits could not be verified because it has a status of succeeded. Only a SetupIntent with one of the following statuses may have its microdeposits verified: requires_action.");
});

test('US bank account: descriptor codes, too many attempts, microdeposits that fail, and instant verification', async () => {
  const account = (number) => stripe.paymentMethods.create({
    type: 'us_bank_account', billing_details: { name: 'Jenny Rosen' },
    us_bank_account: { routing_number: '110000000', account_number: number, account_holder_type: 'individual' },
  });
  const setup = async (number) => stripe.setupIntents.create({
    payment_method: (await account(number)).id, confirm: true, mandate_data: mandateData,
  });

  const byCode = await setup('000123456789');
  await rejectsWith(stripe.setupIntents.verifyMicrodeposits(byCode.id, { descriptor_code: 'SM99ZZ' }), {
    status: 400, code: 'payment_method_microdeposit_verification_descriptor_code_mismatch', param: 'descriptor_code',
  });
  assert.equal((await stripe.setupIntents.verifyMicrodeposits(byCode.id, { descriptor_code: 'SM11AA' })).status, 'succeeded');

  const exhausted = await setup('000123456789');
  await rejectsWith(stripe.setupIntents.verifyMicrodeposits(exhausted.id, { descriptor_code: 'SM33CC' }), {
    status: 400, code: 'payment_method_microdeposit_verification_attempts_exceeded',
  });
  const after = await stripe.setupIntents.retrieve(exhausted.id);
  assert.equal(after.status, 'requires_payment_method');
  assert.equal(after.last_setup_error.code, 'payment_method_microdeposit_verification_attempts_exceeded');

  const timedOut = await setup('000123456789');
  await rejectsWith(stripe.setupIntents.verifyMicrodeposits(timedOut.id, { amounts: [40, 41] }), {
    status: 400, code: 'payment_method_microdeposit_verification_timeout',
  });

  const failing = await setup('000666666661');
  assert.equal(failing.status, 'requires_payment_method');
  assert.equal(failing.last_setup_error.code, 'payment_method_microdeposit_failed');

  // A test token stands for an account linked through Financial Connections: verified at once.
  const instant = await stripe.setupIntents.create({
    payment_method: 'pm_usBankAccount_success', confirm: true, mandate_data: mandateData,
  });
  assert.equal(instant.status, 'succeeded');
  assert.match(instant.mandate, /^mandate_/);

  const card = await stripe.setupIntents.create({ payment_method: 'pm_card_authenticationRequired', confirm: true });
  await rejectsWith(stripe.setupIntents.verifyMicrodeposits(card.id, { amounts: [32, 45] }), {
    status: 400, code: 'setup_intent_unexpected_state',
  });
});

test('cancel: with a reason from the statuses Stripe allows; nothing after', async () => {
  const mark = await eventMark(stripe);
  const si = await stripe.setupIntents.create({ payment_method: 'pm_card_authenticationRequired', confirm: true });
  assert.equal(si.status, 'requires_action');
  const canceled = await stripe.setupIntents.cancel(si.id, { cancellation_reason: 'abandoned' });
  assert.equal(canceled.status, 'canceled');
  assert.equal(canceled.cancellation_reason, 'abandoned');
  assert.equal(canceled.next_action, null);
  const attempt = (await stripe.setupAttempts.list({ setup_intent: si.id })).data[0];
  assert.equal(attempt.status, 'abandoned');
  assert.deepEqual(types(await eventsAbout(stripe, [si.id], mark)),
    ['setup_intent.created', 'setup_intent.requires_action', 'setup_intent.canceled']);

  const allowed = 'requires_payment_method, requires_confirmation, requires_action';
  await unexpected(stripe.setupIntents.cancel(si.id),
    `You cannot cancel this SetupIntent because it has a status of canceled. Only a SetupIntent with one of the following statuses may be canceled: ${allowed}.`);
  await unexpected(stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' }),
    `You cannot confirm this SetupIntent because it has a status of canceled. Only a SetupIntent with one of the following statuses may be confirmed: ${allowed}.`);
  await unexpected(stripe.setupIntents.update(si.id, { metadata: { a: 'b' } }),
    `You cannot update this SetupIntent because it has a status of canceled. Only a SetupIntent with one of the following statuses may be updated: ${allowed}.`);
  const succeeded = await stripe.setupIntents.create({ payment_method: 'pm_card_visa', confirm: true });
  await unexpected(stripe.setupIntents.cancel(succeeded.id),
    `You cannot cancel this SetupIntent because it has a status of succeeded. Only a SetupIntent with one of the following statuses may be canceled: ${allowed}.`);
  await rejectsWith(stripe.setupIntents.cancel(succeeded.id, { cancellation_reason: 'fraudulent' }), { status: 400, param: 'cancellation_reason' });
});

test('update: metadata, description, customer, and a payment method that waits for confirmation', async () => {
  const customer = await newCustomer(stripe);
  const si = await stripe.setupIntents.create({ metadata: { a: '1' } });
  const updated = await stripe.setupIntents.update(si.id, {
    metadata: { b: '2' }, description: 'utility billing', customer: customer.id, payment_method: 'pm_card_visa',
  });
  assert.deepEqual(updated.metadata, { a: '1', b: '2' });
  assert.equal(updated.description, 'utility billing');
  assert.equal(updated.customer, customer.id);
  assert.equal(updated.status, 'requires_confirmation');
  assert.match(updated.payment_method, /^pm_/);
  const other = await newCustomer(stripe);
  await rejectsWith(stripe.setupIntents.update(si.id, { customer: other.id }), { status: 400, param: 'customer' });
  const done = await stripe.setupIntents.confirm(si.id);
  assert.equal(done.status, 'succeeded');
  assert.equal((await stripe.paymentMethods.retrieve(done.payment_method)).customer, customer.id);
});

test('a payment method attached to another customer cannot be set up for this one', async () => {
  const owner = await newCustomer(stripe);
  const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: owner.id });
  const other = await newCustomer(stripe);
  await rejectsWith(stripe.setupIntents.create({ customer: other.id, payment_method: pm.id, confirm: true }), {
    status: 400, param: 'payment_method', message: new RegExp(`attached to the Customer ${owner.id}`),
  });
  const typed = await stripe.setupIntents.create({ payment_method_types: ['card'] });
  await rejectsWith(stripe.setupIntents.confirm(typed.id, { payment_method: 'pm_success_de', mandate_data: mandateData }), {
    status: 400, code: 'setup_intent_incompatible_payment_method',
  });
});

test('list: by customer and by payment_method, newest first, paginated; setup_attempts needs setup_intent', async () => {
  const customer = await newCustomer(stripe);
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await stripe.setupIntents.create({ customer: customer.id })).id);
  const page = await stripe.setupIntents.list({ customer: customer.id, limit: 2 });
  assert.deepEqual(page.data.map((s) => s.id), [ids[2], ids[1]]);
  assert.equal(page.has_more, true);
  const all = [];
  for await (const s of stripe.setupIntents.list({ customer: customer.id, limit: 1 })) all.push(s.id);
  assert.deepEqual(all, [...ids].reverse());

  const withPm = await stripe.setupIntents.create({ payment_method: 'pm_card_visa', confirm: true });
  const byPm = await stripe.setupIntents.list({ payment_method: withPm.payment_method });
  assert.deepEqual(byPm.data.map((s) => s.id), [withPm.id]);
  await rejectsWith(stripe.setupAttempts.list({}), { status: 400, param: 'setup_intent', code: 'parameter_missing' });
});

test('publishable key: retrieve and confirm with the client_secret; only Stripe.js\'s fields; nothing else', async () => {
  const pk = server.stripe({ key: server.publishableKey });
  const customer = await newCustomer(stripe);
  const si = await stripe.setupIntents.create({ customer: customer.id, metadata: { private: 'yes' } });

  const seen = await pk.setupIntents.retrieve(si.id, { client_secret: si.client_secret });
  assert.equal(seen.id, si.id);
  assert.equal(seen.status, 'requires_payment_method');
  assert.equal(seen.usage, 'off_session');
  for (const hidden of ['customer', 'metadata', 'latest_attempt', 'mandate'])
    assert.ok(!(hidden in strip(seen)), `${hidden} is not shown to a publishable key`);
  await rejectsWith(pk.setupIntents.retrieve(si.id, { client_secret: `${si.id}_secret_wrong` }), { status: 400, param: 'client_secret' });
  await rejectsWith(pk.setupIntents.retrieve(si.id), { status: 400, param: 'client_secret' });

  const done = await pk.setupIntents.confirm(si.id, { client_secret: si.client_secret, payment_method: 'pm_card_visa' });
  assert.equal(done.status, 'succeeded');
  assert.equal((await stripe.paymentMethods.retrieve(done.payment_method)).customer, customer.id);

  const denied = { type: 'StripeAuthenticationError', status: 401 };
  await rejectsWith(pk.setupIntents.create({}), denied);
  await rejectsWith(pk.setupIntents.list(), denied);
  await rejectsWith(pk.setupIntents.cancel(si.id), denied);
});
