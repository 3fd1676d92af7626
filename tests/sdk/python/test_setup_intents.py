"""SetupIntents through python3-stripe (stripe 5.0.0): a card saved for a customer then charged
off-session, a decline, 3-D Secure via intentd's page, SEPA with its mandate, ACH microdeposits,
cancel, and the attempts list."""
import re
import unittest
import urllib.parse
import uuid

import stripe

from harness import ServerTestCase

MANDATE = {"customer_acceptance": {"type": "online", "online": {
    "ip_address": "127.0.0.1", "user_agent": "intentd-tests"}}}


def new_customer():
    return stripe.Customer.create(email="%s@example.com" % uuid.uuid4())


class SetupIntentsTest(ServerTestCase):
    def authenticate(self, si, result="complete"):
        """Submits the "complete" or "fail" form of the 3-D Secure page as a browser would."""
        url = urllib.parse.urlparse(si.next_action.use_stripe_sdk.stripe_js)
        page = self.server.request("GET", url.path + "?" + url.query)
        self.assertEqual(page[0], 200)
        secret = re.search(r'name="client_secret" value="([^"]+)"', page[2]).group(1)
        res = self.server.request(
            "POST", url.path, headers={"Content-Type": "application/x-www-form-urlencoded"},
            body=urllib.parse.urlencode({"client_secret": secret, "result": result}))
        self.assertLess(res[0], 400)

    def test_saved_card_then_charged_off_session(self):
        customer = new_customer()
        si = stripe.SetupIntent.create(customer=customer.id, payment_method="pm_card_visa",
                                       confirm=True)
        self.assertEqual(si.status, "succeeded")
        self.assertEqual(si.usage, "off_session")
        self.assertTrue(si.latest_attempt.startswith("setatt_"))
        pm = stripe.PaymentMethod.retrieve(si.payment_method)
        self.assertEqual(pm.customer, customer.id)
        pi = stripe.PaymentIntent.create(amount=1099, currency="usd", customer=customer.id,
                                         payment_method=pm.id, off_session=True, confirm=True)
        self.assertEqual(pi.status, "succeeded")
        attempts = stripe.SetupAttempt.list(setup_intent=si.id)
        self.assertEqual([a.id for a in attempts.data], [si.latest_attempt])
        self.assertEqual(attempts.data[0].status, "succeeded")

    def test_decline_is_a_402_with_the_setup_intent(self):
        si = stripe.SetupIntent.create()
        with self.assertRaises(stripe.error.CardError) as ctx:
            stripe.SetupIntent.confirm(si.id, payment_method="pm_card_visa_chargeDeclined")
        err = self.assertStripeError(ctx, 402, code="card_declined")
        self.assertEqual(err.error.decline_code, "generic_decline")
        self.assertEqual(err.error.setup_intent.id, si.id)
        again = stripe.SetupIntent.retrieve(si.id)
        self.assertEqual(again.status, "requires_payment_method")
        self.assertEqual(again.last_setup_error.code, "card_declined")

    def test_three_d_secure_completed_then_failed(self):
        customer = new_customer()
        si = stripe.SetupIntent.create(customer=customer.id,
                                       payment_method="pm_card_authenticationRequiredOnSetup",
                                       confirm=True)
        self.assertEqual(si.status, "requires_action")
        self.assertEqual(si.next_action.type, "use_stripe_sdk")
        self.authenticate(si)
        done = stripe.SetupIntent.retrieve(si.id)
        self.assertEqual(done.status, "succeeded")
        # Set up for off-session use: no authentication asked any more.
        pi = stripe.PaymentIntent.create(amount=500, currency="usd", customer=customer.id,
                                         payment_method=done.payment_method, off_session=True,
                                         confirm=True)
        self.assertEqual(pi.status, "succeeded")

        failing = stripe.SetupIntent.create(payment_method="pm_card_authenticationRequired",
                                            confirm=True)
        self.authenticate(failing, "fail")
        failed = stripe.SetupIntent.retrieve(failing.id)
        self.assertEqual(failed.status, "requires_payment_method")
        self.assertEqual(failed.last_setup_error.code, "setup_intent_authentication_failure")

    def test_sepa_setup_creates_a_mandate(self):
        customer = new_customer()
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.SetupIntent.create(customer=customer.id, payment_method="pm_success_de",
                                      payment_method_types=["sepa_debit"], confirm=True)
        self.assertStripeError(ctx, 400, param="mandate_data", code="parameter_missing")
        si = stripe.SetupIntent.create(customer=customer.id, payment_method="pm_success_de",
                                       payment_method_types=["sepa_debit"], confirm=True,
                                       mandate_data=MANDATE)
        self.assertEqual(si.status, "succeeded")
        mandate = stripe.Mandate.retrieve(si.mandate)
        self.assertEqual(mandate.type, "multi_use")
        self.assertEqual(mandate.status, "active")
        self.assertEqual(mandate.payment_method, si.payment_method)
        self.assertEqual(mandate.payment_method_details.type, "sepa_debit")

    def test_ach_microdeposits(self):
        pm = stripe.PaymentMethod.create(
            type="us_bank_account", billing_details={"name": "Jenny Rosen"},
            us_bank_account={"routing_number": "110000000", "account_number": "000123456789",
                             "account_holder_type": "individual"})
        si = stripe.SetupIntent.create(payment_method=pm.id, confirm=True, mandate_data=MANDATE)
        self.assertEqual(si.status, "requires_action")
        self.assertEqual(si.next_action.type, "verify_with_microdeposits")
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.SetupIntent.verify_microdeposits(si.id, amounts=[1, 2])
        self.assertStripeError(ctx, 400, param="amounts",
                               code="payment_method_microdeposit_verification_amounts_mismatch")
        done = stripe.SetupIntent.verify_microdeposits(si.id, amounts=[32, 45])
        self.assertEqual(done.status, "succeeded")
        self.assertTrue(done.mandate.startswith("mandate_"))

    def test_cancel_and_what_follows(self):
        si = stripe.SetupIntent.create()
        canceled = stripe.SetupIntent.cancel(si.id, cancellation_reason="requested_by_customer")
        self.assertEqual(canceled.status, "canceled")
        self.assertEqual(canceled.cancellation_reason, "requested_by_customer")
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.SetupIntent.confirm(si.id, payment_method="pm_card_visa")
        self.assertStripeError(ctx, 400, code="setup_intent_unexpected_state")


if __name__ == "__main__":
    unittest.main()
