// Helpers shared by the Checkout Session tests (checkout.test.mjs through the API and the page's
// form, browser_checkout.test.mjs in headless Chromium): sessions to pay, and submitting the
// hosted page's form the way a browser without JavaScript does.
import assert from 'node:assert/strict';
import { rawRequest } from './harness.mjs';

const decodeHtml = (s) => s.replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

// The path (and query) of an absolute URL on intentd.
export const pathOf = (url) => { const u = new URL(url); return u.pathname + u.search; };

// A one-time price of `unitAmount` in `currency` on a new product named `name`.
export async function oneTimePrice(stripe, { name = 'Widget', unitAmount = 1500, currency = 'usd', ...params } = {}) {
  const product = await stripe.products.create({ name });
  return stripe.prices.create({ product: product.id, unit_amount: unitAmount, currency, ...params });
}

// A payment-mode session for one line of price_data (`amount` in `currency`, quantity 1).
export const paymentSession = (stripe, { amount = 2000, currency = 'usd', name = 'T-shirt', ...params } = {}) =>
  stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price_data: { currency, unit_amount: amount, product_data: { name } }, quantity: 1 }],
    success_url: 'https://shop.example/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://shop.example/cart',
    ...params,
  });

// GETs the hosted page of `session`; asserts a 200 HTML page; resolves with its text.
export async function openPage(server, session) {
  const page = await rawRequest(server.port, { path: pathOf(session.url) });
  assert.equal(page.status, 200, `checkout page: ${page.status} ${page.text.slice(0, 200)}`);
  assert.match(page.headers['content-type'], /^text\/html/);
  return page.text;
}

// The text of the element with id `id` on `html` (tags replaced by spaces, spaces collapsed),
// or null when there is none.
export function textOf(html, id) {
  const m = html.match(new RegExp(`<(\\w+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`));
  return m ? decodeHtml(m[2].replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim() : null;
}

// Card fields as the page's form posts them; `email: null` leaves the email out (as the page
// does when it already knows it).
export const card = (number, { name = 'Jenny Rosen', email = 'jenny@example.com', expiry = '12 / 34', cvc = '123' } = {}) => ({
  email, name, method: 'card', card_number: number, card_expiry: expiry, card_cvc: cvc,
});
export const sepa = (iban, { name = 'Jenny Rosen', email = 'jenny@example.com' } = {}) => ({
  email, name, method: 'sepa_debit', iban,
});

// Opens the page of `session` and submits its form with `fields` (card(), sepa(), or any).
// Resolves with { status, location, text } of the POST: a 303 to success_url or the 3-D
// Secure page, or the page again (200) with #error.
export async function submitPage(server, session, fields) {
  const html = await openPage(server, session);
  const form = html.match(/<form[^>]*\bid="checkout"[^>]*>/);
  assert.ok(form, `no checkout form on the page: ${html.slice(0, 500)}`);
  const action = decodeHtml(form[0].match(/action="([^"]*)"/)[1]);
  const body = new URLSearchParams(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)));
  const res = await rawRequest(server.port, {
    method: 'POST',
    path: pathOf(new URL(action, session.url).href),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'intentd-checkout-tests' },
    body: body.toString(),
  });
  assert.ok(res.status === 303 || res.status === 200, `checkout POST: ${res.status} ${res.text.slice(0, 300)}`);
  return { status: res.status, location: res.headers.location, text: res.text };
}

// A GET of `url` on intentd (e.g. the page's /return after 3-D Secure): { status, location, text }.
export async function follow(server, url) {
  const res = await rawRequest(server.port, { path: pathOf(url) });
  return { status: res.status, location: res.headers.location, text: res.text };
}
