// The balance ledger through stripe-node: the balance transaction of each capture (automatic,
// automatic_async, manual, multicapture, bank debits) with its fee, pending funds becoming
// available (here after 1s, --funds-available-after) with balance.available, refunds taking
// money out, GET /v1/balance_transactions filters, pagination and expand, and the invariant
// that the balance equals the sum of its transactions. Each test uses its own currency so the
// releases of earlier tests cannot move its figures.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, startServer } from './harness.mjs';

const FUNDS_DELAY_MS = 1000;
let server;
let stripe;
before(async () => {
  server = await startServer({ args: ['--settlement-delay', '200ms', '--funds-available-after', `${FUNDS_DELAY_MS}ms`] });
  stripe = server.stripe();
});
after(() => server?.stop());

// Stripe's test-mode card fee: 2.9% + 30, rounded half up.
const cardFee = (amount) => Math.floor((amount * 29 + 500) / 1000) + 30;

const pay = (amount, currency, pm = 'pm_card_visa', extra = {}) =>
  stripe.paymentIntents.create({ amount, currency, payment_method: pm, confirm: true, ...extra });

// {available, pending} amounts of `currency` in the balance (0 when not shown).
async function amounts(currency) {
  const b = await stripe.balance.retrieve();
  const pick = (rows) => rows.find((r) => r.currency === currency)?.amount ?? 0;
  return { available: pick(b.available), pending: pick(b.pending) };
}

async function eventsAbout(id, types) {
  const out = [];
  await stripe.events.list({ limit: 100 }).autoPagingEach((e) => {
    if (e.data.object.id === id && (!types || types.includes(e.type))) out.push(e);
  });
  return out;
}

async function allTransactions(params = {}) {
  const out = [];
  await stripe.balanceTransactions.list({ limit: 100, ...params }).autoPagingEach((t) => { out.push(t); });
  return out;
}

test('a fresh account: zero usd, available and pending', async () => {
  const b = await stripe.balance.retrieve();
  assert.equal(b.object, 'balance');
  assert.equal(b.livemode, false);
  assert.deepEqual(b.available, [{ amount: 0, currency: 'usd', source_types: { card: 0 } }]);
  assert.deepEqual(b.pending, [{ amount: 0, currency: 'usd', source_types: { card: 0 } }]);
  assert.deepEqual((await stripe.balanceTransactions.list()).data, []);
});

test('automatic_async: the charge shows its balance transaction after charge.updated; pending, then available', async () => {
  const pi = await pay(2000, 'eur');
  assert.equal(pi.capture_method, 'automatic_async');
  const charge = await stripe.charges.retrieve(pi.latest_charge);
  assert.match(charge.balance_transaction, /^txn_[A-Za-z0-9]{24}$/);

  const [succeeded] = await eventsAbout(charge.id, ['charge.succeeded']);
  assert.equal(succeeded.data.object.balance_transaction, null, 'null at first, as Stripe shows it');
  const [updated] = await eventsAbout(charge.id, ['charge.updated']);
  assert.equal(updated.data.object.balance_transaction, charge.balance_transaction);
  assert.deepEqual(updated.data.previous_attributes, { balance_transaction: null });

  const bt = await stripe.balanceTransactions.retrieve(charge.balance_transaction);
  assert.equal(bt.object, 'balance_transaction');
  assert.equal(bt.type, 'charge');
  assert.equal(bt.reporting_category, 'charge');
  assert.equal(bt.balance_type, 'payments');
  assert.equal(bt.amount, 2000);
  assert.equal(bt.currency, 'eur');
  assert.equal(bt.fee, cardFee(2000));
  assert.equal(bt.net, 2000 - cardFee(2000));
  assert.deepEqual(bt.fee_details, [{ amount: cardFee(2000), application: null, currency: 'eur', description: 'Stripe processing fees', type: 'stripe_fee' }]);
  assert.equal(bt.source, charge.id);
  assert.equal(bt.exchange_rate, null);
  assert.equal(bt.created, charge.created);
  assert.ok(bt.available_on > bt.created && bt.available_on <= bt.created + 2, `available_on ${bt.available_on}`);

  // Pending until available_on, then moved by the release job, which announces it.
  const settled = await eventually(async () => {
    const t = await stripe.balanceTransactions.retrieve(bt.id);
    return t.status === 'available' && t;
  }, { timeoutMs: 10000, message: 'funds available' });
  assert.equal(settled.available_on, bt.available_on);
  assert.deepEqual(await amounts('eur'), { available: bt.net, pending: 0 });
  const announced = await eventually(async () => {
    const list = await stripe.events.list({ type: 'balance.available', limit: 100 });
    return list.data.find((e) => e.data.object.available.some((r) => r.currency === 'eur' && r.amount === bt.net));
  }, { message: 'balance.available' });
  assert.equal(announced.data.object.object, 'balance');
  assert.equal(announced.request.id, null);
});

test('while pending, the funds count in pending; a second payment adds to it', async () => {
  const first = await pay(1000, 'aud');
  const second = await pay(3000, 'aud');
  const t1 = await stripe.balanceTransactions.retrieve((await stripe.charges.retrieve(first.latest_charge)).balance_transaction);
  const t2 = await stripe.balanceTransactions.retrieve((await stripe.charges.retrieve(second.latest_charge)).balance_transaction);
  const now = await amounts('aud');
  // Both were written well inside the delay, unless this machine stalled for a second.
  if (t1.status === 'pending' && t2.status === 'pending') assert.deepEqual(now, { available: 0, pending: t1.net + t2.net });
  await eventually(async () => {
    const a = await amounts('aud');
    return a.pending === 0 && a.available === t1.net + t2.net;
  }, { timeoutMs: 10000, message: 'aud available' });
});

test('capture_method=automatic: charge.succeeded already carries the balance transaction', async () => {
  const pi = await pay(1500, 'chf', 'pm_card_visa', { capture_method: 'automatic' });
  const charge = await stripe.charges.retrieve(pi.latest_charge);
  assert.match(charge.balance_transaction, /^txn_/);
  const [succeeded] = await eventsAbout(charge.id, ['charge.succeeded']);
  assert.equal(succeeded.data.object.balance_transaction, charge.balance_transaction);
  assert.equal((await eventsAbout(charge.id, ['charge.updated'])).length, 0);
  const bt = await stripe.balanceTransactions.retrieve(charge.balance_transaction);
  assert.equal(bt.amount, 1500);
  assert.equal(bt.source, charge.id);
});

test('pm_card_bypassPending: the funds are available at once', async () => {
  const pi = await pay(5000, 'gbp', 'pm_card_bypassPending');
  const charge = await stripe.charges.retrieve(pi.latest_charge, { expand: ['balance_transaction'] });
  const bt = charge.balance_transaction;
  assert.equal(bt.status, 'available');
  assert.equal(bt.available_on, bt.created);
  assert.deepEqual(await amounts('gbp'), { available: 5000 - cardFee(5000), pending: 0 });
});

test('manual and multicapture: each capture writes its own transaction; the fees add up to one payment\'s', async () => {
  const pi = await pay(1000, 'sek', 'pm_card_visa', {
    capture_method: 'manual',
    payment_method_options: { card: { request_multicapture: 'if_available' } },
  });
  assert.equal((await stripe.charges.retrieve(pi.latest_charge)).balance_transaction, null, 'nothing captured yet');
  assert.equal((await allTransactions({ currency: 'sek' })).length, 0);

  await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 700, final_capture: false });
  const first = (await stripe.charges.retrieve(pi.latest_charge)).balance_transaction;
  await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 200 });
  const second = (await stripe.charges.retrieve(pi.latest_charge)).balance_transaction;
  assert.notEqual(first, second, 'the charge shows the latest capture');

  const txns = await allTransactions({ source: pi.latest_charge });
  assert.deepEqual(txns.map((t) => t.id), [second, first]);
  assert.deepEqual(txns.map((t) => t.amount), [200, 700]);
  assert.equal(txns[0].fee + txns[1].fee, cardFee(900));
  assert.ok(txns.every((t) => t.type === 'charge'));
});

test('a refund takes the money out of the available balance at once', async () => {
  const pi = await pay(4000, 'nok', 'pm_card_bypassPending');
  const net = 4000 - cardFee(4000);
  assert.deepEqual(await amounts('nok'), { available: net, pending: 0 });
  const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1500 });
  const bt = await stripe.balanceTransactions.retrieve(refund.balance_transaction, { expand: ['source'] });
  assert.equal(bt.type, 'refund');
  assert.equal(bt.amount, -1500);
  assert.equal(bt.fee, 0);
  assert.equal(bt.status, 'available');
  assert.equal(bt.source.id, refund.id);
  assert.equal(bt.source.object, 'refund');
  assert.equal(bt.description, 'REFUND FOR PAYMENT');
  assert.deepEqual(await amounts('nok'), { available: net - 1500, pending: 0 }, 'fees are not returned');
});

test('bank debits: ACH lands in bank_account at once, SEPA is a pending payment', async () => {
  const before = (await stripe.balance.retrieve()).available.find((r) => r.currency === 'usd')?.source_types.bank_account ?? 0;
  const ach = await stripe.paymentIntents.create({
    amount: 3000, currency: 'usd', payment_method_types: ['us_bank_account'], payment_method: 'pm_usBankAccount_success',
    confirm: true, mandate_data: { customer_acceptance: { type: 'offline' } },
  });
  assert.equal(ach.status, 'processing');
  assert.equal((await stripe.charges.retrieve(ach.latest_charge)).balance_transaction, null, 'nothing settled yet');
  const achCharge = await eventually(async () => {
    const c = await stripe.charges.retrieve(ach.latest_charge, { expand: ['balance_transaction'] });
    return c.status === 'succeeded' && c;
  }, { timeoutMs: 10000, message: 'ACH settled' });
  const bt = achCharge.balance_transaction;
  assert.equal(bt.type, 'payment');
  assert.equal(bt.reporting_category, 'charge');
  assert.equal(bt.fee, 24, '0.8%');
  assert.equal(bt.status, 'available');
  const [succeeded] = await eventsAbout(achCharge.id, ['charge.succeeded']);
  assert.equal(succeeded.data.object.balance_transaction, bt.id);
  const after = (await stripe.balance.retrieve()).available.find((r) => r.currency === 'usd').source_types.bank_account;
  assert.equal(after - before, 3000 - 24);

  const sepa = await stripe.paymentIntents.create({
    amount: 100000, currency: 'eur', payment_method_types: ['sepa_debit'], payment_method: 'pm_success_de',
    confirm: true, mandate_data: { customer_acceptance: { type: 'offline' } },
  });
  const sepaCharge = await eventually(async () => {
    const c = await stripe.charges.retrieve(sepa.latest_charge, { expand: ['balance_transaction'] });
    return c.status === 'succeeded' && c;
  }, { timeoutMs: 10000, message: 'SEPA settled' });
  assert.equal(sepaCharge.balance_transaction.type, 'payment');
  assert.equal(sepaCharge.balance_transaction.fee, 500, 'capped');
});

test('list: filters by type, source and currency; newest first; pagination; expand data.source', async () => {
  const pi = await pay(2500, 'dkk', 'pm_card_bypassPending');
  const r1 = await stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
  const r2 = await stripe.refunds.create({ payment_intent: pi.id, amount: 200 });

  const dkk = await allTransactions({ currency: 'dkk' });
  assert.deepEqual(dkk.map((t) => t.type), ['refund', 'refund', 'charge']);
  assert.deepEqual(dkk.map((t) => t.source), [r2.id, r1.id, pi.latest_charge]);
  assert.deepEqual((await allTransactions({ currency: 'DKK', type: 'refund' })).map((t) => t.source), [r2.id, r1.id]);
  assert.deepEqual((await allTransactions({ source: r1.id })).map((t) => t.amount), [-100]);
  assert.ok((await allTransactions({ type: 'refund' })).every((t) => t.type === 'refund'));

  const page = await stripe.balanceTransactions.list({ currency: 'dkk', limit: 2 });
  assert.equal(page.has_more, true);
  assert.equal(page.url, '/v1/balance_transactions');
  const rest = await stripe.balanceTransactions.list({ currency: 'dkk', limit: 2, starting_after: page.data[1].id });
  assert.deepEqual(rest.data.map((t) => t.id), [dkk[2].id]);
  const created = await stripe.balanceTransactions.list({ currency: 'dkk', created: { gte: dkk[2].created } });
  assert.equal(created.data.length, 3);

  const expanded = await stripe.balanceTransactions.list({ currency: 'dkk', expand: ['data.source'] });
  assert.deepEqual(expanded.data.map((t) => t.source.object), ['refund', 'refund', 'charge']);
  assert.equal(expanded.data[2].source.id, pi.latest_charge);

  await assert.rejects(stripe.balanceTransactions.retrieve('txn_missing'), (e) => e.statusCode === 404 && e.code === 'resource_missing');
  await assert.rejects(stripe.balanceTransactions.list({ payout: 'po_1' }), (e) => e.statusCode === 400);
});

test('the ledger invariant: the balance equals the sum of its transactions, pending and available', async () => {
  // Some more movement, pending and available, including a failed refund.
  await pay(1234, 'usd');
  const failing = await pay(2222, 'usd', 'pm_card_refundFail');
  await stripe.refunds.create({ payment_intent: failing.id, amount: 1000 });

  const check = async () => {
    // A consistent pair: the balance did not move while the transactions were read.
    const before = await stripe.balance.retrieve();
    const txns = await allTransactions();
    const after = await stripe.balance.retrieve();
    if (JSON.stringify(before) !== JSON.stringify(after)) return false;
    const sums = {};
    for (const t of txns) {
      assert.equal(t.net, t.amount - t.fee, t.id);
      const key = `${t.currency}/${t.status}`;
      sums[key] = (sums[key] ?? 0) + t.net;
    }
    const shown = {};
    for (const status of ['available', 'pending'])
      for (const row of after[status]) {
        assert.equal(row.amount, Object.values(row.source_types).reduce((a, b) => a + b, 0));
        if (row.amount !== 0) shown[`${row.currency}/${status}`] = row.amount;
      }
    for (const k of Object.keys(sums)) if (sums[k] === 0) delete sums[k];
    assert.deepEqual(shown, sums);
    return true;
  };
  await eventually(check, { message: 'a consistent read' });
  // And once every release and the refund failure have run.
  await eventually(async () => {
    const b = await stripe.balance.retrieve();
    const r = (await stripe.refunds.list({ payment_intent: failing.id })).data[0];
    return b.pending.every((row) => row.amount === 0) && r.status === 'failed';
  }, { timeoutMs: 10000, message: 'all funds available' });
  await eventually(check, { message: 'a consistent read after the releases' });
});
