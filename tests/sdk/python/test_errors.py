"""Errors as python3-stripe sees them: auth, unknown params, 404s, Stripe-Account."""
import unittest

import stripe

from harness import ServerTestCase


class ErrorsTest(ServerTestCase):
    def test_401_without_a_key(self):
        status, headers, body = self.server.request("GET", "/v1/customers")
        self.assertEqual(status, 401)
        self.assertEqual(body["error"]["type"], "invalid_request_error")
        self.assertTrue(body["error"]["message"].startswith("You did not provide an API key."))

    def test_401_with_a_wrong_key_masks_it(self):
        wrong = "sk_test_thisKeyIsNotKnownAtAllWXYZ"
        self.server.configure_stripe(key=wrong)
        with self.assertRaises(stripe.error.AuthenticationError) as ctx:
            stripe.Customer.list()
        err = self.assertStripeError(ctx, 401)
        self.assertRegex(err.user_message, r"^Invalid API Key provided: sk_test_\*+WXYZ$")
        self.assertNotIn("thisKeyIsNotKnown", err.http_body)

    def test_publishable_key_is_rejected(self):
        self.server.configure_stripe(key=self.server.publishable_key)
        with self.assertRaises(stripe.error.AuthenticationError) as ctx:
            stripe.Customer.create(name="x")
        self.assertStripeError(ctx, 401)

    def test_unknown_param_is_400_parameter_unknown(self):
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.Customer.create(favourite_colour="blue")
        err = self.assertStripeError(ctx, 400, param="favourite_colour", code="parameter_unknown")
        self.assertEqual(err.user_message, "Received unknown parameter: favourite_colour")
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.Customer.create(shipping={"name": "J", "address": {"city": "B"}, "mood": "ok"})
        self.assertStripeError(ctx, 400, param="shipping[mood]", code="parameter_unknown")

    def test_unknown_id_is_404_with_param_id(self):
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.Customer.retrieve("cus_doesnotexist")
        err = self.assertStripeError(ctx, 404, param="id", code="resource_missing")
        self.assertRegex(err.user_message, r"^No such customer: '?cus_doesnotexist'?$")

    def test_stripe_account_not_owned_is_403(self):
        with self.assertRaises(stripe.error.PermissionError) as ctx:
            stripe.Customer.list(stripe_account="acct_1NotMineAtAll0000")
        self.assertStripeError(ctx, 403)


if __name__ == "__main__":
    unittest.main()
