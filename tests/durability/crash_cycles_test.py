#!/usr/bin/env python3
"""Crash cycles: mixed payment load, kill -9 three times, restart on the same database.

Several threads run a mix of writes over keep-alive connections, each with an idempotency
key: customers, PaymentIntents created with confirm=true (pm_card_visa, automatic capture),
manual-capture intents then captured in full or in part or canceled, and refunds (full and
partial). Two webhook endpoints point at a local receiver (one for every event, one for a few
types), and a short funds-available delay keeps the balance release job busy. Mid-load the
server gets SIGKILL; then, before the restart, a copy of the database passes
PRAGMA integrity_check; after the restart:

- each request a thread had in flight at the kill is sent again with its idempotency key and
  must succeed (a replay of what was committed, or the first run of what was not), and no
  create happened twice;
- every acknowledged (2xx) object reads back with its acknowledged state: customer email,
  intent status, amount_received, amount_capturable, charge amount_captured / amount_refunded,
  refund status and amount;
- no PaymentIntent is in a state Stripe's machine cannot reach (succeeded with nothing
  received, canceled with captured money, requires_capture with nothing capturable, a charge
  refunded beyond its capture, ...);
- each acknowledged object's creation event exists, once;
- the balance (available + pending, per currency) equals the sum of the balance transactions'
  net amounts, bucket by bucket, and every capture and refund has its transactions.

After the last cycle, once every event's pending_webhooks is 0, each endpoint got each event its
enabled_events match (and nothing else) at least once, with exactly one successful attempt
recorded; more than once only where a kill came between the receiver's 200 and the commit of
that success (a later life sends it again) or after a recorded failed attempt (a retry):
never twice from one server life otherwise, never after its success was recorded.

Python standard library plus Debian's python3-stripe (the reads after each restart go through
it). Exit status 0 on success, 1 on failure.
"""
import http.client
import json
import math
import os
import random
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "sdk", "python"))

import stripe  # noqa: E402  (Debian python3-stripe)

from harness import Server, eventually  # noqa: E402
from receiver import Receiver  # noqa: E402

THREADS = 6
CYCLES = 3
LOAD_SECONDS = (1.2, 2.2)  # each cycle's load window, drawn at random
SEED = int(os.environ.get("CRASH_CYCLES_SEED", time.time_ns() % 1_000_000))
SERVE_ARGS = ["--webhook-retry-schedule", "200ms,500ms,1s,2s,2s,2s",
              "--funds-available-after", "1s"]
CURRENCIES = ("usd", "eur", "jpy")
FILTERED_EVENTS = ["payment_intent.succeeded", "charge.refunded", "customer.created",
                   "payment_intent.canceled"]


class Failure(AssertionError):
    pass


def check(cond, message, *detail):
    if not cond:
        raise Failure(message + ("" if not detail else ": " + " ".join(repr(d)[:400] for d in detail)))


class Api:
    """One keep-alive connection; post() returns (status, json) or raises OSError when the
    server is gone."""

    def __init__(self, port, key):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.key = key

    def call(self, method, path, params=None, idem=None):
        headers = {"Authorization": "Bearer " + self.key}
        body = None
        if params is not None:
            body = urllib.parse.urlencode(params)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if idem:
            headers["Idempotency-Key"] = idem
        try:
            self.conn.request(method, path, body, headers)
            res = self.conn.getresponse()
            data = res.read()
        except (OSError, http.client.HTTPException) as e:
            self.conn.close()
            raise OSError("connection lost: %s" % e) from e
        return res.status, json.loads(data), res.getheader("Idempotent-Replayed")

    def close(self):
        self.conn.close()


class Model:
    """What the clients were told: objects by id with their acknowledged state, and the one
    request per thread whose answer the kill swallowed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.customers = {}  # id -> email
        self.intents = {}  # id -> dict(amount, currency, status, received, capturable, manual)
        self.refunds = {}  # id -> dict(pi, amount, status)
        self.emails = set()  # every email ever sent in a create (acked or not)
        self.in_flight = []  # (op, method, path, params, idem, ctx)
        self.acks = 0

    def refunded(self, pi):
        return sum(r["amount"] for r in self.refunds.values() if r["pi"] == pi)


def apply_ack(model, op, ctx, body):
    """Records the acknowledged answer of one operation in the model."""
    with model.lock:
        model.acks += 1
        if op == "customer":
            model.customers[body["id"]] = ctx["email"]
        elif op in ("pay", "authorize"):
            check(body["amount"] == ctx["amount"], "created amount", body)
            expected = "succeeded" if op == "pay" else "requires_capture"
            check(body["status"] == expected, "status after create+confirm", body["status"], body["id"])
            model.intents[body["id"]] = {
                "amount": ctx["amount"], "currency": ctx["currency"], "status": body["status"],
                "received": body["amount_received"], "capturable": body["amount_capturable"],
                "manual": op == "authorize", "owner": ctx["owner"]}
        elif op in ("capture", "cancel"):
            pi = model.intents[body["id"]]
            pi.update(status=body["status"], received=body["amount_received"],
                      capturable=body["amount_capturable"])
        elif op == "refund":
            check(body["status"] == "succeeded", "refund status", body)
            check(body["amount"] == ctx["amount"], "refund amount", body)
            model.refunds[body["id"]] = {"pi": ctx["pi"], "amount": ctx["amount"], "status": "succeeded"}


def expected_after(op, ctx, body, model):
    """Checks an acknowledged answer against what the operation must produce."""
    if op == "capture":
        pi = model.intents[ctx["pi"]]
        want = ctx["amount"] if ctx["amount"] is not None else pi["capturable"]
        check(body["status"] == "succeeded" and body["amount_received"] == want
              and body["amount_capturable"] == 0, "capture answer", want, body)
    if op == "cancel":
        check(body["status"] == "canceled" and body["amount_received"] == 0, "cancel answer", body)


def next_op(rng, model, owner):
    """Chooses one request for thread `owner`, from its own objects (so no two threads race
    on one object and every expected state is known). Returns (op, method, path, params, ctx)."""
    with model.lock:
        mine = [(i, p) for i, p in model.intents.items() if p["owner"] == owner]
        capturable = [i for i, p in mine if p["status"] == "requires_capture"]
        refundable = [i for i, p in mine
                      if p["status"] == "succeeded" and p["received"] - model.refunded(i) > 0]
        roll = rng.random()
        if capturable and roll < 0.3:
            pi = rng.choice(capturable)
            r = rng.random()
            if r < 0.15:
                return "cancel", "POST", "/v1/payment_intents/%s/cancel" % pi, {}, {"pi": pi}
            params, amount = {}, None
            if r < 0.6:
                amount = rng.randint(1, model.intents[pi]["capturable"])
                if model.intents[pi]["currency"] != "jpy":
                    amount = max(amount, 50)
                params["amount_to_capture"] = amount
            return "capture", "POST", "/v1/payment_intents/%s/capture" % pi, params, {"pi": pi, "amount": amount}
        if refundable and roll < 0.5:
            pi = rng.choice(refundable)
            left = model.intents[pi]["received"] - model.refunded(pi)
            amount = left if rng.random() < 0.4 else rng.randint(1, left)
            return "refund", "POST", "/v1/refunds", {"payment_intent": pi, "amount": amount}, {"pi": pi, "amount": amount}
    r = rng.random()
    if r < 0.3:
        email = "t%d-%d@example.com" % (owner, rng.getrandbits(40))
        with model.lock:
            model.emails.add(email)
        return "customer", "POST", "/v1/customers", {"email": email}, {"email": email}
    currency = rng.choice(CURRENCIES)
    amount = rng.randint(100, 50000)
    params = {"amount": amount, "currency": currency, "payment_method": "pm_card_visa",
              "confirm": "true", "payment_method_types[]": "card"}
    op = "pay"
    if r < 0.65:
        op = "authorize"
        params["capture_method"] = "manual"
    return op, "POST", "/v1/payment_intents", params, {"amount": amount, "currency": currency, "owner": owner}


def worker(owner, port, key, model, stop, errors, seed):
    rng = random.Random(seed)
    api = Api(port, key)
    n = 0
    try:
        while not stop.is_set():
            op, method, path, params, ctx = next_op(rng, model, owner)
            idem = "cc-%d-%d-%d" % (seed, owner, n)
            n += 1
            try:
                status, body, _ = api.call(method, path, params, idem)
            except OSError:
                with model.lock:  # the kill swallowed this one: resend it after the restart
                    model.in_flight.append((op, method, path, params, idem, ctx))
                return
            if status != 200:
                errors.append((op, path, params, status, body))
                return
            try:
                expected_after(op, ctx, body, model)
                apply_ack(model, op, ctx, body)
            except Failure as e:
                errors.append((op, path, params, status, str(e)))
                return
    finally:
        api.close()


def integrity_check(db_path, scratch):
    """PRAGMA integrity_check on a copy of the killed server's files (the database, its WAL
    and shared memory), so the restart itself recovers the original."""
    copy_dir = tempfile.mkdtemp(dir=scratch)
    copy = os.path.join(copy_dir, "copy.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db_path + suffix):
            shutil.copyfile(db_path + suffix, copy + suffix)
    conn = sqlite3.connect(copy)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()
        shutil.rmtree(copy_dir, ignore_errors=True)
    check(rows == [("ok",)], "PRAGMA integrity_check after kill -9", rows[:5])


def list_all(resource, **params):
    return list(resource.list(limit=100, **params).auto_paging_iter())


def resend_in_flight(server, model):
    """Each request the kill swallowed, again with its idempotency key: it must now succeed
    (replayed if it had committed) and leave the model fully acknowledged."""
    api = Api(server.port, server.secret_key)
    replayed = 0
    try:
        for op, method, path, params, idem, ctx in model.in_flight:
            status, body, was_replayed = api.call(method, path, params, idem)
            check(status == 200, "resending %s %s with its idempotency key" % (method, path), status, body)
            replayed += was_replayed == "true"
            expected_after(op, ctx, body, model)
            apply_ack(model, op, ctx, body)
    finally:
        api.close()
    model.in_flight = []
    return replayed


def verify(server, model):
    """Every acknowledged object with its acknowledged state, state-machine sanity, ledger."""
    server.configure_stripe()
    for cus_id, email in model.customers.items():
        c = stripe.Customer.retrieve(cus_id)
        check(c.email == email, "customer email", cus_id, c.email, email)
    # No create ran twice: each email belongs to exactly one customer.
    all_customers = list_all(stripe.Customer)
    by_email = {}
    for c in all_customers:
        by_email.setdefault(c.email, []).append(c.id)
    dupes = {e: ids for e, ids in by_email.items() if len(ids) > 1}
    check(not dupes, "customers created twice", dupes)
    check(set(by_email) <= model.emails, "customers nobody created", set(by_email) - model.emails)
    check(len(all_customers) == len(model.customers), "customer count", len(all_customers), len(model.customers))

    intents = {pi.id: pi for pi in list_all(stripe.PaymentIntent)}
    check(set(intents) == set(model.intents), "PaymentIntents listed vs acknowledged",
          set(intents) ^ set(model.intents))
    charges = {ch.id: ch for ch in list_all(stripe.Charge)}
    refunds = {re.id: re for re in list_all(stripe.Refund)}
    check(set(refunds) == set(model.refunds), "refunds listed vs acknowledged", set(refunds) ^ set(model.refunds))
    for pi_id, want in model.intents.items():
        pi = stripe.PaymentIntent.retrieve(pi_id)
        got = (pi.status, pi.amount, pi.amount_received, pi.amount_capturable)
        check(got == (want["status"], want["amount"], want["received"], want["capturable"]),
              "PaymentIntent state", pi_id, got, want)
        ch = charges.get(pi.latest_charge)
        check(ch is not None, "latest_charge listed", pi_id, pi.latest_charge)
        refunded = model.refunded(pi_id)
        captured = want["received"]
        # What a final capture or a cancel leaves uncaptured is released, and Stripe counts the
        # release in the charge's amount_refunded (the rest of it is real refunds).
        released = want["amount"] - captured if want["status"] in ("succeeded", "canceled") else 0
        check(ch.amount_captured == captured and ch.captured == (want["status"] == "succeeded"),
              "charge capture", ch.id, ch.amount_captured, ch.captured, want)
        check(ch.amount_refunded == released + refunded, "charge amount_refunded (released + refunds)", ch.id,
              ch.amount_refunded, released, refunded)
        check(ch.refunded == (ch.amount_refunded >= ch.amount), "charge refunded flag", ch.id, ch.refunded)
    for re_id, want in model.refunds.items():
        re = stripe.Refund.retrieve(re_id)
        check((re.status, re.amount, re.payment_intent) == (want["status"], want["amount"], want["pi"]),
              "refund state", re_id, re.status, re.amount, want)

    # States no machine can reach, over everything stored (not only what this test tracked).
    for pi in intents.values():
        s = pi.status
        if s == "succeeded":
            check(pi.amount_received > 0 and pi.amount_capturable == 0, "succeeded intent", pi.id, pi)
        elif s == "requires_capture":
            check(pi.amount_capturable > 0 and pi.amount_received == 0, "requires_capture intent", pi.id, pi)
        elif s == "canceled":
            check(pi.amount_received == 0 and pi.amount_capturable == 0 and pi.canceled_at, "canceled intent", pi.id, pi)
        else:
            check(False, "an intent in a status this load never leaves it in", pi.id, s)
        check(pi.amount_received <= pi.amount, "received more than authorized", pi.id)
    refunds_of = {}
    for re in refunds.values():
        if re.status in ("succeeded", "pending"):
            refunds_of[re.charge] = refunds_of.get(re.charge, 0) + re.amount
    for ch in charges.values():
        final = ch.captured or (intents.get(ch.payment_intent) is not None
                                and intents[ch.payment_intent].status == "canceled")
        released = ch.amount - ch.amount_captured if final else 0
        check(0 <= ch.amount_captured <= ch.amount and 0 <= ch.amount_refunded <= ch.amount,
              "charge amounts", ch.id, ch.amount_refunded, ch.amount_captured, ch.amount)
        check(refunds_of.get(ch.id, 0) <= ch.amount_captured, "refunded more than captured", ch.id)
        check(ch.amount_refunded == released + refunds_of.get(ch.id, 0), "charge amount_refunded vs its refunds",
              ch.id, ch.amount_refunded, released, refunds_of.get(ch.id, 0))
        pi = intents.get(ch.payment_intent)
        if pi is not None and pi.status == "canceled":
            check(not ch.captured and ch.amount_captured == 0, "captured charge of a canceled intent", ch.id)

    # Each acknowledged object's creation event is there, once (a replayed request emits nothing).
    created = {}
    for e in list_all(stripe.Event):
        if e.type in ("customer.created", "payment_intent.created", "refund.created"):
            key = (e.type, e.data.object.id)
            created[key] = created.get(key, 0) + 1
    dupes = [k for k, n in created.items() if n > 1]
    check(not dupes, "creation events emitted twice", dupes[:5])
    for kind, ids in (("customer.created", model.customers), ("payment_intent.created", model.intents),
                      ("refund.created", model.refunds)):
        missing = [i for i in ids if (kind, i) not in created]
        check(not missing, "acknowledged objects without their %s event" % kind, missing[:5])

    # The ledger: the balance equals the sum of the transactions' net amounts per currency,
    # and per bucket (available, pending) in a snapshot that the release job did not move
    # between the reads; each capture and each refund has its transactions.
    def snapshot():
        before = list_all(stripe.BalanceTransaction)
        balance = stripe.Balance.retrieve()
        after = list_all(stripe.BalanceTransaction)
        return before, balance, after
    for attempt in range(20):
        txns, balance, again = snapshot()
        if [(t.id, t.status) for t in txns] == [(t.id, t.status) for t in again]:
            break
    else:
        check(False, "the balance transactions kept changing while nothing was writing")
    sums, shown, by_source = {}, {}, {}
    for t in txns:
        check(t.net == t.amount - t.fee, "net = amount - fee", t.id, t.amount, t.fee, t.net)
        bucket = "pending" if t.status == "pending" else "available"
        sums[(t.currency, bucket)] = sums.get((t.currency, bucket), 0) + t.net
        sums[(t.currency, "total")] = sums.get((t.currency, "total"), 0) + t.net
        by_source.setdefault(t.source, []).append(t)
    for bucket in ("available", "pending"):
        for entry in balance[bucket]:
            shown[(entry.currency, bucket)] = shown.get((entry.currency, bucket), 0) + entry.amount
            shown[(entry.currency, "total")] = shown.get((entry.currency, "total"), 0) + entry.amount
    keys = set(sums) | set(shown)
    diff = {k: (shown.get(k, 0), sums.get(k, 0)) for k in keys if shown.get(k, 0) != sums.get(k, 0)}
    check(not diff, "balance (shown, sum of transactions) per (currency, bucket)", diff)
    for ch in charges.values():
        if ch.amount_captured:
            total = sum(t.amount for t in by_source.get(ch.id, []))
            check(total == ch.amount_captured, "charge transactions sum to amount_captured", ch.id, total, ch.amount_captured)
    for re_id, want in model.refunds.items():
        total = sum(t.amount for t in by_source.get(re_id, []))
        check(total == -want["amount"], "refund transaction", re_id, total, want["amount"])
    return len(txns)


def recorded_attempts(server):
    """(destination, event id) -> [(at_ms, status)]: the delivery attempts the server wrote."""
    conn = sqlite3.connect("file:%s?mode=ro" % server.db_path, uri=True)
    try:
        rows = conn.execute("SELECT destination, event_id, at_ms, status_code FROM webhook_attempts ORDER BY rid").fetchall()
    finally:
        conn.close()
    out = {}
    for dest, event_id, at_ms, status in rows:
        out.setdefault((dest, event_id), []).append((at_ms, status))
    return out


def signed_at(request):
    """The t= of a delivery's Stripe-Signature: when its sender signed it (whole seconds)."""
    for part in request.headers.get("stripe-signature", "").split(","):
        if part.startswith("t="):
            return int(part[2:])
    raise Failure("a delivery without a signature timestamp: %r" % request.headers)


def settle_webhooks(server, receiver, endpoints, restarts):
    """Waits for every delivery to settle, then checks each endpoint got each event it listens
    for, and nothing else. A delivery is attributed to the server life that signed it (restarts
    happen on whole seconds, so the signature's t tells lives apart). Within one life an event
    reaches an endpoint once, unless that life recorded a failed attempt (a retry); a second
    life may deliver it again only if no earlier life recorded its success (it was in flight
    at the kill). Returns (events, redeliveries across crashes, retries)."""
    server.configure_stripe()

    def settled():
        events = list_all(stripe.Event)
        return events if not [e.id for e in events if e.pending_webhooks] else None
    events = eventually(settled, timeout=20, message="every event's pending_webhooks reaching 0")
    attempts = recorded_attempts(server)

    def life_of(t):
        return sum(1 for r in restarts if t >= r)
    deliveries = {}
    for r in list(receiver.requests):
        ep = urllib.parse.parse_qs(urllib.parse.urlparse(r.path).query)["ep"][0]
        deliveries.setdefault((ep, (r.json or {}).get("id")), []).append(r)
    crash_dupes = retries = 0
    for ep, (we_id, enabled) in endpoints.items():
        for e in events:
            got = deliveries.pop((ep, e.id), [])
            wanted = enabled == ["*"] or e.type in enabled
            if not wanted:
                check(not got, "event delivered to an endpoint that does not listen for it", ep, e.type, e.id)
                continue
            check(got, "event never delivered", ep, e.type, e.id)
            for r in got:
                check(r.json["type"] == e.type and r.json["data"]["object"].get("id") == e.data.object.get("id"),
                      "delivered payload", e.id)
            tried = attempts.get((we_id, e.id), [])
            ok_at = [at for at, status in tried if 200 <= status < 300]
            check(len(ok_at) == 1, "one recorded successful attempt per delivered event", ep, e.id, tried)
            by_life = {}
            for r in got:
                by_life.setdefault(life_of(signed_at(r)), []).append(signed_at(r))
            detail = (ep, e.id, e.type, "signed at", [signed_at(r) for r in got], "restarts", restarts,
                      "attempts", tried)
            for life, times in by_life.items():
                failed_here = [at for at, status in tried
                               if not 200 <= status < 300 and life_of(at / 1000) == life]
                check(len(times) <= 1 + len(failed_here), "event delivered again within one server life", *detail)
                retries += len(times) - 1
            success_life = life_of(ok_at[0] / 1000)
            check(max(by_life) == success_life, "event delivered again after its success was recorded", *detail)
            crash_dupes += len(by_life) - 1
    check(not deliveries, "deliveries of unknown events", list(deliveries)[:5])
    return len(events), crash_dupes, retries


def main():
    rng = random.Random(SEED)
    scratch = tempfile.mkdtemp(prefix="intentd-crash-")
    receiver = Receiver()
    server = Server(SERVE_ARGS)
    model = Model()
    started = time.monotonic()
    restarts = []
    report = []
    try:
        server.configure_stripe()
        endpoints = {}
        for name, enabled in (("all", ["*"]), ("some", FILTERED_EVENTS)):
            we = stripe.WebhookEndpoint.create(url=receiver.url + "?ep=" + name, enabled_events=enabled)
            endpoints[name] = (we.id, enabled)
        for cycle in range(1, CYCLES + 1):
            stop, errors = threading.Event(), []
            threads = [threading.Thread(target=worker, args=(n, server.port, server.secret_key, model, stop,
                                                             errors, SEED * 100 + cycle * 10 + n))
                       for n in range(THREADS)]
            acks_before = model.acks
            for t in threads:
                t.start()
            time.sleep(rng.uniform(*LOAD_SECONDS))  # the load window itself, not a wait for a condition
            os.kill(server.proc.pid, signal.SIGKILL)
            server.proc.wait()
            stop.set()
            for t in threads:
                t.join(15)
            check(not errors, "a request under load was not acknowledged as expected", errors[:3])
            check(model.acks > acks_before, "cycle %d: nothing acknowledged before the kill" % cycle)
            integrity_check(server.db_path, scratch)
            in_flight = len(model.in_flight)
            # Restart on a whole second, so deliveries' signature times tell the lives apart.
            boundary = math.floor(time.time()) + 1
            time.sleep(boundary - time.time())
            restarts.append(boundary)
            server._spawn()
            replayed = resend_in_flight(server, model)
            txns = verify(server, model)
            report.append("cycle %d: %d acked, %d in flight at the kill (%d replayed), %d balance txns"
                          % (cycle, model.acks - acks_before, in_flight, replayed, txns))
        events, crash_dupes, retries = settle_webhooks(server, receiver, endpoints, restarts)
        server.stop()
        server = None
        for line in report:
            print("crash_cycles: " + line)
        print("crash_cycles: OK (seed %d): %d customers, %d intents, %d refunds, %d events delivered "
              "(%d redelivered across a crash, %d retried) in %.1f s"
              % (SEED, len(model.customers), len(model.intents), len(model.refunds), events, crash_dupes,
                 retries, time.monotonic() - started))
        return 0
    except Failure as e:
        print("crash_cycles: FAIL (seed %d): %s" % (SEED, e))
        return 1
    finally:
        if server is not None:
            if server.proc.poll() is None:
                server.proc.kill()
                server.proc.wait()
            shutil.rmtree(server.dir, ignore_errors=True)
        receiver.close()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
