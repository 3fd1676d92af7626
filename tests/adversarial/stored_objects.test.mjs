// Header bytes that are not UTF-8 (Idempotency-Key, Host, User-Agent) once went into stored
// objects and left them unreadable: 500 on every read, list and cancel from then on. Each case
// sends the bytes on a raw socket, asserts the answer, and then that every object involved (and
// the whole database, through `intentd check`) still reads back. Links come from the configured
// public URL, never from Host. Also: what a publishable key sees in error bodies, and which
// error answers an idempotency key keeps.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { INTENTD_BIN, startServer, stripeError } from '../sdk/node/harness.mjs';
import { openPage, pathOf, sepa } from '../sdk/node/checkout_helpers.mjs';

let server;
let stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(async () => {
  // Nothing any test stored is unreadable.
  const { stdout } = await promisify(execFile)(INTENTD_BIN, ['check', '--db', server.dbPath]);
  assert.match(stdout, / 0 unreadable/);
  await server?.stop();
});

// One exchange on a fresh connection with the exact bytes given (`head` lines are latin1, so
// '\xff' is the byte 0xFF). Resolves with { status, headers, text, json }.
function rawExchange(port, head, body = '') {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.concat([
      Buffer.from(`${head.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`, 'latin1'),
      Buffer.from(body),
    ]);
    const sock = net.connect(port, '127.0.0.1', () => sock.end(bytes));
    const chunks = [];
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', reject);
    sock.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const lines = all.subarray(0, split).toString('latin1').split('\r\n');
      const headers = {};
      for (const l of lines.slice(1)) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
      const text = all.subarray(split + 4).toString('utf8');
      let json;
      try { json = JSON.parse(text); } catch { json = undefined; }
      resolve({ status: Number(lines[0].split(' ')[1]), headers, text, json });
    });
  });
}

const auth = () => `Authorization: Bearer ${server.secretKey}`;
const postForm = (path, body, extra = []) => rawExchange(server.port, [
  `POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', auth(), 'Content-Type: application/x-www-form-urlencoded', ...extra,
], body);

test('an Idempotency-Key that is not UTF-8 text is a 400 and is stored nowhere', async () => {
  for (const key of ['\xff\xfe', 'ok\tctl']) {
    const res = await postForm('/v1/customers', 'name=idem', [`Idempotency-Key: ${key}`]);
    assert.equal(res.status, 400, res.text);
    const e = stripeError(assert, res);
    assert.equal(e.type, 'invalid_request_error');
    assert.match(e.message, /Idempotency-Key/);
    assert.equal(res.headers['idempotency-key'], undefined, 'the bad key is not echoed');
  }
  // Nothing was created, and every event still reads back.
  const events = await stripe.events.list({ limit: 100 });
  for (const ev of events.data) await stripe.events.retrieve(ev.id);
  // A GET ignores the key (Stripe does) but never echoes it either.
  const get = await rawExchange(server.port, ['GET /v1/customers HTTP/1.1', 'Host: 127.0.0.1', auth(), 'Idempotency-Key: \xff']);
  assert.equal(get.status, 200);
  assert.equal(get.headers['idempotency-key'], undefined);
});

test('Host is never used for links: a 3-D Secure PaymentIntent made with Host: ev\\xffil reads, lists and cancels', async () => {
  for (const host of ['ev\xffil', 'evil.example']) {
    const hostile = await rawExchange(server.port, [
      'POST /v1/payment_intents HTTP/1.1', `Host: ${host}`, auth(), 'Content-Type: application/x-www-form-urlencoded',
    ], 'amount=1000&currency=usd&payment_method=pm_card_authenticationRequired&confirm=true&return_url=https%3A%2F%2Fshop.example%2Fback');
    assert.equal(hostile.status, 200, hostile.text);
    const url = hostile.json.next_action.redirect_to_url.url;
    assert.ok(url.startsWith(`http://127.0.0.1:${server.port}/intentd/authenticate/`), url);
    const pi = await stripe.paymentIntents.retrieve(hostile.json.id);
    assert.equal(pi.status, 'requires_action');
    const listed = await stripe.paymentIntents.list({ limit: 100 });
    assert.ok(listed.data.some((p) => p.id === pi.id));
    assert.equal((await stripe.paymentIntents.cancel(pi.id)).status, 'canceled');
  }
});

test('a Checkout Session made with a hostile Host links to this server; the list still reads', async () => {
  const res = await rawExchange(server.port, [
    'POST /v1/checkout/sessions HTTP/1.1', 'Host: ev\xffil', auth(), 'Content-Type: application/x-www-form-urlencoded',
  ], 'mode=payment&success_url=https%3A%2F%2Fshop.example%2Fok&line_items[0][quantity]=1'
    + '&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=500'
    + '&line_items[0][price_data][product_data][name]=Tea');
  assert.equal(res.status, 200, res.text);
  assert.ok(res.json.url.startsWith(`http://127.0.0.1:${server.port}/intentd/checkout/`), res.json.url);
  const listed = await stripe.checkout.sessions.list({ limit: 100 });
  assert.ok(listed.data.some((s) => s.id === res.json.id));
});

test('a User-Agent that is not UTF-8 on the unauthenticated Checkout page makes a readable mandate', async () => {
  const customer = await stripe.customers.create({ email: 'ua@example.com' });
  const session = await stripe.checkout.sessions.create({
    mode: 'setup', currency: 'eur', customer: customer.id, payment_method_types: ['sepa_debit'],
    success_url: 'https://shop.example/ok',
  });
  const html = await openPage(server, session);
  const form = html.match(/<form[^>]*\bid="checkout"[^>]*>/)[0];
  const action = form.match(/action="([^"]*)"/)[1].replace(/&amp;/g, '&');
  const body = new URLSearchParams(sepa('DE89370400440532013000')).toString();
  const res = await rawExchange(server.port, [
    `POST ${pathOf(new URL(action, session.url).href)} HTTP/1.1`, 'Host: 127.0.0.1',
    'Content-Type: application/x-www-form-urlencoded', `User-Agent: Mozilla\xff/5.0 \t${'x'.repeat(2000)}`,
  ], body);
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent'] });
  const mandate = await stripe.mandates.retrieve(done.setup_intent.mandate);
  const ua = mandate.customer_acceptance.online.user_agent;
  assert.ok(ua.startsWith('Mozilla\ufffd/5.0 xxx'), ua.slice(0, 40));
  assert.ok(Buffer.byteLength(ua) <= 512, `cut to 512 bytes, got ${Buffer.byteLength(ua)}`);
});

test('links follow --public-url', async () => {
  const other = await startServer({ args: ['--public-url', 'https://pay.test.example/'] });
  try {
    const s = other.stripe();
    const pi = await s.paymentIntents.create({
      amount: 1000, currency: 'usd', payment_method: 'pm_card_authenticationRequired', confirm: true,
      return_url: 'https://shop.example/back',
    });
    assert.ok(pi.next_action.redirect_to_url.url.startsWith('https://pay.test.example/intentd/authenticate/'),
      pi.next_action.redirect_to_url.url);
  } finally {
    await other.stop();
  }
});

test('a publishable key sees the same cut-down PaymentIntent in error bodies as in answers', async () => {
  const customer = await stripe.customers.create({ name: 'Private' });
  const pk = server.stripe({ key: server.publishableKey });
  const secret = { customer: customer.id, metadata: { internal: 'yes' }, description: 'kept' };
  // 400 payment_intent_unexpected_state on a confirm of a succeeded intent.
  const paid = await stripe.paymentIntents.create({ amount: 700, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, ...secret });
  const unexpected = await pk.paymentIntents.confirm(paid.id, { client_secret: paid.client_secret }).catch((e) => e);
  assert.equal(unexpected.raw?.code, 'payment_intent_unexpected_state');
  // 402 decline on a client-side confirm.
  const open = await stripe.paymentIntents.create({ amount: 700, currency: 'usd', ...secret });
  const declined = await pk.paymentIntents.confirm(open.id, { client_secret: open.client_secret, payment_method: 'pm_card_chargeDeclined' }).catch((e) => e);
  assert.equal(declined.statusCode, 402);
  const answer = await pk.paymentIntents.retrieve(open.id, { client_secret: open.client_secret });
  for (const e of [unexpected, declined]) {
    const shown = e.raw.payment_intent;
    assert.ok(shown, 'the error carries the intent');
    for (const hidden of ['customer', 'metadata', 'latest_charge', 'amount_received', 'on_behalf_of'])
      assert.equal(shown[hidden], undefined, `${hidden} is not shown to a publishable key`);
    assert.ok(shown.client_secret);
  }
  assert.deepEqual(Object.keys(declined.raw.payment_intent).sort(), Object.keys(answer).sort());
});

test('a publishable key sees the cut-down SetupIntent in error bodies too', async () => {
  const customer = await stripe.customers.create({ name: 'Private' });
  const si = await stripe.setupIntents.create({ customer: customer.id, metadata: { internal: 'yes' }, payment_method: 'pm_card_visa', confirm: true });
  assert.equal(si.status, 'succeeded');
  const pk = server.stripe({ key: server.publishableKey });
  const e = await pk.setupIntents.confirm(si.id, { client_secret: si.client_secret }).catch((err) => err);
  assert.equal(e.raw?.code, 'setup_intent_unexpected_state');
  assert.ok(e.raw.setup_intent);
  assert.equal(e.raw.setup_intent.customer, undefined);
  assert.equal(e.raw.setup_intent.metadata, undefined);
});

test('an idempotency key keeps no validation error: the corrected retry goes through', async () => {
  const key = `fix-${Date.now()}`;
  const bad = await stripe.paymentIntents.create({ amount: 0, currency: 'usd' }, { idempotencyKey: key }).catch((e) => e);
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.raw.param, 'amount');
  const good = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, { idempotencyKey: key });
  assert.equal(good.amount, 1000);
  // What executed is kept: a decline (402) replays as it was.
  const declineKey = `decline-${Date.now()}`;
  const params = { amount: 1000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true };
  const first = await stripe.paymentIntents.create(params, { idempotencyKey: declineKey }).catch((e) => e);
  const again = await stripe.paymentIntents.create(params, { idempotencyKey: declineKey }).catch((e) => e);
  assert.equal(first.statusCode, 402);
  assert.equal(again.statusCode, 402);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal(again.raw.payment_intent.id, first.raw.payment_intent.id);
});
