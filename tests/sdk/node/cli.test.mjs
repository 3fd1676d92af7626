// The webhook command-line tools against a real intentd: `intentd listen` (temporary endpoint,
// relay, forwarding with the original signature, per-delivery log lines, clean-up on SIGINT)
// and `intentd events resend`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import Stripe from 'stripe';
import { INTENTD_BIN, startServer } from './harness.mjs';
import { startReceiver } from './receiver.mjs';

const WAIT_MS = 10000;

// The environment without any key, so only --api-key (or what a test adds) counts.
function envWithoutKeys(extra = {}) {
  const env = { ...process.env, ...extra };
  if (!('INTENTD_API_KEY' in extra)) delete env.INTENTD_API_KEY;
  if (!('STRIPE_API_KEY' in extra)) delete env.STRIPE_API_KEY;
  return env;
}

// Spawns `intentd <args>`, collecting its output; `waitForStdout(re)` resolves with the first
// match of `re` in stdout so far or later.
function spawnCli(args, { env = envWithoutKeys() } = {}) {
  const child = spawn(INTENTD_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const out = { stdout: '', stderr: '' };
  const waiters = new Set();
  const check = () => {
    for (const w of [...waiters]) {
      const m = out.stdout.match(w.re);
      if (m) { waiters.delete(w); clearTimeout(w.timer); w.resolve(m); }
    }
  };
  child.stdout.on('data', (d) => { out.stdout += d; check(); });
  child.stderr.on('data', (d) => { out.stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    out,
    exited,
    waitForStdout(re, timeoutMs = WAIT_MS) {
      return new Promise((resolve, reject) => {
        const w = { re, resolve };
        w.timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`no ${re} on stdout within ${timeoutMs} ms\nstdout: ${out.stdout}\nstderr: ${out.stderr}`));
        }, timeoutMs);
        waiters.add(w);
        check();
        exited.then(({ code, signal }) => {
          if (!waiters.has(w)) return;
          waiters.delete(w);
          clearTimeout(w.timer);
          reject(new Error(`intentd ${args[0]} exited (code ${code}, signal ${signal}) before ${re}\n` +
            `stdout: ${out.stdout}\nstderr: ${out.stderr}`));
        });
      });
    },
    // Kills the process if a test failed half-way; harmless once it has exited.
    kill() { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); },
  };
}

// Resolves with the exit once the process ends; rejects if it takes longer than `timeoutMs`.
async function exitOf(proc, timeoutMs = WAIT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms\n` +
      `stdout: ${proc.out.stdout}\nstderr: ${proc.out.stderr}`)), timeoutMs);
  });
  try {
    return await Promise.race([proc.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('listen forwards signed deliveries, logs them, and removes its endpoint on SIGINT', async () => {
  const server = await startServer();
  const receiver = await startReceiver();
  const target = `http://127.0.0.1:${receiver.port}/hook`;
  const listen = spawnCli(['listen', '--forward-to', target, '--api-key', server.secretKey,
    '--server', `http://127.0.0.1:${server.port}`, '--events', 'customer.created']);
  try {
    const [, secret] = await listen.waitForStdout(/Ready! Your webhook signing secret is (whsec_\S+) \(\^C to quit\)/);
    const stripe = server.stripe();

    const endpoints = await stripe.webhookEndpoints.list();
    assert.equal(endpoints.data.length, 1);
    assert.equal(endpoints.data[0].description, 'intentd listen');
    assert.deepEqual(endpoints.data[0].enabled_events, ['customer.created']);
    assert.match(endpoints.data[0].url, /^http:\/\/127\.0\.0\.1:\d+\//);

    const customer = await stripe.customers.create({ email: 'listen@example.com' });
    const delivery = await receiver.waitFor(
      (r) => r.json?.type === 'customer.created' && r.json?.data?.object?.id === customer.id,
      { timeoutMs: WAIT_MS, what: `customer.created for ${customer.id}` });
    assert.equal(delivery.method, 'POST');
    assert.equal(delivery.path, '/hook');
    assert.match(delivery.headers['content-type'], /^application\/json\b/);
    const header = delivery.headers['stripe-signature'];
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);

    // The relay passes intentd's signature through untouched, so the listen secret verifies it.
    const event = Stripe.webhooks.constructEvent(delivery.rawBody, header, secret);
    assert.equal(event.type, 'customer.created');
    assert.equal(event.data.object.email, 'listen@example.com');
    assert.throws(() => Stripe.webhooks.constructEvent(delivery.rawBody, header, 'whsec_wrong'));

    await listen.waitForStdout(new RegExp(`--> customer\\.created \\[${event.id}\\]`));
    await listen.waitForStdout(new RegExp(
      `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +<-- \\[200\\] POST ${escapeRe(target)} \\[${event.id}\\]$`, 'm'));

    listen.child.kill('SIGINT');
    const { code, signal } = await exitOf(listen);
    assert.equal(signal, null, listen.out.stderr);
    assert.equal(code, 0, listen.out.stderr);
    assert.deepEqual((await stripe.webhookEndpoints.list()).data, []);
  } finally {
    listen.kill();
    await receiver.close();
    await server.stop();
  }
});

test('listen answers intentd with 502 and logs the error when the target is unreachable', async () => {
  const server = await startServer();
  // A port that was free a moment ago: connections to it are refused.
  const gone = await startReceiver();
  const target = `http://127.0.0.1:${gone.port}/hook`;
  await gone.close();
  const listen = spawnCli(['listen', '--forward-to', target, '--server', `http://127.0.0.1:${server.port}`],
    { env: envWithoutKeys({ INTENTD_API_KEY: server.secretKey }) });
  try {
    await listen.waitForStdout(/Ready! Your webhook signing secret is whsec_/);
    const stripe = server.stripe();
    const [endpoint] = (await stripe.webhookEndpoints.list()).data;
    assert.deepEqual(endpoint.enabled_events, ['*']);
    await stripe.customers.create({ name: 'nobody home' });
    const [, eventId] = await listen.waitForStdout(/--> customer\.created \[(evt_\w+)\]/);
    await listen.waitForStdout(new RegExp(`<-- \\[ERROR\\] POST ${escapeRe(target)} \\[${eventId}\\]: .+`));
    // The delivery failed, so intentd keeps it pending for a retry.
    const event = await stripe.events.retrieve(eventId);
    assert.equal(event.pending_webhooks, 1);

    listen.child.kill('SIGTERM');
    assert.equal((await exitOf(listen)).code, 0, listen.out.stderr);
    assert.deepEqual((await stripe.webhookEndpoints.list()).data, []);
  } finally {
    listen.kill();
    await server.stop();
  }
});

test('listen without an API key exits 2 and says how to give one', async () => {
  const listen = spawnCli(['listen', '--forward-to', 'http://127.0.0.1:9/hook', '--server', 'http://127.0.0.1:9']);
  try {
    const { code } = await exitOf(listen);
    assert.equal(code, 2);
    assert.match(listen.out.stderr, /no API key/);
    assert.match(listen.out.stderr, /--api-key/);
    assert.match(listen.out.stderr, /INTENTD_API_KEY/);
    assert.equal(listen.out.stdout, '');
  } finally {
    listen.kill();
  }
});

test('listen reports an endpoint the server refuses and exits 1', async () => {
  const server = await startServer();
  const listen = spawnCli(['listen', '--forward-to', 'http://127.0.0.1:9/hook', '--api-key', server.secretKey,
    '--server', `http://127.0.0.1:${server.port}`, '--events', 'customer.created,no.such_event']);
  try {
    assert.equal((await exitOf(listen)).code, 1);
    assert.match(listen.out.stderr, /no\.such_event/);
    assert.deepEqual((await server.stripe().webhookEndpoints.list()).data, []);
  } finally {
    listen.kill();
    await server.stop();
  }
});

test('events resend delivers the same event again, to all matching endpoints or to one', async () => {
  const server = await startServer();
  const receiver = await startReceiver();
  try {
    const stripe = server.stripe();
    const endpoint = await stripe.webhookEndpoints.create({
      url: `http://127.0.0.1:${receiver.port}/resend`, enabled_events: ['customer.created'],
    });
    const customer = await stripe.customers.create({ name: 'resend me' });
    const first = await receiver.waitFor(
      (r) => r.json?.type === 'customer.created' && r.json?.data?.object?.id === customer.id,
      { timeoutMs: WAIT_MS, what: `customer.created for ${customer.id}` });
    const eventId = first.json.id;
    const cli = (...args) => spawnCli(['events', 'resend', ...args, '--api-key', server.secretKey,
      '--server', `http://127.0.0.1:${server.port}`]);

    const all = cli(eventId);
    assert.equal((await exitOf(all)).code, 0, all.out.stderr);
    assert.match(all.out.stdout, new RegExp(`^Resent ${eventId} \\(customer\\.created\\) .+\\n$`));
    await receiver.waitFor((r) => receiver.deliveriesOf(eventId).length >= 2,
      { timeoutMs: WAIT_MS, what: `a second delivery of ${eventId}` });

    const one = cli(eventId, '--webhook-endpoint', endpoint.id);
    assert.equal((await exitOf(one)).code, 0, one.out.stderr);
    assert.match(one.out.stdout, new RegExp(`Resent ${eventId} \\(customer\\.created\\) to webhook endpoint ${endpoint.id}`));
    await receiver.waitFor((r) => receiver.deliveriesOf(eventId).length >= 3,
      { timeoutMs: WAIT_MS, what: `a third delivery of ${eventId}` });

    const second = receiver.deliveriesOf(eventId)[1];
    assert.equal(second.json.id, eventId);
    assert.equal(second.json.data.object.id, customer.id);
    Stripe.webhooks.constructEvent(second.rawBody, second.headers['stripe-signature'], endpoint.secret);

    const missing = cli('evt_doesnotexist');
    assert.equal((await exitOf(missing)).code, 1);
    assert.match(missing.out.stderr, /No such event: 'evt_doesnotexist'/);
    assert.equal(missing.out.stdout, '');

    const wrongEndpoint = cli(eventId, '--webhook-endpoint', 'we_doesnotexist');
    assert.equal((await exitOf(wrongEndpoint)).code, 1);
    assert.match(wrongEndpoint.out.stderr, /we_doesnotexist/);
  } finally {
    await receiver.close();
    await server.stop();
  }
});

test('events resend with a bad key prints the API error and exits 1', async () => {
  const server = await startServer();
  try {
    const resend = spawnCli(['events', 'resend', 'evt_123', '--server', `http://127.0.0.1:${server.port}`],
      { env: envWithoutKeys({ STRIPE_API_KEY: 'sk_test_notarealkey' }) });
    assert.equal((await exitOf(resend)).code, 1);
    assert.match(resend.out.stderr, /Invalid API Key provided/);
  } finally {
    await server.stop();
  }
});
