"""Checkout Sessions through python3-stripe: a setup-mode session (seed 003's body) created,
retrieved with its SetupIntent expanded and expired; a payment-mode session's line items."""
import unittest
import uuid

import stripe

from harness import ServerTestCase

SUCCESS = "https://shop.example/success?session_id={CHECKOUT_SESSION_ID}"


class CheckoutSessionsTest(ServerTestCase):
    def test_setup_mode_create_retrieve_expire(self):
        customer = stripe.Customer.create(email="%s@example.com" % uuid.uuid4())
        s = stripe.checkout.Session.create(
            mode="setup", currency="usd", customer=customer.id, success_url=SUCCESS)
        self.assertRegex(s.id, r"^cs_test_[A-Za-z0-9]+$")
        self.assertEqual(s.object, "checkout.session")
        self.assertEqual(s.mode, "setup")
        self.assertEqual(s.status, "open")
        self.assertEqual(s.payment_status, "no_payment_required")
        self.assertEqual(s.currency, "usd")
        self.assertEqual(s.customer, customer.id)
        self.assertEqual(s.success_url, SUCCESS)
        self.assertIsNone(s.amount_total)
        self.assertIsNone(s.payment_intent)
        self.assertEqual(s.payment_method_types, ["card"])
        self.assertEqual(s.url, "%s/intentd/checkout/%s/%s" % (
            self.server.base_url, s.url.split("/")[-2], s.id))
        self.assertRegex(s.setup_intent, r"^seti_[A-Za-z0-9]{24}$")

        fetched = stripe.checkout.Session.retrieve(s.id, expand=["setup_intent"])
        self.assertEqual(fetched.setup_intent.id, s.setup_intent)
        self.assertEqual(fetched.setup_intent.status, "requires_payment_method")
        self.assertEqual(fetched.setup_intent.customer, customer.id)
        self.assertEqual(fetched.setup_intent.usage, "off_session")
        plain = stripe.checkout.Session.retrieve(s.id)
        self.assertEqual(plain.to_dict_recursive(), s.to_dict_recursive())

        expired = stripe.checkout.Session.expire(s.id)
        self.assertEqual(expired.status, "expired")
        self.assertIsNone(expired.url)
        self.assertEqual(stripe.SetupIntent.retrieve(s.setup_intent).status, "canceled")
        self.assertEqual(stripe.checkout.Session.retrieve(s.id).status, "expired")
        self.assertEqual([x.id for x in stripe.checkout.Session.list(
            customer=customer.id, status="expired").data], [s.id])

        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.checkout.Session.expire(s.id)
        self.assertStripeError(ctx, 400)
        self.assertIn('has a status of "expired"', str(ctx.exception))

        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.checkout.Session.create(mode="setup", customer=customer.id)
        self.assertStripeError(ctx, 400, param="currency", code="parameter_missing")

    def test_payment_mode_line_items(self):
        product = stripe.Product.create(name="Mug")
        price = stripe.Price.create(product=product.id, unit_amount=1500, currency="usd")
        s = stripe.checkout.Session.create(
            mode="payment", success_url=SUCCESS,
            line_items=[
                {"price": price.id, "quantity": 2},
                {"price_data": {"currency": "usd", "unit_amount": 1099,
                                "product_data": {"name": "T-shirt"}}, "quantity": 1},
            ])
        self.assertEqual(s.amount_subtotal, 4099)
        self.assertEqual(s.amount_total, 4099)
        self.assertEqual(s.payment_status, "unpaid")

        items = stripe.checkout.Session.list_line_items(s.id)
        self.assertEqual(items.object, "list")
        self.assertIs(items.has_more, False)
        self.assertEqual([(i.description, i.quantity, i.amount_total) for i in items.data],
                         [("Mug", 2, 3000), ("T-shirt", 1, 1099)])
        self.assertEqual(items.data[0].price.id, price.id)
        self.assertEqual(items.data[1].price.unit_amount, 1099)
        self.assertIs(items.data[1].price.active, False)

        first = stripe.checkout.Session.list_line_items(s.id, limit=1)
        self.assertEqual([i.id for i in first.data], [items.data[0].id])
        self.assertIs(first.has_more, True)
        self.assertEqual([i.id for i in first.auto_paging_iter()], [i.id for i in items.data])

        expanded = stripe.checkout.Session.retrieve(s.id, expand=["line_items"])
        self.assertEqual([i.id for i in expanded.line_items.data], [i.id for i in items.data])

        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.checkout.Session.create(mode="payment", line_items=[{"price": price.id}])
        self.assertStripeError(ctx, 400, param="line_items[0][quantity]", code="parameter_missing")


if __name__ == "__main__":
    unittest.main()
