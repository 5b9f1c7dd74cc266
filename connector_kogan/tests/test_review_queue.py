# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The review queue (connector_base) as Kogan uses it."""

from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user

from .common import KoganCase


class TestReviewQueue(KoganCase):
    def reviews(self, record):
        return self.about("connector.review", record)

    def test_a_record_is_queued_once_with_every_reason(self):
        product = self.make_product("RV-1")
        queue = self.env["connector.review"]
        queue._flag(self.backend, product, "Price looks wrong")
        queue._flag(self.backend, product, "Price looks wrong")
        queue._flag(self.backend, product, "No barcode")
        review = self.reviews(product)
        self.assertEqual(len(review), 1)
        self.assertEqual(review.reason, "Price looks wrong\nNo barcode")
        self.assertEqual(review.record_name, product.display_name)
        self.assertEqual(len(product.activity_ids), 1)
        self.assertEqual(self.backend.review_count, 1)

    def test_a_held_record_goes_out_once_reviewed(self):
        product = self.make_product("RV-2")
        other = self.make_product("RV-3")
        rule = self.env["connector.sync.state"]._for(
            self.backend, "product.product", "import"
        )
        rule.hold_export_until_reviewed = True
        self.backend.export_batch("product.product")
        self.env["connector.review"]._flag(self.backend, product, "Check it")
        self.later()
        (product | other).write({"name": "Renamed"})
        self.backend.export_batch("product.product")
        remote = self.remote_products()
        self.assertEqual(remote["RV-3"]["product_title"], "Renamed")
        self.assertNotEqual(remote["RV-2"]["product_title"], "Renamed")
        message = self.backend.export_record(product)
        self.assertIn("waits for review", message)
        self.assertNotEqual(self.remote_products()["RV-2"]["product_title"], "Renamed")
        review = self.reviews(product)
        review.action_mark_reviewed()
        self.assertEqual(review.state, "reviewed")
        self.assertEqual(review.reviewed_by_id, self.env.user)
        self.assertFalse(product.activity_ids)  # done
        self.run_jobs("export_record")
        self.assertEqual(self.remote_products()["RV-2"]["product_title"], "Renamed")

    def test_without_the_hold_a_record_under_review_is_exported(self):
        product = self.make_product("RV-4")
        self.env["connector.review"]._flag(self.backend, product, "Check it")
        self.backend.export_batch("product.product")
        self.assertIn("RV-4", self.remote_products())

    def test_reviewing_is_for_who_may_change_the_record(self):
        product = self.make_product("RV-5")
        self.env["connector.review"]._flag(self.backend, product, "Check it")
        review = self.reviews(product)
        clerk = new_test_user(
            self.env,
            login="kogan-review-clerk",
            groups="base.group_user,connector_base.group_connector_user",
        )
        self.assertEqual(review.with_user(clerk).record_name, product.display_name)
        with self.assertRaises(AccessError):
            review.with_user(clerk).action_mark_reviewed()
        self.assertEqual(review.state, "to_review")

    def test_new_records_wait_for_review_when_the_rule_asks(self):
        mine = self.make_product("SKU-00001")  # adopted, not new: no review
        rule = self.env["connector.sync.state"]._for(
            self.backend, "product.product", "import"
        )
        rule.review_new_records = True
        self.sim.seed_products(self.sim.make_products(3))
        self.backend.import_batch("product.product")
        reviews = self.env["connector.review"].search(self.backend._backend_domain())
        bound = self.bound("product.product")
        self.assertEqual(
            set(reviews.mapped("res_id")),
            {bound["SKU-00002"].id, bound["SKU-00003"].id},
        )
        self.assertNotIn(mine.id, reviews.mapped("res_id"))
        self.assertIn("New record imported from Kogan test", reviews[0].reason)
        self.assertTrue(all(review.activity_id for review in reviews))
        # imported again, unchanged or changed: no second review
        changed = dict(self.remote_products()["SKU-00002"], product_title="New title")
        self.sim.seed_products([changed])
        self.backend.import_batch("product.product")
        self.assertEqual(
            self.env["connector.review"].search_count(self.backend._backend_domain()), 2
        )
        # without the rule: nothing waits
        rule.review_new_records = False
        self.sim.seed_products([self.sim.make_listing("LATE-1")])
        self.backend.import_batch("product.product")
        self.assertFalse(self.reviews(self.bound("product.product")["LATE-1"]))
