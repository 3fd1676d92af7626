"""Customers through python3-stripe: CRUD, auto_paging_iter, filters, metadata, booleans, expand."""
import unittest
import uuid

import stripe

from harness import ServerTestCase


def unique_email():
    return "%s@example.com" % uuid.uuid4()


class CustomersTest(ServerTestCase):
    def test_create_retrieve_update_delete(self):
        email = unique_email()
        c = stripe.Customer.create(
            email=email, name="Jenny Rosen", metadata={"order": "42"},
            address={"line1": "1 Main St", "city": "Berlin", "country": "DE"})
        self.assertRegex(c.id, r"^cus_[A-Za-z0-9]{24}$")
        self.assertEqual(c.object, "customer")
        self.assertEqual(c.email, email)
        self.assertEqual(c.address.city, "Berlin")
        self.assertEqual(c.metadata.to_dict(), {"order": "42"})
        self.assertIs(c.livemode, False)

        fetched = stripe.Customer.retrieve(c.id)
        self.assertEqual(fetched.to_dict_recursive(), c.to_dict_recursive())

        updated = stripe.Customer.modify(c.id, name="Jenny R.", phone="+4930123")
        self.assertEqual(updated.name, "Jenny R.")
        self.assertEqual(updated.phone, "+4930123")
        self.assertEqual(updated.email, email)

        deleted = stripe.Customer.delete(c.id)
        self.assertEqual(deleted.id, c.id)
        self.assertIs(deleted.deleted, True)

        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.Customer.retrieve(c.id)
        self.assertStripeError(ctx, 404, param="id", code="resource_missing")

    def test_auto_paging_iter_visits_every_customer_once(self):
        created = {stripe.Customer.create(email=unique_email()).id for _ in range(7)}
        first = stripe.Customer.list(limit=3)
        self.assertEqual(len(first.data), 3)
        self.assertIs(first.has_more, True)

        seen = [c.id for c in stripe.Customer.list(limit=3).auto_paging_iter()]
        self.assertEqual(len(seen), len(set(seen)), "no customer is visited twice")
        self.assertTrue(created <= set(seen), created - set(seen))

    def test_list_filters_by_email_and_created(self):
        email = unique_email()
        a = stripe.Customer.create(email=email)
        stripe.Customer.create(email=unique_email())
        self.assertEqual([c.id for c in stripe.Customer.list(email=email).data], [a.id])

        ids = lambda **created: [c.id for c in stripe.Customer.list(created=created, limit=100).data]
        self.assertIn(a.id, ids(gte=a.created, lte=a.created))
        self.assertNotIn(a.id, ids(gt=a.created))
        self.assertNotIn(a.id, ids(lt=a.created))

    def test_metadata_unset_and_clear(self):
        c = stripe.Customer.create(metadata={"a": "1", "b": "2"})
        c = stripe.Customer.modify(c.id, metadata={"b": ""})
        self.assertEqual(c.metadata.to_dict(), {"a": "1"})
        c = stripe.Customer.modify(c.id, metadata="")
        self.assertEqual(c.metadata.to_dict(), {})

    def test_python_booleans_are_accepted(self):
        # python-stripe sends True/False as "True"/"False".
        c = stripe.Customer.create(name="v", validate=True)
        self.assertEqual(c.name, "v")
        c = stripe.Customer.modify(c.id, validate=False, name="w")
        self.assertEqual(c.name, "w")

    def test_expand(self):
        c = stripe.Customer.create(email=unique_email())
        self.assertEqual(stripe.Customer.retrieve(c.id, expand=["default_source"]).id, c.id)
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.Customer.retrieve(c.id, expand=["nope"])
        err = self.assertStripeError(ctx, 400)
        self.assertEqual(err.user_message, "This property cannot be expanded (nope).")
        with self.assertRaises(stripe.error.InvalidRequestError) as ctx:
            stripe.Customer.list(expand=["default_source"])
        self.assertIn("data.default_source", self.assertStripeError(ctx, 400).user_message)


if __name__ == "__main__":
    unittest.main()
