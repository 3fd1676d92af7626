// bench/receiver.mjs — a fast local webhook receiver for bench/webhooks.sh.
//
//   node bench/receiver.mjs            prints "receiver listening on http://127.0.0.1:PORT"
//
// Every POST (any path) is read to its end and answered 200 `{}` at once, on a kept-alive
// connection. Nothing is verified: the point is to cost the server as little as possible.
// Control and stats (GET or POST):
//   /count    {"count", "unique", "unsigned", "connections", "held", "first_ms", "last_ms",
//              "now_ms", "released_ms", "released", "cpu_ms"} as one line of JSON:
//              count       POSTs received              unique  distinct event ids among them
//              unsigned    POSTs without a Stripe-Signature header (should stay 0)
//              connections TCP connections that carried POSTs (compare with count: reuse or
//                          churn)
//              first_ms/last_ms  arrival of the first/latest POST, now_ms  the time of this
//              answer, released_ms  the last /release; all on this process's monotonic clock
//              (ms), so the bench can time deliveries without its own polling granularity;
//              released    POSTs the last /release answered
//              cpu_ms      CPU time this process has used (user + system): if it grows
//                          nearly as fast as now_ms, the receiver is the bottleneck
//   /hold     from now on, POSTs are counted on arrival but not answered
//   /release  answers every held POST, then answers at once again
// The event id is taken from the start of the body (intentd serializes "id" first), so
// duplicates (retries, redeliveries) show as count > unique.
import http from "node:http";
import { performance } from "node:perf_hooks";

let count = 0;
let unsigned = 0;
let connections = 0;
let firstMs = null;
let lastMs = null;
let releasedMs = null;
let releasedCount = 0;
let holding = false;
let held = [];
const seen = new Set();
const ID = /"id":"(evt_[A-Za-z0-9_]+)"/;
const OK = "{}";

function answer(res) {
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": OK.length });
  res.end(OK);
}

function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function stats() {
  const ms = (v) => (v === null ? null : Math.round(v * 1000) / 1000);
  return JSON.stringify({
    count, unique: seen.size, unsigned, connections, held: held.length,
    first_ms: ms(firstMs), last_ms: ms(lastMs), now_ms: ms(performance.now()),
    released_ms: ms(releasedMs), released: releasedCount, cpu_ms: ms(cpuMs()),
  }) + "\n";
}

function control(path, res) {
  if (path === "/hold") {
    holding = true;
  } else if (path === "/release") {
    holding = false;
    releasedMs = performance.now();
    const waiting = held;
    held = [];
    releasedCount = waiting.length;
    for (const r of waiting) if (!r.destroyed) answer(r);
  } else if (path !== "/count") {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "Content-Type": "application/json" }).end(stats());
}

const server = http.createServer({ keepAliveTimeout: 120_000, requestTimeout: 0 }, (req, res) => {
  if (req.method !== "POST") {
    control(req.url.split("?")[0], res);
    return;
  }
  if (req.url === "/hold" || req.url === "/release" || req.url === "/count") {
    req.resume();
    req.on("end", () => control(req.url, res));
    return;
  }
  const now = performance.now();
  count++;
  if (firstMs === null) firstMs = now;
  lastMs = now;
  if (!req.headers["stripe-signature"]) unsigned++;
  if (!req.socket.benchCounted) {
    req.socket.benchCounted = true;
    connections++;
  }
  let head = "";
  req.setEncoding("latin1");
  req.on("data", (chunk) => {
    if (head.length < 128) head += chunk.slice(0, 128);
  });
  req.on("end", () => {
    const m = ID.exec(head);
    if (m) seen.add(m[1]);
    if (holding) held.push(res);
    else answer(res);
  });
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.maxRequestsPerSocket = 0;

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 500).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`receiver listening on http://127.0.0.1:${server.address().port}\n`);
});
