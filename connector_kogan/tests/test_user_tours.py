# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The review queue, the bulk actions, the history of a record and the
deletions, each along the user's path in a real browser (Odoo's tours).

The test sets the situation up (the Kogan simulator seeded, an import run),
the tour does what the user does, then the test checks what it changed (and
runs the queued jobs as the jobrunner would). With
``CONNECTOR_SCREENSHOTS=<folder>``, the page seen at the end of a tour is
saved there as PNG (the readme's screenshots come from here)."""

from datetime import timedelta

from odoo.tests import tagged

from odoo.addons.connector_base.tests.common import run_queued_jobs

from .common import backend_values
from .tour_common import BACKENDS, ERRORS, KoganTourCase

HOME = "/odoo"
VARIANTS = "/odoo/action-product.product_normal_action_sell"


@tagged("post_install", "-at_install")
class TestKoganUserTours(KoganTourCase):
    def setUp(self):
        super().setUp()
        self.backend = self.env["connector.kogan.backend"].create(
            backend_values(
                self.sim,
                "Kogan tour",
                pricelist_id=self.pricelist.id,
                default_brand="Initech",
                default_category="kogan:42",
                user_id=self.env.ref("base.user_admin").id,
            )
        )

    # -- helpers -------------------------------------------------------------

    def _of_backend(self, model, *domain):
        return self.env[model].search(self.backend._backend_domain() + list(domain))

    def _record_of(self, model, external_id):
        binding = self._of_backend(
            "connector.binding",
            ("res_model", "=", model),
            ("external_id", "=", external_id),
        )
        return self.env[model].browse(binding.res_id)

    def _on_record(self, model, record):
        """The reviews or history entries (``model``) of ``record``."""
        return self._of_backend(
            model, ("res_model", "=", record._name), ("res_id", "=", record.id)
        )

    def _new_jobs(self, before, method=None):
        jobs = self.env["queue.job"].search([("id", "not in", before.ids)])
        if method:
            jobs = jobs.filtered(lambda job: job.method_name == method)
        return jobs

    def _listing(self, sku):
        return {p["product_sku"]: p for p in self.sim.state()["products"]}.get(sku)

    def _make_product(self, sku, name):
        return self.env["product.product"].create(
            {
                "name": name,
                "default_code": sku,
                "list_price": 19.95,
                "is_storable": True,
                "kogan_listed": True,
            }
        )

    def _sync_a_while_ago(self, model="product.product"):
        """Bindings synchronised 5 s ago. The test and its tours share one
        transaction, so one time: without this, an edit made now would not
        look newer than the last synchronisation, and a listing read now
        could not tell a binding made in the same second (which it may have
        missed) from an older one."""
        for binding in self._of_backend("connector.binding", ("res_model", "=", model)):
            binding.write(
                {
                    "sync_date": binding.sync_date - timedelta(seconds=5),
                    "odoo_write_date": binding.odoo_write_date - timedelta(seconds=5),
                }
            )

    # -- review queue ----------------------------------------------------------

    def test_review_queue(self):
        """An order whose total does not reconcile waits in Connector → To
        Review; the seller asks that new listings wait too and be held from
        export, then reviews both: the held listing goes out to Kogan."""
        listing = self.sim.make_products(1)[0]
        self.sim.seed_products([listing])
        self.backend.import_batch("product.product")
        order = self.sim.make_order(
            items=((listing["product_sku"], 1, listing["offer_data"]["AUD"]["price"]),),
            TotalPrice="250.00",
        )
        self.sim.seed_orders([order])
        self.backend.import_batch("sale.order")
        sale = self._record_of("sale.order", order["ID"])
        order_review = self._on_record("connector.review", sale)
        self.assertEqual(order_review.state, "to_review")

        self._tour(BACKENDS, "connector_kogan_review_rules_tour")
        rule = self.env["connector.sync.state"]._for(
            self.backend, "product.product", "import"
        )
        self.assertTrue(rule.review_new_records)
        self.assertTrue(rule.hold_export_until_reviewed)

        # a new listing on Kogan: imported, it waits for review, held back
        self.sim.seed_products([self.sim.make_listing("LATE-1")])
        self.backend.import_batch("product.product")
        late = self._record_of("product.product", "LATE-1")
        late_review = self._on_record("connector.review", late)
        self.assertIn("New record imported from Kogan tour", late_review.reason)
        self._sync_a_while_ago()
        late.name = "Late listing, checked"
        run_queued_jobs(self.env)  # its export waits
        self.assertEqual(self._listing("LATE-1")["product_title"], "Listing LATE-1")
        before = self.env["queue.job"].search([])

        self._tour(HOME, "connector_kogan_review_tour", "kogan_review_queue")
        admin = self.env.ref("base.user_admin")
        for review in order_review | late_review:
            self.assertEqual((review.state, review.reviewed_by_id), ("reviewed", admin))
        self.assertFalse(sale.activity_ids, "the review's activity is done")
        self.assertEqual(sale.state, "draft", "the order is confirmed by hand")
        # reviewed, the listing held back goes out
        self.assertEqual(len(self._new_jobs(before, "export_record")), 1)
        run_queued_jobs(self.env)
        self.assertEqual(
            self._listing("LATE-1")["product_title"], "Late listing, checked"
        )

    # -- bulk actions ------------------------------------------------------------

    def test_bulk_actions(self):
        """The errors of a failed export, fixed, are retried together from
        Connector → Errors; then two products selected in their list are
        exported to Kogan from Actions."""
        bad = self._make_product("bad sku!", "Bulk shelf")
        worse = self._make_product("worse sku!", "Bulk stool")
        self.backend.with_delay().export_batch("product.product")
        run_queued_jobs(self.env)
        errors = self._of_backend("connector.error", ("state", "=", "open"))
        self.assertEqual(len(errors), 2)
        bad.default_code, worse.default_code = "FIXED-1", "FIXED-2"
        desk = self._make_product("BK-1", "Bulk desk")
        lamp = self._make_product("BK-2", "Bulk lamp")
        self._make_product("BK-3", "Bulk chair")  # not selected
        before = self.env["queue.job"].search([])

        self._tour(ERRORS, "connector_kogan_bulk_tour", "kogan_bulk_sync")
        self.assertEqual(set(errors.mapped("state")), {"retried"})
        # the failed job is queued again; one new job per selected product
        jobs = self._new_jobs(before)
        self.assertEqual(jobs.mapped("method_name"), ["export_record"] * 2)
        self.assertEqual({job.args[0] for job in jobs}, {desk, lamp})
        run_queued_jobs(self.env)
        self.assertEqual(set(errors.mapped("state")), {"resolved"})
        for sku in ("FIXED-1", "FIXED-2", "BK-1", "BK-2"):
            self.assertTrue(self._listing(sku), sku)

    # -- history -----------------------------------------------------------------

    def test_history(self):
        """A listing renamed on Kogan shows in Connector → History; from its
        binding the seller opens the product and renames it again in Odoo,
        then reads the history of the binding; the rename goes to Kogan and
        into the history."""
        self.sim.seed_products(self.sim.make_products(2))
        self.backend.import_batch("product.product")
        product = self._record_of("product.product", "SKU-00001")
        listing = self._listing("SKU-00001")
        self.sim.seed_products([dict(listing, product_title="Renamed on Kogan")])
        self.backend.with_delay().import_batch("product.product")
        run_queued_jobs(self.env)
        imported = self._on_record("connector.sync.change", product)
        self.assertEqual(imported.direction, "import")
        self._sync_a_while_ago()

        self._tour(HOME, "connector_kogan_history_tour", "kogan_history")
        self.assertEqual(product.name, "Renamed in Odoo")
        run_queued_jobs(self.env)
        self.assertEqual(self._listing("SKU-00001")["product_title"], "Renamed in Odoo")
        history = self._on_record("connector.sync.change", product)
        self.assertEqual(history.mapped("direction"), ["export", "import"])

    # -- deletions ---------------------------------------------------------------

    def test_new_records_follow(self):
        """The seller has new products that can be sold follow to Kogan by
        themselves (the export rule of products): one created then is
        exported without a button, one that cannot be sold is not."""
        rule = self.backend._export_rule("product.product")
        rule.export_domain = "[('sale_ok', '=', True)]"
        self.assertFalse(rule.export_new_records)

        self._tour(BACKENDS, "connector_kogan_export_rules_tour", "kogan_export_rules")
        self.assertTrue(rule.export_new_records)
        before = self.env["queue.job"].search([])
        sold = self._make_product("NEW-1", "Followed desk")
        kept = self.env["product.product"].create(
            {
                "name": "Spare part",
                "default_code": "NEW-2",
                "kogan_listed": True,
                "sale_ok": False,
            }
        )
        exports = self._new_jobs(before, "export_record")
        self.assertEqual([job.args[0] for job in exports], [sold])
        run_queued_jobs(self.env)
        self.assertTrue(self._listing("NEW-1"), "on Kogan without a button")
        self.assertFalse(self._listing("NEW-2"))
        self.assertFalse(kept.exists() and self._record_of("product.product", "NEW-2"))

    def test_deletions(self):
        """The seller has archiving in Odoo disable the listing on Kogan,
        then imports the listings: one gone from Kogan archives its product;
        a product archived in Odoo is disabled on Kogan."""
        desk = self._make_product("DESK-1", "Deletion desk")
        lamp = self._make_product("LAMP-1", "Deletion lamp")
        self.backend.export_batch("product.product")
        run_queued_jobs(self.env)  # the chunk job
        self._sync_a_while_ago()
        self.sim.remove_listing("LAMP-1")
        before = self.env["queue.job"].search([])

        self._tour(BACKENDS, "connector_kogan_deletions_tour", "kogan_deletions")
        self.assertEqual(self.backend.remote_deletion_policy, "archive")
        self.assertEqual(self.backend.odoo_deletion_policy, "propagate")
        self.assertEqual(self._new_jobs(before).mapped("method_name"), ["import_batch"])
        run_queued_jobs(self.env)
        self.assertFalse(lamp.active, "gone from Kogan: archived")
        self.assertTrue(desk.active)
        gone = self._of_backend("connector.binding", ("external_id", "=", "LAMP-1"))
        self.assertTrue(gone.external_deleted_at)
        self.assertFalse(self._new_jobs(before, "delete_record"), "nothing sent back")

        # the policy chosen in the tour: archived in Odoo, disabled on Kogan
        desk.active = False
        self.assertEqual(len(self._new_jobs(before, "delete_record")), 1)
        run_queued_jobs(self.env)
        self.assertIs(self._listing("DESK-1")["enabled"], False)
