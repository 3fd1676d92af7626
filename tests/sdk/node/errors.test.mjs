// Error responses as stripe-node sees them: auth, param validation, 404s, Stripe-Account.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, startServer, stripeError } from './harness.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server?.stop());

// Checks a rejected SDK call against the expected class, status and error fields.
const rejectsWith = (promise, { type, status, ...fields }) => assert.rejects(promise, (err) => {
  assert.equal(err.type, type, err.message);
  assert.equal(err.statusCode, status);
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof RegExp) assert.match(err[k], v, k);
    else assert.equal(err[k], v, k);
  }
  return true;
});

test('401 without an API key, with Stripe\'s message', async () => {
  const res = await server.request({ path: '/v1/customers' });
  assert.equal(res.status, 401);
  const e = stripeError(assert, res);
  assert.equal(e.type, 'invalid_request_error');
  assert.match(e.message, /^You did not provide an API key\./);
});

test('401 AuthenticationError with a wrong key; the message masks the key but its last 4 characters', async () => {
  const wrong = 'sk_test_thisKeyIsNotKnownAtAllWXYZ';
  await rejectsWith(server.stripe({ key: wrong }).customers.list(), {
    type: 'StripeAuthenticationError', status: 401, rawType: 'invalid_request_error',
    message: /^Invalid API Key provided: sk_test_\*+WXYZ$/,
  });
  // The key itself never comes back.
  const res = await server.request({ path: '/v1/customers', headers: bearer(wrong) });
  assert.equal(res.status, 401);
  assert.ok(!res.text.includes('thisKeyIsNotKnown'));
});

test('Basic auth works with the key as user name, raw or base64 "key:"', async () => {
  const b64 = Buffer.from(`${server.secretKey}:`).toString('base64');
  for (const auth of [`Basic ${b64}`, `Basic ${server.secretKey}`]) {
    const res = await server.request({ path: '/v1/customers', headers: { Authorization: auth } });
    assert.equal(res.status, 200, `${auth}: ${res.text}`);
  }
});

test('a publishable key on /v1/customers is a 401 AuthenticationError', async () => {
  await rejectsWith(server.stripe({ key: server.publishableKey }).customers.list(), {
    type: 'StripeAuthenticationError', status: 401, message: /publishable API key/,
  });
  await rejectsWith(server.stripe({ key: server.publishableKey }).customers.create({ name: 'x' }), {
    type: 'StripeAuthenticationError', status: 401,
  });
});

test('unknown params are 400 parameter_unknown naming the full param path', async () => {
  await rejectsWith(stripe.customers.create({ favourite_colour: 'blue' }), {
    type: 'StripeInvalidRequestError', status: 400, code: 'parameter_unknown',
    param: 'favourite_colour', message: 'Received unknown parameter: favourite_colour',
  });
  await rejectsWith(stripe.customers.create({ address: { line1: 'x', planet: 'Mars' } }), {
    type: 'StripeInvalidRequestError', status: 400, code: 'parameter_unknown', param: 'address[planet]',
  });
  await rejectsWith(stripe.customers.list({ colour: 'red' }), {
    type: 'StripeInvalidRequestError', status: 400, code: 'parameter_unknown', param: 'colour',
  });
});

test('a missing required nested param is 400 parameter_missing', async () => {
  await rejectsWith(stripe.customers.create({ shipping: { name: 'Jenny' } }), {
    type: 'StripeInvalidRequestError', status: 400, code: 'parameter_missing',
    param: 'shipping[address]', message: 'Missing required param: shipping[address].',
  });
});

test('a value outside an enum is 400 naming the param', async () => {
  await rejectsWith(stripe.customers.create({ tax_exempt: 'sometimes' }), {
    type: 'StripeInvalidRequestError', status: 400, rawType: 'invalid_request_error',
    param: 'tax_exempt', message: /tax_exempt/,
  });
});

test('out-of-range and wrongly typed params are 400 naming the param', async () => {
  await rejectsWith(stripe.customers.list({ limit: 101 }), {
    type: 'StripeInvalidRequestError', status: 400, param: 'limit',
  });
  await rejectsWith(stripe.customers.create({ balance: 'lots' }), {
    type: 'StripeInvalidRequestError', status: 400, param: 'balance',
  });
});

test('list cursors: an unknown cursor is 400 resource_missing, both cursors at once are 400', async () => {
  await rejectsWith(stripe.customers.list({ starting_after: 'cus_nope' }), {
    type: 'StripeInvalidRequestError', status: 400, code: 'resource_missing', param: 'starting_after',
  });
  const c = await stripe.customers.create({ name: 'cursor' });
  await rejectsWith(stripe.customers.list({ starting_after: c.id, ending_before: c.id }), {
    type: 'StripeInvalidRequestError', status: 400,
  });
});

test('an unknown id is 404 resource_missing with param id', async () => {
  await rejectsWith(stripe.customers.retrieve('cus_doesnotexist'), {
    type: 'StripeInvalidRequestError', status: 404, code: 'resource_missing', param: 'id',
    message: /^No such customer: '?cus_doesnotexist'?$/,
  });
  await rejectsWith(stripe.customers.update('cus_doesnotexist', { name: 'x' }), {
    type: 'StripeInvalidRequestError', status: 404, code: 'resource_missing', param: 'id',
  });
});

test('a Stripe-Account the key does not own is a 403 PermissionError', async () => {
  await rejectsWith(stripe.customers.list({}, { stripeAccount: 'acct_1NotMineAtAll0000' }), {
    type: 'StripePermissionError', status: 403, message: /acct_1NotMineAtAll0000/,
  });
});

test('an unknown URL is 404 "Unrecognized request URL"', async () => {
  const res = await server.request({ path: '/v1/nonexistent_things', headers: bearer(server.secretKey) });
  assert.equal(res.status, 404);
  const e = stripeError(assert, res);
  assert.equal(e.type, 'invalid_request_error');
  assert.match(e.message, /^Unrecognized request URL \(GET: \/v1\/nonexistent_things\)/);

  const put = await server.request({ method: 'PUT', path: '/v1/customers', headers: bearer(server.secretKey) });
  assert.equal(put.status, 404);
  assert.match(stripeError(assert, put).message, /Unrecognized request URL \(PUT: \/v1\/customers\)/);
});
