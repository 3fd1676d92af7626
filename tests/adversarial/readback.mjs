// After an adversarial file has thrown its worst at a server, every stored object must still
// read back: each resource is listed through the API, page by page, and every listed id is
// retrieved on its own. A stored object that no longer renders (a 500, a truncated or
// non-JSON body, an id that lists but does not retrieve) fails the file.
import assert from 'node:assert/strict';
import http from 'node:http';
import { bearer } from '../sdk/node/harness.mjs';

// Top-level lists and how to retrieve one listed item. `path` may be a function of the item
// when the object lives under another (a checkout session's line items, ...).
const LISTS = [
  { list: '/v1/customers', object: 'customer' },
  { list: '/v1/payment_intents', object: 'payment_intent' },
  { list: '/v1/setup_intents', object: 'setup_intent' },
  { list: '/v1/events', object: 'event' },
  { list: '/v1/checkout/sessions', object: 'checkout.session' },
  { list: '/v1/charges', object: 'charge' },
  { list: '/v1/refunds', object: 'refund' },
  { list: '/v1/products', object: 'product' },
  { list: '/v1/prices', object: 'price' },
  { list: '/v1/webhook_endpoints', object: 'webhook_endpoint' },
  { list: '/v1/balance_transactions', object: 'balance_transaction' },
];

const PAGE = 100;

// GET over one keep-alive agent; resolves { status, text, json }.
function get(agent, port, key, target) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, headers: bearer(key), agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function ok(res, what) {
  assert.equal(res.status, 200, `${what}: ${res.text.slice(0, 300)}`);
  assert.ok(res.json && typeof res.json === 'object', `${what}: not JSON: ${res.text.slice(0, 300)}`);
  return res.json;
}

// Every item of a v2 list, following next_page_url until it is null.
async function listAllV2(fetch, base) {
  const items = [];
  let target = `${base}?limit=${PAGE}`;
  for (let page = 0; target; page++) {
    assert.ok(page < 10_000, `${base}: pagination does not end`);
    const body = ok(await fetch(target), `GET ${target}`);
    assert.ok(Array.isArray(body.data), `GET ${target}: data`);
    items.push(...body.data);
    target = body.next_page_url;
    if (target) assert.ok(body.data.length > 0, `GET ${target}: a next page after an empty one`);
  }
  const ids = items.map((o) => o.id);
  assert.equal(new Set(ids).size, ids.length, `${base}: pagination repeated an id`);
  return items;
}

// Every item of a v1 list, following starting_after until has_more is false.
async function listAll(fetch, base) {
  const items = [];
  const sep = base.includes('?') ? '&' : '?';
  let after;
  for (let page = 0; ; page++) {
    assert.ok(page < 10_000, `${base}: pagination does not end`);
    const target = `${base}${sep}limit=${PAGE}${after ? `&starting_after=${encodeURIComponent(after)}` : ''}`;
    const body = ok(await fetch(target), `GET ${target}`);
    assert.equal(body.object, 'list', `GET ${target}: object`);
    assert.ok(Array.isArray(body.data), `GET ${target}: data`);
    items.push(...body.data);
    if (!body.has_more) break;
    assert.ok(body.data.length > 0, `GET ${target}: has_more with an empty page`);
    after = body.data.at(-1).id;
  }
  const ids = items.map((o) => o.id);
  assert.equal(new Set(ids).size, ids.length, `${base}: pagination repeated an id`);
  return items;
}

// Lists every resource of the server's account and retrieves every listed id; returns the
// number of objects read per list (so a caller can assert that something was checked).
export async function assertAllReadable(server) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const fetch = (target) => get(agent, server.port, server.secretKey, target);
  const counts = {};
  try {
    for (const { list, object } of LISTS) {
      const items = await listAll(fetch, list);
      counts[list] = items.length;
      await Promise.all(items.map(async (item) => {
        assert.equal(item.object, object, `${list}: listed object type of ${item.id}`);
        const one = ok(await fetch(`${list}/${encodeURIComponent(item.id)}`), `GET ${list}/${item.id}`);
        assert.equal(one.id, item.id);
        assert.equal(one.object, object);
      }));
      if (list === '/v1/customers') {
        // Payment methods live under their customer.
        let pms = 0;
        for (const c of items) {
          const base = `/v1/customers/${encodeURIComponent(c.id)}/payment_methods`;
          const methods = await listAll(fetch, base);
          pms += methods.length;
          for (const pm of methods) {
            ok(await fetch(`${base}/${encodeURIComponent(pm.id)}`), `GET ${base}/${pm.id}`);
            const direct = ok(await fetch(`/v1/payment_methods/${encodeURIComponent(pm.id)}`), `GET /v1/payment_methods/${pm.id}`);
            assert.equal(direct.customer, c.id, `${pm.id}: customer`);
          }
        }
        counts['/v1/customers/:id/payment_methods'] = pms;
      }
      if (list === '/v1/checkout/sessions') {
        for (const s of items)
          await listAll(fetch, `/v1/checkout/sessions/${encodeURIComponent(s.id)}/line_items`);
      }
    }
    for (const [list, object] of [['/v2/core/event_destinations', 'v2.core.event_destination'], ['/v2/core/events', undefined]]) {
      const items = await listAllV2(fetch, list);
      counts[list] = items.length;
      await Promise.all(items.map(async (item) => {
        const one = ok(await fetch(`${list}/${encodeURIComponent(item.id)}`), `GET ${list}/${item.id}`);
        assert.equal(one.id, item.id);
        if (object) assert.equal(one.object, object);
      }));
    }
    ok(await fetch('/v1/balance'), 'GET /v1/balance');
  } finally {
    agent.destroy();
  }
  return counts;
}
