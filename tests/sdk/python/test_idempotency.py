"""Idempotency-Key through python3-stripe: replay and conflicting reuse."""
import unittest
import uuid

import stripe

from harness import ServerTestCase


class IdempotencyTest(ServerTestCase):
    def test_same_key_replays_the_first_response(self):
        key = str(uuid.uuid4())
        email = "%s@example.com" % key
        first = stripe.Customer.create(email=email, idempotency_key=key)
        self.assertNotEqual(first.last_response.headers.get("idempotent-replayed"), "true")

        again = stripe.Customer.create(email=email, idempotency_key=key)
        self.assertEqual(again.id, first.id)
        self.assertEqual(again.last_response.headers.get("idempotent-replayed"), "true")
        self.assertEqual(again.last_response.idempotency_key, key)
        self.assertEqual([c.id for c in stripe.Customer.list(email=email).data], [first.id])

    def test_conflicting_reuse_is_an_idempotency_error(self):
        key = str(uuid.uuid4())
        stripe.Customer.create(name="first", idempotency_key=key)
        with self.assertRaises(stripe.error.IdempotencyError) as ctx:
            stripe.Customer.create(name="second", idempotency_key=key)
        err = self.assertStripeError(ctx, 400)
        self.assertIn(key, err.user_message)

    def test_reuse_on_another_endpoint_is_an_idempotency_error(self):
        key = str(uuid.uuid4())
        c = stripe.Customer.create(name="x", idempotency_key=key)
        with self.assertRaises(stripe.error.IdempotencyError) as ctx:
            stripe.Customer.modify(c.id, name="x", idempotency_key=key)
        self.assertStripeError(ctx, 400)


if __name__ == "__main__":
    unittest.main()
