// Huge, negative, zero and not-quite-integer amounts on every money-moving endpoint: each is a
// Stripe-shaped 400 with Stripe's code, message and param, nothing overflows (no wrapped sums
// in messages or stored objects), and the int64 edges themselves are handled exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearer, form } from '../sdk/node/harness.mjs';
import { expectError, readbackTest, useServer } from './common.mjs';

const h = useServer();

const INT64_MAX = '9223372036854775807';
const INT64_MIN = '-9223372036854775808';
const PAST_INT64 = ['9223372036854775808', '-9223372036854775809', '99999999999999999999999999'];

const post = (path, body) => h.server.request({ method: 'POST', path, headers: form(h.server.secretKey), body });
const get = (target) => h.server.request({ path: target, headers: bearer(h.server.secretKey) });
const ok = (res) => { assert.equal(res.status, 200, res.text.slice(0, 300)); return res.json; };

const intent = (amount, extra = '') => post('/v1/payment_intents', `amount=${amount}&currency=usd${extra}`);
const authorized = async (amount, extra = '') => ok(await intent(amount,
  `&payment_method=pm_card_visa&confirm=true&capture_method=manual&payment_method_types[]=card${extra}`));
const paid = async (amount) => ok(await intent(amount, '&payment_method=pm_card_visa&confirm=true&payment_method_types[]=card'));

test('integers past int64 are a 400 naming the param', async () => {
  for (const v of PAST_INT64) {
    const e = expectError(await post('/v1/customers', `balance=${v}`), 400, 'balance', { code: 'parameter_invalid_integer' });
    assert.equal(e.message, `Invalid integer: ${v}`);
    expectError(await intent(v), 400, 'amount', { code: 'parameter_invalid_integer' });
  }
  expectError(await get('/v1/customers?created[gt]=9223372036854775808'), 400, 'created[gt]');
  // The edges themselves are fine, and read back exactly.
  for (const v of [INT64_MIN, INT64_MAX]) {
    const c = ok(await post('/v1/customers', `balance=${v}`));
    const raw = (await get(`/v1/customers/${c.id}`)).text;
    assert.match(raw, new RegExp(`"balance":${v}[,}]`), 'the balance is rendered exactly');
  }
});

test('things that are not integers are a 400 quoting them', async () => {
  for (const [sent, shown] of [['10.5', '10.5'], ['1e3', '1e3'], ['0x10', '0x10'], ['%2B100', '+100'],
    ['100%20', '100 '], ['+100', ' 100'], ['1_000', '1_000'], ['100.0', '100.0'], ['%EF%BC%91%EF%BC%90%EF%BC%90', '１００']]) {
    const e = expectError(await intent(sent), 400, 'amount', { code: 'parameter_invalid_integer' });
    assert.equal(e.message, `Invalid integer: ${shown}`);
  }
  const e = expectError(await intent(''), 400, 'amount', { code: 'parameter_invalid_empty' });
  assert.match(e.message, /empty string for 'amount'/);
});

test('PaymentIntent amounts: at least 1 and 50 cents, at most $999,999.99 (¥99,999,999)', async () => {
  for (const v of ['0', '-0', '-5', INT64_MIN]) {
    const e = expectError(await intent(v), 400, 'amount', { code: 'parameter_invalid_integer' });
    assert.equal(e.message, 'This value must be greater than or equal to 1.');
  }
  const small = expectError(await intent('49'), 400, 'amount', { code: 'amount_too_small' });
  assert.equal(small.message, 'Amount must be at least $0.50 usd');
  for (const v of ['100000000', INT64_MAX]) {
    const e = expectError(await intent(v), 400, 'amount', { code: 'amount_too_large' });
    assert.equal(e.message, 'Amount must be no more than $999,999.99');
  }
  const yen = expectError(await post('/v1/payment_intents', 'amount=100000000&currency=jpy'), 400, 'amount',
    { code: 'amount_too_large' });
  assert.equal(yen.message, 'Amount must be no more than ¥99,999,999');
  assert.equal(ok(await intent('99999999')).amount, 99999999);
  assert.equal(ok(await intent('00100')).amount, 100, 'leading zeros are still the integer');
});

test('capture amounts: never negative, never more than capturable, int64 max included', async () => {
  const pi = await authorized(1000);
  const neg = expectError(await post(`/v1/payment_intents/${pi.id}/capture`, 'amount_to_capture=-1'), 400,
    'amount_to_capture', { code: 'parameter_invalid_integer' });
  assert.equal(neg.message, 'This value must be greater than or equal to 0.');
  for (const v of ['1001', INT64_MAX]) {
    const e = expectError(await post(`/v1/payment_intents/${pi.id}/capture`, `amount_to_capture=${v}`), 400,
      'amount_to_capture', { code: 'amount_too_large' });
    assert.equal(e.message, `The amount_to_capture (${v}) is greater than the amount that can be captured (1000).`);
  }
  const captured = ok(await post(`/v1/payment_intents/${pi.id}/capture`, 'amount_to_capture=600'));
  assert.deepEqual([captured.status, captured.amount_received, captured.amount_capturable], ['succeeded', 600, 0]);
});

// BUG: capturing 0 of a manual-capture intent answers 200 with status succeeded and
// amount_received 0 (its charge captured with amount_captured 0), a state Stripe's machine
// never shows: a succeeded PaymentIntent has received money. Seen on
// POST /v1/payment_intents/:id/capture amount_to_capture=0 → 200 {"status":"succeeded","amount_received":0,...}.
test.todo('capturing 0 does not leave a succeeded intent that received nothing', async () => {
  const pi = await authorized(1000);
  const res = await post(`/v1/payment_intents/${pi.id}/capture`, 'amount_to_capture=0');
  if (res.status === 200) {
    assert.ok(!(res.json.status === 'succeeded' && res.json.amount_received === 0),
      `succeeded with amount_received 0: ${res.text.slice(0, 200)}`);
  } else {
    expectError(res, 400, 'amount_to_capture');
  }
});

test('overcapture and incremental authorization stay bounded at int64 max', async () => {
  const pi = await authorized(1000, '&payment_method_options[card][request_overcapture]=if_available'
    + '&payment_method_options[card][request_incremental_authorization]=if_available');
  const inc = expectError(await post(`/v1/payment_intents/${pi.id}/increment_authorization`, `amount=${INT64_MAX}`), 400,
    'amount', { code: 'amount_too_large' });
  assert.equal(inc.message, 'Amount must be no more than $999,999.99');
  for (const v of ['-5', '999']) {
    const e = expectError(await post(`/v1/payment_intents/${pi.id}/increment_authorization`, `amount=${v}`), 400, 'amount');
    assert.ok(/greater than/.test(e.message), e.message);
  }
  const over = expectError(await post(`/v1/payment_intents/${pi.id}/capture`, `amount_to_capture=${INT64_MAX}`), 400,
    'amount_to_capture', { code: 'amount_too_large' });
  assert.equal(over.message, `The amount_to_capture (${INT64_MAX}) is greater than the amount that can be captured (1200).`);
});

test('refund amounts: at least 1, at most what is left, with Stripe\'s messages and no overflow', async () => {
  const pi = await paid(1000);
  for (const v of ['0', '-1', INT64_MIN]) {
    const e = expectError(await post('/v1/refunds', `payment_intent=${pi.id}&amount=${v}`), 400, 'amount',
      { code: 'parameter_invalid_integer' });
    assert.equal(e.message, 'This value must be greater than or equal to 1.');
  }
  const over = expectError(await post('/v1/refunds', `payment_intent=${pi.id}&amount=1001`), 400, 'amount');
  assert.equal(over.message, 'Refund amount ($10.01) is greater than charge amount ($10.00)');
  const max = expectError(await post('/v1/refunds', `payment_intent=${pi.id}&amount=${INT64_MAX}`), 400, 'amount');
  assert.equal(max.message, 'Refund amount ($92,233,720,368,547,758.07) is greater than charge amount ($10.00)');
  expectError(await post('/v1/refunds', `payment_intent=${pi.id}&amount=9223372036854775808`), 400, 'amount',
    { code: 'parameter_invalid_integer' });
  assert.equal(ok(await post('/v1/refunds', `payment_intent=${pi.id}&amount=600`)).status, 'succeeded');
  const left = expectError(await post('/v1/refunds', `payment_intent=${pi.id}&amount=401`), 400, 'amount');
  assert.equal(left.message, 'Refund amount ($4.01) is greater than unrefunded amount on charge ($4.00)');
  const charge = ok(await get(`/v1/charges/${pi.latest_charge}`));
  assert.deepEqual([charge.amount_refunded, charge.refunded], [600, false]);
});

test('price amounts: unit_amount within 0..999999999999, unit_amount_decimal bounded', async () => {
  const base = 'currency=usd&product_data[name]=x';
  const neg = expectError(await post('/v1/prices', `${base}&unit_amount=-1`), 400, 'unit_amount',
    { code: 'parameter_invalid_integer' });
  assert.equal(neg.message, 'This value must be greater than or equal to 0.');
  for (const v of ['1000000000000', INT64_MAX]) {
    const e = expectError(await post('/v1/prices', `${base}&unit_amount=${v}`), 400, 'unit_amount',
      { code: 'parameter_invalid_integer' });
    assert.equal(e.message, 'This value must be less than or equal to 999999999999.');
  }
  for (const v of ['1e400', 'NaN', 'Infinity', '-1', '99999999999999999999999999999.123456789012345', '1.2.3'])
    expectError(await post('/v1/prices', `${base}&unit_amount_decimal=${v}`), 400, 'unit_amount_decimal');
  assert.equal(ok(await post('/v1/prices', `${base}&unit_amount=999999999999`)).unit_amount, 999999999999);
});

test('list limits and created bounds are integers in range', async () => {
  for (const [v, msg] of [['0', 'greater than or equal to 1'], ['-1', 'greater than or equal to 1'],
    ['101', 'less than or equal to 100'], ['99999999999999999999', 'Invalid integer']]) {
    const e = expectError(await get(`/v1/payment_intents?limit=${v}`), 400, 'limit', { code: 'parameter_invalid_integer' });
    assert.match(e.message, new RegExp(msg));
  }
  for (const v of PAST_INT64) expectError(await get(`/v1/charges?created[lte]=${v}`), 400, 'created[lte]');
  assert.equal(ok(await get(`/v1/charges?created[lte]=${INT64_MAX}&created[gte]=${INT64_MIN}`)).object, 'list');
});

// amount_details totals past int64 (unit_cost × quantity) are refused with amount_too_large,
// enforce_arithmetic_validation or not; they once wrapped to a negative total (and, unenforced,
// were stored so).
test('amount_details line items that overflow int64 are refused, not wrapped', async () => {
  const items = (cost, qty) => `&amount_details[line_items][0][product_name]=x&amount_details[line_items][0][unit_cost]=${cost}`
    + `&amount_details[line_items][0][quantity]=${qty}`;
  const res = await intent('100', items(INT64_MAX, 2));
  expectError(res, 400);
  assert.doesNotMatch(res.json.error.message, /add up to -/, 'a wrapped (negative) total');
  const lax = await intent('100', `${items('4611686018427387904', 2)}&amount_details[enforce_arithmetic_validation]=false`);
  assert.doesNotMatch(lax.text, /add up to -/, 'a wrapped (negative) total');
});

readbackTest(h);
