// The hosted Checkout page in headless Chromium (playwright-core and Debian's chromium), used the
// way a customer does: open the session's url, type the card (or IBAN) into the fields, press
// Pay or Save, and land on the shop's success_url with the session id — through intentd's 3-D
// Secure page when the card asks for it. Declines, failed authentication and the form's own
// checks come back inline in #error; the cancel link goes to cancel_url; an expired session
// shows the ended page. The session and its intents are checked through stripe-node after each.
// Screenshots of every state go to tests/artifacts/browser_checkout/.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { launchBrowser, screenshot, startReturnSite } from './browser.mjs';
import { eventually, startServer } from './harness.mjs';
import { eventMark, eventsAbout, newCustomer } from './payment_helpers.mjs';

const GROUP = 'browser_checkout';
const TEST_TIMEOUT_MS = 60000;
const AUTH_FAILED = 'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

let server;
let stripe;
let shop;
let browser;
before(async () => {
  server = await startServer({ args: ['--settlement-delay', '200ms'] });
  stripe = server.stripe();
  shop = await startReturnSite();
  browser = await launchBrowser();
});
after(async () => {
  const results = await Promise.allSettled([browser?.close(), shop?.close()]);
  await server?.stop();
  for (const r of results) if (r.status === 'rejected') throw r.reason;
});

const text = async (page, selector) => (await page.locator(selector).textContent()).replace(/\s+/g, ' ').trim();

// A session whose success_url and cancel_url are on the shop's site, under /success/<name> and
// /cancel/<name>.
function newSession(name, params) {
  return stripe.checkout.sessions.create({
    success_url: shop.url(`/success/${name}?session_id={CHECKOUT_SESSION_ID}`),
    cancel_url: shop.url(`/cancel/${name}`),
    ...params,
  });
}
const tShirt = (amount = 2000, currency = 'usd') => ({
  mode: 'payment',
  line_items: [{ price_data: { currency, unit_amount: amount, product_data: { name: 'T-shirt' } }, quantity: 1 }],
});

// Opens the session's page in a new tab; asserts it is the open checkout form.
async function openCheckout(session, name, { title = 'Checkout' } = {}) {
  const page = await browser.newPage();
  const res = await page.goto(session.url);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'], /^text\/html/);
  assert.equal(await page.title(), title);
  for (const id of ['card-number', 'card-expiry', 'card-cvc', 'name', 'submit'])
    assert.ok(await page.locator(`#${id}`).isVisible(), `#${id} visible`);
  assert.equal(await page.locator('#error').count(), 0, 'no error before the first try');
  await screenshot(page, GROUP, `${name}-1-open`);
  return page;
}

// Types the card and the customer's details into the form, as a person would.
async function typeCard(page, number, { email = 'jenny@example.com', name = 'Jenny Rosen', expiry = '12 / 34', cvc = '123' } = {}) {
  if (email !== null && await page.locator('#email').count()) {
    await page.locator('#email').fill('');
    await page.locator('#email').pressSequentially(email);
  }
  if (await page.locator('#method-card').isVisible()) await page.locator('#method-card').check();
  for (const [id, value] of [['card-number', number], ['card-expiry', expiry], ['card-cvc', cvc]]) {
    await page.locator(`#${id}`).fill('');
    await page.locator(`#${id}`).pressSequentially(value);
  }
  await page.locator('#name').fill('');
  await page.locator('#name').pressSequentially(name);
}

// Presses the submit button; resolves once the POST has been answered and the browser has
// loaded what it leads to.
async function submit(page) {
  const posted = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.locator('#submit').click();
  const res = await posted;
  await page.waitForLoadState('load');
  return res;
}

// Waits for the browser to land on the shop's success_url of `name`; asserts the session id it
// carries; takes the screenshot.
async function landsOnSuccess(page, session, name, shot) {
  await page.waitForURL((u) => u.origin === shop.origin && u.pathname === `/success/${name}`);
  await page.locator('#shop').waitFor();
  const visit = await shop.waitForVisit(`/success/${name}`);
  assert.equal(visit.method, 'GET');
  assert.deepEqual(visit.query, { session_id: session.id });
  await screenshot(page, GROUP, `${name}-${shot}-success_url`);
}

async function closePage(page) {
  assert.deepEqual(page.consoleErrors, [], 'no console errors on the pages');
  await page.close();
}

test('payment mode, 4242 4242 4242 4242 typed in: paid, lands on success_url with the session id', { timeout: TEST_TIMEOUT_MS }, async () => {
  const name = 'payment-4242';
  const mark = await eventMark(stripe);
  const s = await newSession(name, {
    mode: 'payment',
    line_items: [
      { price_data: { currency: 'usd', unit_amount: 1250, product_data: { name: 'Mug' } }, quantity: 2 },
      { price_data: { currency: 'usd', unit_amount: 999, product_data: { name: 'Poster' } }, quantity: 1 },
    ],
  });
  const page = await openCheckout(s, name);
  assert.equal(await text(page, 'h1'), 'Pay');
  assert.equal(await text(page, '#total'), '$34.99');
  const rows = await page.locator('#lines tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  assert.deepEqual(rows, [['Mug × 2', '$25.00'], ['Poster', '$9.99'], ['Total due', '$34.99']]);
  assert.equal(await text(page, '#submit'), 'Pay $34.99');
  assert.equal(await page.locator('#method-sepa').count(), 0, 'no SEPA for a usd session');
  assert.equal(await page.locator('#cancel').getAttribute('href'), shop.url(`/cancel/${name}`));
  await typeCard(page, '4242 4242 4242 4242', { email: 'buyer@example.com', name: 'Bo Buyer' });
  await screenshot(page, GROUP, `${name}-2-filled`);
  const post = await submit(page);
  assert.equal(post.status(), 303);
  await landsOnSuccess(page, s, name, 3);

  const done = await stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent.payment_method'] });
  assert.equal(done.status, 'complete');
  assert.equal(done.payment_status, 'paid');
  assert.equal(done.customer_details.email, 'buyer@example.com');
  assert.equal(done.customer_details.name, 'Bo Buyer');
  const pi = done.payment_intent;
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.amount, 3499);
  assert.equal(pi.amount_received, 3499);
  assert.equal(pi.payment_method.card.last4, '4242');
  assert.equal(pi.payment_method.card.brand, 'visa');
  const types = await eventually(async () => {
    const t = (await eventsAbout(stripe, [s.id, pi.id], mark)).map((e) => e.type);
    return t.includes('checkout.session.completed') && t;
  }, { timeoutMs: 5000, message: 'checkout.session.completed' });
  assert.deepEqual(types, ['payment_intent.created', 'payment_intent.succeeded', 'checkout.session.completed']);

  // Back to the page: it says the checkout is complete and links to success_url.
  await page.goto(s.url);
  assert.equal(await text(page, '#ended'), 'Thank you');
  assert.equal(await page.locator('#checkout').count(), 0, 'no form once complete');
  assert.equal(await page.locator('#back').getAttribute('href'), shop.url(`/success/${name}?session_id=${s.id}`));
  await screenshot(page, GROUP, `${name}-4-ended`);
  await closePage(page);
});

test('setup mode for a customer, 4242 typed in: the card is saved and attached, lands on success_url', { timeout: TEST_TIMEOUT_MS }, async () => {
  const name = 'setup-4242';
  const customer = await newCustomer(stripe);
  const s = await newSession(name, { mode: 'setup', currency: 'usd', customer: customer.id });
  const page = await openCheckout(s, name, { title: 'Save your payment details' });
  assert.equal(await text(page, 'h1'), 'Save your payment details');
  assert.equal(await text(page, '#setup-notice'), 'You will not be charged now. Your payment details are saved for future payments in USD.');
  assert.equal(await text(page, '#email-known'), customer.email);
  assert.equal(await page.locator('#email').count(), 0, 'the customer\'s email is not asked for');
  assert.equal(await page.locator('#total').count(), 0);
  assert.equal(await text(page, '#submit'), 'Save');
  await typeCard(page, '4242424242424242', { name: 'Sam Saver' });
  await screenshot(page, GROUP, `${name}-2-filled`);
  assert.equal((await submit(page)).status(), 303);
  await landsOnSuccess(page, s, name, 3);

  const done = await stripe.checkout.sessions.retrieve(s.id, { expand: ['setup_intent.payment_method'] });
  assert.equal(done.status, 'complete');
  assert.equal(done.payment_status, 'no_payment_required');
  assert.equal(done.customer_details.email, customer.email);
  assert.equal(done.setup_intent.status, 'succeeded');
  assert.equal(done.setup_intent.payment_method.customer, customer.id);
  assert.equal(done.setup_intent.payment_method.card.last4, '4242');
  assert.equal(done.setup_intent.payment_method.billing_details.name, 'Sam Saver');
  const charge = await stripe.paymentIntents.create({
    amount: 1099, currency: 'usd', customer: customer.id, payment_method: done.setup_intent.payment_method.id,
    off_session: true, confirm: true,
  });
  assert.equal(charge.status, 'succeeded');
  await closePage(page);
});

test('a declined card (4000 0000 0000 0002) is shown in #error; a retry with 4242 pays', { timeout: TEST_TIMEOUT_MS }, async () => {
  const name = 'decline-then-retry';
  const s = await newSession(name, tShirt(1500));
  const page = await openCheckout(s, name);
  await typeCard(page, '4000 0000 0000 0002', { email: 'retry@example.com', name: 'Ray Retry' });
  const declined = await submit(page);
  assert.equal(declined.status(), 200, 'the page again, not a redirect');
  assert.equal(new URL(page.url()).pathname, new URL(s.url).pathname);
  const error = page.locator('#error');
  assert.ok(await error.isVisible());
  assert.equal(await error.getAttribute('role'), 'alert');
  assert.equal(await text(page, '#error'), 'Your card was declined.');
  assert.equal(await page.locator('#email').inputValue(), 'retry@example.com', 'what was typed is kept');
  assert.equal(await page.locator('#name').inputValue(), 'Ray Retry');
  assert.equal(await page.locator('#card-number').inputValue(), '', 'the card number is not sent back');
  await screenshot(page, GROUP, `${name}-2-declined`);
  const open = await stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] });
  assert.equal(open.status, 'open');
  assert.equal(open.payment_intent.status, 'requires_payment_method');
  assert.equal(open.payment_intent.last_payment_error.decline_code, 'generic_decline');

  await typeCard(page, '4242424242424242', { email: null, name: 'Ray Retry' });
  assert.equal((await submit(page)).status(), 303);
  await landsOnSuccess(page, s, name, 3);
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(done.status, 'complete');
  assert.equal(done.payment_status, 'paid');
  assert.equal(done.payment_intent, open.payment_intent.id, 'the same PaymentIntent');
  const pi = await stripe.paymentIntents.retrieve(done.payment_intent);
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.last_payment_error, null);
  await closePage(page);
});

test('3-D Secure (4000 0027 6000 3184): the authentication page, #complete, then success_url', { timeout: TEST_TIMEOUT_MS }, async () => {
  const name = '3ds-complete';
  const s = await newSession(name, tShirt(2599));
  const page = await openCheckout(s, name);
  await typeCard(page, '4000 0027 6000 3184');
  assert.equal((await submit(page)).status(), 303);
  await page.waitForURL((u) => u.pathname.startsWith('/intentd/authenticate/'));
  assert.equal(await page.title(), 'Authenticate your payment');
  assert.equal(await text(page, '#amount'), '$25.99');
  const waiting = await stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] });
  assert.equal(waiting.status, 'open');
  assert.equal(waiting.payment_intent.status, 'requires_action');
  assert.equal(new URL(page.url()).pathname, new URL(waiting.payment_intent.next_action.redirect_to_url.url).pathname);
  await screenshot(page, GROUP, `${name}-2-authenticate`);
  await page.locator('#complete').click();
  await landsOnSuccess(page, s, name, 3);

  const done = await stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] });
  assert.equal(done.status, 'complete');
  assert.equal(done.payment_status, 'paid');
  assert.equal(done.payment_intent.status, 'succeeded');
  assert.equal(done.payment_intent.amount_received, 2599);
  assert.equal(done.customer_details.email, 'jenny@example.com');
  await closePage(page);
});

test('3-D Secure failed (#fail): back on the checkout page with the error; the session stays open', { timeout: TEST_TIMEOUT_MS }, async () => {
  const name = '3ds-fail';
  const s = await newSession(name, tShirt(1800));
  const page = await openCheckout(s, name);
  await typeCard(page, '4000002760003184');
  await submit(page);
  await page.waitForURL((u) => u.pathname.startsWith('/intentd/authenticate/'));
  await screenshot(page, GROUP, `${name}-2-authenticate`);
  await page.locator('#fail').click();
  await page.waitForURL((u) => u.href === s.url);
  assert.equal(await text(page, '#error'), AUTH_FAILED);
  assert.ok(await page.locator('#submit').isVisible(), 'the form is there to try again');
  await screenshot(page, GROUP, `${name}-3-error`);
  const open = await stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] });
  assert.equal(open.status, 'open');
  assert.equal(open.payment_status, 'unpaid');
  assert.equal(open.payment_intent.status, 'requires_payment_method');
  assert.equal(open.payment_intent.last_payment_error.code, 'payment_intent_authentication_failure');
  assert.equal(shop.visits.filter((v) => v.path === `/success/${name}`).length, 0, 'never sent to success_url');
  await closePage(page);
});

test('the cancel link goes to cancel_url; the session stays open', { timeout: TEST_TIMEOUT_MS }, async () => {
  const name = 'cancel-link';
  const s = await newSession(name, tShirt());
  const page = await openCheckout(s, name);
  assert.equal(await text(page, '#cancel'), '← Back');
  await page.locator('#cancel').click();
  await page.waitForURL((u) => u.origin === shop.origin && u.pathname === `/cancel/${name}`);
  const visit = await shop.waitForVisit(`/cancel/${name}`);
  assert.deepEqual(visit.query, {});
  await screenshot(page, GROUP, `${name}-2-cancel_url`);
  const still = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(still.status, 'open');
  assert.equal(still.payment_intent, null);
  await closePage(page);
});

test('an expired session shows the ended page with a link back to the shop', { timeout: TEST_TIMEOUT_MS }, async () => {
  const name = 'expired';
  const s = await newSession(name, tShirt());
  const page = await openCheckout(s, name);
  const expired = await stripe.checkout.sessions.expire(s.id);
  assert.equal(expired.status, 'expired');
  assert.equal(expired.url, null);
  // The customer still has the page open, and presses Pay.
  await typeCard(page, '4242424242424242');
  await submit(page);
  assert.equal(await text(page, '#ended'), 'This checkout has expired');
  assert.equal(await text(page, '#status'),
    'This Checkout Session expired before it was completed. Go back to the merchant to start again.');
  assert.equal(await page.title(), 'Checkout expired');
  assert.equal(await page.locator('#checkout').count(), 0);
  await screenshot(page, GROUP, `${name}-2-ended`);
  assert.equal((await stripe.checkout.sessions.retrieve(s.id)).payment_intent, null, 'nothing was paid');
  await page.locator('#back').click();
  await page.waitForURL((u) => u.origin === shop.origin && u.pathname === `/cancel/${name}`);
  await closePage(page);
});

test('the form\'s own checks: an empty card number and a bad email come back in #error', { timeout: TEST_TIMEOUT_MS }, async () => {
  const name = 'validation';
  const s = await newSession(name, tShirt());
  const page = await openCheckout(s, name);
  await typeCard(page, '', { email: 'valid@example.com' });
  assert.equal((await submit(page)).status(), 200);
  assert.equal(await text(page, '#error'), 'Your card number is incomplete.');
  await screenshot(page, GROUP, `${name}-2-empty-card-number`);
  await typeCard(page, '4242424242424242', { email: 'not-an-email' });
  assert.equal((await submit(page)).status(), 200);
  assert.equal(await text(page, '#error'), 'Your email address is invalid.');
  assert.equal(await page.locator('#email').inputValue(), 'not-an-email');
  await screenshot(page, GROUP, `${name}-3-bad-email`);
  await page.locator('#email').fill('');
  await typeCard(page, '4242424242424242', { email: null });
  assert.equal((await submit(page)).status(), 200);
  assert.equal(await text(page, '#error'), 'Enter your email address.');
  const still = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(still.status, 'open');
  assert.equal(still.payment_intent, null, 'nothing was sent for payment');

  await typeCard(page, '4242424242424242', { email: `${randomUUID()}@example.com` });
  assert.equal((await submit(page)).status(), 303);
  await landsOnSuccess(page, s, name, 4);
  await closePage(page);
});

test('SEPA Direct Debit chosen on a eur session: the IBAN field, complete and unpaid, then paid', { timeout: TEST_TIMEOUT_MS }, async () => {
  const name = 'sepa';
  const s = await newSession(name, tShirt(4200, 'eur'));
  const page = await openCheckout(s, name);
  assert.equal(await text(page, '#total'), '€42.00');
  assert.ok(!(await page.locator('#iban').isVisible()), 'the IBAN field shows once SEPA is chosen');
  await page.locator('#method-sepa').check();
  assert.ok(await page.locator('#iban').isVisible());
  assert.ok(!(await page.locator('#card-number').isVisible()));
  await page.locator('#email').pressSequentially('sepa@example.com');
  await page.locator('#iban').pressSequentially('DE89370400440532013000');
  await page.locator('#name').pressSequentially('Sepa Payer');
  await screenshot(page, GROUP, `${name}-2-filled`);
  assert.equal((await submit(page)).status(), 303);
  await landsOnSuccess(page, s, name, 3);
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(done.status, 'complete');
  const paid = await eventually(async () => {
    const x = await stripe.checkout.sessions.retrieve(s.id);
    return x.payment_status === 'paid' && x;
  }, { timeoutMs: 5000, message: 'the debit settles' });
  const pi = await stripe.paymentIntents.retrieve(paid.payment_intent, { expand: ['payment_method'] });
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.payment_method.type, 'sepa_debit');
  assert.equal(pi.payment_method.billing_details.name, 'Sepa Payer');
  await closePage(page);
});
