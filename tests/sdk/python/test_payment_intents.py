"""PaymentIntents through python3-stripe (stripe 5.0.0): successes per brand, each decline card,
a retry after a decline, 3-D Secure and off_session, manual/partial/multi/over-capture, cancel and
update rules, setup_future_usage, SEPA and ACH debits settling in the background, publishable
keys with client_secret, events in order, lists."""
import time
import unittest
import uuid

import stripe

from harness import ServerTestCase, eventually

CANCEL_STATUSES = ("requires_payment_method, requires_capture, requires_confirmation, "
                   "requires_action, processing")

MANDATE = {"customer_acceptance": {"type": "online", "online": {
    "ip_address": "127.0.0.1", "user_agent": "intentd-tests"}}}

# number, token, code, decline_code, message, param
DECLINES = [
    ("4000000000000002", "pm_card_visa_chargeDeclined", "card_declined", "generic_decline",
     "Your card was declined.", None),
    ("4000000000009995", "pm_card_visa_chargeDeclinedInsufficientFunds", "card_declined",
     "insufficient_funds", "Your card has insufficient funds.", None),
    ("4000000000009987", "pm_card_visa_chargeDeclinedLostCard", "card_declined", "lost_card",
     "Your card was declined.", None),
    ("4000000000009979", "pm_card_visa_chargeDeclinedStolenCard", "card_declined", "stolen_card",
     "Your card was declined.", None),
    ("4000000000000069", "pm_card_chargeDeclinedExpiredCard", "expired_card", "expired_card",
     "Your card has expired.", "exp_month"),
    ("4000000000000127", "pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc", "incorrect_cvc",
     "Your card's security code is incorrect.", "cvc"),
    ("4000000000000119", "pm_card_chargeDeclinedProcessingError", "processing_error",
     "processing_error",
     "An error occurred while processing your card. Try again in a little bit.", None),
]


def card_pm(number, cvc="123"):
    return stripe.PaymentMethod.create(type="card", card={
        "number": number, "exp_month": 12, "exp_year": time.gmtime().tm_year + 3, "cvc": cvc})


def pay(**params):
    params.setdefault("amount", 1000)
    params.setdefault("currency", "usd")
    return stripe.PaymentIntent.create(**params)


def authorize(**params):
    params.setdefault("capture_method", "manual")
    params.setdefault("payment_method", "pm_card_visa")
    return pay(confirm=True, **params)


def new_customer():
    return stripe.Customer.create(email="%s@example.com" % uuid.uuid4())


def newest_event_id():
    page = stripe.Event.list(limit=1)
    return page.data[0].id if page.data else None


def events_about(ids, mark):
    """Event types about `ids` written after the event `mark`, oldest first."""
    out = []
    for e in stripe.Event.list(limit=100).auto_paging_iter():
        if e.id == mark:
            break
        if e.data.object.id in ids:
            out.append(e.type)
    return list(reversed(out))


class PaymentIntentsTest(ServerTestCase):
    SERVER_ARGS = ["--settlement-delay", "200ms"]

    def assertUnexpectedState(self, ctx, message=None):
        err = self.assertStripeError(ctx, 400, code="payment_intent_unexpected_state")
        if message is not None:
            self.assertEqual(err.user_message, message)
        return err

    # --- create, confirm, brands ---------------------------------------------------------------

    def test_create_then_confirm(self):
        pi = pay(amount=2000, description="Order 42", metadata={"order": "42"})
        self.assertRegex(pi.id, r"^pi_[A-Za-z0-9]+$")
        self.assertEqual(pi.status, "requires_payment_method")
        self.assertEqual(pi.capture_method, "automatic_async")
        self.assertTrue(pi.client_secret.startswith(pi.id + "_secret_"))
        self.assertEqual(pi.metadata.to_dict(), {"order": "42"})
        pi = stripe.PaymentIntent.modify(pi.id, payment_method="pm_card_visa")
        self.assertEqual(pi.status, "requires_confirmation")
        pi = stripe.PaymentIntent.confirm(pi.id)
        self.assertEqual(pi.status, "succeeded")
        self.assertEqual(pi.amount_received, 2000)

    def test_success_per_brand(self):
        for token, brand, last4 in [("pm_card_visa", "visa", "4242"),
                                    ("pm_card_mastercard", "mastercard", "4444"),
                                    ("pm_card_amex", "amex", "0005"),
                                    ("pm_card_discover", "discover", "1117")]:
            pi = pay(amount=1234, payment_method=token, confirm=True)
            self.assertEqual(pi.status, "succeeded", token)
            self.assertEqual(pi.amount_received, 1234, token)
            self.assertRegex(pi.payment_method, r"^pm_", token)
            self.assertNotEqual(pi.payment_method, token)
            ch = stripe.Charge.retrieve(pi.latest_charge)
            self.assertEqual(ch.status, "succeeded", token)
            self.assertIs(ch.captured, True, token)
            self.assertEqual(ch.payment_method_details.card.brand, brand, token)
            self.assertEqual(ch.payment_method_details.card.last4, last4, token)

    # --- declines ------------------------------------------------------------------------------

    def check_decline(self, ctx, number, code, decline_code, message, param):
        err = ctx.exception
        self.assertEqual(err.http_status, 402, number)
        self.assertEqual(err.code, code, number)
        self.assertEqual(err.user_message, message, number)
        self.assertEqual(err.error.type, "card_error", number)
        self.assertEqual(err.error.decline_code, decline_code, number)
        if param is not None:
            self.assertEqual(err.param, param, number)
        self.assertRegex(err.error.charge, r"^ch_", number)
        shown = err.error.payment_intent
        self.assertEqual(shown.status, "requires_payment_method", number)
        self.assertEqual(shown.last_payment_error.code, code, number)
        self.assertEqual(shown.last_payment_error.decline_code, decline_code, number)

        pi = stripe.PaymentIntent.retrieve(shown.id)
        self.assertEqual(pi.status, "requires_payment_method", number)
        self.assertEqual(pi.latest_charge, err.error.charge, number)
        self.assertEqual(pi.last_payment_error.message, message, number)
        self.assertEqual(pi.last_payment_error.payment_method.id, err.error.payment_method.id)
        self.assertIsNone(pi.payment_method, number)
        ch = stripe.Charge.retrieve(err.error.charge)
        self.assertEqual(ch.status, "failed", number)
        self.assertIs(ch.paid, False, number)
        self.assertEqual(ch.failure_code, code, number)
        self.assertEqual(ch.failure_message, message, number)
        return err

    def test_each_decline_card_by_number(self):
        for number, _, code, decline_code, message, param in DECLINES:
            pm = card_pm(number)
            with self.assertRaises(stripe.error.CardError) as ctx:
                pay(payment_method=pm.id, confirm=True)
            err = self.check_decline(ctx, number, code, decline_code, message, param)
            self.assertEqual(err.error.payment_method.id, pm.id)

    def test_each_decline_card_by_token(self):
        for _, token, code, decline_code, message, param in DECLINES:
            with self.assertRaises(stripe.error.CardError) as ctx:
                pay(payment_method=token, confirm=True)
            self.check_decline(ctx, token, code, decline_code, message, param)

    def test_charge_customer_fail_attaches_then_declines(self):
        cus = new_customer()
        pm = card_pm("4000000000000341")
        self.assertEqual(stripe.PaymentMethod.attach(pm.id, customer=cus.id).customer, cus.id)
        with self.assertRaises(stripe.error.CardError) as ctx:
            pay(customer=cus.id, payment_method=pm.id, confirm=True)
        self.assertEqual(ctx.exception.code, "card_declined")
        self.assertEqual(ctx.exception.error.payment_intent.status, "requires_payment_method")

    def test_decline_then_retry_on_the_same_intent(self):
        pi = pay(amount=2500)
        with self.assertRaises(stripe.error.CardError) as ctx:
            stripe.PaymentIntent.confirm(pi.id, payment_method="pm_card_visa_chargeDeclined")
        failed_charge = ctx.exception.error.charge
        pi = stripe.PaymentIntent.confirm(pi.id, payment_method="pm_card_visa")
        self.assertEqual(pi.status, "succeeded")
        self.assertEqual(pi.amount_received, 2500)
        self.assertIsNone(pi.last_payment_error)
        charges = stripe.Charge.list(payment_intent=pi.id).data
        self.assertEqual([c.id for c in charges], [pi.latest_charge, failed_charge])
        self.assertEqual([c.status for c in charges], ["succeeded", "failed"])

    # --- 3-D Secure, off_session ---------------------------------------------------------------

    def test_three_d_secure_requires_action(self):
        pi = pay(payment_method=card_pm("4000002760003184").id, confirm=True,
                 return_url="https://shop.example/back")
        self.assertEqual(pi.status, "requires_action")
        self.assertEqual(pi.next_action.type, "redirect_to_url")
        self.assertEqual(pi.next_action.redirect_to_url.return_url, "https://shop.example/back")
        self.assertIsNone(pi.latest_charge)
        sdk = pay(payment_method="pm_card_authenticationRequired", confirm=True)
        self.assertEqual(sdk.next_action.type, "use_stripe_sdk")
        on_session = pay(payment_method=card_pm("4000002500003155").id, confirm=True)
        self.assertEqual(on_session.status, "requires_action")

    def test_off_session_needing_authentication_is_402_authentication_required(self):
        for number in ("4000002760003184", "4000002500003155"):
            cus = new_customer()
            pm = card_pm(number)
            stripe.PaymentMethod.attach(pm.id, customer=cus.id)
            # python-stripe sends True as "True".
            with self.assertRaises(stripe.error.CardError) as ctx:
                pay(customer=cus.id, payment_method=pm.id, confirm=True, off_session=True)
            err = ctx.exception
            self.assertEqual(err.http_status, 402, number)
            self.assertEqual(err.code, "authentication_required", number)
            self.assertEqual(err.error.decline_code, "authentication_required", number)
            pi = stripe.PaymentIntent.retrieve(err.error.payment_intent.id)
            self.assertEqual(pi.status, "requires_payment_method", number)
            self.assertEqual(pi.last_payment_error.code, "authentication_required", number)

    # --- capture -------------------------------------------------------------------------------

    def test_manual_and_partial_capture(self):
        pi = authorize(amount=1500)
        self.assertEqual(pi.status, "requires_capture")
        self.assertEqual(pi.amount_capturable, 1500)
        self.assertIs(stripe.Charge.retrieve(pi.latest_charge).captured, False)
        pi = stripe.PaymentIntent.capture(pi.id)
        self.assertEqual(pi.status, "succeeded")
        self.assertEqual(pi.amount_received, 1500)

        pi = authorize(amount=1000)
        pi = stripe.PaymentIntent.capture(pi.id, amount_to_capture=600)
        self.assertEqual(pi.status, "succeeded")
        self.assertEqual(pi.amount_received, 600)
        self.assertEqual(pi.amount_capturable, 0)
        ch = stripe.Charge.retrieve(pi.latest_charge)
        self.assertEqual(ch.amount_captured, 600)
        self.assertEqual(ch.amount_refunded, 400)

    def test_multicapture_sequence(self):
        pi = authorize(payment_method_options={"card": {"request_multicapture": "if_available"}})
        pi = stripe.PaymentIntent.capture(pi.id, amount_to_capture=700, final_capture=False)
        self.assertEqual(pi.status, "requires_capture")
        self.assertEqual(pi.amount_capturable, 300)
        self.assertEqual(pi.amount_received, 700)
        self.assertEqual(stripe.Charge.retrieve(pi.latest_charge).amount_captured, 700)
        pi = stripe.PaymentIntent.capture(pi.id, amount_to_capture=200)
        self.assertEqual(pi.status, "succeeded")
        self.assertEqual(pi.amount_capturable, 0)
        self.assertEqual(pi.amount_received, 900)

    def test_overcapture(self):
        pi = authorize(payment_method_options={"card": {"request_overcapture": "if_available"}})
        ch = stripe.Charge.retrieve(pi.latest_charge)
        self.assertEqual(ch.payment_method_details.card.overcapture.maximum_amount_capturable, 1200)
        pi = stripe.PaymentIntent.capture(pi.id, amount_to_capture=1150)
        self.assertEqual(pi.status, "succeeded")
        self.assertEqual(pi.amount, 1150)
        self.assertEqual(pi.amount_received, 1150)

    def test_capture_errors(self):
        pi = authorize()
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.PaymentIntent.capture(pi.id, amount_to_capture=1001)
        self.assertStripeError(ctx, 400, param="amount_to_capture")
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.PaymentIntent.capture(pi.id, amount_to_capture=100, final_capture=False)
        self.assertStripeError(ctx, 400, param="final_capture")
        self.assertEqual(stripe.PaymentIntent.retrieve(pi.id).amount_capturable, 1000)

        pending = pay(payment_method="pm_card_visa", capture_method="manual")
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.PaymentIntent.capture(pending.id)
        self.assertUnexpectedState(
            ctx, "This PaymentIntent could not be captured because it has a status of "
                 "requires_confirmation. Only a PaymentIntent with one of the following statuses "
                 "may be captured: requires_capture.")

    # --- cancel and update ---------------------------------------------------------------------

    def test_cancel_from_each_allowed_status(self):
        intents = [pay(), pay(payment_method="pm_card_visa"),
                   pay(payment_method="pm_card_authenticationRequired", confirm=True), authorize()]
        self.assertEqual([p.status for p in intents],
                         ["requires_payment_method", "requires_confirmation", "requires_action",
                          "requires_capture"])
        for pi in intents:
            canceled = stripe.PaymentIntent.cancel(pi.id, cancellation_reason="duplicate")
            self.assertEqual(canceled.status, "canceled", pi.status)
            self.assertEqual(canceled.cancellation_reason, "duplicate")
            self.assertIsInstance(canceled.canceled_at, int)
        ch = stripe.Charge.retrieve(intents[3].latest_charge)
        self.assertEqual(ch.amount_refunded, 1000, "the held funds are released")

    def test_cancel_after_success_is_refused(self):
        pi = pay(payment_method="pm_card_visa", confirm=True)
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.PaymentIntent.cancel(pi.id)
        err = self.assertUnexpectedState(
            ctx, "You cannot cancel this PaymentIntent because it has a status of succeeded. Only a "
                 "PaymentIntent with one of the following statuses may be canceled: %s."
                 % CANCEL_STATUSES)
        self.assertEqual(err.error.payment_intent.id, pi.id)

    def test_update_rules(self):
        done = pay(payment_method="pm_card_visa", confirm=True)
        self.assertEqual(stripe.PaymentIntent.modify(done.id, metadata={"a": "b"}).metadata.a, "b")
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.PaymentIntent.modify(done.id, payment_method="pm_card_mastercard")
        self.assertUnexpectedState(
            ctx, "This PaymentIntent's payment_method could not be updated because it has a status "
                 "of succeeded. You may only update the payment_method of a PaymentIntent with one "
                 "of the following statuses: requires_payment_method, requires_confirmation, "
                 "requires_action.")
        self.assertEqual(ctx.exception.param, "payment_method")
        held = authorize()
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.PaymentIntent.modify(held.id, amount=5000)
        self.assertUnexpectedState(ctx)
        self.assertEqual(stripe.PaymentIntent.modify(pay().id, amount=777).amount, 777)

    def test_confirm_errors(self):
        pi = pay()
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.PaymentIntent.confirm(pi.id)
        err = self.assertUnexpectedState(ctx)
        self.assertTrue(err.user_message.startswith(
            "You cannot confirm this PaymentIntent because it's missing a payment method."))

        card_only = pay(currency="eur", payment_method_types=["card"])
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.PaymentIntent.confirm(card_only.id, payment_method="pm_success_de",
                                         mandate_data=MANDATE)
        self.assertStripeError(ctx, 400, param="payment_method")
        self.assertEqual(stripe.PaymentIntent.retrieve(card_only.id).status,
                         "requires_payment_method")

    # --- setup_future_usage --------------------------------------------------------------------

    def test_setup_future_usage_attaches_to_the_customer(self):
        cus = new_customer()
        mark = newest_event_id()
        pi = pay(customer=cus.id, payment_method="pm_card_visa", setup_future_usage="off_session",
                 confirm=True)
        self.assertEqual(pi.status, "succeeded")
        pm = stripe.PaymentMethod.retrieve(pi.payment_method)
        self.assertEqual(pm.customer, cus.id)
        self.assertEqual([p.id for p in stripe.Customer.list_payment_methods(cus.id).data], [pm.id])
        self.assertIn("payment_method.attached", events_about({pm.id}, mark))
        again = pay(customer=cus.id, payment_method=pm.id, confirm=True, off_session=True)
        self.assertEqual(again.status, "succeeded")

    # --- bank debits ---------------------------------------------------------------------------

    def wait_for(self, pi_id, status):
        return eventually(lambda: (lambda p: p if p.status == status else None)(
            stripe.PaymentIntent.retrieve(pi_id)), message="%s reaching %s" % (pi_id, status))

    def test_sepa_success_and_failure(self):
        mark = newest_event_id()
        ok = pay(currency="eur", payment_method="pm_success_de", payment_method_types=["sepa_debit"],
                 confirm=True, mandate_data=MANDATE)
        bad = pay(currency="eur", payment_method="pm_failed_de", payment_method_types=["sepa_debit"],
                  confirm=True, mandate_data=MANDATE)
        self.assertEqual((ok.status, bad.status), ("processing", "processing"))
        self.assertEqual(stripe.Charge.retrieve(ok.latest_charge).status, "pending")
        self.assertEqual(self.wait_for(ok.id, "succeeded").amount_received, 1000)
        failed = self.wait_for(bad.id, "requires_payment_method")
        self.assertIsNotNone(failed.last_payment_error)
        self.assertEqual(stripe.Charge.retrieve(bad.latest_charge).status, "failed")
        self.assertEqual(
            [t for t in events_about({ok.id, ok.latest_charge}, mark) if t != "charge.updated"],
            ["payment_intent.created", "charge.pending", "payment_intent.processing",
             "charge.succeeded", "payment_intent.succeeded"])
        self.assertEqual(
            [t for t in events_about({bad.id, bad.latest_charge}, mark) if t != "charge.updated"],
            ["payment_intent.created", "charge.pending", "payment_intent.processing",
             "charge.failed", "payment_intent.payment_failed"])

    def test_ach_success_and_insufficient_funds(self):
        ok = pay(payment_method="pm_usBankAccount_success",
                 payment_method_types=["us_bank_account"], confirm=True, mandate_data=MANDATE)
        bad = pay(payment_method="pm_usBankAccount_insufficientFunds",
                  payment_method_types=["us_bank_account"], confirm=True, mandate_data=MANDATE)
        self.assertEqual((ok.status, bad.status), ("processing", "processing"))
        self.wait_for(ok.id, "succeeded")
        self.wait_for(bad.id, "requires_payment_method")
        self.assertEqual(stripe.Charge.retrieve(bad.latest_charge).failure_code,
                         "insufficient_funds")

    # --- publishable key -----------------------------------------------------------------------

    def test_publishable_key_with_client_secret(self):
        pk = self.server.publishable_key
        pi = pay(amount=1999)
        seen = stripe.PaymentIntent.retrieve(pi.id, api_key=pk, client_secret=pi.client_secret)
        self.assertEqual(seen.id, pi.id)
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.PaymentIntent.retrieve(pi.id, api_key=pk, client_secret=pi.id + "_secret_nope")
        self.assertStripeError(ctx, 400)
        confirmed = stripe.PaymentIntent.confirm(pi.id, api_key=pk, client_secret=pi.client_secret,
                                                 payment_method="pm_card_visa")
        self.assertEqual(confirmed.status, "succeeded")
        with self.assertRaises(stripe.error.AuthenticationError) as ctx:
            stripe.PaymentIntent.create(amount=1000, currency="usd", api_key=pk)
        self.assertStripeError(ctx, 401)
        with self.assertRaises(stripe.error.AuthenticationError):
            stripe.PaymentIntent.capture(authorize().id, api_key=pk)
        with self.assertRaises(stripe.error.AuthenticationError):
            stripe.PaymentIntent.list(api_key=pk)

    # --- events and lists ----------------------------------------------------------------------

    def test_events_in_order_for_a_success_and_a_decline(self):
        mark = newest_event_id()
        ok = pay(payment_method="pm_card_visa", confirm=True)
        self.assertEqual(
            [t for t in events_about({ok.id, ok.latest_charge}, mark) if t != "charge.updated"],
            ["payment_intent.created", "charge.succeeded", "payment_intent.succeeded"])
        mark = newest_event_id()
        with self.assertRaises(stripe.error.CardError) as ctx:
            pay(payment_method="pm_card_visa_chargeDeclined", confirm=True)
        err = ctx.exception.error
        self.assertEqual(events_about({err.payment_intent.id, err.charge}, mark),
                         ["payment_intent.created", "charge.failed",
                          "payment_intent.payment_failed"])

    def test_list_by_customer_and_created(self):
        cus = new_customer()
        mine = [pay(customer=cus.id, amount=1000 + i) for i in range(3)]
        pay()
        listed = stripe.PaymentIntent.list(customer=cus.id)
        self.assertEqual([p.id for p in listed.data], [p.id for p in reversed(mine)])
        seen = [p.id for p in stripe.PaymentIntent.list(customer=cus.id, limit=1).auto_paging_iter()]
        self.assertEqual(sorted(seen), sorted(p.id for p in mine))
        created = mine[0].created
        ids = [p.id for p in stripe.PaymentIntent.list(created={"gte": created}, limit=100).data]
        self.assertIn(mine[0].id, ids)
        ids = [p.id for p in stripe.PaymentIntent.list(created={"lt": created}, limit=100).data]
        self.assertNotIn(mine[0].id, ids)
        self.assertEqual(stripe.Charge.list(customer=cus.id).data, [])


if __name__ == "__main__":
    unittest.main()
