"""Events and signed webhooks as python3-stripe sees them: the events customer changes append,
deliveries verified by stripe.Webhook.construct_event, retries on a shortened schedule, delivery
across a restart, enabled_events filtering, disabled endpoints, event list filters."""
import re
import time
import unittest
import uuid

import stripe

from harness import Server, ServerTestCase, eventually
from receiver import Receiver


def plain(obj):
    """A StripeObject (or list of them) as plain dicts, for comparisons."""
    return obj.to_dict_recursive() if hasattr(obj, "to_dict_recursive") else obj


class WebhooksTest(ServerTestCase):
    # Retries 200 ms and 300 ms after the 1st and 2nd failures: at most 3 attempts.
    SERVER_ARGS = ["--webhook-retry-schedule", "200ms,300ms"]

    def receiver(self, **kw):
        r = Receiver(**kw)
        self.addCleanup(r.close)
        return r

    def endpoint(self, **params):
        """A webhook endpoint deleted when the test ends, so later tests' events skip it."""
        params.setdefault("enabled_events", ["*"])
        we = stripe.WebhookEndpoint.create(**params)

        def delete():
            try:
                stripe.WebhookEndpoint.delete(we.id)
            except stripe.error.InvalidRequestError:
                pass
        self.addCleanup(delete)
        return we

    def event_about(self, event_type, object_id):
        def find():
            for e in stripe.Event.list(type=event_type, limit=100).auto_paging_iter():
                if e.data.object.id == object_id:
                    return e
            return None
        return eventually(find, message="%s for %s" % (event_type, object_id))

    def settled(self, event_id):
        eventually(lambda: stripe.Event.retrieve(event_id).pending_webhooks == 0,
                   message="pending_webhooks of %s reaching 0" % event_id)

    @staticmethod
    def verify(req, secret):
        return stripe.Webhook.construct_event(req.raw_body, req.headers["stripe-signature"], secret)

    def test_customer_changes_append_events_with_object_and_previous_attributes(self):
        key = str(uuid.uuid4())
        c = stripe.Customer.create(name="Old", email="old@example.com", metadata={"keep": "k"},
                                   idempotency_key=key)
        created = self.event_about("customer.created", c.id)
        self.assertRegex(created.id, r"^evt_[A-Za-z0-9]+$")
        self.assertEqual(created.object, "event")
        self.assertEqual(created.type, "customer.created")
        self.assertIs(created.livemode, False)
        self.assertEqual(plain(created.data.object), plain(c))
        self.assertNotIn("previous_attributes", created.data)
        # (`request` is also a method name on StripeObject, hence the item access.)
        self.assertEqual(plain(created["request"]),
                         {"id": c.last_response.request_id, "idempotency_key": key})

        u = stripe.Customer.modify(c.id, name="New", metadata={"a": "1"})
        updated = self.event_about("customer.updated", c.id)
        self.assertEqual(plain(updated.data.object), plain(u))
        self.assertEqual(plain(updated.data.previous_attributes),
                         {"name": "Old", "metadata": {"a": None}})

        u2 = stripe.Customer.modify(c.id, metadata={"a": ""}, phone="+4930123")
        latest = [e for e in stripe.Event.list(type="customer.updated", limit=100).auto_paging_iter()
                  if e.data.object.id == c.id]
        self.assertEqual(len(latest), 2)
        self.assertEqual(plain(latest[0].data.object), plain(u2))
        self.assertEqual(plain(latest[0].data.previous_attributes),
                         {"phone": None, "metadata": {"a": "1"}})

        stripe.Customer.delete(c.id)
        deleted = self.event_about("customer.deleted", c.id)
        self.assertEqual(deleted.data.object.object, "customer")
        self.assertEqual(deleted.data.object.phone, "+4930123")

        fetched = stripe.Event.retrieve(updated.id)
        self.assertEqual(plain(fetched), plain(updated))

    def test_delivery_verifies_with_construct_event_and_fails_with_a_wrong_secret(self):
        rx = self.receiver()
        we = self.endpoint(url=rx.url, enabled_events=["customer.created"])
        self.assertTrue(we.secret.startswith("whsec_"))
        c = stripe.Customer.create(name="Signed", metadata={"order": "7"})
        req = rx.wait_for_object("customer.created", c.id)

        self.assertEqual(req.method, "POST")
        self.assertTrue(req.headers["content-type"].startswith("application/json"))
        self.assertRegex(req.headers["stripe-signature"], r"^t=\d+,v1=[0-9a-f]{64}")
        event = self.verify(req, we.secret)
        self.assertIsInstance(event, stripe.Event)
        self.assertEqual(event.type, "customer.created")
        self.assertEqual(plain(event.data.object), plain(c))
        # A str payload verifies too.
        self.assertEqual(stripe.Webhook.construct_event(
            req.text, req.headers["stripe-signature"], we.secret).id, event.id)

        with self.assertRaises(stripe.error.SignatureVerificationError):
            self.verify(req, "whsec_wrongwrongwrongwrongwrongwrong")
        tampered = req.text.replace('"order":"7"', '"order":"8"')
        self.assertNotEqual(tampered, req.text)
        with self.assertRaises(stripe.error.SignatureVerificationError):
            stripe.Webhook.construct_event(tampered, req.headers["stripe-signature"], we.secret)

    def test_500_twice_then_200_delivers_the_same_event_on_the_third_attempt(self):
        rx = self.receiver(statuses=[500, 500])
        we = self.endpoint(url=rx.url, enabled_events=["customer.created"])
        c = stripe.Customer.create(name="retry me")
        rx.nth(3)
        attempts = rx.requests[:3]
        self.assertEqual([r.status for r in attempts], [500, 500, 200])
        ids = {self.verify(r, we.secret).id for r in attempts}
        self.assertEqual(len(ids), 1, "every attempt carries the same event id")
        event_id = ids.pop()
        self.assertEqual(attempts[0].json["data"]["object"]["id"], c.id)
        self.assertGreaterEqual(attempts[1].received_at - attempts[0].received_at, 0.15)
        self.assertGreaterEqual(attempts[2].received_at - attempts[1].received_at, 0.25)

        self.settled(event_id)
        ok = [e.id for e in stripe.Event.list(delivery_success=True, type="customer.created", limit=100)]
        self.assertIn(event_id, ok)
        failed = [e.id for e in stripe.Event.list(delivery_success=False, type="customer.created", limit=100)]
        self.assertNotIn(event_id, failed)
        self.assertEqual(len(rx.deliveries_of(event_id)), 3)

    def test_retry_pending_across_a_restart_is_delivered_after_it(self):
        local = Server(["--webhook-retry-schedule", "1500ms"])
        self.addCleanup(local.stop)
        local.configure_stripe()
        rx = self.receiver(statuses=[500])
        we = stripe.WebhookEndpoint.create(url=rx.url, enabled_events=["customer.created"])
        c = stripe.Customer.create(name="survivor")
        first = rx.nth(1)
        event_id = self.verify(first, we.secret).id
        self.assertEqual(first.json["data"]["object"]["id"], c.id)
        self.assertEqual(len(rx.requests), 1, "the retry is still pending when the server stops")

        stopped_at = local.restart()
        local.configure_stripe()
        second = rx.nth(2, timeout=15)
        self.assertGreaterEqual(second.received_at, stopped_at, "delivered by the restarted server")
        self.assertEqual(second.status, 200)
        self.assertEqual(self.verify(second, we.secret).id, event_id)
        self.settled(event_id)
        self.assertEqual(len(rx.deliveries_of(event_id)), 2)

    def test_enabled_events_filtering(self):
        created_only = self.receiver()
        everything = self.receiver()
        self.endpoint(url=created_only.url, enabled_events=["customer.created"])
        self.endpoint(url=everything.url, enabled_events=["*"])
        c = stripe.Customer.create(name="one")
        stripe.Customer.modify(c.id, name="two")
        upd = everything.wait_for_object("customer.updated", c.id)
        everything.wait_for_object("customer.created", c.id)
        created_only.wait_for_object("customer.created", c.id)
        self.settled(upd.json["id"])
        self.assertEqual([r.json["type"] for r in created_only.requests], ["customer.created"])

    def test_disabled_endpoint_receives_nothing_until_re_enabled(self):
        rx = self.receiver()
        witness = self.receiver()
        we = self.endpoint(url=rx.url, enabled_events=["customer.created"])
        self.endpoint(url=witness.url, enabled_events=["customer.created"])

        self.assertEqual(stripe.WebhookEndpoint.modify(we.id, disabled=True).status, "disabled")
        c1 = stripe.Customer.create(name="while disabled")
        w1 = witness.wait_for_object("customer.created", c1.id)
        self.settled(w1.json["id"])

        self.assertEqual(stripe.WebhookEndpoint.modify(we.id, disabled=False).status, "enabled")
        c2 = stripe.Customer.create(name="after re-enable")
        got = rx.wait_for_object("customer.created", c2.id)
        self.assertEqual(self.verify(got, we.secret).data.object.id, c2.id)
        self.assertEqual([r.json["data"]["object"]["id"] for r in rx.requests], [c2.id])

    def test_secret_only_on_create_and_unknown_event_type_rejected(self):
        we = self.endpoint(url="https://example.com/hooks", enabled_events=["customer.created"],
                           description="py")
        self.assertTrue(we.secret.startswith("whsec_"))
        self.assertNotIn("secret", stripe.WebhookEndpoint.retrieve(we.id))
        self.assertNotIn("secret", stripe.WebhookEndpoint.modify(we.id, description="py2"))
        for item in stripe.WebhookEndpoint.list(limit=100).data:
            self.assertNotIn("secret", item)

        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.WebhookEndpoint.create(url="https://example.com/x",
                                          enabled_events=["customer.created", "customer.exploded"])
        err = self.assertStripeError(ctx, 400, param="enabled_events[1]")
        self.assertIn("customer.exploded", err.user_message)
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.WebhookEndpoint.create(url="ftp://example.com/x", enabled_events=["*"])
        self.assertStripeError(ctx, 400, param="url")

    def test_events_list_filters_and_pagination(self):
        c = stripe.Customer.create(name="filters")
        stripe.Customer.modify(c.id, name="filtered")
        stripe.Customer.delete(c.id)

        def mine(**params):
            return [e.type for e in stripe.Event.list(limit=2, **params).auto_paging_iter()
                    if e.data.object.id == c.id]

        self.assertEqual(mine(type="customer.updated"), ["customer.updated"])
        self.assertEqual(mine(types=["customer.created", "customer.deleted"]),
                         ["customer.deleted", "customer.created"])
        self.assertEqual(mine(type="customer.*"),
                         ["customer.deleted", "customer.updated", "customer.created"])
        self.assertEqual(mine(type="charge.*"), [])
        created = self.event_about("customer.created", c.id).created
        self.assertEqual(len(mine(created={"gte": created, "lte": created + 10})), 3)
        self.assertEqual(mine(created={"gt": created + 10}), [])
        self.assertEqual(mine(created={"lt": created}), [])

        page = stripe.Event.list(limit=2)
        self.assertEqual(len(page.data), 2)
        self.assertIs(page.has_more, True)
        seen = [e.id for e in stripe.Event.list(limit=2).auto_paging_iter()]
        self.assertEqual(len(seen), len(set(seen)), "no event is visited twice")


if __name__ == "__main__":
    unittest.main()
