// Helpers shared by the payments SDK tests (payment_intents, payment_methods, charges): error
// assertions, the events about a set of objects in the order they were written, and driving
// intentd's 3-D Secure page the way a browser would (GET the page, submit one of its forms).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rawRequest } from './harness.mjs';

// Asserts `promise` rejects with a stripe-node error whose type, statusCode and the given
// fields (exact values, or RegExps for strings) match; resolves with the error.
export async function rejectsWith(promise, { type, status, ...fields }) {
  let caught;
  await assert.rejects(promise, (err) => {
    caught = err;
    return true;
  });
  const where = `${caught.type} ${caught.statusCode}: ${caught.message}`;
  if (type !== undefined) assert.equal(caught.type, type, where);
  if (status !== undefined) assert.equal(caught.statusCode, status, where);
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof RegExp) assert.match(String(caught[k]), v, `${k} (${where})`);
    else assert.deepEqual(caught[k], v, `${k} (${where})`);
  }
  return caught;
}

// A 400 payment_intent_unexpected_state with exactly `message`.
export const unexpectedState = (promise, message, extra = {}) => rejectsWith(promise, {
  type: 'StripeInvalidRequestError', status: 400, code: 'payment_intent_unexpected_state', message, ...extra,
});

export const newCustomer = (stripe, params = {}) =>
  stripe.customers.create({ email: `${randomUUID()}@example.com`, ...params });

// mandate_data for confirming bank debits server-side, as Stripe asks for.
export const mandateData = {
  customer_acceptance: { type: 'online', online: { ip_address: '127.0.0.1', user_agent: 'intentd-tests' } },
};

// A mark in the event log: the newest event so far (pass it to eventsAbout).
export async function eventMark(stripe) {
  const page = await stripe.events.list({ limit: 1 });
  return { id: page.data[0]?.id ?? null, created: page.data[0]?.created ?? 0 };
}

// Every event after `mark` (from eventMark) about one of `ids`, oldest first.
export async function eventsAbout(stripe, ids, mark) {
  const want = new Set(ids);
  const out = [];
  // Newest first; everything listed before the mark's event was written after it.
  for await (const e of stripe.events.list({ limit: 100, created: { gte: mark.created } })) {
    if (e.id === mark.id) break;
    if (want.has(e.data.object.id)) out.push(e);
  }
  return out.reverse();
}

// The 3-D Secure page's address from an intent's next_action (redirect_to_url or use_stripe_sdk).
export function authenticationUrl(pi) {
  const na = pi.next_action;
  assert.ok(na, `no next_action on ${pi.id} (${pi.status})`);
  if (na.type === 'redirect_to_url') return na.redirect_to_url.url;
  assert.equal(na.type, 'use_stripe_sdk');
  return na.use_stripe_sdk.stripe_js;
}

const decodeHtml = (s) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>');

// Opens the authentication page for `pi` and submits its "complete" or "fail" form, as a
// browser would. Resolves with the POST's {status, location, text}.
export async function authenticate(server, pi, result = 'complete') {
  const url = new URL(authenticationUrl(pi));
  const page = await rawRequest(server.port, { path: url.pathname + url.search });
  assert.equal(page.status, 200, `authentication page: ${page.status} ${page.text.slice(0, 200)}`);
  const forms = [...page.text.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => {
    const fields = {};
    for (const input of m[2].matchAll(/<input[^>]*>/g)) {
      const name = input[0].match(/name="([^"]*)"/);
      const value = input[0].match(/value="([^"]*)"/);
      if (name) fields[decodeHtml(name[1])] = value ? decodeHtml(value[1]) : '';
    }
    return { action: decodeHtml(m[1]), fields };
  });
  const form = forms.find((f) => f.fields.result === result);
  assert.ok(form, `no "${result}" form on the authentication page: ${page.text.slice(0, 500)}`);
  const action = new URL(form.action, url);
  const res = await rawRequest(server.port, {
    method: 'POST',
    path: action.pathname + action.search,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form.fields).toString(),
  });
  assert.ok(res.status < 400, `authentication ${result}: ${res.status} ${res.text.slice(0, 200)}`);
  return { status: res.status, location: res.headers.location, text: res.text };
}
