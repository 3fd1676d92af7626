// 3-D Secure through intentd's authentication page in headless Chromium (playwright-core and
// Debian's chromium): each outcome is driven the way a customer's browser does — open
// next_action's url, check the payment shown, press "Complete" or "Fail" (by click, or with the
// keyboard alone), land on the shop's return_url with payment_intent,
// payment_intent_client_secret and redirect_status, or on the "you can close this window" page
// when there is no return_url — then the intent and its events are checked through stripe-node.
// Screenshots of every page go to tests/artifacts/browser_3ds/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, screenshot, startReturnSite } from './browser.mjs';
import { eventually, startServer } from './harness.mjs';
import { authenticationUrl, eventMark, eventsAbout } from './payment_helpers.mjs';

const GROUP = 'browser_3ds';
const TEST_TIMEOUT_MS = 60000;

let server;
let stripe;
let shop;
let browser;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
  shop = await startReturnSite();
  browser = await launchBrowser();
});
after(async () => {
  const results = await Promise.allSettled([browser?.close(), shop?.close()]);
  await server?.stop();
  for (const r of results) if (r.status === 'rejected') throw r.reason;
});

const year = new Date().getUTCFullYear();
const cardPm = (number) => stripe.paymentMethods.create({
  type: 'card', card: { number, exp_month: 12, exp_year: year + 3, cvc: '123' },
});
// The page's forms POST to its own path (without the query).
const isAuthPost = (pi) => (r) => r.request().method() === 'POST' &&
  new URL(r.url()).pathname === new URL(authenticationUrl(pi)).pathname;

// Creates and confirms an intent that needs 3-D Secure; asserts requires_action and the
// next_action that points at intentd's page. Returns { pi, url, mark }.
async function needingAuthentication(params) {
  const mark = await eventMark(stripe);
  const pi = await stripe.paymentIntents.create({ currency: 'usd', confirm: true, ...params });
  assert.equal(pi.status, 'requires_action');
  const url = new URL(authenticationUrl(pi));
  if (params.return_url) {
    assert.equal(pi.next_action.type, 'redirect_to_url');
    assert.equal(pi.next_action.redirect_to_url.return_url, params.return_url);
  } else {
    assert.equal(pi.next_action.type, 'use_stripe_sdk');
  }
  assert.equal(url.origin, `http://127.0.0.1:${server.port}`);
  assert.match(url.pathname, new RegExp(`^/intentd/authenticate/[^/]+/${pi.id}$`));
  assert.equal(url.searchParams.get('client_secret'), pi.client_secret);
  return { pi, url: url.href, mark };
}

// Opens the page in a new tab, asserts what it shows and takes the "before" screenshot.
async function openPage(url, { name, amount, last4, brand = 'visa' }) {
  const page = await browser.newPage();
  const res = await page.goto(url);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'], /^text\/html/);
  assert.equal(await page.title(), 'Authenticate your payment');
  assert.equal((await page.locator('h1').textContent()).trim(), '3-D Secure authentication');
  assert.equal((await page.locator('#amount').textContent()).trim(), amount);
  const card = (await page.locator('#card').textContent()).trim();
  assert.match(card, new RegExp(`\\b${last4}$`), `card line: ${card}`);
  assert.match(card, new RegExp(`^${brand}\\b`, 'i'), `card line: ${card}`);
  for (const [id, label] of [['complete', 'Complete authentication'], ['fail', 'Fail authentication']]) {
    const button = page.locator(`#${id}`);
    assert.ok(await button.isVisible(), `#${id} visible`);
    assert.ok(await button.isEnabled(), `#${id} enabled`);
    assert.equal((await button.textContent()).trim(), label);
  }
  await screenshot(page, GROUP, `${name}-1-authenticate`);
  return page;
}

// Presses #complete or #fail by clicking it, or (keyboard) by Tab-ing to it from where the page
// puts the focus and pressing Enter. Resolves with the POST's response (a 303, or the done page).
async function decide(page, pi, button, { keyboard = false, name } = {}) {
  const posted = page.waitForResponse(isAuthPost(pi));
  if (!keyboard) {
    await page.click(`#${button}`);
    return posted;
  }
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
  // autofocus puts the focus on "Complete authentication" when the page loads.
  assert.equal(await focused(), 'complete', 'the page loads with the focus on #complete');
  for (let presses = 0; (await focused()) !== button; presses++) {
    assert.ok(presses < 5, `#${button} not reached with Tab (focus on ${await focused()})`);
    await page.keyboard.press('Tab');
  }
  // The focus must be visible to a keyboard user.
  const ring = await page.evaluate((id) => {
    const el = document.getElementById(id);
    const s = getComputedStyle(el);
    return { focusVisible: el.matches(':focus-visible'), outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  }, button);
  assert.ok(ring.focusVisible, `#${button} matches :focus-visible`);
  assert.ok(ring.outline !== 'none' && ring.width > 0, `#${button} shows a focus outline: ${JSON.stringify(ring)}`);
  await screenshot(page, GROUP, `${name}-1b-focused-${button}`);
  await page.keyboard.press('Enter');
  return posted;
}

// Waits for the browser to land on the shop's return_url; asserts the query it received (and
// what the browser's address bar shows); takes the "after" screenshot. Resolves with the query.
async function landsOnReturnUrl(page, pi, { path, order, redirectStatus, name }) {
  await page.waitForURL((u) => u.origin === shop.origin && u.pathname === path);
  await page.locator('#shop').waitFor();
  const visit = await shop.waitForVisit(path);
  assert.equal(visit.method, 'GET');
  assert.deepEqual(visit.query, {
    order,
    payment_intent: pi.id,
    payment_intent_client_secret: pi.client_secret,
    redirect_status: redirectStatus,
  });
  const shown = new URL(page.url());
  assert.equal(shown.searchParams.get('payment_intent'), pi.id);
  assert.equal(shown.searchParams.get('redirect_status'), redirectStatus);
  await screenshot(page, GROUP, `${name}-2-return_url`);
  return visit.query;
}

// Opening the page again after the decision says the payment no longer waits.
async function revisit(page, url, { status, name }) {
  const res = await page.goto(url);
  assert.equal(res.status(), 200);
  const text = (await page.locator('#status').textContent()).replace(/\s+/g, ' ').trim();
  assert.match(text, /no longer waiting for authentication/);
  assert.match(text, new RegExp(`\\b${status}\\b`));
  assert.equal(await page.locator('#complete').count(), 0, 'no buttons once decided');
  assert.equal(await page.locator('#fail').count(), 0, 'no buttons once decided');
  await screenshot(page, GROUP, `${name}-3-revisited`);
}

// The events written since `mark` about the intent (and its latest charge), by type, once the
// last one expected has been written.
async function eventTypes(pi, mark, lastExpected) {
  const ids = [pi.id, pi.latest_charge].filter(Boolean);
  return eventually(async () => {
    const types = (await eventsAbout(stripe, ids, mark)).map((e) => e.type);
    return types.includes(lastExpected) && types;
  }, { timeoutMs: 5000, message: `${lastExpected} about ${ids.join(', ')}` });
}

async function closePage(page) {
  assert.deepEqual(page.consoleErrors, [], 'no console errors on the pages');
  await page.close();
}

test('complete → succeeded; the browser lands on return_url with redirect_status=succeeded', { timeout: TEST_TIMEOUT_MS }, async () => {
  const name = 'complete-succeeded';
  const path = `/back/${name}`;
  const { pi, url, mark } = await needingAuthentication({
    amount: 2599, payment_method: 'pm_card_authenticationRequired', return_url: shop.url(`${path}?order=${name}`),
  });
  const page = await openPage(url, { name, amount: '$25.99', last4: '3184' });
  const post = await decide(page, pi, 'complete');
  assert.equal(post.status(), 303);
  await landsOnReturnUrl(page, pi, { path, order: name, redirectStatus: 'succeeded', name });

  const done = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(done.status, 'succeeded');
  assert.equal(done.amount_received, 2599);
  assert.equal(done.last_payment_error, null);
  assert.equal(done.next_action, null);
  const charge = await stripe.charges.retrieve(done.latest_charge);
  assert.equal(charge.status, 'succeeded');
  assert.equal(charge.captured, true);
  assert.equal(charge.payment_intent, pi.id);
  const types = await eventTypes(done, mark, 'payment_intent.succeeded');
  assert.deepEqual(types.filter((t) => t.startsWith('payment_intent.')),
    ['payment_intent.created', 'payment_intent.requires_action', 'payment_intent.succeeded']);
  assert.ok(types.includes('charge.succeeded'), types.join(', '));
  assert.ok(!types.includes('payment_intent.payment_failed'), types.join(', '));

  await revisit(page, url, { status: 'succeeded', name });
  await closePage(page);
});

test('complete with capture_method=manual → requires_capture (redirect_status=succeeded), then capturable', { timeout: TEST_TIMEOUT_MS }, async () => {
  const name = 'complete-manual-capture';
  const path = `/back/${name}`;
  const pm = await cardPm('4000002760003184');
  const { pi, url, mark } = await needingAuthentication({
    amount: 123456, capture_method: 'manual', payment_method: pm.id, return_url: shop.url(`${path}?order=${name}`),
  });
  const page = await openPage(url, { name, amount: '$1,234.56', last4: '3184' });
  const post = await decide(page, pi, 'complete');
  assert.equal(post.status(), 303);
  await landsOnReturnUrl(page, pi, { path, order: name, redirectStatus: 'succeeded', name });

  const held = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(held.status, 'requires_capture');
  assert.equal(held.amount_capturable, 123456);
  assert.equal(held.amount_received, 0);
  assert.equal(held.last_payment_error, null);
  assert.equal(held.next_action, null);
  const charge = await stripe.charges.retrieve(held.latest_charge);
  assert.equal(charge.status, 'succeeded');
  assert.equal(charge.captured, false);
  const types = await eventTypes(held, mark, 'payment_intent.amount_capturable_updated');
  assert.deepEqual(types.filter((t) => t.startsWith('payment_intent.')),
    ['payment_intent.created', 'payment_intent.requires_action', 'payment_intent.amount_capturable_updated']);
  assert.ok(!types.includes('payment_intent.succeeded'), types.join(', '));

  await revisit(page, url, { status: 'requires_capture', name });
  await closePage(page);
  const captured = await stripe.paymentIntents.capture(pi.id);
  assert.equal(captured.status, 'succeeded');
  assert.equal(captured.amount_received, 123456);
});

test('4000008260003178: complete → declined insufficient_funds, requires_payment_method, redirect_status=failed', { timeout: TEST_TIMEOUT_MS }, async () => {
  const name = 'complete-3178-declined';
  const path = `/back/${name}`;
  const pm = await cardPm('4000008260003178');
  const { pi, url, mark } = await needingAuthentication({
    amount: 5000, currency: 'eur', payment_method: pm.id, return_url: shop.url(`${path}?order=${name}`),
  });
  const page = await openPage(url, { name, amount: '€50.00', last4: '3178' });
  const post = await decide(page, pi, 'complete');
  assert.equal(post.status(), 303);
  await landsOnReturnUrl(page, pi, { path, order: name, redirectStatus: 'failed', name });

  const declined = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(declined.status, 'requires_payment_method');
  assert.equal(declined.amount_received, 0);
  assert.equal(declined.last_payment_error.type, 'card_error');
  assert.equal(declined.last_payment_error.code, 'card_declined');
  assert.equal(declined.last_payment_error.decline_code, 'insufficient_funds');
  assert.equal(declined.last_payment_error.payment_method.id, pm.id);
  const charge = await stripe.charges.retrieve(declined.latest_charge);
  assert.equal(charge.status, 'failed');
  assert.equal(charge.failure_code, 'card_declined');
  assert.equal(charge.outcome.reason, 'insufficient_funds');
  const types = await eventTypes(declined, mark, 'payment_intent.payment_failed');
  assert.deepEqual(types.filter((t) => t.startsWith('payment_intent.')),
    ['payment_intent.created', 'payment_intent.requires_action', 'payment_intent.payment_failed']);
  assert.ok(types.includes('charge.failed'), types.join(', '));
  assert.ok(!types.includes('payment_intent.succeeded'), types.join(', '));

  await revisit(page, url, { status: 'requires_payment_method', name });
  await closePage(page);
});

test('fail, with the keyboard only (Tab, Enter) → requires_payment_method with payment_intent_authentication_failure', { timeout: TEST_TIMEOUT_MS }, async () => {
  const name = 'fail-keyboard';
  const path = `/back/${name}`;
  const { pi, url, mark } = await needingAuthentication({
    amount: 1000, payment_method: 'pm_card_authenticationRequired', return_url: shop.url(`${path}?order=${name}`),
  });
  const pmId = pi.payment_method;
  const page = await openPage(url, { name, amount: '$10.00', last4: '3184' });
  const post = await decide(page, pi, 'fail', { keyboard: true, name });
  assert.equal(post.status(), 303);
  await landsOnReturnUrl(page, pi, { path, order: name, redirectStatus: 'failed', name });

  const failed = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(failed.status, 'requires_payment_method');
  assert.equal(failed.amount_received, 0);
  assert.equal(failed.next_action, null);
  assert.equal(failed.payment_method, null);
  assert.equal(failed.latest_charge, null, 'no charge when authentication fails');
  assert.equal(failed.last_payment_error.type, 'invalid_request_error');
  assert.equal(failed.last_payment_error.code, 'payment_intent_authentication_failure');
  assert.match(failed.last_payment_error.message, /failed authentication/);
  assert.equal(failed.last_payment_error.payment_method.id, pmId);
  const types = await eventTypes(failed, mark, 'payment_intent.payment_failed');
  assert.deepEqual(types, ['payment_intent.created', 'payment_intent.requires_action', 'payment_intent.payment_failed']);

  await revisit(page, url, { status: 'requires_payment_method', name });
  await closePage(page);
  // The intent can be paid with another card afterwards.
  assert.equal((await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })).status, 'succeeded');
});

// Without return_url (use_stripe_sdk), the page itself ends on "you can close this window".
for (const { button, title, status, event } of [
  { button: 'complete', title: 'Authentication complete', status: 'succeeded', event: 'payment_intent.succeeded' },
  { button: 'fail', title: 'Authentication failed', status: 'requires_payment_method', event: 'payment_intent.payment_failed' },
]) {
  test(`no return_url: ${button} → the done page (${status})`, { timeout: TEST_TIMEOUT_MS }, async () => {
    const name = `no-return-url-${button}`;
    const { pi, url, mark } = await needingAuthentication({ amount: 4200, payment_method: 'pm_card_authenticationRequired' });
    const page = await openPage(url, { name, amount: '$42.00', last4: '3184' });
    const post = await decide(page, pi, button);
    assert.equal(post.status(), 200);
    await page.locator('#status').waitFor();
    assert.equal(await page.title(), 'Authentication finished');
    assert.equal((await page.locator('h1').textContent()).trim(), title);
    const text = (await page.locator('#status').textContent()).replace(/\s+/g, ' ').trim();
    assert.match(text, new RegExp(`status is ${status}\\b`));
    assert.match(text, /You can close this window\./);
    assert.equal(new URL(page.url()).origin, `http://127.0.0.1:${server.port}`, 'stays on intentd');
    await screenshot(page, GROUP, `${name}-2-done`);

    const after = await stripe.paymentIntents.retrieve(pi.id);
    assert.equal(after.status, status);
    assert.equal(after.next_action, null);
    if (button === 'complete') {
      assert.equal(after.last_payment_error, null);
      assert.equal(after.amount_received, 4200);
    } else {
      assert.equal(after.last_payment_error.code, 'payment_intent_authentication_failure');
    }
    const types = await eventTypes(after, mark, event);
    assert.deepEqual(types.filter((t) => t.startsWith('payment_intent.')),
      ['payment_intent.created', 'payment_intent.requires_action', event]);

    await revisit(page, url, { status, name });
    await closePage(page);
  });
}

test('a wrong or missing client_secret: "Page not found", no buttons, the intent still waits', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { pi, url } = await needingAuthentication({ amount: 1000, payment_method: 'pm_card_authenticationRequired' });
  const page = await browser.newPage();
  for (const secret of [`${pi.client_secret}x`, null]) {
    const target = new URL(url);
    if (secret === null) target.searchParams.delete('client_secret'); else target.searchParams.set('client_secret', secret);
    const res = await page.goto(target.href);
    assert.equal(res.status(), 404);
    assert.equal((await page.locator('h1').textContent()).trim(), 'Page not found');
    assert.equal(await page.locator('#amount').count(), 0);
    assert.equal(await page.locator('#complete').count(), 0);
    assert.equal(await page.locator('#fail').count(), 0);
    assert.ok(!(await page.content()).includes(pi.id), 'the page says nothing about the intent');
  }
  await screenshot(page, GROUP, 'wrong-client-secret');
  await page.close();
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_action');
});

// A URL's query goes before its fragment: …/back?order=1&payment_intent=…#receipt, so the
// shop's server sees the params.
test('return_url with a #fragment: the params go in the query, before the fragment', {
  timeout: TEST_TIMEOUT_MS,
}, async () => {
  const name = 'return-url-fragment';
  const path = `/back/${name}`;
  const { pi, url } = await needingAuthentication({
    amount: 1000, payment_method: 'pm_card_authenticationRequired', return_url: shop.url(`${path}?order=${name}#receipt`),
  });
  const page = await openPage(url, { name, amount: '$10.00', last4: '3184' });
  await decide(page, pi, 'complete');
  try {
    await landsOnReturnUrl(page, pi, { path, order: name, redirectStatus: 'succeeded', name });
    assert.equal(new URL(page.url()).hash, '#receipt');
  } finally {
    await page.close();
  }
});
